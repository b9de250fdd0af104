package main

import (
	"bytes"
	"errors"
	"io"
	"os"
	"strings"
	"testing"
)

// manyShows is a passing scenario with about a megabyte of trace.
const manyShows = "host A ip 10.0.0.1\nlisten *:80\nhost B ip 10.0.0.2\nconnect A:80\nsettle\nrepeat 2000 as i {\n  show sockets\n}\n"

// failingWriter accepts limit bytes, then fails every write; it counts
// the writes tried after the first failure.
type failingWriter struct {
	limit, n  int
	failed    bool
	afterFail int
}

func (w *failingWriter) Write(p []byte) (int, error) {
	if w.failed {
		w.afterFail++
		return 0, errors.New("no space left on device")
	}
	if w.n+len(p) > w.limit {
		w.failed = true
		return 0, errors.New("no space left on device")
	}
	w.n += len(p)
	return len(p), nil
}

// TestOutputErrorStopsTheRun: the trace is written as it is made, and the
// first write error stops the run with exit 2 and "writing output" (the
// whole trace was buffered before, and the error ignored: exit 0).
func TestOutputErrorStopsTheRun(t *testing.T) {
	p := write(t, t.TempDir(), "many.tcps", manyShows)
	for _, args := range [][]string{{"run", p}, {"render", "json", p}, {"render", "markdown", p}, {"render", "pcap", p}} {
		w := &failingWriter{limit: 100 << 10}
		if args[1] == "pcap" {
			w.limit = 100 // a handful of packets
		}
		var errb bytes.Buffer
		code := Main(args, w, &errb)
		if code != exitInput || !strings.Contains(errb.String(), "tcps: writing output: no space left on device") {
			t.Errorf("tcps %s to a full disk: exit %d, stderr %q", strings.Join(args, " "), code, errb.String())
		}
		if w.afterFail > 0 {
			t.Errorf("tcps %s: %d writes after the first error", strings.Join(args, " "), w.afterFail)
		}
	}
	// The trace is streamed: by the time it fails, the run has written
	// what it made, not nothing.
	w := &failingWriter{limit: 100 << 10}
	Main([]string{"run", p}, w, io.Discard)
	if w.n < 64<<10 {
		t.Errorf("only %d bytes written before the error: the trace is not streamed", w.n)
	}
}

// TestPcapToDevNull: /dev/null is a character device but not a terminal.
func TestPcapToDevNull(t *testing.T) {
	p := write(t, t.TempDir(), "ok.tcps", okScenario)
	null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer null.Close()
	var errb bytes.Buffer
	if code := Main([]string{"render", "pcap", p}, null, &errb); code != 0 {
		t.Errorf("render pcap > /dev/null: exit %d, %s", code, errb.String())
	}
}

// TestFailureCountPlural: "(1 failure)", "(2 failures)", in run and render.
func TestFailureCountPlural(t *testing.T) {
	dir := t.TempDir()
	one := write(t, dir, "one.tcps", strings.Replace(okScenario, "expect 100", "expect 99", 1))
	two := write(t, dir, "two.tcps", strings.Replace(okScenario, "expect 100", "expect 99", 1)+"expect A sendq 5\n")
	for _, cmd := range [][]string{{"run"}, {"render", "json"}} {
		_, _, stderr := runMain(append(cmd, one)...)
		if !strings.Contains(stderr, "(1 failure)") {
			t.Errorf("tcps %s, one failure: %q", cmd[0], stderr)
		}
		_, _, stderr = runMain(append(cmd, two)...)
		if !strings.Contains(stderr, "(2 failures)") {
			t.Errorf("tcps %s, two failures: %q", cmd[0], stderr)
		}
	}
}
