package lang

import (
	"bytes"
	"fmt"
	"math"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/tcps-dev/tcps/lang/msg"
)

// Pos is a position in a scenario file. Line and Col are 1-based; Col counts
// characters (runes), not bytes. The zero Pos means "no position".
//
// A program holds several positions per statement (a million clients hold
// seven million), so a Pos is 12 bytes: the file's name is a number in a
// table of the names this process has seen (see NewPos and File).
type Pos struct {
	file uint32 // index in fileNames; 0 is ""
	Line int32
	Col  int32
}

// NewPos is the position line:col in the named file. Lines and columns past
// the largest int32 (a file of more than 2 GB) are clamped.
func NewPos(file string, line, col int) Pos {
	return Pos{file: fileID(file), Line: clamp32(line), Col: clamp32(col)}
}

// FilePos is the position of the named file itself, with no line: an error
// about the whole file.
func FilePos(file string) Pos { return Pos{file: fileID(file)} }

// At is the position line:col in p's file.
func (p Pos) At(line, col int) Pos {
	return Pos{file: p.file, Line: clamp32(line), Col: clamp32(col)}
}

// Right is the position n characters to the right of p on its line.
func (p Pos) Right(n int) Pos {
	p.Col = clamp32(int(p.Col) + n)
	return p
}

func clamp32(n int) int32 {
	return int32(min(max(n, math.MinInt32), math.MaxInt32))
}

// fileNames is every file name a position has named, so that a position
// keeps 4 bytes instead of the name's 16. A process checks few distinct
// files (a command names one or two; the language server, the files open
// in the editor), and the table keeps each name once. Names are never
// removed: a long-lived caller that checks ever new names (temporary
// files) grows the table by each name's length.
var fileNames = struct {
	sync.RWMutex
	names []string // names[0] is ""
	ids   map[string]uint32
}{names: []string{""}, ids: map[string]uint32{}}

// fileID is name's number in fileNames, adding it if it is new.
func fileID(name string) uint32 {
	if name == "" {
		return 0
	}
	fileNames.RLock()
	id, ok := fileNames.ids[name]
	fileNames.RUnlock()
	if ok {
		return id
	}
	fileNames.Lock()
	defer fileNames.Unlock()
	if id, ok := fileNames.ids[name]; ok {
		return id
	}
	id = uint32(len(fileNames.names))
	fileNames.names = append(fileNames.names, name)
	fileNames.ids[name] = id
	return id
}

// File is the name of the file p is in, "" for none.
func (p Pos) File() string {
	if p.file == 0 {
		return ""
	}
	fileNames.RLock()
	defer fileNames.RUnlock()
	return fileNames.names[p.file]
}

// IsValid reports whether p names a place in a file.
func (p Pos) IsValid() bool { return p.Line > 0 }

// String formats p as file:line:col.
func (p Pos) String() string {
	if !p.IsValid() {
		return p.File()
	}
	return fmt.Sprintf("%s:%d:%d", p.File(), p.Line, p.Col)
}

// Before orders positions by file, line and column.
func (p Pos) Before(q Pos) bool {
	if p.file != q.file {
		return p.File() < q.File()
	}
	if p.Line != q.Line {
		return p.Line < q.Line
	}
	return p.Col < q.Col
}

// Error is one problem at one position.
type Error struct {
	Pos Pos
	Msg string
}

// Error implements error as "file:line:col: message".
func (e *Error) Error() string {
	if !e.Pos.IsValid() && e.Pos.file == 0 {
		return e.Msg
	}
	return e.Pos.String() + ": " + e.Msg
}

// ErrorList is every problem found in a file, in the manner of go/scanner's
// ErrorList.
type ErrorList []*Error

// maxMsg is the longest message, in characters. A message quotes the
// words it is about, and a word may be a megabyte long: a longer message
// keeps its start and its end around a "…".
const maxMsg = 400

// Add appends an error at pos.
func (l *ErrorList) Add(pos Pos, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if len(msg) > maxMsg && utf8.RuneCountInString(msg) > maxMsg {
		r := []rune(msg)
		msg = string(r[:maxMsg-100]) + " … " + string(r[len(r)-97:])
	}
	*l = append(*l, &Error{Pos: pos, Msg: msg})
}

// MaxErrors is how many errors a check reports. As Go's compiler does, it
// stops at the next one and ends the list with "too many errors" at the
// position of the last error it reports.
const MaxErrors = 10

// tooManyErrors ends a list cut at MaxErrors, in English.
var tooManyErrors = msg.TooMany.In(msg.En)

// isTooMany reports whether text is the "too many errors" that ends a
// list, in any language.
func isTooMany(text string) bool {
	return text == tooManyErrors || text == msg.TooMany.In(msg.Ko)
}

// full reports whether l holds more than MaxErrors distinct errors: the
// check should stop. It costs nothing until then.
func (l *ErrorList) full() bool {
	if len(*l) <= MaxErrors {
		return false
	}
	l.Sort() // exact duplicates do not count
	return len(*l) > MaxErrors
}

// finish sorts l and cuts it at MaxErrors, ending it with "too many errors"
// (in lang) when it was longer.
func (l *ErrorList) finish(lang msg.Lang) {
	l.Sort()
	if s := *l; len(s) > MaxErrors && !isTooMany(s[len(s)-1].Msg) {
		*l = append(s[:MaxErrors:MaxErrors], &Error{Pos: s[MaxErrors-1].Pos, Msg: msg.TooMany.In(lang)})
	}
}

// Sort orders the list by position, then message, and removes exact
// duplicates. A final "too many errors" stays last.
func (l *ErrorList) Sort() {
	s := *l
	sort.SliceStable(s, func(i, j int) bool {
		if a, b := isTooMany(s[i].Msg), isTooMany(s[j].Msg); a || b {
			return b && !a
		}
		if s[i].Pos != s[j].Pos {
			return s[i].Pos.Before(s[j].Pos)
		}
		return s[i].Msg < s[j].Msg
	})
	out := s[:0]
	for i, e := range s {
		if i > 0 && *e == *s[i-1] {
			continue
		}
		out = append(out, e)
	}
	*l = out
}

// Err returns the list as an error, or nil when it is empty.
func (l ErrorList) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}

// Error implements error: the first message and a count of the rest.
func (l ErrorList) Error() string {
	switch len(l) {
	case 0:
		return "no errors"
	case 1:
		return l[0].Error()
	}
	return fmt.Sprintf("%s (and %d more errors)", l[0].Error(), len(l)-1)
}

// Source is a scenario's text, kept to show the line of an error.
type Source struct {
	Name string
	Text []byte

	index  sync.Once
	starts []int // byte offset of each line, made once, when a line is first asked for
}

// Line returns line n (1-based) without its line end, or "" when out of
// range. The line starts are found once, so echoing many errors costs the
// file's length once, not once per error.
func (s *Source) Line(n int) string {
	if s == nil || n < 1 {
		return ""
	}
	s.index.Do(func() {
		s.starts = append(s.starts, 0)
		for i, c := range s.Text {
			if c == '\n' {
				s.starts = append(s.starts, i+1)
			}
		}
	})
	if n > len(s.starts) {
		return ""
	}
	text := s.Text[s.starts[n-1]:]
	if n < len(s.starts) {
		text = text[:s.starts[n]-s.starts[n-1]-1]
	}
	if n == 1 {
		text = bytes.TrimPrefix(text, []byte(bom))
	}
	return string(bytes.TrimSuffix(text, []byte("\r")))
}

// maxExcerpt is the widest source line an error echoes, in characters: a
// longer line is shown as a window of this many around the caret, with …
// where it is cut.
const maxExcerpt = 120

// Excerpt renders the source line of pos with a caret under its column,
// indented by two spaces, or "" when the line is unknown. Tabs before the
// caret are kept so that it lines up in a terminal, and a wide character
// (Hangul, CJK) before it counts two columns. A line longer than
// maxExcerpt characters is cut to a window around the caret.
func (s *Source) Excerpt(pos Pos) string {
	line := s.Line(int(pos.Line))
	if line == "" || pos.Col < 1 {
		return ""
	}
	col := int(pos.Col)
	if n := utf8.RuneCountInString(line); n > maxExcerpt {
		first := max(0, min(col-1-maxExcerpt/2, n-maxExcerpt)) // the window's first character, 0-based
		i, k := 0, 0                                           // byte offset of character k
		for k < first {
			_, w := utf8.DecodeRuneInString(line[i:])
			i, k = i+w, k+1
		}
		j := i
		for k < first+maxExcerpt {
			_, w := utf8.DecodeRuneInString(line[j:])
			j, k = j+w, k+1
		}
		window := line[i:j]
		col -= first
		if first > 0 {
			window, col = "…"+window, col+1
		}
		if first+maxExcerpt < n {
			window += "…"
		}
		line = window
	}
	var pad strings.Builder
	c := 1
	for _, r := range line {
		if c >= col {
			break
		}
		switch {
		case r == '\t':
			pad.WriteByte('\t')
		case isWide(r):
			pad.WriteString("  ")
		default:
			pad.WriteByte(' ')
		}
		c++
	}
	return "  " + line + "\n  " + pad.String() + "^\n"
}

// isWide reports whether a terminal shows r two columns wide: Hangul,
// CJK ideographs and kana, and full-width forms (Unicode's East Asian
// Wide and Fullwidth, in the blocks a lecture's scenarios use).
func isWide(r rune) bool {
	switch {
	case r < 0x1100:
		return false
	case r <= 0x115F, // Hangul Jamo (leading consonants)
		r >= 0x2E80 && r <= 0x303E, // CJK radicals, punctuation, the full-width space
		r >= 0x3041 && r <= 0x33FF, // kana, Hangul compatibility Jamo, CJK symbols
		r >= 0x3400 && r <= 0x4DBF, // CJK extension A
		r >= 0x4E00 && r <= 0x9FFF, // CJK ideographs
		r >= 0xA960 && r <= 0xA97F, // Hangul Jamo extended A
		r >= 0xAC00 && r <= 0xD7A3, // Hangul syllables
		r >= 0xF900 && r <= 0xFAFF, // CJK compatibility ideographs
		r >= 0xFE30 && r <= 0xFE4F, // CJK compatibility forms
		r >= 0xFF00 && r <= 0xFF60, // full-width forms
		r >= 0xFFE0 && r <= 0xFFE6,
		r >= 0x20000 && r <= 0x3FFFD: // CJK extensions B and later
		return true
	}
	return false
}

// Format renders errors the way tcps prints them: one
// "file:line:col: message" line each, followed by the source line and a
// caret when src is known.
func Format(err error, src *Source) string {
	var b strings.Builder
	var list ErrorList
	if err == nil {
		return ""
	}
	switch e := err.(type) {
	case ErrorList:
		list = e
	case *Error:
		list = ErrorList{e}
	default:
		return err.Error() + "\n"
	}
	for _, e := range list {
		b.WriteString(e.Error())
		b.WriteByte('\n')
		if src != nil && (e.Pos.File() == src.Name || e.Pos.file == 0) && !isTooMany(e.Msg) {
			b.WriteString(src.Excerpt(e.Pos))
		}
	}
	return b.String()
}

// colOf converts a byte offset into a 1-based line and rune column.
func colOf(text []byte, offset int) (line, col int) {
	if offset > len(text) {
		offset = len(text)
	}
	line, start := 1, 0
	for i := 0; i < offset; i++ {
		if text[i] == '\n' {
			line++
			start = i + 1
		}
	}
	return line, utf8.RuneCount(text[start:offset]) + 1
}
