package lang

import (
	"bytes"
	"errors"
	"strings"
	"unicode/utf8"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"
	"github.com/tcps-dev/tcps/lang/msg"
)

// item is a parsed statement or comment, its words placed: what the
// expander, the formatter and Shape walk. It is the grammar's line
// lowered: a block joined to its statement, strings unquoted, comma lists
// cut into words.
type item struct {
	pos     Pos
	args    []arg  // a statement's words; nil for a comment
	dollar  bool   // a word holds a $ substitution
	size    int    // a statement's length in bytes, as written (see Limits.MaxBytes)
	comment string // a comment's text, from # on, without trailing blanks
	block   *block // repeat's body
}

// isStmt reports whether the item is a statement, not a comment.
func (it *item) isStmt() bool { return it.args != nil }

// block is a { } block and where its braces are.
type block struct {
	open, close Pos
	items       []item
}

// parse reads src into items. Syntax errors are braces that do not pair up,
// unterminated strings (one error, the first: the rest of the file means
// nothing after them), and misplaced commas and bad escapes in a statement
// (every one, each at its place).
func parse(name string, src []byte, limits Limits) ([]item, ErrorList) {
	src = trimBOM(src)
	if errs := badBytes(limits.Lang, name, src); errs != nil {
		return nil, errs
	}
	l := newScanning(name, string(src), limits.orDefault())
	var f *scenario
	peek, err := lexer.Upgrade(l) // lexes the whole file: the nesting limit is checked before participle recurses
	if err == nil {
		f, err = parser().ParseFromLexer(peek)
	}
	if err != nil {
		var perr participle.Error
		if errors.As(err, &perr) {
			p := perr.Position()
			text := syntaxMessage(limits.Lang, perr.Message())
			off := p.Offset
			if strings.Contains(perr.Message(), `unexpected token "<EOF>"`) {
				if n := len(l.open); n > 0 { // the innermost { never closed
					off, text = l.open[n-1], msg.NeverClosed.In(limits.Lang)
				}
			}
			line, col := colOf(src, off)
			return nil, ErrorList{{Pos: NewPos(name, line, col), Msg: text}}
		}
		return nil, ErrorList{{Pos: FilePos(name), Msg: err.Error()}}
	}
	var errs ErrorList
	lw := &lowering{file: FilePos(name), errs: &errs, lang: limits.Lang}
	items := lw.lines(f.Lines)
	if len(errs) > 0 {
		errs.finish(limits.Lang)
		return nil, errs
	}
	return items, nil
}

// badBytes reports every NUL byte and every byte that is not UTF-8, in
// one pass, each at its line and column (up to MaxErrors). A NUL is valid
// UTF-8, but no scenario holds one: it is named as what it is.
func badBytes(l msg.Lang, name string, src []byte) ErrorList {
	if utf8.Valid(src) && bytes.IndexByte(src, 0) < 0 {
		return nil
	}
	var errs ErrorList
	line, col := 1, 1
	for i := 0; i < len(src) && !errs.full(); {
		c := src[i]
		switch {
		case c == '\n':
			line, col = line+1, 1
			i++
			continue
		case c == 0:
			errs.Add(NewPos(name, line, col), "%s", msg.NulByte.In(l))
		case c >= utf8.RuneSelf:
			r, n := utf8.DecodeRune(src[i:])
			if r == utf8.RuneError && n == 1 {
				errs.Add(NewPos(name, line, col), "%s", msg.NotUTF8.In(l, c))
			}
			i += n
			col++
			continue
		}
		i++
		col++
	}
	errs.finish(l)
	return errs
}

// bom is the UTF-8 byte order mark some editors put at the start of a file.
const bom = "\xef\xbb\xbf"

// trimBOM drops a leading byte order mark: line 1's columns count from
// after it.
func trimBOM(src []byte) []byte {
	if len(src) >= 3 && string(src[:3]) == bom {
		return src[3:]
	}
	return src
}

// lowering turns the grammar's nodes into items. It keeps the arguments
// and words of all statements in a few large arrays rather than two small
// ones per statement.
type lowering struct {
	file      Pos // the file with no line: positions in it are lw.file.At(line, col)
	lang      msg.Lang
	errs      *ErrorList
	argSlab   []arg
	wordsSlab []word
	args      []arg  // scratch: the statement being lowered
	words     []word // scratch: its words, in order
	nwords    []int  // scratch: words per argument
}

func (lw *lowering) pos(p lexer.Position) Pos {
	return lw.file.At(p.Line, p.Column)
}

// end is the offset just past the argument's last byte. (participle's
// EndPos is where the next token starts, past any blanks.)
func (a *argument) end() int {
	t := a.String
	switch {
	case a.List != nil:
		t = &a.List[len(a.List)-1]
	case a.Stray != nil:
		t = &a.Stray[len(a.Stray)-1]
	}
	return t.Pos.Offset + len(t.Value)
}

// lines lowers the lines of a file or block, joining each block to the
// statement before it.
func (lw *lowering) lines(lines []*line) []item {
	var out []item
	for _, ln := range lines {
		if lw.errs.full() {
			return out
		}
		switch {
		case ln.Comment != nil:
			out = append(out, item{pos: lw.pos(ln.Comment.Pos), comment: strings.TrimRight(ln.Comment.Value, " \t\r")})
		case ln.Stmt != nil:
			out = append(out, lw.stmt(ln.Stmt))
			if ln.Stmt.Block != nil {
				lw.join(out, ln.Stmt.Block)
			}
		case ln.Block != nil:
			lw.join(out, ln.Block)
		}
	}
	return out
}

// join gives b to the last of out, which must be a statement without a
// block.
func (lw *lowering) join(out []item, b *body) {
	bl := &block{open: lw.pos(b.Open.Pos), close: lw.pos(b.Close.Pos), items: lw.lines(b.Lines)}
	if n := len(out); n == 0 || !out[n-1].isStmt() || out[n-1].block != nil {
		lw.errs.Add(bl.open, "%s", msg.StrayOpen.In(lw.lang))
		return
	}
	out[len(out)-1].block = bl
}

// stmt lowers a statement's arguments: strings unquoted, lists cut into
// words, misplaced commas and bad escapes reported at their places, and
// the first character in a word that looks like a blank or punctuation
// but is not ASCII named (once a statement).
func (lw *lowering) stmt(s *statement) item {
	it := item{pos: lw.pos(s.Head.Pos)}
	last := s.Head
	if n := len(s.Args); n > 0 {
		last = s.Args[n-1]
	}
	it.size = last.end() - s.Head.Pos.Offset
	lw.args, lw.words, lw.nwords = lw.args[:0], lw.words[:0], lw.nwords[:0]
	oddSeen := false
	for i := -1; i < len(s.Args); i++ {
		a := s.Head
		if i >= 0 {
			a = s.Args[i]
		}
		switch {
		case a.Stray != nil:
			lw.errs.Add(lw.pos(a.Pos), "%s", msg.StrayComma.In(lw.lang))
		case a.String != nil:
			text, err := unquote(lw.lang, a.String.Value)
			if err != "" {
				lw.errs.Add(lw.pos(a.Pos), "%s", msg.BadString.In(lw.lang, quoteShort(a.String.Value), err))
				continue
			}
			w := word{text: text, pos: lw.pos(a.Pos), str: true}
			lw.args = append(lw.args, arg{pos: w.pos, str: true})
			lw.words = append(lw.words, w)
			lw.nwords = append(lw.nwords, 1)
		default:
			n := 0
			for _, t := range a.List {
				if t.Type == tokComma {
					continue
				}
				w := word{text: t.Value, pos: lw.pos(t.Pos)}
				if !oddSeen && !isASCII(w.text) {
					if off, problem := oddSpace(lw.lang, w.text); problem != "" {
						oddSeen = true
						p := w.pos.Right(utf8.RuneCountInString(w.text[:off]))
						lw.errs.Add(p, "%s", problem)
					}
				}
				if t.Type == tokSubst {
					it.dollar = true
					w.tmpl = compileTemplate(w.text)
				}
				lw.words = append(lw.words, w)
				n++
			}
			lw.args = append(lw.args, arg{pos: lw.pos(a.Pos)})
			lw.nwords = append(lw.nwords, n)
		}
	}
	it.args = take(&lw.argSlab, len(lw.args))
	copy(it.args, lw.args)
	words := take(&lw.wordsSlab, len(lw.words))
	copy(words, lw.words)
	for i, n := range lw.nwords {
		it.args[i].words, words = words[:n:n], words[n:]
	}
	return it
}

// take returns n elements cut from the front of *slab, refilling it in
// chunks.
func take[T any](slab *[]T, n int) []T {
	if len(*slab) < n {
		*slab = make([]T, max(n, 1024))
	}
	out := (*slab)[:n:n]
	*slab = (*slab)[n:]
	return out
}

// syntaxMessage rewrites participle's messages into the user's terms.
func syntaxMessage(l msg.Lang, text string) string {
	switch {
	case strings.Contains(text, `unexpected token "<EOF>"`):
		return msg.UnexpectedEOF.In(l)
	case strings.Contains(text, `unexpected token "}"`):
		return msg.StrayClose.In(l)
	case strings.Contains(text, `unexpected token "{"`):
		return msg.StrayOpen.In(l)
	}
	return text
}
