package msg

// The run's messages (package runtime): why a call blocks and what it
// waits for, the deadlock report, errno reasons, the demux explanation,
// the queue picture, settle's waiting lines and the kernel's decisions.
// Packet lines (tcpdump's form), netstat and ss, state names, errno
// names and flags are not here: they stay as the real tools print them.

// Sizes.
var (
	ByteOne   = def("1 byte", "1바이트")
	BytesMany = def("%[1]d bytes", "%[1]d바이트")
)

// Why a call blocks and what it waits for.
var (
	WaitNothing     = def("waiting", "기다린다")
	NotEstablished  = def("the connection is not established yet", "연결이 아직 수립되지 않았다")
	WriteLeft       = def("%[1]s left to copy: %[2]s's SendQ is full (%[3]d/%[4]d)", "복사할 데이터 %[1]s 남음: %[2]s의 샌드 큐가 가득 찼다 (%[3]d/%[4]d)")
	WriteZeroWindow = def(" and %[1]s advertises window 0: waits for %[1]s to read", ". %[1]s 측의 윈도우 사이즈가 0이다: %[1]s 측의 read를 기다린다")
	WriteWaitsACK   = def(": waits for ACKs", ": ACK를 기다린다")
	ReadWaitAll     = def("%[1]d of %[2]d bytes read (waitall): waits for %[3]s to write or close", "%[2]d바이트 중 %[1]d바이트를 읽었다 (waitall): %[3]s 측의 write나 close를 기다린다")
	ReadEmpty       = def("%[1]s's RecvQ is empty: waits for %[2]s to write or close", "%[1]s의 리시브 큐가 비어 있다: %[2]s 측의 write나 close를 기다린다")
	RecvQEmpty      = def("RecvQ is empty", "리시브 큐가 비어 있다")
	AcceptEmpty     = def("the accept queue of %[1]s is empty: waits for a client to connect", "%[1]s의 accept 큐가 비어 있다: 클라이언트의 connect를 기다린다")
	ConnectWait     = def("SYN sent to %[1]s: waits for the handshake", "%[1]s에 SYN을 보냈다: 핸드셰이크를 기다린다")
)

// The deadlock report, settle's waiting lines and the timers.
var (
	DeadlockHead   = def("DEADLOCK at t=%[1]s: no blocked call can complete and nothing more can happen", "데드락(DEADLOCK) t=%[1]s: 블로킹된 호출이 하나도 끝날 수 없고, 더 이상 아무 일도 일어날 수 없다")
	BlockedSince   = def("%[1]s blocked since t=%[2]s: %[3]s", "%[1]s: t=%[2]s부터 블로킹되어 있다: %[3]s")
	NeverRuns      = def("then %[1]s (line %[2]d) never runs", "이어지는 %[1]s (%[2]d번 줄)도 실행되지 못한다")
	Cycle          = def("cycle: %[1]s", "순환 대기: %[1]s")
	WaitsFor       = def("%[1]s waits for %[2]s", "%[1]s 측이 %[2]s 측을 기다린다")
	SettleWaiting  = def("%[1]s: waiting %[2]s for %[3]s", "%[1]s: %[3]s까지 %[2]s 기다린다")
	TimerOf        = def("%[1]s's %[2]s timer", "%[1]s의 %[2]s 타이머")
	TimerNextProbe = def(" (next zero-window probe)", " (다음 프로브 세그먼트)")
	TimerRetrans   = def("retransmission", "재전송")
	TimerPersist   = def("persist", "영속(persist)")
	EndOfRun       = def("end of run", "실행 종료")
)

// Why a call failed: the errno reasons (runtime/errno.go).
var (
	ReasonBadFDClosed   = def("%[1]s was closed at line %[2]d", "%[1]s: %[2]d번 줄에서 닫혔다")
	ReasonBadFDUnmade   = def("%[1]s names no socket: the call at line %[2]d that makes it has not returned, or failed", "%[1]s: 가리키는 소켓이 없다. 소켓을 만드는 %[2]d번 줄의 호출이 반환되지 않았거나 실패했다")
	ReasonBadFDNotHeld  = def("%[1]s's program holds no descriptor for structure %[2]s", "%[1]s의 프로그램에는 구조체 %[2]s의 디스크립터가 없다")
	ReasonNotConnListen = def("%[1]s is a listening socket: it has no connection to read from; read from the socket accept returned", "%[1]s: 리스닝 소켓이다. 읽을 연결이 없다; accept가 반환한 소켓에서 read한다")
	ReasonNotConnRead   = def("%[1]s is not connected: there is nothing to read from", "%[1]s: 연결되지 않았다. 읽을 곳이 없다")
	ReasonNotConnShut   = def("%[1]s is not connected: there is no connection to shut down", "%[1]s: 연결되지 않았다. shutdown할 연결이 없다")
	ReasonPipeShutWR    = def("%[1]s sent FIN with shutdown wr: no more writes", "%[1]s: shutdown wr로 FIN을 보냈다. 더는 write할 수 없다")
	ReasonPipeReset     = def("the connection of %[1]s was reset: no more writes", "%[1]s의 연결이 리셋되었다: 더는 write할 수 없다")
	ReasonPipeListen    = def("%[1]s is a listening socket: it has no connection to write to; write to the socket accept returned", "%[1]s: 리스닝 소켓이다. write할 연결이 없다; accept가 반환한 소켓에 write한다")
	ReasonPipeUnconn    = def("%[1]s is not connected: there is nowhere to write to", "%[1]s: 연결되지 않았다. write할 곳이 없다")
	ReasonPipeClosed    = def("the connection of %[1]s is over (%[2]s): no more writes", "%[1]s의 연결이 끝났다 (%[2]s): 더는 write할 수 없다")
	ReasonConnRefused   = def("%[1]s: no socket structure matches: the host answered RST", "%[1]s: 맞는 소켓 구조체가 없다. 호스트가 RST로 응답했다")
	ReasonConnReset     = def("%[1]s sent RST: the connection is gone, with what was in its queues", "%[1]s 측이 RST를 보냈다: 연결은 큐에 있던 데이터와 함께 사라졌다")
	ReasonTimedOutSyn   = def("%[1]s never answered: %[2]d SYNs went unanswered", "%[1]s 측이 응답하지 않았다: SYN %[2]d개에 응답이 없었다")
	ReasonTimedOutData  = def("%[1]s stopped answering: %[2]d retransmissions went unacknowledged", "%[1]s 측이 응답을 멈췄다: 재전송 %[2]d번에 ACK가 오지 않았다")
	ReasonAlready       = def("%[1]s is still connecting (SYN_SENT): the handshake has not finished", "%[1]s: 아직 연결 중이다 (SYN_SENT). 핸드셰이크가 끝나지 않았다")
	ReasonIsConnListen  = def("%[1]s is a listening socket: it accepts connections, it does not make them", "%[1]s: 리스닝 소켓이다. 연결을 받을 뿐 만들지 않는다")
	ReasonIsConn        = def("%[1]s is already connected (%[2]s): a socket connects once", "%[1]s: 이미 연결되어 있다 (%[2]s). 소켓은 한 번만 connect한다")
	ReasonInvalAccept   = def("%[1]s is not listening (%[2]s): accept takes connections from a listening socket", "%[1]s: 리스닝 소켓이 아니다 (%[2]s). accept는 리스닝 소켓에서 연결을 꺼낸다")
	ReasonInvalBound    = def("%[1]s is already bound to %[2]s", "%[1]s: 이미 %[2]s에 바인드되어 있다")
	ReasonInvalListen   = def("%[1]s is connected (%[2]s): only a socket without a connection can listen", "%[1]s: 연결된 소켓이다 (%[2]s). 연결이 없는 소켓만 listen할 수 있다")
	ReasonAddrNotOwned  = def("%[1]s is not an address of %[2]s", "%[1]s: %[2]s의 주소가 아니다")
	ReasonAddrTuple     = def("the connection %[1]s already exists (%[2]s)", "연결 %[1]s: 이미 있다 (%[2]s)")
	ReasonAddrInUse     = def("%[1]s %[2]s holds %[3]s", "%[3]s 주소를 %[1]s(%[2]s) 구조체가 쓰고 있다")
	ReasonNoEphemeral   = def("every ephemeral port of %[1]s is taken", "%[1]s의 임시 포트가 모두 쓰이고 있다")
)

// The demux explanation (역다중화) and the tables of show.
var (
	DemuxEvery      = def("demux: explaining every packet that arrives at %[1]s from now on", "demux: 지금부터 %[1]s에 도착하는 모든 패킷의 역다중화를 설명한다")
	DemuxHead       = def("demux at %[1]s: packet %[2]s > %[3]s [%[4]s]", "%[1]s의 역다중화(demux): 패킷 %[2]s > %[3]s [%[4]s]")
	DemuxLegend     = def("(= equal, (any) wildcard, x differs)", "(= 일치, (any) 와일드카드, x 불일치)")
	DemuxNoMatch    = def("no structure matches: the host answers with RST", "맞는 구조체가 없다: 호스트는 RST로 응답한다")
	DemuxOnly       = def("the only structure that matches", "맞는 구조체가 이것 하나뿐이다")
	DemuxFewest     = def("of the %[1]d that match, the one with the fewest wildcards (%[2]d)", "맞는 구조체 %[1]d개 중 와일드카드가 가장 적다 (%[2]d개)")
	DemuxWinner     = def("winner: %[1]s (%[2]s %[3]s), %[4]s", "선택: %[1]s (%[2]s %[3]s). %[4]s")
	DemuxDerives    = def("; a SYN derives a new structure from it", "; SYN이 오면 여기서 새 파생 소켓이 만들어진다")
	ColState        = def("State", "상태")
	ColLocalPort    = def("Local port", "로컬 포트")
	ColLocalIP      = def("Local IP", "로컬 IP")
	ColRemotePort   = def("Remote port", "원격 포트")
	ColRemoteIP     = def("Remote IP", "원격 IP")
	ColWildcards    = def("Wildcards", "와일드카드")
	ColResult       = def("Result", "결과")
	ColSendQ        = def("SendQ", "샌드 큐")
	ColRecvQ        = def("RecvQ", "리시브 큐")
	ColOrigin       = def("Origin", "출처")
	ResNoMatch      = def("no match", "불일치")
	ResMatch        = def("match", "일치")
	ResWinner       = def("WINNER", "선택")
	OriginDerived   = def("derived from %[1]d", "%[1]d에서 파생")
	OriginNotYet    = def(", not yet accepted", ", 아직 accept 전")
	SocketsOf       = def("socket structures of %[1]s (%[2]s)", "%[1]s의 소켓 구조체 (%[2]s)")
	None            = def("(none)", "(없음)")
	NoConnections   = def("(no connections)", "(연결 없음)")
	NeverCreated    = def("socket %[1]s on %[2]s was never created (its call has not run)", "%[2]s의 소켓 %[1]s: 아직 만들어지지 않았다 (그 호출이 실행되지 않았다)")
	NoStructure     = def("%[1]s has no structure %[2]d (it has %[3]d)", "%[1]s에는 구조체 %[2]d번이 없다 (%[3]d개 있다)")
	ConnectionHead  = def("connection %[1]s %[2]s <-> %[3]s %[4]s", "연결 %[1]s %[2]s <-> %[3]s %[4]s")
	QueueSendQ      = def("    %-5[1]s SendQ     %7[2]d  %[3]s", "    %-5[1]s 샌드 큐   %7[2]d  %[3]s")
	QueueInFlight   = def("    %-5[1]s  in flight%7[2]d  %[3]s", "    %-5[1]s  전송 중  %7[2]d  %[3]s")
	QueueRecvQ      = def("    %-5[1]s RecvQ     %7[2]d  %[3]s", "    %-5[1]s 리시브 큐 %7[2]d  %[3]s")
	QueueAside      = def("    %-5[1]s  aside    %7[2]d  %[3]s (arrived out of order: waits for the gap before it)", "    %-5[1]s  순서 대기%7[2]d  %[3]s (순서가 바뀌어 도착했다: 앞의 빈 구간을 기다린다)")
	QueueDelivered  = def("    %-5[1]s Delivered %7[2]d  %[3]s", "    %-5[1]s 전송 완료 %7[2]d  %[3]s")
	ColSender       = def("sender", "송신 측")
	ColInFlight     = def("in flight", "전송 중")
	ColUsable       = def("usable", "보낼 수 있음")
	ColLimitedBy    = def("limited by", "제한 요인")
	ColOwnWindow    = def("own window", "자신의 윈도우")
	LimitRwnd       = def("rwnd (flow control)", "rwnd (흐름 제어)")
	LimitCwnd       = def("cwnd (congestion control)", "cwnd (혼잡 제어)")
	LimitZeroWindow = def("rwnd = 0: zero window", "rwnd = 0: 윈도우 사이즈 0")
)

// expect's verdicts.
var (
	NoDeadlock       = def("expected a deadlock, but no call is blocked", "데드락을 기대했지만 블로킹된 호출이 없다")
	IsIdle           = def("idle", "idle(모든 호출이 반환됨)")
	BlockedIn        = def("blocked in %[1]s", "%[1]s에서 블로킹됨")
	ExpectThreadGot  = def("expect %[1]s %[2]s: %[1]s is %[3]s", "expect %[1]s %[2]s: 실제로는 %[3]s")
	ExpectSocketsGot = def("expect %[1]s sockets %[2]d: got %[3]d", "expect %[1]s sockets %[2]d: 실제 값 %[3]d")
	ExpectStateGot   = def("expect %[1]s state %[2]s: got %[3]s", "expect %[1]s state %[2]s: 실제 상태 %[3]s")
	ExpectValueGot   = def("expect %[1]s %[2]s %[3]d: got %[4]d", "expect %[1]s %[2]s %[3]d: 실제 값 %[4]d")
)

// Limits of a run, and packets nobody can receive.
var (
	LimitMemory  = def("the run needs more than %[1]s of model memory (the maxmemory limit; raise it with set maxmemory)", "모델 메모리가 %[1]s 넘게 필요하다 (maxmemory 한도다; set maxmemory로 늘린다)")
	LimitSockets = def("the run made more than %[1]d socket structures (the maxsockets limit; raise it with set maxsockets)", "소켓 구조체가 %[1]d개를 넘었다 (maxsockets 한도다; set maxsockets로 늘린다)")
	NoHostLost   = def("no host has this address: lost", "이 주소의 호스트가 없다: 손실")
)
