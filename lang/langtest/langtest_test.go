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
		{4_096, nil},
		{4_097, []string{"set somaxconn 4097\n"}},
		{100_000, []string{"set somaxconn 65535\n"}},
		{199_999, []string{"set somaxconn 65535\n"}},
		{200_000, []string{"set maxhosts 200001\n", "set somaxconn 65535\n"}},
		{499_980, []string{"set maxhosts 499981\n", "set somaxconn 65535\n"}},
		{500_000, []string{"set maxhosts 500001\n", "set maxstmts 2000071\n", "set maxsockets 1000001\n", "set somaxconn 65535\n"}},
	} {
		src := Clients(c.n, true)
		for _, w := range c.want {
			if !bytes.Contains(src, []byte(w)) {
				t.Errorf("n=%d: no %q", c.n, w)
			}
		}
		if n := bytes.Count(src, []byte("set ")) - 1; n != len(c.want) {
			t.Errorf("n=%d: %d set lines besides set trace, want %d", c.n, n, len(c.want))
		}
	}
}
