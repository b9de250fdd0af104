package runtime

import (
	"math/rand/v2"
	"testing"
)

// The established-hash table agrees with a Go map through a long run of
// random entries, replacements and removals. The tuples come from a small
// range and the table starts small, so runs of colliding entries form,
// wrap around the end of the array and are cut by removals: the cases
// algorithm R must get right.
func TestEhashAgreesWithAMap(t *testing.T) {
	for _, n := range []int{4, 40} {
		ehashAgainstMap(t, n)
	}
}

// ehashAgainstMap plays random operations on tuples from an n by n range:
// with n=4 the table stays at 16 or 32 slots and runs wrap around its end
// all the time.
func ehashAgainstMap(t *testing.T, n int) {
	var socks sockTable
	tab := newEhash(&socks, 1)
	want := map[fourTuple]*Socket{}
	rng := rand.New(rand.NewPCG(1, 2))
	tuple := func() fourTuple {
		return fourTuple{lip: 1, rip: Addr(rng.IntN(n)), lport: 80, rport: uint16(rng.IntN(n))}
	}
	for step := range 200_000 {
		k := tuple()
		switch rng.IntN(3) {
		case 0, 1: // enter a new structure under k, replacing any
			s := socks.alloc()
			s.local, s.remote = endpoint{k.lip, k.lport}, endpoint{k.rip, k.rport}
			if old := tab.put(s); old != want[k] {
				t.Fatalf("step %d: put of %v replaced %v, want %v", step, k, old, want[k])
			}
			want[k] = s
		case 2:
			if s := want[k]; s != nil {
				tab.remove(s)
				delete(want, k)
			}
		}
		if step%1000 == 0 || step > 199_000 {
			for k2, s := range want {
				if got := tab.find(k2); got != s {
					t.Fatalf("step %d: find(%v) = %p, want %p", step, k2, got, s)
				}
			}
			if tab.n != len(want) {
				t.Fatalf("step %d: %d entries, want %d", step, tab.n, len(want))
			}
		}
		if got, ok := tab.find(k), want[k]; got != ok {
			t.Fatalf("step %d: find(%v) = %p, want %p", step, k, got, ok)
		}
	}
	if len(tab.slots) > 4*len(want)+16 && len(want) > 100 {
		t.Errorf("%d slots for %d entries", len(tab.slots), len(want))
	}
}

// A replaced structure is not found, and removing it leaves its
// replacement in place.
func TestEhashReplace(t *testing.T) {
	var socks sockTable
	tab := newEhash(&socks, 1)
	k := fourTuple{1, 2, 3, 4}
	a, b := socks.alloc(), socks.alloc()
	for _, s := range []*Socket{a, b} {
		s.local, s.remote = endpoint{k.lip, k.lport}, endpoint{k.rip, k.rport}
	}
	tab.put(a)
	tab.put(b)
	if got := tab.find(k); got != b || tab.n != 1 {
		t.Fatalf("after replacing: %p (n=%d), want %p", got, tab.n, b)
	}
	tab.remove(a)
	if got := tab.find(k); got != b {
		t.Fatalf("removing the replaced structure removed its replacement")
	}
	tab.remove(b)
	if got := tab.find(k); got != nil || tab.n != 0 {
		t.Fatalf("after removing: %p, n=%d", got, tab.n)
	}
}

// A run of entries that wraps around the end of the array closes up when
// its first entry is removed: every entry stays reachable from its home.
func TestEhashWrapsAround(t *testing.T) {
	var socks sockTable
	tab := newEhash(&socks, 1) // 16 slots
	mask := uint32(len(tab.slots) - 1)
	// Tuples whose home is the last slot (three) and the first (one).
	var last, first []fourTuple
	for p := uint16(1); len(last) < 3 || len(first) < 1; p++ {
		k := fourTuple{1, 2, 80, p}
		switch tupleHash(k) & mask {
		case mask:
			last = append(last, k)
		case 0:
			first = append(first, k)
		}
	}
	enter := func(k fourTuple) *Socket {
		s := socks.alloc()
		s.local, s.remote = endpoint{k.lip, k.lport}, endpoint{k.rip, k.rport}
		tab.put(s)
		return s
	}
	a, b, c, d := enter(last[0]), enter(last[1]), enter(first[0]), enter(last[2])
	// Slots: 15 a, 0 b, 1 c, 2 d.
	tab.remove(a)
	for _, s := range []*Socket{b, c, d} {
		if got := tab.find(tupleOf(s)); got != s {
			t.Fatalf("after removing the run's first entry, find(%v) = %p, want %p", tupleOf(s), got, s)
		}
	}
	if got := tab.find(last[0]); got != nil {
		t.Fatalf("the removed entry is still found")
	}
}
