package main

import (
	"bytes"
	"os"
	"runtime"
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
