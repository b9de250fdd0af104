package runtime

import (
	"fmt"
)

// The trace: one line per call, per packet and per state change, with the
// virtual time first. Levels: calls (calls only), packets (calls, packets,
// state changes and kernel decisions: the default), all (plus timers).

func (s *Sim) printf(format string, args ...any) {
	fmt.Fprintf(s.out, format, args...)
}

func (s *Sim) tracef(format string, args ...any) {
	if s.level >= levelPackets {
		s.printf("t=%s %s\n", s.now, fmt.Sprintf(format, args...))
	}
}

func (s *Sim) traceCall(t *Thread, text string) {
	if s.level >= levelCalls {
		s.printf("t=%s %s %s\n", s.now, t.call.Text, text)
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
	s.printf("t=%s %s\n", s.now, line)
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
