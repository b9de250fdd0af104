package lang

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestErrors checks the checker's diagnostics, in the manner of
// go.starlark.net's chunked tests: lang/testdata/errors.tcps holds chunks
// separated by lines "---"; a comment "### text" on a line says that an
// error containing text (to the end of the line) is reported on that line. Every expected error must
// be reported and no other.
func TestErrors(t *testing.T) {
	data, err := os.ReadFile("testdata/errors.tcps")
	if err != nil {
		t.Fatal(err)
	}
	want := regexp.MustCompile(`### (.*)$`)
	chunks := strings.Split(string(data), "\n---\n")
	for ci, chunk := range chunks {
		type exp struct {
			line int
			text string
		}
		var exps []exp
		for i, l := range strings.Split(chunk, "\n") {
			for _, m := range want.FindAllStringSubmatch(l, -1) {
				exps = append(exps, exp{i + 1, strings.TrimSpace(m[1])})
			}
		}
		_, err := Check("chunk.tcps", []byte(chunk))
		var list ErrorList
		if err != nil {
			list = err.(ErrorList)
		}
		used := make([]bool, len(list))
		for _, e := range exps {
			found := false
			for i, got := range list {
				if !used[i] && int(got.Pos.Line) == e.line && strings.Contains(got.Msg, e.text) {
					used[i], found = true, true
					break
				}
			}
			if !found {
				t.Errorf("chunk %d line %d: expected error containing %q; got %v", ci+1, e.line, e.text, list)
			}
		}
		for i, got := range list {
			if !used[i] {
				t.Errorf("chunk %d: unexpected error %s", ci+1, got)
			}
		}
	}
}

// TestMissingVerb: a statement that ends at a dot (typed halfway, as the
// playground sees it while keys arrive) names what is missing, where the
// verb should be, rather than an unknown verb "".
func TestMissingVerb(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{"host A ip 10.0.0.1\nA.\n", "2:3: missing verb after \"A.\":"},
		{"host A ip 10.0.0.1\nlisten *:9000 as L\nA.L.\n", "3:5: missing verb after \"A.L.\":"},
	} {
		errs := checkLimitErrs(t, c.src, Limits{})
		if len(errs) != 1 || !strings.HasPrefix(errs[0], c.want) {
			t.Errorf("%q: errors %q, want one starting %q", c.src, errs, c.want)
		}
	}
}

// TestErrorFormat pins the shape of a diagnostic: position, message, the
// source line and a caret under the column, every error, sorted.
func TestErrorFormat(t *testing.T) {
	src := "host A ip 10.0.0.1\nA.wrte 10\n  A.listen 70000\n"
	_, err := Check("f.tcps", []byte(src))
	got := Format(err, &Source{Name: "f.tcps", Text: []byte(src)})
	want := `f.tcps:2:3: unknown verb "wrte"; did you mean write?
  A.wrte 10
    ^
f.tcps:3:12: port 70000 is out of range 1-65535
    A.listen 70000
             ^
`
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestCardLine(t *testing.T) {
	prog, err := Check("card.tcps", []byte("host A ips 10.1.2.3,192.168.3.2; listen *:99; A.write 1500"))
	if err != nil {
		t.Fatal(err)
	}
	if len(prog.Hosts) != 1 || len(prog.Hosts[0].Addrs) != 2 {
		t.Fatalf("hosts: %+v", prog.Hosts)
	}
	var ops []string
	for _, s := range prog.All() {
		if c, ok := s.(*Call); ok {
			ops = append(ops, c.Op.String())
			if c.Op == OpAccept && !c.Implicit {
				t.Error("the accept before A.write should be implicit")
			}
		}
	}
	if strings.Join(ops, " ") != "listen accept write" {
		t.Errorf("calls = %v, want listen, implicit accept, write", ops)
	}
}

func TestRepeatExpands(t *testing.T) {
	src := "host A ip 10.0.0.1\nlisten *:80\nrepeat 3 as i {\n  host C$i ip 10.0.1.$(i*2+1)\n  C$i.connect A:80 as c$i\n}\n"
	prog, err := Check("r.tcps", []byte(src))
	if err != nil {
		t.Fatal(Format(err, nil))
	}
	if len(prog.Hosts) != 4 {
		t.Fatalf("got %d hosts", len(prog.Hosts))
	}
	if got := prog.Hosts[3].Addrs[0].String(); got != "10.0.1.5" {
		t.Errorf("C2's address = %s, want 10.0.1.5", got)
	}
	if got := prog.Handles[3].Name; got != "c2" {
		t.Errorf("handle name = %q, want c2", got)
	}
}

// TestNestedRepeatSubstitutes checks a repeat whose count is substituted
// from an enclosing repeat: the substituted words live in scratch that
// the body's statements reuse, so the inner repeat must read its count and
// name before expanding its body.
func TestNestedRepeatSubstitutes(t *testing.T) {
	src := "repeat 3 as i {\n  repeat $(i+1) as j {\n    host H$(i*10+j) ip 10.0.$i.$(j+1)\n  }\n}\n"
	prog, err := Check("n.tcps", []byte(src))
	if err != nil {
		t.Fatal(Format(err, nil))
	}
	var got []string
	for _, h := range prog.Hosts {
		got = append(got, h.Name+"="+h.Addrs[0].String())
	}
	want := []string{"H0=10.0.0.1", "H10=10.0.1.1", "H11=10.0.1.2", "H20=10.0.2.1", "H21=10.0.2.2", "H22=10.0.2.3"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("hosts %v, want %v", got, want)
	}
}

// TestSubstitutionReadsLeftToRight pins what a word with several
// substitutions gives, and which error it reports when more than one part
// is wrong: the first one met reading from the left, as a person reads it.
// Words are compiled once and run per iteration (subst.go); this is what
// the compiled form must keep.
func TestSubstitutionReadsLeftToRight(t *testing.T) {
	prog, err := Check("s.tcps", []byte("repeat 3 as i {\n  repeat 2 as j {\n    note h$i-$(i*2+j)-$((i+1)*-(j+2))x$j\n  }\n}\n"))
	if err != nil {
		t.Fatal(Format(err, nil))
	}
	var got []string
	for _, s := range prog.All() {
		got = append(got, s.(*Note).Text)
	}
	want := "h0-0--2x0 h0-1--3x1 h1-2--4x0 h1-3--6x1 h2-4--6x0 h2-5--9x1"
	if strings.Join(got, " ") != want {
		t.Errorf("notes %q, want %q", strings.Join(got, " "), want)
	}
	for _, c := range []struct{ word, msg string }{
		{"$(1/0+)", "division by zero"},        // evaluated before the syntax error after it
		{"$(1+)", "expression ends too early"}, // nothing to evaluate before it
		{"$(x+1/0)", "x is not a repeat variable here"},
		{"$(i+1)(", `"$(i+1)("`},         // a literal parenthesis is text: no error
		{"$(i/0)$(", "division by zero"}, // the first part fails before the unclosed one
		{"$i$(", `unclosed $( in "$i$("`},
		{"a$i$(i+1)b$k", "$k is not a repeat variable here"},
		{"$i$", `$ must be followed by a repeat variable`},
		{"$(1)$(2(3))", `unexpected "(3)" in expression`},
		{"$(i)$(99999999999999999999)", `number "99999999999999999999" is too large`},
	} {
		got := checkErrs(t, "repeat 2 as i { note "+c.word+" }\n")
		if c.word == "$(i+1)(" {
			if got != nil {
				t.Errorf("%s: got %v, want no error", c.word, got)
			}
			continue
		}
		if len(got) != 1 || !strings.Contains(got[0], c.msg) {
			t.Errorf("%s: got %v, want one error with %q", c.word, got, c.msg)
		}
	}
}

func TestSizesAndDurations(t *testing.T) {
	for in, want := range map[string]int64{"1500": 1500, "8K": 8192, "64KiB": 65536, "1MiB": 1 << 20, "2GB": 2e9, "10B": 10} {
		if got, err := parseSize(in); err != nil || got != want {
			t.Errorf("parseSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "K", "1.5K", "-1", "99999999999999999999", "12Q"} {
		if _, err := parseSize(bad); err == nil {
			t.Errorf("parseSize(%q) succeeded", bad)
		}
	}
	if d, err := parseDuration("1.5s"); err != nil || d.Milliseconds() != 1500 {
		t.Errorf("parseDuration(1.5s) = %v, %v", d, err)
	}
	for _, bad := range []string{"200", "-1s", "1ns", "x"} {
		if _, err := parseDuration(bad); err == nil {
			t.Errorf("parseDuration(%q) succeeded", bad)
		}
	}
}
