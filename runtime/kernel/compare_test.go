package kernel

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	tcpsrt "github.com/tcps-dev/tcps/runtime"
)

func TestParseAccepted(t *testing.T) {
	got, err := ParseAccepted("acc", "# comment\n\nscenarios/a.tcps:20 the kernel counts the FIN\nscenarios/a.tcps:7  timing\n")
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got) != "map[scenarios/a.tcps:map[7:timing 20:the kernel counts the FIN]]" {
		t.Errorf("got %v", got)
	}
	for _, bad := range []string{"scenarios/a.tcps:20\n", "scenarios/a.tcps reason\n", "x:0 reason\n"} {
		if _, err := ParseAccepted("acc", bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestAccept(t *testing.T) {
	c := &Comparison{Rows: []Row{
		{Kind: "call", Model: "= 1", Kernel: "= 2"},
		{Kind: "call", Model: "= 1", Kernel: "= 1", Agree: true},
	}}
	c.Rows[0].Pos.Line, c.Rows[1].Pos.Line = 3, 4
	if c.Differ() != 1 {
		t.Fatalf("differ %d", c.Differ())
	}
	stale := c.Accept(map[int]string{3: "known", 4: "no longer"})
	if c.Differ() != 0 || fmt.Sprint(stale) != "[4]" {
		t.Errorf("differ %d, stale %v", c.Differ(), stale)
	}
	var b bytes.Buffer
	c.Print(&b)
	if !strings.Contains(b.String(), "DIFFER, accepted: known") {
		t.Errorf("print:\n%s", b.String())
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
