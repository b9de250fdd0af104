package runtime

// ehash is the 4-tuple table of a host with many connections, the
// model's counterpart of Linux's established hash (inet_ehash): it finds
// a connected structure from an arriving packet's 4-tuple. Linux chains
// the sockets themselves in its buckets. ehash keeps, in one
// open-addressed array, each structure's id beside 32 bits of its tuple's
// hash, and reads the tuple from the structure itself when those bits
// match. A slot is 8 bytes and holds no pointer: a server with a million
// connections has a 16 MB table that the garbage collector never scans,
// where a Go map from tuple to id took 67 MB.
//
// Collisions go to the next slot (linear probing); the table doubles as
// soon as it is more than half full, so a probe for a tuple that is not
// there (every SYN) reads a slot or two; a removal moves the entries after it back
// (Knuth's algorithm R), so no slot is ever marked deleted.
type ehash struct {
	slots []uint64 // hash<<32 | id+1; 0 is an empty slot
	n     int      // slots in use
	socks *sockTable
}

func newEhash(socks *sockTable, n int) *ehash {
	size := 16
	for size < 2*n {
		size *= 2
	}
	return &ehash{slots: make([]uint64, size), socks: socks}
}

// tupleHash mixes the tuple's 96 bits (murmur3's 64-bit finaliser) into
// 32; the slot is its low bits. No seed: the table is never iterated, and
// the same scenario probes the same slots on every machine.
func tupleHash(k fourTuple) uint32 {
	x := uint64(k.lip)<<32 | uint64(k.rip)
	x ^= (uint64(k.lport)<<16 | uint64(k.rport)) * 0x9e3779b97f4a7c15
	x ^= x >> 33
	x *= 0xff51afd7ed558ccd
	x ^= x >> 33
	x *= 0xc4ceb9fe1a85ec53
	x ^= x >> 33
	return uint32(x)
}

// find is the structure entered under k, or nil.
func (t *ehash) find(k fourTuple) *Socket {
	h := tupleHash(k)
	mask := uint32(len(t.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		e := t.slots[i]
		if e == 0 {
			return nil
		}
		if uint32(e>>32) == h {
			if s := t.socks.get(uint32(e) - 1); tupleOf(s) == k {
				return s
			}
		}
	}
}

// put enters s under its tuple, in place of any structure entered under
// the same one, which it returns.
func (t *ehash) put(s *Socket) *Socket {
	k := tupleOf(s)
	h := tupleHash(k)
	e := uint64(h)<<32 | uint64(s.id+1)
	mask := uint32(len(t.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		old := t.slots[i]
		if old == 0 {
			t.slots[i] = e
			t.n++
			if 2*t.n > len(t.slots) {
				t.grow()
			}
			return nil
		}
		if uint32(old>>32) == h {
			if o := t.socks.get(uint32(old) - 1); tupleOf(o) == k {
				t.slots[i] = e
				return o
			}
		}
	}
}

// remove takes s out, if it is in (under its tuple now).
func (t *ehash) remove(s *Socket) {
	h := tupleHash(tupleOf(s))
	mask := uint32(len(t.slots) - 1)
	i := h & mask
	for ; t.slots[i] != uint64(h)<<32|uint64(s.id+1); i = (i + 1) & mask {
		if t.slots[i] == 0 {
			return
		}
	}
	// Close the hole: an entry further along the run moves back into it
	// unless its home slot lies cyclically in (hole, entry].
	for j := (i + 1) & mask; t.slots[j] != 0; j = (j + 1) & mask {
		home := uint32(t.slots[j]>>32) & mask
		if i <= j && (home <= i || home > j) || i > j && home <= i && home > j {
			t.slots[i] = t.slots[j]
			i = j
		}
	}
	t.slots[i] = 0
	t.n--
}

// grow doubles the table; an entry's hash says where it goes.
func (t *ehash) grow() {
	old := t.slots
	t.slots = make([]uint64, 2*len(old))
	mask := uint32(len(t.slots) - 1)
	for _, e := range old {
		if e == 0 {
			continue
		}
		i := uint32(e>>32) & mask
		for t.slots[i] != 0 {
			i = (i + 1) & mask
		}
		t.slots[i] = e
	}
}
