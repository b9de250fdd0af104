package runtime

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tcps-dev/tcps/lang"
	"github.com/tcps-dev/tcps/lang/langtest"
	"github.com/tcps-dev/tcps/lang/msg"
)

// run checks and runs a scenario given as text, with the invariants
// checked after every event.
func run(t *testing.T, src string) (*Result, string) {
	t.Helper()
	prog, err := lang.Check("t.tcps", []byte(src))
	if err != nil {
		t.Fatalf("check: %v", lang.Format(err, &lang.Source{Name: "t.tcps", Text: []byte(src)}))
	}
	var buf bytes.Buffer
	res := Run(prog, Options{Trace: &buf, Invariants: true})
	if res.Err != nil {
		t.Fatalf("run: %v\n%s", res.Err, buf.String())
	}
	return res, buf.String()
}

const pair = `
host A ip 10.0.0.1
listen *:80 as L
accept as s
host B ip 10.0.0.2
connect A:80 as c
settle
`

// TestNoFalseDeadlock: a blocked call that something still on its way
// will satisfy is not a deadlock.
func TestNoFalseDeadlock(t *testing.T) {
	cases := map[string]string{
		"data in flight":              "B.c.write 100\nA.s.read 100 expect 100\n",
		"lost segment, RTO":           "drop B->A 1 data\nB.c.write 100\nA.s.read 100 expect 100\n",
		"lost segment twice":          "drop B->A 2 data\nB.c.write 100\nA.s.read 100 expect 100\n",
		"lost ACK":                    "drop A->B 1 ack\nB.c.write 100\nA.s.read 100 expect 100\nsettle\nexpect B.c sendq 0\n",
		"pending FIN":                 "B.c.close\nA.s.read 100 expect 0\n",
		"lost FIN":                    "drop B->A 1 fin\nB.c.close\nA.s.read 100 expect 0\n",
		"lost SYN":                    "host C ip 10.0.0.3\ndrop C->A 1 syn\nconnect A:80 as d expect 0\n",
		"held then released":          "hold B->A\nB.c.write 100\nA.s.read 100 expect 100\nwait 5ms\nrelease B->A\n",
		"lost window update, probe":   "set rcvbuf 1000\n" + "B.c.write 3000\nwait 10ms\ndrop A->B 1 ack\nA.s.read 3000 waitall expect 3000\nsettle\nexpect A.s delivered 3000\n",
		"zero window, reader drains":  "B.c.write 200K\nwait 50ms\nA.s.read 200K waitall expect 200K\nsettle\nexpect A.s delivered 200K\n",
		"write blocked on full SendQ": "set sndbuf 1000\nB.c.write 5000 expect 5000\nA.s.read 5000 waitall expect 5000\n",
	}
	for name, body := range cases {
		t.Run(name, func(t *testing.T) {
			src := pair + body
			if strings.HasPrefix(body, "set ") {
				line, rest, _ := strings.Cut(body, "\n")
				src = line + "\n" + pair + rest
			}
			res, trace := run(t, src)
			if res.Deadlocks != 0 || res.Failures != 0 {
				t.Fatalf("failures %d, deadlocks %d:\n%s", res.Failures, res.Deadlocks, trace)
			}
		})
	}
}

// TestDeadlocks: calls that nothing can satisfy are reported, with what
// each waits for.
func TestDeadlocks(t *testing.T) {
	cases := map[string]struct{ body, want string }{
		"read/read":          {"A.s.read 10\nB.c.read 10\n", "cycle: A waits for B, B waits for A"},
		"accept, no client":  {"A.L.accept as t\n", "waits for a client to connect"},
		"read, held forever": {"hold B->A\nB.c.write 10\nA.s.read 10\n", "A's RecvQ is empty"},
		"write/write 500":    {"B.c.write 1500\nA.s.write 1500\n", "advertises window 0: waits for"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			src := pair + c.body
			if name == "write/write 500" {
				src = "set sndbuf 500\nset rcvbuf 500\n" + src
			}
			res, trace := run(t, src)
			if res.Deadlocks != 1 || res.ExitCode() != 1 || !strings.Contains(trace, c.want) {
				t.Fatalf("deadlocks %d exit %d, want 1 report containing %q:\n%s", res.Deadlocks, res.ExitCode(), c.want, trace)
			}
		})
	}
}

// TestScenariosKeepInvariants runs every scenario with the invariants
// checked after every event.
func TestScenariosKeepInvariants(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("..", "scenarios", "*", "*.tcps"))
	if len(files) == 0 {
		t.Fatal("no scenarios")
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		prog, err := lang.Check(f, src)
		if err != nil {
			continue // the broken scenarios under errors/
		}
		res := Run(prog, Options{Invariants: true})
		if res.Err != nil && strings.Contains(res.Err.Msg, "invariant") {
			t.Errorf("%s: %v", f, res.Err)
		}
	}
}

// TestBookFigure pins the lecture's figure "after three writes" through
// the model's own accessors, independently of the text views.
func TestBookFigure(t *testing.T) {
	prog, err := lang.Check("b.tcps", []byte(`set mss 500
host S ip 10.0.0.1
listen *:5000 as L
accept as s
host C ip 10.0.0.2
connect S:5000 as c
settle
hold C->S
C.write 1000
C.write 2000
C.write 5000
deliver C->S 3
settle
`))
	if err != nil {
		t.Fatal(err)
	}
	s := New(prog, Options{Invariants: true})
	s.runAll()
	c := s.handles[prog.Handles[2].Index]
	srv := s.handles[prog.Handles[1].Index]
	if c.SendQ() != 6500 || srv.RecvQ() != 1500 || srv.Delivered() != 0 {
		t.Fatalf("SendQ %d RecvQ %d Delivered %d, want 6500 1500 0", c.SendQ(), srv.RecvQ(), srv.Delivered())
	}
	got := labels(c.snd.writes, srv.rcv.readPtr, srv.rcv.dataEnd())
	if got != "write 1 [0-999] write 2 [1000-1499]" {
		t.Errorf("RecvQ labels = %q", got)
	}
}

func TestDemuxFewestWildcards(t *testing.T) {
	prog, err := lang.Check("d.tcps", []byte(`host A ips 10.1.2.3,192.168.3.2
listen *:99 reuseport
A.listen 10.1.2.3:99 reuseport
`))
	if err != nil {
		t.Fatal(err)
	}
	s := New(prog, Options{})
	s.runAll()
	h := s.hosts[0]
	src := endpoint{ip: addrOf(mustAddr("172.16.1.10")), port: 56789}
	for dst, want := range map[string]int{"10.1.2.3": 1, "192.168.3.2": 0} {
		d := endpoint{ip: addrOf(mustAddr(dst)), port: 99}
		rows, best := h.Explain(src, d)
		if best < 0 || rows[best].Sock.Num != want {
			t.Errorf("packet to %s: winner %d, want structure %d", dst, best, want)
		}
		seg := Segment{SrcIP: src.ip, SrcPort: src.port, DstIP: d.ip, DstPort: 99}
		if got := h.lookup(&seg); got == nil || got.Num != want {
			t.Errorf("lookup to %s disagrees with Explain", dst)
		}
	}
}

// TestDemuxTablesGrow covers the per-host tables past fewMax structures,
// where a search of the host's structures and its short bind list become
// a 4-tuple table and a map by port: 20 connections between two hosts, then half
// of them closed. Every connected structure must be found for a segment
// from its peer, agree with Explain, and hold its port against a bind.
func TestDemuxTablesGrow(t *testing.T) {
	const n = 20
	src := fmt.Sprintf(`host S ip 10.0.0.1
listen *:80 backlog 64 as L
host C ip 10.0.0.2
repeat %d as i { C.connect S:80 as c$i }
repeat %d as i { S.L.accept as s$i }
settle
C.socket as x
C.x.bind 10.0.0.2:32770 expect EADDRINUSE
C.x.bind 10.0.0.2:40000 expect 0
repeat %d as i { C.c$(2*i).close; S.s$(2*i).close }
settle
`, n, n, n/2)
	prog, err := lang.Check("grow.tcps", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	s := New(prog, Options{Invariants: true})
	s.runAll()
	res := s.result()
	if res.Err != nil || res.Failures > 0 {
		t.Fatalf("run failed: %v, %d failures", res.Err, res.Failures)
	}
	checked := 0
	for h := range s.machinesIn(-1) {
		if h.tables == nil || h.tables.exact == nil || h.tables.binds == nil {
			t.Errorf("host %s: tables still lists after %d connections", h.name(), n)
		}
		for _, sk := range h.socks {
			if sk.State != Established {
				continue
			}
			seg := Segment{SrcIP: sk.remote.ip, SrcPort: sk.remote.port, DstIP: sk.local.ip, DstPort: sk.local.port}
			if got := h.lookup(&seg); got != sk {
				t.Errorf("host %s: segment for structure %d found %v", h.name(), sk.Num, got)
			}
			rows, best := h.Explain(sk.remote, sk.local)
			if best < 0 || rows[best].Sock != sk {
				t.Errorf("host %s: Explain disagrees for structure %d", h.name(), sk.Num)
			}
			if !h.portInUse(sk.local.port) {
				t.Errorf("host %s: port %d of structure %d not in the bind table", h.name(), sk.local.port, sk.Num)
			}
			checked++
		}
	}
	if want := 2 * n / 2; checked != want {
		t.Errorf("checked %d established structures, want %d", checked, want)
	}
}

// TestRunLimits: a run that reaches one of its limits stops with an error
// that names the limit and how to raise it (exit 1), and the trace says
// where it stopped. The scale scenario must fit the default of each.
func TestRunLimits(t *testing.T) {
	cases := []struct{ name, src, msg string }{
		{"maxsockets", "set maxsockets 3\nhost A ip 10.0.0.1\nlisten *:80 as L\nhost B ip 10.0.0.2\nconnect A:80 as c\nconnect A:80 as d\nsettle\n",
			"the run made more than 3 socket structures (the maxsockets limit; raise it with set maxsockets)"},
		{"maxevents", "set maxevents 5\n" + pair + "B.c.write 100K\nsettle\n",
			"the run passed 5 events (the maxevents limit; raise it with set maxevents)"},
		{"maxtime", "set maxtime 10s\n" + pair + "drop B->A 100 data\nB.c.write 100\nsettle\n",
			"virtual time passed 10s (the maxtime limit; raise it with set maxtime)"},
		{"maxmemory", "set maxmemory 1MiB\nhost S ip 10.0.0.1\nlisten *:80 backlog 4096 as L\nrepeat 5000 as i {\n  host C$i ip 10.1.$(i/256).$(i%256)\n  connect S:80 as c\n}\nsettle\n",
			"the run needs more than 1 MiB of model memory (the maxmemory limit; raise it with set maxmemory)"},
		{"maxmemory, packets kept for the ladder", "set maxmemory 1MiB\nset trace none\n" + pair + "repeat 10000 as i { B.c.write 1; settle }\nshow ladder\n",
			"the run needs more than 1 MiB of model memory (the maxmemory limit; raise it with set maxmemory)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			prog, err := lang.Check("t.tcps", []byte(c.src))
			if err != nil {
				t.Fatal(lang.Format(err, nil))
			}
			var buf bytes.Buffer
			res := Run(prog, Options{Trace: &buf, Invariants: true})
			if res.Err == nil || res.Err.Msg != "run stopped: "+c.msg {
				t.Fatalf("error %v, want %q\n%s", res.Err, c.msg, buf.String())
			}
			if res.ExitCode() != 1 || !strings.Contains(buf.String(), "STOPPED: "+c.msg) {
				t.Errorf("exit %d, trace:\n%s", res.ExitCode(), buf.String())
			}
		})
	}
	// The scale scenario, langtest.Clients(100_000, true), makes the same
	// number of structures per client: two small runs give its total.
	socks := func(n int) int {
		prog, err := lang.Check("clients.tcps", langtest.Clients(n, true))
		if err != nil {
			t.Fatal(err)
		}
		return Run(prog, Options{}).Stats.Sockets
	}
	if !testing.Short() {
		if r := Run(mustCheck(t, langtest.Clients(100_000, true)), Options{}); r.Err != nil || r.Stats.Memory > lang.DefaultMaxMemory {
			t.Errorf("100,000 clients: %v, %d bytes of model memory (default maxmemory %d)", r.Err, r.Stats.Memory, lang.DefaultMaxMemory)
		}
	}
	s10, s20 := socks(10), socks(20)
	if need := s10 + (s20-s10)/10*(100_000-10); lang.DefaultMaxSocks < need {
		t.Errorf("DefaultMaxSocks = %d: the scale scenario makes %d structures", lang.DefaultMaxSocks, need)
	}
}

// TestSendQZeroAfterFIN: once the FIN is acknowledged (FIN_WAIT2,
// TIME_WAIT, after LAST_ACK) SendQ is 0 in every view, not -1 (issue #14).
func TestSendQZeroAfterFIN(t *testing.T) {
	res, trace := run(t, pair+"B.c.write 100\nB.c.close\nsettle\nexpect B.c state FIN_WAIT2\nexpect B.c sendq 0\nshow queues\nshow sockets B\n"+
		"A.s.read 100\nA.s.close\nsettle\nexpect B.c state TIME_WAIT\nexpect B.c sendq 0\nexpect A.s sendq 0\n")
	if res.Failures != 0 || strings.Contains(trace, "-1") {
		t.Fatalf("failures %d:\n%s", res.Failures, trace)
	}
}

// TestQueueViewsInvariant: the invariant check refuses a negative SendQ and
// a netstat Send-Q that the documented rules do not explain.
func TestQueueViewsInvariant(t *testing.T) {
	prog, err := lang.Check("t.tcps", []byte(pair))
	if err != nil {
		t.Fatal(err)
	}
	s := New(prog, Options{})
	s.runAll()
	sk := s.hosts[1].socks[0]
	if err := sk.queueViews(); err != nil {
		t.Fatalf("established connection: %v", err)
	}
	sk.snd.finQueued = true // the FIN sent and acknowledged: SendQ 0, not -1
	sk.State = FinWait1
	sk.snd.una = sk.snd.end + 1
	if err := sk.queueViews(); err != nil {
		t.Fatalf("FIN acknowledged: %v", err)
	}
	sk.rcv.readPtr = sk.rcv.nxt + 5 // read more than arrived
	if err := sk.queueViews(); err == nil || !strings.Contains(err.Error(), "negative") {
		t.Fatalf("negative RecvQ not caught: %v", err)
	}
}

// TestEveryRefusalSaysWhy: every errno in the trace is followed by its
// reason in the lecture's terms (issue #14).
func TestEveryRefusalSaysWhy(t *testing.T) {
	src := `host A ip 10.0.0.1
listen *:80 as L
A.L.read 10 expect ENOTCONN
A.L.write 10 expect EPIPE
A.L.connect 10.0.0.2:80 expect EISCONN
A.socket as s
A.s.write 10 expect EPIPE
A.s.read 10 expect ENOTCONN
A.s.accept expect EINVAL
A.s.shutdown wr expect ENOTCONN
A.s.bind 10.9.9.9:5 expect EADDRNOTAVAIL
A.s.bind *:80 expect EADDRINUSE
A.s.bind *:81
A.s.bind *:82 expect EINVAL
A.L.close
A.L.accept expect EBADF
host B ip 10.0.0.2
connect A:81 as c expect ECONNREFUSED
connect A:80 as d expect ECONNREFUSED
wait 5ms
A.listen *:80 as L2
A.accept as a
B.c.connect A:80 expect ok
wait 5ms
B.c.connect A:80 expect EISCONN
B.c.shutdown wr
B.c.write 1 expect EPIPE
A.a.sockopt linger 0
A.a.close
wait 5ms
B.c.read 1 expect ECONNRESET
B.9.read 1 expect EBADF
`
	res, trace := run(t, src)
	if res.Failures != 0 {
		t.Fatalf("%d failures:\n%s", res.Failures, trace)
	}
	n := 0
	for _, line := range strings.Split(trace, "\n") {
		_, after, ok := strings.Cut(line, "= -1 ")
		if !ok {
			continue
		}
		n++
		errno, reason, _ := strings.Cut(after, "  ")
		if !strings.HasPrefix(reason, "(") || len(reason) < 20 {
			t.Errorf("%s has no reason: %q", errno, line)
		}
	}
	if n < 17 {
		t.Fatalf("only %d refusals in the trace:\n%s", n, trace)
	}
	for _, want := range []string{
		"(A.L is a listening socket: it has no connection to read from; read from the socket accept returned)",
		"(A.L was closed at line 15)",
		"(B.c sent FIN with shutdown wr: no more writes)",
		"(10.0.0.1:81: no socket structure matches: the host answered RST)",
		"(B's program holds no descriptor for structure B.9)",
	} {
		if !strings.Contains(trace, want) {
			t.Errorf("trace lacks %q:\n%s", want, trace)
		}
	}
}

// TestUnheldStructureIsEBADF: a call on a structure named by number that
// the program holds no descriptor for passes check, so run refuses it
// with EBADF in the trace, not a bad-input stop (issue #14); so does one
// the program closed by number.
func TestUnheldStructureIsEBADF(t *testing.T) {
	res, trace := run(t, "host A ip 10.0.0.1\nlisten *:80 as L\nhost B ip 10.0.0.2\nconnect A:80 as c\nsettle\n"+
		"A.1.read 1500 waitall expect EBADF\nB.7.write 10 expect EBADF\nA.L.accept as s\nA.1.read 10\nB.c.write 10\n"+
		// Closed by number, the structure is no longer held.
		"settle\nA.1.close\nA.1.read 1 expect EBADF\nA.s.read 1 expect EBADF\n")
	if res.Failures != 0 || res.ExitCode() != 0 {
		t.Fatalf("failures %d, exit %d:\n%s", res.Failures, res.ExitCode(), trace)
	}
}

// TestSettleStopsAtHeldAnswers: with S->C held, C's retransmissions reach
// S, which has the data already, and S's ACKs are held: nothing can
// progress, so settle stops at once instead of running through 15
// retransmissions to t=924 s (issue #14).
func TestSettleStopsAtHeldAnswers(t *testing.T) {
	res, trace := run(t, pair+"hold A->B\nB.c.write 100\nsettle\nexpect B.c state ESTABLISHED\nexpect B.c sendq 100\nrelease A->B\nsettle\nexpect B.c sendq 0\n")
	if res.Failures != 0 || res.Stats.End > Second {
		t.Fatalf("failures %d, end %s:\n%s", res.Failures, res.Stats.End, trace)
	}
}

// TestSettleSaysWhyTimeJumps: when settle lets virtual time run more than
// a second to a timer, the trace says which timer it waits for.
func TestSettleSaysWhyTimeJumps(t *testing.T) {
	res, trace := run(t, "host A ip 10.0.0.1\nlisten *:80\nhost B ip 10.0.0.2\ndrop B->A 6 syn\nconnect A:80 as c\nsettle\nexpect B.c state ESTABLISHED\n")
	want := "t=5000.000ms settle: waiting 2s for B.0's retransmission timer (RTO 2s)\n"
	if res.Failures != 0 || !strings.Contains(trace, want) {
		t.Fatalf("failures %d, trace lacks %q:\n%s", res.Failures, want, trace)
	}
}

// runErr runs a scenario that is meant to stop at a limit; it returns the
// result and the trace.
func runErr(t *testing.T, src string) (*Result, string) {
	t.Helper()
	prog, err := lang.Check("t.tcps", []byte(src))
	if err != nil {
		t.Fatalf("check: %v", lang.Format(err, &lang.Source{Name: "t.tcps", Text: []byte(src)}))
	}
	var buf bytes.Buffer
	res := Run(prog, Options{Trace: &buf, Invariants: true})
	return res, buf.String()
}

// TestWaitPastMaxTime: a wait that would pass maxtime stops the run at the
// wait statement with the limit error, however long it is, and also when
// maxtime is at the top of virtual time (issue #15).
func TestWaitPastMaxTime(t *testing.T) {
	for name, c := range map[string]struct {
		src  string
		line int
	}{
		"past 24h":        {"host A ip 10.0.0.1\nwait 100000h\nnote \"never\"\n", 2},
		"second long one": {"set maxtime 2562047h\nhost A ip 10.0.0.1\nwait 2562047h\nwait 2562047h\nnote \"never\"\n", 4},
	} {
		t.Run(name, func(t *testing.T) {
			res, trace := runErr(t, c.src)
			if res.Err == nil || res.ExitCode() != 1 || int(res.Err.Pos.Line) != c.line || !strings.Contains(res.Err.Msg, "the maxtime limit") || strings.Contains(trace, "never") {
				t.Fatalf("err %v, exit %d:\n%s", res.Err, res.ExitCode(), trace)
			}
		})
	}
}

// TestTimeSaturates: virtual time never overflows. 2*MSL of a huge MSL is
// still a long TIME_WAIT, and a huge link delay is a SYN that has not
// arrived, not one that arrived at once (issue #15).
func TestTimeSaturates(t *testing.T) {
	_, trace := runErr(t, "set profile rfc\nset msl 2562047h\n"+pair+"B.c.close\nA.s.read 10 expect 0\nA.s.close\nwait 1h\nexpect B.c state TIME_WAIT\n")
	if strings.Contains(trace, "FAIL") {
		t.Errorf("TIME_WAIT ended early:\n%s", trace)
	}
	_, trace = runErr(t, "set delay 2562047h\nhost A ip 10.0.0.1\nlisten *:80\nhost B ip 10.0.0.2\nwait 1h\nconnect A:80 as c\nwait 10s\nexpect B.c state SYN_SENT\n")
	if strings.Contains(trace, "FAIL") || strings.Contains(trace, "ESTABLISHED") {
		t.Errorf("the handshake completed:\n%s", trace)
	}
	if got := (EndOfTime - 5).Add(10); got != EndOfTime {
		t.Errorf("EndOfTime-5 + 10 = %d", got)
	}
}

func mustCheck(t *testing.T, src []byte) *lang.Program {
	t.Helper()
	prog, err := lang.Check("t.tcps", src)
	if err != nil {
		t.Fatal(lang.Format(err, nil))
	}
	return prog
}

// TestNotesPrintWithShows: at trace none a note prints, as show does: it
// is the title of the show that follows (issue #15).
func TestNotesPrintWithShows(t *testing.T) {
	_, trace := run(t, "set trace none\n"+pair+"note \"the queues\"\nshow queues\n")
	if !strings.Contains(trace, "t=3.000ms # the queues\nt=3.000ms show queues\n") || strings.Contains(trace, "B.c.connect") {
		t.Fatalf("trace:\n%s", trace)
	}
}

// TestThreads: the threads of one program share its descriptors (one
// table, one numbering), a socket can have a blocked reader in one thread
// and a blocked writer in another, a close in one thread closes for all,
// and a deadlock names the threads in its cycle (issue #14).
func TestThreads(t *testing.T) {
	t.Run("reader and writer blocked on one socket", func(t *testing.T) {
		res, trace := run(t, "set sndbuf 500\nset rcvbuf 500\n"+pair+"thread r of A\nr.s.read 100\nA.s.write 1500\n"+
			"expect r blocked\nexpect A blocked\nwait 10ms\nexpect A blocked\nB.c.read 1500 waitall expect 1500\nsettle\nexpect A idle\nexpect r blocked\n"+
			"B.c.write 100\nsettle\nexpect r idle\nexpect A.s delivered 100\n")
		if res.Failures != 0 || res.Deadlocks != 0 {
			t.Fatalf("failures %d:\n%s", res.Failures, trace)
		}
	})
	t.Run("one descriptor table per program", func(t *testing.T) {
		res, trace := run(t, "host A ip 10.0.0.1\nlisten *:80 as L\nthread t2 of A\nt2.L.accept as s\nhost B ip 10.0.0.2\nconnect A:80 as c\nsettle\n"+
			"A.socket as x\nA.s.write 10 expect 10\nt2.x.close\nA.x.read 1 expect EBADF\nA.socket as y\n")
		for _, want := range []string{
			"t2.L.accept() = 4", "A.x.socket() = 5", "A.x.read(1) = -1 EBADF  (A.x was closed at line 10)", "A.y.socket() = 5",
		} {
			if !strings.Contains(trace, want) {
				t.Errorf("trace lacks %q", want)
			}
		}
		if res.Failures != 0 {
			t.Fatalf("failures %d:\n%s", res.Failures, trace)
		}
	})
	t.Run("deadlock cycle by thread", func(t *testing.T) {
		res, trace := run(t, pair+"thread ar of A\nthread br of B\nar.s.read 10\nbr.c.read 10\nexpect deadlock\n")
		if res.Failures != 0 || !strings.Contains(trace, "cycle: ar waits for br, br waits for ar\n") {
			t.Fatalf("failures %d:\n%s", res.Failures, trace)
		}
	})
	t.Run("the lecture's deadlock fixed by reader threads", func(t *testing.T) {
		res, trace := run(t, "set sndbuf 500\nset rcvbuf 500\n"+pair+"thread ar of A\nthread br of B\nar.s.read 1500 waitall\nbr.c.read 1500 waitall\n"+
			"A.s.write 1500\nB.c.write 1500\nsettle\nexpect A idle\nexpect B idle\nexpect ar idle\nexpect br idle\n")
		if res.Failures != 0 || res.Deadlocks != 0 {
			t.Fatalf("failures %d, deadlocks %d:\n%s", res.Failures, res.Deadlocks, trace)
		}
	})
}

// TestDeadlockRing: a cycle of three programs, and a fourth waiting on
// the ring without being part of it, gives the ring once, from its first
// name.
func TestDeadlockRing(t *testing.T) {
	src := `host A ip 10.0.0.1
listen *:80 as L
host B ip 10.0.0.2
listen *:80 as L
host C ip 10.0.0.3
listen *:80 as L
host D ip 10.0.0.4
A.connect B:80 as toB
B.connect C:80 as toC
C.connect A:80 as toA
D.connect A:80 as toA
settle
A.L.accept as fromC
A.L.accept as fromD
B.L.accept as fromA
C.L.accept as fromB
settle
D.toA.read 1
A.toB.read 1
B.toC.read 1
C.toA.read 1
expect deadlock
`
	res, trace := run(t, src)
	if res.Failures != 0 || !strings.Contains(trace, "  cycle: A waits for B, B waits for C, C waits for A\n") {
		t.Fatalf("failures %d:\n%s", res.Failures, trace)
	}
}

// TestLadderLabels: the ladder writes on each arrow what the trace marks
// the packet as, and the sequence number of a probe and of an RST.
func TestLadderLabels(t *testing.T) {
	for want, p := range map[string]PacketRecord{
		"[.] seq 1000 ack 1 win 1000 (zero-window probe)":   {Seg: Segment{Flags: ACK, Seq: 1000, Ack: 1, Win: 1000, Note: noteProbe}},
		"[.] 1:1001 ack 1 win 1000 (retransmission)":        {Seg: Segment{Flags: ACK, Seq: 1, Len: 1000, Ack: 1, Win: 1000, Note: noteRetransmit}},
		"[.] 1:1461 ack 1 win 500 (fast retransmission)":    {Seg: Segment{Flags: ACK, Seq: 1, Len: 1460, Ack: 1, Win: 500, Note: noteFastRetransmit}},
		"[.] ack 1001 win 1000 (window update)":             {Seg: Segment{Flags: ACK, Ack: 1001, Win: 1000, Note: noteWindowUpdate}},
		"[R.] seq 201 ack 1001 win 0":                       {Seg: Segment{Flags: RST | ACK, Seq: 201, Ack: 1001}},
		"[.] 1:101 ack 1 win 1000 (retransmission) DROPPED": {Seg: Segment{Flags: ACK, Seq: 1, Len: 100, Ack: 1, Win: 1000, Note: noteRetransmit}, Kind: recDropped},
	} {
		if got := ladderLabel(&p, msg.En); got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	}
}

// TestSettleStopsAtHeldProbeAnswers: the window reopened but R's answers
// are held: W's zero-window probes reach R and draw answers that wait at
// the link, which is no progress, so settle stops.
func TestSettleStopsAtHeldProbeAnswers(t *testing.T) {
	res, trace := run(t, "host R ip 10.0.0.1 rcvbuf 1000\nlisten *:80 as L\naccept as s\nhost W ip 10.0.0.2\nconnect R:80 as c\nsettle\n"+
		"W.c.write 3000\nsettle\nexpect W.c rwnd 0\nhold R->W\nR.s.read 1000 expect 1000\nsettle\nexpect W.c rwnd 0\nrelease R->W\nsettle\nexpect W.c sendq 1000\n")
	if res.Failures != 0 || res.Stats.End > 10*Second {
		t.Fatalf("failures %d, end %s:\n%s", res.Failures, res.Stats.End, trace)
	}
}

// TestLadderPacketsRange: show ladder from X to Y draws the packets sent
// in that range, both ends included; without a range, every packet.
func TestLadderPacketsRange(t *testing.T) {
	var packets []PacketRecord
	for _, ms := range []Time{0, 1, 2, 3, 3, 4, 7} {
		packets = append(packets, PacketRecord{At: ms * Millisecond})
	}
	count := func(st *lang.Show) int { return len(ladderPackets(packets, st)) }
	if n := count(&lang.Show{}); n != 7 {
		t.Errorf("no range: %d packets, want 7", n)
	}
	if n := count(&lang.Show{Range: true, Since: 2 * time.Millisecond, Until: 3 * time.Millisecond}); n != 3 {
		t.Errorf("from 2ms to 3ms: %d packets, want 3 (2, 3, 3)", n)
	}
	if n := count(&lang.Show{Range: true, Since: 5 * time.Millisecond, Until: 6 * time.Millisecond}); n != 0 {
		t.Errorf("from 5ms to 6ms: %d packets, want 0", n)
	}
	if n := count(&lang.Show{Range: true, Since: 4 * time.Millisecond, Until: math.MaxInt64}); n != 2 {
		t.Errorf("from 4ms: %d packets, want 2", n)
	}
}

// TestDeadlockReportBounded: a deadlock of many clients lists the first
// blocked calls, the first calls queued behind each and the first
// connections, and counts the rest: a million blocked clients printed a
// million lines.
func TestDeadlockReportBounded(t *testing.T) {
	var b strings.Builder
	b.WriteString("host S ip 10.0.0.1\nlisten *:80 as L\nrepeat 30 as i {\n  host C$i ip 10.1.0.$(i+1)\n  connect S:80 as c\n")
	for j := 0; j < 8; j++ {
		b.WriteString("  C$i.c.read 10\n")
	}
	b.WriteString("}\nexpect deadlock\n")
	_, out := run(t, b.String())
	report := out[strings.Index(out, "DEADLOCK at"):]
	for _, want := range []string{"  C19.c.read(10) blocked since", "    then 2 more calls never run\n", "  ... and 10 more blocked calls\n", "  ... and 20 more connections\n"} {
		if !strings.Contains(report, want) {
			t.Errorf("the report lacks %q:\n%s", want, report)
		}
	}
	if strings.Contains(report, "C20.c.read(10) blocked since") {
		t.Errorf("the report lists the 21st blocked call")
	}
	if n := strings.Count(report, "\n"); n > 250 {
		t.Errorf("the report has %d lines", n)
	}
}

// TestLadderLabelKorean: a Korean run's ladder names why a segment was
// sent in Korean, as its trace does; tcpdump's part stays as it is.
func TestLadderLabelKorean(t *testing.T) {
	p := PacketRecord{Seg: Segment{Flags: ACK, Seq: 1000, Ack: 1, Win: 0, Note: noteProbe}}
	want := "[.] seq 1000 ack 1 win 0 (" + msg.NoteProbe.In(msg.Ko) + ")"
	if got := ladderLabel(&p, msg.Ko); got != want || msg.NoteProbe.In(msg.Ko) == "zero-window probe" {
		t.Errorf("got %q, want %q", got, want)
	}
}

// Each side of a handshake samples its own round trip: the client from
// its SYN to the SYN-ACK, the server from its SYN-ACK to the final ACK.
// The connection opens 3 s into the run, so a sample measured from any
// other instant (the start of the run, an unset time) is seconds off.
func TestHandshakeTimesItsOwnRoundTrip(t *testing.T) {
	prog := mustCheck(t, []byte(`host S ip 10.0.0.1
listen *:80 as L
host C ip 10.0.0.2
wait 3s
connect S:80 as c
S.L.accept as s
settle
`))
	s := New(prog, Options{Invariants: true})
	s.runAll()
	c, srv := s.handles[prog.Handles[1].Index], s.handles[prog.Handles[2].Index]
	if c == nil || srv == nil || c.State != Established || srv.State != Established {
		t.Fatalf("the connection is not established: %v %v", c, srv)
	}
	// The default link takes 1 ms each way.
	for _, sk := range []*Socket{c, srv} {
		if sk.snd.srtt != 2*Millisecond {
			t.Errorf("%s: SRTT %s after the handshake, want its round trip, 2ms", sk.label(), sk.snd.srtt)
		}
	}
}
