package export

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/tcps-dev/tcps/lang"
	"github.com/tcps-dev/tcps/runtime"
)

// Plots are time series, where people would rather look than read:
//
//   - for every structure whose counters changed (the run's EvSample
//     events), SendQ, RecvQ, in flight, the window it advertises, the
//     peer's window as it sees it (rwnd) and cwnd over time;
//   - for every direction of a connection that carries data, a
//     time-sequence graph (Stevens, TCP/IP Illustrated): each data segment
//     a vertical bar from its first to its last sequence number at the time
//     it was sent (retransmissions in red), the acknowledged sequence
//     number the receiver reports and the right edge of the window it
//     offers (ack + win) as step lines.
//
// Each plot is drawn as SVG by hand (chart, below), like every other
// figure, and turned into PNG or PDF by SVGToPNG and SVGToPDF: a plotting
// library's package initialisers would cost every tcps command its
// start-up (docs/performance.md, "Start-up"). Each plot is a Figure whose
// SVG field holds the image in format ("svg", "png" or "pdf"), named
// plot-NN-WHAT.FORMAT.

// plotColors are the series' colours: SendQ, RecvQ, in flight, window,
// rwnd, cwnd.
var plotColors = []string{"#1d3557", "#2a7f77", "#e08e0b", "#7b4fb0", "#c1121f", "#555555"}

// Plots draws the plots of a recorded run (runtime.Options.Record, so
// that Result.Events holds the samples) at w x h pixels in format.
func Plots(prog *lang.Program, res *runtime.Result, w, h int, format string) ([]Figure, error) {
	if w <= 0 || h <= 0 {
		w, h = 1280, 720
	}
	type sample struct {
		at float64
		c  runtime.Counters
	}
	series := map[string][]sample{}
	var socks []string
	for i := range res.Events {
		e := &res.Events[i]
		if e.Kind != runtime.EvSample || e.Counters == nil || e.Sock == "" {
			continue
		}
		if _, ok := series[e.Sock]; !ok {
			socks = append(socks, e.Sock)
		}
		series[e.Sock] = append(series[e.Sock], sample{ms(e.At), *e.Counters})
	}
	var figs []Figure
	end := ms(res.Stats.End)
	add := func(c *chart, what string) error {
		data, err := plotBytes(c.slide(w, h), format)
		if err != nil {
			return err
		}
		figs = append(figs, Figure{Name: fmt.Sprintf("plot-%02d-%s.%s", len(figs)+1, what, format), Kind: "plot", SVG: data, Title: c.title})
		return nil
	}
	for _, sk := range socks {
		ss := series[sk]
		interesting := false
		for _, s := range ss {
			if s.c.SendQ > 0 || s.c.RecvQ > 0 || s.c.InFlight > 0 {
				interesting = true
				break
			}
		}
		if !interesting {
			continue // a listener or a connection that never carried data
		}
		c := &chart{title: sk + ": queues and windows over time", yLabel: "bytes"}
		names := []string{"SendQ", "RecvQ", "in flight", "advertised window", "rwnd (peer's window)", "cwnd"}
		get := []func(runtime.Counters) int64{
			func(c runtime.Counters) int64 { return c.SendQ },
			func(c runtime.Counters) int64 { return c.RecvQ },
			func(c runtime.Counters) int64 { return c.InFlight },
			func(c runtime.Counters) int64 { return c.Window },
			func(c runtime.Counters) int64 { return c.Rwnd },
			func(c runtime.Counters) int64 { return c.Cwnd },
		}
		for k, name := range names {
			pts := make([]point, 0, len(ss)+1)
			for _, s := range ss {
				pts = append(pts, point{s.at, float64(get[k](s.c))})
			}
			pts = append(pts, point{max(end, pts[len(pts)-1].x), pts[len(pts)-1].y})
			c.lines = append(c.lines, chartLine{pts: pts, color: plotColors[k], width: 3.3, dashed: k >= 3, legend: name})
		}
		if err := add(c, safeName(sk)+"-queues"); err != nil {
			return nil, err
		}
	}
	// Time-sequence graphs, one per direction that carries data.
	type dirKey struct {
		src, dst string
	}
	var dirs []dirKey
	seen := map[dirKey]bool{}
	names := hostNames(prog)
	epName := func(h int32, ip runtime.Addr, port uint16) string {
		n := names.of(h)
		if n == "" {
			n = ip.String()
		}
		return fmt.Sprintf("%s:%d", n, port)
	}
	// The packets' endpoints, named once.
	ends := make([]dirKey, len(res.Packets))
	for i := range res.Packets {
		s := &res.Packets[i].Seg
		k := dirKey{epName(s.From, s.SrcIP, s.SrcPort), epName(s.To, s.DstIP, s.DstPort)}
		ends[i] = k
		if s.Len > 0 && !seen[k] {
			seen[k] = true
			dirs = append(dirs, k)
		}
	}
	for _, k := range dirs {
		c := &chart{title: "time-sequence graph: " + k.src + " → " + k.dst, yLabel: "sequence number"}
		var acks, edge []point
		for i := range res.Packets {
			pk := &res.Packets[i]
			s := &pk.Seg
			switch e := ends[i]; {
			case e == k && s.Len > 0:
				retx := pk.Note() != "" || pk.Kind.String() != "sent"
				c.bars = append(c.bars, chartBar{x: ms(pk.At), y0: float64(s.Seq), y1: float64(s.Seq + int64(s.Len)), alt: retx})
			case e.src == k.dst && e.dst == k.src && s.Flags&runtime.ACK != 0:
				at := ms(pk.At)
				if pk.Arrive > 0 {
					at = ms(pk.Arrive)
				}
				acks = append(acks, point{at, float64(s.Ack)})
				edge = append(edge, point{at, float64(s.Ack + int64(s.Win))})
			}
		}
		for j, line := range [][]point{acks, edge} {
			if len(line) == 0 {
				continue
			}
			sort.SliceStable(line, func(a, b int) bool { return line[a].x < line[b].x })
			l := chartLine{pts: line, color: plotColors[1], width: 2.7, legend: "acknowledged (ack, as it arrives)"}
			if j == 1 {
				l.color, l.dashed, l.legend = plotColors[2], true, "window edge (ack + win)"
			}
			c.lines = append(c.lines, l)
		}
		c.barColor, c.altColor, c.barWidth = plotColors[0], plotColors[4], 4
		c.barLegend = "data segment sent (red: retransmitted, probe, held or dropped)"
		if err := add(c, "tseq-"+safeName(k.src)); err != nil {
			return nil, err
		}
	}
	return figs, nil
}

// plotBytes turns a plot's SVG into format: svg, png or pdf.
func plotBytes(svg []byte, format string) ([]byte, error) {
	switch format {
	case "png":
		return SVGToPNG(svg, 1)
	case "pdf":
		return SVGToPDF(svg)
	}
	return svg, nil
}

// ms is a time in milliseconds.
func ms(t runtime.Time) float64 { return float64(t) / 1e6 }

// safeName makes a label a file name part: "A.1" stays, ":" becomes "-".
func safeName(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '-', r == '_':
			return r
		}
		return '-'
	}, s)
}

// ---- a small chart ----

// point is a point of a chart in data units (ms, bytes).
type point struct{ x, y float64 }

// chartLine is a series drawn as steps: each value holds until the next
// (a counter changes at an instant and keeps its value).
type chartLine struct {
	pts    []point
	color  string
	width  float64 // px
	dashed bool
	legend string
}

// chartBar is a vertical bar at x from y0 to y1 (a segment's sequence
// numbers at the time it left).
type chartBar struct {
	x, y0, y1 float64
	alt       bool // drawn in altColor
}

// chart is a plot with the figures' look: a title, axes with round
// ticks and a light grid, time in ms along the bottom, the legend top
// left on a white box; step lines, and bars.
type chart struct {
	title, yLabel string
	lines         []chartLine
	bars          []chartBar
	// barColor and altColor colour the bars, barWidth is their width
	// in px, barLegend their legend entry (none when no bars).
	barColor, altColor, barLegend string
	barWidth                      float64
}

// Type sizes in px: the title, the axis labels, the ticks and legend.
const (
	chartTitleSize = 26.0
	chartLabelSize = 20.0
	chartTickSize  = 17.0
)

// bounds is the smallest and largest x and y of the chart's data.
func (c *chart) bounds() (x0, x1, y0, y1 float64) {
	x0, y0 = math.Inf(1), math.Inf(1)
	x1, y1 = math.Inf(-1), math.Inf(-1)
	see := func(x, y float64) {
		x0, x1 = min(x0, x), max(x1, x)
		y0, y1 = min(y0, y), max(y1, y)
	}
	for _, l := range c.lines {
		for _, p := range l.pts {
			see(p.x, p.y)
		}
	}
	for _, b := range c.bars {
		see(b.x, b.y0)
		see(b.x, b.y1)
	}
	if math.IsInf(x0, 0) {
		return 0, 1, 0, 1
	}
	return x0, x1, y0, y1
}

// axis is the range an axis shows, rounded out to its ticks, and the
// ticks' step.
type axis struct {
	lo, hi, step float64
}

// niceAxis gives lo..hi round ticks, about n of them: a step of 1, 2 or
// 5 times a power of ten, the range widened to whole steps unless tight
// (time: the plot ends where the run does).
func niceAxis(lo, hi float64, n int, tight bool) axis {
	if lo > 0 && lo < (hi-lo)/2 {
		lo = 0 // a range near zero starts at zero
	}
	if hi <= lo {
		hi = lo + max(1, math.Abs(lo)/10)
	}
	raw := (hi - lo) / float64(n)
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := 10 * mag
	for _, m := range []float64{1, 2, 5} {
		if m*mag >= raw {
			step = m * mag
			break
		}
	}
	if tight {
		return axis{lo, hi, step}
	}
	return axis{math.Floor(lo/step) * step, math.Ceil(hi/step) * step, step}
}

// ticks are the axis's tick values.
func (a axis) ticks() []float64 {
	var out []float64
	first := math.Ceil(a.lo/a.step-1e-9) * a.step
	for i := 0; ; i++ {
		v := first + float64(i)*a.step
		if v > a.hi+a.step/1e6 || i > 100 {
			return out
		}
		out = append(out, v)
	}
}

// label writes a tick value with as many decimals as the step needs.
func (a axis) label(v float64) string {
	d := 0
	if a.step < 1 {
		d = int(math.Ceil(-math.Log10(a.step) - 1e-9))
	}
	s := strconv.FormatFloat(v, 'f', d, 64)
	if strings.Trim(s, "-0.") == "" {
		s = "0"
	}
	return s
}

// slide draws the chart as a w x h px figure: laid out at 1280x720 (or
// the same area in w:h), and scaled to fit, as the other figures are,
// so that its type keeps its size on a slide of any resolution.
func (c *chart) slide(w, h int) []byte {
	k := min(float64(w)/1280, float64(h)/720)
	return fitSlide(c.svg(float64(w)/k, float64(h)/k), FigureOptions{Width: w, Height: h})
}

// svg draws the chart at w x h px.
func (c *chart) svg(w, h float64) []byte {
	x0, x1, y0, y1 := c.bounds()
	ya := niceAxis(y0, y1, max(2, int(h/110)), false)
	xa := niceAxis(x0, x1, max(2, int(w/160)), true)
	yt, xt := ya.ticks(), xa.ticks()
	labelW := 0.0
	for _, v := range yt {
		labelW = max(labelW, textWidth(ya.label(v), chartTickSize, false, false))
	}
	// The plot area, in px.
	left := 16 + labelW + 10
	right := w - 16 - textWidth(xa.label(xa.hi), chartTickSize, false, false)/2
	top := 16 + chartTitleSize + 12 + chartLabelSize + 6
	bottom := h - 16 - chartLabelSize - 10 - chartTickSize - 12
	if right-left < 50 || bottom-top < 50 { // too small for margins: the data still fits
		left, right, top, bottom = w*0.1, w*0.95, h*0.15, h*0.85
	}
	px := func(x float64) float64 { return left + (x-xa.lo)/(xa.hi-xa.lo)*(right-left) }
	py := func(y float64) float64 { return bottom - (y-ya.lo)/(ya.hi-ya.lo)*(bottom-top) }
	d := &svgDoc{}
	d.text(w/2, 16+chartTitleSize*0.8, textStyle{size: chartTitleSize, anchor: "middle"}, c.title)
	// The grid, the axes and their ticks.
	for _, v := range yt {
		y := py(v)
		d.line(left, y, right, y, `stroke="#dddddd" stroke-width="1"`)
		d.line(left-8, y, left, y, `stroke="#333333" stroke-width="1.5"`)
		d.text(left-12, y+chartTickSize*0.35, textStyle{size: chartTickSize, anchor: "end"}, ya.label(v))
	}
	for _, v := range xt {
		x := px(v)
		d.line(x, top, x, bottom, `stroke="#dddddd" stroke-width="1"`)
		d.line(x, bottom, x, bottom+8, `stroke="#333333" stroke-width="1.5"`)
		d.text(x, bottom+12+chartTickSize*0.8, textStyle{size: chartTickSize, anchor: "middle"}, xa.label(v))
	}
	d.line(left, top, left, bottom, `stroke="#333333" stroke-width="1.5"`)
	d.line(left, bottom, right, bottom, `stroke="#333333" stroke-width="1.5"`)
	d.text(left, top-10, textStyle{size: chartLabelSize}, c.yLabel)
	d.text((left+right)/2, h-16-chartLabelSize*0.2, textStyle{size: chartLabelSize, anchor: "middle"}, "time (ms)")
	// The bars, one path a colour (a segment can be thinner than a pixel
	// tall: it is drawn a pixel tall, so that it shows).
	for _, alt := range []bool{false, true} {
		var b strings.Builder
		for _, bar := range c.bars {
			if bar.alt != alt {
				continue
			}
			ya, yb := py(bar.y0), py(bar.y1)
			if ya-yb < 1 {
				ya, yb = (ya+yb)/2+0.5, (ya+yb)/2-0.5
			}
			fmt.Fprintf(&b, "M%s %sV%s", num(px(bar.x)), num(ya), num(yb))
		}
		if b.Len() > 0 {
			col := c.barColor
			if alt {
				col = c.altColor
			}
			fmt.Fprintf(&d.b, `<path d="%s" fill="none" stroke="%s" stroke-width="%s"/>`+"\n", b.String(), col, num(c.barWidth))
		}
	}
	// The lines, as steps.
	for _, l := range c.lines {
		var b strings.Builder
		for i, p := range l.pts {
			x, y := px(p.x), py(p.y)
			if i == 0 {
				fmt.Fprintf(&b, "M%s %s", num(x), num(y))
				continue
			}
			fmt.Fprintf(&b, "H%sV%s", num(x), num(y))
		}
		fmt.Fprintf(&d.b, `<path d="%s" fill="none" stroke="%s" stroke-width="%s" stroke-linejoin="round"%s/>`+"\n",
			b.String(), l.color, num(l.width), dashes(l.dashed))
	}
	c.legend(d, left+12, top+10)
	return d.finish(w, h, c.title)
}

// dashes is the stroke-dasharray attribute of a dashed line.
func dashes(dashed bool) string {
	if dashed {
		return ` stroke-dasharray="8 4"`
	}
	return ""
}

// legend draws the legend with its top left corner at x, y: a white box,
// and a sample of each line (and of the bars) beside its name.
func (c *chart) legend(d *svgDoc, x, y float64) {
	type entry struct {
		color  string
		width  float64
		dashed bool
		name   string
	}
	var es []entry
	for _, l := range c.lines {
		es = append(es, entry{l.color, l.width, l.dashed, l.legend})
	}
	if len(c.bars) > 0 && c.barLegend != "" {
		es = append(es, entry{c.barColor, c.barWidth, false, c.barLegend})
	}
	if len(es) == 0 {
		return
	}
	const row, sample, pad = chartTickSize + 7, 40.0, 10.0
	wid := 0.0
	for _, e := range es {
		wid = max(wid, textWidth(e.name, chartTickSize, false, false))
	}
	d.rect(x, y, pad+sample+8+wid+pad, pad+float64(len(es))*row+pad/2,
		`fill="#ffffff" stroke="#cccccc" stroke-width="1"`)
	for i, e := range es {
		cy := y + pad + float64(i)*row + row/2
		d.line(x+pad, cy, x+pad+sample, cy, fmt.Sprintf(`stroke="%s" stroke-width="%s"%s`, e.color, num(e.width), dashes(e.dashed)))
		d.text(x+pad+sample+8, cy+chartTickSize*0.35, textStyle{size: chartTickSize}, e.name)
	}
}
