package runtime

import "github.com/tcps-dev/tcps/lang/msg"

// Host is a machine: its addresses (127.0.0.1 is implied), its socket
// structures, its demultiplexing tables and its one thread of calls.
type Host struct {
	Index    int32  // its entry in the program, whose Name it goes by (name)
	nextPort uint16 // where the search for an ephemeral port starts
	// Its addresses are addrs[firstAddr:][:nAddrs] of its run (Addrs): the
	// range is 8 bytes where a slice of its own would be 24.
	firstAddr, nAddrs uint32
	sim               *Sim

	socks []*Socket // every structure ever created, by number

	tables   *hostTables // nil until it listens or makes more than fewMax structures
	fewBinds []*Socket   // the bound structures until then (bind.go)

	cfg *hostConfig // per-host overrides (set fields only); nil: none
}

// hostTables are the tables a host makes once it listens or has made more
// than fewMax structures. Until then its handful of structures are
// searched (demux.go, bind.go): a million client hosts with one
// connection each make none, so the tables are kept behind one pointer
// instead of three in every Host.
type hostTables struct {
	exact     *ehash               // connected structures by 4-tuple (demux.go)
	listeners map[uint16][]*Socket // listeners by local port, specific address before * (demux.go)
	binds     map[uint16][]*Socket // structures holding each local port (bind.go)
}

// bigTables returns the host's tables, made empty on first use.
func (h *Host) bigTables() *hostTables {
	if h.tables == nil {
		h.tables = new(hostTables)
	}
	return h.tables
}

// hostConfig holds the per-host settings; a zero field means "use the
// global value".
type hostConfig struct {
	sndbuf, rcvbuf, mss, initcwnd int64
	profile                       string
}

// config is the effective configuration of a host now.
type config struct {
	sndbuf, rcvbuf, mss, initcwnd int64
	rfc                           bool
}

func (h *Host) config() config {
	g := &h.sim.global
	c := config{sndbuf: g.sndbuf, rcvbuf: g.rcvbuf, mss: g.mss, initcwnd: g.initcwnd, rfc: g.profile == "rfc"}
	if h.cfg == nil {
		return c
	}
	if h.cfg.sndbuf > 0 {
		c.sndbuf = h.cfg.sndbuf
	}
	if h.cfg.rcvbuf > 0 {
		c.rcvbuf = h.cfg.rcvbuf
	}
	if h.cfg.mss > 0 {
		c.mss = h.cfg.mss
	}
	if h.cfg.initcwnd > 0 {
		c.initcwnd = h.cfg.initcwnd
	}
	if h.cfg.profile != "" {
		c.rfc = h.cfg.profile == "rfc"
	}
	return c
}

// name is the host's name in the program.
func (h *Host) name() string { return h.sim.prog.Hosts[h.Index].Name }

// Addrs are the host's addresses, in the program's order (127.0.0.1 is
// implied).
func (h *Host) Addrs() []Addr {
	from, to := h.firstAddr, h.firstAddr+h.nAddrs
	return h.sim.addrs[from:to:to] // full: an append copies, never writes into the next host's
}

// owns reports whether a is one of the host's addresses (loopback included).
func (h *Host) owns(a Addr) bool {
	if a == loopback {
		return true
	}
	for _, x := range h.Addrs() {
		if x == a {
			return true
		}
	}
	return false
}

// sourceFor picks the local address of the outgoing interface towards dst:
// loopback for loopback, otherwise the host's address sharing the longest
// prefix with dst (the first address on a tie), as a routing table of
// directly connected networks would.
func (h *Host) sourceFor(dst Addr) Addr {
	if dst == loopback || h.owns(dst) && dst != loopback {
		if dst == loopback {
			return loopback
		}
		return dst
	}
	best, bestLen := Addr(0), -1
	for _, a := range h.Addrs() {
		n := commonPrefix(a, dst)
		if n > bestLen {
			best, bestLen = a, n
		}
	}
	if best == 0 {
		return loopback
	}
	return best
}

func commonPrefix(a, b Addr) int {
	x := uint32(a ^ b)
	n := 0
	for i := 31; i >= 0 && x&(1<<uint(i)) == 0; i-- {
		n++
	}
	return n
}

// Ephemeral ports are handed out from 32768 (the start of Linux's
// ip_local_port_range) upward, in order, skipping ports in use.
const (
	ephemeralLow  = 32768
	ephemeralHigh = 60999
)

// ephemeralPort returns a free local port, or 0 when all are taken.
func (h *Host) ephemeralPort() uint16 {
	if h.nextPort < ephemeralLow {
		h.nextPort = ephemeralLow
	}
	for i := 0; i <= ephemeralHigh-ephemeralLow; i++ {
		p := h.nextPort
		h.nextPort++
		if h.nextPort > ephemeralHigh {
			h.nextPort = ephemeralLow
		}
		if !h.portInUse(p) {
			return p
		}
	}
	return 0
}

// newSocket creates a structure in CLOSED with the host's current buffer
// sizes.
func (h *Host) newSocket() *Socket {
	c := h.config()
	s := h.sim.socks.alloc()
	s.Num, s.host = len(h.socks), h
	s.snd.init(c)
	s.rcv.init(c)
	h.socks = append(h.socks, s)
	h.madeSocket()
	h.sim.charge(sockCost)
	if int64(h.sim.socks.n) > h.sim.global.maxSockets && h.sim.fatal == nil {
		// The structure is made, so the event that needs it completes;
		// the run stops before the next.
		h.sim.limit(msg.LimitSockets.In(h.sim.prog.Lang, h.sim.global.maxSockets))
	}
	return s
}

// release removes a CLOSED structure from every table.
func (h *Host) release(s *Socket) {
	if s.inExact {
		h.removeExact(s)
	}
	if s.State == Listen {
		h.removeListener(s)
	}
	h.unbind(s)
}

// Thread is a thread of control: a host's or a process's own thread, or
// one declared with thread NAME of PROGRAM. The script's calls for it run
// in order, as the program would make them: a call that blocks holds the
// thread, its later calls queue behind it, and the script goes on at once
// with other statements. So programs, and the threads of one program, run
// concurrently, interleaved in virtual time. The threads of one program
// share its descriptor table.
type Thread struct {
	host       *Host       // the machine it runs on
	index      int32       // its host entry in the program
	prog       int32       // the host entry of its program (lang.Host.Prog)
	fd         *fdTable    // its program's descriptors, shared by the program's threads
	queue      callQueue   // calls waiting for this one to return, in order
	call       *threadCall // the call in progress, nil when idle
	since      Time
	sock       *Socket // the structure the call waits on
	nextWaiter *Thread // the next thread blocked on the same structure
	done       int64   // bytes copied so far by a blocked write
	writeNo    int32   // the write's number on its connection
	running    bool
	blocked    bool // the call has blocked at least once
	acked      bool // the blocked call was covered by expect deadlock / blocked
}

// fdTable is a program's descriptor table: used[n] tells whether
// descriptor n is open.
type fdTable struct {
	used []bool
	next int // no descriptor below it is free (Linux's next_fd)
}

// name is the host, process or thread name.
func (t *Thread) name() string { return t.host.sim.prog.Hosts[t.index].Name }

// Blocked reports whether the thread is in a call.
func (t *Thread) Blocked() bool { return t.call != nil }

// allocFD takes the lowest free descriptor, as the kernel does; 0, 1 and 2
// are the standard streams.
func (t *Thread) allocFD() int {
	f := t.fd
	for len(f.used) < 3 {
		f.used = append(f.used, true)
	}
	// Start at the hint: every descriptor below it is in use, so a server
	// accepting 100,000 connections does not rescan its table each time.
	for fd := max(f.next, 3); fd < len(f.used); fd++ {
		if !f.used[fd] {
			f.used[fd] = true
			f.next = fd + 1
			return fd
		}
	}
	f.used = append(f.used, true)
	f.next = len(f.used)
	return len(f.used) - 1
}

func (t *Thread) freeFD(fd int) {
	f := t.fd
	if fd >= 3 && fd < len(f.used) {
		f.used[fd] = false
		f.next = min(f.next, fd)
	}
}
