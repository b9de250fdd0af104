package lang

import "encoding/binary"

// addrTable is the host that owns each IPv4 address (Program.HostAt),
// kept in blocks of 16 neighbouring addresses: an address's top 28 bits
// find its block, its last 4 its slot. The clients a repeat declares one
// after another have neighbouring addresses, so they share a block and
// its cache line, and the map from block to block stays small enough for
// the cache: a million consecutive addresses are 62,500 blocks, where a
// map of addresses took a cache miss for each (a tenth of the million's
// check). Scattered addresses cost a block each, 64 bytes and the map's
// entry: still linear in the hosts.
type addrTable struct {
	index  map[uint32]int32 // an address's top 28 bits -> its block in blocks
	blocks []addrBlock
}

// addrBlock is 16 neighbouring addresses' hosts, each 1 + the host's
// index, 0 where no host owns the address.
type addrBlock [16]int32

// newAddrTable is a table with room for n consecutive addresses; it
// grows past them as a map and a slice do.
func newAddrTable(n int) *addrTable {
	blocks := n/16 + 1
	return &addrTable{index: make(map[uint32]int32, blocks), blocks: make([]addrBlock, 0, blocks)}
}

// get is the host that owns address a, if one does.
func (t *addrTable) get(a [4]byte) (int, bool) {
	k := binary.BigEndian.Uint32(a[:])
	b, ok := t.index[k>>4]
	if !ok {
		return 0, false
	}
	if h := t.blocks[b][k&15]; h != 0 {
		return int(h) - 1, true
	}
	return 0, false
}

// put records that host h owns address a.
func (t *addrTable) put(a [4]byte, h int) {
	k := binary.BigEndian.Uint32(a[:])
	b, ok := t.index[k>>4]
	if !ok {
		b = int32(len(t.blocks))
		t.blocks = append(t.blocks, addrBlock{})
		t.index[k>>4] = b
	}
	t.blocks[b][k&15] = int32(h) + 1
}

// grow gives the table room for n consecutive addresses, copying what it
// holds (see checker.reserveHosts).
func (t *addrTable) grow(n int) {
	u := newAddrTable(n)
	for k, b := range t.index {
		u.index[k] = b
	}
	u.blocks = append(u.blocks, t.blocks...)
	*t = *u
}
