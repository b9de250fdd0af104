package runtime

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"
)

// Addr is an IPv4 address as a number; 0 is the wildcard.
type Addr uint32

func addrOf(a netip.Addr) Addr {
	if !a.IsValid() {
		return 0
	}
	b := a.As4()
	return Addr(uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3]))
}

// NetIP converts back to netip.
func (a Addr) NetIP() netip.Addr {
	return netip.AddrFrom4([4]byte{byte(a >> 24), byte(a >> 16), byte(a >> 8), byte(a)})
}

// String prints the dotted quad, or * for the wildcard.
func (a Addr) String() string {
	if a == 0 {
		return "*"
	}
	return strconv.Itoa(int(a>>24)) + "." + strconv.Itoa(int(a>>16&255)) + "." + strconv.Itoa(int(a>>8&255)) + "." + strconv.Itoa(int(a&255))
}

const loopback Addr = 127<<24 | 1

// Flags are TCP header flags.
type Flags uint8

// TCP flags.
const (
	FIN Flags = 1 << iota
	SYN
	RST
	PSH
	ACK
)

// String prints flags as tcpdump does: [S], [S.], [P.], [F.], [R.], [.].
func (f Flags) String() string {
	var b strings.Builder
	if f&SYN != 0 {
		b.WriteByte('S')
	}
	if f&FIN != 0 {
		b.WriteByte('F')
	}
	if f&RST != 0 {
		b.WriteByte('R')
	}
	if f&PSH != 0 {
		b.WriteByte('P')
	}
	if f&ACK != 0 {
		b.WriteByte('.')
	}
	return b.String()
}

// Segment is a TCP segment in flight. Sequence numbers are absolute 64-bit
// positions in the sequence space of the sender (the SYN is 0, the first
// data byte 1); on the wire they are taken modulo 2^32.
type Segment struct {
	SrcIP, DstIP     Addr
	SrcPort, DstPort uint16
	Flags            Flags
	Seq, Ack         int64
	Win              int32
	Len              int32
	MSS              uint16 // the MSS option of a SYN, 0 otherwise
	From, To         int32  // host indexes
	Note             segNote
}

// segNote says why a segment was sent, for the trace and the pcap analysis.
type segNote uint8

const (
	noteNone segNote = iota
	noteRetransmit
	noteFastRetransmit
	noteProbe
	noteWindowUpdate
	noteKeepAlive
)

var segNoteText = [...]string{"", "retransmission", "fast retransmission", "zero-window probe", "window update", "keep-alive"}

// end is the sequence number after the segment (SYN and FIN count one).
func (s *Segment) end() int64 {
	e := s.Seq + int64(s.Len)
	if s.Flags&SYN != 0 {
		e++
	}
	if s.Flags&FIN != 0 {
		e++
	}
	return e
}

// Line prints the segment the way tcpdump does, with relative sequence
// numbers (every ISN is 0).
func (s *Segment) Line() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s.%d > %s.%d: Flags [%s]", s.SrcIP, s.SrcPort, s.DstIP, s.DstPort, s.Flags)
	switch {
	case s.Len > 0:
		fmt.Fprintf(&b, ", seq %d:%d", uint32(s.Seq), uint32(s.Seq+int64(s.Len)))
	case s.Flags&(SYN|FIN|RST) != 0 || s.Flags&ACK == 0 || s.Note == noteKeepAlive || s.Note == noteProbe:
		fmt.Fprintf(&b, ", seq %d", uint32(s.Seq))
	}
	if s.Flags&ACK != 0 {
		fmt.Fprintf(&b, ", ack %d", uint32(s.Ack))
	}
	fmt.Fprintf(&b, ", win %d", s.Win)
	if s.MSS != 0 {
		fmt.Fprintf(&b, ", options [mss %d]", s.MSS)
	}
	fmt.Fprintf(&b, ", length %d", s.Len)
	return b.String()
}
