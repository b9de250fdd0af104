package lang

import (
	"fmt"
	"strings"
	"testing"

	"github.com/alecthomas/participle/v2/lexer"
)

// dumpItems writes items with every position, for comparing two parses.
func dumpItems(b *strings.Builder, items []item, indent string) {
	for _, it := range items {
		fmt.Fprintf(b, "%s%d:%d", indent, it.pos.Line, it.pos.Col)
		if !it.isStmt() {
			fmt.Fprintf(b, " comment %q\n", it.comment)
			continue
		}
		for _, a := range it.args {
			for _, w := range a.words {
				fmt.Fprintf(b, " %q@%d:%d", w.text, w.pos.Line, w.pos.Col)
			}
			b.WriteString(" |")
		}
		if it.dollar {
			b.WriteString(" $")
		}
		b.WriteByte('\n')
		if it.block != nil {
			fmt.Fprintf(b, "%s{ %v %v\n", indent, it.block.open, it.block.close)
			dumpItems(b, it.block.items, indent+"  ")
		}
	}
}

// TestParseItems pins what the grammar's nodes lower to: words and their
// positions (in characters), comma lists with blanks around the commas,
// strings unquoted, $ words, comments, and blocks on the statement's line
// and on a later one.
func TestParseItems(t *testing.T) {
	src := "host A ip 10.0.0.1 # first\n" +
		"note \"ü { # ; \\\"q\\\"\" x , y,z;wait 1ms\n" +
		"repeat 2 as i\n\n{\n  note C$i.c $(i+1)\n}\n" +
		"repeat 1 as j { note \"a\"b }\n"
	items, errs := parse("t.tcps", []byte(src), DefaultLimits)
	if errs != nil {
		t.Fatal(errs)
	}
	var b strings.Builder
	dumpItems(&b, items, "")
	want := `1:1 "host"@1:1 | "A"@1:6 | "ip"@1:8 | "10.0.0.1"@1:11 |
1:20 comment "# first"
2:1 "note"@2:1 | "ü { # ; \"q\""@2:6 | "x"@2:22 "y"@2:26 "z"@2:28 |
2:30 "wait"@2:30 | "1ms"@2:35 |
3:1 "repeat"@3:1 | "2"@3:8 | "as"@3:10 | "i"@3:13 |
{ t.tcps:5:1 t.tcps:7:1
  6:3 "note"@6:3 | "C$i.c"@6:8 | "$(i+1)"@6:14 | $
8:1 "repeat"@8:1 | "1"@8:8 | "as"@8:10 | "j"@8:13 |
{ t.tcps:8:15 t.tcps:8:27
  8:17 "note"@8:17 | "a"@8:22 | "b"@8:25 |
`
	if got := b.String(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if got := items[2].size; got != len(`note "ü { # ; \"q\"" x , y,z`) {
		t.Errorf("size of line 2's first statement = %d", got)
	}
}

// TestParseCommaErrors checks that every comma out of place is reported at
// its place, and that the words around it stay where they are.
func TestParseCommaErrors(t *testing.T) {
	src := "note a,,b c, \"s\" ,d\nnote x,\"y\"\n"
	_, errs := parse("t.tcps", []byte(src), DefaultLimits)
	var got []string
	for _, e := range errs {
		got = append(got, fmt.Sprintf("%d:%d", e.Pos.Line, e.Pos.Col))
		if !strings.Contains(e.Msg, "unexpected ,") {
			t.Errorf("%s: %s", e.Pos, e.Msg)
		}
	}
	if want := "1:7 1:12 1:18 2:7"; strings.Join(got, " ") != want {
		t.Errorf("comma errors at %v, want %s", got, want)
	}
}

func TestOutline(t *testing.T) {
	src := "host A ip 10.0.0.1\nlisten *:80 as L\nhost B ip 10.0.0.2\nB.connect A:80 as c\nthread T of A\nrepeat 2 as i {\n  A.L.accept as s$i\n}\n"
	syms, err := Outline("t.tcps", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range syms {
		got = append(got, fmt.Sprintf("%s %s/%s %d:%d", s.Kind, s.Host, s.Name, s.Pos.Line, s.Pos.Col))
	}
	want := "host /A 1:6, socket A/L 2:16, host /B 3:6, socket B/c 4:19, thread A/T 5:8, socket A/s$i 7:17"
	if strings.Join(got, ", ") != want {
		t.Errorf("got  %s\nwant %s", strings.Join(got, ", "), want)
	}
}

// TestScannerTokens pins the scanner's token types.
func TestScannerTokens(t *testing.T) {
	l := newScanning("t.tcps", "A.connect B:80 S$i:80 x,\"s\" # c\n{;}", DefaultLimits)
	names := map[lexer.TokenType]string{}
	for n, tt := range (scanner{}).Symbols() {
		names[tt] = n
	}
	var got []string
	for {
		tok, err := l.Next()
		if err != nil {
			t.Fatal(err)
		}
		if tok.EOF() {
			break
		}
		got = append(got, names[tok.Type]+":"+tok.Value)
	}
	want := "Word:A.connect Endpoint:B:80 Subst:S$i:80 Word:x Comma:, String:\"s\" Comment:# c EOL:\n Punct:{ EOL:; Punct:}"
	if strings.Join(got, " ") != want {
		t.Errorf("got  %s\nwant %s", strings.Join(got, " "), want)
	}
}
