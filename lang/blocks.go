package lang

// blockTable is a table of entries (a host's index, from 0) kept in
// blocks of 16 neighbours: a key's top part (K) finds its block in a map,
// its last 4 bits its slot. The checker's tables of host names and
// addresses (hostnames.go, addrtable.go) are such tables: a repeat's
// clients are neighbours in both, so they share a block and its cache
// line, and the map of blocks stays small enough for the cache, where a
// map of a million keys took a cache miss for each.
//
// Scattered keys would cost a 64-byte block each, three times a map
// entry. So once the table has blocksSparse blocks holding fewer than
// blockFill entries each on average, it makes no more blocks: a key
// whose block does not exist goes to a map of keys, as before the
// blocks, and stays there. A key's top part is in index or not, for all
// of its keys, so each key has one place.
type blockTable[K comparable] struct {
	index   map[K]int32 // a key's top part -> its block in blocks
	blocks  []entryBlock
	entries int                   // keys in blocks
	sparse  map[blockKey[K]]int32 // keys without a block (the entry itself, not 1 +), once the blocks are sparse; nil before
}

// blockKey is a whole key: its top part and its slot.
type blockKey[K comparable] struct {
	top  K
	slot uint8
}

// entryBlock is 16 neighbouring keys' entries, each 1 + the entry, 0
// where the key has none.
type entryBlock [16]int32

const (
	blocksSparse = 1024
	blockFill    = 4
)

// makeBlockTable is a table with room for n neighbouring keys; it grows
// past them as a map and a slice do.
func makeBlockTable[K comparable](n int) blockTable[K] {
	blocks := n/16 + 1
	return blockTable[K]{index: make(map[K]int32, blocks), blocks: make([]entryBlock, 0, blocks)}
}

// get is the entry under top and slot (below 16), if there is one.
func (t *blockTable[K]) get(top K, slot uint64) (int, bool) {
	b, ok := t.index[top]
	if !ok {
		if t.sparse == nil {
			return 0, false
		}
		h, ok := t.sparse[blockKey[K]{top, uint8(slot)}]
		return int(h), ok
	}
	if h := t.blocks[b][slot]; h != 0 {
		return int(h) - 1, true
	}
	return 0, false
}

// put enters h under top and slot (below 16).
func (t *blockTable[K]) put(top K, slot uint64, h int) {
	b, ok := t.index[top]
	if !ok {
		if t.sparse == nil && len(t.blocks) >= blocksSparse && t.entries < blockFill*len(t.blocks) {
			t.sparse = map[blockKey[K]]int32{}
		}
		if t.sparse != nil {
			t.sparse[blockKey[K]{top, uint8(slot)}] = int32(h)
			return
		}
		b = int32(len(t.blocks))
		t.blocks = append(t.blocks, entryBlock{})
		t.index[top] = b
	}
	if t.blocks[b][slot] == 0 {
		t.entries++
	}
	t.blocks[b][slot] = int32(h) + 1
}

// grow gives the table room for n neighbouring keys, copying what it
// holds (see checker.reserveHosts). A sparse table makes no more blocks
// and has nothing to make room for.
func (t *blockTable[K]) grow(n int) {
	if t.sparse != nil {
		return
	}
	u := makeBlockTable[K](n)
	for k, b := range t.index {
		u.index[k] = b
	}
	u.blocks = append(u.blocks, t.blocks...)
	u.entries = t.entries
	*t = u
}
