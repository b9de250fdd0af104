package runtime

import (
	"bufio"
	"fmt"
	"io"
	"iter"
	"time"

	"github.com/tcps-dev/tcps/lang"
	"github.com/tcps-dev/tcps/lang/msg"
)

// Options control a run.
type Options struct {
	Trace      io.Writer // where the trace goes (nil: discarded)
	Level      string    // trace level overriding the scenario's: calls, packets, all, none
	Record     bool      // keep every packet in Result.Packets (for pcap and JSON)
	Invariants bool      // check the model's invariants after every event
	MaxEvents  int64     // 0: the scenario's maxevents
	MaxTime    Time      // 0: the scenario's maxtime

	// Packet, when set, is called with every packet as it is sent (the
	// record is reused: copy it to keep it); a streaming pcap writer uses
	// it instead of Record.
	Packet func(*PacketRecord)
	// MaxPackets, when positive, bounds Result.Packets under Record: later
	// packets are counted in Result.PacketsOmitted, not kept.
	MaxPackets int
	// MaxShows, when positive, bounds Result.Shows in the same way
	// (Result.ShowsOmitted).
	MaxShows int

	// Events, when set, is called with every event of the run as it
	// happens, whatever the trace level (the event is reused: copy it to
	// keep it). Under Record the events are also kept in Result.Events.
	Events func(*Event)
	// MaxRecordedEvents, when positive, bounds Result.Events under Record
	// (Result.EventsOmitted counts the rest).
	MaxRecordedEvents int
}

// Result is the outcome of a run.
type Result struct {
	Failures int         // failed expectations and unexpected deadlocks
	Err      *lang.Error // an error that stopped the run
	// InputErr would mark Err as bad input found at run time (exit 2). A
	// checked program has none: a call the model refuses is an errno in
	// the trace. Kept so that the exporters' error record keeps its shape.
	InputErr  bool
	Deadlocks int            // deadlock reports printed
	Packets   []PacketRecord // every packet, when Options.Record
	Shows     []ShowRecord   // every show, structured, when Options.Record
	Events    []Event        // every event, when Options.Record
	Stats     Stats

	// PacketsOmitted counts the packets Options.MaxPackets left out of
	// Packets.
	PacketsOmitted int64
	// ShowsOmitted counts the shows Options.MaxShows left out of Shows.
	ShowsOmitted int64
	// EventsOmitted counts the events Options.MaxRecordedEvents left out
	// of Events.
	EventsOmitted int64
}

// Stats are counters of a run.
type Stats struct {
	Events   int64
	Segments int64
	End      Time
	Sockets  int
	Memory   int64 // bytes of model memory the run made (charged against maxmemory)
}

// ExitCode is the tcps exit status for the result: 0 ok, 1 the scenario
// failed, 2 bad input.
func (r *Result) ExitCode() int {
	switch {
	case r.Err != nil && r.InputErr:
		return 2
	case r.Err != nil || r.Failures > 0:
		return 1
	}
	return 0
}

type traceLevel int

const (
	levelNone traceLevel = iota
	levelCalls
	levelPackets
	levelAll
)

var levelNames = map[string]traceLevel{"none": levelNone, "calls": levelCalls, "packets": levelPackets, "all": levelAll}

// globalConfig is the values of the settings for all hosts (Config).
type globalConfig struct {
	sndbuf, rcvbuf, mss, initcwnd int64
	profile                       string
	delay, msl, maxTime           Time
	maxEvents, maxSockets         int64
	maxMemory                     int64
	// Linux sysctls of the linux profile (lang/settings.go).
	synLinear, syncookies, somaxconn int64
	invalidRatelimit, finTimeout     Time
}

// Sim is one run of a program: the hosts, the network, the clock.
type Sim struct {
	prog         *lang.Program
	now          Time
	q            eventQueue
	hosts        []*Host   // by lang host index: a process maps to its machine's Host
	machines     []Host    // each machine once, in the program's order
	threads      []Thread  // by lang host index
	socks        sockTable // every structure, by id
	lastOwner    owner     // hostOf's last answer
	links        map[dirKey]Time
	dirs         map[dirKey]*direction
	handles      []*Socket
	handleClosed []int32       // the line of the close that closed each handle, 0 while open
	handleFD     []int32       // the descriptor of each program handle
	spareCalls   []*threadCall // copies of returned calls, for keep to use again (see keep)
	addrs        []Addr        // the machines' addresses, one array for all (Host.Addrs)
	conf         *Config       // the settings so far (config.go)
	global       globalConfig  // conf's values, copied for the model's reads
	opts         Options
	out          *bufio.Writer
	level        traceLevel
	levelFixed   bool
	arrivals     int
	armedTimers  int // timers armed on all structures: none armed, no timer event is progress
	fatal        *lang.Error
	failures     int
	deadlocks    int
	demuxAll     map[int]bool
	packets      []PacketRecord
	pktOmitted   int64 // packets over Options.MaxPackets
	showOmitted  int64 // shows over Options.MaxShows
	shows        []ShowRecord
	run          packetRun // packet lines held back for summarising
	stats        struct{ events, segments int64 }
	pos          lang.Pos
	check        func(*Sim) error
	mono         []monoMark // by structure id, for the invariant check
	mem          int64      // bytes of model memory made so far (memory.go)
	ladder       bool       // the program shows a ladder: keep packets
	ev           evState    // the event stream (event.go)
}

// Run executes a checked program and writes its trace.
func Run(prog *lang.Program, opts Options) *Result {
	s := New(prog, opts)
	s.runAll()
	return s.result()
}

// New prepares a run without starting it.
func New(prog *lang.Program, opts Options) *Sim {
	w := opts.Trace
	if w == nil {
		w = io.Discard
	}
	s := &Sim{
		prog:         prog,
		links:        map[dirKey]Time{},
		dirs:         map[dirKey]*direction{},
		handles:      make([]*Socket, len(prog.Handles)),
		handleClosed: make([]int32, len(prog.Handles)),
		handleFD:     make([]int32, len(prog.Handles)),
		opts:         opts,
		out:          bufio.NewWriterSize(w, 64<<10),
		level:        levelPackets,
		conf:         NewConfig(),
	}
	s.global = s.conf.global
	if l, ok := levelNames[opts.Level]; ok {
		s.level, s.levelFixed = l, true
	}
	if opts.Invariants {
		s.check = checkInvariants
	}
	s.initEvents()
	s.q.sockets = &s.socks
	s.q.charge = s.charge
	prog.Walk(func(st lang.Stmt) {
		if sh, ok := st.(*lang.Show); ok && (sh.View == lang.ViewLadder || sh.View == lang.ViewPackets) {
			s.ladder = true
		}
	})
	// Hosts and threads are allocated in one array each: a scenario may
	// declare 100,000 of them.
	nMachines, nAddrs := 0, 0
	for _, ph := range prog.Hosts {
		if ph.Of < 0 {
			nMachines++
			nAddrs += len(ph.Addrs)
		}
	}
	s.addrs = make([]Addr, 0, nAddrs)
	fdArr := make([]fdTable, len(prog.Hosts))
	s.hosts = make([]*Host, 0, len(prog.Hosts))
	s.machines = make([]Host, 0, nMachines)
	s.threads = make([]Thread, len(prog.Hosts))
	for i, ph := range prog.Hosts {
		var h *Host
		if ph.Of >= 0 {
			h = s.hosts[ph.Of]
		} else {
			first := len(s.addrs)
			for _, a := range ph.Addrs {
				s.addrs = append(s.addrs, addrOf(a))
			}
			// s.machines has room for every machine, so it never moves
			// and the pointers in s.hosts stay good.
			s.machines = append(s.machines, Host{Index: int32(ph.Index), sim: s, firstAddr: uint32(first), nAddrs: uint32(len(ph.Addrs))})
			h = &s.machines[len(s.machines)-1]
		}
		s.hosts = append(s.hosts, h)
		s.threads[i] = Thread{host: h, index: int32(i), prog: int32(ph.Prog), fd: &fdArr[ph.Prog]}
	}
	return s
}

// machinesIn yields the machine of program host host, or every machine,
// in the program's order, when host is negative (a show of all hosts).
func (s *Sim) machinesIn(host int) iter.Seq[*Host] {
	return func(yield func(*Host) bool) {
		if host >= 0 {
			yield(s.hosts[host])
			return
		}
		for i := range s.machines {
			if !yield(&s.machines[i]) {
				return
			}
		}
	}
}

func (s *Sim) result() *Result {
	s.flushRun()
	s.out.Flush()
	return &Result{
		Failures: s.failures, Err: s.fatal, Deadlocks: s.deadlocks, Packets: s.packets, PacketsOmitted: s.pktOmitted, ShowsOmitted: s.showOmitted, Shows: s.shows,
		Events: s.ev.kept, EventsOmitted: s.ev.omitted,
		Stats: Stats{Events: s.stats.events, Segments: s.stats.segments, End: s.now, Sockets: int(s.socks.n), Memory: s.mem},
	}
}

func (s *Sim) runAll() {
	for _, st := range s.prog.Stream() { // calls are copied where kept (keep)
		if s.fatal != nil {
			break
		}
		s.exec(st)
	}
	if s.fatal == nil {
		s.settle("end of run")
	}
	if s.fatal == nil {
		var open []*Thread
		for _, t := range s.blockedThreads() {
			if !t.acked {
				open = append(open, t)
			}
		}
		if len(open) > 0 {
			s.deadlocks++
			s.failures++
			s.traceDeadlock(open)
		}
	}
	s.flushRun()
	s.out.Flush()
}

// exec runs one statement. Events due at the current instant happen
// first, so a statement sees the model after everything that happened at
// this time.
func (s *Sim) exec(st lang.Stmt) {
	s.pos = st.StmtPos()
	s.runUntil(s.now)
	switch st := st.(type) {
	case *lang.HostDecl:
	case *lang.Set:
		s.set(st)
	case *lang.Link:
		a, b := s.hosts[st.A].Index, s.hosts[st.B].Index
		s.links[dirKey{min(a, b), max(a, b)}] = Time(st.Delay)
	case *lang.Call:
		s.submit(&s.threads[st.Host], st)
	case *lang.Wait:
		s.wait(Time(st.D))
	case *lang.Settle:
		s.settle("settle")
	case *lang.Net:
		s.netControl(st)
	case *lang.Show:
		s.show(st)
	case *lang.Expect:
		s.expect(st)
	case *lang.Note:
		s.traceComment(st.Text)
	}
	s.sample()
}

// set applies a setting through the run's Config, which the kernel
// executor shares.
func (s *Sim) set(st *lang.Set) {
	s.conf.Apply(s.prog, st)
	s.global = s.conf.global
	if st.Host >= 0 {
		s.hosts[st.Host].cfg = s.conf.host(s.prog.Machine(st.Host))
	}
	if st.Key == "trace" && !s.levelFixed {
		s.level = levelNames[s.conf.Trace()]
	}
}

func (s *Sim) netControl(st *lang.Net) {
	d := s.dir(s.hosts[st.From].Index, s.hosts[st.To].Index)
	from, to := s.hosts[st.From].name(), s.hosts[st.To].name()
	switch st.Op {
	case lang.NetHold:
		d.holding = true
		s.traceNet("%s", msg.NetHold.In(s.prog.Lang, from, to))
	case lang.NetRelease:
		d.holding = false
		n := s.deliverHeld(d, 0)
		s.traceNet("%s", msg.NetRelease.In(s.prog.Lang, from, to, n))
	case lang.NetDeliver:
		n := s.deliverHeld(d, st.Count)
		s.traceNet("%s", msg.NetDeliver.In(s.prog.Lang, from, to, n, len(d.held)))
	case lang.NetDrop:
		d.drops = append(d.drops, dropRule{left: st.Count, filter: st.Filter})
		s.traceNet("%s", msg.NetDrop.In(s.prog.Lang, from, to, st.Count, st.Filter))
	}
}

// runUntil processes every event due at or before t and sets the clock to
// t.
func (s *Sim) runUntil(t Time) {
	for s.q.len() > 0 && s.q.peekAt() <= t && s.fatal == nil {
		s.stepEvent()
	}
	if t > s.now && s.fatal == nil {
		s.now = t
	}
}

// stepEvent processes the next event.
func (s *Sim) stepEvent() {
	var e event
	s.q.pop(&e)
	if e.at > s.now {
		s.now = e.at
	}
	s.stats.events++
	if s.stats.events > s.maxEvents() {
		s.limit(msg.LimitEvents.In(s.prog.Lang, s.maxEvents()))
		return
	}
	if s.now > s.maxTime() {
		s.maxTimeReached()
		return
	}
	switch e.kind {
	case evArrive:
		s.arrive(e.seg)
		s.afterArrival(e.seg)
	case evTimer:
		s.timerEvent(&e)
	}
	s.sample()
	if s.check != nil {
		if err := s.check(s); err != nil {
			s.invariantBroken(err.Error())
		}
	}
}

// invariantBroken stops the run: under Options.Invariants the model found
// itself in a state it must never reach.
func (s *Sim) invariantBroken(what string) {
	if s.fatal == nil {
		s.fatal = &lang.Error{Pos: s.pos, Msg: "internal error: invariant broken: " + what}
	}
}

// wait lets d of virtual time pass. A wait that would go past maxtime (or
// past the end of virtual time) runs up to the limit and stops the run
// there, at the wait statement: the limit is not only checked when an
// event fires.
func (s *Sim) wait(d Time) {
	end := s.now.Add(d)
	if end <= s.maxTime() && end < EndOfTime {
		s.runUntil(end)
		return
	}
	s.runUntil(s.maxTime())
	if s.fatal == nil {
		s.maxTimeReached()
	}
}

func (s *Sim) maxTimeReached() {
	s.limit(msg.LimitTime.In(s.prog.Lang, time.Duration(s.maxTime())))
}

func (s *Sim) maxEvents() int64 {
	if s.opts.MaxEvents > 0 {
		return s.opts.MaxEvents
	}
	return s.global.maxEvents
}

func (s *Sim) maxTime() Time {
	if s.opts.MaxTime > 0 {
		return s.opts.MaxTime
	}
	return s.global.maxTime
}

func (s *Sim) limit(why string) {
	s.fatal = &lang.Error{Pos: s.pos, Msg: msg.RunStopped.In(s.prog.Lang, why)}
	s.traceStop(why)
}

// failf records a failed expectation.
func (s *Sim) failf(pos lang.Pos, format string, args ...any) {
	s.failures++
	s.traceExpect(false, fmt.Sprintf("FAIL %s: %s", pos, fmt.Sprintf(format, args...)))
}
