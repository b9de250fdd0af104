package lang

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// dumpItems writes items with every position, for comparing two parses.
// The statements of a run are split on the spot, as the expander splits
// them (for keeps here, not into scratch), and its comments are written as
// comment items are.
func dumpItems(b *strings.Builder, items []item, indent string) {
	sp := splitter{name: "t.tcps", errs: &ErrorList{}}
	for _, it := range items {
		if it.run != nil {
			var flat []item
			for i := range it.run {
				p := &it.run[i]
				f := item{pos: sp.posOf(p)}
				if p.comment {
					f.comment = strings.TrimRight(p.text, " \t\r")
				} else {
					f.args, f.dollar = sp.split(p.text, int(p.line), int(p.col))
				}
				flat = append(flat, f)
			}
			dumpItems(b, flat, indent)
			continue
		}
		fmt.Fprintf(b, "%s%d:%d", indent, it.pos.Line, it.pos.Col)
		if !it.isStmt() {
			fmt.Fprintf(b, " comment %q\n", it.comment)
			continue
		}
		for _, a := range it.args {
			for _, w := range a.words {
				fmt.Fprintf(b, " %q@%d:%d", w.text, w.pos.Line, w.pos.Col)
			}
			b.WriteString(" |")
		}
		if it.dollar {
			b.WriteString(" $")
		}
		b.WriteByte('\n')
		if it.block != nil {
			fmt.Fprintf(b, "%s{ %v %v\n", indent, it.block.open, it.block.close)
			dumpItems(b, it.block.items, indent+"  ")
		}
	}
}

// mixedSource is a scenario with strings and comments that hold braces, #
// and ;, lists, non-ASCII text, $ substitutions, and blocks that open on
// the statement's line and on a later one.
func mixedSource() string {
	var b strings.Builder
	for i := 0; i < 200; i++ {
		fmt.Fprintf(&b, "host H%d ip 10.%d.%d.%d # host {%d}\n", i, i>>16&255, i>>8&255, i&255+1, i)
		fmt.Fprintf(&b, "note \"a { brace } # and ; %d\"; wait 1ms\n", i)
		fmt.Fprintf(&b, "repeat 2 as j\n{\n  note \"ünï $j\" x,y , z\n  # inside {\n}\n")
		if i%50 == 0 {
			b.WriteString("repeat 3 as k { note $k;  wait 1us }\n")
		}
	}
	return b.String()
}

// TestRawStatements checks that a parse that leaves top-level runs of
// lines unsplit gives, once the expander splits them, the same items,
// words and positions as a parse that splits everything; and the same
// errors.
func TestRawStatements(t *testing.T) {
	dump := func(src string, raw bool) (string, string, int) {
		items, errs := parse("t.tcps", []byte(src), raw, DefaultLimits.MaxDepth)
		var b strings.Builder
		dumpItems(&b, items, "")
		nraw := 0
		for _, it := range items {
			if it.run != nil {
				nraw++
			}
		}
		return b.String(), fmt.Sprint(errs), nraw
	}
	src := mixedSource()
	eager, _, _ := dump(src, false)
	lazy, _, nraw := dump(src, true)
	if nraw == 0 {
		t.Fatal("no run of lines left unsplit: the test does not exercise them")
	}
	if d := cmp.Diff(eager, lazy); d != "" {
		t.Errorf("runs split later differ (-eager +raw):\n%s", d)
	}
	bad := "{ note first }\n" + src + "# a comment\n{ note y }\nnote a,,b \"\\q\"\nrepeat 2 as i , { note x,, }\nnote ok\nrepeat 2 as i {\n note \"\\z\" ,\n}\n"
	_, eagerErrs, _ := dump(bad, false)
	_, lazyErrs, _ := dump(bad, true)
	if eagerErrs == "[]" || eagerErrs != lazyErrs {
		t.Errorf("errors differ:\neager: %s\nraw:   %s", eagerErrs, lazyErrs)
	}
}
