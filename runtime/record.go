package runtime

// PacketRecord is one packet as the exporters (pcap, JSON, ladder) see it:
// captured where it was sent, at the time it was sent.
type PacketRecord struct {
	At   Time
	Seg  Segment
	Kind RecordKind
}

// RecordKind says what became of a packet.
type RecordKind uint8

// What became of a packet.
const (
	recSent    RecordKind = iota // on its way
	recHeld                      // held at the link
	recDropped                   // lost by a drop rule
	recLost                      // sent to an address no host owns
)

var recordKindNames = [...]string{"sent", "held", "dropped", "lost"}

// String names the kind.
func (k RecordKind) String() string { return recordKindNames[k] }

// Note is why the segment was sent ("retransmission", "zero-window
// probe", "window update", ...), or "".
func (p *PacketRecord) Note() string { return segNoteText[p.Seg.Note] }

func (s *Sim) record(seg *Segment, k RecordKind) {
	if s.opts.Record || s.ladder {
		s.packets = append(s.packets, PacketRecord{At: s.now, Seg: *seg, Kind: k})
	}
}
