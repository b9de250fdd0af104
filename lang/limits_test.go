package lang

import (
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"
)

func checkLimitErrs(t *testing.T, src string, l Limits) []string {
	t.Helper()
	_, err := CheckLimits("in.tcps", []byte(src), l)
	if err == nil {
		return nil
	}
	var out []string
	for _, e := range err.(ErrorList) {
		out = append(out, strings.TrimPrefix(e.Error(), "in.tcps:"))
	}
	return out
}

// TestLimitEndsCheck: a limit error is the last error: nothing after it is
// checked, and what came before it is reported.
func TestLimitEndsCheck(t *testing.T) {
	for _, c := range []struct {
		name string
		src  string
		l    Limits
		want []string
	}{
		{"hosts", "bogus1\nrepeat 5 as i { host H$i ip 10.0.0.$(i+1) }\nbogus2\n", Limits{MaxHosts: 2},
			[]string{`1:1: unknown verb "bogus1"`, `2:22: more than 2 hosts (the limit; raise it with --max-hosts)`}},
		{"statements", "repeat 3 as i { wait 1ms; wait 1ms }\nbogus\n", Limits{MaxStmts: 3},
			[]string{`1:27: scenario has more than 3 statements after repeat is unrolled (the limit; raise it with --max-stmts)`}},
		{"count", "repeat 50 as i { wait 1ms }\nbogus\n", Limits{MaxStmts: 3},
			[]string{`1:8: repeat count 50 is over the limit of 3 statements`}},
		{"depth", "repeat 1 as a { repeat 1 as b { repeat 1 as c { wait 1ms } } }\nbogus\n", Limits{MaxDepth: 2},
			[]string{`1:47: this { is nested more than 2 deep (the limit)`}},
		{"tokens", "host A ip 10.0.0.1\nnote a b c d e f\n", Limits{MaxTokens: 8},
			[]string{`2:10: the file has more than 8 words, strings and symbols (the limit: write long runs of statements with repeat)`}},
	} {
		got := checkLimitErrs(t, c.src, c.l)
		if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
			t.Errorf("%s: got\n%s\nwant\n%s", c.name, strings.Join(got, "\n"), strings.Join(c.want, "\n"))
		}
	}
}

// TestTooManyErrors: after MaxErrors errors the check stops and says so,
// at the last error's position, as Go's compiler does; exactly MaxErrors
// errors are all reported without it.
func TestTooManyErrors(t *testing.T) {
	src := strings.Repeat("bogus\n", 100_000)
	got := checkErrs(t, src)
	if len(got) != MaxErrors+1 || got[MaxErrors] != "10:1: too many errors" || got[MaxErrors-1] != `10:1: unknown verb "bogus"` {
		t.Errorf("got %d errors:\n%s", len(got), strings.Join(got, "\n"))
	}
	got = checkErrs(t, strings.Repeat("bogus\n", MaxErrors))
	if len(got) != MaxErrors || strings.Contains(strings.Join(got, "\n"), "too many") {
		t.Errorf("exactly %d errors: got\n%s", MaxErrors, strings.Join(got, "\n"))
	}
	// In the syntax: a run of misplaced commas on every line.
	got = checkErrs(t, strings.Repeat("note a,,b\n", 1000))
	if len(got) != MaxErrors+1 || got[MaxErrors] != "10:7: too many errors" {
		t.Errorf("syntax: got %d errors:\n%s", len(got), strings.Join(got, "\n"))
	}
	// One statement's errors count too.
	got = checkErrs(t, "note "+strings.Repeat("a,, ", 1000)+"\n")
	if len(got) != MaxErrors+1 || got[MaxErrors] != "1:43: too many errors" {
		t.Errorf("one line: got %d errors:\n%s", len(got), strings.Join(got, "\n"))
	}
	// Every iteration of a repeat fails: the first one's errors are
	// reported, once.
	got = checkErrs(t, "host A ip 10.0.0.1\nrepeat 1000000 as i { A.s$i.write 10 }\n")
	if len(got) != 1 {
		t.Errorf("repeat: got %d errors:\n%s", len(got), strings.Join(got, "\n"))
	}
	var b strings.Builder
	_, err := Check("f.tcps", []byte(src))
	b.WriteString(Format(err, &Source{Name: "f.tcps", Text: []byte(src)}))
	if !strings.HasSuffix(b.String(), "  bogus\n  ^\nf.tcps:10:1: too many errors\n") {
		t.Errorf("Format ends:\n%s", b.String()[max(0, b.Len()-200):])
	}
}

// TestCandidateListsCapped: a list of candidates in a message shows the
// first few and counts the rest.
func TestCandidateListsCapped(t *testing.T) {
	var b strings.Builder
	b.WriteString("host A ip 10.0.0.1\n")
	for i := 0; i < 12; i++ {
		fmt.Fprintf(&b, "listen %d as L%d\n", 100+i, i)
	}
	b.WriteString("A.accept\n")
	wantErrs(t, b.String(), "14:1: A.accept is ambiguous: A has 12 listening sockets: L0 (line 2), L1 (line 3), L2 (line 4), L3 (line 5), L4 (line 6) and 7 more; name one with as NAME and write A.NAME.accept")
	wantErrs(t, "set zzzzzz 1\n", `1:5: unknown setting "zzzzzz" (settings: sndbuf, rcvbuf, mss, profile, initcwnd and 15 more: tcps help settings)`)
	wantErrs(t, "show zzzzzz\n", `1:6: unknown view "zzzzzz" (views: queues, netstat, ss, sockets, demux and 4 more: tcps help views)`)
	wantErrs(t, "host A ip 10.0.0.1\nlisten 80 as L\nexpect A.L zzzzzz 1\n", `3:12: unknown property "zzzzzz" (properties: state, recvq, sendq, delivered, cwnd and 6 more: tcps help properties)`)
}

// Limits.Sized hears what a scenario unrolls to before the check, and
// nothing from a file that does not parse.
func TestSizedHearsTheUnrolledSize(t *testing.T) {
	src, err := os.ReadFile("../runtime/bench/million.tcps")
	if err != nil {
		t.Fatal(err)
	}
	type size struct{ stmts, hosts int }
	for _, c := range []struct {
		name string
		src  []byte
		want []size
	}{
		{"million", src, []size{{4_000_025, 1_000_001}}},
		{"two", []byte("host A ip 10.0.0.1\nhost B ip 10.0.0.2\nrepeat 3 { A.socket }\n"), []size{{5, 2}}},
		{"unparsed", []byte("repeat 3 {\n"), nil},
	} {
		var got []size
		_, _ = CheckLimits(c.name, c.src, Limits{MaxStmts: 1, Sized: func(stmts, hosts int) {
			got = append(got, size{stmts, hosts})
		}})
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: Sized heard %v, want %v", c.name, got, c.want)
		}
	}
}
