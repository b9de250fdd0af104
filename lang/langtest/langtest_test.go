package langtest

import (
	"bytes"
	"os"
	"testing"
)

// TestMillionFile: runtime/bench/million.tcps, the scenario that docs/
// performance.md times with tcps run, is Clients(1_000_000, true), set
// lines included: a million clients need no command-line flag.
func TestMillionFile(t *testing.T) {
	got, err := os.ReadFile("../../runtime/bench/million.tcps")
	if err != nil {
		t.Fatal(err)
	}
	if want := Clients(1_000_000, true); !bytes.Equal(got, want) {
		t.Errorf("runtime/bench/million.tcps is not Clients(1_000_000, true):\n%s\nwant\n%s", got, want)
	}
}

// TestClientsSetsLimits: the set lines appear exactly when the defaults
// are too small.
func TestClientsSetsLimits(t *testing.T) {
	for _, c := range []struct {
		n    int
		want []string
	}{
		{100_000, nil},
		{199_999, nil},
		{200_000, []string{"set maxhosts 200001\n"}},
		{499_997, []string{"set maxhosts 499998\n"}},
		{500_000, []string{"set maxhosts 500001\n", "set maxstmts 2000008\n", "set maxsockets 1000001\n"}},
	} {
		src := Clients(c.n, true)
		for _, w := range c.want {
			if !bytes.Contains(src, []byte(w)) {
				t.Errorf("n=%d: no %q", c.n, w)
			}
		}
		if n := bytes.Count(src, []byte("set max")); n != len(c.want) {
			t.Errorf("n=%d: %d set max lines, want %d", c.n, n, len(c.want))
		}
	}
}
