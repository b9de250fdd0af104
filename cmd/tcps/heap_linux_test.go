package main

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"strconv"
	"testing"
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

// A small scenario, the size of every golden one, is left alone.
func TestPrepareHeapLeavesSmallScenarios(t *testing.T) {
	if thpMode() != "madvise" {
		t.Skipf("transparent_hugepage is %q", thpMode())
	}
	if !inFreshProcess(t) {
		return
	}
	before := anonHuge(t)
	prepareHeap(100_000, 10_000)
	keep := make([][]byte, 1<<15)
	for i := range keep {
		keep[i] = make([]byte, 1<<10)
		keep[i][0] = 1
	}
	if got := anonHuge(t) - before; got >= 16<<20 {
		t.Errorf("%d MiB in 2 MB pages after a small scenario; want none advised", got>>20)
	}
	_ = keep[len(keep)-1]
}

// A large scenario's heap lands in 2 MB pages where the kernel backs only
// advised memory with them; without prepareHeap the same objects fill
// 4 KB pages.
func TestPrepareHeapBacksObjectsWithLargePages(t *testing.T) {
	if thpMode() != "madvise" {
		t.Skipf("transparent_hugepage is %q: only madvise needs the advice", thpMode())
	}
	if !inFreshProcess(t) {
		return
	}
	before := anonHuge(t)
	prepareHeap(0, 256<<10) // 256 MiB, as for 256k clients
	const objects, size = 1 << 17, 1 << 10
	keep := make([][]byte, objects)
	for i := range keep {
		keep[i] = make([]byte, size)
		keep[i][0] = 1 // touch it
	}
	got := anonHuge(t) - before
	if got < objects*size/2 {
		t.Errorf("%d MiB of %d MiB of new objects in 2 MB pages; want at least half", got>>20, objects*size>>20)
	}
	_ = keep[len(keep)-1]
}
