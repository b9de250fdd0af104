package export

import (
	"bytes"
	"fmt"
	"image/color"
	"sort"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"github.com/tcps-dev/tcps/lang"
	"github.com/tcps-dev/tcps/runtime"
)

// Plots are time series drawn with gonum.org/v1/plot, where people would
// rather look than read:
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
// Each plot is a Figure whose SVG field holds the image in format
// ("svg", "png" or "pdf"), named plot-NN-WHAT.FORMAT.

// plotColors are the series' colours: SendQ, RecvQ, in flight, window,
// rwnd, cwnd.
var plotColors = []color.RGBA{
	{0x1d, 0x35, 0x57, 255}, {0x2a, 0x7f, 0x77, 255}, {0xe0, 0x8e, 0x0b, 255},
	{0x7b, 0x4f, 0xb0, 255}, {0xc1, 0x12, 0x1f, 255}, {0x55, 0x55, 0x55, 255},
}

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
	add := func(p *plot.Plot, what string) error {
		data, err := plotBytes(p, w, h, format)
		if err != nil {
			return err
		}
		figs = append(figs, Figure{Name: fmt.Sprintf("plot-%02d-%s.%s", len(figs)+1, what, format), Kind: "plot", SVG: data, Title: p.Title.Text})
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
		p := newPlot(sk + ": queues and windows over time")
		p.Y.Label.Text = "bytes"
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
			pts := make(plotter.XYs, 0, len(ss)+1)
			for _, s := range ss {
				pts = append(pts, plotter.XY{X: s.at, Y: float64(get[k](s.c))})
			}
			pts = append(pts, plotter.XY{X: max(end, pts[len(pts)-1].X), Y: pts[len(pts)-1].Y})
			l, err := plotter.NewLine(pts)
			if err != nil {
				return nil, err
			}
			l.StepStyle = plotter.PostStep
			l.Color = plotColors[k]
			l.Width = vg.Points(2.5)
			if k >= 3 {
				l.Dashes = []vg.Length{vg.Points(6), vg.Points(3)}
			}
			p.Add(l)
			p.Legend.Add(name, l)
		}
		if err := add(p, safeName(sk)+"-queues"); err != nil {
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
	for i := range res.Packets {
		s := &res.Packets[i].Seg
		if s.Len > 0 {
			k := dirKey{epName(s.From, s.SrcIP, s.SrcPort), epName(s.To, s.DstIP, s.DstPort)}
			if !seen[k] {
				seen[k] = true
				dirs = append(dirs, k)
			}
		}
	}
	for _, k := range dirs {
		p := newPlot("time-sequence graph: " + k.src + " → " + k.dst)
		p.Y.Label.Text = "sequence number"
		var acks, edge plotter.XYs
		for i := range res.Packets {
			pk := &res.Packets[i]
			s := &pk.Seg
			src := epName(s.From, s.SrcIP, s.SrcPort)
			dst := epName(s.To, s.DstIP, s.DstPort)
			switch {
			case src == k.src && dst == k.dst && s.Len > 0:
				bar, err := plotter.NewLine(plotter.XYs{{X: ms(pk.At), Y: float64(s.Seq)}, {X: ms(pk.At), Y: float64(s.Seq + int64(s.Len))}})
				if err != nil {
					return nil, err
				}
				bar.Width = vg.Points(3)
				bar.Color = plotColors[0]
				if pk.Note() != "" || pk.Kind.String() != "sent" {
					bar.Color = plotColors[4]
				}
				p.Add(bar)
			case src == k.dst && dst == k.src && s.Flags&runtime.ACK != 0:
				at := ms(pk.At)
				if pk.Arrive > 0 {
					at = ms(pk.Arrive)
				}
				acks = append(acks, plotter.XY{X: at, Y: float64(s.Ack)})
				edge = append(edge, plotter.XY{X: at, Y: float64(s.Ack + int64(s.Win))})
			}
		}
		for j, line := range []plotter.XYs{acks, edge} {
			if len(line) == 0 {
				continue
			}
			sort.SliceStable(line, func(a, b int) bool { return line[a].X < line[b].X })
			l, err := plotter.NewLine(line)
			if err != nil {
				return nil, err
			}
			l.StepStyle = plotter.PostStep
			l.Width = vg.Points(2)
			l.Color = plotColors[1]
			name := "acknowledged (ack, as it arrives)"
			if j == 1 {
				l.Color = plotColors[2]
				l.Dashes = []vg.Length{vg.Points(6), vg.Points(3)}
				name = "window edge (ack + win)"
			}
			p.Add(l)
			p.Legend.Add(name, l)
		}
		sample, _ := plotter.NewLine(plotter.XYs{{X: 0, Y: 0}})
		sample.Color, sample.Width = plotColors[0], vg.Points(3)
		p.Legend.Add("data segment sent (red: retransmitted, probe, held or dropped)", sample)
		if err := add(p, "tseq-"+safeName(k.src)); err != nil {
			return nil, err
		}
	}
	return figs, nil
}

// newPlot is a plot with the figures' look: large type for a slide, the
// legend top left, time in ms along the bottom.
func newPlot(title string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font.Size = vg.Points(20)
	p.X.Label.Text = "time (ms)"
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font.Size = vg.Points(15)
		a.Tick.Label.Font.Size = vg.Points(13)
	}
	p.Legend.Top, p.Legend.Left = true, true
	p.Legend.TextStyle.Font.Size = vg.Points(13)
	p.Add(plotter.NewGrid())
	p.Legend.ThumbnailWidth = vg.Points(30)
	return p
}

// plotBytes draws a plot as svg, png or pdf at w x h pixels (96 per inch).
func plotBytes(p *plot.Plot, w, h int, format string) ([]byte, error) {
	wt, err := p.WriterTo(vg.Length(w)*vg.Inch/96, vg.Length(h)*vg.Inch/96, format)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if _, err := wt.WriteTo(&b); err != nil {
		return nil, err
	}
	out := b.Bytes()
	if format == "pdf" {
		out = fixedDate(out)
	}
	return out, nil
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
