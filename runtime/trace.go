package runtime

import (
	"bufio"
	"fmt"
	"io"
	"iter"
	"strings"

	"github.com/tcps-dev/tcps/lang"
	"github.com/tcps-dev/tcps/lang/msg"
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
			parts = append(parts, msg.ElidedData.In(s.prog.Lang, e.data, uint32(e.first), uint32(e.last), e.bytes))
		}
		if e.acks > 0 {
			parts = append(parts, msg.ElidedACKs.In(s.prog.Lang, e.acks))
		}
		fmt.Fprintln(s.out, msg.ElidedPackets.In(s.prog.Lang, e.n, strings.Join(parts, ", ")))
	}
	for _, l := range r.tail {
		fmt.Fprint(s.out, l.text)
	}
	*r = packetRun{head: r.head[:0], tail: r.tail[:0], middle: r.middle[:0]}
}

// tracef is a kernel decision or explanation line (packets level).
func (s *Sim) tracef(format string, args ...any) {
	if s.wants(levelPackets) {
		s.emit(&Event{Kind: EvDecision, Thread: -1, Host: -1, Text: fmt.Sprintf(format, args...)})
	}
}

// traceNet is a hold, release, deliver or drop statement (packets level).
func (s *Sim) traceNet(format string, args ...any) {
	if s.wants(levelPackets) {
		s.emit(&Event{Kind: EvNet, Thread: -1, Host: -1, Text: fmt.Sprintf(format, args...)})
	}
}

// traceIssue is a call starting on a thread (not printed).
func (s *Sim) traceIssue(t *Thread) {
	if s.ev.on {
		s.emit(&Event{Kind: EvCall, Thread: int(t.index), Host: int(t.host.Index), Call: s.prog.CallText(&t.call.Call)})
	}
}

// traceCall is a blocked, progressing or returning call: text is what the
// trace prints after the call ("blocks: why", "copies N more bytes into
// SendQ, still blocked: why", "= result  info").
func (s *Sim) traceCall(t *Thread, text string) {
	if !s.wants(levelCalls) {
		return
	}
	ev := &Event{Thread: int(t.index), Host: int(t.host.Index), Call: s.prog.CallText(&t.call.Call), Text: text}
	if t.sock != nil {
		ev.Sock = t.sock.label()
		s.touch(t.sock)
	}
	switch {
	case strings.HasPrefix(text, "blocks: "):
		ev.Kind, ev.Text = EvBlock, text[len("blocks: "):]
	case strings.HasPrefix(text, "copies "):
		ev.Kind = EvCopy
		if _, reason, ok := strings.Cut(text, ", still blocked: "); ok {
			ev.Text = reason
		}
		ev.N = callResult("= " + strings.TrimPrefix(text, "copies ")).Value
	default:
		ev.Kind, ev.Result = EvReturn, callResult(text)
	}
	s.emit(ev)
}

func (s *Sim) tracePacket(seg *Segment, annot string) {
	if s.wants(levelPackets) {
		s.tracePacketLine(seg, annot) // a test small enough to be inlined on every segment
	}
}

func (s *Sim) tracePacketLine(seg *Segment, annot string) {
	rec := &PacketRecord{At: s.now, Seg: *seg}
	switch annot {
	case "":
		rec.Kind = recSent
		if seg.To >= 0 {
			rec.Arrive = s.now.Add(s.delay(seg.From, seg.To))
		}
	case "held":
		rec.Kind = recHeld
	case "DROPPED":
		rec.Kind = recDropped
	default:
		rec.Kind = recLost
	}
	if s.ev.on && seg.From >= 0 && int(seg.From) < len(s.hosts) {
		s.touch(s.hosts[seg.From].findExact(fourTuple{seg.SrcIP, seg.DstIP, seg.SrcPort, seg.DstPort}))
	}
	s.emit(&Event{Kind: EvPacket, Thread: -1, Host: int(seg.From), Packet: rec, Text: annot})
}

func (s *Sim) traceState(sk *Socket, old, new State) {
	if s.wants(levelPackets) {
		s.touch(sk)
		s.emit(&Event{Kind: EvState, Thread: -1, Host: int(sk.host.Index), Sock: sk.label(), From: old, To: new})
	}
}

func (s *Sim) traceDerived(c, l *Socket) {
	if s.wants(levelPackets) {
		s.touch(c)
		s.emit(&Event{Kind: EvDerived, Thread: -1, Host: int(c.host.Index), Sock: c.label(),
			Text: msg.DerivedNew.In(s.prog.Lang, c.local, c.remote, l.label(), l.local)})
	}
}

func (s *Sim) traceNote(text string) {
	if s.wants(levelPackets) {
		s.emit(&Event{Kind: EvDecision, Thread: -1, Host: -1, Text: text})
	}
}

// traceTimer says that sk's timer fired.
func (s *Sim) traceTimer(sk *Socket) {
	if s.wants(levelAll) {
		s.touch(sk)
		s.emit(&Event{Kind: EvTimer, Thread: -1, Host: int(sk.host.Index), Sock: sk.label(), Text: timerNames[sk.timerKind]})
	}
}

// traceDemux explains the demultiplexing of an arriving packet (show demux
// HOST all). Its text ends in a newline: it prints at every level.
func (s *Sim) traceDemux(h *Host, seg *Segment) {
	s.emit(&Event{Kind: EvDecision, Thread: -1, Host: int(h.Index), Text: s.demuxView(h, endpoint{seg.SrcIP, seg.SrcPort}, endpoint{seg.DstIP, seg.DstPort}, seg.Flags)})
}

// traceComment is a note statement.
func (s *Sim) traceComment(text string) {
	s.emit(&Event{Kind: EvNote, Thread: -1, Host: -1, Text: text})
}

// traceStop is a limit stopping the run.
func (s *Sim) traceStop(msg string) {
	s.emit(&Event{Kind: EvStop, Thread: -1, Host: -1, Text: msg})
}

// traceExpect is an expectation checked: text is the trace's line.
func (s *Sim) traceExpect(ok bool, text string) {
	s.emit(&Event{Kind: EvExpect, Thread: -1, Host: -1, OK: ok, Text: text})
}

// traceDeadlock is the deadlock report on the blocked threads.
func (s *Sim) traceDeadlock(threads []*Thread) {
	ev := &Event{Kind: EvDeadlock, Thread: -1, Host: -1, Text: s.deadlockReport(threads)}
	for _, t := range threads {
		b := BlockedCall{Thread: int(t.index), Call: s.prog.CallText(&t.call.Call), Since: t.since, Reason: s.waitReason(t)}
		if t.sock != nil {
			b.Sock = t.sock.label()
		}
		ev.Blocked = append(ev.Blocked, b)
	}
	s.emit(ev)
}

// traceShow is a show statement's output; header is its first line ("show
// netstat"), "" when it has none.
func (s *Sim) traceShow(st *lang.Show, hosts iter.Seq[*Host], header, text string) {
	ev := &Event{Kind: EvShow, Thread: -1, Host: -1, Text: header}
	if s.opts.Record || s.opts.Events != nil {
		s.charge(int64(len(text))) // the record keeps the text (and tables of about its size)
		ev.Show = s.recordShow(st, hosts, text)
	} else {
		ev.Show = &ShowRecord{At: s.now, View: string(st.View), Line: int(st.Pos.Line), Text: text}
	}
	s.emit(ev)
}

// render writes an event into the text trace at the trace level: the one
// renderer of the trace.
func (s *Sim) render(ev *Event) {
	switch ev.Kind {
	case EvCall, EvSample:
	case EvBlock:
		if s.level >= levelCalls {
			s.printf("t=%s %s %s\n", ev.At, ev.Call, msg.Blocks.In(s.prog.Lang, ev.Text))
		}
	case EvCopy:
		if s.level >= levelPackets {
			s.printf("t=%s %s %s\n", ev.At, ev.Call, msg.CopiesMore.In(s.prog.Lang, moreBytes(s.prog.Lang, ev.N), ev.Text))
		}
	case EvReturn:
		if s.level >= levelCalls {
			s.printf("t=%s %s %s\n", ev.At, ev.Call, ev.Text)
		}
	case EvState:
		if s.level >= levelPackets {
			s.printf("t=%s %s %s -> %s\n", ev.At, ev.Sock, ev.From, ev.To)
		}
	case EvDerived:
		if s.level >= levelPackets {
			s.printf("t=%s %s %s\n", ev.At, ev.Sock, ev.Text)
		}
	case EvPacket:
		if s.level < levelPackets {
			return
		}
		seg := &ev.Packet.Seg
		line := seg.Line()
		if seg.Note != noteNone {
			line += " (" + noteText(s.prog.Lang, seg.Note) + ")"
		}
		if ev.Text != "" {
			line += " [" + ev.Text + "]"
		}
		noteworthy := seg.Note != noteNone || ev.Text != "" || seg.Flags&(SYN|FIN|RST) != 0
		s.addPacketLine("t="+ev.At.String()+" "+line+"\n", seg, noteworthy)
	case EvDecision:
		if strings.HasSuffix(ev.Text, "\n") {
			s.printf("t=%s %s", ev.At, ev.Text)
		} else if s.level >= levelPackets {
			s.printf("t=%s %s\n", ev.At, ev.Text)
		}
	case EvNet:
		if s.level >= levelPackets {
			s.printf("t=%s %s\n", ev.At, ev.Text)
		}
	case EvTimer:
		if s.level >= levelAll {
			s.printf("t=%s %s\n", ev.At, msg.TimerFires.In(s.prog.Lang, ev.Sock, timerWord(s.prog.Lang, ev.Text)))
		}
	case EvShow:
		if ev.Text != "" {
			s.printf("t=%s %s\n", ev.At, ev.Text)
		}
		s.out.WriteString(ev.Show.Text)
	case EvExpect, EvStop:
		if ev.Kind == EvStop {
			s.printf("t=%s %s\n", ev.At, msg.Stopped.In(s.prog.Lang, ev.Text))
		} else {
			s.printf("t=%s %s\n", ev.At, ev.Text)
		}
	case EvNote:
		s.printf("t=%s # %s\n", ev.At, ev.Text)
	case EvDeadlock:
		s.printf("t=%s %s", ev.At, ev.Text)
	}
}

// RenderTrace writes the text trace of recorded events at a trace level
// (calls, packets, all): what `tcps run` printed, for a run whose
// scenario does not change its trace level with set trace.
func RenderTrace(w io.Writer, level string, events []Event) error {
	return RenderTraceIn(w, level, events, msg.En)
}

// RenderTraceIn is RenderTrace in language lg: the words tcps adds around
// the events' own texts (which are in the run's language already).
func RenderTraceIn(w io.Writer, level string, events []Event, lg msg.Lang) error {
	l, ok := levelNames[level]
	if !ok {
		l = levelPackets
	}
	s := &Sim{out: bufio.NewWriter(w), level: l, prog: &lang.Program{Lang: lg}}
	for i := range events {
		s.render(&events[i])
	}
	s.flushRun()
	return s.out.Flush()
}

// moreBytes is "1 more byte", "500 more bytes" in l.
func moreBytes(l msg.Lang, n int64) string {
	if n == 1 {
		return msg.MoreByteOne.In(l)
	}
	return msg.MoreBytesMany.In(l, n)
}

// noteText is a segment's note in l: "(zero-window probe)" after its
// tcpdump line. keep-alive is Wireshark's word and stays.
func noteText(l msg.Lang, n segNote) string {
	if l == msg.En {
		return segNoteText[n]
	}
	switch segNoteText[n] {
	case "retransmission":
		return msg.NoteRetrans.In(l)
	case "fast retransmission":
		return msg.NoteFastRetrans.In(l)
	case "zero-window probe":
		return msg.NoteProbe.In(l)
	case "window update":
		return msg.NoteWindowUpdate.In(l)
	}
	return segNoteText[n]
}

// timerWord is a timer's name (timerNames) in l.
func timerWord(l msg.Lang, name string) string {
	switch name {
	case "retransmission":
		return msg.TimerRetrans.In(l)
	case "persist":
		return msg.TimerPersist.In(l)
	}
	return name
}
