package export

import (
	"bytes"
	"image/png"
	"os/exec"
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

// Axes get round ticks: 1, 2 or 5 times a power of ten, about as many as
// asked; a value axis is widened to whole ticks from zero, the time axis
// ends where the run does.
func TestNiceAxis(t *testing.T) {
	for _, c := range []struct {
		lo, hi float64
		n      int
		tight  bool
		want   axis
		ticks  string
	}{
		{0, 205000, 6, false, axis{0, 250000, 50000}, "0 50000 100000 150000 200000 250000"},
		{2, 25, 8, true, axis{0, 25, 5}, "0 5 10 15 20 25"},
		{0, 8012.5, 8, true, axis{0, 8012.5, 2000}, "0 2000 4000 6000 8000"},
		{1000, 1460, 4, false, axis{1000, 1600, 200}, "1000 1200 1400 1600"},
		{0, 0.3, 3, true, axis{0, 0.3, 0.1}, "0 0.1 0.2 0.3"},
		{5, 5, 4, false, axis{5, 6, 0.5}, "5.0 5.5 6.0"},
	} {
		a := niceAxis(c.lo, c.hi, c.n, c.tight)
		var ts []string
		for _, v := range a.ticks() {
			ts = append(ts, a.label(v))
		}
		if a != c.want || strings.Join(ts, " ") != c.ticks {
			t.Errorf("niceAxis(%g, %g, %d, %v) = %+v, ticks %q; want %+v, %q", c.lo, c.hi, c.n, c.tight, a, strings.Join(ts, " "), c.want, c.ticks)
		}
	}
}

// The plots are drawn by hand and PNG and PDF by raster.go's own
// surfaces: export links no plotting or figure library, whose package
// initialisers every tcps command would pay before it starts (issue #21;
// docs/performance.md "Start-up"): not gonum/plot, not tdewolff/canvas
// and what it brought (X11 keysym maps, TeX, Latin Modern, HarfBuzz,
// gob).
func TestPlotsLinkNoPlotLibrary(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Skipf("go list: %v", err)
	}
	for _, p := range strings.Fields(string(out)) {
		for _, bad := range []string{"gonum.org/v1/plot", "codeberg.org/go-latex/", "github.com/tdewolff/",
			"github.com/BurntSushi/xgbutil", "star-tex.org/", "github.com/go-fonts/latin-modern",
			"github.com/go-text/typesetting", "github.com/benoitkugler/textlayout", "encoding/gob"} {
			if strings.HasPrefix(p, bad) {
				t.Errorf("runtime/export imports %s", p)
			}
		}
	}
}
