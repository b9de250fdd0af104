package runtime

import (
	"github.com/tcps-dev/tcps/lang"
	"github.com/tcps-dev/tcps/lang/msg"
)

// The network is a full mesh of links with a one-way delay and no
// bandwidth limit: segments sent at the same instant arrive together, in the
// order they were sent. Per direction, traffic can be held (segments wait
// at the link, not lost), delivered a few at a time, released, or dropped.

type dirKey struct{ from, to int32 }

// direction is the traffic control of one direction between two hosts.
type direction struct {
	holding bool
	held    []Segment
	drops   []dropRule
}

type dropRule struct {
	left   int
	filter lang.SegFilter
}

func (r *dropRule) matches(seg *Segment) bool {
	switch r.filter {
	case lang.DataSeg:
		return seg.Len > 0
	case lang.SynSeg:
		return seg.Flags&SYN != 0
	case lang.FinSeg:
		return seg.Flags&FIN != 0
	case lang.AckSeg:
		return seg.Len == 0 && seg.Flags&(SYN|FIN|RST) == 0
	case lang.RstSeg:
		return seg.Flags&RST != 0
	}
	return true
}

func (s *Sim) dir(from, to int32) *direction {
	k := dirKey{from, to}
	d := s.dirs[k]
	if d == nil {
		d = &direction{}
		s.dirs[k] = d
	}
	return d
}

func (s *Sim) delay(from, to int32) Time {
	if from == to || len(s.links) == 0 {
		// No link statement: no lookup (this runs for every segment).
		return s.global.delay
	}
	if d, ok := s.links[dirKey{min(from, to), max(from, to)}]; ok {
		return d
	}
	return s.global.delay
}

// owner is a host that owns an address (-1: none); valid is false before
// the first lookup.
type owner struct {
	a     Addr
	h     int32
	valid bool
}

// hostOf finds the host that owns a destination address. The checker's
// table answers (lang.Program.HostAt); the last answer is kept, since a
// million clients send their SYNs to the same server.
func (s *Sim) hostOf(from int32, a Addr) int32 {
	if a == loopback {
		return from
	}
	if s.lastOwner.valid && s.lastOwner.a == a {
		return s.lastOwner.h
	}
	h := int32(-1)
	if i, ok := s.prog.HostAt(a.NetIP()); ok {
		h = int32(i)
	}
	s.lastOwner.a, s.lastOwner.h, s.lastOwner.valid = a, h, true
	return h
}

// transmit puts a segment on the wire (seg itself, when it is the
// queue's draft; otherwise a copy).
func (s *Sim) transmit(seg *Segment) {
	seg.To = s.hostOf(seg.From, seg.DstIP)
	s.put(seg)
}

// transmitFrom puts a segment that structure sk sends on the wire. The
// structure remembers which host owns the address it last sent to, so
// that the run's address table (a cache miss once it holds a million
// hosts) is read once a connection, not once a segment.
func (s *Sim) transmitFrom(sk *Socket, seg *Segment) {
	if sk.peer.ip != seg.DstIP || sk.peer.ip == 0 {
		sk.peer.ip, sk.peer.host = seg.DstIP, s.hostOf(seg.From, seg.DstIP)
	}
	seg.To = sk.peer.host
	s.put(seg)
}

// put sends a segment whose destination host is known (seg.To, or -1 when
// no host owns the address).
func (s *Sim) put(seg *Segment) {
	s.stats.segments++
	if seg.To < 0 {
		s.tracePacket(seg, msg.NoHostLost.In(s.prog.Lang))
		s.record(seg, recLost)
		return
	}
	if len(s.dirs) > 0 {
		if d := s.dirs[dirKey{seg.From, seg.To}]; d != nil {
			for i := range d.drops {
				r := &d.drops[i]
				if r.left > 0 && r.matches(seg) {
					r.left--
					s.tracePacket(seg, "DROPPED")
					s.record(seg, recDropped)
					return
				}
			}
			if d.holding {
				before := cap(d.held)
				d.held = append(d.held, *seg)
				s.chargeGrowth(before, cap(d.held), segCost)
				s.tracePacket(seg, "held")
				s.record(seg, recHeld)
				return
			}
		}
	}
	s.tracePacket(seg, "")
	s.record(seg, recSent)
	s.arrivals++
	s.q.pushArrival(s.now.Add(s.delay(seg.From, seg.To)), seg)
}

// deliverHeld lets the first n held segments of a direction arrive now (all
// of them when n <= 0).
func (s *Sim) deliverHeld(d *direction, n int) int {
	if n <= 0 || n > len(d.held) {
		n = len(d.held)
	}
	for i := 0; i < n; i++ {
		s.arrivals++
		s.q.pushArrival(s.now, &d.held[i])
	}
	d.held = append(d.held[:0], d.held[n:]...)
	return n
}

// arrive hands a segment to its destination host.
func (s *Sim) arrive(seg *Segment) {
	s.arrivals--
	h := s.hosts[seg.To]
	h.receive(seg)
}
