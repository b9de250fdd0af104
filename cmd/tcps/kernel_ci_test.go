package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tcps-dev/tcps/runtime/kernel"
)

// notOnKernel are the scenarios the kernel mode refuses, with the reason;
// the CI kernel suite checks that they are refused and nothing else is.
var notOnKernel = map[string]string{
	"scenarios/lecture/07-zero-window-rfc.tcps": "profile rfc: the kernel is Linux",
	"scenarios/teardown/connect-again.tcps":     "waits 3 minutes (a SYN timeout of 131 s): over the budget",
}

// TestKernelCompareSuite is the kernel suite of `go test ./...`: every
// scenario outside scenarios/errors/ runs in the model and on the running
// kernel (tcps compare), three at a time; a difference not listed in
// docs/kernel-accepted.txt fails. A scenario under scenarios/kernel/
// replaces the one of the same name elsewhere (a variant whose comment says
// what it shortens). It needs root and network namespaces: without them it
// skips, except in CI (CI set), where it fails. TCPS_KERNEL_SKIP=1
// skips it (.ci/run runs it once, not again under -race). An entry of the
// accepted file that accepted nothing (it agrees now, or its statement is
// gone) is logged as a note; one for a scenario the suite does not compare
// fails.
func TestKernelCompareSuite(t *testing.T) {
	if os.Getenv("TCPS_KERNEL_SKIP") != "" {
		t.Skip("TCPS_KERNEL_SKIP is set")
	}
	if err := kernel.Available(); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI is set, and the kernel suite cannot run: %v", err)
		}
		t.Skipf("the kernel suite needs root and network namespaces (CI runs it): %v", err)
	}
	if testing.Short() {
		t.Skip("-short: the kernel suite takes minutes of real time")
	}
	bin := buildTcps(t)
	root, _ := filepath.Abs("../..")
	files, _ := filepath.Glob(filepath.Join(root, "scenarios", "*", "*.tcps"))
	variants := map[string]string{}
	for _, f := range files {
		if filepath.Base(filepath.Dir(f)) == "kernel" {
			variants[filepath.Base(f)] = f
		}
	}
	var list []string
	for _, f := range files {
		dir := filepath.Base(filepath.Dir(f))
		if dir == "errors" || dir == "lecture-ko" {
			// lecture-ko is scenarios/lecture with set lang ko and Korean
			// notes: the same statements, already compared.
			continue
		}
		if v, ok := variants[filepath.Base(f)]; ok && dir != "kernel" {
			t.Logf("%s: the variant %s runs instead", rel(root, f), rel(root, v))
			continue
		}
		list = append(list, rel(root, f))
	}
	sort.Strings(list)
	// Every entry of the accepted file names a scenario the suite
	// compares: one for a scenario renamed or deleted accepts nothing.
	text, err := os.ReadFile(filepath.Join(root, "docs", "kernel-accepted.txt"))
	if err != nil {
		t.Fatal(err)
	}
	accepted, err := kernel.ParseAccepted("docs/kernel-accepted.txt", string(text))
	if err != nil {
		t.Fatal(err)
	}
	compared := map[string]bool{}
	for _, f := range list {
		compared[f] = true
	}
	for path, entries := range accepted {
		if !compared[path] {
			t.Errorf("docs/kernel-accepted.txt:%d: %s is not a scenario the kernel suite compares", entries[0].Line, path)
		}
	}
	start := time.Now()
	var mu sync.Mutex
	sem := make(chan struct{}, 3)
	var wg sync.WaitGroup
	for _, f := range list {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
			defer cancel()
			cmd := exec.CommandContext(ctx, bin, "compare", "--accepted", "docs/kernel-accepted.txt", f)
			cmd.Dir = root
			var out bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &out
			err := cmd.Run()
			code := 0
			var ee *exec.ExitError
			if errors.As(err, &ee) {
				code = ee.ExitCode()
			} else if err != nil {
				code = -1
			}
			mu.Lock()
			defer mu.Unlock()
			why, refused := notOnKernel[f]
			switch {
			case refused && code == exitInput:
				t.Logf("%s: not on the kernel (%s)", f, why)
			case refused:
				t.Errorf("%s should be refused by the kernel mode (%s): exit %d\n%s", f, why, code, out.String())
			case code != exitOK:
				t.Errorf("%s: exit %d:\n%s", f, code, out.String())
			default:
				// Stale entries: timing ones come and go, others are
				// for a person to delete; the log says which.
				for _, line := range strings.Split(out.String(), "\n") {
					if strings.HasPrefix(line, "note: ") {
						t.Log(line)
					}
				}
			}
		}()
	}
	wg.Wait()
	t.Logf("%d scenarios compared in %s", len(list), time.Since(start).Round(time.Second))
}

func rel(root, f string) string {
	r, err := filepath.Rel(root, f)
	if err != nil {
		return f
	}
	return strings.ReplaceAll(r, string(filepath.Separator), "/")
}

// TestKernelPacketBehaviours checks, on the kernel and in the model, the
// two behaviours of issue #16 that tcps compare cannot see because they
// are in packets: an abortive RST carries the window, and answers to
// zero-window probes are rate-limited. Same skips as the suite.
func TestKernelPacketBehaviours(t *testing.T) {
	if os.Getenv("TCPS_KERNEL_SKIP") != "" {
		t.Skip("TCPS_KERNEL_SKIP is set")
	}
	if err := kernel.Available(); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI is set, and the kernel mode cannot run: %v", err)
		}
		t.Skipf("needs root and network namespaces (CI runs it): %v", err)
	}
	if testing.Short() {
		t.Skip("-short: runs scenarios in real time")
	}
	bin := buildTcps(t)
	root, _ := filepath.Abs("../..")
	trace := func(kernelMode bool, file string) string {
		args := []string{"run", file}
		if kernelMode {
			args = []string{"run", "--kernel", file}
		}
		cmd := exec.Command(bin, args...)
		cmd.Dir = root
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("tcps %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	for _, k := range []bool{false, true} {
		side := map[bool]string{false: "model", true: "kernel"}[k]
		// The RST of close with unread data carries a window, not 0.
		tr := trace(k, "scenarios/teardown/recvq-destroyed.tcps")
		if m := rstWin.FindStringSubmatch(tr); m == nil || m[1] == "0" {
			t.Errorf("%s: the RST should carry a window: %v\n%s", side, m, tr)
		}
		// With invalid_ratelimit 10s only the first probe is answered:
		// two zero-window ACKs from R (the one that closed the window and
		// that answer), three probes or more from W.
		tr = trace(k, "scenarios/linux/probe-ratelimit.tcps")
		answers, probes := 0, 0
		in := false
		for _, line := range strings.Split(tr, "\n") {
			if strings.Contains(line, "the reader wakes up") {
				break
			}
			switch {
			case strings.Contains(line, "10.0.0.1.80 > 10.0.0.2.") && strings.HasSuffix(line, "win 0, length 0"):
				in = true
				answers++
			case in && strings.Contains(line, "10.0.0.2.") && strings.Contains(line, " > 10.0.0.1.80: Flags [.]") && strings.Contains(line, "length 0"):
				probes++
			}
		}
		if answers != 2 || probes < 3 {
			t.Errorf("%s: %d zero-window ACKs from R (want 2: the first probe's answer only), %d probes (want 3 or more):\n%s", side, answers, probes, tr)
		}
	}
}

var rstWin = regexp.MustCompile(`10\.0\.0\.1\.80 > 10\.0\.0\.2\.\d+: Flags \[R\.\], seq 1, ack 1001, win (\d+)`)
