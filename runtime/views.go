package runtime

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/tcps-dev/tcps/lang"
	"github.com/tcps-dev/tcps/lang/msg"
)

// The views of show. Each renders text that reads like the lecture:
// netstat exactly as net-tools prints it, the book's socket table, the
// three queues, the windows, the demultiplexing decision, a ladder.

func (s *Sim) show(st *lang.Show) {
	var b strings.Builder
	hosts := s.machinesIn(st.Host)
	switch st.View {
	case lang.ViewTime:
		fmt.Fprintf(&b, "t=%s\n", s.now)
	case lang.ViewNetstat:
		for h := range hosts {
			b.WriteString(h.name() + "$ netstat -an\n" + h.Netstat())
		}
	case lang.ViewSS:
		for h := range hosts {
			b.WriteString(h.name() + "$ ss -tan\n" + h.SS())
		}
	case lang.ViewSockets:
		for h := range hosts {
			b.WriteString(h.SocketTable())
		}
	case lang.ViewQueues:
		b.WriteString(s.queuesView(st))
	case lang.ViewWindows:
		b.WriteString(s.windowsView(st))
	case lang.ViewDemux:
		h := s.hosts[st.Host]
		if st.Every {
			if s.demuxAll == nil {
				s.demuxAll = map[int]bool{}
			}
			s.demuxAll[int(h.Index)] = true
			fmt.Fprintf(&b, "t=%s %s\n", s.now, msg.DemuxEvery.In(s.prog.Lang, h.name()))
			break
		}
		from := endpoint{addrOf(st.From.Addr), st.From.Port}
		to := endpoint{addrOf(st.To.Addr), st.To.Port}
		b.WriteString(s.demuxView(h, from, to, SYN))
	case lang.ViewLadder:
		b.WriteString(s.ladderView(ladderPackets(s.packets, st)))
	case lang.ViewPackets:
		for i := range s.packets {
			p := &s.packets[i]
			line := p.Seg.Line()
			if n := p.Note(); n != "" {
				line += " (" + n + ")"
			}
			if p.Kind != recSent {
				line += " [" + p.Kind.String() + "]"
			}
			fmt.Fprintf(&b, "  t=%s %s\n", p.At, line)
		}
		if len(s.packets) == 0 {
			b.WriteString("  " + msg.NoPackets.In(s.prog.Lang) + "\n")
		}
	}
	header := ""
	if st.View != lang.ViewTime && !(st.View == lang.ViewDemux && st.Every) {
		header = "show " + string(st.View)
		if st.Range {
			header += " from " + Time(st.Since).String()
			if st.Until < math.MaxInt64 {
				header += " to " + Time(st.Until).String()
			}
		}
	}
	s.traceShow(st, hosts, header, b.String())
}

// table aligns rows into columns: l left, r right; two spaces between.
// A column is as wide as a terminal shows its widest cell: Hangul counts
// two columns (see dispWidth).
func table(rows [][]string, align string) string {
	widths := make([]int, len(rows[0]))
	for _, r := range rows {
		for i, c := range r {
			widths[i] = max(widths[i], dispWidth(c))
		}
	}
	var b strings.Builder
	for _, r := range rows {
		var line strings.Builder
		for i, c := range r {
			if i > 0 {
				line.WriteString("  ")
			}
			pad := strings.Repeat(" ", widths[i]-dispWidth(c))
			if i < len(align) && align[i] == 'r' {
				line.WriteString(pad + c)
			} else {
				line.WriteString(c + pad)
			}
		}
		b.WriteString(strings.TrimRight(line.String(), " ") + "\n")
	}
	return b.String()
}

// SocketTable is the book's table of socket structures: number, state,
// local port and IP, remote port and IP, SendQ, RecvQ, and where each came
// from.
func (h *Host) SocketTable() string {
	var b strings.Builder
	addrs := make([]string, 0, h.nAddrs+1)
	for _, a := range h.Addrs() {
		addrs = append(addrs, a.String())
	}
	addrs = append(addrs, "127.0.0.1")
	l := h.sim.prog.Lang
	fmt.Fprintln(&b, msg.SocketsOf.In(l, h.name(), strings.Join(addrs, ", ")))
	rows := h.socketRows()
	if len(rows) == 1 {
		return b.String() + "  " + msg.None.In(l) + "\n"
	}
	return b.String() + indent(table(rows, "rlllllrrl"), "  ")
}

// socketRows is the book's table as cells, header first.
func (h *Host) socketRows() [][]string {
	l := h.sim.prog.Lang
	rows := [][]string{{"#", msg.ColState.In(l), msg.ColLocalPort.In(l), msg.ColLocalIP.In(l), msg.ColRemotePort.In(l), msg.ColRemoteIP.In(l),
		msg.ColSendQ.In(l), msg.ColRecvQ.In(l), msg.ColOrigin.In(l)}}
	for _, sk := range h.socks {
		if sk.State == Closed && (sk.handle == 0 || sk.reset || sk.orphan) {
			continue
		}
		origin := "socket()"
		switch {
		case sk.parent != nil:
			origin = msg.OriginDerived.In(l, sk.parent.Num)
			if !sk.accepted {
				origin += msg.OriginNotYet.In(l)
			}
		case sk.State == Listen:
			origin = "listen()"
		case sk.connected():
			origin = "connect()"
		}
		rows = append(rows, []string{itoa(sk.Num), sk.State.String(), portStr(sk.local.port), sk.local.ip.String(),
			portStr(sk.remote.port), sk.remote.ip.String(), itoa64(sk.SendQ()), itoa64(sk.RecvQ()), origin})
	}
	return rows
}

func portStr(p uint16) string {
	if p == 0 {
		return "*"
	}
	return itoa(int(p))
}

// resolve finds the structure a show or expect names.
func (s *Sim) resolve(host int, ref lang.SockRef) (*Socket, string) {
	h := s.hosts[host]
	switch {
	case ref.Handle >= 0:
		sk := s.handles[ref.Handle]
		if sk == nil {
			return nil, msg.NeverCreated.In(s.prog.Lang, s.prog.Handles[ref.Handle].Label(), h.name())
		}
		return sk, ""
	case ref.Num >= 0:
		if ref.Num < len(h.socks) {
			return h.socks[ref.Num], ""
		}
		return nil, msg.NoStructure.In(s.prog.Lang, h.name(), ref.Num, len(h.socks))
	}
	return nil, "no socket named"
}

// queuesView draws the three queues of the connections of a host or
// socket (every connection when neither is named).
func (s *Sim) queuesView(st *lang.Show) string {
	if st.Host >= 0 && st.Sock != lang.NoSock {
		if sk, why := s.resolve(st.Host, st.Sock); sk == nil {
			return "  " + why + "\n"
		}
	}
	var b strings.Builder
	for _, p := range s.queuePairs(st) {
		b.WriteString(s.queuesConn(p[0], p[1]))
	}
	if b.Len() == 0 {
		return "  " + msg.NoConnections.In(s.prog.Lang) + "\n"
	}
	return b.String()
}

// queuePairs lists the connections a queues view shows, each once, as
// (structure, peer) pairs; the peer is nil when it is gone.
func (s *Sim) queuePairs(st *lang.Show) [][2]*Socket {
	var socks []*Socket
	if st.Host >= 0 && st.Sock != lang.NoSock {
		if sk, _ := s.resolve(st.Host, st.Sock); sk != nil {
			socks = []*Socket{sk}
		}
	} else {
		for h := range s.machinesIn(st.Host) {
			for _, sk := range h.socks {
				if sk.connected() && (sk.State != Closed || sk.handle > 0) {
					socks = append(socks, sk)
				}
			}
		}
	}
	var out [][2]*Socket
	seen := map[*Socket]bool{}
	for _, sk := range socks {
		if seen[sk] {
			continue
		}
		seen[sk] = true
		peer := s.peerOf(sk)
		if peer != nil {
			seen[peer] = true
		}
		out = append(out, [2]*Socket{sk, peer})
	}
	return out
}

// queuesConn draws one connection: for each direction that carried data
// (both when neither did), the sender's SendQ with the bytes in flight, and
// the receiver's RecvQ and Delivered, each labelled by the writes the bytes
// came from.
func (s *Sim) queuesConn(a, b *Socket) string {
	var out strings.Builder
	fmt.Fprintln(&out, msg.ConnectionHead.In(s.prog.Lang, a.label(), a.local, sockLabel(b, a.remote), a.remote))
	for _, d := range queueDirs(a, b) {
		out.WriteString(s.direction(d[0], d[1]))
	}
	return out.String()
}

// queueDirs lists the directions of a connection a picture shows, as
// (sender, receiver) pairs: those that carried data, or both when neither
// did. The receiver is nil when it is gone.
func queueDirs(a, b *Socket) [][2]*Socket {
	busy := a.snd.end > 1 || b != nil && b.snd.end > 1
	var out [][2]*Socket
	for _, d := range [][2]*Socket{{a, b}, {b, a}} {
		if d[0] != nil && (d[0].snd.end > 1 || !busy) {
			out = append(out, d)
		}
	}
	return out
}

func sockLabel(sk *Socket, ep endpoint) string {
	if sk == nil {
		return "(gone)"
	}
	return sk.label()
}

// direction draws the data flowing from snd to rcv.
func (s *Sim) direction(snd, rcv *Socket) string {
	var b strings.Builder
	to := "(gone)"
	if rcv != nil {
		to = rcv.label()
	}
	fmt.Fprintf(&b, "  %s -> %s\n", snd.label(), to)
	sq := snd.SendQ()
	inflight := max(min(snd.snd.nxt, snd.snd.end)-max(snd.snd.una, 1), 0)
	sqs := snd.sendQSpan()
	l := s.prog.Lang
	fmt.Fprintln(&b, msg.QueueSendQ.In(l, snd.label(), sq, labels(snd.snd.writes, sqs.start, sqs.end)))
	if inflight > 0 {
		fmt.Fprintln(&b, msg.QueueInFlight.In(l, "", inflight, labels(snd.snd.writes, max(snd.snd.una, 1), max(snd.snd.una, 1)+inflight)))
	}
	if rcv != nil {
		r := &rcv.rcv
		rqs := rcv.recvQSpan()
		fmt.Fprintln(&b, msg.QueueRecvQ.In(l, rcv.label(), rcv.RecvQ(), labels(snd.snd.writes, rqs.start, rqs.end)))
		for _, o := range r.oooSpans() {
			fmt.Fprintln(&b, msg.QueueAside.In(l, "", o.end-o.start, labels(snd.snd.writes, o.start, o.end)))
		}
		fmt.Fprintln(&b, msg.QueueDelivered.In(l, rcv.label(), rcv.Delivered(), labels(snd.snd.writes, 1, r.readPtr)))
	}
	return trimLines(b.String())
}

// labels names the stream bytes [from, to) (sequence numbers) by the
// writes they came from: "write 2 [1000-2999], write 3 [3000-3499]". Byte
// offsets count from 0, inclusive at both ends, as the book does.
func labels(writes []writeRec, from, to int64) string {
	if to <= from {
		return ""
	}
	var parts []string
	for _, w := range writes {
		lo, hi := max(w.start, from), min(w.end, to)
		if lo >= hi {
			continue
		}
		parts = append(parts, fmt.Sprintf("write %d [%d-%d]", w.n, lo-1, hi-2))
	}
	if len(parts) == 0 {
		return fmt.Sprintf("[%d-%d]", from-1, to-2)
	}
	if len(parts) > 6 {
		parts = append(parts[:3], append([]string{"..."}, parts[len(parts)-2:]...)...)
	}
	return strings.Join(parts, " ")
}

// windowsView shows what limits each sender: the peer's window (flow
// control) or the congestion window.
func (s *Sim) windowsView(st *lang.Show) string {
	rows := s.windowRows(st)
	if len(rows) == 1 {
		return "  " + msg.NoConnections.In(s.prog.Lang) + "\n"
	}
	return indent(table(rows, "lrrrrrll"), "  ")
}

// windowRows is the windows table as cells, header first.
func (s *Sim) windowRows(st *lang.Show) [][]string {
	var socks []*Socket
	if st.Host >= 0 && st.Sock != lang.NoSock {
		if sk, _ := s.resolve(st.Host, st.Sock); sk != nil {
			socks = append(socks, sk)
		}
	} else {
		for h := range s.machinesIn(st.Host) {
			for _, sk := range h.socks {
				if sk.connected() && sk.State != Closed {
					socks = append(socks, sk)
				}
			}
		}
	}
	l := s.prog.Lang
	rows := [][]string{{msg.ColSender.In(l), "rwnd", "cwnd", "ssthresh", msg.ColInFlight.In(l), msg.ColUsable.In(l), msg.ColLimitedBy.In(l), msg.ColOwnWindow.In(l)}}
	for _, sk := range socks {
		snd := &sk.snd
		inflight := snd.nxt - snd.una
		rwnd := int64(snd.wnd)
		wnd := min(rwnd, snd.cwnd)
		limit := msg.LimitRwnd.In(l)
		if snd.cwnd < rwnd {
			limit = msg.LimitCwnd.In(l)
		} else if snd.wnd == 0 {
			limit = msg.LimitZeroWindow.In(l)
		}
		ssth := "inf"
		if snd.ssth < 1<<61 {
			ssth = itoa64(snd.ssth)
		}
		win, _ := sk.windowNow()
		rows = append(rows, []string{sk.label(), itoa64(rwnd), itoa64(snd.cwnd), ssth, itoa64(inflight), itoa64(max(wnd-inflight, 0)), limit, itoa64(win)})
	}
	return rows
}

// demuxView explains which structure of h a packet from src to dst
// reaches.
func (s *Sim) demuxView(h *Host, src, dst endpoint, flags Flags) string {
	var b strings.Builder
	l := s.prog.Lang
	fmt.Fprintln(&b, msg.DemuxHead.In(l, h.name(), src, dst, flags))
	tab := s.demuxRows(h, src, dst)
	rows, best := h.Explain(src, dst)
	if len(tab) > 1 {
		b.WriteString(indent(table(tab, "rlllllrl"), "  "))
		b.WriteString("  " + msg.DemuxLegend.In(l) + "\n")
	}
	if best < 0 {
		b.WriteString("  " + msg.DemuxNoMatch.In(l) + "\n")
		return b.String()
	}
	w := rows[best].Sock
	nmatch := 0
	for _, r := range rows {
		if r.Matches {
			nmatch++
		}
	}
	why := msg.DemuxOnly.In(l)
	if nmatch > 1 {
		why = msg.DemuxFewest.In(l, nmatch, rows[best].Wildcards)
	}
	b.WriteString("  " + msg.DemuxWinner.In(l, w.label(), w.State, w.local, why))
	if w.State == Listen && flags&SYN != 0 {
		b.WriteString(msg.DemuxDerives.In(l))
	}
	b.WriteString("\n")
	return b.String()
}

// demuxRows is the demux explanation as cells, header first.
func (s *Sim) demuxRows(h *Host, src, dst endpoint) [][]string {
	rows, best := h.Explain(src, dst)
	l := s.prog.Lang
	tab := [][]string{{"#", msg.ColState.In(l), msg.ColLocalPort.In(l), msg.ColLocalIP.In(l), msg.ColRemotePort.In(l), msg.ColRemoteIP.In(l),
		msg.ColWildcards.In(l), msg.ColResult.In(l)}}
	mark := func(v string, m FieldMatch) string {
		switch m {
		case Match:
			return v + " ="
		case Wildcard:
			return v + " (any)"
		}
		return v + " x"
	}
	for i, r := range rows {
		sk := r.Sock
		res := msg.ResNoMatch.In(l)
		if r.Matches {
			res = msg.ResMatch.In(l)
		}
		if i == best {
			res = msg.ResWinner.In(l)
		}
		tab = append(tab, []string{itoa(sk.Num), sk.State.String(), mark(portStr(sk.local.port), r.Fields[0]), mark(sk.local.ip.String(), r.Fields[1]),
			mark(portStr(sk.remote.port), r.Fields[3]), mark(sk.remote.ip.String(), r.Fields[2]), itoa(r.Wildcards), res})
	}
	return tab
}

// ladderPackets are the packets a show ladder draws: every packet so far,
// or those sent in its range.
func ladderPackets(packets []PacketRecord, st *lang.Show) []PacketRecord {
	if !st.Range {
		return packets
	}
	since, until := Time(st.Since), Time(st.Until)
	lo := sort.Search(len(packets), func(i int) bool { return packets[i].At >= since })
	hi := sort.Search(len(packets), func(i int) bool { return packets[i].At > until })
	return packets[lo:hi]
}

// ladderView draws packets as a ladder between hosts.
func (s *Sim) ladderView(packets []PacketRecord) string {
	var hosts []int32
	seen := map[int32]bool{}
	for _, p := range packets {
		for _, h := range []int32{p.Seg.From, p.Seg.To} {
			if h >= 0 && !seen[h] {
				seen[h] = true
				hosts = append(hosts, h)
			}
		}
	}
	if len(hosts) == 0 {
		return "  " + msg.NoPackets.In(s.prog.Lang) + "\n"
	}
	const gap = 44
	// The time column is 12 wide, or as wide as the widest time and a
	// space: t=1407.000ms must not run into the first column.
	tw := 0
	for _, p := range packets {
		tw = max(tw, len(p.At.String()))
	}
	timeCol := max(12, len("t=")+tw+1)
	col := map[int32]int{}
	for i, h := range hosts {
		col[h] = i * gap
	}
	width := (len(hosts)-1)*gap + 1
	var b strings.Builder
	head := []rune(strings.Repeat(" ", width+timeCol))
	for _, h := range hosts {
		name := []rune(s.hosts[h].name())
		start := col[h] - len(name)/2
		if start < 0 {
			start = 0
		}
		copy(head[start:], name)
	}
	b.WriteString(strings.Repeat(" ", timeCol) + strings.TrimRight(string(head), " ") + "\n")
	for _, p := range packets {
		line := []rune(strings.Repeat(" ", width))
		for _, h := range hosts {
			line[col[h]] = '|'
		}
		label := ladderLabel(&p, s.prog.Lang)
		if p.Seg.To >= 0 && p.Seg.To == p.Seg.From {
			line = append(line, []rune("  (loopback) "+label)...)
		} else if p.Seg.To >= 0 {
			a, c := col[p.Seg.From], col[p.Seg.To]
			lo, hi := min(a, c), max(a, c)
			for i := lo + 1; i < hi; i++ {
				line[i] = '-'
			}
			if c > a {
				line[hi-1] = '>'
			} else {
				line[lo+1] = '<'
			}
			if p.Kind == recDropped {
				line[(lo+hi)/2] = 'X'
			}
			lab := []rune(" " + label + " ")
			if len(lab) < hi-lo-3 {
				copy(line[lo+(hi-lo-len(lab))/2+1:], lab)
			} else {
				line = append(line, []rune("  "+label)...)
			}
		} else {
			line = append(line, []rune("  (no host) "+label)...)
		}
		b.WriteString(fmt.Sprintf("t=%-*s", timeCol-2, p.At.String()) + strings.TrimRight(string(line), " ") + "\n")
	}
	return b.String()
}

// ladderLabel is what the ladder writes on a packet's arrow: its flags,
// its sequence numbers (a zero-window probe and an RST too, whose
// sequence number is the point), ack and window, what became of it, and
// what the trace marks it as: retransmission, fast retransmission,
// zero-window probe, window update.
func ladderLabel(p *PacketRecord, l msg.Lang) string {
	label := "[" + p.Seg.Flags.String() + "]"
	switch {
	case p.Seg.Len > 0:
		label += fmt.Sprintf(" %d:%d", p.Seg.Seq, p.Seg.Seq+int64(p.Seg.Len))
	case p.Seg.Flags&(SYN|FIN|RST) != 0 || p.Seg.Note == noteProbe || p.Seg.Note == noteKeepAlive:
		label += fmt.Sprintf(" seq %d", p.Seg.Seq)
	}
	if p.Seg.Flags&ACK != 0 {
		label += fmt.Sprintf(" ack %d", p.Seg.Ack)
	}
	label += fmt.Sprintf(" win %d", p.Seg.Win)
	if n := p.NoteIn(l); n != "" {
		label += " (" + n + ")"
	}
	if p.Kind != recSent {
		label += " " + strings.ToUpper(p.Kind.String())
	}
	return label
}

// expect checks a fact about the model now.
func (s *Sim) expect(e *lang.Expect) {
	if e.Prop == lang.PropDeadlock {
		s.settle("expect deadlock")
		if s.fatal != nil {
			return
		}
		blocked := s.blockedThreads()
		if len(blocked) == 0 {
			s.failm(e.Pos, msg.NoDeadlock)
			return
		}
		s.deadlocks++
		s.traceExpect(true, msg.ExpectDeadlockOK.In(s.prog.Lang))
		s.traceDeadlock(blocked)
		for _, t := range blocked {
			t.acked = true
		}
		return
	}
	h := s.hosts[e.Host]
	t := &s.threads[e.Host]
	switch e.Prop {
	case lang.PropBlocked, lang.PropIdle:
		blocked := t.call != nil
		if e.Prop == lang.PropIdle && !blocked && t.queue.first != nil {
			blocked = true
		}
		if blocked != (e.Prop == lang.PropBlocked) {
			what := msg.IsIdle.In(s.prog.Lang)
			if blocked {
				what = msg.BlockedIn.In(s.prog.Lang, s.prog.CallText(&t.call.Call))
			}
			s.failm(e.Pos, msg.ExpectThreadGot, t.name(), e.Prop, what)
		} else if blocked {
			t.acked = true
		}
		return
	case lang.PropSockets:
		n := 0
		for _, sk := range h.socks {
			if sk.State != Closed {
				n++
			}
		}
		if int64(n) != e.Int {
			s.failm(e.Pos, msg.ExpectSocketsGot, h.name(), e.Int, n)
		}
		return
	}
	sk, why := s.resolve(e.Host, e.Sock)
	if sk == nil {
		s.failf(e.Pos, "expect %s %s: %s", e.Written, e.Prop, why)
		return
	}
	var got int64
	switch e.Prop {
	case lang.PropState:
		if sk.State.String() != e.State {
			s.failm(e.Pos, msg.ExpectStateGot, e.Written, e.Word, sk.State)
		}
		return
	case lang.PropRecvQ:
		got = sk.RecvQ()
	case lang.PropSendQ:
		got = sk.SendQ()
	case lang.PropDelivered:
		got = sk.Delivered()
	case lang.PropCwnd:
		got = sk.snd.cwnd
	case lang.PropRwnd:
		got = int64(sk.snd.wnd)
	case lang.PropWindow:
		got, _ = sk.windowNow()
	case lang.PropAcceptQ:
		if sk.lst != nil {
			got = int64(len(sk.lst.acceptQ))
		}
	}
	if got != e.Int {
		s.failm(e.Pos, msg.ExpectValueGot, e.Written, e.Prop, e.Int, got)
	}
}

// trimLines removes trailing spaces from every line.
func trimLines(text string) string {
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n")
}

// dispWidth is how many columns a terminal gives s: two for Hangul and
// the CJK characters (East Asian Wide), one for the rest.
func dispWidth(s string) int {
	n := 0
	for _, r := range s {
		n++
		if r >= 0x1100 && (r <= 0x115F || r >= 0x2E80 && r <= 0xA4CF || r >= 0xAC00 && r <= 0xD7A3 ||
			r >= 0xF900 && r <= 0xFAFF || r >= 0xFE30 && r <= 0xFE4F || r >= 0xFF00 && r <= 0xFF60 || r >= 0xFFE0 && r <= 0xFFE6) {
			n++
		}
	}
	return n
}

// failm is failf with a message of the catalog, in the program's
// language.
func (s *Sim) failm(pos lang.Pos, m msg.Msg, args ...any) {
	s.failf(pos, "%s", m.In(s.prog.Lang, args...))
}
