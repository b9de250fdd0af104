package lang

import (
	"fmt"
	"strings"
)

// dumpItems writes items with every position, for comparing two parses.
func dumpItems(b *strings.Builder, items []item, indent string) {
	for _, it := range items {
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
