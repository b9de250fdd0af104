package runtime

import (
	"fmt"
	"strings"
)

// The trace: one line per call, per packet and per state change, with the
// virtual time first. Levels: calls (calls only), packets (calls, packets,
// state changes and kernel decisions: the default), all (plus timers).

func (s *Sim) printf(format string, args ...any) {
	s.flushRun()
	fmt.Fprintf(s.out, format, args...)
}

// A long run of packet lines (a bulk transfer) is summarised at the
// packets level: a run of more than a dozen lines prints its first runHead
// lines, one line counting what was left out, and its last runTail lines.
// Level all prints every line.
const (
	runHead = 4
	runTail = 2
	runKeep = 6 // a run of up to runHead+runKeep+runTail lines prints whole
)

type pktLine struct {
	text string
	seg  Segment
}

type packetRun struct {
	head   []pktLine
	tail   []pktLine
	middle []pktLine // the first lines between head and tail, printed when few
	elided struct {
		n, data, acks int
		first, last   int64 // sequence range of the elided data
		bytes         int64
	}
}

func (s *Sim) addPacketLine(text string, seg *Segment, noteworthy bool) {
	r := &s.run
	if s.level >= levelAll {
		fmt.Fprint(s.out, text)
		return
	}
	if noteworthy {
		// Probes, retransmissions, window updates, SYN, FIN, RST, held and
		// dropped segments are what a slide is about: never elided.
		s.flushRun()
		fmt.Fprint(s.out, text)
		return
	}
	if len(r.head) < runHead {
		r.head = append(r.head, pktLine{text, *seg})
		return
	}
	r.tail = append(r.tail, pktLine{text, *seg})
	if len(r.tail) > runTail {
		old := r.tail[0]
		r.tail = append(r.tail[:0], r.tail[1:]...)
		e := &r.elided
		if len(r.middle) <= runKeep {
			r.middle = append(r.middle, old)
		}
		switch {
		case old.seg.Len > 0:
			if e.data == 0 || old.seg.Seq < e.first {
				e.first = old.seg.Seq
			}
			e.last = max(e.last, old.seg.Seq+int64(old.seg.Len))
			e.data++
			e.bytes += int64(old.seg.Len)
		default:
			e.acks++
		}
		e.n++
	}
}

// flushRun prints the packet lines held back.
func (s *Sim) flushRun() {
	r := &s.run
	if len(r.head) == 0 {
		return
	}
	for _, l := range r.head {
		fmt.Fprint(s.out, l.text)
	}
	if e := &r.elided; e.n > 0 && e.n <= runKeep {
		for _, l := range r.middle {
			fmt.Fprint(s.out, l.text)
		}
	} else if e.n > 0 {
		var parts []string
		if e.data > 0 {
			parts = append(parts, fmt.Sprintf("%d data segments (seq %d:%d, %d bytes)", e.data, uint32(e.first), uint32(e.last), e.bytes))
		}
		if e.acks > 0 {
			parts = append(parts, fmt.Sprintf("%d ACKs", e.acks))
		}
		fmt.Fprintf(s.out, "  ... %d more packets: %s (set trace all to see each)\n", e.n, strings.Join(parts, ", "))
	}
	for _, l := range r.tail {
		fmt.Fprint(s.out, l.text)
	}
	*r = packetRun{head: r.head[:0], tail: r.tail[:0], middle: r.middle[:0]}
}

func (s *Sim) tracef(format string, args ...any) {
	if s.level >= levelPackets {
		s.printf("t=%s %s\n", s.now, fmt.Sprintf(format, args...))
	}
}

func (s *Sim) traceCall(t *Thread, text string) {
	if s.level >= levelCalls {
		s.printf("t=%s %s %s\n", s.now, s.prog.CallText(t.call), text)
	}
}

func (s *Sim) tracePacket(seg *Segment, annot string) {
	if s.level < levelPackets {
		return
	}
	line := seg.Line()
	if seg.Note != noteNone {
		line += " (" + segNoteText[seg.Note] + ")"
	}
	if annot != "" {
		line += " [" + annot + "]"
	}
	noteworthy := seg.Note != noteNone || annot != "" || seg.Flags&(SYN|FIN|RST) != 0
	s.addPacketLine("t="+s.now.String()+" "+line+"\n", seg, noteworthy)
}

func (s *Sim) traceState(sk *Socket, old, new State) {
	if s.level >= levelPackets {
		s.printf("t=%s %s %s -> %s\n", s.now, sk.label(), old, new)
	}
}

func (s *Sim) traceDerived(c, l *Socket) {
	if s.level >= levelPackets {
		s.printf("t=%s %s SYN_RECV %s <- %s: new structure derived from %s (LISTEN %s)\n",
			s.now, c.label(), c.local, c.remote, l.label(), l.local)
	}
}

func (s *Sim) traceNote(text string) {
	if s.level >= levelPackets {
		s.printf("t=%s %s\n", s.now, text)
	}
}

func (s *Sim) traceTimer(sk *Socket, k timerKind) {
	if s.level >= levelAll {
		s.printf("t=%s %s %s timer fires\n", s.now, sk.label(), timerNames[k])
	}
}

// traceDemux explains the demultiplexing of an arriving packet (show demux
// HOST all).
func (s *Sim) traceDemux(h *Host, seg *Segment) {
	s.printf("t=%s %s", s.now, s.demuxView(h, endpoint{seg.SrcIP, seg.SrcPort}, endpoint{seg.DstIP, seg.DstPort}, seg.Flags))
}
