package lang

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// dumpItems writes items with every position, for comparing two parses.
func dumpItems(b *strings.Builder, items []item, indent string) {
	for _, it := range items {
		fmt.Fprintf(b, "%s%d:%d", indent, it.pos.Line, it.pos.Col)
		if it.args == nil {
			fmt.Fprintf(b, " comment %q\n", it.comment)
			continue
		}
		for _, a := range it.args {
			for _, w := range a.words {
				fmt.Fprintf(b, " %q@%d:%d", w.text, w.pos.Line, w.pos.Col)
			}
			b.WriteString(" |")
		}
		b.WriteByte('\n')
		if it.block != nil {
			fmt.Fprintf(b, "%s{ %v %v\n", indent, it.block.open, it.block.close)
			dumpItems(b, it.block.items, indent+"  ")
		}
	}
}

// bigSource is a scenario past parallelMin whose middle falls inside a
// block, with strings and comments holding braces, # and ;.
func bigSource() string {
	var b strings.Builder
	for i := 0; b.Len() < parallelMin*3/2; i++ {
		fmt.Fprintf(&b, "host H%d ip 10.%d.%d.%d # host {%d}\n", i, i>>16&255, i>>8&255, i&255+1, i)
		fmt.Fprintf(&b, "note \"a { brace } # and ; %d\"; wait 1ms\n", i)
		fmt.Fprintf(&b, "repeat 2 as j\n{\n  note \"ünï $j\" x,y , z\n  # inside {\n}\n")
		if i%100 == 0 {
			b.WriteString("repeat 3 as k {\n" + strings.Repeat("  wait 1us\n", 2000) + "}\n")
		}
	}
	return b.String()
}

// TestParallelParse checks that a file parsed in two halves at once gives
// the same items, positions included, as one parse.
func TestParallelParse(t *testing.T) {
	src := bigSource()
	if topLevelLineEnd(src, len(src)/2) < 0 {
		t.Fatal("no cut found: the test does not exercise the parallel parse")
	}
	dump := func(cut int) string {
		items, errs, err := parseItems("big.tcps", src, cut)
		if err != nil || len(errs) > 0 {
			t.Fatal(err, errs)
		}
		var b strings.Builder
		dumpItems(&b, items, "")
		return b.String()
	}
	if d := cmp.Diff(dump(-1), dump(topLevelLineEnd(src, len(src)/2))); d != "" {
		t.Errorf("parallel parse differs (-one +two):\n%s", d)
	}
}

// TestCutKeepsBlockWithStatement checks that the cut never falls between a
// statement and a block that opens on a later line.
func TestCutKeepsBlockWithStatement(t *testing.T) {
	text := "note a\nrepeat 2 as i\n\n  { note b }\nnote c\n"
	if got, want := topLevelLineEnd(text, 7), strings.Index(text, "}")+1; got != want {
		t.Errorf("cut at %d, want %d (after the block)", got, want)
	}
}

// TestParallelParseErrors checks that a syntax error in either half, or
// in both, is the one a single parse reports. The cut is forced at the
// original file's middle: the scanner would not cut a file whose braces or
// strings are broken before it.
func TestParallelParseErrors(t *testing.T) {
	src := bigSource()
	mid := topLevelLineEnd(src, len(src)/2)
	const open = "note \"open\n"
	for _, tc := range []struct {
		name, src string
		cut       int
	}{
		{"first half", open + src, mid + len(open)},
		{"second half", src[:mid+1] + "} stray\n" + src[mid+1:], mid},
		{"both halves", "{ x\n" + src[:mid+1] + open + src[mid+1:], mid + 4},
		{"at the end", src + "repeat 2 as i {\n", mid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, want := parseItems("e.tcps", tc.src, -1)
			_, _, got := parseItems("e.tcps", tc.src, tc.cut)
			if want == nil || got == nil || want.Error() != got.Error() {
				t.Errorf("one parse: %v\ntwo halves: %v", want, got)
			}
		})
	}
}
