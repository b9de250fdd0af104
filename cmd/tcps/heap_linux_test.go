package main

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"runtime"
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
