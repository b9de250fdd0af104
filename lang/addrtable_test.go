package lang

import (
	"encoding/binary"
	"math/rand/v2"
	"testing"
)

func addrOf(k uint32) [4]byte {
	var a [4]byte
	binary.BigEndian.PutUint32(a[:], k)
	return a
}

// Consecutive addresses share blocks: a repeat's clients cost a block
// per 16 of them, not a map entry each.
func TestAddrTableSharesBlocks(t *testing.T) {
	tab := newAddrTable(0)
	const first = 10<<24 | 1<<16 // 10.1.0.0
	for i := range 1000 {
		tab.put(addrOf(first+uint32(i)), i+1)
	}
	if len(tab.blocks) != 63 || len(tab.index) != 63 { // 1000/16, rounded up
		t.Errorf("1,000 consecutive addresses in %d blocks, %d index entries; want 63", len(tab.blocks), len(tab.index))
	}
	for i := range 1000 {
		if h, ok := tab.get(addrOf(first + uint32(i))); !ok || h != i+1 {
			t.Fatalf("get(10.1.%d.%d) = %d, %v; want %d", i/256, i%256, h, ok, i+1)
		}
	}
	if h, ok := tab.get(addrOf(first + 1000)); ok || h != 0 {
		t.Errorf("get of an address in a block, not put: %d, %v", h, ok)
	}
}

// The table answers as a map does, for addresses anywhere (the ends of
// the space, the edges of blocks, host 0), across grow.
func TestAddrTableIsAMap(t *testing.T) {
	tab := newAddrTable(4)
	want := map[uint32]int{}
	r := rand.New(rand.NewPCG(1, 2))
	keys := []uint32{0, 1, 15, 16, 17, 1<<32 - 1, 1<<32 - 16, 10<<24 | 15}
	for range 5000 {
		keys = append(keys, r.Uint32(), r.Uint32()&0xff00001f)
	}
	for i, k := range keys {
		h := i % 7 // host 0 too
		tab.put(addrOf(k), h)
		want[k] = h
		if i == len(keys)/2 {
			tab.grow(20000)
		}
	}
	for k, h := range want {
		if got, ok := tab.get(addrOf(k)); !ok || got != h {
			t.Fatalf("get(%#x) = %d, %v; want %d", k, got, ok, h)
		}
	}
	for range 5000 {
		k := r.Uint32()
		if _, in := want[k]; in {
			continue
		}
		if got, ok := tab.get(addrOf(k)); ok || got != 0 {
			t.Fatalf("get(%#x) = %d, %v for an address never put", k, got, ok)
		}
	}
}
