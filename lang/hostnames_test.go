package lang

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

func TestNumbered(t *testing.T) {
	for _, c := range []struct {
		name, stem string
		n          uint64
		ok         bool
	}{
		{"C0", "C", 0, true},
		{"C17", "C", 17, true},
		{"client42", "client", 42, true},
		{"a1b22", "a1b", 22, true},
		{"9", "", 9, true},
		{"C", "", 0, false},
		{"C007", "", 0, false}, // not C7
		{"C00", "", 0, false},
		{"C999999999999999999", "C", 999999999999999999, true},
		{"C1000000000000000000", "", 0, false}, // 19 digits
	} {
		stem, n, ok := numbered(c.name)
		if stem != c.stem || n != c.n || ok != c.ok {
			t.Errorf("numbered(%q) = %q, %d, %v; want %q, %d, %v", c.name, stem, n, ok, c.stem, c.n, c.ok)
		}
	}
}

// A repeat's clients share blocks: C0 … C999 are 63 blocks.
func TestHostNamesShareBlocks(t *testing.T) {
	tab := newHostNames(0)
	for i := range 1000 {
		tab.put("C"+strconv.Itoa(i), i)
	}
	if len(tab.numbered.blocks) != 63 || len(tab.numbered.index) != 63 || len(tab.other) != 0 {
		t.Errorf("C0 … C999 in %d blocks, %d index entries, %d others; want 63, 63, 0",
			len(tab.numbered.blocks), len(tab.numbered.index), len(tab.other))
	}
	for i := range 1000 {
		if h, ok := tab.get("C" + strconv.Itoa(i)); !ok || h != i {
			t.Fatalf("get(C%d) = %d, %v", i, h, ok)
		}
	}
	for _, name := range []string{"C1000", "C", "D1", "C01", "c1"} {
		if h, ok := tab.get(name); ok || h != 0 {
			t.Errorf("get(%q) = %d, %v; never put", name, h, ok)
		}
	}
}

// The table answers as a map does, for numbered names, names with a
// leading zero and names without a number, across grow.
func TestHostNamesIsAMap(t *testing.T) {
	tab := newHostNames(4)
	want := map[string]int{}
	r := rand.New(rand.NewPCG(3, 4))
	stems := []string{"C", "client", "S", "x1y", ""}
	name := func() string {
		switch r.IntN(4) {
		case 0:
			return stems[r.IntN(len(stems))] + "0" + strconv.Itoa(r.IntN(100)) // leading zero
		case 1:
			return stems[r.IntN(len(stems)-1)] // no number
		default:
			return stems[r.IntN(len(stems))] + strconv.Itoa(r.IntN(5000))
		}
	}
	for i := range 20000 {
		n := name()
		tab.put(n, i)
		want[n] = i
		if i == 10000 {
			tab.grow(50000)
		}
	}
	for n, h := range want {
		if got, ok := tab.get(n); !ok || got != h {
			t.Fatalf("get(%q) = %d, %v; want %d", n, got, ok, h)
		}
	}
	for range 20000 {
		n := name()
		if _, in := want[n]; in {
			continue
		}
		if got, ok := tab.get(n); ok || got != 0 {
			t.Fatalf("get(%q) = %d, %v for a name never put", n, got, ok)
		}
	}
}

// The checker tells numbered names apart as written: C7 and C07 are two
// hosts, a second C7 is a duplicate, and a host is found by its name.
func TestCheckerNumberedHostNames(t *testing.T) {
	src := "host C7 ip 10.0.0.7\nhost C07 ip 10.0.0.8\nhost C7 ip 10.0.0.9\nC07.connect C7:80\n"
	_, err := Check("names.tcps", []byte(src))
	if err == nil {
		t.Fatal("the second C7 was accepted")
	}
	got := err.Error()
	if !strings.Contains(got, "names.tcps:3:6:") || !strings.Contains(got, "already declared") {
		t.Errorf("want the second C7 reported at 3:6, got:\n%s", got)
	}
	if strings.Count("\n"+got, "\nnames.tcps:") != 1 {
		t.Errorf("want one error (C07 is its own host, C7:80 resolves), got:\n%s", got)
	}
}
