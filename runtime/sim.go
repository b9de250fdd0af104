package runtime

import (
	"fmt"
	"unsafe"
)

// Time is virtual time in nanoseconds since the start of a run.
type Time int64

// Common durations of virtual time.
const (
	Microsecond Time = 1000
	Millisecond Time = 1000 * Microsecond
	Second      Time = 1000 * Millisecond
)

// EndOfTime is the largest virtual time. Every addition in virtual time
// saturates there (Add), so a huge delay, MSL or wait never wraps around
// into the past.
const EndOfTime Time = 1<<63 - 1

// Add is t+d, saturating at EndOfTime (and at 0 below): virtual time never
// overflows. Every timer, arrival and wait is computed with it.
func (t Time) Add(d Time) Time {
	switch {
	case d > 0 && t > EndOfTime-d:
		return EndOfTime
	case d < 0 && t < -d:
		return 0
	}
	return t + d
}

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

// event is a queued happening as pop hands it out: a segment arriving, or
// a structure's timer coming due.
type event struct {
	at   Time
	kind eventKind
	sock *Socket  // evTimer: whose timer
	seg  *Segment // evArrive: the segment, in the queue's slab (see pop)
}

// eventQueue is the simulation's calendar: for every instant that has
// events, a first-in first-out list of them. Events therefore happen in
// order of time and, at one instant, in the order they were queued, which
// is what makes a run deterministic.
//
// Virtual time moves in few distinct steps (a link's delay, an RTO), so
// many events share an instant: 100,000 clients that connect at once
// queue 100,000 SYNs for the same arrival time. A list per instant costs 8
// bytes per event and is read in order; a heap over all events cost 24
// bytes each and a cache miss per level (the run of 100,000 clients took
// twice as long). The instants themselves are kept in a small min-heap.
//
// An entry is a ref: a timer is its structure's id (the structure says
// which timer it is); an arrival is a slot in a slab of segments, recycled
// through a free list.
//
// Finding the list of an instant: a bulk transfer has a handful of
// instants queued at any time (a round trip's bursts and a timer or two),
// and a new one every few events; scanning them is cheaper than a map
// insert and delete per instant. Only when more than scanInstants are
// queued (many clients, many delays) does the queue index them in byTime,
// until it is empty again.
type eventQueue struct {
	times    []instant      // min-heap of the instants that have events
	byTime   map[Time]int32 // instant -> its list in lists, while indexed
	indexed  bool           // byTime holds every instant in times
	lists    []fifo
	spare    []int32   // lists free for reuse
	chunks   *refChunk // chunks free for reuse, linked by next
	lastAt   Time      // the instant of the latest push, whose list is lastL
	lastL    int32     // valid when lastOK
	lastOK   bool
	n        int // events queued
	segs     [][]Segment
	free     []uint32 // segment slots free for reuse
	used     uint32   // segment slots handed out from the chunks so far
	popped   uint32   // the slot of the arrival pop returned last, if poppedOK
	draftI   uint32   // the slot draft handed out, if draftP is set
	draftP   *Segment
	poppedOK bool
	sockets  *sockTable  // resolves a timer's structure id
	charge   func(int64) // the run's memory budget, charged for new chunks
	walk     []int       // scratch for inOrder
}

// instant is a time that has events, and the list that holds them.
type instant struct {
	at Time
	l  int32
}

// fifo is the list of one instant's events: a chain of fixed-size chunks
// read from first[head] and written at last[tail]. Chunks come from a pool
// shared by all instants, so a burst of 100,000 events at one instant
// leaves no oversized array behind.
type fifo struct {
	first, last *refChunk
	head, tail  int
}

const chunkRefs = 256

type refChunk struct {
	next *refChunk // first, so that the collector scans one word of the chunk
	refs [chunkRefs]uint64
}

func (q *eventQueue) getChunk() *refChunk {
	c := q.chunks
	if c == nil {
		if q.charge != nil {
			q.charge(int64(unsafe.Sizeof(refChunk{})))
		}
		return &refChunk{}
	}
	q.chunks, c.next = c.next, nil
	return c
}

func (q *eventQueue) putChunk(c *refChunk) {
	c.next = q.chunks
	q.chunks = c
}

// A ref with timerRef set is a timer: the structure's id.
// Otherwise it is a slot in the segment slab.
const timerRef = 1 << 63

const chunkBits = 12 // 4096 segments per chunk

func (q *eventQueue) slot(i uint32) *Segment {
	return &q.segs[i>>chunkBits][i&(1<<chunkBits-1)]
}

func (q *eventQueue) allocSeg() uint32 {
	if n := len(q.free); n > 0 {
		i := q.free[n-1]
		q.free = q.free[:n-1]
		return i
	}
	if int(q.used>>chunkBits) == len(q.segs) {
		q.segs = append(q.segs, make([]Segment, 1<<chunkBits))
		if q.charge != nil {
			q.charge(segCost << chunkBits)
		}
	}
	q.used++
	return q.used - 1
}

func (q *eventQueue) len() int { return q.n }

// peekAt is the time of the next event.
func (q *eventQueue) peekAt() Time { return q.times[0].at }

// draft returns a free slot to build a segment in. pushArrival of that
// pointer queues the slot itself: a segment built there is not copied (a
// copy right after the fields were written stalls the processor). A draft
// that is not queued is handed out again by the next draft.
func (q *eventQueue) draft() *Segment {
	if q.draftP == nil {
		q.draftI = q.allocSeg()
		q.draftP = q.slot(q.draftI)
	}
	return q.draftP
}

// pushArrival queues seg to arrive at at: the draft slot itself, or a
// copy of seg.
func (q *eventQueue) pushArrival(at Time, seg *Segment) {
	var i uint32
	if seg == q.draftP {
		i, q.draftP = q.draftI, nil
	} else {
		i = q.allocSeg()
		*q.slot(i) = *seg
	}
	q.push(at, uint64(i))
}

// pushTimer queues a look at sk's timer at at.
func (q *eventQueue) pushTimer(at Time, sk *Socket) {
	q.push(at, timerRef|uint64(sk.id))
}

func (q *eventQueue) push(at Time, ref uint64) {
	l := q.lastL
	if !q.lastOK || at != q.lastAt {
		var ok bool
		if l, ok = q.find(at); !ok {
			l = q.newList(at)
		}
		q.lastAt, q.lastL, q.lastOK = at, l, true
	}
	f := &q.lists[l]
	if f.last == nil {
		f.first = q.getChunk()
		f.last = f.first
	} else if f.tail == chunkRefs {
		c := q.getChunk()
		f.last.next = c
		f.last, f.tail = c, 0
	}
	f.last.refs[f.tail] = ref
	f.tail++
	q.n++
}

// scanInstants is how many queued instants find scans before the queue
// indexes them in a map.
const scanInstants = 16

// find returns the list of instant at, if it has one.
func (q *eventQueue) find(at Time) (int32, bool) {
	if q.indexed {
		l, ok := q.byTime[at]
		return l, ok
	}
	for _, in := range q.times {
		if in.at == at {
			return in.l, true
		}
	}
	return 0, false
}

// newList starts the list of a new instant.
func (q *eventQueue) newList(at Time) int32 {
	if !q.indexed && len(q.times) >= scanInstants {
		if q.byTime == nil {
			q.byTime = map[Time]int32{}
		}
		for _, in := range q.times {
			q.byTime[in.at] = in.l
		}
		q.indexed = true
	}
	var l int32
	if n := len(q.spare); n > 0 {
		l = q.spare[n-1]
		q.spare = q.spare[:n-1]
	} else {
		l = int32(len(q.lists))
		q.lists = append(q.lists, fifo{})
	}
	if q.indexed {
		q.byTime[at] = l
	}
	q.times = append(q.times, instant{})
	i := len(q.times) - 1
	for i > 0 {
		p := (i - 1) / 2
		if q.times[p].at <= at {
			break
		}
		q.times[i] = q.times[p]
		i = p
	}
	q.times[i] = instant{at, l}
	return l
}

// pop removes the next event and puts it in e (field by field: an event
// returned by value was built and copied at once, which stalls). An
// arrival's segment is read where it lies in the slab; its slot is freed
// at the next pop, so it stays valid while the event is handled.
func (q *eventQueue) pop(e *event) {
	if q.poppedOK {
		q.free = append(q.free, q.popped)
		q.poppedOK = false
	}
	at, l := q.times[0].at, q.times[0].l
	f := &q.lists[l]
	ref := f.first.refs[f.head]
	f.head++
	q.n--
	switch {
	case f.first == f.last && f.head == f.tail:
		q.dropFirstInstant(l)
	case f.head == chunkRefs:
		c := f.first
		f.first, f.head = c.next, 0
		q.putChunk(c)
	}
	q.decode(e, at, ref, true)
}

// decode turns a ref into an event; with take, an arrival's slot is freed
// at the next pop.
func (q *eventQueue) decode(e *event, at Time, ref uint64, take bool) {
	e.at = at
	if ref&timerRef != 0 {
		e.kind, e.sock, e.seg = evTimer, q.sockets.get(uint32(ref&^timerRef)), nil
		return
	}
	if take {
		q.popped, q.poppedOK = uint32(ref), true
	}
	e.kind, e.sock, e.seg = evArrive, nil, q.slot(uint32(ref))
}

// dropFirstInstant removes the earliest instant, whose list l is empty.
func (q *eventQueue) dropFirstInstant(l int32) {
	if q.indexed {
		delete(q.byTime, q.times[0].at)
		if len(q.times) == 1 {
			q.indexed = false // the map is empty; keep it for the next burst
		}
	}
	q.putChunk(q.lists[l].first)
	q.lists[l] = fifo{}
	q.spare = append(q.spare, l)
	if q.lastL == l {
		q.lastOK = false
	}
	n := len(q.times) - 1
	last := q.times[n]
	q.times = q.times[:n]
	if n == 0 {
		return
	}
	i := 0
	for {
		c := 2*i + 1
		if c >= n {
			break
		}
		if r := c + 1; r < n && q.times[r].at < q.times[c].at {
			c = r
		}
		if q.times[c].at >= last.at {
			break
		}
		q.times[i] = q.times[c]
		i = c
	}
	q.times[i] = last
}

// inOrder calls f for every queued event, instant by instant in time
// order, until f returns false.
func (q *eventQueue) inOrder(f func(*event) bool) {
	// Walk the heap of instants in order: a second, small heap holds the
	// indexes whose parents have been visited.
	next := append(q.walk[:0], 0)
	defer func() { q.walk = next[:0] }()
	var e event
	for len(next) > 0 && len(q.times) > 0 {
		// Pop the index of the smallest instant.
		i := next[0]
		n := len(next) - 1
		next[0] = next[n]
		next = next[:n]
		siftDown(next, q.times)
		for _, c := range [2]int{2*i + 1, 2*i + 2} {
			if c < len(q.times) {
				next = append(next, c)
				siftUp(next, q.times)
			}
		}
		at := q.times[i].at
		lst := &q.lists[q.times[i].l]
		head := lst.head
		for c := lst.first; c != nil; c = c.next {
			end := chunkRefs
			if c == lst.last {
				end = lst.tail
			}
			for _, ref := range c.refs[head:end] {
				q.decode(&e, at, ref, false)
				if !f(&e) {
					return
				}
			}
			head = 0
		}
	}
}

// siftUp and siftDown keep h, indexes into times, a min-heap by time.
func siftUp(h []int, times []instant) {
	i := len(h) - 1
	for i > 0 {
		p := (i - 1) / 2
		if times[h[p]].at <= times[h[i]].at {
			return
		}
		h[p], h[i] = h[i], h[p]
		i = p
	}
}

func siftDown(h []int, times []instant) {
	i := 0
	for {
		c := 2*i + 1
		if c >= len(h) {
			return
		}
		if r := c + 1; r < len(h) && times[h[r]].at < times[h[c]].at {
			c = r
		}
		if times[h[i]].at <= times[h[c]].at {
			return
		}
		h[i], h[c] = h[c], h[i]
		i = c
	}
}

// sockTable holds every socket structure of a run, by id, in chunks of
// 1,024: structures are never freed (the views list every one), and a
// 1,000,000-client run creates 2,000,000 of them. A chunk is over 32 KB,
// so Go gives it whole 8 KB pages, and 1,024 structures of 344 bytes fill
// 43 pages exactly: a chunk costs what its structures do
// (TestStructureSizes; chunks of 256 wasted 6 %, 48 MB at a million).
type sockTable struct {
	chunks [][]Socket
	n      uint32
}

const sockChunkBits = 10

func (t *sockTable) get(id uint32) *Socket {
	return &t.chunks[id>>sockChunkBits][id&(1<<sockChunkBits-1)]
}

// alloc returns zeroed storage for a new structure, its id set.
func (t *sockTable) alloc() *Socket {
	if int(t.n>>sockChunkBits) == len(t.chunks) {
		t.chunks = append(t.chunks, make([]Socket, 1<<sockChunkBits))
	}
	sk := t.get(t.n)
	sk.id = t.n
	t.n++
	return sk
}
