package runtime

import (
	"testing"

	"github.com/tcps-dev/tcps/lang"
)

// A host searches its own structures for a 4-tuple until it has made more
// than fewMax, and keeps a table after. In both, a structure entered under
// a tuple another holds takes it over: the tuple finds the new one, the
// old one is out of the table, and removing either leaves the table right.
func TestAddExactTakesOverATuple(t *testing.T) {
	for _, made := range []int{2, fewMax + 4} {
		prog, err := lang.Check("x.tcps", []byte("host A ip 10.0.0.1\n"))
		if err != nil {
			t.Fatal(err)
		}
		h := New(prog, Options{}).hosts[0]
		var socks []*Socket
		for range made {
			socks = append(socks, h.newSocket())
		}
		if table := h.tables != nil && h.tables.exact != nil; table != (made > fewMax) {
			t.Fatalf("%d structures made: 4-tuple table %v", made, table)
		}
		k := fourTuple{lip: 0x0a000001, rip: 0x0a000002, lport: 80, rport: 5000}
		for _, s := range socks[:2] {
			s.local, s.remote = endpoint{k.lip, k.lport}, endpoint{k.rip, k.rport}
		}
		old, cur := socks[0], socks[1]
		h.addExact(old)
		h.addExact(cur)
		if got := h.findExact(k); got != cur || old.inExact || !cur.inExact {
			t.Errorf("%d made: found %v, old in %v, new in %v; want the new one alone", made, got, old.inExact, cur.inExact)
		}
		h.release(old) // the old one closes: the tuple stays the new one's
		if got := h.findExact(k); got != cur {
			t.Errorf("%d made: after the old one's release found %v, want the new one", made, got)
		}
		h.removeExact(cur)
		if got := h.findExact(k); got != nil {
			t.Errorf("%d made: after removal found %v, want none", made, got)
		}
	}
}
