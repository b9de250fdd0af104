package lang

// slab hands out pointers into chunks of values: a program of millions of
// calls, hosts and handles makes a few thousand allocations instead of
// millions (less work for malloc and for the collector, which scans a
// chunk as one object). Chunks start small, so that a lecture scenario
// pays for a few values, and double up to slabMax. A value lives as long
// as its chunk, that is as long as the program.
type slab[T any] struct {
	chunk []T
}

const (
	slabMin = 8
	slabMax = 4096
)

// new stores v and returns a pointer to it; the pointer stays valid (a
// full chunk is left as it is and a new one started).
func (s *slab[T]) new(v T) *T {
	if len(s.chunk) == cap(s.chunk) {
		s.chunk = make([]T, 0, min(max(2*cap(s.chunk), slabMin), slabMax))
	}
	s.chunk = append(s.chunk, v)
	return &s.chunk[len(s.chunk)-1]
}

// free takes back p when it is the value new handed out last, so that the
// next new reuses its room (a repeat's iteration that lowered like the
// first is dropped: loops.go); any other p is left as it is.
func (s *slab[T]) free(p *T) {
	if n := len(s.chunk); n > 0 && p == &s.chunk[n-1] {
		var zero T
		s.chunk[n-1] = zero
		s.chunk = s.chunk[:n-1]
	}
}
