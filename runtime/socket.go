package runtime

// State is a connection state, named as netstat names it.
type State uint8

// The states of RFC 9293, in netstat's spelling. Closed is netstat's CLOSE.
const (
	Closed State = iota
	Listen
	SynSent
	SynRecv
	Established
	FinWait1
	FinWait2
	CloseWait
	Closing
	LastAck
	TimeWait
)

var netstatNames = [...]string{"CLOSE", "LISTEN", "SYN_SENT", "SYN_RECV", "ESTABLISHED", "FIN_WAIT1", "FIN_WAIT2", "CLOSE_WAIT", "CLOSING", "LAST_ACK", "TIME_WAIT"}
var ssNames = [...]string{"UNCONN", "LISTEN", "SYN-SENT", "SYN-RECV", "ESTAB", "FIN-WAIT-1", "FIN-WAIT-2", "CLOSE-WAIT", "CLOSING", "LAST-ACK", "TIME-WAIT"}
var bookNames = [...]string{"Closed", "Listening", "Connecting", "Connecting", "Established", "Closing", "Half closed", "Close-Wait", "Closing", "Last-Ack", "Time-Wait"}

// String is netstat's name of the state.
func (s State) String() string { return netstatNames[s] }

// SS is ss's name of the state.
func (s State) SS() string { return ssNames[s] }

// Book is the name the book's figures use.
func (s State) Book() string { return bookNames[s] }

// endpoint is an address and port; 0 in either is the wildcard.
type endpoint struct {
	ip   Addr
	port uint16
}

func (e endpoint) String() string {
	p := "*"
	if e.port != 0 {
		p = itoa(int(e.port))
	}
	return e.ip.String() + ":" + p
}

// Socket is a socket structure: the kernel's record of one TCP endpoint.
// Its fields are the book's (state, local and remote address and port,
// SendQ, RecvQ) plus what TCP needs to run.
type Socket struct {
	Num    int // structure number on its host, in creation order
	host   *Host
	local  endpoint
	remote endpoint

	parent *Socket   // the listener this structure was derived from
	lst    *listener // the listener's queues, from listen on

	snd sender
	rcv receiver

	timer timer // the one timer; timerKind says which

	// The program's view.
	waiter *Thread // the first thread blocked on this socket; the others follow by nextWaiter

	// handle is 1 + the index of the program handle that holds this
	// structure open, 0 when none does. A structure has at most one:
	// only the call that makes it (socket, or accept) names it.
	handle int32
	id     uint32 // index in the run's sockTable

	// peer is the host that owns the address this structure last sent
	// to (see transmitFrom).
	peer struct {
		ip   Addr
		host int32
	}

	State     State
	err       sockErr   // pending error for the next call (ECONNRESET, ...)
	connErr   sockErr   // why connect failed
	timerKind timerKind // which timer timer is

	// Flags, kept together so that they share words.
	reuseAddr, reusePort bool
	lingerZero           bool
	bound                bool // holds a local port in the host's bind table
	inExact              bool // in the host's 4-tuple table
	orphan               bool // closed by the program; the kernel finishes the job
	accepted             bool // taken off the accept queue
	reset                bool // the connection was reset: later writes get EPIPE
	wasEstab             bool // reached ESTABLISHED once: connected for good (Linux's SS_CONNECTED)
	rdShut               bool
	wrShut               bool
}

// sockErr is an error a structure holds for the program's next call: one
// byte instead of a string, because a run may hold 2,000,000 structures.
type sockErr uint8

// The errors a structure holds.
const (
	errNone sockErr = iota
	errConnReset
	errConnRefused
	errTimedOut
)

var sockErrNames = [...]string{"", "ECONNRESET", "ECONNREFUSED", "ETIMEDOUT"}

// String is the errno's name, "" for none.
func (e sockErr) String() string { return sockErrNames[e] }

// listener is what a structure in LISTEN has besides a socket's fields:
// its backlog and its two queues. Kept apart because most structures
// never listen.
type listener struct {
	backlog  int
	synQueue []*Socket // derived structures in SYN_RECV
	acceptQ  []*Socket // established, waiting for accept
	// cookies are the SYN cookies sent and not yet used, by the client's
	// address. The kernel keeps nothing (the cookie is the SYN-ACK's
	// sequence number, checked when the ACK returns); the model remembers
	// which SYN-ACKs were cookies instead of computing a hash.
	cookies map[endpoint]cookie
}

// cookie is a SYN cookie the listener sent: the client's initial sequence
// number, its MSS and when it was sent.
type cookie struct {
	irs int64
	mss int64
	win int32
	at  Time
}

// SendQ is the number of data bytes written and not yet acknowledged. The
// SYN (sequence 0) and the FIN (sequence end) are not data: once the FIN is
// acknowledged una is end+1, and SendQ is 0, not -1.
func (s *Socket) SendQ() int64 { q := s.sendQSpan(); return q.end - q.start }

// RecvQ is the number of data bytes that arrived and wait to be read.
func (s *Socket) RecvQ() int64 { q := s.recvQSpan(); return q.end - q.start }

// sendQSpan is SendQ as stream sequence numbers [start, end). Every view
// of SendQ (show queues, show sockets, expect, the structured record) is
// made from it or from SendQ, so that they cannot disagree.
func (s *Socket) sendQSpan() span {
	return span{min(max(s.snd.una, 1), s.snd.end), s.snd.end}
}

// recvQSpan is RecvQ as stream sequence numbers [start, end).
func (s *Socket) recvQSpan() span { return span{s.rcv.readPtr, s.rcv.dataEnd()} }

// Delivered is the number of bytes the program has read.
func (s *Socket) Delivered() int64 { return max(s.rcv.readPtr-1, 0) }

// netstatSendQ is Linux's Send-Q of a full socket: write_seq - snd_una, so
// a pending SYN or FIN counts as one byte; 0 for a listener. The tools'
// view, which shows 0/0 for the kernel's stripped-down sockets (request
// socks in SYN_RECV, timewait socks), is toolQueues in netstat.go.
func (s *Socket) netstatSendQ() int64 {
	if s.State == Listen || s.State == TimeWait || s.State == Closed && !s.snd.synSent {
		return 0
	}
	end := s.snd.end
	if s.snd.finQueued {
		end++
	}
	return end - s.snd.una
}

// netstatRecvQ is Linux's Recv-Q of a full socket: rcv_nxt - copied_seq (a
// FIN not yet read as end of stream counts one); the accept queue length for
// a listener. See toolQueues in netstat.go for what the tools print.
func (s *Socket) netstatRecvQ() int64 {
	if s.State == Listen {
		return int64(len(s.lst.acceptQ))
	}
	if !s.rcv.synRcvd || s.State == TimeWait {
		return 0 // a TIME_WAIT structure is a bare timewait sock: no queues
	}
	return s.rcv.nxt - s.rcv.copiedSeq()
}

// Local is the local address and port (0 meaning *).
func (s *Socket) Local() (Addr, uint16) { return s.local.ip, s.local.port }

// Remote is the remote address and port (0 meaning *).
func (s *Socket) Remote() (Addr, uint16) { return s.remote.ip, s.remote.port }

// connected reports whether the structure belongs to a connection (it has a
// remote end), whatever its state.
func (s *Socket) connected() bool { return s.remote.port != 0 }

// label names the structure for the trace: A.2.
func (s *Socket) label() string { return s.host.name() + "." + itoa(s.Num) }

func (s *Socket) setState(st State) {
	if s.State == st {
		return
	}
	old := s.State
	s.State = st
	if st == Established {
		s.wasEstab = true
	}
	s.host.sim.traceState(s, old, st)
}

func itoa(n int) string {
	if n >= 0 && n < 10 {
		return string(rune('0' + n))
	}
	var b [20]byte
	i := len(b)
	neg := n < 0
	if neg {
		n = -n
	}
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}
