package runtime

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tcps-dev/tcps/lang"
)

// TestEventStreamRendersTrace: for every scenario, streaming and keeping
// events leaves the trace byte-identical, the streamed events are the kept
// ones, numbered in order with time never going back, and (where the
// scenario keeps one trace level) the trace rendered from the kept events
// alone is the trace the run printed.
func TestEventStreamRendersTrace(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("..", "scenarios", "*", "*.tcps"))
	if len(files) == 0 {
		t.Fatal("no scenarios")
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		prog, err := lang.Check(f, src)
		if err != nil {
			continue
		}
		var plain, withEvents bytes.Buffer
		Run(prog, Options{Trace: &plain})
		var streamed []Event
		res := Run(prog, Options{Trace: &withEvents, Record: true, Events: func(e *Event) { streamed = append(streamed, *e) }})
		if plain.String() != withEvents.String() {
			t.Errorf("%s: recording events changed the trace", f)
		}
		if len(streamed) != len(res.Events) || len(streamed) == 0 {
			t.Fatalf("%s: streamed %d events, kept %d", f, len(streamed), len(res.Events))
		}
		for i := range res.Events {
			e := &res.Events[i]
			if e.Seq != int64(i+1) || (i > 0 && e.At < res.Events[i-1].At) || e.Kind != streamed[i].Kind {
				t.Fatalf("%s: event %d out of order: %+v", f, i, e)
			}
		}
		if bytes.Contains(src, []byte("set trace")) {
			continue
		}
		var rendered bytes.Buffer
		if err := RenderTraceIn(&rendered, "packets", res.Events, prog.Lang); err != nil {
			t.Fatal(err)
		}
		if rendered.String() != plain.String() {
			t.Errorf("%s: the trace rendered from the events differs:\n%s\n---\n%s", f, rendered.String(), plain.String())
		}
	}
}

// TestEventsOfWriteWriteDeadlock pins what the page shows for slide 13:
// both writes block, the samples end at 500/500 in each SendQ and RecvQ,
// and the deadlock report lists both calls and the cycle.
func TestEventsOfWriteWriteDeadlock(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("..", "scenarios", "lecture", "05-deadlock-write-write.tcps"))
	if err != nil {
		t.Fatal(err)
	}
	res := Run(mustCheck(t, src), Options{Record: true})
	blocks := map[string]string{}
	last := map[string]Counters{}
	var dl *Event
	for i := range res.Events {
		e := &res.Events[i]
		switch e.Kind {
		case EvBlock:
			blocks[e.Call] = e.Text
		case EvSample:
			last[e.Sock] = *e.Counters
		case EvDeadlock:
			if dl == nil {
				dl = e
			}
		case EvPacket:
			if e.Packet.Kind == recSent && e.Packet.Arrive <= e.At {
				t.Errorf("packet sent at %s arrives at %s", e.At, e.Packet.Arrive)
			}
		}
	}
	for _, c := range []string{"A.s.write(1500)", "B.c.write(1500)"} {
		if !strings.Contains(blocks[c], "SendQ is full (500/500)") {
			t.Errorf("%s: block reason %q", c, blocks[c])
		}
	}
	for _, sk := range []string{"A.1", "B.0"} {
		c := last[sk]
		if c.SendQ != 500 || c.RecvQ != 500 || c.Rwnd != 0 {
			t.Errorf("%s: last sample %+v, want SendQ 500 RecvQ 500 rwnd 0", sk, c)
		}
	}
	if dl == nil || len(dl.Blocked) != 2 || !strings.Contains(dl.Text, "cycle:") {
		t.Fatalf("deadlock event %+v", dl)
	}
}

// TestSamplesOnlyOnChange: a structure is sampled at most once per step,
// and only when a counter changed.
func TestSamplesOnlyOnChange(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("..", "scenarios", "lecture", "09-cwnd-vs-rwnd.tcps"))
	if err != nil {
		t.Fatal(err)
	}
	res := Run(mustCheck(t, src), Options{Record: true})
	last := map[string]Counters{}
	n := 0
	for _, e := range res.Events {
		if e.Kind != EvSample {
			continue
		}
		n++
		if old, ok := last[e.Sock]; ok && old == *e.Counters {
			t.Errorf("seq %d: %s sampled without a change", e.Seq, e.Sock)
		}
		last[e.Sock] = *e.Counters
	}
	if n == 0 {
		t.Fatal("no samples")
	}
}
