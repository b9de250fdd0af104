package lang

import (
	"strings"
	"unicode/utf8"
)

// Did you mean: the nearest name within a small edit distance. Over a
// list of at most maxSuggestScan names every name is looked at. A longer
// list (200,000 hosts) is indexed, when a suggestion is first asked for,
// by first character and length: only names that start like the typo and
// are within two characters of its length are looked at, at most
// maxSuggestScan of them, in order of declaration, nearest length first.
// A typo in a name's first character then gets no suggestion; an error
// costs a bounded amount, however many names there are.

// maxSuggestScan is how many names one suggestion looks at, at most.
const maxSuggestScan = 2000

// nameIndex holds names for suggestions (see above).
type nameIndex struct {
	names []string
	byKey map[nameKey][]int32 // made when first needed for a long list
}

type nameKey struct {
	first rune
	n     int // length in characters
}

func keyOf(s string) nameKey {
	r, _ := utf8.DecodeRuneInString(s)
	return nameKey{r, utf8.RuneCountInString(s)}
}

// add appends a name.
func (x *nameIndex) add(name string) {
	x.names = append(x.names, name)
	if x.byKey != nil {
		k := keyOf(name)
		x.byKey[k] = append(x.byKey[k], int32(len(x.names)-1))
	}
}

// suggest is the name nearest to s, or "", and how many names it looked at.
func (x *nameIndex) suggest(s string) (string, int) {
	if len(x.names) <= maxSuggestScan {
		return suggest(s, x.names), len(x.names)
	}
	if x.byKey == nil {
		x.byKey = map[nameKey][]int32{}
		for i, n := range x.names {
			k := keyOf(n)
			x.byKey[k] = append(x.byKey[k], int32(i))
		}
	}
	k := keyOf(s)
	var cands []string
	for _, d := range [...]int{0, -1, 1, -2, 2} {
		for _, i := range x.byKey[nameKey{k.first, k.n + d}] {
			if len(cands) == maxSuggestScan {
				break
			}
			cands = append(cands, x.names[i])
		}
	}
	return suggest(s, cands), len(cands)
}

// suggest returns the candidate closest to s within a small edit distance,
// or "".
func suggest(s string, cands []string) string {
	best, bestD := "", 3
	if len(s) <= 3 {
		bestD = 2
	}
	for _, c := range cands {
		if d := editDistance(strings.ToLower(s), strings.ToLower(c), bestD); d < bestD || (d == bestD && best == "" && d < 3 && len(s) > 3) {
			if d < bestD {
				best, bestD = c, d
			}
		}
	}
	return best
}

// editDistance is the Damerau-Levenshtein (optimal string alignment)
// distance in characters, giving up at max.
func editDistance(a, b string, max int) int {
	if abs(len(a)-len(b)) >= 4*max { // a character is at most 4 bytes
		return max
	}
	if !isASCII(a) || !isASCII(b) {
		return editDistanceOf([]rune(a), []rune(b), max)
	}
	return editDistanceOf([]byte(a), []byte(b), max)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func editDistanceOf[T byte | rune](a, b []T, max int) int {
	if abs(len(a)-len(b)) >= max {
		return max
	}
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
