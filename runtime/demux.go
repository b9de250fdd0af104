package runtime

// Demultiplexing: deciding which socket structure an arriving packet
// belongs to. The lecture's rule is that the local port must equal the
// packet's destination port, every other field must equal the packet's or
// be the wildcard *, and among the structures that match the one with the
// fewest wildcards wins.
//
// Connected structures have no wildcards, so an exact 4-tuple hash finds
// them in O(1) (a host with a handful of structures searches those);
// only listeners have wildcards, and they are kept per port, most
// specific first. No packet scans every structure of a large host. The
// explanation view (Explain) does scan, because it shows every structure.

type fourTuple struct {
	lip   Addr
	rip   Addr
	lport uint16
	rport uint16
}

// A host's tables for arriving segments are in its hostTables: exact
// holds the connected structures by 4-tuple once the host has made more
// than fewMax structures (ehash.go). Before that, findExact searches the
// host's structure list for one marked inExact: a million client hosts
// with one connection each keep no list and no table of their own.
// listeners holds the listeners by local port.

// fewMax is how many structures a host makes before its connected ones
// get a 4-tuple table (and its bound ones a map by port, bind.go).
const fewMax = 8

func tupleOf(s *Socket) fourTuple {
	return fourTuple{s.local.ip, s.remote.ip, s.local.port, s.remote.port}
}

// findExact returns the connected structure with 4-tuple k, or nil.
func (h *Host) findExact(k fourTuple) *Socket {
	if t := h.tables; t != nil && t.exact != nil {
		return t.exact.find(k)
	}
	for _, s := range h.socks {
		if s.inExact && tupleOf(s) == k {
			return s
		}
	}
	return nil
}

// addExact enters s under its 4-tuple. A structure entered under the same
// one before leaves the table: the tuple finds s from now on.
func (h *Host) addExact(s *Socket) {
	var old *Socket
	if t := h.tables; t != nil && t.exact != nil {
		old = t.exact.put(s)
	} else {
		old = h.findExact(tupleOf(s))
	}
	if old != nil && old != s {
		old.inExact = false
	}
	s.inExact = true
}

func (h *Host) removeExact(s *Socket) {
	s.inExact = false
	if t := h.tables; t != nil && t.exact != nil {
		t.exact.remove(s)
	}
}

// madeSocket keeps the 4-tuple table's promise as the host makes its
// structures: the one after fewMax gets the connected ones a table.
func (h *Host) madeSocket() {
	if len(h.socks) != fewMax+1 {
		return
	}
	exact := newEhash(&h.sim.socks, 2*fewMax)
	for _, s := range h.socks {
		if s.inExact {
			exact.put(s)
		}
	}
	h.bigTables().exact = exact
}

func (h *Host) addListener(s *Socket) {
	d := h.bigTables()
	if d.listeners == nil {
		d.listeners = map[uint16][]*Socket{}
	}
	l := d.listeners[s.local.port]
	// Specific addresses first; among equals, bind order.
	i := len(l)
	if s.local.ip != 0 {
		for i = 0; i < len(l) && l[i].local.ip != 0; i++ {
		}
	}
	l = append(l, nil)
	copy(l[i+1:], l[i:])
	l[i] = s
	d.listeners[s.local.port] = l
}

func (h *Host) removeListener(s *Socket) {
	d := h.tables // made by addListener
	if d == nil {
		return
	}
	l := removeSock(d.listeners[s.local.port], s)
	if len(l) == 0 {
		delete(d.listeners, s.local.port)
	} else {
		d.listeners[s.local.port] = l
	}
}

// lookup finds the structure for a segment arriving at the host.
func (h *Host) lookup(seg *Segment) *Socket {
	if s := h.findExact(fourTuple{seg.DstIP, seg.SrcIP, seg.DstPort, seg.SrcPort}); s != nil {
		return s
	}
	if h.tables == nil {
		return nil
	}
	for _, l := range h.tables.listeners[seg.DstPort] {
		if l.local.ip == 0 || l.local.ip == seg.DstIP {
			return l
		}
	}
	return nil
}

// FieldMatch is how one field of a structure compares with a packet.
type FieldMatch uint8

// Field comparisons.
const (
	Match FieldMatch = iota
	Wildcard
	Mismatch
)

var fieldMatchText = [...]string{"match", "* (wildcard)", "MISMATCH"}

func (m FieldMatch) String() string { return fieldMatchText[m] }

// DemuxRow is one structure in a demux explanation.
type DemuxRow struct {
	Sock      *Socket
	Fields    [4]FieldMatch // local port, local IP, remote IP, remote port
	Wildcards int
	Matches   bool
}

// Explain compares every live structure of the host with a packet from src
// to dst, as the lecture's demultiplexing figure does. It returns the rows in
// structure order and the index of the winner, or -1.
func (h *Host) Explain(src, dst endpoint) ([]DemuxRow, int) {
	var rows []DemuxRow
	for _, s := range h.socks {
		if s.State == Closed {
			continue
		}
		r := DemuxRow{Sock: s}
		r.Fields[0] = cmpField(uint32(s.local.port), uint32(dst.port), false)
		r.Fields[1] = cmpField(uint32(s.local.ip), uint32(dst.ip), true)
		r.Fields[2] = cmpField(uint32(s.remote.ip), uint32(src.ip), true)
		r.Fields[3] = cmpField(uint32(s.remote.port), uint32(src.port), true)
		r.Matches = true
		for _, f := range r.Fields {
			if f == Mismatch {
				r.Matches = false
			}
			if f == Wildcard {
				r.Wildcards++
			}
		}
		rows = append(rows, r)
	}
	best := -1
	for i, r := range rows {
		if r.Matches && (best < 0 || r.Wildcards < rows[best].Wildcards) {
			best = i
		}
	}
	return rows, best
}

func cmpField(sock, pkt uint32, wildOK bool) FieldMatch {
	switch {
	case sock == pkt:
		return Match
	case sock == 0 && wildOK:
		return Wildcard
	}
	return Mismatch
}
