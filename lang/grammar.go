package lang

import (
	"errors"
	"strings"
	"unicode/utf8"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"
)

// The grammar is loose on purpose: it knows statements, comments and
// blocks, and nothing about verbs. Everything a user can get wrong in a way
// worth explaining is left to the checker, which knows what each verb wants
// and can say so. A statement is one Line token (see scanner); splitter.split
// cuts it into words, lists and strings.
//
//	File  = Item* .
//	Item  = Line | Comment | Block .
//	Block = "{" Item* "}" .
//
// A block belongs to the statement before it (lowerItems joins them), which
// keeps the grammar to one node per line: participle's cost is per node.

// rawFile is a whole scenario: statements, comments and blocks in order.
type rawFile struct {
	Items []*rawItem `parser:"@@*"`
}

// rawItem is a statement, a comment or a block.
type rawItem struct {
	Line    lexer.Token  `parser:"  @Line"`
	Comment *lexer.Token `parser:"| @Comment"`
	Block   *rawBlock    `parser:"| @@"`
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
type item struct {
	pos     Pos
	args    []arg  // a statement's words; nil for a comment
	dollar  bool   // a word holds a $ substitution
	comment string // a comment's text, from # on, without trailing blanks
	block   *block // repeat's body
}

// block is a { } block and where its braces are.
type block struct {
	open, close Pos
	items       []item
}

// parse reads src into items. Syntax errors are braces that do not pair up,
// unterminated strings (one error, the first: the rest of the file means
// nothing after them), and misplaced commas and bad escapes in a statement
// (every one, each at its place).
func parse(name string, src []byte) ([]item, ErrorList) {
	if !utf8.Valid(src) {
		off := 0
		for off < len(src) {
			r, n := utf8.DecodeRune(src[off:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			off += n
		}
		line, col := colOf(src, off)
		return nil, ErrorList{{Pos: Pos{File: name, Line: line, Col: col}, Msg: "file is not valid UTF-8"}}
	}
	text := string(src)
	cut := -1
	if len(text) >= parallelMin {
		cut = topLevelLineEnd(text, len(text)/2)
	}
	items, errs, err := parseItems(name, text, cut)
	if err != nil {
		var perr participle.Error
		if errors.As(err, &perr) {
			p := perr.Position()
			msg := syntaxMessage(perr.Message())
			off := p.Offset
			if strings.Contains(perr.Message(), `unexpected token "<EOF>"`) {
				if open := unclosedBrace(src); open >= 0 {
					off, msg = open, "this { block is never closed with }"
				}
			}
			line, col := colOf(src, off)
			return nil, ErrorList{{Pos: Pos{File: name, Line: line, Col: col}, Msg: msg}}
		}
		return nil, ErrorList{{Pos: Pos{File: name}, Msg: err.Error()}}
	}
	if len(errs) > 0 {
		errs.Sort()
		return nil, errs
	}
	return items, nil
}

// lowerItems turns participle's items into statements, comments and
// blocks, joining each block to the statement before it.
func (sp *splitter) lowerItems(raw []*rawItem) []item {
	name := sp.name
	out := make([]item, 0, len(raw))
	for _, r := range raw {
		switch {
		case r.Comment != nil:
			out = append(out, item{pos: tokPos(name, r.Comment.Pos), comment: strings.TrimRight(r.Comment.Value, " \t\r")})
		case r.Block != nil:
			b := &block{
				open:  tokPos(name, r.Block.Open.Pos),
				close: tokPos(name, r.Block.Close.Pos),
				items: sp.lowerItems(r.Block.Items),
			}
			if n := len(out); n == 0 || out[n-1].args == nil || out[n-1].block != nil {
				sp.errs.Add(b.open, "unexpected {: a block must follow a statement such as repeat")
				continue
			}
			out[len(out)-1].block = b
		default:
			it := item{pos: tokPos(name, r.Line.Pos)}
			it.args, it.dollar = sp.split(r.Line)
			out = append(out, it)
		}
	}
	return out
}

// parallelMin is the size from which parse parses the two halves of a
// file at once.
const parallelMin = 256 << 10

// parseItems parses text and splits its statements into words. With a cut
// (the offset of a line end between top-level statements), the two halves
// are parsed on two goroutines and joined: the items are the same as one
// parse gives (TestParallelParse), and a syntax error is the first half's
// if it has one, as a single parse stops there. participle's cost is per
// node and the grammar has one node per line, so this is what is left to
// gain on a large file; the machine has two cores.
func parseItems(name, text string, cut int) ([]item, ErrorList, error) {
	start := lexer.Position{Filename: name, Offset: 0, Line: 1, Column: 1}
	if cut < 0 {
		return parseHalf(name, text, start)
	}
	second := lexer.Position{Filename: name, Offset: cut + 1, Line: 1 + strings.Count(text[:cut+1], "\n"), Column: 1}
	var items2 []item
	var errs2 ErrorList
	var err2 error
	done := make(chan struct{})
	go func() {
		defer close(done)
		items2, errs2, err2 = parseHalf(name, text, second)
	}()
	items, errs, err := parseHalf(name, text[:cut+1], start)
	<-done
	// One parse lexes the whole file before parsing: a lexical error in
	// the second half comes before a syntax error in the first.
	var lexErr *lexer.Error
	if err == nil || !errors.As(err, &lexErr) && errors.As(err2, &lexErr) {
		err = err2
	}
	if err != nil {
		return nil, nil, err
	}
	return append(items, items2...), append(errs, errs2...), nil
}

// parseHalf parses text from the position at to its end, and splits the
// statements.
func parseHalf(name, text string, at lexer.Position) ([]item, ErrorList, error) {
	f, err := parseFrom(text, at)
	if err != nil {
		return nil, nil, err
	}
	var errs ErrorList
	sp := &splitter{name: name, errs: &errs}
	return sp.lowerItems(f.Items), errs, nil
}

// parseFrom parses text from the position at, to its end.
func parseFrom(text string, at lexer.Position) (*rawFile, error) {
	l := &scanning{text: text, pos: at}
	peek, err := lexer.Upgrade(l)
	if err != nil {
		return nil, err
	}
	return parser.ParseFromLexer(peek)
}

// topLevelLineEnd returns the offset of the first line end at or after
// from that is outside every block, comment and string, or -1. On anything
// odd (a } with no {, a string left open before it) it gives up and the
// file is parsed in one piece.
func topLevelLineEnd(text string, from int) int {
	depth, cut := 0, -1
	eachStructural(text, func(i int) bool {
		switch text[i] {
		case '{':
			depth++
		case '}':
			depth--
		case '\n':
			if depth == 0 && i >= from && i+1 < len(text) && !blockNext(text[i+1:]) {
				cut = i
			}
		}
		return depth >= 0 && cut < 0
	})
	if depth < 0 {
		return -1
	}
	return cut
}

// eachStructural calls f with the offset of every {, } and line end in
// text that is outside comments and strings, reading them as the scanner
// does, until f returns false or a string is left open at a line end (the
// scanner rejects the file there).
func eachStructural(text string, f func(i int) bool) {
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case '#':
			for i+1 < len(text) && text[i+1] != '\n' {
				i++
			}
		case '"':
			for i++; i < len(text) && text[i] != '"'; i++ {
				if text[i] == '\n' {
					return
				}
				if text[i] == '\\' && i+1 < len(text) && text[i+1] != '\n' {
					i++
				}
			}
		case '{', '}', '\n':
			if !f(i) {
				return
			}
		}
	}
}

// blockNext reports whether the next thing in text, past blanks and line
// ends, is a {: a block that belongs to the statement before the line end,
// which must stay in the same half.
func blockNext(text string) bool {
	for i := 0; i < len(text); i++ {
		if c := text[i]; c != '\n' && c != ';' && !isSpace(c) {
			return c == '{'
		}
	}
	return false
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

// unclosedBrace returns the offset of the innermost { that is never
// closed, skipping comments and strings, or -1.
func unclosedBrace(src []byte) int {
	text := string(src)
	var stack []int
	eachStructural(text, func(i int) bool {
		switch {
		case text[i] == '{':
			stack = append(stack, i)
		case text[i] == '}' && len(stack) > 0:
			stack = stack[:len(stack)-1]
		}
		return true
	})
	if len(stack) == 0 {
		return -1
	}
	return stack[len(stack)-1]
}
