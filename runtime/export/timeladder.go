package export

import (
	"fmt"
	"sort"
	"strings"

	"github.com/tcps-dev/tcps/lang"
	"github.com/tcps-dev/tcps/lang/msg"
	"github.com/tcps-dev/tcps/runtime"
)

// The time-scaled ladder: an arrow leaves its sender's lifeline at the
// send time and reaches the receiver's at the arrival time, so segments
// in flight at the same time cross (a simultaneous close shows both FINs
// on their way at once). Segments sent at the same instant are spread a
// little down the page in the order they were sent; long idle gaps are
// cut with a break mark and say how long they were. The structures'
// states are written on the lifelines where they change, the calls where
// they are made, the kernel's decisions ("SYN dropped: accept queue
// full") where they are taken; labels mark win 0, window updates,
// probes, retransmissions, duplicate ACKs, RST, held and dropped
// segments.

// ladderPageMax is how many packets a time-paged ladder figure holds
// before it starts another at a gap between bursts.
const ladderPageMax = 10

// ladderPage is a time range of a run's packets: packets[first:last].
type ladderPage struct{ first, last int }

// ladderPages cuts the packets into pages: at every show ladder (a page
// of the packets since the previous one), and where a page would exceed
// ladderPageMax packets, at a gap between bursts. A burst (packets whose
// flights overlap in time, each sent before the previous ones arrived)
// is never split, however long.
func ladderPages(packets []runtime.PacketRecord, shows []runtime.ShowRecord) []ladderPage {
	var cuts []runtime.Time // a page ends with the packets sent at or before a cut
	for _, s := range shows {
		if s.View == "ladder" && !s.Range { // a range is a figure of its own (rangePage)
			cuts = append(cuts, s.At)
		}
	}
	var pages []ladderPage
	start := 0
	ci := 0
	var burstEnd runtime.Time = -1
	for i := range packets {
		p := &packets[i]
		// A show ladder cut before this packet ends the page.
		for ci < len(cuts) && p.At > cuts[ci] {
			if i > start {
				pages = append(pages, ladderPage{start, i})
				start = i
			}
			ci++
		}
		newBurst := p.At > burstEnd
		if newBurst {
			if i-start >= ladderPageMax && i > start {
				pages = append(pages, ladderPage{start, i})
				start = i
			}
		}
		end := p.Arrive
		if end < p.At {
			end = p.At
		}
		burstEnd = max(burstEnd, end)
	}
	if start < len(packets) {
		pages = append(pages, ladderPage{start, len(packets)})
	}
	return pages
}

// ladderMark is a note written on a lifeline: a state, a call, a decision.
type ladderMark struct {
	at    runtime.Time
	host  int32
	text  string
	kind  string   // state, call, decision
	lines []string // a decision's text, wrapped to the room beside its lifeline
	sock  string   // the structure, for states
	// until is when a TIME_WAIT ends (its 2MSL), 0 when not on the page.
	until runtime.Time
}

// ladderMarks collects the states, calls and decisions of hosts between
// from and to (inclusive) from the run's events.
func ladderMarks(prog *lang.Program, events []runtime.Event, from, to runtime.Time) []ladderMark {
	machine := func(h int) int32 {
		if prog != nil && h >= 0 && h < len(prog.Hosts) && prog.Hosts[h].Of >= 0 {
			return int32(prog.Hosts[h].Of)
		}
		return int32(h)
	}
	var out []ladderMark
	for i := range events {
		e := &events[i]
		if e.At < from || e.At > to {
			continue
		}
		switch e.Kind {
		case runtime.EvState:
			if e.To == e.From || e.Host < 0 {
				continue
			}
			m := ladderMark{at: e.At, host: machine(e.Host), text: e.Sock + " " + e.To.String(), kind: "state", sock: e.Sock}
			if e.To == runtime.TimeWait {
				for j := i + 1; j < len(events) && events[j].At <= to; j++ {
					if x := &events[j]; x.Kind == runtime.EvState && x.Sock == e.Sock && x.From == runtime.TimeWait {
						m.until = x.At
						break
					}
				}
			}
			out = append(out, m)
		case runtime.EvCall:
			// Calls that block show when they block (EvBlock); close and
			// shutdown, which send, show when they are made.
			c := callWords(e.Call)
			if c == "" || e.Thread < 0 || !strings.HasPrefix(c, "close") && !strings.HasPrefix(c, "shutdown") {
				continue
			}
			out = append(out, ladderMark{at: e.At, host: machine(e.Thread), text: c, kind: "call"})
		case runtime.EvBlock:
			if e.Thread >= 0 {
				out = append(out, ladderMark{at: e.At, host: machine(e.Thread), text: msg.FigBlocks.In(progLang(prog), callWords(e.Call)), kind: "call"})
			}
		case runtime.EvReturn:
			if e.Thread >= 0 && e.Result != nil && strings.Contains(e.Call, ".read(") && e.Result.Errno == "" && e.Result.Value == 0 {
				out = append(out, ladderMark{at: e.At, host: machine(e.Thread), text: msg.FigReadEOF.In(progLang(prog)), kind: "call"})
			}
		case runtime.EvDecision:
			// "S.4: final ACK dropped: accept queue of S.0 is full": the
			// structure's label names the host. Demux tables (several
			// lines) have figures of their own.
			if strings.Contains(e.Text, "\n") {
				continue
			}
			h := e.Host
			text := e.Text
			if sock, rest, ok := strings.Cut(e.Text, ": "); ok && strings.Contains(sock, ".") && !strings.Contains(sock, " ") {
				name := sock[:strings.LastIndexByte(sock, '.')]
				if prog != nil {
					for _, ph := range prog.Hosts {
						if ph.Name == name {
							h, text = ph.Index, sock+": "+rest
							break
						}
					}
				}
			}
			if h >= 0 {
				out = append(out, ladderMark{at: e.At, host: machine(h), text: text, kind: "decision"})
			}
		}
	}
	// Keep one call mark per host and instant: "close()" and "close()
	// blocks" become the latter.
	var kept []ladderMark
	for _, m := range out {
		if n := len(kept); n > 0 && kept[n-1].kind == "call" && m.kind == "call" && kept[n-1].host == m.host && kept[n-1].at == m.at && strings.HasPrefix(m.text, kept[n-1].text) {
			kept[n-1] = m
			continue
		}
		kept = append(kept, m)
	}
	return kept
}

// callWords is the part of a call worth writing on a ladder: "close()",
// "write(1500)", "shutdown(SHUT_WR)", "connect()"; "" for calls that do
// not send or wait (socket, bind, listen, accept that returns at once).
func callWords(call string) string {
	for _, op := range []string{"close", "shutdown", "write", "read", "connect", "accept"} {
		k := strings.Index(call, "."+op)
		if k < 0 {
			continue
		}
		rest := call[k+1:]
		switch {
		case op == "connect" || op == "accept":
			return op + "()"
		case strings.HasPrefix(rest, op+"("):
			if e := strings.IndexByte(rest, ')'); e >= 0 {
				return rest[:e+1]
			}
		}
		return op + "()"
	}
	return ""
}

// TimeLadderSVG draws packets[first:last] as a time-scaled ladder with
// the states, calls and decisions of events in the same time range.
func TimeLadderSVG(prog *lang.Program, packets []runtime.PacketRecord, events []runtime.Event, first, last int, title string) []byte {
	first, last = max(first, 0), min(last, len(packets))
	names := hostNames(prog)
	page := packets[first:last]
	// Columns: the hosts this page's packets go between, in the order
	// they first appear in the run; "(no host)" last.
	order := map[int32]int{}
	for i := range packets {
		for _, h := range []int32{packets[i].Seg.From, packets[i].Seg.To} {
			if _, ok := order[h]; !ok && h >= 0 {
				order[h] = len(order)
			}
		}
	}
	used := map[int32]bool{}
	lostAddr := ""
	for i := range page {
		s := &page[i].Seg
		used[s.From], used[s.To] = true, true
		if s.To < 0 && lostAddr == "" {
			lostAddr = s.DstIP.String()
		}
	}
	var cols []int32
	for h := range used {
		if h >= 0 {
			cols = append(cols, h)
		}
	}
	sort.Slice(cols, func(i, j int) bool { return order[cols[i]] < order[cols[j]] })
	if used[-1] {
		cols = append(cols, -1)
	}
	colOf := map[int32]int{}
	for i, h := range cols {
		colOf[h] = i
	}
	// Time -> y. Every send and arrival instant gets a band, as tall as
	// the most packets sent or arriving then; between instants, the
	// time scaled by the link delay, a gap longer than a few delays cut.
	type stamp struct{ sends, arrivals int }
	at := map[runtime.Time]*stamp{}
	var times []runtime.Time
	touch := func(t runtime.Time) *stamp {
		s := at[t]
		if s == nil {
			s = &stamp{}
			at[t] = s
			times = append(times, t)
		}
		return s
	}
	var delays []runtime.Time
	for i := range page {
		p := &page[i]
		touch(p.At).sends++
		if p.Arrive > 0 {
			touch(p.Arrive).arrivals++
			delays = append(delays, p.Arrive-p.At)
		}
	}
	from, to := page[0].At, page[0].At
	for _, t := range times {
		from, to = min(from, t), max(to, t)
	}
	marks := ladderMarks(prog, events, from, to)
	for _, m := range marks {
		if _, ok := colOf[m.host]; ok {
			touch(m.at)
		}
	}
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	sort.Slice(delays, func(i, j int) bool { return delays[i] < delays[j] })
	unit := runtime.Time(1_000_000) // 1ms when nothing arrives
	if len(delays) > 0 && delays[len(delays)/2] > 0 {
		unit = delays[len(delays)/2]
	}
	const (
		top      = 130.0
		step     = 30.0 // between packets of one instant
		breakGap = 56.0
		avail    = 720 - top - 60
	)
	// Pixels per link delay: as much as the slide's height allows, at
	// least 40 (a steep arrow still shows its direction), at most 150.
	units, bands := 0.0, 0.0
	sortTimes := append([]runtime.Time(nil), times...)
	sort.Slice(sortTimes, func(i, j int) bool { return sortTimes[i] < sortTimes[j] })
	for i, t := range sortTimes {
		st := at[t]
		bands += float64(max(st.sends, st.arrivals, 1)-1) * step
		if i > 0 {
			dt := t - sortTimes[i-1]
			if dt > 4*unit {
				bands += breakGap
			} else {
				units += float64(dt) / float64(unit)
			}
		}
	}
	perUnit := 64.0
	if units > 0 {
		perUnit = min(max((avail-bands)/units, 40), 150)
	}
	y := map[runtime.Time]float64{}
	type cut struct {
		y  float64
		dt runtime.Time
	}
	var breaks []cut
	cy := top + 10
	for i, t := range times {
		if i > 0 {
			dt := t - times[i-1]
			prev := at[times[i-1]]
			band := float64(max(prev.sends, prev.arrivals, 1)-1) * step
			gap := float64(dt) / float64(unit) * perUnit
			if dt > 4*unit {
				breaks = append(breaks, cut{cy + band + breakGap/2, dt})
				gap = breakGap
			}
			cy += max(gap, band+step)
		}
		y[t] = cy
	}
	last0 := at[times[len(times)-1]]
	height := cy + float64(max(last0.sends, last0.arrivals, 1)-1)*step + 50
	// Columns across the slide.
	left, right := 330.0, 240.0
	if len(cols) > 2 {
		left, right = 310, 160
	}
	gap := 0.0
	if len(cols) > 1 {
		gap = (figWidth - left - right) / float64(len(cols)-1)
	}
	colX := func(h int32) float64 { return left + float64(colOf[h])*gap }

	d := &svgDoc{lang: progLang(prog)}
	markerDefs(d)
	fmt.Fprintf(&d.defs, `<marker id="ah-red" viewBox="0 0 12 10" refX="11" refY="5" markerWidth="12" markerHeight="10" markerUnits="userSpaceOnUse" orient="auto"><path d="M0,0 L12,5 L0,10 z" fill="%s"/></marker>`+"\n", red)
	for i, l := range wrapText(title, 30, true, figWidth-2*figPad) {
		if i < 2 {
			d.text(figPad, 44+float64(i)*36, textStyle{size: 30, bold: true}, l)
		}
	}
	for _, h := range cols {
		x := colX(h)
		name, addr := msg.FigNoHost.In(d.lang), lostAddr
		if h >= 0 {
			name, addr = names.of(h), hostAddr(prog, h)
		}
		d.text(x, top-36, textStyle{size: 26, bold: true, anchor: "middle"}, name)
		if addr != "" {
			d.text(x, top-14, textStyle{size: 17, anchor: "middle", fill: "#555"}, addr)
		}
		stroke := `stroke="#9aa3ad" stroke-width="4"`
		if h < 0 {
			stroke = `stroke="#bbbbbb" stroke-width="3" stroke-dasharray="6 6"`
		}
		d.line(x, top+2, x, height-16, stroke)
	}
	// Break marks across every lifeline.
	for _, b := range breaks {
		for _, h := range cols {
			x := colX(h)
			d.rect(x-10, b.y-9, 20, 18, `fill="#ffffff"`)
			d.line(x-12, b.y-3, x+12, b.y-11, `stroke="#555" stroke-width="2.5"`)
			d.line(x-12, b.y+9, x+12, b.y+1, `stroke="#555" stroke-width="2.5"`)
		}
		d.text(figPad, b.y+6, textStyle{size: 17, italic: true, fill: "#555"}, "… "+b.dt.String())
	}
	// Time on the left, once per instant.
	for _, t := range times {
		d.text(figPad-20, y[t]+6, textStyle{size: 17, fill: "#555"}, t.String())
	}
	// Lifeline marks: states in boxes, calls in italics, decisions in red.
	side := func(h int32) (float64, string) {
		if colOf[h] == 0 && len(cols) > 1 {
			return -12, "end"
		}
		return 12, "start"
	}
	var late []func() // drawn over every arrow: labels, then marks
	markRow := map[string]int{}
	for _, m := range marks {
		m := m
		if _, ok := colOf[m.host]; !ok {
			continue
		}
		x := colX(m.host)
		dx, anchor := side(m.host)
		dx, anchor = placeMark(&m, x, dx, anchor)
		rows := max(len(m.lines), 1)
		key := fmt.Sprint(m.host, m.at)
		row := markRow[key]
		markRow[key] += rows
		yy := y[m.at] - 4 + float64(row)*22
		if m.kind == "state" && strings.HasSuffix(m.text, " TIME_WAIT") {
			// The 2MSL wait: a bar along the lifeline until the structure
			// goes, or off the page.
			y1, label := height-16, "2MSL ↓"
			if m.until > 0 {
				if v, ok := y[m.until]; ok {
					y1, label = v, "2MSL"
				}
			}
			bx := x + 4
			if anchor == "end" {
				bx = x - 12
			}
			d.rect(bx, y[m.at], 8, max(y1-y[m.at], 4), `fill="#e08e0b" fill-opacity="0.75"`)
			ly := min(y[m.at]+48, y1-4)
			late = append(late, func() {
				d.text(x+dx, ly, textStyle{size: 16, bold: true, anchor: anchor, fill: "#a15c00", halo: true}, label)
			})
		}
		late = append(late, func() { drawMark(d, m, x, dx, anchor, yy) })
	}
	var labels []func()
	// Packets.
	sendIdx := map[runtime.Time]int{}
	arrIdx := map[runtime.Time]int{}
	var lastAck = map[int32]string{}
	for i := range page {
		p := &page[i]
		s := &p.Seg
		y0 := y[p.At] + float64(sendIdx[p.At])*step
		sendIdx[p.At]++
		fx := colX(s.From)
		tx := colX(s.To)
		main, extra := ladderLabel(p, progLang(prog))
		kind := p.Kind.String()
		color, marker, width := "#2a7f77", "ah-ack", "2.5"
		if s.Len > 0 || s.Flags&(runtime.SYN|runtime.FIN) != 0 {
			color, marker, width = "#1d3557", "ah-data", "3.5"
		}
		if s.Flags&runtime.RST != 0 {
			color, marker, width = red, "ah-red", "3.5"
		}
		// Duplicate ACK: a pure ACK repeating the sender's last one.
		pure := s.Len == 0 && s.Flags&(runtime.SYN|runtime.FIN|runtime.RST) == 0 && s.Flags&runtime.ACK != 0
		if pure {
			k := fmt.Sprint(s.Ack, " ", s.Win)
			if lastAck[s.From] == k && p.Note() == "" && s.Win > 0 {
				extra += " (dup ACK)"
			}
			lastAck[s.From] = k
		}
		var y1 float64
		switch {
		case p.Arrive > 0:
			y1 = y[p.Arrive] + float64(arrIdx[p.Arrive])*step
			arrIdx[p.Arrive]++
		default:
			y1 = y0 + perUnit
		}
		dash := ""
		if kind == "held" || kind == "lost" {
			dash = ` stroke-dasharray="10 6"`
		}
		labelY := y0 + (y1-y0)*0.3 - 6
		lx := fx + (tx-fx)*0.3
		if s.To == s.From {
			fmt.Fprintf(&d.b, `<path d="M%s,%s h60 V%s h-56" fill="none" stroke="%s" stroke-width="%s"%s marker-end="url(#%s)"/>`+"\n",
				num(fx), num(y0), num(max(y1, y0+20)), color, width, dash, marker)
			ly := (y0+max(y1, y0+20))/2 + 6
			labels = append(labels, func() {
				d.textSpans(fx+70, ly, textStyle{size: 16, halo: true}, span{main, ""}, span{extra, "#c05621"})
			})
			continue
		}
		switch kind {
		case "dropped":
			ex, ey := fx+(tx-fx)*0.6, y0+(y1-y0)*0.6
			d.line(fx, y0, ex, ey, fmt.Sprintf(`stroke="%s" stroke-width="%s"`, color, width))
			const k = 9.0
			d.line(ex-k, ey-k, ex+k, ey+k, `stroke="#c1121f" stroke-width="4"`)
			d.line(ex-k, ey+k, ex+k, ey-k, `stroke="#c1121f" stroke-width="4"`)
		case "held":
			ex, ey := fx+(tx-fx)*0.5, y0+(y1-y0)*0.5
			d.line(fx, y0, ex, ey, fmt.Sprintf(`stroke="%s" stroke-width="%s"%s`, color, width, dash))
			d.rect(ex-5, ey-10, 10, 20, `fill="#c05621"`)
		default:
			d.line(fx, y0, tx, y1, fmt.Sprintf(`stroke="%s" stroke-width="%s"%s marker-end="url(#%s)"`, color, width, dash, marker))
		}
		anchor := "middle"
		st := textStyle{size: 16, anchor: anchor, halo: true, bold: s.Flags&(runtime.SYN|runtime.FIN|runtime.RST) != 0}
		// Keep the label between the two lifelines when it fits there,
		// else centred on the arrow.
		lw := textWidth(main+extra, 16, st.bold, false)
		lo, hi := min(fx, tx)+12, max(fx, tx)-12
		if hi-lo >= lw {
			lx = min(max(lx, lo+lw/2), hi-lw/2)
		} else {
			lx = (fx + tx) / 2
		}
		var spans []span
		// win 0 in red: the zero window the lecture is about.
		if i := strings.Index(main, " win 0"); i >= 0 && strings.HasSuffix(main[:i+6], " win 0") && (len(main) == i+6 || main[i+6] == ' ') {
			spans = append(spans, span{main[:i+1], ""}, span{"win 0", red}, span{main[i+6:], ""})
		} else {
			spans = append(spans, span{main, ""})
		}
		exFill := "#c05621"
		if kind == "dropped" || s.Flags&runtime.RST != 0 {
			exFill = red
		}
		spans = append(spans, span{extra, exFill})
		labels = append(labels, func() { d.textSpans(lx, labelY, st, spans...) })
	}
	for _, f := range labels {
		f()
	}
	for _, f := range late {
		f()
	}
	return d.finish(figWidth, height, title)
}

// ladderTitle is a ladder page's title: the note before the show ladder
// that ends the page, or the page's time range.
func ladderTitle(prog *lang.Program, res *runtime.Result, pg ladderPage, notes []string) string {
	lastAt := res.Packets[pg.last-1].At
	for i := range res.Shows {
		s := &res.Shows[i]
		if s.View == "ladder" && !s.Range && s.At >= lastAt && (pg.last == len(res.Packets) || res.Packets[pg.last].At > s.At) {
			if notes[i] != "" {
				return notes[i]
			}
			break
		}
	}
	return msg.FigPacketsFromTo.In(progLang(prog), res.Packets[pg.first].At.String(), lastAt.String())
}

// drawMark writes a lifeline mark: a state in a box, a call in italics,
// a kernel decision in red.
func drawMark(d *svgDoc, m ladderMark, x, dx float64, anchor string, yy float64) {
	switch m.kind {
	case "state":
		w := textWidth(m.text, 16, true, false) + 12
		bx := x + dx
		if anchor == "end" {
			bx -= w
		}
		d.rect(bx, yy-15, w, 22, `fill="#fff7d6" stroke="#b08900" stroke-width="1.5" rx="4"`)
		d.text(bx+6, yy+1, textStyle{size: 16, bold: true, fill: "#5c4800"}, m.text)
	case "call":
		d.text(x+dx, yy+1, textStyle{size: 17, italic: true, anchor: anchor, fill: "#1d3557", halo: true}, m.text)
	case "decision":
		for i, l := range m.lines {
			d.text(x+dx, yy+1+float64(i)*19, textStyle{size: 16, bold: true, anchor: anchor, fill: red, halo: true}, l)
		}
	}
}

// placeMark lays a lifeline mark out beside its lifeline so that it never
// runs off the slide: on its usual side when it fits there, else on the
// side with more room; a decision, a sentence, is wrapped to that room.
func placeMark(m *ladderMark, x, dx float64, anchor string) (float64, string) {
	room := func(dx float64, anchor string) float64 {
		if anchor == "end" {
			return x + dx - figPad
		}
		return figWidth - figPad/2 - (x + dx)
	}
	w := textWidth(m.text, 16, true, false)
	if m.kind == "state" {
		w += 12 // the box
	}
	if w > room(dx, anchor) {
		flip := map[string]string{"start": "end", "end": "start"}[anchor]
		if room(-dx, flip) > room(dx, anchor) {
			dx, anchor = -dx, flip
		}
	}
	if m.kind == "decision" {
		m.lines = wrapText(m.text, 16, true, max(room(dx, anchor), 160))
	}
	return dx, anchor
}

// rangePage is the page of a show ladder with a range: the packets sent
// from r.Since to r.Until, both included; ok is false when there are none.
func rangePage(packets []runtime.PacketRecord, r *runtime.ShowRecord) (ladderPage, bool) {
	lo := sort.Search(len(packets), func(i int) bool { return packets[i].At >= r.Since })
	hi := sort.Search(len(packets), func(i int) bool { return packets[i].At > r.Until })
	return ladderPage{lo, hi}, lo < hi
}
