package lang

// Target says what a verb's head may name before the verb itself.
type Target int

// Targets.
const (
	NoTarget     Target = iota // a global statement: wait, show, ...
	HostTarget                 // HOST.verb (or the current host)
	SocketTarget               // HOST[.SOCK].verb
)

// Verb is one statement of the language. The table Verbs drives the
// checker, `tcps help` and docs/language.md.
type Verb struct {
	Name    string
	Target  Target
	Usage   string // the arguments, as in `tcps help`
	Summary string // one line
	Help    string // a paragraph
	Example string
	Section string
	check   func(c *checker, s *stmtCtx)
}

// Sections of the language reference, in order.
var Sections = []string{"Hosts and settings", "Socket calls", "Network and time", "Observation", "Expectations", "Control"}

// Verbs is the table of every verb, in reference order.
var Verbs []*Verb

func init() {
	Verbs = []*Verb{
		{Name: hostVerb, Section: "Hosts and settings", Usage: "NAME ip|ips ADDR[,ADDR...] [KEY VALUE]...",
			Summary: "declare a host and make it the host of the bare calls that follow",
			Help: "A host has one or more IPv4 addresses and always owns 127.0.0.1 too. KEY VALUE pairs set per-host " +
				"settings (sndbuf, rcvbuf, mss, profile, initcwnd) as HOST.set would. Calls written without a host " +
				"(listen *:99) are made by the host most recently declared.",
			Example: "host C ips 10.9.2.3,192.168.9.2 rcvbuf 500", check: checkHost},
		{Name: "process", Section: "Hosts and settings", Usage: "NAME on HOST",
			Summary: "declare a second program on a host: its own thread, the host's addresses and socket structures",
			Help: "Each host runs one thread of calls. A process is another program on the same machine, such as a " +
				"client talking to a server over 127.0.0.1: its calls queue on its own thread, its sockets are its own, " +
				"and netstat on the host shows both. Bare calls after it are made by the process.",
			Example: "process client on A", check: checkProcess},
		{Name: "thread", Section: "Hosts and settings", Usage: "NAME of HOST|PROCESS",
			Summary: "declare another thread of a program: its own queue of calls, the program's sockets",
			Help: "A thread's calls queue on their own, so a call blocked in one thread does not hold the program's " +
				"other threads, but it shares the program's descriptors: every socket the program has named is usable " +
				"as THREAD.NAME, sockets the thread creates or accepts are the program's, and a close in one thread closes " +
				"for all. The program is a host or a process, never another thread. Bare calls after it are made by the thread; " +
				"expect THREAD blocked and expect THREAD idle check it.",
			Example: "thread reader of A", check: checkThread},
		{Name: "set", Target: HostTarget, Section: "Hosts and settings", Usage: "KEY VALUE",
			Summary: "change a setting for every host, or for one host as HOST.set",
			Help:    "Buffer sizes and the MSS are taken by a socket when it is created. See the settings table.",
			Example: "set sndbuf 500", check: checkSet},
		{Name: "link", Section: "Hosts and settings", Usage: "HOST HOST delay DURATION",
			Summary: "set the one-way delay between two hosts",
			Help:    "Applies to both directions. Other pairs use the delay setting.",
			Example: "link A B delay 20ms", check: checkLink},

		{Name: "socket", Target: HostTarget, Section: "Socket calls", Usage: "[OPTION]... [as NAME]",
			Summary: "create a socket structure (CLOSED, no address yet)",
			Help:    "Options: reuseaddr, reuseport, linger DURATION. Needed only to set options or bind before connect.",
			Example: "A.socket reuseport as s", check: checkCreate(OpSocket)},
		{Name: "bind", Target: SocketTarget, Section: "Socket calls", Usage: "[IP|*]:PORT [OPTION]... [as NAME] [expect OUTCOME]",
			Summary: "bind a local address and port (a new socket, or HOST.SOCK.bind)",
			Help:    "Fails with EADDRINUSE when another structure holds the address, by Linux's rules (see docs/model.md).",
			Example: "A.bind 10.1.2.3:99 reuseport as s", check: checkCreate(OpBind)},
		{Name: "listen", Target: SocketTarget, Section: "Socket calls", Usage: "[[IP|*]:PORT] [backlog N] [OPTION]... [as NAME] [expect OUTCOME]",
			Summary: "socket + bind + listen in one call; or HOST.SOCK.listen on a bound socket",
			Help: "A bare port or *:PORT binds the wildcard address. backlog bounds the accept queue (default 128; " +
				"the linux profile admits backlog+1 completed connections).",
			Example: "listen *:99 backlog 5 as L2", check: checkCreate(OpListen)},
		{Name: "connect", Target: SocketTarget, Section: "Socket calls", Usage: "IP:PORT|HOST:PORT [from [IP:]PORT] [OPTION]... [as NAME] [expect OUTCOME]",
			Summary: "open a connection; blocks until the handshake completes or fails",
			Help: "Picks an ephemeral port (from 32768 up, in order) and the address of the outgoing interface unless " +
				"the socket is bound or from is given. HOST:PORT means the host's first address.",
			Example: "B.connect 10.1.2.3:99 as c2", check: checkCreate(OpConnect)},
		{Name: "accept", Target: SocketTarget, Section: "Socket calls", Usage: "[as NAME] [expect OUTCOME]",
			Summary: "take the first connection off the accept queue; blocks while it is empty",
			Example: "A.accept as s", check: checkSockCall(OpAccept)},
		{Name: "write", Target: SocketTarget, Section: "Socket calls", Usage: "SIZE [expect OUTCOME]",
			Summary: "copy SIZE bytes into SendQ; blocks while SendQ is full",
			Help:    "Returns when every byte is in SendQ, not when it has arrived.",
			Example: "A.write 1500", check: checkSockCall(OpWrite)},
		{Name: "read", Target: SocketTarget, Section: "Socket calls", Usage: "SIZE [waitall] [expect OUTCOME]",
			Summary: "take up to SIZE bytes from RecvQ; blocks while RecvQ is empty; 0 at end of stream",
			Help: "A read returns what RecvQ holds, however the sender wrote it. With waitall (recv's MSG_WAITALL) it " +
				"blocks until SIZE bytes have been read or the stream ends, as a program's read loop would.",
			Example: "B.read 2000 expect 1500", check: checkSockCall(OpRead)},
		{Name: "close", Target: SocketTarget, Section: "Socket calls", Usage: "[expect OUTCOME]",
			Summary: "close the socket; returns at once, SendQ is still sent, RecvQ is discarded",
			Help:    "With unread bytes in RecvQ, or with linger 0, the connection is reset (RST) instead of closed with FIN.",
			Example: "B.c.close", check: checkSockCall(OpClose)},
		{Name: "shutdown", Target: SocketTarget, Section: "Socket calls", Usage: "rd|wr|both [expect OUTCOME]",
			Summary: "half-close: wr sends FIN but keeps receiving",
			Example: "A.shutdown wr", check: checkSockCall(OpShutdown)},
		{Name: "sockopt", Target: SocketTarget, Section: "Socket calls", Usage: "OPTION...",
			Summary: "set socket options: reuseaddr, reuseport, noreuseaddr, noreuseport, linger DURATION",
			Example: "A.L.sockopt linger 0", check: checkSockCall(OpSockopt)},

		{Name: "wait", Section: "Network and time", Usage: "DURATION",
			Summary: "advance virtual time, running everything that happens meanwhile",
			Example: "wait 200ms", check: checkWait},
		{Name: "settle", Section: "Network and time", Usage: "",
			Summary: "run until nothing more can happen without a new call",
			Help: "Stops when no packet is on its way and no timer could change anything: a zero-window probe into " +
				"a window that nobody will open, or a retransmission into held traffic, does not count.",
			Example: "settle", check: checkSettle},
		{Name: "hold", Section: "Network and time", Usage: "HOST->HOST",
			Summary: "hold back every segment sent in one direction (they wait, they are not lost)",
			Example: "hold A->B", check: checkNet(NetHold)},
		{Name: "deliver", Section: "Network and time", Usage: "HOST->HOST [COUNT]",
			Summary: "let the first COUNT held segments (default 1) arrive now; keep holding the rest",
			Example: "deliver A->B 3", check: checkNet(NetDeliver)},
		{Name: "release", Section: "Network and time", Usage: "HOST->HOST",
			Summary: "stop holding: every held segment arrives now, in order",
			Example: "release A->B", check: checkNet(NetRelease)},
		{Name: "drop", Section: "Network and time", Usage: "HOST->HOST [COUNT] [any|data|syn|fin|ack|rst]",
			Summary: "lose the next COUNT segments (default 1) of that kind in one direction",
			Example: "drop A->B 1 data", check: checkNet(NetDrop)},

		{Name: "show", Section: "Observation", Usage: "VIEW [TARGET]",
			Summary: "print a view: " + joinViews(),
			Help: showUsages() + ". `tcps help VIEW` says what a view prints; the views are listed under Views of show " +
				"below.",
			Example: "show demux A 172.16.1.10:56789 > 10.1.2.3:99", check: checkShow},
		{Name: "note", Section: "Observation", Usage: "TEXT...",
			Summary: "print a line of text in the trace",
			Help:    "Notes are the titles of shows: like show, they print at every trace level, set trace none included.",
			Example: `note "after three writes"`, check: checkNote},

		{Name: "expect", Section: "Expectations", Usage: "TARGET PROPERTY VALUE | HOST blocked|idle | deadlock",
			Summary: "check a fact now; a failure is reported with both values and exits 1",
			Help: "Properties of a socket: " + propList("socket") + ". Of a host, process or thread: " + propList("host") + ". " +
				"expect deadlock runs the model until nothing more can happen and requires a blocked call that can never complete. " +
				"Calls take an inline expectation: read 2000 expect 1500, connect ... expect ECONNREFUSED, write 1500 expect blocked. " +
				"`tcps help PROPERTY` says what a property is; they are listed under Properties of expect below.",
			Example: "expect B.c state SYN_SENT", check: checkExpect},

		{Name: "repeat", Section: "Control", Usage: "COUNT as NAME { ... }",
			Summary: "repeat a block COUNT times with NAME = 0, 1, ...; $NAME and $(NAME*2+1) in any word",
			Example: "repeat 3 as i { host C$i ip 10.0.0.$(i+10) }"},
	}
}

// VerbByName finds a verb by name.
func VerbByName(name string) *Verb {
	for _, v := range Verbs {
		if v.Name == name {
			return v
		}
	}
	return nil
}
