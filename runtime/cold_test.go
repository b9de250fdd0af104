//go:build unix

package runtime_test

// Cold benchmarks: a scenario checked and run in a fresh process, as
// `tcps run` does it. In-process benchmarks reuse the memory that earlier
// iterations made the kernel supply; a fresh process touches every page
// for the first time. On this project's VM that costs about 2.9 ms per MB
// (docs/performance.md), often as much as the computing, so the figure a
// user sees is this one.
//
//	go test -run XXX -bench Cold -benchtime 3x ./runtime/

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/tcps-dev/tcps/lang"
	"github.com/tcps-dev/tcps/lang/langtest"
	"github.com/tcps-dev/tcps/runtime"
)

// coldEnv names the scenario a child process checks (and runs, with
// coldRunEnv set) before it exits.
const (
	coldEnv    = "TCPS_COLD_SCENARIO"
	coldRunEnv = "TCPS_COLD_RUN"
)

func TestMain(m *testing.M) {
	if path := os.Getenv(coldEnv); path != "" {
		os.Exit(coldChild(path, os.Getenv(coldRunEnv) != ""))
	}
	os.Exit(m.Run())
}

// coldChild checks and runs one scenario and prints the two durations in
// nanoseconds.
func coldChild(path string, run bool) int {
	src, err := os.ReadFile(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	start := time.Now()
	prog, err := lang.Check(path, src)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	checked := time.Now()
	if run {
		if res := runtime.Run(prog, runtime.Options{}); res.ExitCode() != 0 {
			fmt.Fprintln(os.Stderr, "run failed:", res.Err, res.Failures)
			return 1
		}
	}
	fmt.Printf("%d %d\n", checked.Sub(start).Nanoseconds(), time.Since(checked).Nanoseconds())
	return 0
}

// BenchmarkCold checks (and runs) each scenario in a new process per
// iteration and reports the child's own timings and its peak RSS.
func BenchmarkCold(b *testing.B) {
	cases := []struct {
		name string
		src  []byte
		run  bool
	}{
		{"check/lines=100000", langtest.Lines(100_000), false},
		{"run/clients=100000", langtest.Clients(100_000, true), true},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			path := filepath.Join(b.TempDir(), "cold.tcps")
			if err := os.WriteFile(path, c.src, 0o644); err != nil {
				b.Fatal(err)
			}
			var chk, run time.Duration
			var rss int64
			for b.Loop() {
				cmd := exec.Command(os.Args[0], "-test.run=^$")
				cmd.Env = append(os.Environ(), coldEnv+"="+path)
				if c.run {
					cmd.Env = append(cmd.Env, coldRunEnv+"=1")
				}
				var out, errb bytes.Buffer
				cmd.Stdout, cmd.Stderr = &out, &errb
				if err := cmd.Run(); err != nil {
					b.Fatalf("child: %v\n%s", err, errb.String())
				}
				var c, r int64
				if _, err := fmt.Sscan(out.String(), &c, &r); err != nil {
					b.Fatalf("child printed %q: %v", out.String(), err)
				}
				chk += time.Duration(c)
				run += time.Duration(r)
				if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
					rss = max(rss, ru.Maxrss) // KiB on Linux
				}
			}
			n := float64(b.N)
			b.ReportMetric(float64(chk.Milliseconds())/n, "check-ms")
			b.ReportMetric(float64(run.Milliseconds())/n, "run-ms")
			b.ReportMetric(float64(rss)/1024, "peak-RSS-MB")
		})
	}
}
