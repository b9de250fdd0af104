package lang

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestExcerptOfAllLines: every line of a large file is echoed right. The
// lines are indexed once, so echoing an error on each of 200,000 lines does
// not scan the file from the start for each (that took minutes); the cost
// is BenchmarkExcerpts', not a timed test's.
func TestExcerptOfAllLines(t *testing.T) {
	const n = 200_000
	src := &Source{Name: "big.tcps", Text: []byte(strings.Repeat("bogus word\n", n))}
	for line := n; line >= 1; line -= 10 {
		if got := src.Excerpt(NewPos("", line, 7)); got != "  bogus word\n        ^\n" {
			t.Fatalf("line %d: %q", line, got)
		}
	}
	if got := src.Line(n + 1); got != "" {
		t.Errorf("line past the end: %q", got)
	}
}

// TestExcerptWindow: a long line is shown as a window around the caret,
// with … where it is cut, and the caret under the right character.
func TestExcerptWindow(t *testing.T) {
	line := strings.Repeat("a", 20_000) + "\tX" + strings.Repeat("서", 20_000)
	src := &Source{Name: "w.tcps", Text: []byte("host A ip 10.0.0.1\n" + line + "\n")}
	col := 20_002 // X
	got := src.Excerpt(NewPos("", 2, col))
	lines := strings.Split(strings.TrimSuffix(got, "\n"), "\n")
	if len(lines) != 2 {
		t.Fatalf("excerpt: %q", got)
	}
	text, caret := []rune(lines[0][2:]), []rune(lines[1][2:])
	if n := len(text); n > maxExcerpt+2 {
		t.Errorf("window of %d characters", n)
	}
	if text[0] != '…' || text[len(text)-1] != '…' {
		t.Errorf("window not marked at both ends: %q...%q", string(text[:3]), string(text[len(text)-3:]))
	}
	at := len(caret) - 1
	if caret[at] != '^' || text[at] != 'X' || caret[at-1] != '\t' {
		t.Errorf("caret at %d under %q (the character before the caret is %q)", at, text[at], caret[at-1])
	}
	// Near the start: no … before, caret right.
	got = src.Excerpt(Pos{Line: 2, Col: 3})
	if !strings.HasPrefix(got, "  aaa") || !strings.Contains(got, "…\n    ^\n") {
		t.Errorf("start of a long line: %q", got)
	}
	// Near the end.
	got = src.Excerpt(NewPos("", 2, utf8.RuneCountInString(line)))
	if !strings.HasPrefix(got, "  …서") || !strings.HasSuffix(got, "서\n"+strings.Repeat(" ", 2+1+(maxExcerpt-1)*2)+"^\n") { // … then 서, two columns each
		t.Errorf("end of a long line: %q", got[len(got)-30:])
	}
	// A short line is echoed whole.
	if got := src.Excerpt(Pos{Line: 1, Col: 6}); got != "  host A ip 10.0.0.1\n       ^\n" {
		t.Errorf("short line: %q", got)
	}
}

// TestManyAddresses: a host with 200,000 addresses is checked in linear
// time, duplicates found by a map.
func TestManyAddresses(t *testing.T) {
	var b strings.Builder
	b.WriteString("host A ips ")
	for i := 0; i < 200_000; i++ {
		fmt.Fprintf(&b, "10.%d.%d.%d,", i>>16, i>>8&255, i&255+0)
	}
	b.WriteString("10.0.0.5\n")
	got := checkErrs(t, b.String())
	if len(got) != 1 || !strings.Contains(got[0], "address 10.0.0.5 is listed twice") {
		t.Errorf("got %v", got)
	}
}

// BenchmarkExcerpts echoes an error on every tenth line of a 200,000-line
// file: linear in the file (once quadratic: minutes).
func BenchmarkExcerpts(b *testing.B) {
	const n = 200_000
	text := []byte(strings.Repeat("bogus word\n", n))
	for b.Loop() {
		src := &Source{Name: "big.tcps", Text: text}
		for line := n; line >= 1; line -= 10 {
			src.Excerpt(NewPos("", line, 7))
		}
	}
}

// BenchmarkManyAddresses checks a host with 200,000 addresses, the last a
// duplicate: linear (the duplicate check was once quadratic: 6.6 s for
// 100,000).
func BenchmarkManyAddresses(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("host A ips ")
	for i := 0; i < 200_000; i++ {
		fmt.Fprintf(&sb, "10.%d.%d.%d,", i>>16, i>>8&255, i&255)
	}
	sb.WriteString("10.0.0.5\n")
	src := []byte(sb.String())
	for b.Loop() {
		Check("many.tcps", src)
	}
}

// TestSuggestionsBounded: did-you-mean over a huge list looks at a bounded
// number of names: those that start with the same character and are
// nearest in length. A short list is scanned whole.
func TestSuggestionsBounded(t *testing.T) {
	idx := &nameIndex{}
	for i := 0; i < 200_000; i++ {
		idx.add(fmt.Sprintf("H%d", i))
	}
	idx.add("server")
	for _, c := range []struct{ typo, want string }{{"servr", "server"}, {"H1234x", ""}, {"Zzz", ""}} {
		sug, scanned := idx.suggest(c.typo)
		if c.want != "" && sug != c.want {
			t.Errorf("suggest(%s) = %q, want %q", c.typo, sug, c.want)
		}
		if scanned > maxSuggestScan {
			t.Errorf("suggest(%s) scanned %d names, more than %d", c.typo, scanned, maxSuggestScan)
		}
	}
	small := &nameIndex{}
	for _, n := range []string{"A", "B", "server"} {
		small.add(n)
	}
	if sug, scanned := small.suggest("C"); sug != "A" || scanned != 3 {
		t.Errorf("small list: %q after %d", sug, scanned)
	}
}

// TestExcerptWideCharacters: the caret is padded by two columns for each
// wide character before it (Hangul, CJK, full-width forms), as a terminal
// shows them, so that it stands under the right character.
func TestExcerptWideCharacters(t *testing.T) {
	src := &Source{Name: "k.tcps", Text: []byte("expect 서버.리스너 state listening\n")}
	got := src.Excerpt(Pos{Line: 1, Col: 21})
	want := "  expect 서버.리스너 state listening\n" + "  " + strings.Repeat(" ", 7+2*2+1+3*2+7) + "^\n"
	if got != want {
		t.Errorf("got\n%swant\n%s", got, want)
	}
}
