package runtime

import (
	"strings"

	"github.com/tcps-dev/tcps/lang"
)

// The event stream: one record per thing that happens in a run, in the
// order it happens. The text trace, the JSON export, the figures and the
// browser page are all made from it (docs/json-schema.md).

// EventKind says what an Event records.
type EventKind uint8

// The kinds of events.
const (
	EvCall     EventKind = iota // a call issued by a thread: Thread, Call
	EvBlock                     // the call blocked: Thread, Call, Sock, Text = reason
	EvCopy                      // a blocked write copied more bytes, still blocked: Thread, Call, Sock, N, Text = reason
	EvReturn                    // the call returned: Thread, Call, Sock, Result, Text = the trace's words after the call
	EvState                     // a structure changed state: Host, Sock, From, To
	EvDerived                   // a new structure derived from a listener: Host, Sock, Text
	EvPacket                    // a packet sent, held, dropped or lost: Packet
	EvDecision                  // a kernel decision line: Host, Sock, Text
	EvTimer                     // a timer fired: Host, Sock, Text = the timer
	EvNet                       // hold, release, deliver, drop: Text
	EvShow                      // a show statement: Show, Text = its header line ("" when none)
	EvExpect                    // an expect checked: Text, OK
	EvNote                      // a note statement: Text
	EvDeadlock                  // the deadlock report: Text, Blocked
	EvStop                      // a limit stopped the run: Text
	EvSample                    // counters of one structure after a step changed them: Host, Sock, Counters
)

var eventKindNames = [...]string{"call", "block", "copy", "return", "state", "derived", "packet", "decision", "timer", "net", "show", "expect", "note", "deadlock", "stop", "sample"}

// String is the kind's name in JSON.
func (k EventKind) String() string {
	if int(k) < len(eventKindNames) {
		return eventKindNames[k]
	}
	return "unknown"
}

// EventKinds lists every kind, in order (for schemas and tests).
func EventKinds() []EventKind {
	out := make([]EventKind, len(eventKindNames))
	for i := range out {
		out[i] = EventKind(i)
	}
	return out
}

// Event is one thing that happened in a run.
type Event struct {
	Seq      int64 // 1, 2, 3, ... in the order of the run
	At       Time
	Kind     EventKind
	Thread   int    // lang host index of the calling thread, -1 if none
	Host     int    // lang index of the machine, -1 if none
	Sock     string // the structure's label, "A.1", "" if none
	Call     string // the call as written, "A.s.write(1500)"
	N        int64
	From, To State
	Packet   *PacketRecord
	Result   *CallResult
	Show     *ShowRecord
	OK       bool
	Text     string
	Counters *Counters
	Blocked  []BlockedCall // EvDeadlock: the blocked calls
}

// CallResult is what a call returned.
type CallResult struct {
	Value  int64
	Errno  string // "" when the call succeeded
	Reason string // the trace's explanation after the value, "" if none
}

// Counters are the numbers of one structure after a step.
type Counters struct {
	SendQ, RecvQ, Delivered, InFlight int64
	Rwnd                              int64 // the peer's window as this structure sees it
	Cwnd                              int64
	Window                            int64 // the window this structure advertises
	SndBuf, RcvBuf                    int64
}

// BlockedCall is one call of a deadlock report.
type BlockedCall struct {
	Thread int    // lang host index
	Call   string // as written
	Sock   string // the structure it waits on, "" if none
	Since  Time
	Reason string
}

// eventCost is what one kept event is charged against maxmemory, besides
// its text.
const eventCost = 192

// evState is the run's part of the event stream.
type evState struct {
	on      bool // a consumer wants events: emit them whatever the trace level
	seq     int64
	kept    []Event
	omitted int64
	dirty   []*Socket // structures a step touched, to sample after it
	last    map[*Socket]Counters
}

func (s *Sim) initEvents() {
	s.ev.on = s.opts.Events != nil || s.opts.Record
}

// wants reports whether something at level l is traced or streamed.
func (s *Sim) wants(l traceLevel) bool { return s.level >= l || s.ev.on }

// emit numbers an event, hands it to the consumer, keeps it when the run
// records, and renders it into the text trace.
func (s *Sim) emit(ev *Event) {
	s.ev.seq++
	ev.Seq, ev.At = s.ev.seq, s.now
	if s.ev.on {
		if s.opts.Events != nil {
			s.opts.Events(ev)
		}
		if s.opts.Record {
			if s.opts.MaxRecordedEvents > 0 && len(s.ev.kept) >= s.opts.MaxRecordedEvents {
				s.ev.omitted++
			} else {
				s.ev.kept = append(s.ev.kept, *ev)
				s.charge(eventCost + int64(len(ev.Text)))
			}
		}
	}
	s.render(ev)
}

// touch marks a structure for sampling after the current step.
func (s *Sim) touch(sk *Socket) {
	if sk == nil || !s.ev.on {
		return
	}
	for _, d := range s.ev.dirty {
		if d == sk {
			return
		}
	}
	s.ev.dirty = append(s.ev.dirty, sk)
}

// afterArrival marks the structure an arrived segment reached. The hooks
// of the event stream run on every event; their test is small enough to be
// inlined, and the work is in a function of its own.
func (s *Sim) afterArrival(seg *Segment) {
	if s.ev.on {
		s.touchArrival(seg)
	}
}

func (s *Sim) touchArrival(seg *Segment) {
	if seg.To < 0 || int(seg.To) >= len(s.hosts) {
		return
	}
	s.touch(s.hosts[seg.To].lookup(seg))
}

// sample emits an EvSample for every structure the step touched whose
// counters changed since its last sample, in the order they were touched.
func (s *Sim) sample() {
	if s.ev.on && len(s.ev.dirty) > 0 {
		s.sampleDirty()
	}
}

func (s *Sim) sampleDirty() {
	if s.ev.last == nil {
		s.ev.last = map[*Socket]Counters{}
	}
	dirty := s.ev.dirty
	s.ev.dirty = nil
	for _, sk := range dirty {
		c := countersOf(sk)
		if old, ok := s.ev.last[sk]; ok && old == c {
			continue
		}
		if _, ok := s.ev.last[sk]; !ok {
			s.charge(64)
		}
		s.ev.last[sk] = c
		s.emit(&Event{Kind: EvSample, Thread: -1, Host: int(sk.host.Index), Sock: sk.label(), Counters: &c})
	}
	s.ev.dirty = dirty[:0]
}

func countersOf(sk *Socket) Counters {
	win, _ := sk.windowNow()
	return Counters{
		SendQ: sk.SendQ(), RecvQ: sk.RecvQ(), Delivered: sk.Delivered(),
		InFlight: max(min(sk.snd.nxt, sk.snd.end)-max(sk.snd.una, 1), 0),
		Rwnd:     int64(sk.snd.wnd), Cwnd: sk.snd.cwnd, Window: win,
		SndBuf: sk.snd.buf, RcvBuf: sk.rcv.buf,
	}
}

// callResult reads a call's result back from its trace words: "= 1500",
// "= -1 EAGAIN  reason", "= 3  [fd 3: ...]  (blocked 2ms)".
func callResult(words string) *CallResult {
	w := strings.TrimPrefix(words, "= ")
	head, rest, _ := strings.Cut(w, "  ")
	r := &CallResult{Reason: rest}
	if v, errno, ok := strings.Cut(head, " "); ok {
		head, r.Errno = v, errno
	}
	var n int64
	neg := strings.HasPrefix(head, "-")
	for _, c := range strings.TrimPrefix(head, "-") {
		if c < '0' || c > '9' {
			break
		}
		n = n*10 + int64(c-'0')
	}
	if neg {
		n = -n
	}
	r.Value = n
	return r
}

// RunToEnd runs a prepared simulation (New) to its end and returns the
// result, as Run does. An Options.Events consumer may call Snapshot on the
// simulation while it runs.
func (s *Sim) RunToEnd() *Result {
	s.runAll()
	return s.result()
}

// Snapshot is the model at one moment, as the browser page draws it at a
// step of its timeline: the tables of every machine, the queues of every
// connection, the blocked calls and why.
type Snapshot struct {
	At      Time
	Hosts   []HostSnapshot
	Conns   []ConnSnapshot
	Blocked []BlockedCall
}

// HostSnapshot is one machine's tables, header row first.
type HostSnapshot struct {
	Name    string
	Netstat [][]string
	Sockets [][]string
}

// Snapshot describes the model now. It only reads the model: an
// Options.Events consumer may call it at any event. Blocked lists the
// calls that have blocked and not returned, not a call still running.
func (s *Sim) Snapshot() *Snapshot {
	sn := &Snapshot{At: s.now}
	for h := range s.machinesIn(-1) {
		sn.Hosts = append(sn.Hosts, HostSnapshot{Name: h.name(), Netstat: h.netstatRows(), Sockets: h.socketRows()})
	}
	all := &lang.Show{View: lang.ViewQueues, Host: -1, Sock: lang.NoSock}
	for _, p := range s.queuePairs(all) {
		sn.Conns = append(sn.Conns, s.connSnapshot(p[0], p[1]))
	}
	for _, t := range s.blockedThreads() {
		if !t.blocked {
			continue // in a call that has not blocked (yet): it is running
		}
		b := BlockedCall{Thread: int(t.index), Call: s.prog.CallText(&t.call.Call), Since: t.since, Reason: s.waitReason(t)}
		if t.sock != nil {
			b.Sock = t.sock.label()
		}
		sn.Blocked = append(sn.Blocked, b)
	}
	return sn
}
