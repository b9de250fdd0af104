package lang

// hostNames is the host, process and thread entries by name. A name that
// ends in a number, as a repeat's clients do (C0 … C999999), is kept with
// its neighbours: its stem and its number's top bits find a block of 16
// entries, and the last 4 bits the slot. Consecutive clients then share a
// block and its cache line, and the map of blocks stays small enough for
// the cache, where a map of a million names took a cache miss for each
// (the largest single cost of the million's check). Other names, and
// numbers written with a leading zero (C007 is not C7), are in a map of
// their own.
type hostNames struct {
	index  map[nameBlockKey]int32 // a numbered name's block in blocks
	blocks []nameBlock
	other  map[string]int
}

type nameBlockKey struct {
	stem string // the name before its number
	high uint64 // the number without its last 4 bits
}

// nameBlock is 16 numbered names' entries, each 1 + the entry's index, 0
// where no entry has the name.
type nameBlock [16]int32

// newHostNames is a table with room for n numbered names in a row; it
// grows past them as a map and a slice do.
func newHostNames(n int) *hostNames {
	blocks := n/16 + 1
	return &hostNames{
		index:  make(map[nameBlockKey]int32, blocks),
		blocks: make([]nameBlock, 0, blocks),
		other:  map[string]int{},
	}
}

// numbered splits a name into its stem and its number, if it ends in one
// written without a leading zero and below 10^18.
func numbered(name string) (stem string, n uint64, ok bool) {
	i := len(name)
	for i > 0 && name[i-1] >= '0' && name[i-1] <= '9' {
		i--
	}
	digits := name[i:]
	if digits == "" || len(digits) > 18 || len(digits) > 1 && digits[0] == '0' {
		return "", 0, false
	}
	for _, d := range []byte(digits) {
		n = n*10 + uint64(d-'0')
	}
	return name[:i], n, true
}

// get is the entry named name, if there is one.
func (t *hostNames) get(name string) (int, bool) {
	stem, n, ok := numbered(name)
	if !ok {
		h, ok := t.other[name]
		return h, ok
	}
	b, ok := t.index[nameBlockKey{stem, n >> 4}]
	if !ok {
		return 0, false
	}
	if h := t.blocks[b][n&15]; h != 0 {
		return int(h) - 1, true
	}
	return 0, false
}

// put names entry h name.
func (t *hostNames) put(name string, h int) {
	stem, n, ok := numbered(name)
	if !ok {
		t.other[name] = h
		return
	}
	k := nameBlockKey{stem, n >> 4}
	b, ok := t.index[k]
	if !ok {
		b = int32(len(t.blocks))
		t.blocks = append(t.blocks, nameBlock{})
		t.index[k] = b
	}
	t.blocks[b][n&15] = int32(h) + 1
}

// grow gives the table room for n numbered names in a row, copying what
// it holds (see checker.reserveHosts).
func (t *hostNames) grow(n int) {
	u := newHostNames(n)
	for k, b := range t.index {
		u.index[k] = b
	}
	u.blocks = append(u.blocks, t.blocks...)
	u.other = t.other
	*t = *u
}
