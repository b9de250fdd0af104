package main

import (
	"bytes"
	"os"
	"runtime"
	"runtime/metrics"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Large pages for a large scenario.
//
// A million clients make about 1.8 GB of small Go objects. Linux backs
// anonymous memory with 4 KB pages unless it is marked MADV_HUGEPAGE
// (transparent_hugepage "madvise", the default of many distributions and
// of the project's machine), and the Go runtime marks only its own
// metadata. Each 4 KB page then costs a fault when it is first touched
// and a TLB entry after: 470,000 faults for the million, which took 4–6 s
// of CPU of its 11–12 s run (docs/performance.md, tenth round).
//
// prepareHeap makes the Go heap map, in one piece, the address space a
// scenario of that size needs: it allocates one byte slice that large
// and never touches it (memory fresh from the kernel is already zero, so
// the runtime does not clear it), marks its range MADV_HUGEPAGE, and
// frees it at once. The heap then carves its spans from that range, from
// the lowest address up, and the kernel backs them with 2 MB pages as
// they are first touched. Untouched, the range costs address space only.
// The objects and the output are the same.

// Bytes per statement and per host statement a run holds at its peak,
// rounded up from the million (1.84 GB for 4,000,079 statements and
// 1,000,001 hosts), so that its whole heap falls in the range.
const (
	heapPerStmt = 256
	heapPerHost = 1024
	// heapLarge is the least worth preparing: below it the faults cost
	// less than a garbage collection, and every golden scenario is far
	// below.
	heapLarge = 128 << 20
)

// prepareHeap is lang.Limits.Sized for tcps: see above.
func prepareHeap(stmts, hosts int) {
	prefaulting.Lock()
	defer prefaulting.Unlock()
	prefaulting.stopLocked()
	n := stmts*heapPerStmt + hosts*heapPerHost
	if n < heapLarge || thpMode() != "madvise" || strictOvercommit() || addressSpaceCapped() {
		return // "always" needs no advice and "never" takes none
	}
	var info unix.Sysinfo_t
	if unix.Sysinfo(&info) != nil {
		return
	}
	// Address space is not memory, but a heuristic overcommit refuses a
	// single mapping larger than the machine: ask for half of it at most.
	n = min(n, int(min(uint64(info.Totalram)*uint64(info.Unit)/2, 1<<40)))
	b := make([]byte, n)
	// Advise the whole 2 MB pages inside the slice.
	const huge = 2 << 20
	base := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	from := int((base+huge-1)&^(huge-1) - base)
	to := int((base+uintptr(n))&^(huge-1) - base)
	if from < to {
		// The advice is a hint; an error leaves 4 KB pages, as without it.
		_ = unix.Madvise(b[from:to], unix.MADV_HUGEPAGE)
	}
	b = nil
	runtime.GC() // free the slice now, so that the next spans come from its range
	if from < to && !prefaulting.started {
		done := make(chan struct{})
		prefaulting.started, prefaulting.done = true, done
		go func() {
			defer close(done)
			lo := base + uintptr(from)
			prefault(faulter{lo: lo, next: lo, hi: base + uintptr(to)}, heapHeld(), &prefaulting.stop)
		}()
	}
}

// Faulting in ahead of the heap.
//
// A 2 MB page is still cleared by the kernel when the heap first touches
// it, on the thread that touches it: the check's and the run's. On the
// project's machine, a virtual machine, that was about a millisecond a
// megabyte and a quarter of the million's samples in perf
// (clear_page_erms; docs/performance.md, twelfth round). prefault does it
// on a thread of its own, on a core the run leaves idle: it asks the
// kernel to fault in (MADV_POPULATE_WRITE, Linux 5.14) the pages of the
// prepared range a little ahead of what the heap holds. The kernel maps
// zeroed pages only where none are mapped yet, so the heap's objects are
// never touched, and the pages it maps are the ones the heap takes next.

const (
	// prefaultAhead is how far ahead of the heap pages are faulted in:
	// the most it adds to the peak RSS.
	prefaultAhead = 16 << 20
	// prefaultPoll is how often prefault looks at the heap's size, and
	// prefaultIdle how many looks in a row that fault nothing in end it.
	prefaultPoll = time.Millisecond
	prefaultIdle = 1000
)

// prefaulting is the process's prefault. Only the first large scenario
// has one: a later one (tcps test, tcps run a b) finds the heap of the
// one before below its range, free, and would fill that first, so its
// growth would not say where its range is used. The next prepareHeap
// stops it, before its reservation could count as growth.
var prefaulting prefaultState

type prefaultState struct {
	sync.Mutex
	started bool
	stop    atomic.Bool
	done    chan struct{} // closed when the goroutine returns; nil when none runs
}

// stopLocked stops the prefault goroutine, if one runs, and waits for it.
func (p *prefaultState) stopLocked() {
	if p.done != nil {
		p.stop.Store(true)
		<-p.done
		p.done = nil
	}
}

// prefault faults in f's range from the bottom, since the heap takes the
// range from its lowest address up, and never more than prefaultAhead
// beyond what the heap has grown by since prefault started (held: the
// heap held before lies below the range). It returns when it reaches the
// range's end, when what it may fault in has not moved by a 2 MB page
// for prefaultIdle looks, when stop is set, or when the kernel refuses
// (before Linux 5.14).
func prefault(f faulter, held func() uint64, stop *atomic.Bool) {
	start := held()
	for idle := 0; f.next < f.hi && idle < prefaultIdle && !stop.Load(); {
		moved, err := f.step(max(held(), start) - start)
		switch {
		case err != nil:
			return
		case moved:
			idle = 0
		default:
			idle++
			time.Sleep(prefaultPoll)
		}
	}
}

// faulter is prefault's progress through its range: [lo, next) is
// faulted in.
type faulter struct{ lo, next, hi uintptr }

// step faults in the range up to prefaultAhead beyond held bytes from its
// start (rounded down to a 2 MB page), and reports whether it faulted in
// anything.
func (f *faulter) step(held uint64) (bool, error) {
	const huge = 2 << 20
	want := f.hi
	if room := uint64(f.hi - f.lo); held+prefaultAhead < room {
		want = f.lo + uintptr(held+prefaultAhead)&^(huge-1)
	}
	if want <= f.next {
		return false, nil
	}
	if _, _, e := unix.Syscall(unix.SYS_MADVISE, f.next, want-f.next, unix.MADV_POPULATE_WRITE); e != 0 {
		return false, e
	}
	f.next = want
	return true, nil
}

// heapHeld returns a function that reads the bytes of the heap's spans
// in use: objects, the room left in their spans, and goroutine stacks.
// Free pages are not counted: the freed range itself is free until the
// runtime returns it to the kernel, and what prefault faults in stays
// free, so prefault's own work does not move it. With the spans of
// garbage freed below the highest one in use, the count is less than
// the heap's reach, and prefault only does less.
func heapHeld() func() uint64 {
	s := []metrics.Sample{
		{Name: "/memory/classes/heap/objects:bytes"},
		{Name: "/memory/classes/heap/unused:bytes"},
		{Name: "/memory/classes/heap/stacks:bytes"},
	}
	return func() uint64 {
		metrics.Read(s)
		var n uint64
		for _, v := range s {
			n += v.Value.Uint64()
		}
		return n
	}
}

// thpMode is the bracketed word of transparent_hugepage/enabled:
// always, madvise or never ("" when the file cannot be read).
func thpMode() string {
	b, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled")
	if err != nil {
		return ""
	}
	i, j := bytes.IndexByte(b, '['), bytes.IndexByte(b, ']')
	if i < 0 || j < i {
		return ""
	}
	return string(b[i+1 : j])
}

// addressSpaceCapped reports a limit on the process's address space or
// data (ulimit -v, -d; prlimit --as, --data), which untouched address
// space counts against: a reservation could make the Go runtime fail
// where the run itself fits, so the heap grows as it needs.
func addressSpaceCapped() bool {
	for _, res := range []int{unix.RLIMIT_AS, unix.RLIMIT_DATA} {
		var l unix.Rlimit
		if unix.Getrlimit(res, &l) != nil || l.Cur != unix.RLIM_INFINITY {
			return true
		}
	}
	return false
}

// strictOvercommit reports vm.overcommit_memory = 2, under which even
// untouched address space is charged: there the heap grows as it needs.
func strictOvercommit() bool {
	b, err := os.ReadFile("/proc/sys/vm/overcommit_memory")
	return err == nil && bytes.HasPrefix(b, []byte("2"))
}
