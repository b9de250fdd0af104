package main

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"
)

// lcsLen is the length of a longest common subsequence, by the textbook
// table: the reference for small inputs.
func lcsLen(a, b []string) int {
	t := make([][]int, len(a)+1)
	for i := range t {
		t[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				t[i][j] = t[i+1][j+1] + 1
			} else {
				t[i][j] = max(t[i+1][j], t[i][j+1])
			}
		}
	}
	return t[0][0]
}

// checkScript checks that edits turns a into b, and returns how many
// lines it keeps.
func checkScript(t *testing.T, a, b []string, edits []edit) int {
	t.Helper()
	i, j, kept := 0, 0, 0
	for _, e := range edits {
		switch e.kind {
		case ' ':
			if e.a != i || e.b != j || a[i] != b[j] {
				t.Fatalf("bad equal edit %+v at a[%d], b[%d]", e, i, j)
			}
			i, j, kept = i+1, j+1, kept+1
		case '-':
			if e.a != i {
				t.Fatalf("bad delete %+v at a[%d]", e, i)
			}
			i++
		case '+':
			if e.b != j {
				t.Fatalf("bad insert %+v at b[%d]", e, j)
			}
			j++
		}
	}
	if i != len(a) || j != len(b) {
		t.Fatalf("script ends at a[%d], b[%d] of %d, %d", i, j, len(a), len(b))
	}
	return kept
}

// TestDiffLinesIsShortest: on random inputs the script is valid and
// keeps a longest common subsequence.
func TestDiffLinesIsShortest(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	gen := func() []string {
		s := make([]string, r.Intn(30))
		for i := range s {
			s[i] = string(rune('a' + r.Intn(4)))
		}
		return s
	}
	for n := 0; n < 3000; n++ {
		a, b := gen(), gen()
		kept := checkScript(t, a, b, diffLines(a, b))
		if want := lcsLen(a, b); kept != want {
			t.Fatalf("diff(%q, %q) keeps %d lines, the LCS has %d", a, b, kept, want)
		}
	}
}

// TestLineDiffLarge: a long golden mismatch is shown, not "too large to
// diff", and in little memory.
func TestLineDiffLarge(t *testing.T) {
	var want, got strings.Builder
	for i := 0; i < 300_000; i++ {
		fmt.Fprintf(&want, "t=%dms line %d\n", i, i)
		if i == 150_000 {
			got.WriteString("t=changed\n")
			continue
		}
		fmt.Fprintf(&got, "t=%dms line %d\n", i, i)
	}
	out := lineDiff(want.String(), got.String())
	if !strings.Contains(out, "- t=150000ms line 150000") || !strings.Contains(out, "+ t=changed") || !strings.Contains(out, "@@ golden line 149999 @@") {
		t.Errorf("diff of a 300,000-line mismatch:\n%s", out)
	}
	// Everything different: still a diff, capped in lines printed.
	out = lineDiff(strings.Repeat("a\n", 200_000), strings.Repeat("b\n", 200_000))
	if !strings.Contains(out, "- a") || !strings.Contains(out, "  ...") || strings.Count(out, "\n") > 70 {
		t.Errorf("diff of two different 200,000-line outputs:\n%s", out)
	}
}

// TestDiffBudget: past its budget the diff is a replacement, still valid.
func TestDiffBudget(t *testing.T) {
	a := strings.Split(strings.Repeat("x\ny\n", 500), "\n")
	b := strings.Split(strings.Repeat("y\nz\n", 500), "\n")
	d := &differ{a: a, b: b, budget: 1000}
	n := len(a) + len(b) + 2
	d.vf, d.vb = make([]int, 2*n+2), make([]int, 2*n+2)
	d.compare(0, len(a), 0, len(b))
	checkScript(t, a, b, d.out)
}
