package lang

import (
	"sync"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"
)

// The grammar of a scenario, as participle structs. It is loose on
// purpose: it knows lines, statements, their arguments and blocks, and
// nothing about verbs. What each verb takes is the verb table's business
// (verbs.go), and the checker explains a wrong word better than a parser
// could. The tokens are the scanner's (lexer.go); docs/language.md holds
// the EBNF participle prints for it (see Grammar).
//
// A statement's first argument is its head, HOST[.SOCK].verb or a verb,
// cut at its dots by the checker. A block belongs to the statement before
// it, on the same line or on a later one; lowering joins them.

// scenario is a whole file.
type scenario struct {
	Pos, EndPos lexer.Position
	Lines       []*line `parser:"@@*"`
}

// line is a statement, the end of a line (a line end or ;), a comment, or
// a block on a line of its own (it belongs to the statement before it).
type line struct {
	Pos, EndPos lexer.Position
	Stmt        *statement   `parser:"  @@"`
	End         bool         `parser:"| @EOL"`
	Comment     *lexer.Token `parser:"| @Comment"`
	Block       *body        `parser:"| @@"`
}

// statement is a statement: its head (HOST[.SOCK].verb, or a verb), its
// arguments, the block of repeat, and the line end or ; after it (taken
// here rather than as a line of its own: participle's cost is per node).
type statement struct {
	Pos, EndPos lexer.Position
	Head        *argument   `parser:"@@"`
	Args        []*argument `parser:"@@*"`
	Block       *body       `parser:"@@?"`
	End         bool        `parser:"@EOL?"`
}

// argument is a word or a comma list of words (blanks may stand around the
// commas; a word may be an endpoint, ADDR:PORT, or hold $ substitutions),
// a "string", or commas out of place, kept so that each gets its own
// error. The checker reads each word as what the verb wants there.
type argument struct {
	Pos, EndPos lexer.Position
	List        []lexer.Token `parser:"  @( (Word | Endpoint | Subst) ( Comma (Word | Endpoint | Subst) )* )"`
	String      *lexer.Token  `parser:"| @String"`
	Stray       []lexer.Token `parser:"| @Comma+"`
}

// body is { lines }: the body of repeat.
type body struct {
	Pos, EndPos lexer.Position
	Open        lexer.Token `parser:"@\"{\""`
	Lines       []*line     `parser:"@@*"`
	Close       lexer.Token `parser:"@\"}\""`
}

// participle's default lookahead, one token, lets a list's tail back off
// a comma that no word follows: a,,b is the list a, the stray commas, and
// the list b. The parser is built when the first file is parsed, not when
// tcps starts: building it costs more than a millisecond, which tcps
// version and tcps help need not pay.
var parser = sync.OnceValue(func() *participle.Parser[scenario] {
	return participle.MustBuild[scenario](participle.Lexer(scanner{}))
})

// Grammar is the EBNF of the grammar, as participle prints it from the
// structs above; docs/language.md shows it.
func Grammar() string { return parser().String() }
