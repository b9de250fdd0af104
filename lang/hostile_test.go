package lang

import (
	"strings"
	"testing"
)

// TestDeepBraces: 300,000 { stop at the first one past the nesting limit,
// while scanning: the parser never recurses that deep. fmt stops there too.
func TestDeepBraces(t *testing.T) {
	src := "repeat 1 as i " + strings.Repeat("{", 300_000)
	wantErrs(t, src, "1:23: this { is nested more than 8 deep (the limit)")
	out, err := FormatSource("in.tcps", []byte(src))
	if err == nil || !strings.Contains(err.Error(), "1:23: this { is nested more than 8 deep") {
		t.Errorf("fmt: %d bytes, %v", len(out), err)
	}
	// 8 levels are fine.
	var b strings.Builder
	for i := 0; i < 8; i++ {
		b.WriteString("repeat 1 as v" + itoa(i) + " { ")
	}
	b.WriteString("wait 1ms" + strings.Repeat(" }", 8) + "\n")
	wantErrs(t, b.String())
}

// TestExpressionHostile: long chains of unary minus are not recursion,
// and arithmetic that leaves int64 is an error, not a wrapped value.
func TestExpressionHostile(t *testing.T) {
	wantErrs(t, "note $("+strings.Repeat("-", 5_000_000)+"1)\n")
	wantErrs(t, "note $(--1) $(-(-(-2)))\n")
	for _, c := range []struct{ expr, msg string }{
		{"i+4294967296*4294967296+99", "4294967296 * 4294967296 is out of the range of a 64-bit integer"},
		{"9223372036854775807+i+1", "9223372036854775807 + 1 is out of the range of a 64-bit integer"},
		{"-9223372036854775807-2", "-9223372036854775807 - 2 is out of the range of a 64-bit integer"},
		{"(-9223372036854775807-1)/-1", "-9223372036854775808 / -1 is out of the range of a 64-bit integer"},
		{"-(-9223372036854775807-1)", "-(-9223372036854775808) is out of the range of a 64-bit integer"},
		{"99999999999999999999", `number "99999999999999999999" is too large`},
	} {
		src := "repeat 1 as i { note $(" + c.expr + ") }\n"
		got := checkErrs(t, src)
		if len(got) != 1 || !strings.Contains(got[0], c.msg) {
			t.Errorf("$(%s): got %v, want %q", c.expr, got, c.msg)
		}
	}
	prog, err := Check("e.tcps", []byte("note $(-9223372036854775807-1) $(9223372036854775807) $(-3%2) $(7/-2)\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := prog.Stmts[0].(*Note).Text; got != "-9223372036854775808 9223372036854775807 -1 -3" {
		t.Errorf("note = %q", got)
	}
}

// TestUnrolledBytes: the unrolled text is bounded in bytes, not only in
// statements: a short file that repeats a long word stops early, at the
// statement past the limit, with a positioned limit error.
func TestUnrolledBytes(t *testing.T) {
	if DefaultLimits.MaxBytes != 256<<20 {
		t.Errorf("DefaultLimits.MaxBytes = %d, want 256 MiB as documented", DefaultLimits.MaxBytes)
	}
	word := strings.Repeat("w", 1<<20)
	src := "repeat 100000 as i {\n  note " + word + "\n}\nbogus\n"
	got := checkLimitErrs(t, src, Limits{})
	want := "2:3: the statements add up to more than 256 MiB of text after repeat is unrolled (the limit)"
	if strings.Join(got, "\n") != want {
		t.Errorf("got %v, want %q", got, want)
	}
	// The same with a substituted word, and a smaller limit.
	src = "repeat 2000000 as i { note " + strings.Repeat("x", 1000) + "$i }\n"
	got = checkLimitErrs(t, src, Limits{MaxBytes: 1 << 20})
	want = "1:23: the statements add up to more than 1 MiB of text after repeat is unrolled (the limit)"
	if strings.Join(got, "\n") != want {
		t.Errorf("got %v, want %q", got, want)
	}
	// A run of lines counts too.
	src = strings.Repeat("note "+strings.Repeat("y", 100)+"\n", 20)
	got = checkLimitErrs(t, src, Limits{MaxBytes: 1000})
	want = "10:1: the statements add up to more than 1000 bytes of text after repeat is unrolled (the limit)"
	if strings.Join(got, "\n") != want {
		t.Errorf("got %v, want %q", got, want)
	}
	// 2,000,000 sockets named with 1,000 characters: the name is not one,
	// and the repeat stops at its first iteration's error.
	src = "host A ip 10.0.0.1\nrepeat 2000000 as i { listen *:80 as " + strings.Repeat("s", 1000) + "$i }\n"
	got = checkLimitErrs(t, src, Limits{})
	if len(got) != 1 || !strings.Contains(got[0], "is 1001 characters long; a name has at most 64") {
		t.Errorf("got %d errors: %v", len(got), got[:min(2, len(got))])
	}
}

// TestLongWordsInMessages: a message quotes a long word shortened, and no
// message runs longer than maxMsg characters, however long the input's
// words are.
func TestLongWordsInMessages(t *testing.T) {
	long := strings.Repeat("x", 1<<20)
	for _, src := range []string{
		long + "\n",
		"host A ip " + long + "\n",
		"wait " + long + "\n",
		"host A ip 10.0.0.1\nA." + long + ".write 10\n",
		"set " + long + " 1\n",
	} {
		for _, e := range checkErrs(t, src) {
			if n := len([]rune(e)); n > maxMsg+20 {
				t.Errorf("a message of %d characters: %.80s...", n, e)
			}
		}
	}
}
