package lang

import (
	"errors"
	"strings"
	"unicode/utf8"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"
)

// The grammar is loose on purpose: it knows statements, words, lists,
// strings, blocks and comments, and nothing about verbs. Everything a user
// can get wrong in a way worth explaining is left to the checker, which
// knows what each verb wants and can say so.

// rawFile is a whole scenario: statements, comments and line ends in order.
type rawFile struct {
	Elems []*rawElem `parser:"@@*"`
}

// rawElem is one item of a statement list.
type rawElem struct {
	Pos     lexer.Position
	EOL     string   `parser:"@EOL"`
	Comment string   `parser:"| @Comment"`
	Stmt    *rawStmt `parser:"| @@"`
}

// rawStmt is a head word, its arguments and an optional block.
type rawStmt struct {
	Pos   lexer.Position
	Args  []*rawArg `parser:"@@+"`
	Block *rawBlock `parser:"@@?"`
}

// rawBlock is the body of repeat.
type rawBlock struct {
	Pos   lexer.Position
	Elems []*rawElem `parser:"\"{\" @@* \"}\""`
}

// rawArg is a word, a comma-separated list of words, or a quoted string.
type rawArg struct {
	Pos   lexer.Position
	Str   *string  `parser:"@String"`
	Words []string `parser:"| @Word ( \",\" @Word )*"`
}

var parser = participle.MustBuild[rawFile](
	participle.Lexer(scanner{}),
	participle.Unquote("String"),
)

// parse reads src into the raw grammar. It returns at most one error: the
// grammar is loose enough that the first syntax error is almost always the
// only one (an unbalanced brace or an unterminated string).
func parse(name string, src []byte) (*rawFile, *Error) {
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
		return nil, &Error{Pos: Pos{File: name, Line: line, Col: col}, Msg: "file is not valid UTF-8"}
	}
	text := string(src)
	if !strings.HasSuffix(text, "\n") {
		text += "\n"
	}
	f, err := parser.ParseString(name, text)
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
			return nil, &Error{Pos: Pos{File: name, Line: line, Col: col}, Msg: msg}
		}
		return nil, &Error{Pos: Pos{File: name}, Msg: err.Error()}
	}
	return f, nil
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
	case strings.Contains(msg, `unexpected token ","`):
		return "unexpected ,: a comma separates the items of a list such as 10.0.0.1,10.0.0.2"
	case strings.Contains(msg, "invalid input text"):
		return "unterminated string: a \" string must end on the same line"
	}
	return msg
}

// unclosedBrace returns the offset of the innermost { that is never
// closed, skipping comments and strings, or -1.
func unclosedBrace(src []byte) int {
	var stack []int
	inComment, inString := false, false
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch {
		case inComment:
			inComment = c != '\n'
		case inString:
			if c == '\\' {
				i++
			} else if c == '"' || c == '\n' {
				inString = false
			}
		case c == '#':
			inComment = true
		case c == '"':
			inString = true
		case c == '{':
			stack = append(stack, i)
		case c == '}' && len(stack) > 0:
			stack = stack[:len(stack)-1]
		}
	}
	if len(stack) == 0 {
		return -1
	}
	return stack[len(stack)-1]
}
