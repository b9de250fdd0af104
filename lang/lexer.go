package lang

import (
	"io"
	"strings"
	"unicode/utf8"

	"github.com/alecthomas/participle/v2/lexer"
	"github.com/tcps-dev/tcps/lang/msg"
)

// scanner is the lexer of the grammar, written by hand because its errors
// are the user's first: an unterminated string and a { nested too deep
// are found here, before participle sees a token. Its tokens:
//
//	Word     a run of characters other than blanks and , " # ; { } and line ends
//	Endpoint a Word that holds a colon: ADDR:PORT, HOST:PORT, *:PORT
//	Subst    a Word that holds a $ substitution ($i, $(2*i+1), S$i:80)
//	String   a "quoted string", escapes as in Go, ended on its line
//	Comma    ,
//	Comment  # to the end of the line
//	EOL      a line end or ;
//	Punct    { or }
//
// Blanks (space, tab, CR, VT, FF) separate tokens and are dropped.
type scanner struct{}

// Token types, numbered as participle numbers a simple lexer's rules.
const (
	tokWord lexer.TokenType = -(iota + 2)
	tokSubst
	tokEndpoint
	tokString
	tokComma
	tokComment
	tokEOL
	tokPunct
)

// Symbols implements lexer.Definition. The map is built on each call:
// participle asks while the package's variables are still being
// initialised.
func (scanner) Symbols() map[string]lexer.TokenType {
	return map[string]lexer.TokenType{
		"EOF": lexer.EOF, "Word": tokWord, "Subst": tokSubst, "Endpoint": tokEndpoint, "String": tokString,
		"Comma": tokComma, "Comment": tokComment, "EOL": tokEOL, "Punct": tokPunct,
	}
}

// Lex implements lexer.Definition.
func (scanner) Lex(filename string, r io.Reader) (lexer.Lexer, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	return newScanning(filename, string(b), DefaultLimits), nil
}

func newScanning(name, text string, l Limits) *scanning {
	return &scanning{text: text, pos: lexer.Position{Filename: name, Line: 1, Column: 1}, maxDepth: l.MaxDepth, maxTokens: l.MaxTokens, lang: l.Lang}
}

// scanning is one run of the scanner over a file.
type scanning struct {
	text string
	pos  lexer.Position
	open []int // offsets of the { not yet closed, innermost last
	// maxDepth bounds the nesting of { }: the parser recurses once per
	// level, so a file of 300,000 { must stop here, at the first { too
	// deep, not in the parser.
	maxDepth int
	// maxTokens bounds the tokens of the file (Limits.MaxTokens): the
	// parser's memory grows with them.
	maxTokens, tokens int
	lang              msg.Lang // of the messages
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'
}

// endsWord reports whether c ends a word.
func endsWord(c byte) bool {
	return isSpace(c) || c == ',' || c == '"' || c == '\n' || c == ';' || c == '#' || c == '{' || c == '}'
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

// token is the token of type t from the position over n bytes.
func (l *scanning) token(t lexer.TokenType, n int) lexer.Token {
	tok := lexer.Token{Type: t, Value: l.text[l.pos.Offset : l.pos.Offset+n], Pos: l.pos}
	l.advance(n)
	return tok
}

// Next implements lexer.Lexer.
func (l *scanning) Next() (lexer.Token, error) {
	text := l.text
	for l.pos.Offset < len(text) && isSpace(text[l.pos.Offset]) {
		l.pos.Offset++
		l.pos.Column++
	}
	i := l.pos.Offset
	if i >= len(text) {
		return lexer.EOFToken(l.pos), nil
	}
	if l.tokens++; l.tokens > l.maxTokens {
		return lexer.Token{}, &lexer.Error{Msg: msg.TooManyTokens.In(l.lang, commas(l.maxTokens)), Pos: l.pos}
	}
	switch c := text[i]; c {
	case '\n':
		tok := lexer.Token{Type: tokEOL, Value: "\n", Pos: l.pos}
		l.pos.Offset++
		l.pos.Line++
		l.pos.Column = 1
		return tok, nil
	case ';':
		return l.token(tokEOL, 1), nil
	case ',':
		return l.token(tokComma, 1), nil
	case '{':
		if len(l.open) >= l.maxDepth {
			return lexer.Token{}, &lexer.Error{Msg: msg.NestedTooDeep.In(l.lang, l.maxDepth), Pos: l.pos}
		}
		l.open = append(l.open, i)
		return l.token(tokPunct, 1), nil
	case '}':
		if len(l.open) > 0 {
			l.open = l.open[:len(l.open)-1]
		}
		return l.token(tokPunct, 1), nil
	case '#':
		n := strings.IndexByte(text[i:], '\n')
		if n < 0 {
			n = len(text) - i
		}
		return l.token(tokComment, n), nil
	case '"':
		for n := 1; ; n++ {
			if i+n >= len(text) || text[i+n] == '\n' {
				return lexer.Token{}, &lexer.Error{Msg: msg.Unterminated.In(l.lang), Pos: l.pos}
			}
			if text[i+n] == '\\' && i+n+1 < len(text) && text[i+n+1] != '\n' {
				n++
				continue
			}
			if text[i+n] == '"' {
				return l.token(tokString, n+1), nil
			}
		}
	}
	n, t := 0, tokWord
	for i+n < len(text) && !endsWord(text[i+n]) {
		switch text[i+n] {
		case '$':
			t = tokSubst
		case ':':
			if t == tokWord {
				t = tokEndpoint
			}
		}
		n++
	}
	return l.token(t, n), nil
}
