package lang

import (
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/tcps-dev/tcps/lang/msg"
)

// Program is a checked scenario, lowered to plain values: every name
// resolved, every address, size and duration parsed, every repeat
// unrolled but for the ones whose iterations lowered alike, kept as one
// Repeat (loops.go). Hosts and Handles hold every iteration's.
type Program struct {
	Source  *Source
	Hosts   []*Host
	Handles []*Handle // the program's sockets, in order of the calls that create them
	// Stmts are the statements as stored, a Repeat standing for its
	// iterations: read them with All, which unrolls.
	Stmts []Stmt
	// Lang is the language of everything the run prints for a person:
	// the scenario's set lang, else Limits.Lang (tcps --lang).
	Lang msg.Lang

	addrs *addrTable // the host that owns each address (HostAt); the checker fills it
}

// HostAt is the host that owns address a: the machine that declared it.
// There is none for 127.0.0.1, which every host owns, nor for an address
// no host declares. The checker's table answers (it fills it as hosts are
// declared, and checks addresses against it); a Program made by hand,
// without one, is searched.
func (p *Program) HostAt(a netip.Addr) (int, bool) {
	if !a.Is4() {
		return 0, false
	}
	if p.addrs != nil {
		return p.addrs.get(a.As4())
	}
	for _, h := range p.Hosts {
		for _, ha := range h.Addrs {
			if ha == a {
				return h.Index, true
			}
		}
	}
	return 0, false
}

// Host is a machine with one or more IPv4 addresses. Every host also owns
// 127.0.0.1, which is not listed in Addrs.
//
// A process (declared with process NAME on HOST) is a Host entry too, with
// Of set to the machine's index and no addresses of its own: it shares the
// machine's addresses and socket structures but has its own thread, as two
// programs on one machine do.
//
// A thread (declared with thread NAME of PROGRAM) is a Host entry as well:
// its own queue of calls, like a process, but it shares the descriptors of
// its program (a machine or a process). Prog is that program's index.
type Host struct {
	Index int
	Name  string
	Addrs []netip.Addr
	Of    int // the machine of a process or thread; -1 for a machine
	// Prog is the program whose descriptor table this entry uses: Index for
	// a machine or a process, the program's Index for a thread.
	Prog int
	Pos  Pos
}

// IsThread reports whether the entry is a thread of another entry's
// program.
func (h *Host) IsThread() bool { return h.Prog != h.Index }

// ProgramOf is the program whose descriptors host entry h uses: h itself
// for a machine or a process, the program of a thread.
func (p *Program) ProgramOf(h int) int { return p.Hosts[h].Prog }

// Machine is the index of the machine a host entry runs on.
func (p *Program) Machine(h int) int {
	if of := p.Hosts[h].Of; of >= 0 {
		return of
	}
	return h
}

// Handle is a socket as the program sees it: the descriptor a call returned.
// It is created by listen, bind, connect, socket or accept and lives until
// close. Name is the user's name for it ("" when it has none). Host is the
// entry (machine, process or thread) whose call created it; the descriptor
// belongs to that entry's program, Program.ProgramOf(Host), and every
// thread of the program may use it.
type Handle struct {
	Index int
	Host  int
	Name  string
	Kind  HandleKind
	Pos   Pos // the call that creates it
}

// Label names a handle for messages: its name, or "the socket from line N".
func (h *Handle) Label() string {
	if h.Name != "" {
		return h.Name
	}
	return "the socket of line " + itoa(int(h.Pos.Line))
}

// HandleKind is what a handle can be used for.
type HandleKind uint8

// Handle kinds, by the call that creates them.
const (
	Unbound   HandleKind = iota // socket
	Bound                       // bind
	Listening                   // listen
	Connected                   // connect or accept
	numHandleKinds
)

var handleKindNames = [...]string{"unbound", "bound", "listening", "connected"}

func (k HandleKind) String() string { return handleKindNames[k] }

// SockRef names the socket structure a statement is about: a program handle
// or, for observations, a kernel structure number on the host.
type SockRef struct {
	Handle int // index into Program.Handles, or -1
	Num    int // structure number on the host when Handle < 0, or -1
}

// NoSock is the SockRef of a statement about a host as a whole.
var NoSock = SockRef{Handle: -1, Num: -1}

// Stmt is one lowered statement. The concrete types are listed below; the
// runtime switches on them.
type Stmt interface {
	StmtPos() Pos
}

// CallOp is a socket call.
type CallOp uint8

// The socket calls.
const (
	OpSocket CallOp = iota
	OpBind
	OpListen
	OpConnect
	OpAccept
	OpWrite
	OpRead
	OpClose
	OpShutdown
	OpSockopt
)

var callOpNames = [...]string{"socket", "bind", "listen", "connect", "accept", "write", "read", "close", "shutdown", "sockopt"}

func (o CallOp) String() string { return callOpNames[o] }

// ShutHow is shutdown's second argument.
type ShutHow uint8

// The ways to shut a socket down.
const (
	ShutRD ShutHow = iota
	ShutWR
	ShutRDWR
)

var shutNames = [...]string{"rd", "wr", "both"}

func (h ShutHow) String() string { return shutNames[h] }

// SockOpts are socket options set before bind, by sockopt or inline.
type SockOpts struct {
	ReuseAddr *bool
	ReusePort *bool
	Linger    *time.Duration // linger 0 closes with RST
}

// ptr is o, or nil when o sets nothing.
func (o *SockOpts) ptr() *SockOpts {
	if *o == (SockOpts{}) {
		return nil
	}
	c := *o
	return &c
}

// Outcome is what a call is expected to return.
type Outcome struct {
	Set     bool
	Blocks  bool   // "expect blocked": the call must block when issued
	Errno   string // ECONNREFUSED, ...; "" for a value
	Value   int64
	Pos     Pos
	Written string // as the user wrote it
}

// Call is a socket call made by a host's thread. Fields are ordered so
// that the small ones share a word: a scenario may hold 3,000,000 calls.
// Program.CallText renders it as the trace shows it.
type Call struct {
	Pos  Pos
	Host int
	Sock SockRef // the socket it acts on; Handle -1 when it creates one
	New  int     // handle created by this call, or -1
	// Ends are the addresses of bind, listen and connect (see Local and
	// Remote); nil when both are the wildcard. Only those three calls
	// have them, so they are kept apart, and calls with the same two
	// addresses share one Ends: it is never modified.
	Ends   *Ends
	N      int64     // bytes for read/write, backlog for listen
	Opts   *SockOpts // options set inline, or nil
	Expect *Outcome  // the inline expectation, or nil

	Op      CallOp
	How     ShutHow
	HasLoc  bool // Local was given (bind, listen, connect from)
	Backlog bool // backlog was given
	WaitAll bool // read: MSG_WAITALL, block until N bytes or end of stream
	// Implicit is set on the accept the checker inserts when a call needs a
	// connected socket and the host has none but exactly one listener.
	Implicit bool
}

// Ends are a call's local and remote addresses.
type Ends struct {
	Local  Endpoint
	Remote Endpoint
}

// Local is the local address of bind, listen and connect ... from; the
// wildcard when none was given.
func (c *Call) Local() Endpoint {
	if c.Ends == nil {
		return Endpoint{}
	}
	return c.Ends.Local
}

// Remote is the address a connect connects to.
func (c *Call) Remote() Endpoint {
	if c.Ends == nil {
		return Endpoint{}
	}
	return c.Ends.Remote
}

// CallText renders a call as the trace prints it: the host, the socket's
// name (the one the call creates, for socket, bind, listen and connect) or
// its structure number, the verb, and the arguments as the checker read
// them: A.c.write(1500), B.listen(*:80, backlog 5). It is made when the
// trace needs it: a program may hold 300,000 calls.
func (p *Program) CallText(c *Call) string {
	var b strings.Builder
	b.WriteString(p.Hosts[c.Host].Name)
	creates := c.New >= 0 && (c.Op == OpSocket || c.Op == OpBind || c.Op == OpListen || c.Op == OpConnect)
	switch {
	case creates:
		if n := p.Handles[c.New].Name; n != "" {
			b.WriteString("." + n)
		}
	case c.Sock.Handle >= 0:
		if n := p.Handles[c.Sock.Handle].Name; n != "" {
			b.WriteString("." + n)
		}
	case c.Sock.Num >= 0:
		b.WriteString("." + itoa(c.Sock.Num))
	}
	b.WriteString("." + c.Op.String() + "(")
	c.writeArgs(&b)
	b.WriteString(")")
	return b.String()
}

// writeArgs writes the call's arguments for CallText.
func (c *Call) writeArgs(b *strings.Builder) {
	switch c.Op {
	case OpBind:
		b.WriteString(c.Local().String())
	case OpListen:
		if c.HasLoc {
			b.WriteString(c.Local().String())
			if c.Backlog {
				b.WriteString(", ")
			}
		}
		if c.Backlog {
			b.WriteString("backlog " + strconv.FormatInt(c.N, 10))
		}
	case OpConnect:
		b.WriteString(c.Remote().String())
	case OpWrite:
		b.WriteString(strconv.FormatInt(c.N, 10))
	case OpRead:
		b.WriteString(strconv.FormatInt(c.N, 10))
		if c.WaitAll {
			b.WriteString(", waitall")
		}
	case OpShutdown:
		b.WriteString(c.How.String())
	case OpSockopt:
		if c.Opts != nil {
			b.WriteString(c.Opts.String())
		}
	}
}

// String lists the options as sockopt takes them: reuseaddr, linger 0.
func (o *SockOpts) String() string {
	var parts []string
	if o.ReuseAddr != nil {
		parts = append(parts, map[bool]string{true: "reuseaddr", false: "noreuseaddr"}[*o.ReuseAddr])
	}
	if o.ReusePort != nil {
		parts = append(parts, map[bool]string{true: "reuseport", false: "noreuseport"}[*o.ReusePort])
	}
	if o.Linger != nil {
		parts = append(parts, "linger "+fmtDur(*o.Linger))
	}
	return strings.Join(parts, ", ")
}

// Wait advances virtual time.
type Wait struct {
	Pos Pos
	D   time.Duration
}

// Settle runs the model until nothing more can happen.
type Settle struct{ Pos Pos }

// NetOp is a control over the traffic in one direction.
type NetOp int

// Traffic controls.
const (
	NetHold NetOp = iota
	NetRelease
	NetDeliver
	NetDrop
)

var netOpNames = [...]string{"hold", "release", "deliver", "drop"}

func (o NetOp) String() string { return netOpNames[o] }

// SegFilter selects segments by kind for drop.
type SegFilter int

// Segment filters.
const (
	AnySeg SegFilter = iota
	DataSeg
	SynSeg
	FinSeg
	AckSeg
	RstSeg
)

var segFilterNames = [...]string{"any", "data", "syn", "fin", "ack", "rst"}

func (f SegFilter) String() string { return segFilterNames[f] }

// Net holds, releases, delivers or drops traffic from one host to another.
type Net struct {
	Pos    Pos
	Op     NetOp
	From   int
	To     int
	Count  int // segments (deliver, drop); 0 with release means all
	Filter SegFilter
}

// Link sets the one-way delay between two hosts (both directions).
type Link struct {
	Pos   Pos
	A, B  int
	Delay time.Duration
}

// Set changes a setting, for one host (Host >= 0) or as the default of all.
type Set struct {
	Pos   Pos
	Host  int
	Key   string
	Int   int64
	Dur   time.Duration
	Word  string
	IsDur bool
}

// HostDecl declares a host (its addresses are in Program.Hosts) and makes it
// the host of the bare calls that follow.
type HostDecl struct {
	Pos  Pos
	Host int
}

// View is what show displays.
type View string

// The views.
const (
	ViewQueues  View = "queues"
	ViewNetstat View = "netstat"
	ViewSS      View = "ss"
	ViewSockets View = "sockets"
	ViewDemux   View = "demux"
	ViewWindows View = "windows"
	ViewLadder  View = "ladder"
	ViewPackets View = "packets"
	ViewTime    View = "time"
)

// Show prints a view of the model now.
type Show struct {
	Pos  Pos
	View View
	Host int // -1: every host
	Sock SockRef
	// For demux: the packet to explain.
	From, To Endpoint
	Flags    string
	Every    bool // demux every arriving packet from now on ("show demux A all")
	// For ladder with a range (show ladder from 3ms to 10ms): the packets
	// sent from Since to Until, both included. Without one, a text ladder
	// shows every packet so far and a figure the packets since the
	// previous show ladder.
	Since, Until time.Duration
	Range        bool
}

// Prop is a property an expect statement checks.
type Prop string

// The properties.
const (
	PropState     Prop = "state"
	PropRecvQ     Prop = "recvq"
	PropSendQ     Prop = "sendq"
	PropDelivered Prop = "delivered"
	PropCwnd      Prop = "cwnd"
	PropRwnd      Prop = "rwnd"
	PropWindow    Prop = "window"
	PropAcceptQ   Prop = "acceptq"
	PropBlocked   Prop = "blocked"
	PropIdle      Prop = "idle"
	PropDeadlock  Prop = "deadlock"
	PropSockets   Prop = "sockets"
	PropTime      Prop = "time"
)

// Expect checks a fact about the model now.
type Expect struct {
	Pos     Pos
	Host    int
	Sock    SockRef
	Prop    Prop
	Int     int64
	Word    string // state name, as written
	State   string // canonical netstat state name for PropState
	Dur     time.Duration
	Written string
}

// Note prints a line of text in the trace.
type Note struct {
	Pos  Pos
	Text string
}

// StmtPos implements Stmt.
func (s *Call) StmtPos() Pos { return s.Pos }

// StmtPos implements Stmt.
func (s *Wait) StmtPos() Pos { return s.Pos }

// StmtPos implements Stmt.
func (s *Settle) StmtPos() Pos { return s.Pos }

// StmtPos implements Stmt.
func (s *Net) StmtPos() Pos { return s.Pos }

// StmtPos implements Stmt.
func (s *Link) StmtPos() Pos { return s.Pos }

// StmtPos implements Stmt.
func (s *Set) StmtPos() Pos { return s.Pos }

// StmtPos implements Stmt.
func (s *HostDecl) StmtPos() Pos { return s.Pos }

// StmtPos implements Stmt.
func (s *Show) StmtPos() Pos { return s.Pos }

// StmtPos implements Stmt.
func (s *Expect) StmtPos() Pos { return s.Pos }

// StmtPos implements Stmt.
func (s *Note) StmtPos() Pos { return s.Pos }

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	neg := n < 0
	if neg {
		n = -n
	}
	var b [20]byte
	i := len(b)
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
