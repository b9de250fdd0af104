//go:build linux

// Command startup measures what every tcps command pays before it starts
// (issue #21: `tcps version` within 5 ms of an empty Go program):
//
//	go run ./runtime/bench/startup              # 30 runs of each, interleaved
//	go run ./runtime/bench/startup -runs 50 -args version
//	go run ./runtime/bench/startup -also /tmp/tcps-before   # and another build
//
// Run it from the repository's root. It builds tcps as README installs it
// (CGO_ENABLED=0 go build ./cmd/tcps: a static binary, as the empty
// program is; with cgo, net links libc and the dynamic loader runs first)
// and an empty Go program (func main() {}) with the same toolchain into a
// temporary directory, runs each once untimed, then RUNS times
// interleaved (tcps, empty, tcps, ...), a process each, and prints for
// each the min, median and max of wall time and CPU time (user + system,
// the kernel's accounting of the finished child, which moves less than
// wall time on a shared machine), the median peak RSS, the binary's size
// and the number of package initialisers it runs
// (GODEBUG=inittrace=1), and the differences of the medians.
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"
)

func main() {
	runs := flag.Int("runs", 30, "timed runs of each program, interleaved")
	args := flag.String("args", "version", "tcps's arguments, space-separated")
	also := flag.String("also", "", "other tcps binaries to time beside them with the same arguments (e.g. one built at another commit), comma-separated")
	flag.Parse()
	if *runs < 1 {
		fatal(fmt.Errorf("-runs: at least 1"))
	}
	dir, err := os.MkdirTemp("", "tcps-startup-")
	if err != nil {
		fatal(err)
	}
	defer os.RemoveAll(dir)
	tcps := filepath.Join(dir, "tcps")
	empty := filepath.Join(dir, "empty")
	build := exec.Command("go", "build", "-o", tcps, "./cmd/tcps")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		fatal(fmt.Errorf("CGO_ENABLED=0 go build ./cmd/tcps: %v\n%s", err, out))
	}
	emptyDir := filepath.Join(dir, "emptysrc")
	if err := os.MkdirAll(emptyDir, 0o755); err != nil {
		fatal(err)
	}
	if err := os.WriteFile(filepath.Join(emptyDir, "main.go"), []byte("package main\n\nfunc main() {}\n"), 0o644); err != nil {
		fatal(err)
	}
	if err := os.WriteFile(filepath.Join(emptyDir, "go.mod"), []byte("module empty\n"), 0o644); err != nil {
		fatal(err)
	}
	build = exec.Command("go", "build", "-o", empty, ".")
	build.Dir = emptyDir
	if out, err := build.CombinedOutput(); err != nil {
		fatal(fmt.Errorf("go build (empty program): %v\n%s", err, out))
	}
	progs := []*prog{
		{name: "tcps " + *args, path: tcps, args: strings.Fields(*args)},
		{name: "empty Go program", path: empty},
	}
	for _, b := range strings.Split(*also, ",") {
		if b != "" {
			progs = append(progs, &prog{name: b + " " + *args, path: b, args: strings.Fields(*args)})
		}
	}
	for _, p := range progs {
		if _, err := p.run(); err != nil { // untimed: the page cache
			fatal(err)
		}
		if p.inits, err = initCount(p); err != nil {
			fatal(err)
		}
		if st, err := os.Stat(p.path); err == nil {
			p.size = st.Size()
		}
	}
	for range *runs {
		for _, p := range progs {
			m, err := p.run()
			if err != nil {
				fatal(err)
			}
			p.samples = append(p.samples, m)
		}
	}
	fmt.Printf("%d runs of each, interleaved; whole process (CPU = user + system)\n\n", *runs)
	fmt.Println("| program | CPU min / median / max | wall min / median / max | peak RSS (median) | binary | initialisers |")
	fmt.Println("|---|---|---|---|---|---|")
	for _, p := range progs {
		cpu, wall, rss := p.series()
		fmt.Printf("| %s | %s | %s | %.1f MiB | %.1f MB | %d |\n", p.name, msRange(cpu), msRange(wall),
			float64(median(rss))/1024, float64(p.size)/1e6, p.inits)
	}
	tc, tw, _ := progs[0].series()
	ec, ew, _ := progs[1].series()
	fmt.Printf("\nmedian difference: CPU %.1f ms, wall %.1f ms (target: within 5 ms)\n",
		ms(median(tc)-median(ec)), ms(median(tw)-median(ew)))
}

// prog is a program to time and its samples.
type prog struct {
	name    string
	path    string
	args    []string
	size    int64
	inits   int
	samples []sample
}

// sample is one run: wall and CPU time, peak RSS in KiB.
type sample struct {
	wall, cpu time.Duration
	rss       int64
}

// run runs the program once, its output discarded.
func (p *prog) run() (sample, error) {
	cmd := exec.Command(p.path, p.args...)
	start := time.Now()
	if err := cmd.Run(); err != nil {
		return sample{}, fmt.Errorf("%s: %v", p.name, err)
	}
	wall := time.Since(start)
	st := cmd.ProcessState
	s := sample{wall: wall, cpu: st.UserTime() + st.SystemTime()}
	if ru, ok := st.SysUsage().(*syscall.Rusage); ok {
		s.rss = ru.Maxrss
	}
	return s, nil
}

// series is the samples' CPU and wall times and peak RSS, each sorted.
func (p *prog) series() (cpu, wall []time.Duration, rss []int64) {
	for _, s := range p.samples {
		cpu = append(cpu, s.cpu)
		wall = append(wall, s.wall)
		rss = append(rss, s.rss)
	}
	slices.Sort(cpu)
	slices.Sort(wall)
	slices.Sort(rss)
	return cpu, wall, rss
}

// initCount runs the program once with GODEBUG=inittrace=1 and counts the
// package initialisers it reports.
func initCount(p *prog) (int, error) {
	cmd := exec.Command(p.path, p.args...)
	cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return 0, fmt.Errorf("%s: %v", p.name, err)
	}
	n := 0
	sc := bufio.NewScanner(&stderr)
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "init ") {
			n++
		}
	}
	return n, nil
}

// median is the middle of a sorted series (the lower middle of an even one).
func median[T any](s []T) T { return s[(len(s)-1)/2] }

// ms is a duration in milliseconds.
func ms(d time.Duration) float64 { return float64(d) / 1e6 }

// msRange prints the min, median and max of a sorted series in ms.
func msRange(s []time.Duration) string {
	return fmt.Sprintf("%.1f / %.1f / %.1f ms", ms(s[0]), ms(median(s)), ms(s[len(s)-1]))
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "startup:", err)
	os.Exit(2)
}
