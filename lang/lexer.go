package lang

import (
	"io"
	"unicode/utf8"

	"github.com/alecthomas/participle/v2/lexer"
)

// scanner is the lexer of the grammar, written by hand: the token classes
// are simple (comment, string, line end, punctuation, word) and a regular
// expression lexer spent a quarter of the parse on them. It produces what
// lexer.MustSimple would for these rules, spaces elided:
//
//	Comment  #[^\n]*
//	String   "(\\.|[^"\\\n])*"
//	EOL      [\n;]
//	Punct    [{},]
//	Word     [^\s;#{},"]+
type scanner struct{}

// Token types, numbered as participle numbers a simple lexer's rules.
const (
	tokComment lexer.TokenType = -(iota + 2)
	tokString
	tokEOL
	tokPunct
	tokWord
)

// Symbols implements lexer.Definition. The map is built on each call:
// participle asks while the package's variables are still being
// initialised.
func (scanner) Symbols() map[string]lexer.TokenType {
	return map[string]lexer.TokenType{
		"EOF": lexer.EOF, "Comment": tokComment, "String": tokString, "EOL": tokEOL, "Punct": tokPunct, "Word": tokWord,
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

func endsWord(c byte) bool {
	switch c {
	case ' ', '\t', '\n', '\r', '\v', '\f', ';', '#', '{', '}', ',', '"':
		return true
	}
	return false
}

// advance moves the position over n bytes (which hold no line end unless
// the token is one).
func (l *scanning) advance(n int) {
	seg := l.text[l.pos.Offset : l.pos.Offset+n]
	for i := 0; i < len(seg); {
		r, size := utf8.DecodeRuneInString(seg[i:])
		if r == '\n' {
			l.pos.Line++
			l.pos.Column = 1
		} else {
			l.pos.Column++
		}
		i += size
	}
	l.pos.Offset += n
}

// Next implements lexer.Lexer.
func (l *scanning) Next() (lexer.Token, error) {
	text := l.text
	for l.pos.Offset < len(text) && isSpace(text[l.pos.Offset]) {
		l.advance(1)
	}
	start := l.pos
	i := start.Offset
	if i >= len(text) {
		return lexer.EOFToken(start), nil
	}
	var typ lexer.TokenType
	n := 1
	switch c := text[i]; {
	case c == '\n' || c == ';':
		typ = tokEOL
	case c == '{' || c == '}' || c == ',':
		typ = tokPunct
	case c == '#':
		typ = tokComment
		for i+n < len(text) && text[i+n] != '\n' {
			n++
		}
	case c == '"':
		typ = tokString
		for {
			if i+n >= len(text) || text[i+n] == '\n' {
				return lexer.Token{}, &lexer.Error{Msg: "invalid input text " + quoteShort(text[i:]), Pos: start}
			}
			if text[i+n] == '\\' && i+n+1 < len(text) && text[i+n+1] != '\n' {
				n += 2
				continue
			}
			if text[i+n] == '"' {
				n++
				break
			}
			n++
		}
	default:
		typ = tokWord
		for i+n < len(text) && !endsWord(text[i+n]) {
			n++
		}
	}
	tok := lexer.Token{Type: typ, Value: text[i : i+n], Pos: start}
	l.advance(n)
	return tok, nil
}

func quoteShort(s string) string {
	if len(s) > 20 {
		s = s[:20] + "..."
	}
	return "\"" + s + "\""
}
