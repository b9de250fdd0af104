package kernel

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tcps-dev/tcps/lang"
)

// needKernel skips a test that cannot make namespaces here.
func needKernel(t *testing.T) {
	t.Helper()
	if err := Available(); err != nil {
		t.Skipf("kernel mode unavailable: %v", err)
	}
}

func load(t *testing.T, path string) *lang.Program {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("..", "..", path))
	if err != nil {
		t.Fatal(err)
	}
	return check(t, path, string(src))
}

func check(t *testing.T, name, src string) *lang.Program {
	t.Helper()
	prog, err := lang.Check(name, []byte(src))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return prog
}

func runTrace(t *testing.T, prog *lang.Program) (*Result, string) {
	t.Helper()
	var buf bytes.Buffer
	var inodes []string
	res := Run(prog, Options{Trace: &buf, Ready: func(ns []uint64) {
		for _, i := range ns {
			inodes = append(inodes, fmt.Sprint(i))
		}
	}})
	if res.Err != nil {
		t.Fatalf("run: %v\n%s", res.Err, buf.String())
	}
	// Everything is gone when Run returns, blocked calls included.
	if h := netnsHolders(os.Getpid(), inodes); len(h) > 0 {
		t.Errorf("namespaces still held after the run: %v", h)
	}
	if testing.Verbose() {
		t.Logf("trace:\n%s", buf.String())
	}
	return res, buf.String()
}

func TestCard(t *testing.T) {
	needKernel(t)
	res, trace := runTrace(t, load(t, "scenarios/card/card.tcps"))
	_ = res // B.read's 1500 depends on timing: the wait is 5 ms of real time
	// States shorter than a dump can be missed on a busy machine: B.0
	// may go from CLOSE to ESTABLISHED in one line.
	for _, want := range []string{"A.0 CLOSE -> LISTEN", "A.listen(*:99) = 0", "-> ESTABLISHED\n",
		"new structure derived from A.0 (LISTEN *:99)", "Flags [S.], seq 0, ack 1", "A.write(1500) = 1500", "B.read(1500) = "} {
		if !strings.Contains(trace, want) {
			t.Errorf("trace lacks %q:\n%s", want, trace)
		}
	}
}

func TestRefusesBeforeTouchingTheSystem(t *testing.T) {
	cases := map[string]string{
		"host A ip 10.0.0.1\nset profile rfc\n":                                             "profile rfc cannot run on the kernel",
		"host A ip 10.0.0.1\nlisten *:80\nwait 3m\n":                                        "more than the budget of 2m0s",
		"host A ip 10.0.0.1\nconnect 10.0.0.2:80 as c\nA.c.write 100M\n":                    "at most",
		"host A ip 10.0.0.1\nconnect 10.0.0.2:80 as c\nrepeat 70000 as i { A.c.write 1 }\n": "more than 65536 calls on one thread",
	}
	for src, want := range cases {
		prog := check(t, "refuse.tcps", src)
		res := Run(prog, Options{})
		if res.Err == nil || !strings.Contains(res.Err.Msg, want) || res.ExitCode() != 2 {
			t.Errorf("%q: got %v (exit %d), want an error with %q and exit 2", src, res.Err, res.ExitCode(), want)
		}
		if len(res.Calls) != 0 {
			t.Errorf("%q: calls were made", src)
		}
	}
	prog := check(t, "budget.tcps", "host A ip 10.0.0.1\nwait 3m\n")
	if err := Check(prog, 5*time.Minute); err != nil {
		t.Errorf("a raised budget still refuses: %v", err)
	}
}

func TestRefusedConnect(t *testing.T) {
	needKernel(t)
	res, trace := runTrace(t, check(t, "refused.tcps", "host S ip 10.0.0.1\nhost C ip 10.0.0.2\nlink S C delay 20ms\nconnect S:81 as c expect ECONNREFUSED\nsettle\nexpect C.c state CLOSE\nexpect C sockets 0\n"))
	if res.Failures != 0 || !strings.Contains(trace, "C.c.connect(10.0.0.1:81) = -1 ECONNREFUSED") {
		t.Errorf("failures %d; trace:\n%s", res.Failures, trace)
	}
	if !strings.Contains(trace, "Flags [R.], seq 0, ack 1, win 0, length 0") {
		t.Errorf("no RST in the trace:\n%s", trace)
	}
}

func TestIOBuffers(t *testing.T) {
	needKernel(t)
	res, trace := runTrace(t, load(t, "scenarios/lecture/01-io-buffers.tcps"))
	for _, want := range []string{
		"hold C->S: segments wait at the link",
		"[held]",
		"release C->S: ",
		"S.s.read(5000) = 3000",
		"S.s.read(5000) = 0",
		"C.c2.read(10) = -1 ECONNRESET",
		"Flags [R.]",
	} {
		if !strings.Contains(trace, want) {
			t.Errorf("trace lacks %q", want)
		}
	}
	// The one documented difference: the kernel's Send-Q counts the FIN.
	if res.Failures != 1 || !strings.Contains(trace, "expect C.c sendq 3000: got 3001") {
		t.Errorf("want exactly the Send-Q difference (FIN counted), got %d failures:\n%s", res.Failures, trace)
	}
}

func TestDeadlockWriteWrite(t *testing.T) {
	needKernel(t)
	// The lecture's 1500 bytes fit in the kernel's smallest buffers
	// (docs/kernel.md): writes of 4 MB each do not.
	res, trace := runTrace(t, check(t, "ww.tcps", `set sndbuf 500
set rcvbuf 500
host A ip 10.0.0.1
listen *:9000 as L
accept as s
host B ip 10.0.0.2
connect A:9000 as c
settle
A.s.write 4M
B.c.write 4M
expect deadlock
`))
	if res.Deadlocks != 1 || res.Failures != 0 || !strings.Contains(trace, "expect deadlock: ok") {
		t.Errorf("no deadlock on the kernel (deadlocks %d, failures %d):\n%s", res.Deadlocks, res.Failures, trace)
	}
	for _, want := range []string{"A.s.write(4194304) blocks", "B.c.write(4194304) blocks"} {
		if !strings.Contains(trace, want) {
			t.Errorf("trace lacks %q", want)
		}
	}
}

func TestCompareLecture(t *testing.T) {
	needKernel(t)
	for _, tc := range []struct {
		file   string
		differ []int // lines that differ, as docs/kernel.md records
	}{
		{"scenarios/lecture/04-deadlock-read-read.tcps", nil},
		{"scenarios/lecture/11-server-listen.tcps", nil},
		{"scenarios/lecture/01-io-buffers.tcps", []int{20}},
	} {
		c := Compare(load(t, tc.file), Options{})
		if c.Kernel.Err != nil {
			t.Fatalf("%s: %v", tc.file, c.Kernel.Err)
		}
		var got []int
		for _, r := range c.Rows {
			if !r.Agree && r.Skipped == "" {
				got = append(got, int(r.Pos.Line))
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(tc.differ) {
			var b bytes.Buffer
			c.Print(&b)
			t.Errorf("%s: lines that differ %v, want %v:\n%s", tc.file, got, tc.differ, b.String())
		}
	}
}
