package web

import (
	"strings"
	"testing"
)

func lecture(t *testing.T, name string) string {
	t.Helper()
	for _, s := range Lecture() {
		if s.Name == name {
			return s.Src
		}
	}
	t.Fatalf("no lecture scenario %s", name)
	return ""
}

// TestLectureMenu: the menu offers every lecture scenario, in order.
func TestLectureMenu(t *testing.T) {
	l := Lecture()
	if len(l) < 15 || l[0].Name != "01-io-buffers" {
		t.Fatalf("lecture menu: %d entries, first %+v", len(l), l[0])
	}
}

// TestPlayWriteWrite: the recorded timeline of slide 13 ends in the
// deadlock, with both writes blocked and 500/500 in every queue, and
// stepping back shows the model before the writes.
func TestPlayWriteWrite(t *testing.T) {
	p := Run(lecture(t, "05-deadlock-write-write"))
	if len(p.Errors) != 0 || len(p.Steps) == 0 {
		t.Fatalf("errors %v, %d steps", p.Errors, len(p.Steps))
	}
	k := -1
	for i, s := range p.Steps {
		if s.Kind == "deadlock" {
			k = i
			break
		}
	}
	if k < 0 || p.Cycle != "cycle: A waits for B, B waits for A" {
		t.Fatalf("no deadlock step (cycle %q)", p.Cycle)
	}
	sn := p.Snaps[p.Steps[k].Snap]
	if len(sn.Blocked) != 2 || sn.Blocked[0].Call != "A.s.write(1500)" || sn.Blocked[1].Call != "B.c.write(1500)" {
		t.Errorf("blocked at the deadlock: %+v", sn.Blocked)
	}
	if len(sn.Conns) != 1 || len(sn.Conns[0].Dirs) != 2 {
		t.Fatalf("connections at the deadlock: %+v", sn.Conns)
	}
	for _, d := range sn.Conns[0].Dirs {
		if d.SendQ != 500 || d.RecvQ != 500 || d.SndBuf != 500 || d.RcvBuf != 500 {
			t.Errorf("%s -> %s: %+v, want 500/500", d.Sender, d.Receiver, d)
		}
	}
	if first := p.Snaps[p.Steps[0].Snap]; len(first.Conns) != 0 || len(first.Blocked) != 0 {
		t.Errorf("the first step (listen called) already shows connections or blocked calls: %+v", first)
	}
	if svg := p.Ladder(k); !strings.Contains(svg, "<svg") || !strings.Contains(svg, "win 0") {
		t.Errorf("ladder at the deadlock: %.200s", svg)
	}
	if p.Ladder(0) != "" {
		t.Error("a ladder before the first packet")
	}
	// A packet step's ladder has that packet, and not the next one.
	for i, s := range p.Steps {
		if s.Kind == "packet" {
			if p.Steps[i].Pkts != 1 || !strings.Contains(p.Ladder(i), "packets 1-1 of 1") {
				t.Errorf("first packet step %d: %d packets, ladder %.300s", i, p.Steps[i].Pkts, p.Ladder(i))
			}
			break
		}
	}
}

// TestCheckPositions: the checker's errors come with line and column, and
// set lang ko is seen.
func TestCheckPositions(t *testing.T) {
	r := Check("host A ip 10.0.0.1\nA.acept\n")
	if len(r.Errors) != 1 || r.Errors[0].Line != 2 || r.Errors[0].Col != 3 || !strings.Contains(r.Errors[0].Msg, "acept") {
		t.Errorf("errors %+v", r.Errors)
	}
	if r := Check("set lang ko\nhost A ip 10.0.0.1\n"); len(r.Errors) != 0 || r.Lang != "ko" {
		t.Errorf("set lang ko: %+v", r)
	}
	if r := Check("host A ip 10.0.0.1\n"); r.Lang != "" {
		t.Errorf("lang %q without set lang", r.Lang)
	}
	if p := Run("A.bogus\n"); p.ExitCode != 2 || len(p.Errors) == 0 {
		t.Errorf("running a bad scenario: %+v", p)
	}
}

// TestLinkRoundTrip: a link carries the scenario exactly; a damaged or
// oversized one is refused, not unpacked without bound.
func TestLinkRoundTrip(t *testing.T) {
	src := lecture(t, "13-backlog-burst") + "# 한국어 주석\n"
	frag := Encode(src)
	if strings.ContainsAny(frag, "+/=#&?") {
		t.Errorf("the fragment is not base64url: %s", frag)
	}
	if len(frag) > len(src) {
		t.Errorf("the link is not compressed: %d > %d", len(frag), len(src))
	}
	got, err := Decode(frag)
	if err != nil || got != src {
		t.Fatalf("round trip: %v\n%s", err, got)
	}
	for _, bad := range []string{"", "x", "z!!!", "zAAAA", Encode(strings.Repeat("a", maxDecoded+1))} {
		if _, err := Decode(bad); err == nil {
			t.Errorf("Decode(%.20q) accepted", bad)
		}
	}
}

// TestStepsAreBounded: a long run records at most MaxSteps steps and says
// it was cut, and the page's run stops at MaxEvents.
func TestStepsAreBounded(t *testing.T) {
	src := "set trace none\nhost A ip 10.0.0.1\nlisten *:9 as L\naccept as s\nhost B ip 10.0.0.2\nconnect A:9 as c\nsettle\n" +
		"repeat 3000 as i {\n  B.c.write 100\n  A.s.read 100\n}\n"
	p := Run(src)
	if len(p.Errors) != 0 {
		t.Fatal(p.Errors)
	}
	if len(p.Steps) != MaxSteps || !p.Cut {
		t.Errorf("%d steps, cut %v", len(p.Steps), p.Cut)
	}
}

// TestRunKorean: under set lang ko the page finds the Korean cycle line
// and the steps carry the Korean words tcps adds to the trace.
func TestRunKorean(t *testing.T) {
	p := Run("set lang ko\nset sndbuf 500\nset rcvbuf 500\nhost A ip 10.0.0.1\nlisten *:9000 as L\naccept as s\nhost B ip 10.0.0.2\nconnect A:9000 as c\nsettle\nA.s.write 1500\nB.c.write 1500\n")
	if p.Lang != "ko" || p.Cycle != "순환 대기: A 측이 B 측을 기다린다, B 측이 A 측을 기다린다" {
		t.Fatalf("lang %q, cycle %q", p.Lang, p.Cycle)
	}
	blocks := false
	for _, s := range p.Steps {
		if strings.Contains(s.Text, "블로킹: ") {
			blocks = true
		}
	}
	if !blocks {
		t.Error("no step says 블로킹")
	}
}
