package lang

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// splitter cuts statements into arguments. It keeps the arguments and
// words of all statements in a few large arrays rather than two small ones
// per statement: a 100,000-line scenario would otherwise spend a quarter of
// its check in the allocator.
type splitter struct {
	name      string
	errs      *ErrorList
	args      []arg  // scratch: the statement being split
	words     []word // scratch: its words, in order
	nwords    []int  // scratch: words per argument
	argSlab   []arg
	wordsSlab []word
	pieces    []piece // the scanner's statements and comments, not yet lowered
	runs      []int   // pieces per Lines token, not yet lowered
	raw       bool    // leave top-level runs of lines unsplit (see item)
}

// split cuts a statement (a piece of a Lines token) into its arguments:
//
//	Arg  = String | Word ( "," Word )* .
//
// A word is a run of characters other than blanks, commas and quotes;
// blanks may stand around a list's commas. Each word and string gets its
// own position. dollar reports whether a word holds a $ substitution.
// Misplaced commas and bad escapes are added to errs, each at its place.
func (sp *splitter) split(s string, line, col int) (args []arg, dollar bool) {
	dollar = sp.cut(s, line, col)
	args = take(&sp.argSlab, len(sp.args))
	copy(args, sp.args)
	words := take(&sp.wordsSlab, len(sp.words))
	copy(words, sp.words)
	for i, n := range sp.nwords {
		args[i].words, words = words[:n:n], words[n:]
	}
	return args, dollar
}

// scratch is split, but the arguments are the splitter's scratch arrays:
// they hold until the next call. The checker reads a top-level statement
// once, so it need not be kept (see item.run).
func (sp *splitter) scratch(s string, line, col int) (args []arg, dollar bool) {
	dollar = sp.cut(s, line, col)
	words := sp.words
	for i, n := range sp.nwords {
		sp.args[i].words, words = words[:n:n], words[n:]
	}
	return sp.args, dollar
}

// cut splits s into the scratch arrays: args, and their words in order,
// nwords to a list.
func (sp *splitter) cut(s string, line, col int) (dollar bool) {
	c := lineCursor{s: s, line: line, col: col, name: sp.name}
	sp.args, sp.words, sp.nwords = sp.args[:0], sp.words[:0], sp.nwords[:0]
	oddSeen := false // one error for the statement's odd spaces
	for {
		c.skipBlanks()
		if c.i >= len(s) {
			break
		}
		switch s[c.i] {
		case ',':
			sp.errs.Add(c.pos(), "unexpected ,: a comma separates the items of a list such as 10.0.0.1,10.0.0.2")
			c.skipCommas()
		case '"':
			a, err := c.str()
			if err != "" {
				sp.errs.Add(a.pos, "%s", err)
				continue
			}
			sp.args = append(sp.args, a)
			sp.words = append(sp.words, a.words[0])
			sp.nwords = append(sp.nwords, 1)
		default:
			a := arg{pos: c.pos()}
			n := 0
			for {
				w := c.word()
				if c.wide && !oddSeen {
					if off, msg := oddSpace(w.text); msg != "" {
						oddSeen = true
						p := w.pos
						p.Col += utf8.RuneCountInString(w.text[:off])
						sp.errs.Add(p, "%s", msg)
					}
				}
				dollar = dollar || strings.IndexByte(w.text, '$') >= 0
				sp.words = append(sp.words, w)
				n++
				save, saveCol := c.i, c.col
				c.skipBlanks()
				if c.i >= len(s) || s[c.i] != ',' {
					c.i, c.col = save, saveCol
					break
				}
				comma := c.pos()
				c.to(c.i + 1)
				c.skipBlanks()
				if c.i >= len(s) || s[c.i] == ',' || s[c.i] == '"' {
					sp.errs.Add(comma, "unexpected ,: a comma separates the items of a list such as 10.0.0.1,10.0.0.2")
					c.skipCommas()
					break
				}
			}
			sp.args = append(sp.args, a)
			sp.nwords = append(sp.nwords, n)
		}
	}
	return dollar
}

// take returns n elements cut from the front of *slab, refilling it in
// chunks.
func take[T any](slab *[]T, n int) []T {
	if len(*slab) < n {
		*slab = make([]T, max(n, 1024))
	}
	out := (*slab)[:n:n]
	*slab = (*slab)[n:]
	return out
}

// lineCursor walks a statement keeping the column (in characters) of the
// byte at i.
type lineCursor struct {
	s         string
	i         int
	line, col int
	name      string
	wide      bool // the last word read holds a character that is not ASCII
}

func (c *lineCursor) pos() Pos { return Pos{File: c.name, Line: c.line, Col: c.col} }

// to moves to byte j, counting characters.
func (c *lineCursor) to(j int) {
	for c.i < j {
		if c.s[c.i] < utf8.RuneSelf {
			c.i++
		} else {
			_, n := utf8.DecodeRuneInString(c.s[c.i:])
			c.i += n
		}
		c.col++
	}
}

// skipCommas passes a run of commas and blanks: one error is enough.
func (c *lineCursor) skipCommas() {
	for c.i < len(c.s) && (c.s[c.i] == ',' || isSpace(c.s[c.i])) {
		c.to(c.i + 1)
	}
}

func (c *lineCursor) skipBlanks() {
	for c.i < len(c.s) && isSpace(c.s[c.i]) {
		c.i++
		c.col++
	}
}

func endsWord(b byte) bool {
	return isSpace(b) || b == ',' || b == '"'
}

func (c *lineCursor) word() word {
	w := word{pos: c.pos()}
	j := c.i
	c.wide = false
	for j < len(c.s) && !endsWord(c.s[j]) {
		if c.s[j] >= utf8.RuneSelf {
			c.wide = true
		}
		j++
	}
	w.text = c.s[c.i:j]
	c.to(j)
	return w
}

// str reads a quoted string (the scanner has checked that it is closed)
// and decodes its escapes.
func (c *lineCursor) str() (arg, string) {
	a := arg{pos: c.pos(), str: true}
	j := c.i + 1
	for c.s[j] != '"' {
		if c.s[j] == '\\' {
			j++
		}
		j++
	}
	quoted := c.s[c.i : j+1]
	c.to(j + 1)
	text, err := unquote(quoted)
	if err != "" {
		return a, "invalid string " + quoteShort(quoted) + ": " + err
	}
	a.words = []word{{text: text, pos: a.pos, str: true}}
	return a, ""
}

// unquote decodes a string's escapes as Go does.
func unquote(quoted string) (string, string) {
	body := quoted[1 : len(quoted)-1]
	if strings.IndexByte(body, '\\') < 0 {
		return body, ""
	}
	var b strings.Builder
	for body != "" {
		r, _, tail, err := strconv.UnquoteChar(body, '"')
		if err != nil {
			esc := body[:1] // the backslash and the character after it
			if len(body) > 1 {
				_, n := utf8.DecodeRuneInString(body[1:])
				esc = body[:1+n]
			}
			return "", "bad escape " + esc + `: a backslash starts an escape such as \n, \t, \" or \\`
		}
		b.WriteRune(r)
		body = tail
	}
	return b.String(), ""
}

// spaceNames name the Unicode spaces people type by accident.
var spaceNames = map[rune]string{
	0x00A0: "a no-break space", 0x3000: "a full-width space", 0x2002: "an en space", 0x2003: "an em space",
	0x2009: "a thin space", 0x200A: "a hair space", 0x202F: "a narrow no-break space", 0x205F: "a medium mathematical space",
	0x1680: "an ogham space mark", 0x0085: "a next-line character", 0x2028: "a line separator", 0x2029: "a paragraph separator",
}

// invisibles are characters that show as nothing.
var invisibles = map[rune]string{
	0x200B: "a zero-width space", 0x2060: "a word joiner", 0xFEFF: "a zero-width no-break space (a byte order mark)",
}

// isFullWidthPunct reports whether r is the full-width form of ASCII
// punctuation (：，．＊ ...). Full-width letters and digits are letters and
// digits, and may be in names.
func isFullWidthPunct(r rune) bool {
	if r < 0xFF01 || r > 0xFF5E {
		return false
	}
	a := r - 0xFEE0
	return !(a >= '0' && a <= '9' || a >= 'A' && a <= 'Z' || a >= 'a' && a <= 'z' || a == '_')
}

// oddSpace finds the first character of a word that looks like a blank or
// like ASCII punctuation but is not ASCII, and says what it is: its byte
// offset and a message, or "" when there is none.
func oddSpace(w string) (int, string) {
	for i, r := range w {
		if r < utf8.RuneSelf {
			continue
		}
		code := fmt.Sprintf("U+%04X", r)
		if isFullWidthPunct(r) {
			a := string(r - 0xFEE0) // the ASCII character it is the full-width form of
			return i, "a full-width " + strconv.Quote(string(r)) + " (" + code + ", from an input method in full-width mode) is not " +
				strconv.Quote(a) + ": type an ordinary " + strconv.Quote(a)
		}
		if name, ok := invisibles[r]; ok {
			return i, name + " (" + code + ") is not allowed here: delete it"
		}
		if !unicode.IsSpace(r) {
			continue
		}
		switch name, ok := spaceNames[r]; {
		case r == 0x3000:
			return i, "a full-width space (U+3000, from a Korean input method) is not a separator here: type an ordinary space"
		case ok:
			return i, name + " (" + code + ") is not a separator here: type an ordinary space"
		default:
			return i, "a Unicode space (" + code + ") is not a separator here: type an ordinary space"
		}
	}
	return 0, ""
}

// quoteShort cuts a long quoted string or name for an error message.
func quoteShort(s string) string { return shorten(s, 24) }

// shorten cuts s to n characters and "...", without converting all of a
// long s.
func shorten(s string, n int) string {
	i := 0
	for k := range s {
		if i == n {
			return s[:k] + "..."
		}
		i++
	}
	return s
}
