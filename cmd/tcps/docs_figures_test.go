package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// docsFigures are the lecture's figures committed under docs/figures/,
// which the README and docs/renderers.md show: name -> scenario and the
// figure of it. TCPS_UPDATE_DOCS=1 rewrites them; the SVG must match.
var docsFigures = []struct{ name, scenario, fig string }{
	{"three-writes", "lecture/03-byte-stream.tcps", "fig-01-queues.svg"},
	{"deadlock-write-write", "lecture/05-deadlock-write-write.tcps", "fig-01-queues.svg"},
	{"deadlock-read-read", "lecture/04-deadlock-read-read.tcps", "fig-01-queues.svg"},
	{"zero-window", "lecture/08-zero-window-linux.tcps", "fig-02-queues.svg"},
	{"zero-window-windows", "lecture/08-zero-window-linux.tcps", "fig-01-windows.svg"},
	{"zero-window-probes", "lecture/08-zero-window-linux.tcps", "fig-03-ladder-1.svg"},
	{"close-sequence", "lecture/14-close-time-wait.tcps", "fig-05-ladder.svg"},
	{"simultaneous-close", "teardown/simultaneous-close.tcps", "fig-01-ladder.svg"},
	{"demux", "lecture/15-demux.tcps", "fig-04-demux.svg"},
}

func TestDocsFigures(t *testing.T) {
	update := os.Getenv("TCPS_UPDATE_DOCS") != ""
	docs := filepath.Join("..", "..", "docs", "figures")
	for _, f := range docsFigures {
		dir := t.TempDir()
		if code, _, stderr := renderRun(t, "render", "svg", filepath.Join("..", "..", "scenarios", f.scenario), "-o", dir); code != 0 {
			t.Fatalf("%s: exit %d: %s", f.scenario, code, stderr)
		}
		svg, err := os.ReadFile(filepath.Join(dir, f.fig))
		if err != nil {
			t.Fatalf("%s: %v", f.name, err)
		}
		path := filepath.Join(docs, f.name+".svg")
		if update {
			if code, _, stderr := renderRun(t, "render", "png", filepath.Join("..", "..", "scenarios", f.scenario), "-o", dir, "--scale", "1"); code != 0 {
				t.Fatalf("%s: exit %d: %s", f.scenario, code, stderr)
			}
			png, err := os.ReadFile(filepath.Join(dir, f.fig[:len(f.fig)-4]+".png"))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.MkdirAll(docs, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, svg, 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(docs, f.name+".png"), png, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		old, err := os.ReadFile(path)
		if err != nil {
			t.Errorf("%s: %v (TCPS_UPDATE_DOCS=1 go test ./cmd/tcps -run DocsFigures writes it)", f.name, err)
			continue
		}
		if !bytes.Equal(old, svg) {
			t.Errorf("%s is out of date: TCPS_UPDATE_DOCS=1 go test ./cmd/tcps -run DocsFigures rewrites it; look at the PNG", path)
		}
	}
}
