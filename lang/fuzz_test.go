package lang_test

// Fuzz targets of the language front end.
//
//	go test -run XXX -fuzz FuzzParse -fuzztime 30s ./lang/
//	go test -run XXX -fuzz FuzzCheck -fuzztime 30s ./lang/
//	go test -run XXX -fuzz FuzzFormat -fuzztime 30s ./lang/
//
// Properties, for any input:
//   - Shape, FormatSource and Check do not panic and return (a watchdog
//     fails the input after fuzzWatchdog);
//   - Shape and FormatSource agree on whether the input parses;
//   - when the input parses, fmt is idempotent, fmt(x) parses, and
//     Shape(fmt(x)) == Shape(x) (FormatSource's documented contract);
//   - when Check succeeds, fmt(x) checks too, to the same statements;
//   - when Check succeeds, its Repeats unroll (All) to exactly the
//     statements of the check that keeps none (loops.go);
//   - every error Check reports is an *Error with a position inside the file;
//   - FormatSource's output is at most maxFormatGrowth times the input
//     (plus a little): blocks are nested at most 8 deep, so indentation
//     and re-quoting cost a bounded factor.
//
// The seed corpus is every scenario under scenarios/, every chunk of
// testdata/errors.tcps, and a few hand-written edge cases. Crashers found
// while fuzzing are kept under testdata/fuzz/ as regression seeds.

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/tcps-dev/tcps/lang"
)

// fuzzLimits keep one input cheap: a fuzzer that unrolls two million
// statements per input finds nothing else.
var fuzzLimits = lang.Limits{MaxStmts: 20_000, MaxDepth: 8, MaxHosts: 2_000}

// fuzzWatchdog is how long one call may take before the input counts as a
// hang. With fuzzLimits a valid input takes well under a second.
const fuzzWatchdog = 10 * time.Second

// handSeeds are edge cases of the grammar and the expander.
var handSeeds = []string{
	"",
	"\n",
	"#",
	"# only a comment\n\n\n# another\n",
	"host A ip 10.0.0.1; listen *:80 # trailing\n",
	"repeat 3 as i { host C$i ip 10.0.0.$(i+10) }\n",
	"repeat 2 as i {\n  repeat 2 as j {\n    # inner\n    note \"$i $j\"\n  }\n} # after\n",
	"repeat 2 as i {}\n",
	"repeat 2 as i { } # c\n",
	"note \"a \\\"quoted\\\" string\" and words,with,commas\n",
	"host A ips 10.0.0.1,10.0.0.2;;;listen 80\n",
	"host A ip 10.0.0.1\nhost B ip 10.0.0.2\nlink A B delay 5ms\nhold A->B\ndrop B->A 2 data\ndeliver A->B 3\nrelease A->B\n",
	"{",
	"}",
	"a,",
	"\"unterminated\n",
	"host\tA\tip\t10.0.0.1\r\n",
	"host Ä ip 10.0.0.1\n",
	"\xff\xfe",
	"repeat 1 as i { repeat 1 as i { note x } }\n",
	"note $(1/0) $(((((1)))))\n",
	"repeat 3 as i { note $(i*9223372036854775807) }\n",
	// Hostile and hand-typed inputs (issues #14 and #15).
	"repeat 1 as i " + strings.Repeat("{", 200),
	strings.Repeat("repeat 1 as i {", 8) + "note x" + strings.Repeat("}", 8) + "\n",
	"note $(" + strings.Repeat("-", 1000) + "1)\n",
	"repeat 2 as i { note $(i+4294967296*4294967296+99) $(99999999999999999999) $(-(-9223372036854775807-1)) }\n",
	"\uFEFFhost A ip 10.0.0.1\n",
	"host\u3000A ip 10.0.0.1\u00a0\nnote \"\u3000\" # \u2003\n",
	"host 서버 ip 10.0.0.1\nlisten *:80 as 리스너\n서버.리스너.accept\n",
	"note a\x00b\n# \xff\n",
	"host deadlock ip 10.0.0.1\nexpect deadlock blocked\nexpect deadlock\n",
	"host A ip 10.0.0.1\nlisten *:80 as L\naccept as s\nthread r of A\nr.s.read 10 waitall\nthread q of r\n",
	"host A ip 10.0.0.1\nexpect A.L state listening\nA.listen 80 expect EAGAIN\n",
	"note \"\x01\x7f\u0080\t\"\n",
	strings.Repeat("bogus\n", 30),
	"note " + strings.Repeat("a,, ", 30) + "\n",
}

func addLangSeeds(f *testing.F) {
	for _, s := range handSeeds {
		f.Add([]byte(s))
	}
	for _, src := range scenarioFiles(f) {
		f.Add(src)
	}
	if data, err := os.ReadFile("testdata/errors.tcps"); err == nil {
		for _, chunk := range strings.Split(string(data), "\n---\n") {
			f.Add([]byte(chunk))
		}
	}
}

// scenarioFiles reads every .tcps file under ../scenarios.
func scenarioFiles(tb testing.TB) [][]byte {
	var out [][]byte
	err := filepath.WalkDir("../scenarios", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(path, ".tcps") {
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			out = append(out, data)
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	if len(out) == 0 {
		tb.Fatal("no scenarios under ../scenarios")
	}
	return out
}

// within runs f, failing the test when it panics or has not returned after
// fuzzWatchdog. f runs on its own goroutine for the watchdog; a panic there
// is recovered and reported here, so that the fuzzer can minimize the
// input. The goroutine of a hung call is left behind: the fuzzer stops the
// process after a failure.
func within(t *testing.T, what string, src []byte, f func()) {
	t.Helper()
	done := make(chan struct{})
	panicked := make(chan string, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				panicked <- fmt.Sprintf("%v\n%s", p, debug.Stack())
				return
			}
			close(done)
		}()
		f()
	}()
	select {
	case <-done:
	case p := <-panicked:
		t.Fatalf("%s panicked on input %q: %s", what, src, p)
	case <-time.After(fuzzWatchdog):
		t.Fatalf("%s did not return within %v (a hang) on input %q", what, fuzzWatchdog, src)
	}
}

// FuzzParse: the parser and the formatter on any input.
func FuzzParse(f *testing.F) {
	addLangSeeds(f)
	f.Fuzz(func(t *testing.T, src []byte) {
		var shape []string
		var out []byte
		var serr, ferr error
		within(t, "Shape and FormatSource", src, func() {
			shape, serr = lang.Shape("fuzz.tcps", src)
			out, ferr = lang.FormatSource("fuzz.tcps", src)
		})
		if (serr == nil) != (ferr == nil) {
			t.Fatalf("Shape and FormatSource disagree on %q: Shape error %v, FormatSource error %v", src, serr, ferr)
		}
		if ferr != nil {
			checkErrorPositions(t, src, ferr)
			return
		}
		checkFormat(t, src, out, shape)
	})
}

// checkFormat checks FormatSource's contract for an input that parsed.
func checkFormat(t *testing.T, src, out []byte, shape []string) {
	t.Helper()
	out2, err := lang.FormatSource("fmt.tcps", out)
	if err != nil {
		t.Fatalf("the formatted text does not parse: %v\ninput:  %q\noutput: %q", err, src, out)
	}
	if !bytes.Equal(out, out2) {
		t.Fatalf("fmt is not idempotent\ninput:    %q\nfmt once: %q\nfmt twice: %q", src, out, out2)
	}
	shape2, err := lang.Shape("fmt.tcps", out)
	if err != nil {
		t.Fatalf("Shape fails on the formatted text: %v", err)
	}
	if !reflect.DeepEqual(shape, shape2) {
		t.Fatalf("fmt changed the statements or comments\ninput:  %q\noutput: %q\n%s", src, out, shapeDiff(shape, shape2))
	}
}

func shapeDiff(a, b []string) string {
	for i := 0; i < max(len(a), len(b)); i++ {
		var x, y string
		if i < len(a) {
			x = a[i]
		}
		if i < len(b) {
			y = b[i]
		}
		if x != y {
			return fmt.Sprintf("first difference at item %d:\n  before: %q\n  after:  %q", i, x, y)
		}
	}
	return "same items"
}

// checkErrorPositions checks that every reported error is an *Error whose
// position, when it has one, lies inside the file.
func checkErrorPositions(t *testing.T, src []byte, err error) {
	t.Helper()
	var list lang.ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("error is a %T, not a lang.ErrorList: %v", err, err)
	}
	if len(list) == 0 {
		t.Fatalf("an empty ErrorList was returned as an error for %q", src)
	}
	lines := bytes.Count(src, []byte("\n")) + 1
	for _, e := range list {
		if e == nil {
			t.Fatalf("nil *Error in the list for %q", src)
		}
		if e.Msg == "" {
			t.Fatalf("an error without a message at %v for %q", e.Pos, src)
		}
		if e.Pos.IsValid() && (int(e.Pos.Line) > lines || e.Pos.Col < 1) {
			t.Fatalf("error %q at %d:%d is outside the file (%d lines): %q", e.Msg, e.Pos.Line, e.Pos.Col, lines, src)
		}
	}
}

// maxFormatGrowth bounds FormatSource's output: at most this many times
// the input, plus formatSlack bytes.
const (
	maxFormatGrowth = 20
	formatSlack     = 64
)

// FuzzFormat: the formatter on any input. It never panics or hangs; when
// the input parses, the output is canonical (formatting it again changes
// nothing), keeps the statements and comments, and is bounded in size.
func FuzzFormat(f *testing.F) {
	addLangSeeds(f)
	f.Fuzz(func(t *testing.T, src []byte) {
		var out []byte
		var err error
		within(t, "FormatSource", src, func() {
			out, err = lang.FormatSource("fuzz.tcps", src)
		})
		if err != nil {
			if out != nil {
				t.Fatalf("FormatSource returned output and an error: %v", err)
			}
			checkErrorPositions(t, src, err)
			return
		}
		if len(out) > maxFormatGrowth*len(src)+formatSlack {
			t.Fatalf("fmt made %d bytes of %d: %q", len(out), len(src), src)
		}
		shape, err := lang.Shape("fuzz.tcps", src)
		if err != nil {
			t.Fatalf("FormatSource succeeded but Shape fails: %v", err)
		}
		checkFormat(t, src, out, shape)
	})
}

// FuzzCheck: the checker on any input. When Check succeeds, the formatted
// text checks to the same program.
func FuzzCheck(f *testing.F) {
	addLangSeeds(f)
	f.Fuzz(func(t *testing.T, src []byte) {
		var prog *lang.Program
		var err error
		within(t, "CheckLimits", src, func() {
			prog, err = lang.CheckLimits("fuzz.tcps", src, fuzzLimits)
		})
		if err != nil {
			if prog != nil {
				t.Fatalf("Check returned a program and an error: %v", err)
			}
			checkErrorPositions(t, src, err)
			return
		}
		if prog == nil {
			t.Fatalf("Check returned neither a program nor an error for %q", src)
		}
		shape, err := lang.Shape("fuzz.tcps", src)
		if err != nil {
			t.Fatalf("Check succeeded but Shape fails: %v", err)
		}
		out, err := lang.FormatSource("fuzz.tcps", src)
		if err != nil {
			t.Fatalf("Check succeeded but FormatSource fails: %v", err)
		}
		checkFormat(t, src, out, shape)
		var prog2 *lang.Program
		within(t, "CheckLimits of the formatted text", out, func() {
			prog2, err = lang.CheckLimits("fuzz.tcps", out, fuzzLimits)
		})
		if err != nil {
			t.Fatalf("the formatted text does not check: %v\ninput:  %q\noutput: %q", err, src, out)
		}
		if a, b := programSummary(prog), programSummary(prog2); a != b {
			t.Fatalf("the formatted text checks to another program\ninput:  %q\noutput: %q\nbefore: %s\nafter:  %s", src, out, a, b)
		}
		var flat *lang.Program
		within(t, "CheckUnrolled", src, func() {
			flat, err = lang.CheckUnrolled("fuzz.tcps", src, fuzzLimits)
		})
		if err != nil {
			t.Fatalf("checks with its loops kept but not unrolled: %v", err)
		}
		everything := cmp.Exporter(func(reflect.Type) bool { return true })
		if d := cmp.Diff(allStmts(flat), allStmts(prog), everything); d != "" {
			t.Fatalf("the program's Repeats unroll to other statements (-unrolled +kept):\n%s", d)
		}
		if d := cmp.Diff(allStmts(flat), lang.StreamCopies(prog), everything); d != "" {
			t.Fatalf("Stream yields other statements than the unrolled program (-unrolled +Stream):\n%s", d)
		}
	})
}

// allStmts is what All yields.
func allStmts(p *lang.Program) []lang.Stmt {
	var out []lang.Stmt
	for _, st := range p.All() {
		out = append(out, st)
	}
	return out
}

// programSummary describes a program without positions: its hosts, its
// handles and the kind and text of each statement.
func programSummary(p *lang.Program) string {
	var b strings.Builder
	for _, h := range p.Hosts {
		fmt.Fprintf(&b, "host %s %v; ", h.Name, h.Addrs)
	}
	for _, h := range p.Handles {
		fmt.Fprintf(&b, "handle %d %s %s; ", h.Host, h.Name, h.Kind)
	}
	for _, st := range p.All() {
		switch st := st.(type) {
		case *lang.Call:
			fmt.Fprintf(&b, "call %s n=%d; ", p.CallText(st), st.N)
		case *lang.Note:
			fmt.Fprintf(&b, "note %q; ", st.Text)
		default:
			fmt.Fprintf(&b, "%T; ", st)
		}
	}
	return b.String()
}
