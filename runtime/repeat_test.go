package runtime

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/tcps-dev/tcps/lang"
)

// A repeat the checker keeps as one lang.Repeat runs exactly as the same
// statements written out: every line of the full trace, the netstat
// table, the ends of the clients' loop and the accepts of the server.
func TestRepeatRunsAsWrittenOut(t *testing.T) {
	loop := `host S ip 10.0.0.1
listen *:80 backlog 5 as L
repeat 2 as b {
  repeat 3 as k {
    host C$(b*3+k) ip 10.0.1.$(b*3+k+1)
    connect S:80 as c
    write 100
    S.L.accept
  }
  settle
}
show netstat
`
	var flat strings.Builder
	flat.WriteString("host S ip 10.0.0.1\nlisten *:80 backlog 5 as L\n")
	for b := range 2 {
		for k := range 3 {
			fmt.Fprintf(&flat, "host C%d ip 10.0.1.%d\nconnect S:80 as c\nwrite 100\nS.L.accept\n", b*3+k, b*3+k+1)
		}
		flat.WriteString("settle\n")
	}
	flat.WriteString("show netstat\n")

	run := func(name, src string) (string, *lang.Program) {
		prog, err := lang.Check(name, []byte(src))
		if err != nil {
			t.Fatal(lang.Format(err, nil))
		}
		var out bytes.Buffer
		res := Run(prog, Options{Trace: &out, Level: "all"})
		if res.Err != nil || res.Failures > 0 {
			t.Fatalf("%s: %v, %d failures\n%s", name, res.Err, res.Failures, out.String())
		}
		return out.String(), prog
	}
	got, prog := run("loop.tcps", loop)
	want, _ := run("flat.tcps", flat.String())
	if _, ok := prog.Stmts[2].(*lang.Repeat); !ok || len(prog.Stmts) != 4 {
		t.Fatalf("the loop was not kept as a Repeat: %d statements stored", len(prog.Stmts))
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("the loop's trace differs from the written-out one (-written out +loop):\n%s", d)
	}
}
