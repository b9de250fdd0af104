package runtime

import (
	"fmt"
)

// Time is virtual time in nanoseconds since the start of a run.
type Time int64

// Common durations of virtual time.
const (
	Microsecond Time = 1000
	Millisecond Time = 1000 * Microsecond
	Second      Time = 1000 * Millisecond
)

// String prints t as the trace does: milliseconds with three decimals.
func (t Time) String() string {
	us := int64(t) / 1000
	return fmt.Sprintf("%d.%03dms", us/1000, us%1000)
}

type eventKind uint8

const (
	evArrive eventKind = iota // a segment reaches its destination host
	evTimer                   // a socket's timer may fire
)

// event is one entry of the queue. Arrivals carry their segment by value so
// that the hot path allocates nothing.
type event struct {
	at    Time
	kind  eventKind
	timer timerKind
	sock  *Socket
	seg   Segment
}

// eventQueue is a binary min-heap ordered by (time, order of pushing),
// written out by hand rather than with container/heap to avoid an interface
// call and an allocation per push. The heap holds 24-byte keys; the events
// themselves stay put in a slab of fixed-size chunks and are recycled
// through a free list. 100,000 connections opened at once keep about half a
// million events queued: sifting and regrowing an array of 88-byte events
// was a quarter of such a run and most of its allocation.
type eventQueue struct {
	keys   []eventKey
	next   uint64
	chunks [][]event
	free   []uint32
	used   uint32 // slots handed out from the chunks so far
}

type eventKey struct {
	at   Time
	seq  uint64
	slot uint32
}

const chunkBits = 12 // 4096 events per chunk

func (q *eventQueue) slot(i uint32) *event {
	return &q.chunks[i>>chunkBits][i&(1<<chunkBits-1)]
}

func (q *eventQueue) alloc() uint32 {
	if n := len(q.free); n > 0 {
		i := q.free[n-1]
		q.free = q.free[:n-1]
		return i
	}
	if int(q.used>>chunkBits) == len(q.chunks) {
		q.chunks = append(q.chunks, make([]event, 1<<chunkBits))
	}
	q.used++
	return q.used - 1
}

// before orders keys by time, then by order of pushing.
func (a *eventKey) before(b *eventKey) bool {
	if a.at != b.at {
		return a.at < b.at
	}
	return a.seq < b.seq
}

func (q *eventQueue) push(e event) {
	k := eventKey{at: e.at, seq: q.next, slot: q.alloc()}
	q.next++
	*q.slot(k.slot) = e
	q.keys = append(q.keys, k)
	i := len(q.keys) - 1
	for i > 0 {
		p := (i - 1) / 2
		if !k.before(&q.keys[p]) {
			break
		}
		q.keys[i] = q.keys[p]
		i = p
	}
	q.keys[i] = k
}

func (q *eventQueue) len() int { return len(q.keys) }

// peekAt is the time of the next event.
func (q *eventQueue) peekAt() Time { return q.keys[0].at }

// each calls f for every queued event, in no particular order.
func (q *eventQueue) each(f func(*event)) {
	for i := range q.keys {
		f(q.slot(q.keys[i].slot))
	}
}

func (q *eventQueue) pop() event {
	top := q.keys[0]
	n := len(q.keys) - 1
	last := q.keys[n]
	q.keys = q.keys[:n]
	if n > 0 {
		i := 0
		for {
			l := 2*i + 1
			if l >= n {
				break
			}
			m := l
			if r := l + 1; r < n && q.keys[r].before(&q.keys[l]) {
				m = r
			}
			if !q.keys[m].before(&last) {
				break
			}
			q.keys[i] = q.keys[m]
			i = m
		}
		q.keys[i] = last
	}
	p := q.slot(top.slot)
	e := *p
	*p = event{} // drop the socket pointer for the collector
	q.free = append(q.free, top.slot)
	return e
}
