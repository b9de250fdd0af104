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
	raw, err := parse(name, src)
	if err != nil {
		return nil, ErrorList{err}
	}
	f := &formatter{}
	f.elems(raw.Elems, 0)
	out := strings.TrimLeft(f.b.String(), "\n")
	out = strings.TrimRight(out, "\n")
	if out == "" {
		return []byte{}, nil
	}
	return []byte(out + "\n"), nil
}

type formatter struct {
	b       strings.Builder
	blank   int  // line ends seen since the last printed item
	midLine bool // something printed on the current line
	line    int  // source line of what was printed last on the current line
}

func (f *formatter) newline() {
	if f.midLine {
		f.b.WriteByte('\n')
		f.midLine = false
	}
}

func (f *formatter) elems(elems []*rawElem, depth int) {
	indent := strings.Repeat("  ", depth)
	for _, e := range elems {
		switch {
		case e.EOL != "":
			if e.EOL == "\n" {
				f.blank++
			}
		case e.Comment != "":
			if f.midLine && e.Pos.Line == f.line {
				f.b.WriteString(" " + strings.TrimRight(e.Comment, " \t\r"))
				f.newline()
				f.blank = 0
				continue
			}
			f.startLine(indent)
			f.b.WriteString(strings.TrimRight(e.Comment, " \t\r"))
			f.midLine = true
			f.newline()
			f.blank = 0
		case e.Stmt != nil:
			f.startLine(indent)
			f.stmt(e.Stmt, depth)
			f.blank = 0
		}
	}
}

func (f *formatter) startLine(indent string) {
	f.newline()
	if f.blank >= 2 && f.b.Len() > 0 && !strings.HasSuffix(f.b.String(), "{\n") {
		f.b.WriteByte('\n')
	}
	f.blank = 0
	f.b.WriteString(indent)
}

func (f *formatter) stmt(s *rawStmt, depth int) {
	for i, a := range s.Args {
		if i > 0 {
			f.b.WriteByte(' ')
		}
		if a.Str != nil {
			f.b.WriteString(strconv.Quote(*a.Str))
		} else {
			f.b.WriteString(strings.Join(a.Words, ","))
		}
	}
	f.midLine, f.line = true, s.Pos.Line
	if s.Block != nil {
		f.b.WriteString(" {")
		f.b.WriteByte('\n')
		f.midLine = false
		f.blank = 0
		f.elems(s.Block.Elems, depth+1)
		f.newline()
		f.b.WriteString(strings.Repeat("  ", depth) + "}")
		f.midLine, f.line = true, s.Block.endLine()
	}
}

// endLine is the source line of the block's closing brace, approximately:
// the line of its last element. A comment after } on the same line stays
// there only when it follows directly.
func (b *rawBlock) endLine() int {
	if len(b.Elems) == 0 {
		return b.Pos.Line
	}
	last := b.Elems[len(b.Elems)-1]
	if last.EOL == "\n" {
		return last.Pos.Line + 1
	}
	return last.Pos.Line
}

// Shape is a scenario's statements and comments without positions or
// layout: what fmt must preserve. Tests compare Shape(x) and
// Shape(fmt(x)).
func Shape(name string, src []byte) ([]string, error) {
	raw, err := parse(name, src)
	if err != nil {
		return nil, ErrorList{err}
	}
	var out []string
	var walk func([]*rawElem, string)
	walk = func(elems []*rawElem, prefix string) {
		for _, e := range elems {
			switch {
			case e.Comment != "":
				out = append(out, prefix+"comment "+strings.TrimRight(e.Comment, " \t\r"))
			case e.Stmt != nil:
				var parts []string
				for _, a := range e.Stmt.Args {
					if a.Str != nil {
						parts = append(parts, "str "+strconv.Quote(*a.Str))
					} else {
						parts = append(parts, "words "+strings.Join(a.Words, ","))
					}
				}
				out = append(out, prefix+"stmt "+strings.Join(parts, " | "))
				if e.Stmt.Block != nil {
					walk(e.Stmt.Block.Elems, prefix+"  ")
					out = append(out, prefix+"end")
				}
			}
		}
	}
	walk(raw.Elems, "")
	return out, nil
}
