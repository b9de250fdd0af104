package kernel

import (
	"encoding/binary"
	"net/netip"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tcps-dev/tcps/lang"
	"github.com/tcps-dev/tcps/lang/msg"
	tcpsrt "github.com/tcps-dev/tcps/runtime"
	"golang.org/x/sys/unix"
)

// Packet is one IPv4 packet the relay saw, as captured (for pcap).
type Packet struct {
	At   time.Duration // since the start of the run
	Data []byte        // the IPv4 packet
	Kind string        // "sent", "held", "dropped" or "lost"
}

// tcpPacket is the part of a TCP/IPv4 packet the relay looks at.
type tcpPacket struct {
	src, dst         netip.Addr
	srcPort, dstPort uint16
	seq, ack         uint32
	flags            tcpsrt.Flags
	win              uint16
	mss              uint16
	payload          int
}

// parseTCP reads an IPv4 TCP packet; ok is false for anything else.
func parseTCP(b []byte) (p tcpPacket, ok bool) {
	if len(b) < 20 || b[0]>>4 != 4 {
		return p, false
	}
	ihl := int(b[0]&15) * 4
	total := int(binary.BigEndian.Uint16(b[2:4]))
	if b[9] != 6 || ihl < 20 || total > len(b) || total < ihl+20 {
		return p, false
	}
	p.src = netip.AddrFrom4([4]byte(b[12:16]))
	p.dst = netip.AddrFrom4([4]byte(b[16:20]))
	t := b[ihl:total]
	p.srcPort = binary.BigEndian.Uint16(t[0:2])
	p.dstPort = binary.BigEndian.Uint16(t[2:4])
	p.seq = binary.BigEndian.Uint32(t[4:8])
	p.ack = binary.BigEndian.Uint32(t[8:12])
	doff := int(t[12]>>4) * 4
	if doff < 20 || doff > len(t) {
		return p, false
	}
	p.flags = tcpsrt.Flags(t[13] & 0x1f) // FIN SYN RST PSH ACK: the model's bits
	p.win = binary.BigEndian.Uint16(t[14:16])
	p.payload = len(t) - doff
	opts := t[20:doff]
	for len(opts) > 0 {
		switch opts[0] {
		case 0:
			opts = nil
			continue
		case 1:
			opts = opts[1:]
			continue
		}
		if len(opts) < 2 || int(opts[1]) < 2 || int(opts[1]) > len(opts) {
			break
		}
		if opts[0] == 2 && opts[1] == 4 {
			p.mss = binary.BigEndian.Uint16(opts[2:4])
		}
		opts = opts[opts[1]:]
	}
	return p, true
}

// flowKey is one direction of a connection.
type flowKey struct {
	src, dst         netip.Addr
	srcPort, dstPort uint16
}

// dirKey is a direction between two machines (lang host indexes).
type dirKey struct{ from, to int }

type dropRule struct {
	left   int
	filter lang.SegFilter
}

func (r *dropRule) matches(p *tcpPacket) bool {
	switch r.filter {
	case lang.DataSeg:
		return p.payload > 0
	case lang.SynSeg:
		return p.flags&tcpsrt.SYN != 0
	case lang.FinSeg:
		return p.flags&tcpsrt.FIN != 0
	case lang.AckSeg:
		return p.payload == 0 && p.flags&(tcpsrt.SYN|tcpsrt.FIN|tcpsrt.RST) == 0
	case lang.RstSeg:
		return p.flags&tcpsrt.RST != 0
	}
	return true
}

// link is one direction between two machines: its queue of packets on
// their way and its hold and drop state.
type link struct {
	holding bool
	held    [][]byte
	drops   []dropRule
	queue   chan delivery
}

type delivery struct {
	due time.Time
	pkt []byte
}

// linkQueue bounds the packets on their way in one direction; beyond it a
// packet is lost (and traced so): memory stays bounded.
const linkQueue = 4096

// relay moves packets between the machines' TUN devices.
type relay struct {
	r        *runner
	mu       sync.Mutex
	isn      map[flowKey]uint32
	links    map[dirKey]*link
	delays   map[dirKey]time.Duration // by {min, max}
	delay    time.Duration            // set delay
	inflight int                      // packets read and not yet written or dropped
	last     time.Time                // last packet seen
	wg       sync.WaitGroup
	packets  []Packet
	stopped  bool
	reading  atomic.Int32 // packets read from a TUN device and not yet handled
}

func newRelay(r *runner) *relay {
	return &relay{r: r, isn: map[flowKey]uint32{}, links: map[dirKey]*link{}, delays: map[dirKey]time.Duration{},
		delay: lang.DefaultDelay}
}

// maxCapture bounds the capture kept for pcap.
const maxCapture = 100000

// link returns the direction's state, starting its delivery goroutine.
// Called with mu held.
func (rl *relay) link(k dirKey) *link {
	l := rl.links[k]
	if l == nil {
		l = &link{queue: make(chan delivery, linkQueue)}
		rl.links[k] = l
		dst := rl.r.machines[k.to]
		rl.wg.Add(1)
		go func() {
			defer rl.wg.Done()
			for d := range l.queue {
				if w := time.Until(d.due); w > 0 {
					time.Sleep(w)
				}
				dst.tun.Write(d.pkt)
				rl.mu.Lock()
				rl.inflight--
				rl.mu.Unlock()
				rl.r.kick()
			}
		}()
	}
	return l
}

// delayOf is the one-way delay between two machines. Called with mu held.
func (rl *relay) delayOf(a, b int) time.Duration {
	if d, ok := rl.delays[dirKey{min(a, b), max(a, b)}]; ok {
		return d
	}
	return rl.delay
}

// read is the loop reading one machine's TUN device.
func (rl *relay) read(m *machine) {
	defer rl.wg.Done()
	buf := make([]byte, 65536)
	for {
		n, err := m.tun.Read(buf)
		if err != nil {
			return
		}
		rl.reading.Add(1)
		pkt := append([]byte(nil), buf[:n]...)
		rl.handle(m, pkt)
		rl.reading.Add(-1)
	}
}

// drain waits (at most drainMax) until the machine's TUN device has no
// packet waiting to be read and no packet read is still being handled:
// a packet the kernel sent before a hold, release, deliver or drop is
// judged by the rules before it, however late the relay got to run.
func (rl *relay) drain(m *machine) {
	// A duplicate, taken through SyscallConn: File.Fd would put the
	// device into blocking mode, and Close could no longer stop the reader.
	fd := -1
	if sc, err := m.tun.SyscallConn(); err == nil {
		sc.Control(func(raw uintptr) { fd, _ = unix.FcntlInt(raw, unix.F_DUPFD_CLOEXEC, 0) })
	}
	if fd < 0 {
		return
	}
	defer unix.Close(fd)
	end := time.Now().Add(drainMax)
	for time.Now().Before(end) {
		pfd := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN}}
		n, err := unix.Poll(pfd, 0)
		if err == nil && n == 0 && rl.reading.Load() == 0 {
			return
		}
		time.Sleep(50 * time.Microsecond)
	}
}

// drainMax bounds drain: the relay is behind by more only on a machine
// too busy for the scenario's timing anyway.
const drainMax = 200 * time.Millisecond

// handle traces one packet and sends it on, holds it or drops it.
func (rl *relay) handle(from *machine, pkt []byte) {
	p, ok := parseTCP(pkt)
	if !ok {
		return // not TCP over IPv4: never forwarded, never traced
	}
	rl.mu.Lock()
	defer rl.mu.Unlock()
	if rl.stopped {
		return
	}
	rl.last = time.Now()
	to := rl.r.machineOf(p.dst)
	annot, kind := "", "sent"
	var l *link
	switch {
	case to < 0:
		annot, kind = msg.NoHostLost.In(rl.r.prog.Lang), "lost"
	default:
		l = rl.link(dirKey{from.host, to})
		for i := range l.drops {
			if d := &l.drops[i]; d.left > 0 && d.matches(&p) {
				d.left--
				annot, kind = "DROPPED", "dropped"
				break
			}
		}
		if kind == "sent" && l.holding {
			annot, kind = "held", "held"
		}
	}
	rl.trace(&p, annot, kind, pkt)
	switch kind {
	case "sent":
		rl.push(l, delivery{time.Now().Add(rl.delayOf(from.host, to)), pkt})
	case "held":
		l.held = append(l.held, pkt)
	}
}

// push queues a packet for delivery. Called with mu held.
func (rl *relay) push(l *link, d delivery) {
	select {
	case l.queue <- d:
		rl.inflight++
	default:
		rl.r.tracef("%s", msg.KernelRelayFull.In(rl.r.prog.Lang, linkQueue))
	}
}

// trace prints the packet as the model prints a segment, with sequence
// numbers relative to each direction's first sequence number (its ISN).
// Called with mu held.
func (rl *relay) trace(p *tcpPacket, annot, kind string, raw []byte) {
	k := flowKey{p.src, p.dst, p.srcPort, p.dstPort}
	if p.flags&tcpsrt.SYN != 0 {
		rl.isn[k] = p.seq // a new connection on this 4-tuple starts over
	}
	base, ok := rl.isn[k]
	if !ok {
		base = p.seq
		rl.isn[k] = base
	}
	seg := tcpsrt.Segment{
		SrcIP: addrOf(p.src), DstIP: addrOf(p.dst), SrcPort: p.srcPort, DstPort: p.dstPort,
		Flags: p.flags, Seq: int64(p.seq - base), Win: int32(p.win), Len: int32(p.payload), MSS: p.mss,
	}
	if p.flags&tcpsrt.ACK != 0 {
		rk := flowKey{p.dst, p.src, p.dstPort, p.srcPort}
		if rb, ok := rl.isn[rk]; ok {
			seg.Ack = int64(p.ack - rb)
		} else {
			seg.Ack = int64(p.ack)
		}
	}
	line := seg.Line()
	if annot != "" {
		line += " [" + annot + "]"
	}
	at := rl.r.packetf("%s", line)
	if len(rl.packets) < maxCapture {
		rl.packets = append(rl.packets, Packet{At: at, Data: raw, Kind: kind})
	}
}

func addrOf(a netip.Addr) tcpsrt.Addr {
	b := a.As4()
	return tcpsrt.Addr(uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3]))
}

// control applies hold, release, deliver or drop.
func (rl *relay) control(st *lang.Net, from, to int, fromName, toName string) {
	rl.drain(rl.r.machines[from])
	rl.mu.Lock()
	defer rl.mu.Unlock()
	l := rl.link(dirKey{from, to})
	switch st.Op {
	case lang.NetHold:
		l.holding = true
		rl.r.tracef("%s", msg.NetHold.In(rl.r.prog.Lang, fromName, toName))
	case lang.NetRelease:
		l.holding = false
		n := rl.deliverHeld(l, 0)
		rl.r.tracef("%s", msg.NetRelease.In(rl.r.prog.Lang, fromName, toName, n))
	case lang.NetDeliver:
		n := rl.deliverHeld(l, st.Count)
		rl.r.tracef("%s", msg.NetDeliver.In(rl.r.prog.Lang, fromName, toName, n, len(l.held)))
	case lang.NetDrop:
		l.drops = append(l.drops, dropRule{left: st.Count, filter: st.Filter})
		rl.r.tracef("%s", msg.NetDrop.In(rl.r.prog.Lang, fromName, toName, st.Count, st.Filter))
	}
}

// deliverHeld sends the first n held packets now (all when n <= 0).
// Called with mu held.
func (rl *relay) deliverHeld(l *link, n int) int {
	if n <= 0 || n > len(l.held) {
		n = len(l.held)
	}
	now := time.Now()
	for _, p := range l.held[:n] {
		rl.push(l, delivery{now, p})
	}
	l.held = append(l.held[:0], l.held[n:]...)
	return n
}

// setLink sets the delay between two machines.
func (rl *relay) setLink(a, b int, d time.Duration) {
	rl.mu.Lock()
	rl.delays[dirKey{min(a, b), max(a, b)}] = d
	rl.mu.Unlock()
}

// busy reports packets on their way (not counting held ones) and the time
// of the last packet.
func (rl *relay) busy() (int, time.Time) {
	rl.mu.Lock()
	defer rl.mu.Unlock()
	return rl.inflight, rl.last
}

// stop ends the delivery goroutines; the readers end when their TUN
// devices are closed.
func (rl *relay) stop() {
	rl.mu.Lock()
	rl.stopped = true
	for _, l := range rl.links {
		close(l.queue)
	}
	rl.mu.Unlock()
}
