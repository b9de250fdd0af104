package lang

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/tcps-dev/tcps/lang/msg"
)

// unquote decodes a string's escapes as Go does.
func unquote(l msg.Lang, quoted string) (string, string) {
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
			return "", msg.BadEscape.In(l, esc)
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
func oddSpace(l msg.Lang, w string) (int, string) {
	for i, r := range w {
		if r < utf8.RuneSelf {
			continue
		}
		code := fmt.Sprintf("U+%04X", r)
		if isFullWidthPunct(r) {
			a := string(r - 0xFEE0) // the ASCII character it is the full-width form of
			return i, msg.FullWidthPunct.In(l, string(r), code, a)
		}
		if name, ok := invisibles[r]; ok {
			return i, msg.BadChar.In(l, msg.Doc(l, name), code)
		}
		if !unicode.IsSpace(r) {
			continue
		}
		switch name, ok := spaceNames[r]; {
		case r == 0x3000:
			return i, msg.FullWidthSpace.In(l)
		case ok:
			return i, msg.NamedSpace.In(l, msg.Doc(l, name), code)
		default:
			return i, msg.UnicodeSpace.In(l, code)
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
