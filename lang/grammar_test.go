package lang

import (
	"fmt"
	"strings"
	"testing"

	"github.com/alecthomas/participle/v2/lexer"
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
	dump := func(f *rawFile) string {
		var errs ErrorList
		sp := &splitter{name: "big.tcps", errs: &errs}
		items := sp.lowerItems(f.Items)
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		var b strings.Builder
		dumpItems(&b, items, "")
		return b.String()
	}
	one, err := parseFrom(src, lexer.Position{Filename: "big.tcps", Line: 1, Column: 1})
	if err != nil {
		t.Fatal(err)
	}
	two, err := parseRaw("big.tcps", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(dump(one), dump(two)); d != "" {
		t.Errorf("parallel parse differs (-one +two):\n%s", d)
	}
}

// TestParallelParseErrors checks that a syntax error in either half is
// reported where a single parse reports it.
func TestParallelParseErrors(t *testing.T) {
	src := bigSource()
	mid := topLevelLineEnd(src, len(src)/2)
	for _, tc := range []struct{ name, src string }{
		{"first half", "note \"open\n" + src},
		{"second half", src[:mid+1] + "} stray\n" + src[mid+1:]},
		{"both halves", "{ x\n" + src[:mid+1] + "note \"open\n" + src[mid+1:]},
		{"at the end", src + "repeat 2 as i {\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, want := parseFrom(tc.src, lexer.Position{Filename: "e.tcps", Line: 1, Column: 1})
			_, got := parseRaw("e.tcps", []byte(tc.src))
			if want == nil || got == nil || want.Error() != got.Error() {
				t.Errorf("one parse: %v\ntwo halves: %v", want, got)
			}
		})
	}
}
