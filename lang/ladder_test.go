package lang

import (
	"math"
	"testing"
	"time"
)

// TestShowLadderRange: show ladder takes an optional range of virtual
// time, from and to in either order of presence; to before from is an
// error at to's value.
func TestShowLadderRange(t *testing.T) {
	for _, c := range []struct {
		src          string
		since, until time.Duration
		ranged       bool
	}{
		{"show ladder", 0, math.MaxInt64, false},
		{"show ladder from 3ms to 10ms", 3 * time.Millisecond, 10 * time.Millisecond, true},
		{"show ladder from 1s", time.Second, math.MaxInt64, true},
		{"show ladder to 5ms", 0, 5 * time.Millisecond, true},
	} {
		prog, err := Check("l.tcps", []byte("host A ip 10.0.0.1\n"+c.src+"\n"))
		if err != nil {
			t.Fatalf("%s: %v", c.src, err)
		}
		sh := prog.Stmts[len(prog.Stmts)-1].(*Show)
		if sh.Since != c.since || sh.Until != c.until || sh.Range != c.ranged {
			t.Errorf("%s: since %v until %v range %v", c.src, sh.Since, sh.Until, sh.Range)
		}
	}
	wantErrs(t, "host A ip 10.0.0.1\nshow ladder from 10ms to 3ms\n", `2:26: show ladder: to 3ms is before from 10ms`)
	wantErrs(t, "host A ip 10.0.0.1\nshow ladder from soon\n", `2:18: "soon" is not a duration: want a number with a unit such as 200ms, 2s or 1.5s`)
	wantErrs(t, "host A ip 10.0.0.1\nshow ladder A\n", `2:13: unexpected "A": show takes VIEW [TARGET]`)
}
