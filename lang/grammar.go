package lang

import (
	"bytes"
	"errors"
	"strings"
	"unicode/utf8"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"
)

// The grammar is loose on purpose: it knows statements, comments and
// blocks, and nothing about verbs. Everything a user can get wrong in a way
// worth explaining is left to the checker, which knows what each verb wants
// and can say so. The statements and comments between braces are one
// Lines token (see scanner); splitter.split cuts each statement into
// words, lists and strings.
//
//	File  = Item* .
//	Item  = Lines | Block .
//	Block = "{" Item* "}" .
//
// A block belongs to the statement before it (lowerItems joins them), which
// keeps the grammar to a node per run of lines: participle's cost is per
// node.

// rawFile is a whole scenario: runs of lines and blocks in order.
type rawFile struct {
	Items []*rawItem `parser:"@@*"`
}

// rawItem is a run of statements and comments, or a block.
type rawItem struct {
	Lines *lexer.Token `parser:"  @Lines"`
	Block *rawBlock    `parser:"| @@"`
}

// rawBlock is the body of repeat.
type rawBlock struct {
	Open  lexer.Token `parser:"@\"{\""`
	Items []*rawItem  `parser:"@@*"`
	Close lexer.Token `parser:"@\"}\""`
}

var parser = participle.MustBuild[rawFile](
	participle.Lexer(scanner{}),
)

// item is a parsed statement or comment, its words split and placed: what
// the expander, the formatter and Shape walk.
//
// When parsing for the checker, the top-level statements and comments of a
// run of lines are one item that keeps the scanner's pieces: checked for
// syntax errors but not stored split. The expander splits each statement
// again, into scratch, when it gets there. The words of 100,000 statements
// held at once, and an item for each, were most of a large file's memory;
// on a machine where fresh memory costs more than computing, splitting
// twice is the cheaper way (docs/performance.md). A statement that has a
// block leaves its run and is split for keeps.
type item struct {
	pos     Pos
	args    []arg   // a statement's words; nil for a comment or a run
	run     []piece // top-level statements and comments not yet split (see above)
	dollar  bool    // a word holds a $ substitution
	size    int     // a statement's length in bytes, as written (see Limits.MaxBytes)
	comment string  // a comment's text, from # on, without trailing blanks
	block   *block  // repeat's body
}

// isStmt reports whether the item is a statement, not a comment or a run.
func (it *item) isStmt() bool { return it.args != nil }

// posOf is where a piece starts.
func (sp *splitter) posOf(p *piece) Pos {
	return Pos{File: sp.name, Line: int(p.line), Col: int(p.col)}
}

// block is a { } block and where its braces are.
type block struct {
	open, close Pos
	items       []item
}

// parse reads src into items. Syntax errors are braces that do not pair up,
// unterminated strings (one error, the first: the rest of the file means
// nothing after them), and misplaced commas and bad escapes in a statement
// (every one, each at its place). With raw, the top-level runs of lines
// are left unsplit (see item).
func parse(name string, src []byte, raw bool, maxDepth int) ([]item, ErrorList) {
	src = trimBOM(src)
	if errs := badBytes(name, src); errs != nil {
		return nil, errs
	}
	text := string(src)
	l := &scanning{text: text, pos: lexer.Position{Filename: name, Line: 1, Column: 1}, maxDepth: maxDepth}
	l.pieces = make([]piece, 0, strings.Count(text, "\n")+1)
	var f *rawFile
	peek, err := lexer.Upgrade(l) // lexes the whole file: every piece and brace is seen
	if err == nil {
		f, err = parser.ParseFromLexer(peek)
	}
	if err != nil {
		var perr participle.Error
		if errors.As(err, &perr) {
			p := perr.Position()
			msg := syntaxMessage(perr.Message())
			off := p.Offset
			if strings.Contains(perr.Message(), `unexpected token "<EOF>"`) {
				if n := len(l.open); n > 0 { // the innermost { never closed
					off, msg = l.open[n-1], "this { block is never closed with }"
				}
			}
			line, col := colOf(src, off)
			return nil, ErrorList{{Pos: Pos{File: name, Line: line, Col: col}, Msg: msg}}
		}
		return nil, ErrorList{{Pos: Pos{File: name}, Msg: err.Error()}}
	}
	var errs ErrorList
	sp := &splitter{name: name, errs: &errs, pieces: l.pieces, runs: l.runs, raw: raw}
	items := sp.lowerItems(f.Items, 0)
	if len(errs) > 0 {
		errs.finish()
		return nil, errs
	}
	return items, nil
}

// badBytes reports every NUL byte and every byte that is not UTF-8, in
// one pass, each at its line and column (up to MaxErrors). A NUL is valid
// UTF-8, but no scenario holds one: it is named as what it is.
func badBytes(name string, src []byte) ErrorList {
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
			errs.Add(Pos{File: name, Line: line, Col: col}, "a NUL byte is not allowed in a scenario (is it a binary file?)")
		case c >= utf8.RuneSelf:
			r, n := utf8.DecodeRune(src[i:])
			if r == utf8.RuneError && n == 1 {
				errs.Add(Pos{File: name, Line: line, Col: col}, "byte 0x%02X is not UTF-8: save the file as UTF-8", c)
			}
			i += n
			col++
			continue
		}
		i++
		col++
	}
	errs.finish()
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

// lowerItems turns participle's items into statements, comments and
// blocks, joining each block to the statement before it. The pieces of
// each Lines token are the scanner's, taken in order: the items of a parse
// come in the order the scanner read them.
func (sp *splitter) lowerItems(raw []*rawItem, depth int) []item {
	name := sp.name
	var out []item
	for _, r := range raw {
		switch {
		case r.Lines != nil:
			n := sp.runs[0]
			sp.runs = sp.runs[1:]
			pieces := sp.pieces[:n:n]
			sp.pieces = sp.pieces[n:]
			if sp.raw && depth == 0 {
				for i := range pieces {
					if sp.errs.full() {
						return out
					}
					if p := &pieces[i]; !p.comment {
						sp.cut(p.text, int(p.line), int(p.col)) // for its errors only
					}
				}
				out = append(out, item{pos: sp.posOf(&pieces[0]), run: pieces})
				continue
			}
			if out == nil {
				out = make([]item, 0, n)
			}
			for i := range pieces {
				if sp.errs.full() {
					return out
				}
				p := &pieces[i]
				if p.comment {
					out = append(out, item{pos: sp.posOf(p), comment: strings.TrimRight(p.text, " \t\r")})
					continue
				}
				it := item{pos: sp.posOf(p), size: len(p.text)}
				it.args, it.dollar = sp.split(p.text, int(p.line), int(p.col))
				out = append(out, it)
			}
		case r.Block != nil:
			b := &block{
				open:  tokPos(name, r.Block.Open.Pos),
				close: tokPos(name, r.Block.Close.Pos),
				items: sp.lowerItems(r.Block.Items, depth+1),
			}
			if n := len(out); n > 0 && out[n-1].run != nil {
				// The statement before the block leaves its run: it is
				// expanded with its block, so it is split for keeps. Its
				// errors, reported again, are the same errors, which
				// ErrorList.Sort drops.
				run := out[n-1].run
				if last := &run[len(run)-1]; !last.comment {
					it := item{pos: sp.posOf(last), size: len(last.text)}
					it.args, it.dollar = sp.split(last.text, int(last.line), int(last.col))
					if out[n-1].run = run[:len(run)-1]; len(out[n-1].run) == 0 {
						out = out[:n-1]
					}
					out = append(out, it)
				}
			}
			if n := len(out); n == 0 || !out[n-1].isStmt() || out[n-1].block != nil {
				sp.errs.Add(b.open, "unexpected {: a block must follow a statement such as repeat")
				continue
			}
			out[len(out)-1].block = b
		}
	}
	return out
}

func tokPos(name string, p lexer.Position) Pos {
	return Pos{File: name, Line: p.Line, Col: p.Column}
}

// syntaxMessage rewrites participle's messages into the user's terms.
func syntaxMessage(msg string) string {
	switch {
	case strings.Contains(msg, `unexpected token "<EOF>"`):
		return "unexpected end of file: a { block is not closed with }"
	case strings.Contains(msg, `unexpected token "}"`):
		return "unexpected }: there is no { block to close"
	case strings.Contains(msg, `unexpected token "{"`):
		return "unexpected {: a block must follow a statement such as repeat"
	}
	return msg
}
