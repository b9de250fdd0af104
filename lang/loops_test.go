package lang

import (
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/tcps-dev/tcps/lang/langtest"
)

// allOf is what All yields, as a slice.
func allOf(p *Program) []Stmt {
	var out []Stmt
	for i, st := range p.All() {
		if i != len(out) {
			panic("All's indices skip")
		}
		out = append(out, st)
	}
	return out
}

// streamOf is what Stream yields, each statement copied as it comes, since
// Stream overwrites a loop's call and host statement with the next.
func streamOf(p *Program) []Stmt {
	var out []Stmt
	for i, st := range p.Stream() {
		if i != len(out) {
			panic("Stream's indices skip")
		}
		switch st := st.(type) {
		case *Call:
			c := *st
			out = append(out, &c)
		case *HostDecl:
			h := *st
			out = append(out, &h)
		default:
			out = append(out, st)
		}
	}
	return out
}

// sameAsUnrolled checks src both ways and fails unless the program with
// its Repeats unrolls to exactly the program checked without them.
func sameAsUnrolled(t *testing.T, name string, src []byte) *Program {
	t.Helper()
	loops, err := CheckLimits(name, src, Limits{})
	flat, ferr := CheckUnrolled(name, src, Limits{})
	if (err == nil) != (ferr == nil) {
		t.Fatalf("%s: checks with loops: %v; unrolled: %v", name, err, ferr)
	}
	if err != nil {
		return nil
	}
	everything := cmp.Exporter(func(reflect.Type) bool { return true })
	if d := cmp.Diff(allOf(flat), allOf(loops), everything); d != "" {
		t.Fatalf("%s: All differs from the unrolled program (-unrolled +loops):\n%s", name, d)
	}
	if d := cmp.Diff(allOf(flat), streamOf(loops), everything); d != "" {
		t.Fatalf("%s: Stream differs from the unrolled program (-unrolled +Stream):\n%s", name, d)
	}
	if d := cmp.Diff(flat.Hosts, loops.Hosts, everything); d != "" {
		t.Fatalf("%s: hosts differ:\n%s", name, d)
	}
	if d := cmp.Diff(flat.Handles, loops.Handles, everything); d != "" {
		t.Fatalf("%s: handles differ:\n%s", name, d)
	}
	if loops.Len() != len(flat.Stmts) {
		t.Fatalf("%s: Len %d, unrolled %d statements", name, loops.Len(), len(flat.Stmts))
	}
	return loops
}

// Every scenario of the repository, and loops that keep their Repeat
// and loops that must not, unroll to the statements of the unrolled check.
func TestRepeatUnrollsToTheUnrolledProgram(t *testing.T) {
	err := filepath.WalkDir("../scenarios", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".tcps") {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		sameAsUnrolled(t, path, src)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for name, src := range loopCases {
		sameAsUnrolled(t, name, []byte(src))
	}
	sameAsUnrolled(t, "clients", langtest.Clients(3000, true))
}

var loopCases = map[string]string{
	"clients": `host S ip 10.0.0.1
listen *:80 as L
repeat 3 as b {
  repeat 5 as k {
    host C$(b*5+k) ip 10.0.1.$(b*5+k+1)
    connect S:80 as c
    write 100
    S.L.accept
  }
  settle
}
expect S sockets 16
`,
	// The byte count changes at the fourth iteration: three are kept
	// alike, then the loop is unrolled.
	"diverges": `host A ip 10.0.0.1
host B ip 10.0.0.2
listen *:80
B.connect A:80 as c
repeat 6 as k {
  B.write $(k/3+1)
  wait 1ms
}
`,
	// Each iteration makes two sockets on one host: handles move, the
	// host does not.
	"handles": `host A ip 10.0.0.1
host B ip 10.0.0.2
listen *:80 as L
repeat 4 as k {
  B.connect A:80 as c
  A.L.accept as s
  B.c.write 10
  A.s.read 10
}
`,
	"show inside": `host A ip 10.0.0.1
repeat 3 as k {
  host H$k ip 10.0.1.$(k+1)
  show sockets
}
`,
	"one iteration": `host A ip 10.0.0.1
repeat 1 as k { host H$k ip 10.0.1.$(k+1) }
`,
	"empty":    "host A ip 10.0.0.1\nrepeat 5 as k { }\n",
	"expected": "host A ip 10.0.0.1\nhost B ip 10.0.0.2\nlisten *:80\nrepeat 4 as k {\n  B.connect A:80 as c expect ok\n}\n",
}

// The clients' loop is kept as loops: a Repeat of a Repeat and a settle,
// not 64 statements.
func TestRepeatKeepsAlikeIterations(t *testing.T) {
	p := sameAsUnrolled(t, "clients", []byte(loopCases["clients"]))
	var kinds []string
	for _, st := range p.Stmts {
		kinds = append(kinds, reflect.TypeOf(st).Elem().Name())
	}
	if got, want := strings.Join(kinds, " "), "HostDecl Call Repeat Expect"; got != want {
		t.Fatalf("stored statements %q, want %q", got, want)
	}
	outer := p.Stmts[2].(*Repeat)
	if outer.Times != 3 || len(outer.Body) != 2 || outer.Hosts != 5 || outer.Handles != 10 {
		t.Fatalf("outer repeat %+v", outer)
	}
	inner := outer.Body[0].(*Repeat)
	if inner.Times != 5 || len(inner.Body) != 4 || inner.Hosts != 1 || inner.Handles != 2 || inner.FirstHost != 1 || inner.FirstHandle != 1 {
		t.Fatalf("inner repeat %+v", inner)
	}
	if p.Len() != 2+3*(5*4+1)+1 {
		t.Fatalf("Len %d", p.Len())
	}
	// A loop whose iterations differ is unrolled.
	d := sameAsUnrolled(t, "diverges", []byte(loopCases["diverges"]))
	for _, st := range d.Stmts {
		if _, ok := st.(*Repeat); ok {
			t.Fatalf("diverging loop kept as %+v", st)
		}
	}
}

// A stopped All stops: the runtime stops at a fatal error.
func TestAllStops(t *testing.T) {
	p := sameAsUnrolled(t, "clients", []byte(loopCases["clients"]))
	n := 0
	for i := range p.All() {
		if i == 30 {
			break
		}
		n++
	}
	if n != 30 {
		t.Fatalf("yielded %d before stopping, want 30", n)
	}
}

// Stream yields a loop's later iterations without a new value for each:
// that is what keeps a million clients' run from making 300 MB of
// garbage. All makes one for each call and host statement.
func TestStreamReusesItsValues(t *testing.T) {
	p := sameAsUnrolled(t, "clients", langtest.Clients(1000, true))
	if p.Len() < 4000 {
		t.Fatalf("the program has %d statements, want the clients' 4 each", p.Len())
	}
	walk := func(seq func(func(int, Stmt) bool)) {
		for range seq {
		}
	}
	all := testing.AllocsPerRun(3, func() { walk(p.All()) })
	stream := testing.AllocsPerRun(3, func() { walk(p.Stream()) })
	if all < 3000 || stream > 10 {
		t.Fatalf("allocations for %d statements: All %.0f (want one for each), Stream %.0f (want a handful)", p.Len(), all, stream)
	}
}
