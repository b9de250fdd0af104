package kernel

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/tcps-dev/tcps/lang"
	"github.com/tcps-dev/tcps/lang/msg"
	tcpsrt "github.com/tcps-dev/tcps/runtime"
)

// TestParseAccepted: entries are keyed by statement and occurrence, not
// by line; the old PATH:LINE form, a missing reason, a bad #N and a
// duplicate are refused with the file's line.
func TestParseAccepted(t *testing.T) {
	got, err := ParseAccepted("acc", "# comment\n\nscenarios/a.tcps: expect C.c sendq #2 -- the kernel counts the FIN\n"+
		"scenarios/a.tcps:  A.s.read(10, waitall)  --  timing\nscenarios/b.tcps: show queues -- why: a reason -- with dashes\n")
	if err != nil {
		t.Fatal(err)
	}
	want := "map[scenarios/a.tcps:[{expect C.c sendq 2 the kernel counts the FIN 3} {A.s.read(10, waitall) 1 timing 4}] scenarios/b.tcps:[{show queues 1 why: a reason -- with dashes 5}]]"
	if fmt.Sprint(got) != want {
		t.Errorf("got  %v\nwant %v", got, want)
	}
	if k := got["scenarios/a.tcps"][0].Key(); k != "expect C.c sendq #2" {
		t.Errorf("key %q", k)
	}
	for bad, why := range map[string]string{
		"scenarios/a.tcps:20 the kernel counts the FIN\n":     "names its statement, not a line",
		"scenarios/a.tcps: show queues\n":                     "needs its reason",
		"scenarios/a.tcps: show queues -- \n":                 "needs its reason",
		"scenarios/a.tcps show queues -- why\n":               "want PATH: STATEMENT -- REASON",
		"scenarios/a.tcps: show queues #0 -- why\n":           "#N counts",
		"scenarios/a.tcps: show queues #x -- why\n":           "#N counts",
		"x: show queues -- why\nx: show queues #1 -- again\n": "acc:2: show queues is accepted already on line 1",
	} {
		_, err := ParseAccepted("acc", bad)
		if err == nil || !strings.Contains(err.Error(), why) {
			t.Errorf("%q: err %v, want %q", bad, err, why)
		}
	}
}

// TestAccept: an entry accepts the difference of the statement it names,
// wherever that statement's line is now; the Nth occurrence is the Nth;
// entries that accept nothing come back as stale, those whose statement
// is gone marked Missing.
func TestAccept(t *testing.T) {
	c := &Comparison{Rows: []Row{
		{Kind: "show", What: "show queues", N: 1, Model: "a", Kernel: "a", Agree: true},
		{Kind: "call", What: "A.s.read(10)", N: 1, Model: "= 1", Kernel: "= 2"},
		{Kind: "show", What: "show queues", N: 2, Model: "a", Kernel: "b"},
		{Kind: "call", What: "A.s.read(10)", N: 2, Model: "= 1", Kernel: "= 1", Agree: true},
	}}
	for i := range c.Rows {
		c.Rows[i].Pos.Line = int32(40 + i) // not 3 or 7: lines do not matter
	}
	if c.Differ() != 2 {
		t.Fatalf("differ %d", c.Differ())
	}
	acc, err := ParseAccepted("acc", "s: A.s.read(10) -- known\ns: show queues #2 -- the second\n"+
		"s: A.s.read(10) #2 -- no longer\ns: show queues #3 -- gone\ns: show queues -- agrees\n")
	if err != nil {
		t.Fatal(err)
	}
	stale := c.Accept(acc["s"])
	var got []string
	for _, s := range stale {
		got = append(got, fmt.Sprintf("%s:%d:%v", s.Key(), s.Line, s.Missing))
	}
	if c.Differ() != 0 || strings.Join(got, " ") != "A.s.read(10) #2:3:false show queues #3:4:true show queues:5:false" {
		t.Errorf("differ %d, stale %v", c.Differ(), got)
	}
	if c.Rows[1].Accepted != "known" || c.Rows[2].Accepted != "the second" || c.Rows[0].Accepted != "" {
		t.Errorf("accepted: %+v", c.Rows)
	}
	var b bytes.Buffer
	c.Print(&b)
	if !strings.Contains(b.String(), "DIFFER, accepted: known") || !strings.Contains(b.String(), "show queues #2") {
		t.Errorf("print:\n%s", b.String())
	}
}

// TestRowOccurrence: pair numbers the rows of the same statement text in
// scenario order, so that #N names the same statement after an edit that
// moves it.
func TestRowOccurrence(t *testing.T) {
	prog := load(t, "scenarios/lecture/03-byte-stream.tcps")
	var buf bytes.Buffer
	mres := tcpsrt.Run(prog, tcpsrt.Options{Trace: &buf, Record: true})
	rows := pair(prog, buf.String(), mres, &Result{})
	var keys []string
	for _, r := range rows {
		if strings.HasPrefix(r.What, "show queues") {
			keys = append(keys, r.Key())
		}
	}
	if strings.Join(keys, ",") != "show queues,show queues #2,show queues #3" {
		t.Errorf("show queues rows: %v", keys)
	}
}

// The model's call results are read back from its trace: the card's
// implicit accept blocks and returns descriptor 4, its write does not
// block.
func TestModelCalls(t *testing.T) {
	prog := load(t, "scenarios/card/card.tcps")
	var buf bytes.Buffer
	tcpsrt.Run(prog, tcpsrt.Options{Trace: &buf})
	calls := modelCalls(prog, buf.String())
	acc := calls["A.accept()"]
	if len(acc) != 1 || !acc[0].blocked || !acc[0].done || acc[0].result != "= 4" {
		t.Errorf("accept: %+v", acc)
	}
	if w := calls["A.write(1500)"]; len(w) != 1 || w[0].blocked || w[0].result != "= 1500" {
		t.Errorf("write: %+v", w)
	}
	if got := normCall(true, true, "= 4", true); got != "blocks, = fd" {
		t.Errorf("normCall: %q", got)
	}
}

func TestNormRows(t *testing.T) {
	ports := map[uint16]bool{80: true}
	a := normRows([][]string{{"tcp", "0", "0", "10.0.0.2:41234", "10.0.0.1:80", "ESTABLISHED"}, {"tcp", "0", "0", "0.0.0.0:80", "0.0.0.0:*", "LISTEN"}}, ports)
	b := normRows([][]string{{"tcp", "0", "0", "0.0.0.0:80", "0.0.0.0:*", "LISTEN"}, {"tcp", "0", "0", "10.0.0.2:32768", "10.0.0.1:80", "ESTABLISHED"}}, ports)
	if a != b || !strings.Contains(a, "10.0.0.2:EPH") {
		t.Errorf("%q != %q", a, b)
	}
}

// A kernel call that blocked a moment where the model's returned at once,
// with the same result, agrees within the tolerance; a longer block, or a
// block that ends in another result, differs.
func TestBriefBlockTolerance(t *testing.T) {
	for _, c := range []struct {
		kc   CallResult
		want bool
	}{
		{CallResult{Blocked: true, Done: true, Waited: 3 * time.Millisecond}, true},
		{CallResult{Blocked: true, Done: true, Waited: BlockTolerance}, false},
		{CallResult{Blocked: true, Done: false}, false},
		{CallResult{Blocked: false, Done: true}, false},
	} {
		if got := briefBlock(&c.kc); got != c.want {
			t.Errorf("%+v: briefBlock = %v, want %v", c.kc, got, c.want)
		}
	}
}

// TestPrintKorean: a Korean comparison prints its header, verdicts,
// normalised phrases and counts in Korean; the compared values (call
// results, numbers) stay as they are.
func TestPrintKorean(t *testing.T) {
	c := &Comparison{Lang: msg.Ko, Rows: []Row{
		{Kind: "call", What: "A.s.read(10)", N: 1, Model: "blocks (no return)", Kernel: "blocks, = 10"},
		{Kind: "call", What: "A.s.read(10)", N: 2, Model: "= 10", Kernel: "= 10", Agree: true},
		{Kind: "expect", What: "expect deadlock", N: 1, Model: "deadlock", Kernel: "no call blocked", Accepted: "buffers"},
		{Kind: "show", What: "show sockets", N: 1, Skipped: msg.CmpModelView.In(msg.Ko)},
	}}
	var b bytes.Buffer
	c.Print(&b)
	for _, want := range []string{"줄       문장", "블로킹 (반환 없음)", "블로킹 후 = 10", "불일치\n", "A.s.read(10) #2", "= 10", "일치\n",
		"블로킹된 호출 없음", "불일치, 허용됨: buffers", "비교하지 않음: 모델 자신의 구조체", "일치 1개, 불일치 1개, 비교하지 않았거나 허용된 것 2개"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("missing %q in\n%s", want, b.String())
		}
	}
	if strings.Contains(b.String(), "agree") || strings.Contains(b.String(), "DIFFER") {
		t.Errorf("English verdicts in\n%s", b.String())
	}
}

// TestCheckKorean: what the kernel mode refuses is said in the
// scenario's language.
func TestCheckKorean(t *testing.T) {
	prog, err := lang.Check("k.tcps", []byte("set lang ko\nset profile rfc\nhost A ip 10.0.0.1\nwait 3m\n"))
	if err != nil {
		t.Fatal(err)
	}
	if e := Check(prog, 0); e == nil || e.Msg != "profile rfc는 커널에서 실행할 수 없다: 커널은 리눅스다 (모델에서 실행한다)" {
		t.Errorf("rfc: %v", e)
	}
	prog, _ = lang.Check("k.tcps", []byte("set lang ko\nhost A ip 10.0.0.1\nwait 3m\n"))
	if e := Check(prog, 0); e == nil || !strings.Contains(e.Msg, "이 시나리오는 커널에서 실제 시간으로 약 3m1s 걸린다. 한도 2m0s보다 길다") {
		t.Errorf("budget: %v", e)
	}
}

// TestParseAcceptedKorean: a bad line of the file of accepted differences
// is explained in Korean under --lang ko (msg.Local), keeping its
// file:line and the line; its Error stays English.
func TestParseAcceptedKorean(t *testing.T) {
	for bad, why := range map[string]string{
		"scenarios/a.tcps:20 the kernel counts the FIN\n":     "acc:1: 항목에는 줄 번호가 아니라 문장을 쓴다",
		"scenarios/a.tcps: show queues\n":                     "acc:1: PATH: STATEMENT -- REASON 형식이어야 한다 (허용된 불일치에는 이유가 있어야 한다)",
		"scenarios/a.tcps show queues -- why\n":               "acc:1: PATH: STATEMENT -- REASON 형식이어야 한다: ",
		"scenarios/a.tcps: show queues #0 -- why\n":           "#N은 같은 문장이 몇 번째로 나오는지를 1부터 센다",
		"x: show queues -- why\nx: show queues #1 -- again\n": `acc:2: show queues 문장은 이미 1번 줄에서 허용된 불일치로 적었다: "x: show queues #1 -- again"`,
	} {
		_, err := ParseAccepted("acc", bad)
		if err == nil || !strings.Contains(msg.Local(msg.Ko, err), why) {
			t.Errorf("%q: Korean %q, want %q", bad, msg.Local(msg.Ko, err), why)
		}
		if err != nil && strings.ContainsAny(err.Error(), "가나다라마바사아자차카타파하은는이를") {
			t.Errorf("%q: Error() is not English: %s", bad, err)
		}
	}
}

// TestErrnoText: a sysctl the kernel refuses is reported by its errno's
// name, the same in both languages, not Go's English sentence.
func TestErrnoText(t *testing.T) {
	err := os.WriteFile("/proc/sys/net/ipv4/tcps_no_such_sysctl", []byte("1"), 0)
	if err == nil {
		t.Fatal("wrote a sysctl that does not exist")
	}
	if got := errnoText(err); got != "ENOENT" && got != "EACCES" && got != "EROFS" {
		t.Errorf("errnoText(%v) = %q, want an errno name", err, got)
	}
	if got := errnoText(fmt.Errorf("setns: %w", unix.EPERM)); got != "EPERM" {
		t.Errorf("errnoText(setns EPERM) = %q", got)
	}
	line := msg.KernelSysctl.In(msg.Ko, "syncookies", "0", "net/ipv4/tcp_syncookies", "ENOENT")
	if !strings.Contains(line, "적용하지 못했다") || !strings.Contains(line, "/proc/sys/net/ipv4/tcp_syncookies") {
		t.Errorf("Korean sysctl line: %s", line)
	}
}
