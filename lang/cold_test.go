//go:build unix

package lang_test

// Cold benchmarks of the front end: a scenario parsed and checked in a
// fresh process, as `tcps check` does it (runtime/cold_test.go explains
// why the fresh process is the figure a user waits for). The targets of
// issue #20: a lecture scenario in under 5 ms, 10,000 lines in under
// 300 ms, 100,000 lines in under 3 s, and 1,000,000 clients written with
// repeat as fast as before the grammar was participle's again.
//
//	go test -run XXX -bench Cold -benchtime 3x ./lang/

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
)

// coldEnv names the scenario a child process checks before it exits.
const coldEnv = "TCPS_LANG_COLD_SCENARIO"

// coldLimits admit a million clients: three statements and a host each.
var coldLimits = lang.Limits{MaxHosts: 1_100_000, MaxStmts: 4_000_000}

func TestMain(m *testing.M) {
	if path := os.Getenv(coldEnv); path != "" {
		os.Exit(coldChild(path))
	}
	os.Exit(m.Run())
}

// coldChild checks one scenario and prints the duration in nanoseconds.
func coldChild(path string) int {
	src, err := os.ReadFile(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	start := time.Now()
	if _, err := lang.CheckLimits(path, src, coldLimits); err != nil {
		fmt.Fprintln(os.Stderr, firstLines(err.Error(), 5))
		return 2
	}
	fmt.Println(time.Since(start).Nanoseconds())
	return 0
}

// BenchmarkColdCheck checks each scenario in a new process per iteration
// and reports the child's own timing of the check (check-ms, wall time),
// the CPU time of the whole child process (process-cpu-ms: start-up,
// reading the file, the check, on every core the GC uses; less moved by
// other load on the machine than wall time) and its peak RSS.
func BenchmarkColdCheck(b *testing.B) {
	lecture, err := os.ReadFile("../scenarios/lecture/03-byte-stream.tcps")
	if err != nil {
		b.Fatal(err)
	}
	cases := []struct {
		name string
		src  []byte
	}{
		{"lecture=03-byte-stream", lecture},
		{"lines=10000", langtest.Lines(10_000)},
		{"lines=100000", langtest.Lines(100_000)},
		{"clients=1000000", langtest.Clients(1_000_000, false)},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			path := filepath.Join(b.TempDir(), "cold.tcps")
			if err := os.WriteFile(path, c.src, 0o644); err != nil {
				b.Fatal(err)
			}
			var chk, cpu time.Duration
			var rss int64
			for b.Loop() {
				cmd := exec.Command(os.Args[0], "-test.run=^$")
				cmd.Env = append(os.Environ(), coldEnv+"="+path)
				var out, errb bytes.Buffer
				cmd.Stdout, cmd.Stderr = &out, &errb
				if err := cmd.Run(); err != nil {
					b.Fatalf("child: %v\n%s", err, errb.String())
				}
				var ns int64
				if _, err := fmt.Sscan(out.String(), &ns); err != nil {
					b.Fatalf("child printed %q: %v", out.String(), err)
				}
				chk += time.Duration(ns)
				cpu += cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
				if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
					rss = max(rss, ru.Maxrss) // KiB on Linux
				}
			}
			b.ReportMetric(float64(chk.Microseconds())/1000/float64(b.N), "check-ms")
			b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "process-cpu-ms")
			b.ReportMetric(float64(rss)/1024, "peak-RSS-MB")
		})
	}
}
