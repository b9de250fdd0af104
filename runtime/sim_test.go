package runtime

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unsafe"

	"github.com/tcps-dev/tcps/lang"
)

// TestStructureSizes guards the structures a run holds per client: a
// million clients hold two sockets, a host and a thread each, so 8 bytes
// more on a Socket is 16 MB more (docs/performance.md, issue #21). A new
// field that must grow them should raise these numbers on purpose.
func TestStructureSizes(t *testing.T) {
	for _, c := range []struct {
		name      string
		got, most uintptr
	}{
		{"Socket", unsafe.Sizeof(Socket{}), 344},
		{"sender", unsafe.Sizeof(sender{}), 176},
		{"receiver", unsafe.Sizeof(receiver{}), 64},
		{"Host", unsafe.Sizeof(Host{}), 88},
		{"Thread", unsafe.Sizeof(Thread{}), 88},
	} {
		if c.got > c.most {
			t.Errorf("%s is %d bytes, more than %d", c.name, c.got, c.most)
		}
	}
	// Go gives an object over 32 KB whole pages of 8 KB: a socket chunk
	// that is not a whole number of them wastes the rest (sockTable).
	if chunk := unsafe.Sizeof(Socket{}) << sockChunkBits; chunk%8192 != 0 {
		t.Errorf("a chunk of %d structures is %d bytes, not whole 8 KB pages: choose sockChunkBits again", 1<<sockChunkBits, chunk)
	}
}

// refEvent is what the reference queue in TestEventQueueOrder keeps: the
// event and the order it was pushed in.
type refEvent struct {
	at  Time
	seq int
	e   event
}

// sameEvent compares events, an arrival by its segment's value.
func sameEvent(a, b event) bool {
	if a.kind == evArrive && b.kind == evArrive {
		return a.at == b.at && *a.seg == *b.seg
	}
	return a == b
}

// TestEventQueueOrder drives the calendar queue and a plain sorted list
// with the same pushes and pops, and checks that events come out by time
// and, at one instant, in the order they were pushed. Few distinct times
// make many ties; bursts of more than chunkRefs events at one instant
// cross chunk boundaries, and instants are dropped and reused.
func TestEventQueueOrder(t *testing.T) {
	for seed := uint64(1); seed <= 20; seed++ {
		rng := rand.New(rand.NewPCG(seed, 7))
		var socks sockTable
		for range 8 {
			socks.alloc()
		}
		q := eventQueue{sockets: &socks}
		var ref []refEvent
		seq := 0
		now := Time(0)
		for step := 0; step < 3000; step++ {
			switch r := rng.IntN(10); {
			case r < 5 || len(ref) == 0:
				burst := 1
				if rng.IntN(100) == 0 {
					burst = chunkRefs + rng.IntN(2*chunkRefs)
				}
				// Odd seeds keep at most 5 instants queued (found by
				// scanning), even ones up to 40 (indexed in the map, and back
				// to scanning whenever the queue empties).
				spread := 5
				if seed%2 == 0 {
					spread = 40
				}
				at := now + Time(rng.IntN(spread))*Millisecond
				for range burst {
					var e event
					if rng.IntN(3) == 0 {
						e = event{at: at, kind: evTimer, sock: socks.get(uint32(rng.IntN(8)))}
						q.pushTimer(at, e.sock)
					} else {
						seg := Segment{Seq: int64(seq), Len: int32(rng.IntN(1460))}
						e = event{at: at, kind: evArrive, seg: &seg}
						if rng.IntN(2) == 0 {
							// Built in the queue's draft slot, as sendSeg does.
							d := q.draft()
							*d = seg
							q.pushArrival(at, d)
						} else {
							q.pushArrival(at, &seg)
						}
						if rng.IntN(4) == 0 {
							q.draft() // a draft left unqueued (a held segment) is reused
						}
					}
					// Insert after every event due at or before at: the
					// reference stays sorted by time, then by push order.
					i, _ := slices.BinarySearchFunc(ref, at+1, func(r refEvent, t Time) int { return int(r.at - t) })
					for i < len(ref) && ref[i].at <= at {
						i++
					}
					ref = slices.Insert(ref, i, refEvent{at, seq, e})
					seq++
				}
			case r < 9:
				if got, want := q.peekAt(), ref[0].at; got != want {
					t.Fatalf("seed %d step %d: peekAt %v, want %v", seed, step, got, want)
				}
				var got event
				q.pop(&got)
				if !sameEvent(got, ref[0].e) {
					t.Fatalf("seed %d step %d: pop %+v, want %+v", seed, step, got, ref[0].e)
				}
				if got.kind == evArrive {
					// The segment being handled stays in its slot while
					// the handling sends others.
					keep := *got.seg
					d := q.draft()
					*d = Segment{Seq: -1}
					if d == got.seg || *got.seg != keep {
						t.Fatalf("seed %d step %d: the draft reuses the slot of the arrival being handled", seed, step)
					}
				}
				ref = ref[1:]
				now = got.at
			default:
				stop := rng.IntN(len(ref) + 1)
				n := 0
				q.inOrder(func(e *event) bool {
					if n == stop {
						return false
					}
					if !sameEvent(*e, ref[n].e) {
						t.Fatalf("seed %d step %d: inOrder event %d is %+v, want %+v", seed, step, n, *e, ref[n].e)
					}
					n++
					return true
				})
				if n != stop {
					t.Fatalf("seed %d step %d: inOrder visited %d events, want %d", seed, step, n, stop)
				}
			}
			if q.len() != len(ref) {
				t.Fatalf("seed %d step %d: len %d, want %d", seed, step, q.len(), len(ref))
			}
		}
	}
}

// TestOneTimer: a structure has one timer, as in Linux. Arming another
// kind replaces the armed one, and under Options.Invariants that is
// reported, because the model never does it (a probe goes out only with
// nothing in flight).
func TestOneTimer(t *testing.T) {
	prog, err := lang.Check("t.tcps", []byte("host A ip 10.0.0.1\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, inv := range []bool{false, true} {
		s := New(prog, Options{Invariants: inv})
		sk := s.socks.alloc()
		sk.host, sk.Num = s.hosts[0], 1
		s.arm(sk, tRetransmit, 10*Millisecond)
		s.arm(sk, tPersist, 20*Millisecond)
		if !s.armed(sk, tPersist) || s.armed(sk, tRetransmit) || s.armedTimers != 1 {
			t.Errorf("invariants %v: persist armed %v, retransmission armed %v, %d armed; want true, false, 1",
				inv, s.armed(sk, tPersist), s.armed(sk, tRetransmit), s.armedTimers)
		}
		switch {
		case inv && (s.fatal == nil || !strings.Contains(s.fatal.Msg, "persist timer armed while the retransmission timer is")):
			t.Errorf("with invariants: %v, want the two timers reported", s.fatal)
		case !inv && s.fatal != nil:
			t.Errorf("without invariants: %v", s.fatal)
		}
		s.cancelTimer(sk, tRetransmit) // not the armed kind: nothing happens
		if !s.armed(sk, tPersist) {
			t.Error("cancelling the retransmission timer disarmed the persist timer")
		}
		s.cancelAnyTimer(sk)
		if s.armed(sk, tPersist) || s.armedTimers != 0 {
			t.Errorf("after cancelAnyTimer: %d armed", s.armedTimers)
		}
	}
}
