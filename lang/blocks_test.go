package lang

import "testing"

// Neighbouring keys fill blocks; scattered keys, once the blocks are
// sparse, go to the map of keys instead of a 64-byte block each, and a
// key whose block exists still goes to its block.
func TestBlockTableGoesSparse(t *testing.T) {
	dense := makeBlockTable[uint32](0)
	for i := range 100_000 {
		dense.put(uint32(i>>4), uint64(i&15), i)
	}
	if dense.sparse != nil || len(dense.blocks) != 6250 {
		t.Errorf("100,000 neighbours: %d blocks, sparse %v; want 6,250 blocks", len(dense.blocks), dense.sparse != nil)
	}

	scattered := makeBlockTable[uint32](0)
	for i := range 100_000 {
		scattered.put(uint32(i), 3, i)
	}
	if len(scattered.blocks) != blocksSparse || len(scattered.sparse) != 100_000-blocksSparse {
		t.Errorf("100,000 scattered keys: %d blocks and %d in the map; want %d and %d",
			len(scattered.blocks), len(scattered.sparse), blocksSparse, 100_000-blocksSparse)
	}
	scattered.put(5, 7, 42) // block 5 exists
	scattered.grow(1 << 20)
	if len(scattered.blocks) != blocksSparse || scattered.entries != blocksSparse+1 {
		t.Errorf("a key of an existing block: %d blocks, %d entries in them; want %d, %d",
			len(scattered.blocks), scattered.entries, blocksSparse, blocksSparse+1)
	}
	for i := range 100_000 {
		if h, ok := scattered.get(uint32(i), 3); !ok || h != i {
			t.Fatalf("get(%d, 3) = %d, %v; want %d", i, h, ok, i)
		}
		if h, ok := scattered.get(uint32(i), 4); ok || h != 0 {
			t.Fatalf("get(%d, 4) = %d, %v; never put", i, h, ok)
		}
	}
	if h, ok := scattered.get(5, 7); !ok || h != 42 {
		t.Errorf("get(5, 7) = %d, %v; want 42", h, ok)
	}
}
