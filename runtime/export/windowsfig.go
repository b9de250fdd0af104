package export

import (
	"fmt"
	"strconv"

	"github.com/tcps-dev/tcps/lang/msg"
	"github.com/tcps-dev/tcps/runtime"
)

// windowsSVG draws show windows as a figure: for each sender, the window
// it may use (the smaller of the peer's advertised window rwnd and its
// congestion window cwnd) as a bar, the part of it in flight and the part
// still usable, with rwnd and cwnd marked, and what limits the sender
// ("rwnd = 0: zero window" in red). The table's other columns (ssthresh,
// the sender's own advertised window) are written under the bar.
func windowsSVG(r *runtime.ShowRecord, note string, o FigureOptions) []byte {
	d := &svgDoc{debug: o.Debug, lang: o.Lang}
	y := header(d, r, note)
	rows := [][]string{}
	if len(r.Tables) > 0 && len(r.Tables[0].Rows) > 1 {
		rows = r.Tables[0].Rows[1:]
	}
	if len(rows) == 0 {
		d.text(figPad, y+40, textStyle{size: 24, italic: true, fill: "#555"}, "(no connections)")
		y += 70
	}
	const x0, x1, barH = 260.0, figWidth - figPad - 20, 60.0
	for _, row := range rows {
		if len(row) < 8 {
			continue
		}
		n := func(i int) int64 { v, _ := strconv.ParseInt(row[i], 10, 64); return v }
		rwnd, cwnd, inflight, usable := n(1), n(2), n(4), n(5)
		wnd := min(rwnd, cwnd)
		y += 48
		maySend := msg.FigMaySend.In(d.lang, row[0])
		d.text(figPad, y, textStyle{size: 26, bold: true}, maySend)
		d.textSpans(figPad+textWidth(maySend, 26, true, false)+14, y, textStyle{size: 22, fill: "#333"},
			span{msg.FigMinWindow.In(d.lang, rwnd, cwnd, inflight), ""},
			span{msg.FigUsable.In(d.lang, usable), map[bool]string{true: red, false: "#2a7f77"}[usable == 0]})
		y += 40
		full := max(rwnd, cwnd, inflight, 1)
		// Show at most a few windows' worth: cwnd can dwarf a small rwnd.
		full = min(full, max(wnd, inflight, 1)*4)
		scale := (x1 - x0) / float64(full)
		w := func(v int64) float64 { return min(float64(v)*scale, x1-x0) }
		d.text(figPad, y+barH/2+8, textStyle{size: 22, bold: true}, msg.FigWindow.In(d.lang))
		d.rect(x0, y, x1-x0, barH, `fill="#f3f4f6" stroke="#c8ccd2" stroke-width="1.5"`)
		if inflight > 0 {
			d.rect(x0, y, w(inflight), barH, `fill="#9ecae9" stroke="#333" stroke-width="1.5" stroke-dasharray="8 5"`)
			d.text(x0+w(inflight)/2, y+barH/2+8, textStyle{size: 20, anchor: "middle", halo: true}, msg.FigInFlightN.In(d.lang, inflight))
		}
		if usable > 0 {
			ux := x0 + w(inflight)
			d.rect(ux, y, w(inflight+usable)-w(inflight), barH, `fill="#a8d88b" stroke="#ffffff" stroke-width="2"`)
			d.text(ux+(w(inflight+usable)-w(inflight))/2, y+barH/2+8, textStyle{size: 20, anchor: "middle", halo: true}, msg.FigUsable.In(d.lang, usable))
		}
		if wnd == 0 && inflight == 0 {
			d.text(x0+16, y+barH/2+9, textStyle{size: 24, bold: true, fill: red}, msg.FigWindowZero.In(d.lang))
		}
		// The two edges: rwnd (the peer's RecvQ space) and cwnd.
		mark := func(v int64, label, color string, row int) {
			x := x0 + w(v)
			d.line(x, y-6, x, y+barH+10, fmt.Sprintf(`stroke="%s" stroke-width="4"`, color))
			anchor := "middle"
			if x < x0+80 {
				anchor = "start"
			} else if x > x1-80 {
				anchor = "end"
			}
			d.text(x, y+barH+34+float64(row)*26, textStyle{size: 20, bold: true, anchor: anchor, fill: color}, label)
		}
		mark(rwnd, "rwnd "+itoa(rwnd), red, 0)
		if cwnd != rwnd {
			label := "cwnd " + itoa(cwnd)
			if float64(cwnd)*scale > x1-x0 {
				label += " →"
			}
			mark(cwnd, label, "#1d3557", 1)
		}
		y += barH + 88
		lim := row[6]
		st := textStyle{size: 22, fill: "#333"}
		if wnd == 0 {
			st = textStyle{size: 22, bold: true, fill: red}
		}
		d.text(figPad, y, st, msg.FigLimitedBy.In(d.lang, lim))
		y += 30
		d.text(figPad, y, textStyle{size: 20, fill: "#555"}, msg.FigSsthresh.In(d.lang, row[3], row[0], row[7]))
	}
	title := msg.FigShowAt.In(d.lang, "windows", r.At.String())
	if note != "" {
		title = note + ": " + title
	}
	return d.finish(figWidth, y+figPad, title)
}
