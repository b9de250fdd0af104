package lang

// hostNames is the host, process and thread entries by name. A name that
// ends in a number, as a repeat's clients do (C0 … C999999), is in a
// blockTable under its stem and the number's top bits, with its
// neighbours. Other names, and numbers written with a leading zero (C007
// is not C7), are in a map of their own.
type hostNames struct {
	numbered blockTable[nameBlockKey]
	other    map[string]int
}

type nameBlockKey struct {
	stem string // the name before its number
	high uint64 // the number without its last 4 bits
}

// newHostNames is a table with room for n numbered names in a row.
func newHostNames(n int) *hostNames {
	return &hostNames{numbered: makeBlockTable[nameBlockKey](n), other: map[string]int{}}
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
	return t.numbered.get(nameBlockKey{stem, n >> 4}, n&15)
}

// put names entry h name.
func (t *hostNames) put(name string, h int) {
	if stem, n, ok := numbered(name); ok {
		t.numbered.put(nameBlockKey{stem, n >> 4}, n&15, h)
	} else {
		t.other[name] = h
	}
}

// grow gives the table room for n numbered names in a row.
func (t *hostNames) grow(n int) { t.numbered.grow(n) }
