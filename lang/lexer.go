package lang

import (
	"io"
	"unicode/utf8"

	"github.com/alecthomas/participle/v2/lexer"
)

// scanner is the lexer of the grammar, written by hand. It has three token
// classes, and a statement is one token:
//
//	Comment  #[^\n]*
//	Punct    [{}]
//	Line     the words of one statement: everything up to the next
//	         line end, ;, #, { or } that is not inside a "string",
//	         without the blanks around it
//
// Line ends and semicolons only end a statement, and a Line token already
// stops there, so the scanner drops them like blanks. splitter.split cuts
// a Line into words, comma lists and strings, placing each by the token's
// position.
//
// Why a statement is one token: participle spends about 2 µs and a dozen
// allocations on every node it matches, so a grammar over single words
// cost 19 µs a line, and the 100,000-line target (300 ms) needs under 3 µs
// for parse and check together. See docs/performance.md.
type scanner struct{}

// Token types, numbered as participle numbers a simple lexer's rules.
const (
	tokComment lexer.TokenType = -(iota + 2)
	tokPunct
	tokLine
)

// Symbols implements lexer.Definition. The map is built on each call:
// participle asks while the package's variables are still being
// initialised.
func (scanner) Symbols() map[string]lexer.TokenType {
	return map[string]lexer.TokenType{
		"EOF": lexer.EOF, "Comment": tokComment, "Punct": tokPunct, "Line": tokLine,
	}
}

// Lex implements lexer.Definition.
func (d scanner) Lex(filename string, r io.Reader) (lexer.Lexer, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	return d.LexString(filename, string(b))
}

// LexBytes implements lexer.BytesDefinition.
func (d scanner) LexBytes(filename string, input []byte) (lexer.Lexer, error) {
	return d.LexString(filename, string(input))
}

// LexString implements lexer.StringDefinition.
func (scanner) LexString(filename string, input string) (lexer.Lexer, error) {
	return &scanning{text: input, pos: lexer.Position{Filename: filename, Line: 1, Column: 1}}, nil
}

type scanning struct {
	text string
	pos  lexer.Position
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'
}

// endsLine reports whether c ends a Line token outside a string.
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

// Next implements lexer.Lexer.
func (l *scanning) Next() (lexer.Token, error) {
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
			break
		}
		l.pos.Offset++
		l.pos.Column++
	}
	start := l.pos
	i := start.Offset
	if i >= len(text) {
		return lexer.EOFToken(start), nil
	}
	var typ lexer.TokenType
	n := 1
	switch c := text[i]; c {
	case '{', '}':
		typ = tokPunct
	case '#':
		typ = tokComment
		for i+n < len(text) && text[i+n] != '\n' {
			n++
		}
	default:
		typ = tokLine
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
					return lexer.Token{}, &lexer.Error{Msg: "unterminated string: a \" string must end on the same line", Pos: l.pos}
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
	tok := lexer.Token{Type: typ, Value: text[i : i+n], Pos: start}
	l.advance(n)
	return tok, nil
}
