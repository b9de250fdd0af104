package runtime

import (
	"github.com/tcps-dev/tcps/lang"
	"github.com/tcps-dev/tcps/lang/msg"
	"iter"
)

// PacketRecord is one packet as the exporters (pcap, JSON, ladder) see it:
// captured where it was sent, at the time it was sent.
type PacketRecord struct {
	At     Time
	Arrive Time // when it reaches its host; 0 when it never does (held, dropped, lost)
	Seg    Segment
	Kind   RecordKind
	// Writes are the writes the payload came from, each whole (stream
	// offsets): the pcap's payload patterns. Only with Options.Packet or
	// Options.Record.
	Writes []ByteRange
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

// NoteIn is Note in language l, as the trace writes it.
func (p *PacketRecord) NoteIn(l msg.Lang) string { return noteText(l, p.Seg.Note) }

func (s *Sim) record(seg *Segment, k RecordKind) {
	if s.opts.Packet != nil || s.opts.Record || s.ladder {
		s.recordPacket(seg, k) // a test small enough to be inlined on every segment
	}
}

func (s *Sim) recordPacket(seg *Segment, k RecordKind) {
	var arrive Time
	if k == recSent && (s.opts.Packet != nil || s.opts.Record || s.ladder) {
		arrive = s.now.Add(s.delay(seg.From, seg.To))
	}
	var writes []ByteRange
	if s.opts.Packet != nil || s.opts.Record {
		writes = s.payloadWrites(seg)
	}
	if s.opts.Packet != nil {
		rec := PacketRecord{At: s.now, Arrive: arrive, Seg: *seg, Kind: k, Writes: writes}
		s.opts.Packet(&rec)
	}
	if s.opts.Record || s.ladder {
		if s.opts.MaxPackets > 0 && len(s.packets) >= s.opts.MaxPackets {
			s.pktOmitted++
			return
		}
		s.packets = append(s.packets, PacketRecord{At: s.now, Arrive: arrive, Seg: *seg, Kind: k, Writes: writes})
		s.chargePacket()
	}
}

// ShowRecord is the structured content of one show statement, for the
// renderers (Markdown tables, SVG figures, JSON).
type ShowRecord struct {
	At     Time
	View   string
	Line   int            // the show statement's line
	Text   string         // exactly what the trace printed
	Tables []Table        // netstat, ss, sockets, windows, demux
	Conns  []ConnSnapshot // queues
	// A ladder with a range (show ladder from X to Y): the packets sent
	// from Since to Until, both included.
	Since, Until Time
	Range        bool
}

// Table is a titled table: the first row is the header.
type Table struct {
	Title string
	Rows  [][]string
}

// ConnSnapshot is one connection's queues, per direction that carries data.
type ConnSnapshot struct {
	Title string
	Dirs  []DirSnapshot
	ConnWaits
}

// DirSnapshot is the three queues of one direction of a connection.
// Ranges are stream byte offsets, 0-based and inclusive, labelled by write.
type DirSnapshot struct {
	Sender, Receiver string
	SendQ            []ByteRange // written, not yet acknowledged
	InFlight         int64       // of SendQ: sent, not yet acknowledged
	RecvQ            []ByteRange
	Delivered        []ByteRange
	DirCapacity
}

// ByteRange is bytes [First, Last] of the stream, from write Write (0 when
// unknown).
type ByteRange struct {
	Write       int
	First, Last int64
}

// Len is the number of bytes in the range.
func (r ByteRange) Len() int64 { return r.Last - r.First + 1 }

// recordShow builds the structured record of a show and keeps it in
// Result.Shows when the run records (up to Options.MaxShows).
func (s *Sim) recordShow(st *lang.Show, hosts iter.Seq[*Host], text string) *ShowRecord {
	r := ShowRecord{At: s.now, View: string(st.View), Line: int(st.Pos.Line), Text: text, Range: st.Range}
	if st.Range {
		r.Since, r.Until = Time(st.Since), Time(st.Until)
	}
	switch st.View {
	case lang.ViewNetstat:
		for h := range hosts {
			r.Tables = append(r.Tables, Table{Title: h.name() + "$ netstat -an", Rows: h.netstatRows()})
		}
	case lang.ViewSS:
		for h := range hosts {
			r.Tables = append(r.Tables, Table{Title: h.name() + "$ ss -tan", Rows: h.ssRows()})
		}
	case lang.ViewSockets:
		for h := range hosts {
			r.Tables = append(r.Tables, Table{Title: msg.TableSockets.In(s.prog.Lang, h.name()), Rows: h.socketRows()})
		}
	case lang.ViewWindows:
		r.Tables = append(r.Tables, Table{Title: "windows", Rows: s.windowRows(st)})
	case lang.ViewDemux:
		if !st.Every {
			h := s.hosts[st.Host]
			from := endpoint{addrOf(st.From.Addr), st.From.Port}
			to := endpoint{addrOf(st.To.Addr), st.To.Port}
			r.Tables = append(r.Tables, Table{Title: msg.TableDemux.In(s.prog.Lang, h.name(), from.String(), to.String()), Rows: s.demuxRows(h, from, to)})
		}
	case lang.ViewQueues:
		for _, pair := range s.queuePairs(st) {
			r.Conns = append(r.Conns, s.connSnapshot(pair[0], pair[1]))
		}
	}
	if s.opts.Record {
		if s.opts.MaxShows > 0 && len(s.shows) >= s.opts.MaxShows {
			s.showOmitted++
		} else {
			s.shows = append(s.shows, r)
		}
	}
	return &r
}

func rangesOf(writes []writeRec, from, to int64) []ByteRange {
	var out []ByteRange
	for _, w := range writes {
		lo, hi := max(w.start, from), min(w.end, to)
		if lo < hi {
			out = append(out, ByteRange{Write: int(w.n), First: lo - 1, Last: hi - 2})
		}
	}
	if len(out) == 0 && to > from {
		out = append(out, ByteRange{First: from - 1, Last: to - 2})
	}
	return out
}

func (s *Sim) connSnapshot(a, b *Socket) ConnSnapshot {
	c := ConnSnapshot{Title: msg.ConnectionHead.In(s.prog.Lang, a.label(), a.local.String(), sockLabel(b, a.remote), a.remote.String())}
	for _, d := range queueDirs(a, b) {
		snd, rcv := d[0], d[1]
		ds := DirSnapshot{Sender: snd.label(), Receiver: sockLabel(rcv, snd.remote), DirCapacity: s.dirCapacity(snd, rcv)}
		ds.SendQ = rangesOf(snd.snd.writes, snd.sendQSpan().start, snd.snd.end)
		ds.InFlight = max(min(snd.snd.nxt, snd.snd.end)-max(snd.snd.una, 1), 0)
		if rcv != nil {
			ds.RecvQ = rangesOf(snd.snd.writes, rcv.rcv.readPtr, rcv.rcv.dataEnd())
			ds.Delivered = rangesOf(snd.snd.writes, 1, rcv.rcv.readPtr)
		}
		c.Dirs = append(c.Dirs, ds)
	}
	c.ConnWaits = s.connWaits(a, b)
	return c
}
