//go:build linux

// Command compare runs tcps, ns-3 and the Linux kernel side by side on
// this machine, interleaved, and prints the min and median of each and
// the ratios (issue #21; docs/performance.md keeps the table):
//
//	go run ./runtime/bench/compare                       # 1 GiB; 1k and 10k clients; 5 runs
//	go run ./runtime/bench/compare -bulk 100MiB -clients 1000 -runs 3   # CI's reduced form
//
// Run it from the repository's root. It builds tcps (go build) and the
// ns-3 program ns3.cc beside this file (g++ against Debian's ns3 and
// libns3-dev: apt-get install ns3 libns3-dev g++). The workloads:
//
//   - bulk: BYTES through one connection (MSS 1460, 64 KiB buffers; the
//     reader takes everything as it arrives: read BYTES waitall in tcps,
//     a PacketSink in ns-3);
//   - clients: N clients connect to one listener and write 100 bytes each
//     (langtest.Clients in tcps: a host per client; in ns-3 N sockets on
//     one node, which is the cheapest set-up ns-3 has).
//
// tcps runs as a user runs it, `tcps run FILE`, a process per run. ns-3
// runs its compiled program. A ratio between the two counts only when the
// simulated dynamics match: the same number of segments (every IP packet,
// both ways) and the same virtual time of the last one; the program
// checks that once per workload, outside the timed runs, and prints both.
//
// The kernel moves the same bytes for real, through a child of this
// program: over loopback with TCP_MAXSEG 1460, and over a veth pair
// between two network namespaces (MTU 1500, so MSS 1460; needs root; the
// namespaces are deleted at the end). The kernel has no virtual time, so
// its row is a yardstick, not a match: default socket buffers, the
// kernel's own offloads.
//
// With CI=true, ns-3 or the veth pair missing is an error, not a note.
//
// Every figure is a whole process, its start-up included: wall time, and
// CPU time (user + system, the kernel's accounting of the finished child),
// which moves less than wall time when the machine is shared.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/tcps-dev/tcps/lang"
	"github.com/tcps-dev/tcps/lang/langtest"
	"github.com/tcps-dev/tcps/runtime"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "kernel" {
		os.Exit(kernelMain(os.Args[2:]))
	}
	bulk := flag.String("bulk", "1GiB", "bytes through one connection (a number, or with KiB, MiB, GiB)")
	clients := flag.String("clients", "1000,10000", "numbers of clients, comma-separated")
	runs := flag.Int("runs", 5, "timed runs of each program, interleaved")
	kernel := flag.Bool("kernel", true, "time the Linux kernel too (loopback; a veth pair when root)")
	ns3 := flag.Bool("ns3", true, "time ns-3 (builds ns3.cc with g++)")
	flag.Parse()
	size, err := parseSize(*bulk)
	if err != nil {
		fatal(err)
	}
	var ns []int
	for _, f := range strings.Split(*clients, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			fatal(fmt.Errorf("-clients: %q is not a positive number", f))
		}
		ns = append(ns, n)
	}
	if *runs < 1 {
		fatal(errors.New("-runs must be at least 1"))
	}
	if err := compare(size, ns, *runs, *kernel, *ns3); err != nil {
		fatal(err)
	}
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "compare:", err)
	os.Exit(1)
}

// parseSize reads 1GiB, 100MiB, 64KiB or a plain number of bytes.
func parseSize(s string) (int64, error) {
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		m      int64
	}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}} {
		if strings.HasSuffix(s, u.suffix) {
			s, mult = strings.TrimSuffix(s, u.suffix), u.m
			break
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 1 {
		return 0, fmt.Errorf("size %q: a positive number of bytes, KiB, MiB or GiB", s)
	}
	return n * mult, nil
}

// bulkScenario is the bulk workload in tcps.
func bulkScenario(size int64) []byte {
	return []byte(fmt.Sprintf(`set trace none
set mss 1460
set sndbuf 64K
set rcvbuf 64K
host A ip 10.0.0.1
listen *:80 as L
accept as s
host B ip 10.0.0.2
connect A:80 as c
B.write %d
B.close
A.s.read %d waitall
settle
expect A.s delivered %d
`, size, size, size))
}

// workload is one comparison: a tcps scenario and the same in ns-3 and
// in the kernel.
type workload struct {
	name     string
	scenario []byte
	ns3Args  []string
	kernel   []string // arguments of the kernel child, after the mode
}

// program is one command being timed.
type program struct {
	name string
	argv []string
	runs []sample
	note string // why it did not run, or how its dynamics compare
}

// sample is one finished process.
type sample struct {
	wall, cpu time.Duration
	rssKB     int64
}

func compare(size int64, ns []int, runs int, withKernel, withNS3 bool) error {
	dir, err := os.MkdirTemp("", "tcps-compare-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	self, err := os.Executable()
	if err != nil {
		return err
	}

	tcps := filepath.Join(dir, "tcps")
	// As README installs it: a static binary, which starts faster.
	build := exec.Command("go", "build", "-o", tcps, "./cmd/tcps")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		return fmt.Errorf("building tcps (run from the repository's root): %v\n%s", err, out)
	}
	ns3bin := ""
	if withNS3 {
		ns3bin, err = buildNS3(dir)
		if err != nil {
			if os.Getenv("CI") == "true" {
				return err
			}
			fmt.Printf("ns-3: not timed: %v\n", err)
		}
	}
	veth := false
	if withKernel {
		if err := vethUp(); err != nil {
			if os.Getenv("CI") == "true" {
				return err
			}
			fmt.Printf("kernel over veth: not timed: %v\n", err)
		} else {
			veth = true
			defer vethDown()
		}
	}

	loads := []workload{{
		name:     "bulk " + sizeName(size),
		scenario: bulkScenario(size),
		ns3Args:  []string{"bulk", strconv.FormatInt(size, 10)},
		kernel:   []string{"bulk", strconv.FormatInt(size, 10)},
	}}
	for _, n := range ns {
		loads = append(loads, workload{
			name:     fmt.Sprintf("%d clients x 100 B", n),
			scenario: langtest.Clients(n, true),
			ns3Args:  []string{"clients", strconv.Itoa(n)},
			kernel:   []string{"clients", strconv.Itoa(n)},
		})
	}

	fmt.Printf("%d timed runs of each, interleaved; every figure a whole process (wall, and CPU = user + system)\n", runs)
	for i, w := range loads {
		file := filepath.Join(dir, fmt.Sprintf("w%d.tcps", i))
		if err := os.WriteFile(file, w.scenario, 0o644); err != nil {
			return err
		}
		progs := []*program{{name: "tcps", argv: []string{tcps, "run", file}}}
		tsegs, tend, err := tcpsDynamics(w.scenario)
		if err != nil {
			return fmt.Errorf("%s: %v", w.name, err)
		}
		progs[0].note = fmt.Sprintf("%d segments, last at %s", tsegs, fmtNS(tend))
		if ns3bin != "" {
			p := &program{name: "ns-3", argv: append([]string{ns3bin}, w.ns3Args...)}
			p.note = ns3Dynamics(ns3bin, w.ns3Args, tsegs, tend)
			progs = append(progs, p)
		}
		if withKernel {
			progs = append(progs, &program{name: "kernel loopback",
				argv: append([]string{self, "kernel"}, w.kernel...)})
			if veth {
				progs = append(progs, &program{name: "kernel veth",
					argv: append([]string{self, "kernel", "-veth"}, w.kernel...)})
			}
		}
		fmt.Printf("\n## %s\n", w.name)
		for _, p := range progs {
			// One untimed run each first: the page cache, the binaries.
			if _, err := runOnce(p.argv); err != nil {
				p.note = fmt.Sprintf("failed: %v", err)
				p.argv = nil
			}
		}
		for range runs {
			for _, p := range progs {
				if p.argv == nil {
					continue
				}
				s, err := runOnce(p.argv)
				if err != nil {
					p.note = fmt.Sprintf("failed: %v", err)
					p.argv = nil
					continue
				}
				p.runs = append(p.runs, s)
			}
		}
		printTable(progs)
	}
	return nil
}

// runOnce starts argv, waits for it and returns its figures; a non-zero
// exit is an error with its output.
func runOnce(argv []string) (sample, error) {
	cmd := exec.Command(argv[0], argv[1:]...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if err != nil {
		msg := strings.Join(strings.Fields(out.String()), " ")
		if len(msg) > 500 {
			msg = msg[:500]
		}
		return sample{}, fmt.Errorf("%s: %v %s", filepath.Base(argv[0]), err, msg)
	}
	st := cmd.ProcessState
	s := sample{wall: wall, cpu: st.UserTime() + st.SystemTime()}
	if ru, ok := st.SysUsage().(*syscall.Rusage); ok {
		s.rssKB = ru.Maxrss
	}
	return s, nil
}

// printTable prints min and median of wall and CPU time, the median peak
// RSS, and each program's median over tcps's.
func printTable(progs []*program) {
	fmt.Printf("| program | wall min | wall median | CPU min | CPU median | peak RSS | median / tcps (wall, CPU) | dynamics |\n")
	fmt.Printf("|---|---|---|---|---|---|---|---|\n")
	base := progs[0]
	for _, p := range progs {
		if len(p.runs) == 0 {
			fmt.Printf("| %s | | | | | | | %s |\n", p.name, p.note)
			continue
		}
		wmin, wmed := stat(p.runs, func(s sample) float64 { return s.wall.Seconds() })
		cmin, cmed := stat(p.runs, func(s sample) float64 { return s.cpu.Seconds() })
		_, rss := stat(p.runs, func(s sample) float64 { return float64(s.rssKB) / 1024 })
		ratio := ""
		if p != base && len(base.runs) > 0 {
			_, bw := stat(base.runs, func(s sample) float64 { return s.wall.Seconds() })
			_, bc := stat(base.runs, func(s sample) float64 { return s.cpu.Seconds() })
			ratio = fmt.Sprintf("%.1fx, %.1fx", wmed/bw, cmed/bc)
			if p.name == "ns-3" && !strings.HasPrefix(p.note, "match") {
				ratio += " (does not count: dynamics differ)"
			}
		}
		fmt.Printf("| %s | %.3f s | %.3f s | %.3f s | %.3f s | %.0f MB | %s | %s |\n", p.name, wmin, wmed, cmin, cmed, rss, ratio, p.note)
	}
}

// stat is the min and median of f over the samples.
func stat(runs []sample, f func(sample) float64) (lo, median float64) {
	v := make([]float64, len(runs))
	for i, s := range runs {
		v[i] = f(s)
	}
	slices.Sort(v)
	if len(v)%2 == 1 {
		return v[0], v[len(v)/2]
	}
	return v[0], (v[len(v)/2-1] + v[len(v)/2]) / 2
}

// tcpsDynamics runs the scenario in this process once and counts every
// packet sent and the virtual time of the last.
func tcpsDynamics(src []byte) (segs int64, last int64, err error) {
	prog, err := lang.CheckLimits("compare.tcps", src, lang.Limits{})
	if err != nil {
		return 0, 0, err
	}
	res := runtime.Run(prog, runtime.Options{Packet: func(p *runtime.PacketRecord) {
		segs++
		last = int64(p.At)
	}})
	if res.ExitCode() != 0 {
		return 0, 0, fmt.Errorf("tcps run failed: %v, %d failures", res.Err, res.Failures)
	}
	return segs, last, nil
}

// ns3Dynamics runs the ns-3 program once with counting on and compares.
func ns3Dynamics(bin string, args []string, segs, last int64) string {
	out, err := exec.Command(bin, append(args, "count")...).Output()
	if err != nil {
		return fmt.Sprintf("count run failed: %v", err)
	}
	var nsegs, nlast int64
	if _, err := fmt.Sscanf(string(out), "segments %d end %d", &nsegs, &nlast); err != nil {
		return fmt.Sprintf("count run printed %q", out)
	}
	same := fmt.Sprintf("match (%+.3f ms)", float64(nlast-last)/1e6)
	if nsegs != segs || !closeTimes(nlast, last, segs) {
		same = "DIFFER"
	}
	return fmt.Sprintf("%s: %d segments, last at %s", same, nsegs, fmtNS(nlast))
}

// closeTimes: the virtual end times agree within what ns-3's 10 Gbps
// link can add and tcps's links (a delay, no rate) do not: serialising
// every packet one after another, at most 64 bytes of header each
// (51.2 ns). A bulk transfer pays about 2 microseconds a round trip
// (0.1 %); 1,000 handshakes queued at once on the one link, 148
// microseconds.
func closeTimes(a, b, segs int64) bool {
	d := a - b
	if d < 0 {
		d = -d
	}
	return d <= segs*512/10
}

func fmtNS(ns int64) string {
	return strconv.FormatFloat(float64(ns)/1e9, 'f', 6, 64) + " s"
}

func sizeName(n int64) string {
	switch {
	case n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
	case n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}

// buildNS3 compiles runtime/bench/ns3/bench.cc against Debian's ns-3.
func buildNS3(dir string) (string, error) {
	src := filepath.Join("runtime", "bench", "ns3", "bench.cc")
	if _, err := os.Stat(src); err != nil {
		return "", err
	}
	if _, err := exec.LookPath("g++"); err != nil {
		return "", errors.New("no g++ (apt-get install ns3 libns3-dev g++)")
	}
	bin := filepath.Join(dir, "ns3bench")
	out, err := exec.Command("g++", "-O2", "-o", bin, src,
		"-lns3-applications", "-lns3-internet", "-lns3-point-to-point", "-lns3-network", "-lns3-core").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("g++ %s (apt-get install ns3 libns3-dev g++): %v\n%s", src, err, out)
	}
	return bin, nil
}
