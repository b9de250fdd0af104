package msg

// The Korean of the language reference's tables (lang/verbs.go,
// lang/settings.go, lang/topics.go), keyed by their English: see Doc.
// Generated once from the tables, then written by hand.
var _ = addDocs(map[string]string{
	// section Hosts and settings
	`Hosts and settings`: `호스트와 설정`,
	// section Socket calls
	`Socket calls`: `소켓 호출`,
	// section Network and time
	`Network and time`: `네트워크와 시간`,
	// section Observation
	`Observation`: `관찰`,
	// section Expectations
	`Expectations`: `기대값 확인`,
	// section Control
	`Control`: `제어`,
	// verb host
	`declare a host and make it the host of the bare calls that follow`: `호스트를 선언하고, 뒤따르는 호스트 없는 호출을 이 호스트가 하게 한다`,
	// verb host
	`A host has one or more IPv4 addresses and always owns 127.0.0.1 too. KEY VALUE pairs set per-host settings (sndbuf, rcvbuf, mss, profile, initcwnd) as HOST.set would. Calls written without a host (listen *:99) are made by the host most recently declared.`: `호스트에는 IPv4 주소가 하나 이상 있고, 127.0.0.1도 항상 가진다. KEY VALUE 쌍은 HOST.set처럼 호스트별 설정(sndbuf, rcvbuf, mss, profile, initcwnd)을 바꾼다. 호스트 없이 쓴 호출(listen *:99)은 가장 최근에 선언한 호스트가 한다.`,
	// verb process
	`declare a second program on a host: its own thread, the host's addresses and socket structures`: `한 호스트에 두 번째 프로그램을 선언한다: 스레드는 따로, 주소와 소켓 구조체는 호스트의 것을 쓴다`,
	// verb process
	`Each host runs one thread of calls. A process is another program on the same machine, such as a client talking to a server over 127.0.0.1: its calls queue on its own thread, its sockets are its own, and netstat on the host shows both. Bare calls after it are made by the process.`: `호스트마다 호출을 실행하는 스레드가 하나 있다. 프로세스는 같은 머신의 또 다른 프로그램이다. 127.0.0.1로 서버와 통신하는 클라이언트가 그 예다. 프로세스의 호출은 자기 스레드에 줄을 서고, 소켓도 자기 것이며, 호스트의 netstat에는 둘 다 나온다. 프로세스 선언 뒤에 호스트 없이 쓴 호출은 이 프로세스가 한다.`,
	// verb thread
	`declare another thread of a program: its own queue of calls, the program's sockets`: `프로그램에 스레드를 하나 더 선언한다: 호출 대기열은 따로, 소켓은 프로그램의 것을 쓴다`,
	// verb thread
	`A thread's calls queue on their own, so a call blocked in one thread does not hold the program's other threads, but it shares the program's descriptors: every socket the program has named is usable as THREAD.NAME, sockets the thread creates or accepts are the program's, and a close in one thread closes for all. The program is a host or a process, never another thread. Bare calls after it are made by the thread; expect THREAD blocked and expect THREAD idle check it.`: `스레드의 호출은 따로 줄을 선다. 그래서 한 스레드에서 블로킹된 호출이 프로그램의 다른 스레드를 붙잡지 않는다. 하지만 디스크립터는 프로그램과 공유한다. 프로그램이 이름 붙인 소켓은 모두 THREAD.NAME으로 쓸 수 있고, 스레드가 만들거나 accept한 소켓은 프로그램의 것이며, 한 스레드에서 close하면 모두에게 닫힌다. 프로그램은 호스트나 프로세스이고, 다른 스레드일 수는 없다. 스레드 선언 뒤에 호스트 없이 쓴 호출은 이 스레드가 한다. expect THREAD blocked와 expect THREAD idle로 스레드를 확인한다.`,
	// verb set
	`change a setting for every host, or for one host as HOST.set`: `모든 호스트의 설정을 바꾼다. HOST.set으로 쓰면 한 호스트의 설정만 바꾼다`,
	// verb set
	`Buffer sizes and the MSS are taken by a socket when it is created. See the settings table.`: `버퍼 크기와 MSS는 소켓이 생성될 때 정해진다. 설정 표를 참고한다.`,
	// verb link
	`set the one-way delay between two hosts`: `두 호스트 사이의 단방향 지연을 정한다`,
	// verb link
	`Applies to both directions. Other pairs use the delay setting.`: `양방향 모두에 적용된다. 다른 호스트 쌍은 delay 설정을 쓴다.`,
	// verb socket
	`create a socket structure (CLOSED, no address yet)`: `소켓 구조체를 만든다 (CLOSED, 아직 주소 없음)`,
	// verb socket
	`Options: reuseaddr, reuseport, linger DURATION. Needed only to set options or bind before connect.`: `옵션: reuseaddr, reuseport, linger DURATION. 옵션을 설정하거나 connect 전에 bind할 때만 필요하다.`,
	// verb bind
	`bind a local address and port (a new socket, or HOST.SOCK.bind)`: `로컬 주소와 포트를 바인드한다 (새 소켓, 또는 HOST.SOCK.bind)`,
	// verb bind
	`Fails with EADDRINUSE when another structure holds the address, by Linux's rules (see docs/model.md).`: `다른 구조체가 그 주소를 가지고 있으면 리눅스의 규칙에 따라 EADDRINUSE로 실패한다 (docs/model.md 참고).`,
	// verb listen
	`socket + bind + listen in one call; or HOST.SOCK.listen on a bound socket`: `socket + bind + listen을 한 번에 한다. 바인드된 소켓에는 HOST.SOCK.listen으로 쓴다`,
	// verb listen
	`A bare port or *:PORT binds the wildcard address. backlog bounds the accept queue (default 128; the linux profile admits backlog+1 completed connections).`: `포트만 쓰거나 *:PORT로 쓰면 와일드카드 주소에 바인드한다. backlog는 accept 큐의 길이를 제한한다 (기본값 128; linux 프로파일은 연결이 완료된 소켓을 backlog+1개까지 받는다).`,
	// verb connect
	`open a connection; blocks until the handshake completes or fails`: `연결을 연다. 핸드셰이크가 끝나거나 실패할 때까지 블로킹된다`,
	// verb connect
	`Picks an ephemeral port (from 32768 up, in order) and the address of the outgoing interface unless the socket is bound or from is given. HOST:PORT means the host's first address.`: `소켓이 바인드되지 않았고 from도 없으면 임시 포트(32768부터 차례로)와 나가는 인터페이스의 주소를 고른다. HOST:PORT는 그 호스트의 첫 번째 주소를 뜻한다.`,
	// verb accept
	`take the first connection off the accept queue; blocks while it is empty`: `accept 큐에서 첫 번째 연결을 꺼낸다. 큐가 비어 있는 동안 블로킹된다`,
	// verb write
	`copy SIZE bytes into SendQ; blocks while SendQ is full`: `SIZE 바이트를 샌드 큐(Send-Q)로 복사한다. 샌드 큐가 가득 찬 동안 블로킹된다`,
	// verb write
	`Returns when every byte is in SendQ, not when it has arrived.`: `모든 바이트가 샌드 큐로 이동하면 반환된다. 상대방에 도착했을 때가 아니다.`,
	// verb read
	`take up to SIZE bytes from RecvQ; blocks while RecvQ is empty; 0 at end of stream`: `리시브 큐(Recv-Q)에서 최대 SIZE 바이트를 가져온다. 리시브 큐가 비어 있는 동안 블로킹되고, 스트림 끝에서는 0을 반환한다`,
	// verb read
	`A read returns what RecvQ holds, however the sender wrote it. With waitall (recv's MSG_WAITALL) it blocks until SIZE bytes have been read or the stream ends, as a program's read loop would.`: `read는 송신 측이 어떻게 write했든 리시브 큐에 있는 만큼을 반환한다. waitall(recv의 MSG_WAITALL)을 붙이면 프로그램의 read 루프처럼 SIZE 바이트를 다 읽거나 스트림이 끝날 때까지 블로킹된다.`,
	// verb close
	`close the socket; returns at once, SendQ is still sent, RecvQ is discarded`: `소켓을 닫는다. 곧바로 반환되고, 샌드 큐의 데이터는 계속 전송되며, 리시브 큐의 데이터는 소멸된다`,
	// verb close
	`With unread bytes in RecvQ, or with linger 0, the connection is reset (RST) instead of closed with FIN.`: `리시브 큐에 읽지 않은 바이트가 있거나 linger 0이면 FIN으로 닫는 대신 연결을 리셋(RST)한다.`,
	// verb shutdown
	`half-close: wr sends FIN but keeps receiving`: `절반만 닫는다: wr은 FIN을 보내지만 수신은 계속한다`,
	// verb sockopt
	`set socket options: reuseaddr, reuseport, noreuseaddr, noreuseport, linger DURATION`: `소켓 옵션을 설정한다: reuseaddr, reuseport, noreuseaddr, noreuseport, linger DURATION`,
	// verb wait
	`advance virtual time, running everything that happens meanwhile`: `가상 시간을 진행하고, 그동안 일어나는 일을 모두 실행한다`,
	// verb settle
	`run until nothing more can happen without a new call`: `새 호출 없이는 더 이상 아무 일도 일어날 수 없을 때까지 실행한다`,
	// verb settle
	`Stops when no packet is on its way and no timer could change anything: a zero-window probe into a window that nobody will open, or a retransmission into held traffic, does not count.`: `전송 중인 패킷이 없고 어떤 타이머도 상황을 바꿀 수 없으면 멈춘다. 아무도 열지 않을 윈도우로 가는 프로브 세그먼트나, 붙잡혀 있는 트래픽으로 가는 재전송은 치지 않는다.`,
	// verb hold
	`hold back every segment sent in one direction (they wait, they are not lost)`: `한 방향으로 보내는 세그먼트를 모두 붙잡아 둔다 (기다릴 뿐 손실되지 않는다)`,
	// verb deliver
	`let the first COUNT held segments (default 1) arrive now; keep holding the rest`: `붙잡아 둔 세그먼트 중 처음 COUNT개(기본값 1)를 지금 도착시키고, 나머지는 계속 붙잡아 둔다`,
	// verb release
	`stop holding: every held segment arrives now, in order`: `붙잡기를 멈춘다: 붙잡아 둔 세그먼트가 모두 지금 순서대로 도착한다`,
	// verb drop
	`lose the next COUNT segments (default 1) of that kind in one direction`: `한 방향에서 그 종류의 다음 세그먼트 COUNT개(기본값 1)를 손실시킨다`,
	// verb show
	`print a view: queues, netstat, ss, sockets, demux, windows, ladder, packets, time`: `뷰를 출력한다: queues, netstat, ss, sockets, demux, windows, ladder, packets, time`,
	// verb show
	"show queues [HOST[.SOCK]]; show netstat [HOST]; show ss [HOST]; show sockets [HOST]; show demux HOST SRC > DST | HOST all; show windows [HOST[.SOCK]]; show ladder [from DURATION] [to DURATION]; show packets; show time. `tcps help VIEW` says what a view prints; the views are listed under Views of show below.": "show queues [HOST[.SOCK]]; show netstat [HOST]; show ss [HOST]; show sockets [HOST]; show demux HOST SRC > DST | HOST all; show windows [HOST[.SOCK]]; show ladder; show packets; show time. 뷰가 무엇을 출력하는지는 `tcps help VIEW`가 알려 준다. 뷰의 목록은 아래 show의 뷰 절에 있다.",
	// verb note
	`print a line of text in the trace`: `트레이스에 텍스트 한 줄을 출력한다`,
	// verb note
	`Notes are the titles of shows: like show, they print at every trace level, set trace none included.`: `note는 show의 제목이다. show처럼 모든 트레이스 수준에서 출력된다. set trace none이어도 출력된다.`,
	// verb expect
	`check a fact now; a failure is reported with both values and exits 1`: `지금 사실 하나를 확인한다. 실패하면 두 값을 모두 보고하고 종료 코드 1로 끝난다`,
	// verb expect
	"Properties of a socket: state, recvq, sendq, delivered, cwnd, rwnd, window, acceptq N. Of a host, process or thread: blocked, idle, sockets N. expect deadlock runs the model until nothing more can happen and requires a blocked call that can never complete. Calls take an inline expectation: read 2000 expect 1500, connect ... expect ECONNREFUSED, write 1500 expect blocked. `tcps help PROPERTY` says what a property is; they are listed under Properties of expect below.": "소켓의 속성: state, recvq, sendq, delivered, cwnd, rwnd, window, acceptq N. 호스트, 프로세스, 스레드의 속성: blocked, idle, sockets N. expect deadlock은 더 이상 아무 일도 일어날 수 없을 때까지 모델을 실행하고, 영원히 끝나지 않는 블로킹된 호출이 있어야 통과한다. 호출 뒤에 기대값을 바로 붙일 수도 있다: read 2000 expect 1500, connect ... expect ECONNREFUSED, write 1500 expect blocked. 속성의 뜻은 `tcps help PROPERTY`가 알려 준다. 속성의 목록은 아래 expect의 속성 절에 있다.",
	// verb repeat
	`repeat a block COUNT times with NAME = 0, 1, ...; $NAME and $(NAME*2+1) in any word`: `블록을 COUNT번 반복한다. NAME = 0, 1, ...이고, 어느 단어에서나 $NAME과 $(NAME*2+1)을 쓸 수 있다`,
	// setting sndbuf
	`SendQ capacity of sockets created from now on: write blocks while SendQ holds this many bytes.`: `이후에 만드는 소켓의 샌드 큐(Send-Q) 용량이다. 샌드 큐에 이만큼의 바이트가 있는 동안 write가 블로킹된다.`,
	// setting rcvbuf
	`RecvQ capacity of sockets created from now on; the advertised window is its free space (at most 65535: no window scaling).`: `이후에 만드는 소켓의 리시브 큐(Recv-Q) 용량이다. 광고하는 윈도우 사이즈는 리시브 큐의 빈 공간이다 (윈도우 스케일링이 없으므로 최대 65535).`,
	// setting mss
	`Maximum segment size announced in the SYN; a connection uses the smaller of the two ends'.`: `SYN에 실어 알리는 최대 세그먼트 크기다. 연결은 양 종단의 값 중 작은 쪽을 쓴다.`,
	// setting profile
	`Behaviour where Linux (6.18) and the RFCs differ: zero-window probes, RTO minimum, TIME_WAIT length, backlog, SYN timing.`: `리눅스(6.18)와 RFC가 다르게 동작하는 부분이다: 프로브 세그먼트, RTO 최솟값, TIME_WAIT 길이, backlog, SYN 타이밍.`,
	// setting initcwnd
	`Initial congestion window, in segments (RFC 6928).`: `초기 혼잡 윈도우다. 단위는 세그먼트다 (RFC 6928).`,
	// setting delay
	`One-way delay of every link without its own link statement, loopback included.`: `link 문장이 따로 없는 모든 링크의 단방향 지연이다. 루프백도 포함한다.`,
	// setting msl
	`Maximum segment lifetime of the rfc profile: TIME_WAIT lasts 2*msl (linux: always 60s).`: `rfc 프로파일의 최대 세그먼트 수명이다. TIME_WAIT는 2*msl 동안 유지된다 (linux: 항상 60s).`,
	// setting trace
	`What the trace prints: calls only; calls, packets and state changes; all of that plus timers; or nothing but show and errors.`: `트레이스에 출력할 내용이다: 호출만, 호출과 패킷과 상태 변화, 여기에 타이머까지 모두, 또는 show와 오류만.`,
	// setting maxtime
	`Virtual time after which a run stops with an error.`: `이 가상 시간이 지나면 실행이 오류로 멈춘다.`,
	// setting maxevents
	`Events after which a run stops with an error.`: `이벤트가 이만큼 일어나면 실행이 오류로 멈춘다.`,
	// setting maxsockets
	`Socket structures (about 0.5 KB each, kept for the views) after which a run stops with an error.`: `소켓 구조체(뷰를 위해 보관하며, 하나에 약 0.5 KB)가 이만큼 생기면 실행이 오류로 멈춘다.`,
	// setting maxmemory
	`Model memory (socket structures, write records, held and queued segments, packets kept for show ladder) after which a run stops with an error.`: `모델의 메모리(소켓 구조체, write 기록, 붙잡아 두거나 대기 중인 세그먼트, show ladder용으로 보관한 패킷)가 이만큼 쓰이면 실행이 오류로 멈춘다.`,
	// setting lang
	`Language of every explanation tcps prints, and of the browser page's interface (tcps serve): en or ko (Korean, in the lecture's words). It wins over tcps --lang; packet lines, netstat and ss stay as the real tools print them.`: `tcps가 출력하는 모든 설명과 브라우저 페이지(tcps serve) 화면의 언어다: en 또는 ko(한국어, 강의의 용어). tcps --lang보다 우선한다. 패킷 줄, netstat, ss는 실제 도구가 출력하는 그대로 둔다.`,
	// view queues
	`Every connection (of HOST, or of one socket) as the book draws it: for each direction that carried data, the sender's SendQ, the receiver's RecvQ and Delivered bytes, with the byte ranges of each write in them.`: `모든 연결(HOST의 연결, 또는 소켓 하나의 연결)을 교재의 그림처럼 보여 준다. 데이터가 오간 방향마다 송신 측의 샌드 큐, 수신 측의 리시브 큐와 전송 완료(Delivered) 바이트를 보여 주고, 그 안에 각 write의 바이트 범위를 표시한다.`,
	// view netstat
	"The socket table as `netstat -an` prints it on each host (or on HOST): Proto, Recv-Q, Send-Q, local and foreign address, state.": "각 호스트(또는 HOST)에서 `netstat -an`이 출력하는 그대로의 소켓 표다: Proto, Recv-Q, Send-Q, 로컬 주소와 상대 주소, 상태.",
	// view ss
	"The socket table as `ss -tan` prints it: State, Recv-Q, Send-Q, local and peer address; a listener's Recv-Q is its accept queue.": "`ss -tan`이 출력하는 그대로의 소켓 표다: State, Recv-Q, Send-Q, 로컬 주소와 상대 주소. 리스닝 소켓의 Recv-Q는 accept 큐다.",
	// view sockets
	`The book's table of socket structures: number, state, local and remote port and IP, SendQ, RecvQ, and where the structure came from (socket() or derived from a listener).`: `교재의 소켓 구조체 표다: 번호, 상태, 로컬과 원격의 포트와 IP, 샌드 큐, 리시브 큐, 그리고 구조체가 어디서 왔는지(socket() 호출, 또는 리스닝 소켓에서 파생).`,
	// view demux
	`Which structure of HOST a packet from SRC to DST would reach, and why: every candidate with its wildcard match, the best one first. With all, every packet that arrives at HOST from now on is explained.`: `SRC에서 DST로 가는 패킷이 HOST의 어느 구조체에 도달하는지와 그 이유를 보여 준다(역다중화). 후보마다 와일드카드 일치를 보여 주고, 가장 잘 맞는 후보를 먼저 쓴다. all을 쓰면 지금부터 HOST에 도착하는 모든 패킷을 설명한다.`,
	// view windows
	`Flow and congestion control of each sending end: rwnd, cwnd, ssthresh, bytes in flight, what it may still send, which window limits it, and the window it advertises itself.`: `송신하는 종단마다 흐름 제어와 혼잡 제어를 보여 준다: rwnd, cwnd, ssthresh, 전송 중인 바이트, 아직 보낼 수 있는 양, 어느 윈도우가 송신을 제한하는지, 그리고 자신이 광고하는 윈도우 사이즈.`,
	// view ladder
	`A sequence diagram of every packet so far, one column per host; as a figure (tcps render svg), of the packets since the previous show ladder. With from and to, of the packets sent in that range of virtual time, both ends included.`: `지금까지의 모든 패킷을 시퀀스 다이어그램으로 그린다. 호스트마다 열이 하나다. 그림(tcps render svg)에는 이전 show ladder 이후의 패킷을 그린다. from과 to를 쓰면 그 가상 시간 범위(양 끝 포함)에 보낸 패킷을 그린다.`,
	// view packets
	`Every packet so far, one line each, as tcpdump prints them.`: `지금까지의 모든 패킷을 tcpdump가 출력하는 형식으로 한 줄씩 보여 준다.`,
	// view time
	`The virtual time now.`: `지금의 가상 시간이다.`,
	// prop state
	"The connection state, in netstat's, ss's or RFC 9293's spelling (LISTEN, ESTABLISHED or ESTAB, SYN-RECEIVED, TIME_WAIT, ...). `tcps help states` lists them.": "연결 상태다. netstat, ss, RFC 9293의 표기를 모두 쓸 수 있다 (LISTEN, ESTABLISHED 또는 ESTAB, SYN-RECEIVED, TIME_WAIT, ...). 목록은 `tcps help states`에 있다.",
	// prop recvq
	`Bytes in RecvQ: arrived, acknowledged, not yet read by the program.`: `리시브 큐(Recv-Q)의 바이트: 도착해서 ACK했지만 프로그램이 아직 읽지 않은 데이터다.`,
	// prop sendq
	`Bytes in SendQ: written by the program, not yet acknowledged by the peer.`: `샌드 큐(Send-Q)의 바이트: 프로그램이 write했지만 상대방이 아직 ACK하지 않은 데이터다.`,
	// prop delivered
	`Bytes the program has read from this socket so far.`: `프로그램이 지금까지 이 소켓에서 읽은 바이트다.`,
	// prop cwnd
	`The sender's congestion window, in bytes.`: `송신 측의 혼잡 윈도우(바이트)다.`,
	// prop rwnd
	`The peer's receive window as this end last saw it.`: `이 종단이 마지막으로 본 상대방의 수신 윈도우다.`,
	// prop window
	`The receive window this end advertises now: RecvQ's free space, at most 65535.`: `이 종단이 지금 광고하는 수신 윈도우다: 리시브 큐의 빈 공간이며, 최대 65535다.`,
	// prop acceptq
	`Completed connections waiting in a listener's accept queue.`: `리스닝 소켓의 accept 큐에서 기다리는, 연결이 완료된 소켓의 수다.`,
	// prop blocked
	`The host's (process's, thread's) call is blocked now. A call still blocked at the end is then accepted instead of reported as a deadlock.`: `호스트(프로세스, 스레드)의 호출이 지금 블로킹되어 있다. 이렇게 확인하면 끝까지 블로킹된 호출을 데드락으로 보고하지 않고 받아들인다.`,
	// prop idle
	`The host's (process's, thread's) calls have all returned.`: `호스트(프로세스, 스레드)의 호출이 모두 반환되었다.`,
	// prop sockets
	`The number of socket structures on the host that are not CLOSED.`: `호스트에서 CLOSED가 아닌 소켓 구조체의 수다.`,
	// prop deadlock
	`Written alone: run the model until nothing more can happen and require a blocked call that can never complete; the deadlock is explained and accepted.`: `단독으로 쓴다: 더 이상 아무 일도 일어날 수 없을 때까지 모델을 실행하고, 영원히 끝나지 않는 블로킹된 호출이 있어야 통과한다. 데드락을 설명하고 받아들인다.`,
	// space
	`a line separator`: `줄 구분자`,
	// space
	`a full-width space`: `전각 공백`,
	// space
	`an em space`: `em 공백`,
	// space
	`a thin space`: `얇은 공백`,
	// space
	`a hair space`: `머리카락 공백`,
	// space
	`a narrow no-break space`: `좁은 줄바꿈 없는 공백`,
	// space
	`a medium mathematical space`: `수학용 중간 공백`,
	// space
	`a next-line character`: `다음 줄 문자`,
	// space
	`a paragraph separator`: `문단 구분자`,
	// space
	`a no-break space`: `줄바꿈 없는 공백`,
	// space
	`an en space`: `en 공백`,
	// space
	`an ogham space mark`: `오검 공백 문자`,
	// invis
	`a zero-width space`: `폭 없는 공백`,
	// invis
	`a word joiner`: `단어 결합자`,
	// invis
	`a zero-width no-break space (a byte order mark)`: `폭 없는 줄바꿈 없는 공백 (바이트 순서 표시)`,
	// intro
	"A scenario is a list of statements, one per line or separated by `;`.\n`#` starts a comment that runs to the end of the line. A statement is words separated by blanks;\na list is words joined by commas (`10.1.2.3,192.168.3.2`); a string is in double quotes with Go's\nescapes (`\\\"`, `\\n`). A `{ }` block belongs to the statement before it (only repeat takes one).\n\n**Words.** Sizes are bytes: `1500`, `8K` (8192), `64KiB`, `1MiB`, `2GB` (K, M, G are 1024-based;\nKB, MB, GB are 1000-based). Durations: `200ms`, `2s`, `1.5s`, `500us`, `1m`. Addresses are IPv4:\n`10.1.2.3:99`; `*:99` or a bare `99` is the wildcard address; `B:99` means host B's first address.\n\n**Hosts and sockets.** Socket calls are made by a host's thread: `A.write 1500`. A call written\nwithout a host (`listen *:99`) is made by the host declared last. A socket is named with\n`as NAME` when a call creates it and used as `A.NAME.write 1500`; the name may be left out when\nexactly one socket of the host fits the call (a connected one for write and read, a listener for\naccept); when several fit, the checker lists them. When a host needs a connected socket and has\nonly one listener, the call first accepts implicitly (the trace says so): the design card's\n`listen *:99; A.write 1500` runs. `A.2` names socket structure 2 of host A, numbered per host in\ncreation order as the book's figures do; structures derived from a listener get numbers too.\n\n**Threads and time.** Each host runs its calls in order on one thread, as its program would. A\ncall that blocks holds that host's thread and the host's later calls queue behind it; `thread NAME of A`\ngives A's program another thread, with its own queue of calls and A's sockets (`NAME.s.read 10`). The script\nitself never waits, so the hosts' programs run concurrently. Statements take no virtual time and\nsee the model after everything due at the current instant; `wait` advances virtual time and\n`settle` runs until nothing more can happen. At the end the model settles; a call still blocked\nthen is a deadlock, reported with what each call waits for (exit 1), unless `expect deadlock`\nor `expect HOST blocked` accepted it.\n\n**Repetition.** `repeat N as i { ... }` unrolls its block N times with i = 0..N-1; `$i` and\n`$(i*2+1)` (+ - * / % and parentheses) may appear inside any word: names, addresses, ports, sizes.\nArithmetic is on 64-bit integers; a result out of their range is an error, never a wrapped value.\n\n**Names and text.** A name (host, process, thread, socket, repeat variable) is letters of any\nscript, digits and `_`, starting with a letter or `_`, at most NAMELEN characters: `host 서버 ip 10.0.0.1`.\nA file is UTF-8 (a leading byte order mark is skipped); a NUL byte, a byte that is not UTF-8, or a\nUnicode space or full-width punctuation outside a string (the full-width space or colon of a Korean\ninput method, a no-break space) is an error at its line and column that names the character.\n\n**Errors and limits.** `tcps check` reports every error, sorted, up to MAXERRORS; then it stops with\n`too many errors`. A scenario may unroll to at most MAXSTMTS statements and MAXBYTES of statement\ntext, declare at most MAXHOSTS hosts, processes and threads, and nest blocks MAXDEPTH deep; a file may hold MAXTOKENS words, strings and symbols as written; reaching a\nlimit ends the check with an error at the statement that reached it.\n": "시나리오는 문장의 목록이다. 한 줄에 한 문장을 쓰거나 `;`로 구분한다.\n`#`은 줄 끝까지 이어지는 주석을 시작한다. 문장은 공백으로 구분한 단어들이다.\n목록은 쉼표로 이은 단어들이고(`10.1.2.3,192.168.3.2`), 문자열은 큰따옴표 안에 쓰며 Go의\n이스케이프(`\\\"`, `\\n`)를 쓸 수 있다. `{ }` 블록은 바로 앞의 문장에 속한다 (블록을 받는 문장은 repeat뿐이다).\n\n**단어.** 크기의 단위는 바이트다: `1500`, `8K` (8192), `64KiB`, `1MiB`, `2GB` (K, M, G는 1024 기준,\nKB, MB, GB는 1000 기준). 시간: `200ms`, `2s`, `1.5s`, `500us`, `1m`. 주소는 IPv4다:\n`10.1.2.3:99`. `*:99`나 포트만 쓴 `99`는 와일드카드 주소다. `B:99`는 호스트 B의 첫 번째 주소를 뜻한다.\n\n**호스트와 소켓.** 소켓 호출은 호스트의 스레드가 한다: `A.write 1500`. 호스트 없이 쓴\n호출(`listen *:99`)은 마지막에 선언한 호스트가 한다. 소켓은 호출이 소켓을 만들 때\n`as NAME`으로 이름을 붙이고 `A.NAME.write 1500`처럼 쓴다. 호스트에서 호출에 맞는 소켓이\n정확히 하나뿐이면 이름을 생략할 수 있다 (write와 read에는 연결된 소켓, accept에는 리스닝 소켓).\n맞는 소켓이 여럿이면 검사기가 그 목록을 보여 준다. 호스트에 연결된 소켓이 필요한데 리스닝 소켓이\n하나뿐이면, 호출은 먼저 암묵적으로 accept한다 (트레이스에 그렇게 나온다). 그래서 설계 카드의\n`listen *:99; A.write 1500`이 그대로 실행된다. `A.2`는 호스트 A의 소켓 구조체 2번이다. 번호는\n교재의 그림처럼 호스트마다 생성 순서대로 붙는다. 리스닝 소켓에서 파생된 소켓 구조체도 번호를 받는다.\n\n**스레드와 시간.** 호스트는 프로그램처럼 호출을 하나의 스레드에서 차례로 실행한다. 블로킹된\n호출은 그 호스트의 스레드를 붙잡고, 호스트의 다음 호출은 그 뒤에 줄을 선다. `thread NAME of A`는\nA의 프로그램에 스레드를 하나 더 준다. 이 스레드는 호출 대기열이 따로 있고 A의 소켓을 쓴다 (`NAME.s.read 10`).\n스크립트 자체는 기다리지 않으므로 호스트들의 프로그램은 동시에 실행된다. 문장은 가상 시간을 쓰지 않고,\n지금 시각에 일어날 일이 모두 끝난 뒤의 모델을 본다. `wait`는 가상 시간을 진행하고,\n`settle`은 더 이상 아무 일도 일어날 수 없을 때까지 실행한다. 마지막에 모델은 안정 상태까지 실행된다.\n그때도 블로킹된 호출이 있으면 데드락이다. 각 호출이 무엇을 기다리는지와 함께 보고하고 종료 코드 1로 끝난다.\n단, `expect deadlock`이나 `expect HOST blocked`로 받아들였다면 예외다.\n\n**반복.** `repeat N as i { ... }`는 블록을 i = 0..N-1로 N번 펼친다. `$i`와\n`$(i*2+1)` (+ - * / %와 괄호)은 어느 단어 안에서나 쓸 수 있다: 이름, 주소, 포트, 크기.\n산술은 64비트 정수로 한다. 범위를 벗어난 결과는 오류다. 값이 넘쳐서 돌아가는 일은 없다.\n\n**이름과 텍스트.** 이름(호스트, 프로세스, 스레드, 소켓, repeat 변수)은 어느 문자 체계의 글자든,\n숫자와 `_`로 이루어지고, 글자나 `_`로 시작하며, 최대 NAMELEN자다: `host 서버 ip 10.0.0.1`.\n파일은 UTF-8이다 (맨 앞의 바이트 순서 표시는 건너뛴다). NUL 바이트, UTF-8이 아닌 바이트,\n문자열 밖의 유니코드 공백이나 전각 문장 부호(한글 입력기의 전각 공백이나 콜론, 줄바꿈 없는 공백)는\n그 줄과 열에서 오류가 되고, 오류 메시지가 그 문자를 알려 준다.\n\n**오류와 한도.** `tcps check`는 모든 오류를 정렬해서 MAXERRORS개까지 보고한다. 그다음에는\n`too many errors`(한국어 출력에서는 `오류가 너무 많다`)로 멈춘다. 시나리오는 펼쳤을 때 최대 MAXSTMTS개의 문장과\nMAXBYTES의 문장 텍스트까지 쓸 수 있고, 호스트와 프로세스와 스레드를 합쳐 최대 MAXHOSTS개 선언할 수 있으며,\n블록은 MAXDEPTH단계까지 중첩할 수 있다. 파일에는 쓴 그대로의 단어, 문자열, 기호가 MAXTOKENS개까지 올 수 있다.\n한도에 이르면 그 한도에 이른 문장에서 오류로 검사를 끝낸다.\n",
	// setting
	"Linux tcp_syn_linear_timeouts: the first N SYN retransmissions wait one initial RTO (1 s) each, the later ones double; connect gives up after tcp_syn_retries (6) more.": "리눅스 tcp_syn_linear_timeouts: 처음 N번의 SYN 재전송은 각각 초기 RTO(1 s)만큼 기다리고, 그 뒤로는 간격이 두 배씩 늘어난다. connect는 tcp_syn_retries(6)번을 더 보낸 뒤 포기한다.",
	// setting
	"Linux tcp_syncookies: 1 answers a SYN beyond the backlog's pending handshakes with a SYN cookie (no structure kept, nothing retransmitted); 0 drops it; 2 always sends cookies.": "리눅스 tcp_syncookies: 1이면 backlog의 진행 중인 핸드셰이크를 넘는 SYN에 SYN 쿠키로 응답한다 (구조체를 남기지 않고 재전송도 없다). 0이면 그 SYN을 버린다. 2이면 항상 쿠키를 보낸다.",
	// setting
	"Linux tcp_invalid_ratelimit: at most one answer per this interval to out-of-window segments such as zero-window probes.": "리눅스 tcp_invalid_ratelimit: 프로브 세그먼트처럼 윈도우 밖의 세그먼트에는 이 간격마다 최대 한 번만 응답한다.",
	// setting
	"Linux net.core.somaxconn: the cap on listen's backlog.": "리눅스 net.core.somaxconn: listen의 backlog 상한이다.",
	// setting
	"Linux tcp_fin_timeout: how long an orphaned FIN_WAIT2 structure waits for the peer's FIN.": "리눅스 tcp_fin_timeout: 고아가 된 FIN_WAIT2 구조체가 상대의 FIN을 기다리는 시간이다.",
	// setting
	"Hosts, processes and threads the scenario may declare after this line (the checker's limit; tcps --max-hosts sets where it starts).": "이 줄 뒤로 시나리오가 선언할 수 있는 호스트, 프로세스, 스레드의 수다 (검사기의 한도다; 처음 값은 tcps --max-hosts가 정한다).",
	// setting
	"Statements (and repeat iterations) after repeat is unrolled, counted from the start of the file, that the checker accepts from this line on (tcps --max-stmts sets where it starts).": "이 줄부터 검사기가 받아들이는, repeat를 펼친 뒤의 문장(과 repeat 반복)의 수다. 파일의 처음부터 센다 (처음 값은 tcps --max-stmts가 정한다).",
})
