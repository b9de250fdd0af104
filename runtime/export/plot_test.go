package export

import (
	"bytes"
	"image/png"
	"strings"
	"testing"
)

// A connection that carries data gets a plot of its queues and windows
// over time and a time-sequence graph, as 1280x720 PNGs and as SVG.
func TestPlots(t *testing.T) {
	prog, res, _ := runFile(t, byteStream)
	figs, err := Plots(prog, res, 1280, 720, "png")
	if err != nil {
		t.Fatal(err)
	}
	var queues, tseq int
	for _, f := range figs {
		switch {
		case strings.HasSuffix(f.Name, "-queues.png"):
			queues++
		case strings.Contains(f.Name, "-tseq-"):
			tseq++
		}
		img, err := png.Decode(bytes.NewReader(f.SVG))
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		if b := img.Bounds(); b.Dx() != 1280 || b.Dy() != 720 {
			t.Errorf("%s is %dx%d, want 1280x720", f.Name, b.Dx(), b.Dy())
		}
	}
	// C writes to S: C's structure and S's have queues; one direction
	// carries data.
	if queues != 2 || tseq != 1 {
		t.Errorf("%d queue plots and %d time-sequence graphs, want 2 and 1: %v", queues, tseq, figs)
	}
	svgs, err := Plots(prog, res, 1280, 720, "svg")
	if err != nil || len(svgs) != len(figs) || !bytes.Contains(svgs[0].SVG, []byte("<svg")) {
		t.Errorf("svg plots: %v, %d", err, len(svgs))
	}
	if !bytes.Contains(svgs[0].SVG, []byte("SendQ")) || !bytes.Contains(svgs[0].SVG, []byte("cwnd")) {
		t.Errorf("the queues plot has no SendQ or cwnd legend")
	}
}
