package kernel

import (
	"context"
	"fmt"
	"io"
	"net/netip"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tcps-dev/tcps/lang"
	"github.com/tcps-dev/tcps/lang/msg"
	tcpsrt "github.com/tcps-dev/tcps/runtime"
	"golang.org/x/sys/unix"
)

// Options control a kernel run.
type Options struct {
	Trace    io.Writer       // the trace (nil: discarded)
	Progress io.Writer       // progress of long waits (nil: none)
	Level    string          // trace level overriding the scenario's: calls, packets, all, none
	Budget   time.Duration   // real-time budget (0: DefaultBudget)
	Grace    time.Duration   // how long a call may take before it is reported as blocking anyway (0: 50ms)
	Context  context.Context // cancelling it stops the run (and cleans up)
	// Ready, when set, is called once the namespaces exist, with their
	// inode numbers (for tests that check they are gone afterwards).
	Ready func(nsInodes []uint64)
}

// CallResult is one call as the kernel answered it.
type CallResult struct {
	Stmt    int // index in Program.Stmts
	Pos     lang.Pos
	Text    string        // Program.CallText
	Blocked bool          // the call blocked (slept in the kernel)
	Waited  time.Duration // real time from issue to return, for a blocked call
	Done    bool          // the call returned
	Value   int64
	Errno   string // "" for a value
	FD      bool   // the value is a descriptor
}

// Result renders the outcome as the trace prints it: = 1500, = -1 ECONNRESET.
func (c *CallResult) Result() string {
	switch {
	case !c.Done:
		return "blocks (no return)"
	case c.Errno != "":
		return "= -1 " + c.Errno
	}
	return "= " + strconv.FormatInt(c.Value, 10)
}

// ShowResult is one show statement on the kernel.
type ShowResult struct {
	Stmt  int
	Line  int
	View  string
	Text  string       // what the trace printed
	Conns []ConnQueues // queues
	Rows  [][][]string // netstat and ss: per machine, the rows after the header
}

// ConnQueues is one connection's numbers from sock_diag.
type ConnQueues struct {
	Label         string // A.1
	Local, Remote string
	State         string
	RecvQ, SendQ  int64
	Unacked       int64 // segments sent and not acknowledged (tcpi_unacked)
	Delivered     int64 // bytes the program read (-1: not a program handle)
}

// ExpectResult is one expect statement on the kernel.
type ExpectResult struct {
	Stmt    int
	Pos     lang.Pos
	Text    string // the expectation as written
	Want    string
	Got     string
	OK      bool
	Skipped string // why it was not checked, or ""
}

// Result is the outcome of a kernel run.
type Result struct {
	Failures    int
	Deadlocks   int
	Err         *lang.Error // an error that stopped the run
	InputErr    bool        // Err is a refusal (exit 2)
	Interrupted bool        // the run was cancelled (exit 1); everything was still removed
	Calls       []CallResult
	Shows       []ShowResult
	Expects     []ExpectResult
	Packets     []Packet // the relay's capture
}

// ExitCode is 0 ok, 1 the scenario failed, 2 refused, 3 internal error.
func (r *Result) ExitCode() int {
	switch {
	case r.Err != nil && r.InputErr:
		return 2
	case r.Interrupted:
		return 1
	case r.Err != nil:
		return 3
	case r.Failures > 0:
		return 1
	}
	return 0
}

// runner is one kernel run.
type runner struct {
	prog  *lang.Program
	opts  Options
	ctx   context.Context
	start time.Time

	outMu sync.Mutex // the trace; a leaf lock
	out   io.Writer
	level atomic.Int32

	mu        sync.Mutex // structures, descriptors, results
	machines  []*machine // by lang host index; nil for a process
	addrs     map[netip.Addr]int
	threads   []*thread
	fds       []int // by handle
	hstruct   []*structure
	fdStruct  map[int]*structure
	delivered []int64
	conf      *tcpsrt.Config // the settings so far, as the model applies them
	res       Result
	frozen    bool // the run is over: results no longer change
	once      sync.Once
	changed   time.Time

	relay  *relay
	kickCh chan struct{}
	stopCh chan struct{}
	pollWG sync.WaitGroup
}

const (
	levelNone = iota
	levelCalls
	levelPackets
	levelAll
)

var levels = map[string]int{"none": levelNone, "calls": levelCalls, "packets": levelPackets, "all": levelAll}

// Run executes a checked program on the kernel. It refuses (Result.Err,
// InputErr) what Check refuses and runs nothing then. Everything it made is
// gone when it returns.
func Run(prog *lang.Program, opts Options) *Result {
	if err := Available(); err != nil {
		return &Result{Err: &lang.Error{Pos: lang.FilePos(prog.Source.Name), Msg: err.Error()}, InputErr: true}
	}
	if err := Check(prog, opts.Budget); err != nil {
		return &Result{Err: err, InputErr: true}
	}
	r := &runner{prog: prog, opts: opts, ctx: opts.Context, out: opts.Trace,
		addrs: map[netip.Addr]int{}, fdStruct: map[int]*structure{}, conf: tcpsrt.NewConfig(),
		kickCh: make(chan struct{}, 1), stopCh: make(chan struct{})}
	if r.ctx == nil {
		r.ctx = context.Background()
	}
	if r.out == nil {
		r.out = io.Discard
	}
	r.level.Store(levelPackets)
	if l, ok := levels[opts.Level]; ok {
		r.level.Store(int32(l))
	}
	r.fds = make([]int, len(prog.Handles))
	for i := range r.fds {
		r.fds[i] = -1
	}
	r.hstruct = make([]*structure, len(prog.Handles))
	r.delivered = make([]int64, len(prog.Handles))
	r.relay = newRelay(r)
	defer r.teardown() // also on a panic
	if err := r.setup(); err != nil {
		r.teardown()
		r.res.Err = &lang.Error{Pos: lang.FilePos(prog.Source.Name), Msg: msg.KernelSetup.In(prog.Lang, err)}
		return &r.res
	}
	r.runAll()
	// What happens from here on is the cleanup's doing (blocked calls
	// woken by shutdown): it is not the scenario's result.
	r.mu.Lock()
	r.frozen = true
	res := r.res
	res.Calls = append([]CallResult(nil), r.res.Calls...)
	r.mu.Unlock()
	r.teardown()
	res.Packets = r.res.Packets
	return &res
}

// setup makes the namespaces, devices and threads and starts the relay
// and the poller.
func (r *runner) setup() error {
	r.machines = make([]*machine, len(r.prog.Hosts))
	var inodes []uint64
	// Settings before the first statement that is not a setting apply
	// from the start (initcwnd is a route attribute).
	for _, st := range r.prog.All() {
		s, ok := st.(*lang.Set)
		if !ok {
			if _, decl := st.(*lang.HostDecl); decl {
				continue
			}
			break
		}
		r.set(s)
	}
	for i, h := range r.prog.Hosts {
		if h.Of >= 0 {
			continue
		}
		m := &machine{host: i, name: h.Name, addrs: h.Addrs}
		m.tcp = &structures{m: m}
		r.machines[i] = m
		if err := m.setup(r.sockets(i).InitCwnd); err != nil {
			return fmt.Errorf("%s: %w", h.Name, err)
		}
		inodes = append(inodes, m.nsIno)
		for _, a := range h.Addrs {
			r.addrs[a] = i
		}
	}
	// Time starts when the machines exist, before anything runs.
	r.start = time.Now()
	r.changed = r.start
	for i, h := range r.prog.Hosts {
		t := &thread{idx: i, name: h.Name, m: r.machines[r.prog.Machine(i)]}
		t.start(r)
		r.threads = append(r.threads, t)
	}
	for _, m := range r.machines {
		if m != nil {
			r.relay.wg.Add(1)
			go r.relay.read(m)
		}
	}
	r.pollWG.Add(1)
	go r.poller()
	if r.opts.Ready != nil {
		r.opts.Ready(inodes)
	}
	return nil
}

// teardown removes everything: blocked calls are woken by shutdown, every
// descriptor is closed, the threads end (taking their namespace
// references with them), the TUN devices and namespaces go with their
// descriptors.
func (r *runner) teardown() { r.once.Do(r.cleanup) }

func (r *runner) cleanup() {
	r.outMu.Lock()
	r.out = io.Discard // what the cleanup does is not part of the scenario
	r.outMu.Unlock()
	close(r.stopCh)
	r.pollWG.Wait()
	r.mu.Lock()
	fds := make([]int, 0, len(r.fdStruct))
	for fd := range r.fdStruct {
		fds = append(fds, fd)
	}
	r.fdStruct = map[int]*structure{}
	r.mu.Unlock()
	for _, fd := range fds {
		unix.Shutdown(fd, unix.SHUT_RDWR)
	}
	for _, t := range r.threads {
		close(t.reqs)
	}
	deadline := time.After(3 * time.Second)
	for _, t := range r.threads {
		select {
		case <-t.done:
		case <-deadline:
		}
	}
	for _, fd := range fds {
		unix.Close(fd)
	}
	r.relay.stop()
	for _, m := range r.machines {
		if m != nil {
			m.close()
		}
	}
	done := make(chan struct{})
	go func() { r.relay.wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(3 * time.Second):
	}
	r.relay.mu.Lock()
	r.res.Packets = r.relay.packets
	r.relay.mu.Unlock()
}

// machineOf is the machine that owns an address, or -1.
func (r *runner) machineOf(a netip.Addr) int {
	if m, ok := r.addrs[a]; ok {
		return m
	}
	return -1
}

// sockets is what the set statements asked of the sockets a host makes
// now (0: the kernel's default). Called with mu held, or before the
// threads start.
func (r *runner) sockets(host int) tcpsrt.SocketConfig {
	return r.conf.Sockets(r.prog.Machine(host))
}

// The trace.

func fmtT(d time.Duration) string {
	us := int64(d / time.Microsecond)
	return fmt.Sprintf("%d.%03dms", us/1000, us%1000)
}

func (r *runner) now() time.Duration { return time.Since(r.start) }

func (r *runner) printf(format string, args ...any) time.Duration {
	r.outMu.Lock()
	defer r.outMu.Unlock()
	at := r.now()
	fmt.Fprintf(r.out, "t=%s %s", fmtT(at), fmt.Sprintf(format, args...))
	return at
}

// tracef prints a line at the packets level.
func (r *runner) tracef(format string, args ...any) {
	if r.level.Load() >= levelPackets {
		r.printf(format+"\n", args...)
	}
}

// packetf prints a packet line and returns its time.
func (r *runner) packetf(format string, args ...any) time.Duration {
	if r.level.Load() >= levelPackets {
		return r.printf(format+"\n", args...)
	}
	return r.now()
}

// stateLine traces a change of state. Called with mu held.
func (r *runner) stateLine(t *structures, s *structure, old string) {
	r.changed = time.Now()
	r.tracef("%s %s -> %s", t.label(s), old, s.state)
}

// traceDerived traces a structure first seen in a dump. Called with mu
// held.
func (r *runner) traceDerived(t *structures, s *structure) {
	r.changed = time.Now()
	if l := t.listener(s); l != nil {
		r.tracef("%s", msg.KernelDerived.In(r.prog.Lang, t.label(s), s.state, s.local, s.remote, t.label(l), l.local))
		return
	}
	r.tracef("%s", msg.KernelNewStructure.In(r.prog.Lang, t.label(s), s.state, s.local, s.remote))
}

func (r *runner) kick() {
	select {
	case r.kickCh <- struct{}{}:
	default:
	}
}

// poller dumps every machine's sockets every millisecond, and at once
// after each packet is delivered, tracing changes of state.
func (r *runner) poller() {
	defer r.pollWG.Done()
	tick := time.NewTicker(time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-r.stopCh:
			return
		case <-tick.C:
		case <-r.kickCh:
			time.Sleep(200 * time.Microsecond) // let the softirq finish with the packet
		}
		r.pollAll()
	}
}

// pollAll dumps every machine's sockets and takes the dumps into the
// tables.
func (r *runner) pollAll() {
	for _, m := range r.machines {
		if m == nil {
			continue
		}
		m.diagMu.Lock()
		res, ok, err := m.tcp.dump()
		r.mu.Lock()
		if err != nil && r.res.Err == nil && !r.frozen {
			r.res.Err = &lang.Error{Pos: lang.FilePos(r.prog.Source.Name), Msg: err.Error()}
		}
		if ok {
			m.tcp.apply(r, res)
		}
		r.mu.Unlock()
		m.diagMu.Unlock()
	}
}
