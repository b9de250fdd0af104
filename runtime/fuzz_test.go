package runtime_test

// FuzzRun: random but valid programs through the model with the
// invariants on.
//
//	go test -run XXX -fuzz FuzzRun -fuzztime 30s ./runtime/
//
// An input is either a scenario (the seeds are the files under
// scenarios/; an input that checks is run as written) or, when it does
// not check, bytes that genProgram decodes into a program: two to four
// hosts (sometimes a second process on one of them), settings, links, and
// up to 64 random statements: socket calls on random sockets of random
// hosts (wrong ones included: they must fail with an errno, not break the
// model), waits, settles, hold / deliver / release / drop between random
// hosts, shows and expectations.
//
// Every program runs with Options{Invariants: true, MaxEvents: 50000}
// (10,000 when it asks for a demux explanation of every packet), twice.
// Properties:
//   - no panic;
//   - no hang: Run returns within fuzzWatchdog (events are bounded);
//   - no internal error: Result.Err never starts with "internal error"
//     (an invariant broken reads "internal error: invariant broken: ...");
//   - determinism: both runs give the same trace, stats and outcome.
//
// A failing input is printed as the program text it decodes to, so that
// it can be run with tcps run --invariants.

import (
	"crypto/sha256"
	"fmt"
	"hash"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/tcps-dev/tcps/lang"
	"github.com/tcps-dev/tcps/runtime"
)

// fuzzMaxEvents is the event budget of one program. The invariants now
// compare every queue view after each event, so 200,000 events took up to
// 2.5 s an input, and on a loaded machine past the 10 s after which Go's
// fuzzing engine counts an input as hung (it then reported "terminated
// unexpectedly while minimizing" on inputs that pass when run alone).
// 50,000 events still reach every state, retransmission and probe of the
// generated programs.
const fuzzMaxEvents = 50_000

// fuzzMaxEventsDemux is the event budget of a program that shows demux
// every: explaining a packet tables every structure on the host, up to
// 60 µs an event here, and Go's fuzzing engine stops an input that takes
// more than 10 s (runtime/testdata/fuzz/FuzzRun/18bf48b25a0713b7 ran
// 131,000 events in 2 x 8 s).
const fuzzMaxEventsDemux = 10_000

// fuzzWatchdog bounds one input: checking it and two runs. 50,000 events
// with the invariants on take well under a second, unless every packet is
// explained (see fuzzMaxEventsDemux).
const fuzzWatchdog = 30 * time.Second

// runFuzzLimits keep a scenario input small.
var runFuzzLimits = lang.Limits{MaxStmts: 5_000, MaxDepth: 4, MaxHosts: 64}

// decoder hands out the input's bytes; past the end it gives zeros, so
// every input decodes to a program.
type decoder struct {
	data []byte
	i    int
}

func (d *decoder) byte() byte {
	if d.i >= len(d.data) {
		return 0
	}
	c := d.data[d.i]
	d.i++
	return c
}

func (d *decoder) more() bool { return d.i < len(d.data) }

// n is a number in [0, k).
func (d *decoder) n(k int) int { return int(d.byte()) % k }

func (d *decoder) pick(list ...string) string { return list[d.n(len(list))] }

func (d *decoder) chance(percent int) bool { return d.n(100) < percent }

type genHost struct {
	name    string
	addrs   []string
	handles []string
}

type generator struct {
	d     decoder
	b     strings.Builder
	hosts []*genHost
	names int
}

func (g *generator) line(format string, args ...any) {
	fmt.Fprintf(&g.b, format, args...)
	g.b.WriteByte('\n')
}

func (g *generator) host() *genHost { return g.hosts[g.d.n(len(g.hosts))] }

func (g *generator) newName(h *genHost) string {
	name := fmt.Sprintf("s%d", g.names)
	g.names++
	h.handles = append(h.handles, name)
	return name
}

// sock names a socket of h for a call on it: usually one of its handles
// (closed ones included), sometimes a structure number.
func (g *generator) sock(h *genHost) (string, bool) {
	if len(h.handles) == 0 || g.d.chance(3) {
		if g.d.chance(50) {
			return fmt.Sprint(g.d.n(4)), true
		}
		return "", false
	}
	return h.handles[g.d.n(len(h.handles))], true
}

func (g *generator) port() int { return []int{80, 80, 81, 82, 32768}[g.d.n(5)] }

func (g *generator) size() string {
	return g.d.pick("1", "100", "500", "1000", "1460", "3000", "10000", "70000", "1M")
}

func (g *generator) duration() string {
	return g.d.pick("1us", "500us", "1ms", "2ms", "3ms", "10ms", "200ms", "1s", "5s", "61s", "3m")
}

// local is a local address of h for bind and listen.
func (g *generator) local(h *genHost) string {
	switch g.d.n(4) {
	case 0:
		return fmt.Sprint(g.port())
	case 1:
		return "127.0.0.1:" + fmt.Sprint(g.port())
	case 2:
		return h.addrs[g.d.n(len(h.addrs))] + ":" + fmt.Sprint(g.port())
	}
	return "*:" + fmt.Sprint(g.port())
}

// remote is a destination for connect: a host, loopback, an address of
// nobody.
func (g *generator) remote() string {
	switch g.d.n(8) {
	case 0:
		return "127.0.0.1:" + fmt.Sprint(g.port())
	case 1:
		return "10.9.9.9:" + fmt.Sprint(g.port())
	case 2:
		h := g.host()
		return h.addrs[len(h.addrs)-1] + ":" + fmt.Sprint(g.port())
	}
	return g.host().name + ":" + fmt.Sprint(g.port())
}

func (g *generator) opts() string {
	var o []string
	if g.d.chance(15) {
		o = append(o, "reuseaddr")
	}
	if g.d.chance(10) {
		o = append(o, "reuseport")
	}
	if g.d.chance(8) {
		o = append(o, "linger 0")
	}
	if len(o) == 0 {
		return ""
	}
	return " " + strings.Join(o, " ")
}

// expectTail is an inline expectation, now and then.
func (g *generator) expectTail() string {
	if !g.d.chance(10) {
		return ""
	}
	return " expect " + g.d.pick("blocked", "0", "100", "ECONNREFUSED", "EPIPE", "ECONNRESET", "ok")
}

func (g *generator) dir() string {
	a, b := g.host(), g.host()
	return a.name + "->" + b.name
}

// genProgram decodes data into a valid scenario.
func genProgram(data []byte) string {
	g := &generator{d: decoder{data: data}}
	d := &g.d
	// Settings for every host.
	flags := d.byte()
	if flags&1 != 0 {
		g.line("set mss %s", d.pick("1460", "536", "100", "10", "1"))
	}
	if flags&2 != 0 {
		g.line("set sndbuf %s", d.pick("16K", "64K", "2000", "500", "1"))
	}
	if flags&4 != 0 {
		g.line("set rcvbuf %s", d.pick("64K", "4000", "1000", "100", "1"))
	}
	if flags&8 != 0 {
		g.line("set profile rfc")
	}
	if flags&16 != 0 {
		g.line("set initcwnd %s", d.pick("1", "2", "4", "1000"))
	}
	if flags&32 != 0 {
		g.line("set delay %s", d.pick("1us", "100us", "20ms", "1s"))
	}
	if flags&64 != 0 {
		g.line("set msl %s", d.pick("1s", "10ms", "1m"))
	}
	// Hosts.
	nh := 2 + d.n(3)
	for k := 0; k < nh; k++ {
		h := &genHost{name: fmt.Sprintf("H%d", k), addrs: []string{fmt.Sprintf("10.0.0.%d", k+1)}}
		if d.chance(20) {
			h.addrs = append(h.addrs, fmt.Sprintf("192.168.%d.1", k))
		}
		line := "host " + h.name + " ip"
		if len(h.addrs) > 1 {
			line += "s"
		}
		line += " " + strings.Join(h.addrs, ",")
		if d.chance(25) {
			line += " " + d.pick("rcvbuf 1000", "sndbuf 500", "mss 100", "profile rfc", "initcwnd 1", "rcvbuf 1", "sndbuf 1")
		}
		g.line("%s", line)
		g.hosts = append(g.hosts, h)
	}
	if d.chance(15) {
		// A second program on a machine: its own thread, the same
		// addresses and structures.
		m := g.hosts[d.n(len(g.hosts))]
		p := &genHost{name: "P" + m.name, addrs: m.addrs}
		g.line("process %s on %s", p.name, m.name)
		g.hosts = append(g.hosts, p)
	}
	if d.chance(20) {
		g.line("link %s %s delay %s", g.host().name, g.host().name, d.pick("1us", "5ms", "50ms", "2s"))
	}
	// Statements.
	for ops := 0; ops < 64 && d.more(); ops++ {
		g.stmt()
	}
	if d.chance(50) {
		g.line("settle")
	}
	return g.b.String()
}

func (g *generator) stmt() {
	d := &g.d
	h := g.host()
	switch d.n(24) {
	case 0, 1: // listen, new socket
		bl := ""
		if d.chance(20) {
			bl = " backlog " + d.pick("0", "1", "2", "5000")
		}
		g.line("%s.listen %s%s%s as %s%s", h.name, g.local(h), bl, g.opts(), g.newName(h), g.expectTail())
	case 2, 3: // connect, new socket
		from := ""
		if d.chance(10) {
			from = " from " + d.pick("40000", "80", "32768")
		}
		g.line("%s.connect %s%s%s as %s%s", h.name, g.remote(), from, g.opts(), g.newName(h), g.expectTail())
	case 4: // socket or bind, new socket
		if d.chance(50) {
			g.line("%s.socket%s as %s", h.name, g.opts(), g.newName(h))
		} else {
			g.line("%s.bind %s%s as %s%s", h.name, g.local(h), g.opts(), g.newName(h), g.expectTail())
		}
	case 5: // bind, listen or connect an existing socket
		s, ok := g.sock(h)
		if !ok {
			return
		}
		switch d.n(3) {
		case 0:
			g.line("%s.%s.bind %s%s", h.name, s, g.local(h), g.expectTail())
		case 1:
			g.line("%s.%s.listen%s", h.name, s, g.expectTail())
		default:
			g.line("%s.%s.connect %s%s", h.name, s, g.remote(), g.expectTail())
		}
	case 6, 7: // accept
		s, ok := g.sock(h)
		if !ok {
			return
		}
		g.line("%s.%s.accept as %s%s", h.name, s, g.newName(h), g.expectTail())
	case 8, 9, 10: // write
		if s, ok := g.sock(h); ok {
			g.line("%s.%s.write %s%s", h.name, s, g.size(), g.expectTail())
		}
	case 11, 12: // read
		if s, ok := g.sock(h); ok {
			g.line("%s.%s.read %s%s", h.name, s, g.size(), g.expectTail())
		}
	case 13: // close
		if s, ok := g.sock(h); ok {
			g.line("%s.%s.close%s", h.name, s, g.expectTail())
		}
	case 14: // shutdown, sockopt
		s, ok := g.sock(h)
		if !ok {
			return
		}
		if d.chance(60) {
			g.line("%s.%s.shutdown %s%s", h.name, s, d.pick("rd", "wr", "both"), g.expectTail())
		} else {
			g.line("%s.%s.sockopt %s", h.name, s, d.pick("linger 0", "reuseaddr", "reuseport", "noreuseaddr", "linger 1s"))
		}
	case 15, 16:
		g.line("wait %s", g.duration())
	case 17:
		g.line("settle")
	case 18: // traffic control
		switch d.n(4) {
		case 0:
			g.line("hold %s", g.dir())
		case 1:
			g.line("release %s", g.dir())
		case 2:
			g.line("deliver %s %d", g.dir(), 1+d.n(5))
		default:
			g.line("drop %s %d %s", g.dir(), 1+d.n(3), d.pick("any", "data", "syn", "fin", "ack", "rst"))
		}
	case 19: // traffic control, a second chance
		if d.chance(50) {
			g.line("hold %s", g.dir())
		} else {
			g.line("drop %s 1 %s", g.dir(), d.pick("data", "ack"))
		}
	case 20: // show
		switch d.n(6) {
		case 0:
			g.line("show %s", d.pick("netstat", "ss", "sockets", "queues", "windows", "time", "ladder"))
		case 1:
			g.line("show %s %s", d.pick("netstat", "ss", "sockets", "queues", "windows"), h.name)
		case 2:
			if s, ok := g.sock(h); ok {
				g.line("show %s %s.%s", d.pick("queues", "windows"), h.name, s)
			}
		case 3:
			g.line("show demux %s all", h.name)
		default:
			g.line("show demux %s %s > %s:%d", h.name, g.remote(), h.addrs[0], g.port())
		}
	case 21: // expect
		switch d.n(4) {
		case 0:
			g.line("expect deadlock")
		case 1:
			g.line("expect %s %s", h.name, d.pick("blocked", "idle", "sockets 1"))
		default:
			if s, ok := g.sock(h); ok {
				g.line("expect %s.%s %s", h.name, s, d.pick("state ESTABLISHED", "recvq 0", "sendq 0", "delivered 100",
					"cwnd 14600", "rwnd 0", "window 65535", "acceptq 1", "state TIME_WAIT"))
			}
		}
	case 22:
		g.line("note \"step %d\"", d.n(100))
	default: // a bare call on the last declared host, or a numbered structure
		g.line("%s.%d.%s", h.name, d.n(3), d.pick("close", "read 100", "write 100", "accept", "shutdown wr"))
	}
}

// hashWriter hashes everything written and keeps the start of it.
type hashWriter struct {
	h    hash.Hash
	head strings.Builder
}

func (w *hashWriter) Write(p []byte) (int, error) {
	w.h.Write(p)
	if room := 16<<10 - w.head.Len(); room > 0 {
		w.head.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}

// fuzzOne runs one input through everything FuzzRun checks and returns a
// description of the failure, or "". The work runs on its own goroutine
// under a watchdog; a panic there is recovered and described, so that the
// fuzzer can minimize the input. The goroutine of a hung input is left
// behind: the fuzzer stops the process after a failure.
func fuzzOne(data []byte) string {
	var phase, program atomic.Pointer[string]
	set := func(p *atomic.Pointer[string], v string) { p.Store(&v) }
	set(&phase, "start")
	set(&program, "(not decoded yet)")
	res := make(chan string, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				res <- fmt.Sprintf("panic during %s: %v\n%s\nprogram:\n%s", *phase.Load(), p, debug.Stack(), *program.Load())
			}
		}()
		res <- fuzzExec(data, func(p string) { set(&phase, p) }, func(src string) { set(&program, numbered(src)) })
	}()
	select {
	case msg := <-res:
		return msg
	case <-time.After(fuzzWatchdog):
		return fmt.Sprintf("no answer within %v during %s (a hang)\nprogram:\n%s", fuzzWatchdog, *phase.Load(), *program.Load())
	}
}

type runOutcome struct {
	res   *runtime.Result
	trace string
	sum   string
}

func runTraced(prog *lang.Program, opts runtime.Options) runOutcome {
	w := &hashWriter{h: sha256.New()}
	opts.Trace = w
	r := runtime.Run(prog, opts)
	return runOutcome{res: r, trace: w.head.String(), sum: fmt.Sprintf("%x", w.h.Sum(nil))}
}

// fuzzExec is the body of FuzzRun.
func fuzzExec(data []byte, phase func(string), program func(string)) string {
	phase("checking the input")
	src, prog, err := programOf(data, phase)
	program(src)
	if err != nil {
		// The generator wrote a program that does not check: its fault,
		// not the model's (TestGenProgramChecks keeps it rare).
		return ""
	}
	maxEvents := int64(fuzzMaxEvents)
	for _, st := range prog.All() {
		if sh, ok := st.(*lang.Show); ok && sh.View == lang.ViewDemux && sh.Every {
			maxEvents = fuzzMaxEventsDemux
		}
	}
	opts := runtime.Options{Invariants: true, MaxEvents: maxEvents}
	// The last byte picks the trace level and recording, so that the
	// trace and the exporters' records are exercised too.
	if len(data) > 0 {
		c := data[len(data)-1]
		opts.Level = []string{"", "all", "none", "calls"}[c%4]
		opts.Record = c&4 != 0
	}
	phase("the first run")
	a := runTraced(prog, opts)
	if a.res.Err != nil && strings.HasPrefix(a.res.Err.Msg, "internal error") {
		return fmt.Sprintf("%v\nprogram:\n%s\ntrace (start):\n%s", a.res.Err, numbered(src), a.trace)
	}
	if a.res.Stats.Events > maxEvents+1 {
		return fmt.Sprintf("%d events ran past MaxEvents %d\nprogram:\n%s", a.res.Stats.Events, maxEvents, numbered(src))
	}
	phase("the second run")
	b := runTraced(prog, opts)
	if a.sum != b.sum || a.res.Stats != b.res.Stats || a.res.Failures != b.res.Failures || fmt.Sprint(a.res.Err) != fmt.Sprint(b.res.Err) {
		return fmt.Sprintf("two runs of the same program differ: stats %+v vs %+v, failures %d vs %d, err %v vs %v\nprogram:\n%s\nfirst trace (start):\n%s\nsecond trace (start):\n%s",
			a.res.Stats, b.res.Stats, a.res.Failures, b.res.Failures, a.res.Err, b.res.Err, numbered(src), a.trace, b.trace)
	}
	return ""
}

// FuzzRun: see the top of the file.
func FuzzRun(f *testing.F) {
	for _, src := range scenarioSeeds(f) {
		f.Add(src)
	}
	// Seeds for the decoder: a few shapes of programs.
	f.Add([]byte{})
	f.Add([]byte{0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 3, 1, 0, 0, 8, 0, 0, 0, 11, 0, 0, 0, 17})
	f.Add([]byte{7, 1, 2, 0, 0, 0, 0, 0, 1, 2, 3, 1, 0, 0, 0, 18, 0, 1, 0, 9, 1, 0, 0, 8, 1, 0, 7, 0, 15, 9, 17})
	f.Add([]byte{0xff, 3, 4, 1, 5, 2, 99, 0, 0, 0, 0, 1, 0, 1, 2, 0, 0, 1, 2, 3, 13, 1, 0, 14, 1, 0, 0, 17, 20, 0, 0})
	f.Add([]byte("random bytes that are not a scenario: \x00\x01\x02\x03\x04\x05\x06\x07\x08\x09"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if msg := fuzzOne(data); msg != "" {
			t.Fatal(msg)
		}
	})
}

// programOf turns an input into a checked program: the input itself when
// it is a scenario that checks, otherwise the program genProgram decodes
// from it.
func programOf(data []byte, phase func(string)) (string, *lang.Program, error) {
	if utf8.Valid(data) {
		if prog, err := lang.CheckLimits("fuzz.tcps", data, runFuzzLimits); err == nil {
			return string(data), prog, nil
		}
	}
	phase("decoding the input")
	src := genProgram(data)
	phase("checking the generated program")
	prog, err := lang.CheckLimits("gen.tcps", []byte(src), runFuzzLimits)
	return src, prog, err
}

func numbered(src string) string {
	var b strings.Builder
	for i, l := range strings.Split(strings.TrimRight(src, "\n"), "\n") {
		fmt.Fprintf(&b, "%4d  %s\n", i+1, l)
	}
	return b.String()
}

// scenarioSeeds reads every .tcps file under ../scenarios.
func scenarioSeeds(tb testing.TB) [][]byte {
	files, err := scenarioGlob()
	if err != nil {
		tb.Fatal(err)
	}
	if len(files) == 0 {
		tb.Fatal("no scenarios under ../scenarios")
	}
	return files
}

func scenarioGlob() ([][]byte, error) {
	var out [][]byte
	err := filepath.WalkDir("../scenarios", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".tcps") {
			return err
		}
		data, err := os.ReadFile(path)
		out = append(out, data)
		return err
	})
	return out, err
}

// TestGenProgramChecks checks that the generator writes valid programs:
// nearly every input must decode to a program that checks, or the fuzzer
// spends its time on nothing.
func TestGenProgramChecks(t *testing.T) {
	bad := 0
	const n = 2000
	state := uint64(1)
	for i := 0; i < n; i++ {
		data := make([]byte, 40+i%200)
		for j := range data {
			state = state*6364136223846793005 + 1442695040888963407
			data[j] = byte(state >> 56)
		}
		src := genProgram(data)
		if _, err := lang.CheckLimits("gen.tcps", []byte(src), runFuzzLimits); err != nil {
			bad++
			if bad <= 3 {
				t.Logf("does not check: %v\n%s", err, numbered(src))
			}
		}
	}
	if bad > n/100 {
		t.Errorf("%d of %d generated programs do not check", bad, n)
	}
}
