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
	seq   uint64
	kind  eventKind
	timer timerKind
	sock  *Socket
	seg   Segment
}

// eventQueue is a binary min-heap ordered by (at, seq). It is written out
// by hand rather than with container/heap to avoid an interface call and an
// allocation per push.
type eventQueue struct {
	items []event
	next  uint64
}

func (q *eventQueue) less(i, j int) bool {
	a, b := &q.items[i], &q.items[j]
	if a.at != b.at {
		return a.at < b.at
	}
	return a.seq < b.seq
}

func (q *eventQueue) push(e event) {
	e.seq = q.next
	q.next++
	q.items = append(q.items, e)
	i := len(q.items) - 1
	for i > 0 {
		p := (i - 1) / 2
		if !q.less(i, p) {
			break
		}
		q.items[i], q.items[p] = q.items[p], q.items[i]
		i = p
	}
}

func (q *eventQueue) len() int { return len(q.items) }

func (q *eventQueue) peek() *event { return &q.items[0] }

func (q *eventQueue) pop() event {
	top := q.items[0]
	n := len(q.items) - 1
	q.items[0] = q.items[n]
	q.items[n] = event{}
	q.items = q.items[:n]
	i := 0
	for {
		l := 2*i + 1
		if l >= n {
			break
		}
		m := l
		if r := l + 1; r < n && q.less(r, l) {
			m = r
		}
		if !q.less(m, i) {
			break
		}
		q.items[i], q.items[m] = q.items[m], q.items[i]
		i = m
	}
	return top
}
