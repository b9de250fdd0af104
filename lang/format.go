package lang

import (
	"strconv"
	"strings"
)

// Format returns the canonical form of a scenario: one statement per line,
// words separated by one space, lists without spaces, blocks indented by two
// spaces, comments kept (a comment on a statement's line stays there), at
// most one blank line in a row. Format is idempotent, and the canonical form
// parses to the same statements and comments as the input.
func FormatSource(name string, src []byte) ([]byte, error) {
	items, errs := parse(name, src, DefaultLimits)
	if errs != nil {
		return nil, errs
	}
	f := &formatter{}
	f.items(items, 0)
	out := strings.TrimLeft(f.b.String(), "\n")
	out = strings.TrimRight(out, "\n")
	if out == "" {
		return []byte{}, nil
	}
	return []byte(out + "\n"), nil
}

type formatter struct {
	b       strings.Builder
	midLine bool  // something printed on the current line
	line    int32 // source line of what was printed last
}

func (f *formatter) newline() {
	if f.midLine {
		f.b.WriteByte('\n')
		f.midLine = false
	}
}

// items prints parsed items: statements and comments.
func (f *formatter) items(items []item, depth int) {
	indent := strings.Repeat("  ", depth)
	for i := range items {
		it := &items[i]
		if !it.isStmt() {
			if f.midLine && it.pos.Line == f.line {
				f.b.WriteString(" " + it.comment)
				f.newline()
				continue
			}
			f.startLine(indent, it.pos.Line)
			f.b.WriteString(it.comment)
			f.midLine = true
			f.newline()
			continue
		}
		f.startLine(indent, it.pos.Line)
		f.stmt(it, depth)
	}
}

// startLine begins an item that starts on source line line, keeping one
// blank line where the source had one or more.
func (f *formatter) startLine(indent string, line int32) {
	f.newline()
	if f.line > 0 && line-f.line >= 2 && f.b.Len() > 0 && !strings.HasSuffix(f.b.String(), "{\n") {
		f.b.WriteByte('\n')
	}
	f.line = line
	f.b.WriteString(indent)
}

func (f *formatter) stmt(it *item, depth int) {
	writeArgs(&f.b, it.args)
	f.midLine, f.line = true, it.pos.Line
	if it.block != nil {
		f.b.WriteString(" {\n")
		f.midLine = false
		f.items(it.block.items, depth+1)
		f.newline()
		f.b.WriteString(strings.Repeat("  ", depth) + "}")
		f.midLine, f.line = true, it.block.close.Line
	}
}

// writeArgs writes a statement's words in canonical form: strings quoted,
// lists joined by commas, one space between arguments.
func writeArgs(b *strings.Builder, args []arg) {
	for i, a := range args {
		if i > 0 {
			b.WriteByte(' ')
		}
		if a.str {
			b.WriteString(strconv.Quote(a.words[0].text))
		} else {
			b.WriteString(joinWords(a.words))
		}
	}
}

// Shape is a scenario's statements and comments without positions or
// layout: what fmt must preserve. Tests compare Shape(x) and
// Shape(fmt(x)).
func Shape(name string, src []byte) ([]string, error) {
	items, errs := parse(name, src, DefaultLimits)
	if errs != nil {
		return nil, errs
	}
	var out []string
	var walk func([]item, string)
	walk = func(items []item, prefix string) {
		for i := range items {
			it := &items[i]
			if !it.isStmt() { // parsed with every statement split: a comment
				out = append(out, prefix+"comment "+it.comment)
				continue
			}
			parts := make([]string, len(it.args))
			for j, a := range it.args {
				if a.str {
					parts[j] = "str " + strconv.Quote(a.words[0].text)
				} else {
					parts[j] = "words " + joinWords(a.words)
				}
			}
			out = append(out, prefix+"stmt "+strings.Join(parts, " | "))
			if it.block != nil {
				walk(it.block.items, prefix+"  ")
				out = append(out, prefix+"end")
			}
		}
	}
	walk(items, "")
	return out, nil
}
