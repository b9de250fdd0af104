package lang

import (
	"io"
	"unicode/utf8"

	"github.com/alecthomas/participle/v2/lexer"
)

// scanner is the lexer of the grammar, written by hand. It has two token
// classes:
//
//	Punct  [{}]
//	Lines  a run of statements and comments between braces
//
// A statement is everything up to the next line end, ;, #, { or } that is
// not inside a "string", without the blanks around it; a comment runs from
// # to the line end. Line ends and semicolons only end a statement, so the
// scanner drops them like blanks. The scanner records each statement and
// comment of a run as a piece, with its position, and splitter.split cuts
// a statement into words, comma lists and strings.
//
// Why a run of lines is one token: participle spends about 2 µs and a
// dozen allocations on every node it matches. A grammar over single words
// cost 19 µs a line, one node per line still 2 µs, and the 100,000-line
// target (300 ms) needs under 3 µs for parse and check together. So
// participle parses the structure of blocks, and a flat file is one node.
// See docs/performance.md.
type scanner struct{}

// Token types, numbered as participle numbers a simple lexer's rules.
const (
	tokPunct lexer.TokenType = -(iota + 2)
	tokLines
)

// Symbols implements lexer.Definition. The map is built on each call:
// participle asks while the package's variables are still being
// initialised.
func (scanner) Symbols() map[string]lexer.TokenType {
	return map[string]lexer.TokenType{
		"EOF": lexer.EOF, "Punct": tokPunct, "Lines": tokLines,
	}
}

// Lex implements lexer.Definition, which participle needs to build the
// parser. parse does not lex through it: it makes the scanning itself,
// because lowering needs the pieces the scanning records.
func (scanner) Lex(filename string, r io.Reader) (lexer.Lexer, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	return &scanning{text: string(b), pos: lexer.Position{Filename: filename, Line: 1, Column: 1}}, nil
}

type scanning struct {
	text   string
	pos    lexer.Position
	pieces []piece // the statements and comments of every Lines token so far
	runs   []int   // the number of pieces of each Lines token, in order
	open   []int   // offsets of the { not yet closed, innermost last
	// maxDepth bounds the nesting of { }: the parser recurses once per
	// level, so a file of 300,000 { must stop here, at the first { too
	// deep, not in the parser.
	maxDepth int
}

// piece is one statement or comment of a Lines token.
type piece struct {
	text      string
	line, col int32
	comment   bool
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'
}

// endsLine reports whether c ends a statement outside a string.
func endsLine(c byte) bool {
	return c == '\n' || c == ';' || c == '#' || c == '{' || c == '}'
}

// advance moves the position over n bytes that hold no line end.
func (l *scanning) advance(n int) {
	seg := l.text[l.pos.Offset : l.pos.Offset+n]
	ascii := true
	for i := 0; i < len(seg); i++ {
		if seg[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		l.pos.Column += n
	} else {
		l.pos.Column += utf8.RuneCountInString(seg)
	}
	l.pos.Offset += n
}

// skipSeparators moves over blanks, line ends and semicolons.
func (l *scanning) skipSeparators() {
	text := l.text
	for l.pos.Offset < len(text) {
		c := text[l.pos.Offset]
		if c == '\n' {
			l.pos.Offset++
			l.pos.Line++
			l.pos.Column = 1
			continue
		}
		if !isSpace(c) && c != ';' {
			return
		}
		l.pos.Offset++
		l.pos.Column++
	}
}

// Next implements lexer.Lexer.
func (l *scanning) Next() (lexer.Token, error) {
	l.skipSeparators()
	start := l.pos
	text := l.text
	if start.Offset >= len(text) {
		return lexer.EOFToken(start), nil
	}
	if c := text[start.Offset]; c == '{' || c == '}' {
		if c == '{' {
			if len(l.open) >= l.maxDepth {
				return lexer.Token{}, &lexer.Error{Msg: "this { is nested more than " + itoa(l.maxDepth) + " deep (the limit)", Pos: start}
			}
			l.open = append(l.open, start.Offset)
		} else if len(l.open) > 0 {
			l.open = l.open[:len(l.open)-1]
		}
		l.advance(1)
		return lexer.Token{Type: tokPunct, Value: text[start.Offset : start.Offset+1], Pos: start}, nil
	}
	var end int
	first := len(l.pieces)
	for {
		p, err := l.piece()
		if err != nil {
			return lexer.Token{}, err
		}
		l.pieces = append(l.pieces, p)
		end = l.pos.Offset
		l.skipSeparators()
		if i := l.pos.Offset; i >= len(text) || text[i] == '{' || text[i] == '}' {
			break
		}
	}
	l.runs = append(l.runs, len(l.pieces)-first)
	return lexer.Token{Type: tokLines, Value: text[start.Offset:end], Pos: start}, nil
}

// piece scans the statement or comment that starts at the position, which
// is past any separator and not at a brace.
func (l *scanning) piece() (piece, error) {
	text := l.text
	i := l.pos.Offset
	p := piece{line: int32(l.pos.Line), col: int32(l.pos.Column)}
	n := 1
	if text[i] == '#' {
		p.comment = true
		for i+n < len(text) && text[i+n] != '\n' {
			n++
		}
	} else {
		n = 0
		end := 0 // just past the last byte that is not a blank
		for i+n < len(text) && !endsLine(text[i+n]) {
			if text[i+n] != '"' {
				if !isSpace(text[i+n]) {
					end = n + 1
				}
				n++
				continue
			}
			q := n
			for n++; ; n++ {
				if i+n >= len(text) || text[i+n] == '\n' {
					l.advance(q)
					return piece{}, &lexer.Error{Msg: "unterminated string: a \" string must end on the same line", Pos: l.pos}
				}
				if text[i+n] == '\\' && i+n+1 < len(text) && text[i+n+1] != '\n' {
					n++
					continue
				}
				if text[i+n] == '"' {
					n++
					break
				}
			}
			end = n
		}
		n = end
	}
	p.text = text[i : i+n]
	l.advance(n)
	return p, nil
}
