package lang

import "encoding/binary"

// addrTable is the host that owns each IPv4 address (Program.HostAt): a
// blockTable keyed by the address's top 28 bits, so that a million
// consecutive addresses are 62,500 blocks.
type addrTable struct{ blockTable[uint32] }

// newAddrTable is a table with room for n consecutive addresses.
func newAddrTable(n int) *addrTable { return &addrTable{makeBlockTable[uint32](n)} }

// get is the host that owns address a, if one does.
func (t *addrTable) get(a [4]byte) (int, bool) {
	k := binary.BigEndian.Uint32(a[:])
	return t.blockTable.get(k>>4, uint64(k&15))
}

// put records that host h owns address a.
func (t *addrTable) put(a [4]byte, h int) {
	k := binary.BigEndian.Uint32(a[:])
	t.blockTable.put(k>>4, uint64(k&15), h)
}
