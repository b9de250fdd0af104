package export

import (
	"fmt"
	"strings"

	"github.com/tcps-dev/tcps/lang/msg"
	"github.com/tcps-dev/tcps/runtime"
)

// The book's layout of the queues (Donahoo & Calvert, Figure 5.2): for
// each direction, left to right, the sender's SendQ, the network, the
// receiver's RecvQ and Delivered. SendQ and RecvQ are drawn against their
// capacity ("500/500 full"), the receiver's advertised window under its
// RecvQ, a blocked write with the bytes it has not copied yet, a blocked
// read with what it waits for, and a deadlock's cycle of waits. This is
// the figure for flow control, zero windows and deadlocks; the stream
// layout (drawDirection) is the one for the byte stream.

// Layouts of show queues figures.
const (
	LayoutAuto   = ""       // book when a queue is full or a call blocked, else stream
	LayoutStream = "stream" // bars along the byte stream, by write
	LayoutBook   = "book"   // SendQ | network | RecvQ | Delivered against capacity
)

// bookLayout reports whether a queues record reads better in the book's
// layout: a queue at its capacity, a zero window or a blocked call.
func bookLayout(r *runtime.ShowRecord) bool {
	for _, c := range r.Conns {
		if c.Cycle != "" {
			return true
		}
		for _, d := range c.Dirs {
			if len(d.Waiting) > 0 || d.SndBuf > 0 && sum(d.SendQ) >= d.SndBuf || d.RcvBuf > 0 && sum(d.RecvQ) >= d.RcvBuf || d.Window == 0 && sum(d.RecvQ) > 0 {
				return true
			}
		}
	}
	return false
}

const (
	bkSendX, bkSendW = 40.0, 360.0
	bkNetX, bkNetW   = 420.0, 170.0
	bkRecvX, bkRecvW = 610.0, 360.0
	bkDelX, bkDelW   = 990.0, 250.0
	bkBoxH           = 84.0
	red              = "#c1121f"
)

// bookDirection draws one direction in the book's layout from y down and
// returns the y below it.
func bookDirection(d *svgDoc, dir runtime.DirSnapshot, y float64) float64 {
	y += 34
	d.text(figPad, y, textStyle{size: 24, bold: true, fill: "#333"}, dir.Sender+"  →  "+dir.Receiver)
	y += 40
	top := y
	// Column heads.
	d.text(bkSendX, top, textStyle{size: 22, bold: true}, msg.FigSendQ.In(d.lang, dir.Sender))
	d.text(bkNetX+bkNetW/2, top, textStyle{size: 20, anchor: "middle", fill: "#555"}, msg.FigNetwork.In(d.lang))
	if dir.Receiver != "(gone)" {
		d.text(bkRecvX, top, textStyle{size: 22, bold: true}, msg.FigRecvQ.In(d.lang, dir.Receiver))
		d.text(bkDelX, top, textStyle{size: 22, bold: true}, msg.FigDeliveredHead.In(d.lang))
	}
	bt := top + 12
	sq, rq := sum(dir.SendQ), sum(dir.RecvQ)
	capBox(d, bkSendX, bt, bkSendW, dir.SendQ, sq, dir.SndBuf)
	// The network: an arrow, and what is in flight on it.
	ay := bt + bkBoxH/2
	d.line(bkNetX+8, ay, bkNetX+bkNetW-14, ay, `stroke="#555" stroke-width="3" marker-end="url(#ah-grey)"`)
	fl := msg.FigNothingFlight.In(d.lang)
	if dir.InFlight > 0 {
		fl = msg.FigNInFlight.In(d.lang, dir.InFlight)
	}
	d.text(bkNetX+bkNetW/2, ay-12, textStyle{size: 18, anchor: "middle", fill: "#333", halo: true}, fl)
	if dir.Receiver != "(gone)" {
		capBox(d, bkRecvX, bt, bkRecvW, dir.RecvQ, rq, dir.RcvBuf)
		dl := sum(dir.Delivered)
		d.rect(bkDelX, bt, bkDelW, bkBoxH, `fill="#f3f4f6" stroke="#c8ccd2" stroke-width="1.5"`)
		d.text(bkDelX+bkDelW/2, bt+bkBoxH/2+9, textStyle{size: 24, anchor: "middle"}, msg.FigRead.In(d.lang, bytesWord(d.lang, dl)))
	}
	y = bt + bkBoxH
	// Under the boxes: the blocked calls and the window.
	sendNotes, recvNotes := []span{}, []span{}
	for _, w := range dir.Waiting {
		if w.Op == "write" {
			sendNotes = append(sendNotes, span{msg.FigBlocked.In(d.lang, w.Call), red}, span{msg.FigNotCopied.In(d.lang, bytesWord(d.lang, w.Left)), red})
		} else {
			recvNotes = append(recvNotes, span{msg.FigBlocked.In(d.lang, w.Call), red}, span{msg.FigWaitsData.In(d.lang), red})
		}
	}
	if dir.Window >= 0 && dir.Receiver != "(gone)" {
		if dir.Window == 0 {
			recvNotes = append([]span{{msg.FigAdvertises0.In(d.lang), red}}, recvNotes...)
		} else {
			recvNotes = append([]span{{msg.FigAdvertises.In(d.lang, dir.Window), "#2a7f77"}}, recvNotes...)
		}
	}
	ny := y
	for i, n := range sendNotes {
		ny = y + 30 + float64(i)*26
		d.text(bkSendX, ny, textStyle{size: 20, bold: i%2 == 0, fill: n.fill}, n.text)
	}
	ry := y
	for i, n := range recvNotes {
		ry = y + 30 + float64(i)*26
		d.text(bkRecvX, ry, textStyle{size: 20, bold: true, fill: n.fill}, n.text)
	}
	return max(ny, ry, y) + 10
}

// capBox draws a queue as a box whose width is its capacity, filled from
// the left by its bytes (coloured by write), with "used/capacity" and
// "full" or "empty" in it.
func capBox(d *svgDoc, x, y, w float64, ranges []runtime.ByteRange, n, capacity int64) {
	d.rect(x, y, w, bkBoxH, `fill="#f3f4f6" stroke="#8a929c" stroke-width="2"`)
	if capacity <= 0 {
		capacity = max(n, 1)
	}
	scale := w / float64(max(capacity, n))
	cx := x
	for _, r := range ranges {
		rw := float64(r.Len()) * scale
		fmt.Fprintf(&d.b, "<g><title>%s</title>\n", xmlText(rangeLabel(r)))
		d.rect(cx, y, rw, bkBoxH, fmt.Sprintf(`fill="%s" stroke="#ffffff" stroke-width="2"`, writeColor(r.Write)))
		d.b.WriteString("</g>\n")
		cx += rw
	}
	label := itoa(n) + "/" + itoa(capacity)
	switch {
	case n >= capacity:
		label += msg.FigFull.In(d.lang)
	case n == 0:
		label += msg.FigEmpty.In(d.lang)
	}
	st := textStyle{size: 26, bold: true, anchor: "middle"}
	if n >= capacity {
		st.fill = red
	}
	d.text(x+w/2, y+bkBoxH/2+9, st, label)
}

// drawCycle names a deadlock's cycle of waits under the queues.
func drawCycle(d *svgDoc, cycle string, y float64) float64 {
	if cycle == "" {
		return y
	}
	y += 44
	for _, l := range wrapText(msg.FigDeadlock.In(d.lang, cycle), 28, true, figWidth-2*figPad) {
		d.text(figPad, y, textStyle{size: 28, bold: true, fill: red}, l)
		y += 36
	}
	return y
}

// markerDefs are the arrow heads the figures use.
func markerDefs(d *svgDoc) {
	if strings.Contains(d.defs.String(), `id="ah-grey"`) {
		return
	}
	for _, m := range []struct{ id, fill string }{{"ah-data", "#1d3557"}, {"ah-ack", "#2a7f77"}, {"ah-grey", "#777777"}} {
		fmt.Fprintf(&d.defs, `<marker id="%s" viewBox="0 0 12 10" refX="11" refY="5" markerWidth="12" markerHeight="10" markerUnits="userSpaceOnUse" orient="auto"><path d="M0,0 L12,5 L0,10 z" fill="%s"/></marker>`+"\n", m.id, m.fill)
	}
}
