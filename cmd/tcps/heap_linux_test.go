package main

import (
	"bufio"
	"bytes"
	"errors"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"sync/atomic"
	"testing"
	"unsafe"

	"golang.org/x/sys/unix"
)

// inFreshProcess runs the calling test again in a process of its own and
// reports whether this is that process. prepareHeap works on a heap that
// has just started, as the command's is when it calls it; in the test
// binary, the tests before leave freed pages below the advised range, and
// new objects would go there first.
func inFreshProcess(t *testing.T) bool {
	t.Helper()
	if os.Getenv("TCPS_HEAP_TEST") == t.Name() {
		return true
	}
	cmd := exec.Command(os.Args[0], "-test.run=^"+t.Name()+"$", "-test.count=1")
	cmd.Env = append(os.Environ(), "TCPS_HEAP_TEST="+t.Name())
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Errorf("%v\n%s", err, out)
	} else if bytes.Contains(out, []byte("--- SKIP")) {
		t.Skipf("%s", out)
	}
	return false
}

// anonHuge is the process's anonymous memory in 2 MB pages, in bytes.
func anonHuge(t *testing.T) int {
	t.Helper()
	b, err := os.ReadFile("/proc/self/smaps_rollup")
	if err != nil {
		t.Skip("no smaps_rollup:", err)
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		f := bytes.Fields(sc.Bytes())
		if len(f) == 3 && string(f[0]) == "AnonHugePages:" {
			kb, err := strconv.Atoi(string(f[1]))
			if err != nil {
				t.Fatal(err)
			}
			return kb << 10
		}
	}
	t.Fatal("smaps_rollup has no AnonHugePages")
	return 0
}

// hugeAfter prepares the heap for a scenario of stmts statements and
// hosts host statements, then makes objects touched 1 KiB objects, and
// returns how many bytes of 2 MB pages the process gained meanwhile. It
// skips unless transparent_hugepage is madvise (only there does the
// advice change anything), and ok is false in the test's own process,
// which runs the test again in a fresh one (inFreshProcess).
func hugeAfter(t *testing.T, stmts, hosts, objects int) (gained int, ok bool) {
	t.Helper()
	if thpMode() != "madvise" {
		t.Skipf("transparent_hugepage is %q: only madvise needs the advice", thpMode())
	}
	if !inFreshProcess(t) {
		return 0, false
	}
	// The advice alone: prefault would map 2 MB pages in the range
	// whether the objects went there or not (its own tests are below).
	prefaulting.started = true
	before := anonHuge(t)
	prepareHeap(stmts, hosts)
	keep := make([][]byte, objects)
	for i := range keep {
		keep[i] = make([]byte, 1<<10)
		keep[i][0] = 1 // touch it
	}
	gained = anonHuge(t) - before
	runtime.KeepAlive(keep)
	return gained, true
}

// A small scenario, the size of every golden one, is left alone.
func TestPrepareHeapLeavesSmallScenarios(t *testing.T) {
	if got, ok := hugeAfter(t, 100_000, 10_000, 1<<15); ok && got >= 16<<20 {
		t.Errorf("%d MiB in 2 MB pages after a small scenario; want none advised", got>>20)
	}
}

// A large scenario's heap lands in 2 MB pages where the kernel backs only
// advised memory with them; without prepareHeap the same objects fill
// 4 KB pages.
func TestPrepareHeapBacksObjectsWithLargePages(t *testing.T) {
	const objects = 1 << 17 // 128 MiB, after preparing 256 MiB as for 256k clients
	if got, ok := hugeAfter(t, 0, 256<<10, objects); ok && got < objects<<10/2 {
		t.Errorf("%d MiB of %d MiB of new objects in 2 MB pages; want at least half", got>>20, objects>>10)
	}
}

// resident counts the pages of b that are in memory (mincore).
func resident(t *testing.T, b []byte) int {
	t.Helper()
	vec := make([]byte, (len(b)+os.Getpagesize()-1)/os.Getpagesize())
	_, _, e := unix.Syscall(unix.SYS_MINCORE, uintptr(unsafe.Pointer(unsafe.SliceData(b))), uintptr(len(b)), uintptr(unsafe.Pointer(unsafe.SliceData(vec))))
	if e != 0 {
		t.Fatal("mincore:", e)
	}
	n := 0
	for _, v := range vec {
		n += int(v & 1)
	}
	return n * os.Getpagesize()
}

// freshPages is size bytes of fresh anonymous memory, none of it resident
// yet, in 4 KB pages, so that what is resident is exactly what was asked
// for even where transparent_hugepage is "always"; and its address.
func freshPages(t *testing.T, size int) ([]byte, uintptr) {
	t.Helper()
	b, err := unix.Mmap(-1, 0, size, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_PRIVATE|unix.MAP_ANONYMOUS)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { unix.Munmap(b) })
	if err := unix.Madvise(b, unix.MADV_NOHUGEPAGE); err != nil {
		t.Fatal(err)
	}
	return b, uintptr(unsafe.Pointer(unsafe.SliceData(b)))
}

// The faulter faults in its range up to prefaultAhead beyond what the
// heap holds, never behind it again, and never past its end.
func TestFaulterStaysAheadOfTheHeap(t *testing.T) {
	const size = 64 << 20
	b, lo := freshPages(t, size)
	f := faulter{lo: lo, next: lo, hi: lo + size}
	if got := resident(t, b); got != 0 {
		t.Fatalf("%d bytes resident before the faulter ran", got)
	}

	moved, err := f.step(4 << 20)
	if errors.Is(err, unix.EINVAL) {
		t.Skip("no MADV_POPULATE_WRITE (Linux before 5.14)")
	}
	if err != nil || !moved {
		t.Fatalf("step(4 MiB) = %v, %v", moved, err)
	}
	want := 4<<20 + prefaultAhead
	if got := resident(t, b); got != want {
		t.Errorf("after step(4 MiB): %d MiB resident, want %d", got>>20, want>>20)
	}
	if got := resident(t, b[:want]); got != want {
		t.Errorf("the first %d MiB are not all resident: %d MiB", want>>20, got>>20)
	}

	if moved, err := f.step(1 << 20); moved || err != nil {
		t.Errorf("step(1 MiB) after step(4 MiB) = %v, %v; want nothing done", moved, err)
	}
	if moved, err := f.step(1 << 30); !moved || err != nil || f.next != f.hi {
		t.Errorf("step(1 GiB) = %v, %v, next at %d MiB; want the whole range", moved, err, (f.next-lo)>>20)
	}
	if got := resident(t, b); got != size {
		t.Errorf("after step(1 GiB): %d MiB resident, want %d", got>>20, size>>20)
	}
}

// heapHeld leaves out free pages: prepareHeap's freed range is free until
// the runtime returns it, and counting it would fault the whole range in
// at once.
// It runs in a process of its own, where no other test allocates.
func TestHeapHeldLeavesOutFreePages(t *testing.T) {
	if !inFreshProcess(t) {
		return
	}
	held := heapHeld()
	before := held()
	b := make([]byte, 256<<20)
	if during := held(); during < 256<<20 {
		t.Errorf("held %d MiB with a 256 MiB slice, %d MiB before", during>>20, before>>20)
	}
	runtime.KeepAlive(b)
	b = nil
	runtime.GC()
	if after := held(); after > before+32<<20 {
		t.Errorf("held %d MiB after the 256 MiB slice was freed, %d MiB before", after>>20, before>>20)
	}
}

// prefault faults in from where the heap stood when it started, follows
// only growth (a collection that frees memory moves nothing back), and
// returns when stopped.
func TestPrefaultCountsGrowthFromItsStart(t *testing.T) {
	const size = 64 << 20
	b, lo := freshPages(t, size)
	var stop atomic.Bool
	// The heap held 100 MiB when prefault started, grows by 4, falls
	// to 50 as a collection frees memory, then prefault is stopped.
	heldSeq := []uint64{100 << 20, 104 << 20, 50 << 20, 50 << 20}
	calls := 0
	held := func() uint64 {
		v := heldSeq[min(calls, len(heldSeq)-1)]
		calls++
		if calls == len(heldSeq) {
			stop.Store(true)
		}
		return v
	}
	prefault(faulter{lo: lo, next: lo, hi: lo + size}, held, &stop)
	if _, _, e := unix.Syscall(unix.SYS_MADVISE, lo, 1<<12, unix.MADV_POPULATE_WRITE); errors.Is(e, unix.EINVAL) {
		t.Skip("no MADV_POPULATE_WRITE (Linux before 5.14)")
	}
	if want, got := 4<<20+prefaultAhead, resident(t, b); got != want {
		t.Errorf("%d MiB resident after the heap grew by 4 MiB; want %d", got>>20, want>>20)
	}
	if calls != len(heldSeq) {
		t.Errorf("prefault read the heap %d times after it was stopped at %d", calls, len(heldSeq))
	}
}

// A second large scenario in one process stops the first one's prefault
// and starts none: its growth would first fill the heap the first left.
func TestPrepareHeapPrefaultsOnce(t *testing.T) {
	if thpMode() != "madvise" {
		t.Skipf("transparent_hugepage is %q: prepareHeap prepares nothing", thpMode())
	}
	if !inFreshProcess(t) {
		return
	}
	prepareHeap(0, 256<<10)
	if prefaulting.done == nil {
		t.Fatal("no prefault after the first large scenario")
	}
	first := prefaulting.done
	prepareHeap(0, 256<<10)
	select {
	case <-first:
	default:
		t.Error("the first prefault still runs after the second scenario was prepared")
	}
	if prefaulting.done != nil {
		t.Error("a second prefault was started")
	}
}
