package lang

import (
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

// fileNode is a whole scenario.
type fileNode struct {
	Pos, EndPos lexer.Position
	Lines       []*lineNode `parser:"@@*"`
}

// lineNode is a statement, a comment, a block on a line of its own, or the
// end of a line (a line end or ;).
type lineNode struct {
	Pos, EndPos lexer.Position
	Stmt        *stmtNode    `parser:"  @@"`
	Comment     *lexer.Token `parser:"| @Comment"`
	Block       *blockNode   `parser:"| @@"`
	End         bool         `parser:"| @EOL"`
}

// stmtNode is a statement: its head, its arguments, and the block of
// repeat.
type stmtNode struct {
	Pos, EndPos lexer.Position
	Head        *argNode   `parser:"@@"`
	Args        []*argNode `parser:"@@*"`
	Block       *blockNode `parser:"@@?"`
}

// argNode is a "string", a word or a comma list of words (blanks may stand
// around the commas), or commas out of place, kept for the error.
type argNode struct {
	Pos, EndPos lexer.Position
	String      *lexer.Token  `parser:"  @String"`
	List        []lexer.Token `parser:"| @( (Word | Subst) ( Comma (Word | Subst) )* )"`
	Stray       []lexer.Token `parser:"| @Comma+"`
}

// blockNode is { lines }, the body of repeat.
type blockNode struct {
	Pos, EndPos lexer.Position
	Open        lexer.Token `parser:"@\"{\""`
	Lines       []*lineNode `parser:"@@*"`
	Close       lexer.Token `parser:"@\"}\""`
}

var parser = participle.MustBuild[fileNode](
	participle.Lexer(scanner{}),
	participle.UseLookahead(2), // a list's ", word" tail may back off a stray comma
)

// Grammar is the EBNF of the grammar, as participle prints it.
func Grammar() string { return parser.String() }
