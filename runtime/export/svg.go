package export

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/tcps-dev/tcps/lang"
	"github.com/tcps-dev/tcps/lang/msg"
	"github.com/tcps-dev/tcps/runtime"
)

// The figures are drawn for a 1280-pixel-wide slide: text is at least 18
// pixels high (most of it 20 to 34), so that it stays readable from the
// back of a lecture hall.
const (
	figWidth = 1280
	figPad   = 40
	// The Korean fonts come after the Latin ones (Latin text keeps
	// its look) and before the generic family, which would otherwise
	// pick a font without Hangul (docs/ko/glossary.md).
	sansFamily = "DejaVu Sans, Verdana, Arial, Helvetica, " + koreanFamilies + ", sans-serif"
	monoFamily = "DejaVu Sans Mono, Menlo, Consolas, Liberation Mono, " + koreanFamilies + ", monospace"
	// koreanFamilies are the Korean fonts of Linux (fonts-noto-cjk,
	// fonts-nanum, whose family is NanumGothic), Windows and macOS.
	koreanFamilies = "'Noto Sans CJK KR', 'Nanum Gothic', NanumGothic, 'Malgun Gothic', 'Apple SD Gothic Neo'"
	// LadderPageSize is how many packets one ladder figure shows; a run
	// with more packets gets several ladder figures.
	LadderPageSize = 12
)

// FigureOptions say how figures are laid out.
type FigureOptions struct {
	// Width and Height are the figure's size in pixels, 1280x720 (a 16:9
	// slide) by default; the drawing is scaled to fit and centred.
	// Height 0 keeps the drawing's own size (no fitting).
	Width, Height int
	// Lang is the language of the figures' words (the program's).
	Lang msg.Lang
	// Debug adds what a slide does not need: the view, the time and the
	// line of the show under the title.
	Debug bool
	// Layout is the layout of show queues figures: LayoutAuto (the
	// default), LayoutStream or LayoutBook.
	Layout string
	// FixedRows draws the ladder as before the time scale: one row per
	// packet, LadderPageSize packets a page. Without it (and with the
	// run's events recorded), the ladder is time-scaled and paged by
	// time (TimeLadderSVG).
	FixedRows bool
}

// DefaultFigureOptions is a 1280x720 slide without debugging text.
var DefaultFigureOptions = FigureOptions{Width: 1280, Height: 720}

// Figure is one SVG figure and the file name it is written under.
type Figure struct {
	Name string // fig-01-queues.svg, fig-02-sockets.svg, fig-03-ladder.svg, ...
	Kind string // queues, netstat, ss, sockets, windows, demux or ladder
	SVG  []byte
	// Title is the figure's title: the note before its show, or a
	// description ("ladder diagram, packets 1-12 of 20").
	Title string
	// Note is the note before the show, or "".
	Note string
	// At is the time of the show (of the first packet, for a ladder).
	At runtime.Time
}

// Figures draws every figure of a recorded run, in order: one per show
// that has a picture (queues; netstat, ss, sockets, windows and a demux
// of one packet as tables), in the order the shows ran, then the ladder
// diagram of every packet, LadderPageSize packets per figure. Figures are
// numbered from 1 in that order: fig-NN-KIND.svg, and ladder pages
// fig-NN-ladder-P.svg when there is more than one.
func Figures(prog *lang.Program, res *runtime.Result) []Figure {
	return FiguresWith(prog, res, DefaultFigureOptions)
}

// FiguresWith is Figures laid out as o says.
func FiguresWith(prog *lang.Program, res *runtime.Result, o FigureOptions) []Figure {
	o.Lang = progLang(prog)
	type pending struct {
		kind, suffix string
		note         string
		at           runtime.Time
		draw         func() []byte
	}
	var todo []pending
	notes := showNotes(prog, res.Shows)
	for i := range res.Shows {
		r, note := &res.Shows[i], notes[i]
		switch {
		case r.View == "queues":
			todo = append(todo, pending{r.View, "", note, r.At, func() []byte { return queuesSVG(r, note, o) }})
		case r.View == "windows" && !o.Debug:
			todo = append(todo, pending{r.View, "", note, r.At, func() []byte { return windowsSVG(r, note, o) }})
		case len(r.Tables) > 0:
			todo = append(todo, pending{r.View, "", note, r.At, func() []byte { return tablesSVG(r, note, o) }})
		case r.View == "ladder" && r.Range && len(res.Events) > 0 && !o.FixedRows:
			pg, ok := rangePage(res.Packets, r)
			if !ok {
				break
			}
			title := note
			if title == "" {
				title = msg.FigPacketsFromTo.In(o.Lang, res.Packets[pg.first].At.String(), res.Packets[pg.last-1].At.String())
			}
			todo = append(todo, pending{"ladder", "-range", note, r.At, func() []byte {
				return TimeLadderSVG(prog, res.Packets, res.Events, pg.first, pg.last, title)
			}})
		}
	}
	if len(res.Events) > 0 && !o.FixedRows {
		tp := ladderPages(res.Packets, res.Shows)
		for p, pg := range tp {
			suffix := ""
			if len(tp) > 1 {
				suffix = "-" + strconv.Itoa(p+1)
			}
			title := ladderTitle(prog, res, pg, notes)
			todo = append(todo, pending{"ladder", suffix, "", res.Packets[pg.first].At, func() []byte {
				return TimeLadderSVG(prog, res.Packets, res.Events, pg.first, pg.last, title)
			}})
		}
		goto name
	}
	for p := 0; p < (len(res.Packets)+LadderPageSize-1)/LadderPageSize; p++ {
		pages := (len(res.Packets) + LadderPageSize - 1) / LadderPageSize
		first := p * LadderPageSize
		last := min(first+LadderPageSize, len(res.Packets))
		suffix := ""
		if pages > 1 {
			suffix = "-" + strconv.Itoa(p+1)
		}
		todo = append(todo, pending{"ladder", suffix, "", res.Packets[first].At, func() []byte { return LadderSVG(prog, res.Packets, first, last) }})
	}
name:
	digits := max(2, len(strconv.Itoa(len(todo))))
	out := make([]Figure, 0, len(todo))
	for i, t := range todo {
		name := fmt.Sprintf("fig-%0*d-%s%s.svg", digits, i+1, t.kind, t.suffix)
		svg := fitSlide(t.draw(), o)
		out = append(out, Figure{Name: name, Kind: t.kind, SVG: svg, Title: svgTitle(svg), Note: t.note, At: t.at})
	}
	return out
}

// ---- a small SVG writer ----

type svgDoc struct {
	b     strings.Builder
	defs  strings.Builder
	debug bool     // FigureOptions.Debug
	lang  msg.Lang // FigureOptions.Lang
}

// fitSlide gives a figure the slide's size: the drawing keeps its own
// coordinates (viewBox) and is scaled to fit, centred (SVG's default
// preserveAspectRatio), on a white page.
func fitSlide(svg []byte, o FigureOptions) []byte {
	if o.Width <= 0 || o.Height <= 0 {
		return svg
	}
	s := string(svg)
	i := strings.Index(s, "<svg ")
	if i < 0 {
		return svg
	}
	j := strings.Index(s[i:], ">") + i
	head := s[i:j]
	w, h := attrOf(head, "width"), attrOf(head, "height")
	if w == "" || h == "" {
		return svg
	}
	head = strings.Replace(head, `width="`+w+`"`, `width="`+strconv.Itoa(o.Width)+`"`, 1)
	head = strings.Replace(head, `height="`+h+`"`, `height="`+strconv.Itoa(o.Height)+`"`, 1)
	// Centred across, from the top down: a short figure keeps its title
	// where a slide's title goes.
	head += ` preserveAspectRatio="xMidYMin meet"`
	// A white page behind the drawing, where the drawing does not reach.
	page := "\n<rect x=\"-100000\" y=\"-100000\" width=\"200000\" height=\"200000\" fill=\"#ffffff\"/>"
	rest := s[j:]
	k := strings.Index(rest, "</title>")
	if k < 0 {
		return []byte(s[:i] + head + rest)
	}
	k += len("</title>")
	return []byte(s[:i] + head + rest[:k] + page + rest[k:])
}

// attrOf is the value of attribute name in an element's text, or "".
func attrOf(elem, name string) string {
	k := strings.Index(elem, " "+name+`="`)
	if k < 0 {
		return ""
	}
	v := elem[k+len(name)+3:]
	if e := strings.IndexByte(v, '"'); e >= 0 {
		return v[:e]
	}
	return ""
}

// svgTitle is the text of a figure's title element.
func svgTitle(svg []byte) string {
	s := string(svg)
	i := strings.Index(s, "<title>")
	j := strings.Index(s, "</title>")
	if i < 0 || j < i {
		return ""
	}
	r := strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&quot;", `"`, "&apos;", "'")
	return r.Replace(s[i+len("<title>") : j])
}

func num(x float64) string {
	s := strconv.FormatFloat(x, 'f', 1, 64)
	return strings.TrimSuffix(s, ".0")
}

// xmlText escapes text for XML character data and attribute values, and
// drops characters XML 1.0 does not allow.
func xmlText(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '"':
			b.WriteString("&quot;")
		case r == '\'':
			b.WriteString("&apos;")
		case r == '\t' || r == '\n' || r == '\r':
			b.WriteByte(' ')
		case r < 0x20 || r == 0xFFFE || r == 0xFFFF || r == utf8.RuneError || (r >= 0xD800 && r <= 0xDFFF):
			// not allowed in XML 1.0
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

type textStyle struct {
	size   float64
	bold   bool
	italic bool
	mono   bool
	anchor string // start (default), middle, end
	fill   string
	halo   bool // a white outline behind the text, for labels over lines
}

func (d *svgDoc) text(x, y float64, st textStyle, s string) {
	d.textSpans(x, y, st, span{s, ""})
}

// span is a piece of a text line, in its own colour when fill is set.
type span struct{ text, fill string }

func (d *svgDoc) textSpans(x, y float64, st textStyle, spans ...span) {
	fmt.Fprintf(&d.b, `<text x="%s" y="%s" font-size="%s"`, num(x), num(y), num(st.size))
	if st.mono {
		fmt.Fprintf(&d.b, ` font-family="%s"`, monoFamily)
	}
	if st.bold {
		d.b.WriteString(` font-weight="bold"`)
	}
	if st.italic {
		d.b.WriteString(` font-style="italic"`)
	}
	if st.anchor != "" && st.anchor != "start" {
		fmt.Fprintf(&d.b, ` text-anchor="%s"`, st.anchor)
	}
	fill := st.fill
	if fill == "" {
		fill = "#111"
	}
	fmt.Fprintf(&d.b, ` fill="%s"`, fill)
	if st.halo {
		d.b.WriteString(` stroke="#fff" stroke-width="6" stroke-linejoin="round" paint-order="stroke"`)
	}
	d.b.WriteString(">")
	for _, sp := range spans {
		if sp.fill != "" {
			fmt.Fprintf(&d.b, `<tspan fill="%s">%s</tspan>`, sp.fill, xmlText(sp.text))
		} else {
			d.b.WriteString(xmlText(sp.text))
		}
	}
	d.b.WriteString("</text>\n")
}

func (d *svgDoc) rect(x, y, w, h float64, attrs string) {
	fmt.Fprintf(&d.b, `<rect x="%s" y="%s" width="%s" height="%s" %s/>`+"\n", num(x), num(y), num(w), num(h), attrs)
}

func (d *svgDoc) line(x1, y1, x2, y2 float64, attrs string) {
	fmt.Fprintf(&d.b, `<line x1="%s" y1="%s" x2="%s" y2="%s" %s/>`+"\n", num(x1), num(y1), num(x2), num(y2), attrs)
}

// finish wraps the body in an svg element of the given size.
func (d *svgDoc) finish(w, h float64, title string) []byte {
	w, h = math.Ceil(w), math.Ceil(h)
	var out strings.Builder
	out.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	fmt.Fprintf(&out, `<svg xmlns="http://www.w3.org/2000/svg" width="%s" height="%s" viewBox="0 0 %s %s" font-family="%s">`+"\n",
		num(w), num(h), num(w), num(h), sansFamily)
	fmt.Fprintf(&out, "<title>%s</title>\n", xmlText(title))
	if d.defs.Len() > 0 {
		out.WriteString("<defs>\n" + d.defs.String() + "</defs>\n")
	}
	fmt.Fprintf(&out, `<rect x="0" y="0" width="%s" height="%s" fill="#ffffff"/>`+"\n", num(w), num(h))
	out.WriteString(d.b.String())
	out.WriteString("</svg>\n")
	return []byte(out.String())
}

// textWidth estimates the width of s in pixels. The estimate follows
// DejaVu Sans, one of the widest common sans-serif fonts, so that text
// sized by it fits in narrower fonts too.
func textWidth(s string, size float64, bold, mono bool) float64 {
	if mono {
		// A wide character (Hangul) takes two cells of a monospaced font.
		n := 0.0
		for _, r := range s {
			n += 0.61
			if isWideRune(r) {
				n += 0.61
			}
		}
		return n * size
	}
	var w float64
	for _, r := range s {
		switch {
		case r == ' ':
			w += 0.32
		case r >= '0' && r <= '9':
			w += 0.64
		case r >= 'A' && r <= 'Z' || r == 'm' || r == 'w' || r == 'M' || r == 'W':
			w += 0.75
		case r >= 'a' && r <= 'z':
			w += 0.61
		case r == 'i' || r == 'l' || r == '.' || r == ':' || r == ',' || r == '|' || r == '[' || r == ']' || r == '(' || r == ')':
			w += 0.4
		case r < 0x80:
			w += 0.55
		case isWideRune(r):
			w += 1.0 // Hangul and CJK take a full em
		default:
			w += 1.0 // other scripts: as wide as the widest, so nothing overflows
		}
	}
	if bold {
		w *= 1.1
	}
	return w * size
}

// ---- colours ----

// writeColors are light fills, one per write (cycling), dark text stays
// readable on every one of them and they are told apart in grey-scale
// print too by their order.
var writeColors = []string{"#9ecae9", "#ffc65c", "#a8d88b", "#f4a6b0", "#c9b3e6", "#ffd9a8", "#8fd6cf", "#d9d9a0"}

func writeColor(w int) string {
	if w <= 0 {
		return "#d0d0d0"
	}
	return writeColors[(w-1)%len(writeColors)]
}

// header draws a figure's title (the note before the show, when there is
// one) and a subtitle, and returns the y below them.
func header(d *svgDoc, r *runtime.ShowRecord, note string) float64 {
	what := msg.FigShowAt.In(d.lang, r.View, r.At.String())
	if r.Line > 0 {
		what += msg.FigLine.In(d.lang, r.Line)
	}
	title := note
	if title == "" {
		title = viewTitle(d.lang, r)
	}
	y := 20.0
	for _, l := range wrapText(title, 34, true, figWidth-2*figPad) {
		y += 44
		d.text(figPad, y, textStyle{size: 34, bold: true}, l)
	}
	if d.debug {
		y += 32
		d.text(figPad, y, textStyle{size: 20, fill: "#555"}, what)
	}
	return y + 20
}

// viewTitle is the title of a figure whose show has no note before it.
func viewTitle(l msg.Lang, r *runtime.ShowRecord) string {
	switch r.View {
	case "queues":
		return msg.FigQueuesTitle.In(l, r.At.String())
	case "sockets":
		return msg.FigSocketsTitle.In(l, r.At.String())
	case "windows":
		return msg.FigWindowsTitle.In(l, r.At.String())
	case "demux":
		return msg.FigDemuxTitle.In(l)
	}
	return msg.FigViewAt.In(l, r.View, r.At.String())
}

// wrapText breaks s into lines no wider than width pixels, at spaces.
func wrapText(s string, size float64, bold bool, width float64) []string {
	var lines []string
	cur := ""
	for _, w := range strings.Fields(s) {
		next := w
		if cur != "" {
			next = cur + " " + w
		}
		if cur != "" && textWidth(next, size, bold, false) > width {
			lines = append(lines, cur)
			cur = w
			continue
		}
		cur = next
	}
	if cur != "" || len(lines) == 0 {
		lines = append(lines, cur)
	}
	return lines
}

// ---- the three queues ----

// QueuesSVG draws one show queues record: for each connection and each
// direction that carries data, the sender's SendQ (and the part of it in
// flight), the receiver's RecvQ and Delivered, as bars laid out along the
// byte stream, each range coloured and labelled by the write it came from
// ("write 2: 1500-2999"). note is the figure's title, or "".
func QueuesSVG(r *runtime.ShowRecord, note string) []byte {
	return queuesSVG(r, note, FigureOptions{Debug: true})
}

func queuesSVG(r *runtime.ShowRecord, note string, o FigureOptions) []byte {
	d := &svgDoc{debug: o.Debug, lang: o.Lang}
	y := header(d, r, note)
	if len(r.Conns) == 0 {
		d.text(figPad, y+40, textStyle{size: 24, italic: true, fill: "#555"}, msg.FigNoConnections.In(d.lang))
		y += 70
	}
	book := o.Layout == LayoutBook || o.Layout == LayoutAuto && bookLayout(r)
	for _, c := range r.Conns {
		if book {
			markerDefs(d)
			if d.debug || len(r.Conns) > 1 {
				y += 36
				d.text(figPad, y, textStyle{size: 20, fill: "#555"}, c.Title)
			}
			for _, dir := range c.Dirs {
				y = bookDirection(d, dir, y)
			}
			y = drawCycle(d, c.Cycle, y)
			continue
		}
		y += 44
		d.text(figPad, y, textStyle{size: 24, bold: true}, c.Title)
		for _, dir := range c.Dirs {
			y = drawDirection(d, dir, y+14)
		}
	}
	title := msg.FigShowAt.In(d.lang, "queues", r.At.String())
	if note != "" {
		title = note + ": " + title
	}
	return d.finish(figWidth, y+figPad/2, title)
}

const (
	barX0  = 340.0
	barX1  = figWidth - figPad
	barRow = 64.0
	barGap = 16.0
)

// drawDirection draws the queues of one direction from y down and returns
// the y below them.
func drawDirection(d *svgDoc, dir runtime.DirSnapshot, y float64) float64 {
	var total int64
	for _, rs := range [][]runtime.ByteRange{dir.SendQ, dir.RecvQ, dir.Delivered} {
		for _, r := range rs {
			total = max(total, r.Last+1)
		}
	}
	head := dir.Sender + " -> " + dir.Receiver
	if total > 0 {
		head += msg.FigStreamBytes.In(d.lang, total-1)
	} else {
		head += msg.FigNoData.In(d.lang)
	}
	y += 30
	d.text(figPad, y, textStyle{size: 22, fill: "#333"}, head)
	y += 16
	scale := (barX1 - barX0) / float64(max(total, 1))
	type row struct {
		name, sub string
		ranges    []runtime.ByteRange
		inFlight  bool
	}
	rows := []row{{msg.FigSendQ.In(d.lang, dir.Sender), "", dir.SendQ, false}}
	if dir.InFlight > 0 {
		rows = append(rows, row{msg.FigInFlight.In(d.lang), msg.FigNotAcked.In(d.lang), inFlight(dir), true})
	}
	if dir.Receiver != "(gone)" {
		rows = append(rows, row{msg.FigRecvQ.In(d.lang, dir.Receiver), "", dir.RecvQ, false})
		rows = append(rows, row{msg.FigDelivered.In(d.lang, dir.Receiver), "", dir.Delivered, false})
	}
	for _, rw := range rows {
		h := barRow
		top := y
		if rw.inFlight {
			h = 44
		}
		n := sum(rw.ranges)
		sub := bytesWord(d.lang, n)
		if rw.sub != "" {
			sub += ", " + rw.sub
		}
		nameStyle := textStyle{size: 24, bold: true}
		if rw.inFlight {
			nameStyle = textStyle{size: 22, italic: true, fill: "#333"}
		}
		d.text(figPad, top+h/2-2, nameStyle, rw.name)
		d.text(figPad, top+h/2+22, textStyle{size: 18, fill: "#555"}, sub)
		d.rect(barX0, top, barX1-barX0, h, `fill="#f3f4f6" stroke="#c8ccd2" stroke-width="1.5"`)
		if n == 0 {
			d.text(barX0+14, top+h/2+8, textStyle{size: 20, italic: true, fill: "#777"}, "empty")
		}
		for _, br := range rw.ranges {
			x := barX0 + float64(br.First)*scale
			w := max(float64(br.Len())*scale, 3)
			attrs := fmt.Sprintf(`fill="%s" stroke="#ffffff" stroke-width="2"`, writeColor(br.Write))
			if rw.inFlight {
				attrs = fmt.Sprintf(`fill="%s" fill-opacity="0.55" stroke="#333" stroke-width="1.5" stroke-dasharray="8 5"`, writeColor(br.Write))
			}
			fmt.Fprintf(&d.b, "<g><title>%s</title>\n", xmlText(rangeLabel(br)))
			d.rect(x, top, w, h, attrs)
			drawRangeLabel(d, br, x, top, w, h)
			d.b.WriteString("</g>\n")
		}
		y += h + barGap
	}
	y = drawAxis(d, dir, total, scale, y)
	return drawLegend(d, dir, y)
}

// drawRangeLabel labels a range's bar with as much as fits: "write 2:
// 1500-2999" on one line, or "write 2" over "1500-2999", or "write 2",
// or "w2". The full label is always in the bar's tooltip.
func drawRangeLabel(d *svgDoc, br runtime.ByteRange, x, top, w, h float64) {
	const size, small = 20.0, 17.0
	fits := func(s string, sz float64) bool { return textWidth(s, sz, false, false)+12 <= w }
	cx, cy := x+w/2, top+h/2
	full := rangeLabel(br)
	span := itoa(br.First) + "-" + itoa(br.Last)
	name := msg.FigBytes.In(d.lang)
	short := ""
	if br.Write > 0 {
		name = "write " + strconv.Itoa(br.Write)
		short = "w" + strconv.Itoa(br.Write)
	}
	switch {
	case fits(full, size):
		d.text(cx, cy+7, textStyle{size: size, anchor: "middle"}, full)
	case h >= 56 && fits(name, size) && fits(span, small):
		d.text(cx, cy-3, textStyle{size: size, anchor: "middle"}, name)
		d.text(cx, cy+19, textStyle{size: small, anchor: "middle", fill: "#222"}, span)
	case fits(name, size):
		d.text(cx, cy+7, textStyle{size: size, anchor: "middle"}, name)
	case short != "" && fits(short, size):
		d.text(cx, cy+7, textStyle{size: size, anchor: "middle"}, short)
	}
}

// drawAxis draws the stream's byte offsets under the bars: 0, the end,
// and where the ranges start, as far as they do not crowd each other.
func drawAxis(d *svgDoc, dir runtime.DirSnapshot, total int64, scale, y float64) float64 {
	if total == 0 {
		return y
	}
	d.line(barX0, y, barX1, y, `stroke="#444" stroke-width="2"`)
	var marks []int64
	seen := map[int64]bool{}
	add := func(v int64) {
		if !seen[v] {
			seen[v] = true
			marks = append(marks, v)
		}
	}
	add(0)
	for _, rs := range [][]runtime.ByteRange{dir.Delivered, dir.RecvQ, dir.SendQ} {
		for _, r := range rs {
			add(r.First)
		}
	}
	add(total)
	sortInt64(marks)
	// Every boundary gets a tick; its number goes on the first of two
	// rows where it does not crowd the number before it, or is left out.
	var lastEnd [2]float64
	lastEnd[0], lastEnd[1] = -1e9, -1e9
	for _, m := range marks {
		x := barX0 + float64(m)*scale
		d.line(x, y, x, y+10, `stroke="#444" stroke-width="2"`)
		label := itoa(m)
		lw := textWidth(label, 18, false, false)
		lo, hi := x-lw/2, x+lw/2
		anchor := "middle"
		switch {
		case m == 0:
			anchor, lo, hi = "start", x, x+lw
		case m == total:
			anchor, lo, hi = "end", x-lw, x
		}
		for row := 0; row < 2; row++ {
			if lo-lastEnd[row] >= 10 {
				d.text(x, y+30+float64(row)*26, textStyle{size: 18, anchor: anchor, fill: "#333"}, label)
				lastEnd[row] = hi
				break
			}
		}
	}
	d.text(figPad, y+30, textStyle{size: 18, fill: "#555"}, msg.FigStreamOffset.In(d.lang))
	return y + 68
}

// drawLegend lists the writes in the figure with their colour and the
// bytes of each that the figure shows.
func drawLegend(d *svgDoc, dir runtime.DirSnapshot, y float64) float64 {
	type ext struct{ first, last int64 }
	var order []int
	exts := map[int]*ext{}
	for _, rs := range [][]runtime.ByteRange{dir.Delivered, dir.RecvQ, dir.SendQ} {
		for _, r := range rs {
			e := exts[r.Write]
			if e == nil {
				exts[r.Write] = &ext{r.First, r.Last}
				order = append(order, r.Write)
				continue
			}
			e.first, e.last = min(e.first, r.First), max(e.last, r.Last)
		}
	}
	if len(order) == 0 {
		return y
	}
	sortInts(order)
	x := float64(figPad)
	y += 12
	for _, w := range order {
		e := exts[w]
		label := rangeLabel(runtime.ByteRange{Write: w, First: e.first, Last: e.last})
		width := 30 + textWidth(label, 20, false, false) + 28
		if x+width > figWidth-figPad && x > figPad {
			x = figPad
			y += 34
		}
		d.rect(x, y, 22, 22, fmt.Sprintf(`fill="%s" stroke="#555" stroke-width="1"`, writeColor(w)))
		d.text(x+30, y+19, textStyle{size: 20}, label)
		x += width
	}
	return y + 40
}

func sortInt64(a []int64) {
	for i := 1; i < len(a); i++ {
		for j := i; j > 0 && a[j] < a[j-1]; j-- {
			a[j], a[j-1] = a[j-1], a[j]
		}
	}
}

func sortInts(a []int) {
	for i := 1; i < len(a); i++ {
		for j := i; j > 0 && a[j] < a[j-1]; j-- {
			a[j], a[j-1] = a[j-1], a[j]
		}
	}
}

// ---- tables ----

// TablesSVG draws the tables of one show record (the socket structures,
// netstat, ss, windows or a demux decision) as figures of tables with a
// dark header row, in a monospaced font; numeric columns are
// right-aligned. note is the figure's title, or "".
func TablesSVG(r *runtime.ShowRecord, note string) []byte {
	return tablesSVG(r, note, FigureOptions{Debug: true})
}

func tablesSVG(r *runtime.ShowRecord, note string, o FigureOptions) []byte {
	d := &svgDoc{debug: o.Debug, lang: o.Lang}
	y := header(d, r, note)
	const size, rowH, padX = 22.0, 42.0, 14.0
	width := float64(figWidth)
	for _, t := range r.Tables {
		y += 48
		d.text(figPad, y, textStyle{size: 24, bold: true}, t.Title)
		y += 16
		if len(t.Rows) <= 1 {
			d.text(figPad, y+30, textStyle{size: 22, italic: true, fill: "#555"}, "(none)")
			y += 44
			continue
		}
		ncol := 0
		for _, row := range t.Rows {
			ncol = max(ncol, len(row))
		}
		right := numericColumns(t.Rows, ncol)
		widths := make([]float64, ncol)
		for ri, row := range t.Rows {
			for i, c := range row {
				widths[i] = max(widths[i], textWidth(c, size, ri == 0, true)+2*padX)
			}
		}
		var tw float64
		for _, w := range widths {
			tw += w
		}
		width = max(width, tw+2*figPad)
		for ri, row := range t.Rows {
			fill := "#ffffff"
			switch {
			case ri == 0:
				fill = "#2f3b4c"
			case ri%2 == 0:
				fill = "#eef1f5"
			}
			if r.View == "demux" && ri > 0 && len(row) > 0 && isWord(row[len(row)-1], msg.ResWinner) {
				fill = "#fff1b8"
			}
			d.rect(figPad, y, tw, rowH, fmt.Sprintf(`fill="%s"`, fill))
			x := float64(figPad)
			for i := 0; i < ncol; i++ {
				c := ""
				if i < len(row) {
					c = row[i]
				}
				st := textStyle{size: size, mono: true}
				tx := x + padX
				if right[i] {
					st.anchor = "end"
					tx = x + widths[i] - padX
				}
				if ri == 0 {
					st.bold, st.fill = true, "#ffffff"
				}
				if r.View == "demux" && ri > 0 {
					// = matches, x differs: the reason a structure loses.
					switch {
					case strings.HasSuffix(c, " x") || isWord(c, msg.ResNoMatch):
						st.fill = red
					case strings.HasSuffix(c, " ="):
						st.fill = "#1b7f3b"
					case isWord(c, msg.ResWinner):
						st.bold = true
					}
				}
				d.text(tx, y+rowH/2+8, st, c)
				x += widths[i]
			}
			y += rowH
		}
		d.rect(figPad, y-rowH*float64(len(t.Rows)), tw, rowH*float64(len(t.Rows)), `fill="none" stroke="#2f3b4c" stroke-width="2"`)
		if r.View == "demux" {
			for _, l := range strings.Split(r.Text, "\n") {
				l = strings.TrimSpace(l)
				if isVerdict(l) {
					y += 12
					for _, wl := range wrapText(l, 24, true, figWidth-2*figPad) {
						y += 34
						d.text(figPad, y, textStyle{size: 24, bold: true}, wl)
					}
				}
			}
		}
	}
	title := msg.FigShowAt.In(d.lang, r.View, r.At.String())
	if note != "" {
		title = note + ": " + title
	}
	return d.finish(width, y+figPad, title)
}

// ---- the ladder diagram ----

// ladderLabel is the text on a packet's arrow, as the trace's ladder
// writes it: flags, sequence range or number, ack, window, MSS, and why
// the packet was sent.
func ladderLabel(p *runtime.PacketRecord, l msg.Lang) (main, extra string) {
	s := &p.Seg
	var b strings.Builder
	b.WriteString("[" + s.Flags.String() + "]")
	switch {
	case s.Len > 0:
		fmt.Fprintf(&b, " %d:%d", uint32(s.Seq), uint32(s.Seq+int64(s.Len)))
	case s.Flags&(runtime.SYN|runtime.FIN|runtime.RST) != 0 || s.Flags&runtime.ACK == 0 || p.Note() == "zero-window probe" || p.Note() == "keep-alive":
		fmt.Fprintf(&b, " seq %d", uint32(s.Seq))
	}
	if s.Flags&runtime.ACK != 0 {
		fmt.Fprintf(&b, " ack %d", uint32(s.Ack))
	}
	fmt.Fprintf(&b, " win %d", s.Win)
	if s.MSS != 0 {
		fmt.Fprintf(&b, " mss %d", s.MSS)
	}
	var ex []string
	if n := p.NoteIn(l); n != "" {
		ex = append(ex, n)
	}
	switch k := p.Kind.String(); k {
	case "dropped":
		ex = append(ex, "DROPPED")
	case "held":
		ex = append(ex, "held")
	case "lost":
		ex = append(ex, "lost")
	}
	if len(ex) > 0 {
		extra = " (" + strings.Join(ex, ", ") + ")"
	}
	return b.String(), extra
}

// LadderSVG draws packets[first:last] of a run as a ladder diagram: one
// vertical line per host, time flowing down, one arrow per packet from
// its sender to its receiver, labelled with its flags, sequence numbers,
// ack and window. A dropped packet's arrow stops half-way at a red cross;
// a held one is dashed; a packet to an address no host owns goes to a
// "(no host)" column; loopback packets loop back to their host. Only the
// hosts that this page's packets go between get a column.
func LadderSVG(prog *lang.Program, packets []runtime.PacketRecord, first, last int) []byte {
	first, last = max(first, 0), min(last, len(packets))
	names := hostNames(prog)
	// Columns: the hosts this page's packets go between, in the order the
	// hosts first appear in the whole run, so that the pages of a long
	// ladder keep the same left-to-right order. Packets to an address no
	// host owns go to a last "(no host)" column.
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
	for i := first; i < last; i++ {
		s := &packets[i].Seg
		used[s.From] = true
		used[s.To] = true
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
	for i := 1; i < len(cols); i++ {
		for j := i; j > 0 && order[cols[j]] < order[cols[j-1]]; j-- {
			cols[j], cols[j-1] = cols[j-1], cols[j]
		}
	}
	if used[-1] {
		cols = append(cols, -1)
	}
	colOf := map[int32]int{}
	for i, h := range cols {
		colOf[h] = i
	}
	const (
		labelSize = 19.0
		rowH      = 46.0
		drop      = 22.0
		left      = 200.0
		top       = 150.0
	)
	// Each label must fit along its arrow: an arrow across k columns
	// gives its label k gaps; a loopback label sits right of its host,
	// before the next column.
	gap := 640.0
	if len(cols) > 2 {
		gap = 300
	}
	loopRight := 0.0
	for i := first; i < last; i++ {
		p := &packets[i]
		m, ex := ladderLabel(p, progLang(prog))
		w := textWidth(m+ex, labelSize, p.Seg.Flags&(runtime.SYN|runtime.FIN|runtime.RST) != 0, false)
		from, to := colOf[p.Seg.From], colOf[p.Seg.To]
		switch {
		case from != to:
			gap = max(gap, (w+70)/float64(max(from-to, to-from)))
		case from < len(cols)-1:
			gap = max(gap, w+120)
		default:
			loopRight = max(loopRight, w+120)
		}
	}
	need := left + float64(max(len(cols)-1, 0))*gap + max(200, loopRight)
	width := max(float64(figWidth), need)
	x0 := left + (width-need)/2
	colX := func(h int32) float64 { return x0 + float64(colOf[h])*gap }
	height := top + float64(last-first)*rowH + 40

	d := &svgDoc{lang: progLang(prog)}
	for _, m := range []struct{ id, fill string }{{"ah-data", "#1d3557"}, {"ah-ack", "#2a7f77"}, {"ah-grey", "#777777"}} {
		fmt.Fprintf(&d.defs, `<marker id="%s" viewBox="0 0 12 10" refX="11" refY="5" markerWidth="12" markerHeight="10" markerUnits="userSpaceOnUse" orient="auto"><path d="M0,0 L12,5 L0,10 z" fill="%s"/></marker>`+"\n", m.id, m.fill)
	}
	title := msg.FigPacketsOf.In(d.lang, first+1, last, len(packets))
	d.text(figPad, 40, textStyle{size: 20, fill: "#555"}, msg.FigLadder.In(d.lang, title))
	for _, h := range cols {
		x := colX(h)
		name, addr := msg.FigNoHost.In(d.lang), lostAddr
		if h >= 0 {
			name = names.of(h)
			addr = hostAddr(prog, h)
		}
		d.text(x, 88, textStyle{size: 30, bold: true, anchor: "middle"}, name)
		if addr != "" {
			d.text(x, 114, textStyle{size: 18, anchor: "middle", fill: "#555"}, addr)
		}
		stroke := `stroke="#9aa3ad" stroke-width="4"`
		if h < 0 {
			stroke = `stroke="#bbbbbb" stroke-width="3" stroke-dasharray="6 6"`
		}
		d.line(x, top-18, x, height-20, stroke)
	}
	prevTime := runtime.Time(-1)
	for i := first; i < last; i++ {
		p := &packets[i]
		y := top + float64(i-first)*rowH
		if p.At != prevTime {
			d.text(x0-36, y+8, textStyle{size: 18, anchor: "end", fill: "#555"}, p.At.String())
			prevTime = p.At
		}
		main, extra := ladderLabel(p, progLang(prog))
		color, marker, widthAttr := "#2a7f77", "ah-ack", "2.5"
		if p.Seg.Len > 0 || p.Seg.Flags&(runtime.SYN|runtime.FIN|runtime.RST) != 0 {
			color, marker, widthAttr = "#1d3557", "ah-data", "3.5"
		}
		kind := p.Kind.String()
		dash := ""
		if kind == "held" || kind == "lost" {
			dash = ` stroke-dasharray="10 6"`
		}
		if kind == "lost" {
			color, marker = "#777777", "ah-grey"
		}
		extraFill := "#c05621"
		if kind == "dropped" {
			extraFill = "#c1121f"
		}
		fx := colX(p.Seg.From)
		labelStyle := textStyle{size: labelSize, anchor: "middle", halo: true, bold: p.Seg.Flags&(runtime.SYN|runtime.FIN|runtime.RST) != 0}
		to := p.Seg.To
		if to == p.Seg.From {
			// loopback: a loop out to the right and back
			fmt.Fprintf(&d.b, `<path d="M%s,%s h70 v%s h-66" fill="none" stroke="%s" stroke-width="%s"%s marker-end="url(#%s)"/>`+"\n",
				num(fx), num(y), num(drop), color, widthAttr, dash, marker)
			labelStyle.anchor = "start"
			d.textSpans(fx+84, y+drop/2+7, labelStyle, span{main, ""}, span{extra, extraFill})
			continue
		}
		tx := colX(to)
		ex, ey := tx, y+drop
		if kind == "dropped" {
			ex, ey = fx+(tx-fx)*0.6, y+drop*0.6
		}
		if kind == "dropped" {
			fmt.Fprintf(&d.b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="%s"/>`+"\n", num(fx), num(y), num(ex), num(ey), color, widthAttr)
			const k = 9.0
			d.line(ex-k, ey-k, ex+k, ey+k, `stroke="#c1121f" stroke-width="4"`)
			d.line(ex-k, ey+k, ex+k, ey-k, `stroke="#c1121f" stroke-width="4"`)
		} else {
			fmt.Fprintf(&d.b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="%s"%s marker-end="url(#%s)"/>`+"\n",
				num(fx), num(y), num(ex), num(ey), color, widthAttr, dash, marker)
		}
		d.textSpans((fx+tx)/2, y-5, labelStyle, span{main, ""}, span{extra, extraFill})
	}
	return d.finish(width, height, msg.FigLadder.In(d.lang, title))
}

// hostAddr is the first address of host h, or "".
func hostAddr(prog *lang.Program, h int32) string {
	if prog == nil {
		return ""
	}
	for _, ph := range prog.Hosts {
		if ph.Index == int(h) && len(ph.Addrs) > 0 {
			return ph.Addrs[0].String()
		}
	}
	return ""
}
