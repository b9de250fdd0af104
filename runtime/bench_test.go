package runtime_test

// Benchmarks of the model for the performance issue. They measure and
// report; they assert only that each scenario ran to completion (no error,
// no failed expectation), never a speed.
//
//	go test -run XXX -bench 'Bulk|Scale' -benchmem -benchtime 1x ./runtime/
//
// Bulk: one connection carries SIZE bytes (mss 1460, sndbuf and rcvbuf 64K,
// trace none); the reader takes 64K per read, once per round trip.
// Reported: segments/s (every segment put on the wire, data and ACKs, per
// second of Run), ns/segment, peak-MB (the largest HeapInuse seen while the
// program is checked and run), prog-MB (HeapInuse held by the checked
// program alone, before Run: the scenario grows with SIZE because the
// language has no loop that runs until end of stream) and run-peak-MB (the
// largest HeapInuse during Run above what the program holds: the model's
// own memory).
//
// Scale: N clients, each its own host, connect to one listener and write
// 100 bytes; the server accepts every connection. Reported: ns/segment of
// Run for N = 100 ... 100,000 (flat is the target), check-ms (the front
// end: expand, check), run-ms, and peak-MB. With -million (after -args),
// also N = 1,000,000: about half a minute and 2.2 GB a phase.
//
//	go test -run XXX -bench 'Scale/phase=connect\+write' -benchtime 1x ./runtime/ -args -million
//
// docs/performance.md records the numbers and the profiles.

import (
	"flag"
	"fmt"
	goruntime "runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tcps-dev/tcps/lang"
	"github.com/tcps-dev/tcps/lang/langtest"
	"github.com/tcps-dev/tcps/runtime"
)

// peakHeap samples HeapInuse until stopped and returns the largest value.
// runtime.ReadMemStats stops the world for a few microseconds; at one
// sample per 5 ms that costs well under 1% of a run.
type peakHeap struct {
	peak atomic.Uint64
	stop chan struct{}
	wg   sync.WaitGroup
}

func heapInuse() uint64 {
	var m goruntime.MemStats
	goruntime.ReadMemStats(&m)
	return m.HeapInuse
}

func startPeak() *peakHeap {
	p := &peakHeap{stop: make(chan struct{})}
	p.peak.Store(heapInuse())
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-p.stop:
				return
			case <-t.C:
				p.observe(heapInuse())
			}
		}
	}()
	return p
}

func (p *peakHeap) observe(v uint64) {
	for {
		old := p.peak.Load()
		if v <= old || p.peak.CompareAndSwap(old, v) {
			return
		}
	}
}

func (p *peakHeap) done() uint64 {
	p.observe(heapInuse())
	close(p.stop)
	p.wg.Wait()
	return p.peak.Load()
}

const mb = 1 << 20

// check compiles a generated scenario, failing the benchmark on an error.
func check(b *testing.B, name string, src []byte) *lang.Program {
	b.Helper()
	prog, err := lang.Check(name, src)
	if err != nil {
		msg := err.Error()
		if len(msg) > 2000 {
			msg = msg[:2000]
		}
		b.Fatalf("%s does not check:\n%s", name, msg)
	}
	return prog
}

// mustRun fails the benchmark when the run stopped with an error or an
// expectation failed.
func mustRun(b *testing.B, prog *lang.Program, opts runtime.Options) *runtime.Result {
	b.Helper()
	var trace strings.Builder
	if opts.Trace == nil {
		opts.Trace = &limitWriter{w: &trace, n: 4096}
	}
	r := runtime.Run(prog, opts)
	if r.Err != nil || r.Failures > 0 {
		b.Fatalf("run failed: err=%v failures=%d\n%s", r.Err, r.Failures, trace.String())
	}
	return r
}

// limitWriter keeps the first n bytes of the trace (which, at trace none,
// holds only failures and errors).
type limitWriter struct {
	w *strings.Builder
	n int
}

func (l *limitWriter) Write(p []byte) (int, error) {
	if room := l.n - l.w.Len(); room > 0 {
		l.w.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}

// bulkTransfer is a scenario that moves size bytes from B to A through one
// connection (MSS 1460, 64 KiB buffers, trace off); reader is A's part.
func bulkTransfer(size int64, reader string) []byte {
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
%s
settle
expect A.s delivered %d
`, size, reader, size))
}

// bulkWaitallScenario reads with one call, read SIZE waitall (recv's
// MSG_WAITALL): the program stays a dozen statements whatever the size,
// so peak memory is the model's alone.
func bulkWaitallScenario(size int64) []byte {
	return bulkTransfer(size, fmt.Sprintf("A.s.read %d waitall", size))
}

// bulkScenario reads 64K once per round trip (2 ms): a read returns what
// RecvQ holds, so reads issued back to back would each take a single
// segment. A read takes less than 64K when the writer slept (it wakes when
// a third of SendQ is free, as Linux's writer does: about 45K a round
// trip), so there are twice as many reads as 64K would need. After the
// write, B closes; the reads left over return 0 at end of stream.
func bulkScenario(size int64) []byte {
	return bulkTransfer(size, fmt.Sprintf("repeat %d as i {\n  A.s.read 64K\n  wait 2ms\n}", size/32000+64))
}

// bulkSizes are the transfer sizes of BenchmarkBulk. The target compares
// peak memory at 1 GiB and 16 GiB; 64 MiB is there for quick runs
// (-bench 'Bulk/reader=paced/size=64MiB').
var bulkSizes = []struct {
	name string
	n    int64
}{
	{"64MiB", 64 << 20},
	{"1GiB", 1 << 30},
	{"16GiB", 16 << 30},
}

// BenchmarkBulk: 1 GiB (and 16 GiB) through one connection.
// Targets: >= 5,000,000 segments/s on one core; peak-MB equal within 10%
// for 1 GiB and 16 GiB.
func BenchmarkBulk(b *testing.B) {
	readers := []struct {
		name string
		gen  func(int64) []byte
	}{{"paced", bulkScenario}, {"waitall", bulkWaitallScenario}}
	for _, rd := range readers {
		for _, sz := range bulkSizes {
			benchBulk(b, "reader="+rd.name+"/size="+sz.name, sz.n, rd.gen(sz.n))
		}
	}
}

// benchBulk runs one bulk transfer and reports segments/s and peak memory.
func benchBulk(b *testing.B, name string, n int64, src []byte) {
	b.Run(name, func(b *testing.B) {
		var segs, events int64
		var run time.Duration
		var peak, runPeak, progHeap uint64
		b.ReportAllocs()
		b.SetBytes(n)
		b.StopTimer()
		for range b.N {
			goruntime.GC()
			base := heapInuse()
			p := startPeak()
			prog := check(b, "bulk.tcps", src)
			goruntime.GC()
			afterCheck := heapInuse()
			progHeap = max(progHeap, afterCheck-min(base, afterCheck))
			pr := startPeak()
			b.StartTimer()
			start := time.Now()
			r := mustRun(b, prog, runtime.Options{})
			run += time.Since(start)
			b.StopTimer()
			rp := pr.done()
			runPeak = max(runPeak, rp-min(afterCheck, rp))
			peak = max(peak, p.done())
			segs += r.Stats.Segments
			events += r.Stats.Events
		}
		b.ReportMetric(float64(segs)/run.Seconds(), "segments/s")
		b.ReportMetric(float64(run.Nanoseconds())/float64(segs), "ns/segment")
		b.ReportMetric(float64(events)/run.Seconds(), "events/s")
		b.ReportMetric(float64(peak)/mb, "peak-MB")
		b.ReportMetric(float64(progHeap)/mb, "prog-MB")
		b.ReportMetric(float64(runPeak)/mb, "run-peak-MB")
	})
}

// scaleCounts are the numbers of clients of BenchmarkScale; -million adds
// issue #21's million, which a plain -bench . should not pay for.
var scaleCounts = []int{100, 1_000, 10_000, 100_000}

var benchMillion = flag.Bool("million", false, "BenchmarkScale: also 1,000,000 clients")

// BenchmarkScale: N clients connect to one listener and each writes 100
// bytes. Target: ns/segment flat from 100 to 1,000,000 clients. The
// phase=connect variant does the handshakes only, so that the transfer's
// share is the difference.
func BenchmarkScale(b *testing.B) {
	counts := scaleCounts
	if *benchMillion {
		counts = append(counts[:len(counts):len(counts)], 1_000_000)
	}
	for _, phase := range []string{"connect+write", "connect"} {
		for _, n := range counts {
			b.Run(fmt.Sprintf("phase=%s/clients=%d", phase, n), func(b *testing.B) {
				src := langtest.Clients(n, phase == "connect+write")
				var segs int64
				var run, chk time.Duration
				var peak uint64
				b.ReportAllocs()
				b.StopTimer()
				for range b.N {
					goruntime.GC()
					p := startPeak()
					start := time.Now()
					prog := check(b, "scale.tcps", src)
					chk += time.Since(start)
					b.StartTimer()
					start = time.Now()
					r := mustRun(b, prog, runtime.Options{})
					run += time.Since(start)
					b.StopTimer()
					peak = max(peak, p.done())
					segs += r.Stats.Segments
				}
				b.ReportMetric(float64(run.Nanoseconds())/float64(segs), "ns/segment")
				b.ReportMetric(float64(segs)/float64(b.N*n), "segments/client")
				b.ReportMetric(float64(chk.Milliseconds())/float64(b.N), "check-ms")
				b.ReportMetric(float64(run.Milliseconds())/float64(b.N), "run-ms")
				b.ReportMetric(float64(peak)/mb, "peak-MB")
			})
		}
	}
}

// BenchmarkInvariants is the cost of Options.Invariants on a small bulk
// transfer (the fuzz target runs with it on).
func BenchmarkInvariants(b *testing.B) {
	src := bulkScenario(4 << 20)
	for _, on := range []bool{false, true} {
		b.Run(fmt.Sprintf("invariants=%v", on), func(b *testing.B) {
			prog := check(b, "bulk.tcps", src)
			var segs int64
			b.ReportAllocs()
			for b.Loop() {
				segs += mustRun(b, prog, runtime.Options{Invariants: on}).Stats.Segments
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(segs), "ns/segment")
		})
	}
}
