package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRenderSVGBounded: a run with more packets than 20 ladder figures
// hold is refused in one line, with nothing written (it wrote one file
// per 12 packets before: 1,281 files for 10 MiB).
func TestRenderSVGBounded(t *testing.T) {
	dir := t.TempDir()
	p := write(t, dir, "many.tcps", "host A ip 10.0.0.1\nlisten *:80\naccept as s\nhost B ip 10.0.0.2\nconnect A:80 as c\nsettle\n"+
		"repeat 200 as i {\n  B.c.write 10\n  settle\n}\n")
	out := filepath.Join(dir, "figs")
	code, stdout, stderr := runMain("render", "svg", p, "-o", out)
	if code != exitInput || !strings.Contains(stderr, "packets are too many for ladder figures (at most 240") || strings.Count(stderr, "\n") != 1 {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	if _, err := os.Stat(out); err == nil || stdout != "" {
		t.Errorf("figures written though refused: %q", stdout)
	}
	// The pcap of the same run has every packet.
	pcap := filepath.Join(dir, "x.pcap")
	if code, _, stderr := runMain("render", "pcap", p, "-o", pcap); code != 0 {
		t.Fatalf("render pcap: exit %d, %s", code, stderr)
	}
	if info, err := os.Stat(pcap); err != nil || info.Size() < 400*54 {
		t.Errorf("render pcap wrote %v", info)
	}
}
