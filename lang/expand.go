package lang

import (
	"strconv"
	"unicode"
	"unicode/utf8"

	"github.com/tcps-dev/tcps/lang/msg"
)

// Limits bound what a scenario may ask of the checker. The zero value means
// the documented defaults. Reaching a limit is an error that ends the check.
type Limits struct {
	MaxStmts int // statements after repeat is unrolled (default 2,000,000)
	MaxDepth int // repeat nesting, and { } nesting (default 8)
	MaxHosts int // hosts, processes and threads (default 200,000)
	// MaxBytes bounds the text of the statements after repeat is unrolled,
	// $ substituted, as the sum of each statement's length in bytes
	// (default 256 MiB): a short file that repeats a long word must not
	// make gigabytes of statements.
	MaxBytes int
	// MaxTokens bounds the tokens of the file as written (words, strings,
	// commas, comments, line ends, braces; default 1,000,000, about
	// 150,000 lines): participle holds every token and node of the file
	// at once, a kilobyte or two each.
	MaxTokens int
	// Lang is the language of the messages when the scenario does not
	// choose one with set lang (see ScenarioLang).
	Lang msg.Lang

	// Sized is not a limit: when set, CheckLimits calls it once the file
	// is parsed, before any statement is checked, with the statements and
	// host statements the scenario unrolls to (each capped at the most
	// the settings allow). A caller can prepare memory for a large
	// scenario with it; tcps asks Linux for 2 MB pages, and faults them in
	// ahead of the heap on another core.
	Sized func(stmts, hosts int)

	unrollAll bool // tests: keep no Repeat, unroll every loop (loops.go)
}

// DefaultLimits are the limits of a Limits zero value.
var DefaultLimits = Limits{MaxStmts: 2_000_000, MaxDepth: 8, MaxHosts: 200_000, MaxBytes: 256 << 20, MaxTokens: 1_000_000}

func (l Limits) orDefault() Limits {
	if l.MaxStmts <= 0 {
		l.MaxStmts = DefaultLimits.MaxStmts
	}
	if l.MaxDepth <= 0 {
		l.MaxDepth = DefaultLimits.MaxDepth
	}
	if l.MaxHosts <= 0 {
		l.MaxHosts = DefaultLimits.MaxHosts
	}
	if l.MaxBytes <= 0 {
		l.MaxBytes = DefaultLimits.MaxBytes
	}
	if l.MaxTokens <= 0 {
		l.MaxTokens = DefaultLimits.MaxTokens
	}
	return l
}

// word is one word of a statement, as parsed or, once unrolled, with $
// substituted.
type word struct {
	text string
	pos  Pos
	str  bool      // a quoted string
	tmpl *template // a word with $ substitutions, compiled when it is read (subst.go)
}

// arg is a word, a list, or a string.
type arg struct {
	words []word
	pos   Pos
	str   bool
}

// flatStmt is an unrolled statement.
type flatStmt struct {
	pos  Pos
	args []arg
}

// expander unrolls repeat and substitutes $, handing each statement to
// emit as it goes: a statement is checked and dropped before the next is
// made, so a 100,000-iteration repeat never holds its unrolled text.
type expander struct {
	limits Limits
	errs   *ErrorList
	nerr   int // errors the expander itself reported
	emit   func(*flatStmt)
	loops  loopObserver // told where repeats and their iterations end
	count  int          // statements emitted
	vars   []binding
	over   bool // a limit was reached; stop quietly
	iters  int  // repeat iterations so far, bounded like statements
	bytes  int  // the unrolled statements' text so far (Limits.MaxBytes)
	ssize  int  // what substArgs added to the statement's size

	sargs  []arg    // scratch: the substituted statement (see substArgs)
	swords []word   // scratch: its words
	fs     flatStmt // the statement being emitted

	sbuf  []byte  // scratch: the word being substituted (subst.go)
	stack []int64 // scratch: the expression being run
}

// loopObserver is told where each repeat and each of its iterations end,
// so that the checker can keep a loop whose iterations lower alike as one
// Repeat (loops.go).
type loopObserver interface {
	loopStart()
	iterDone()
	loopEnd()
}

type binding struct {
	name string
	val  int64
}

// unrolled is how much a file unrolls to, as far as can be told before
// expanding (a repeat count with a $ counts once), each count capped at
// the limit it was asked with: the capacity to give the checker's tables
// of hosts, and the program's statements up to firstStmts (a loop that
// keeps its Repeat stores one statement for all its iterations).
type unrolled struct {
	stmts int
	hosts int // host statements
}

// estimate is what items unroll to, each count capped at limit.
func estimate(items []item, limit int) unrolled {
	var n unrolled
	for i := range items {
		it := &items[i]
		switch {
		case !it.isStmt():
		case it.block != nil && (len(it.args) == 2 || len(it.args) == 4) && len(it.args[1].words) == 1:
			inner := estimate(it.block.items, limit)
			c, err := parseCount(it.args[1].words[0].text)
			if err != nil || c <= 0 || inner.stmts == 0 {
				c = 1
			}
			times := int(min(c, int64(limit/max(inner.stmts, 1)+1)))
			n.stmts += times * inner.stmts
			n.hosts += times * inner.hosts // at most about twice limit: capped below
		default:
			n.stmts++
			if len(it.args[0].words) == 1 && it.args[0].words[0].text == hostVerb {
				n.hosts++
			}
		}
		n.hosts = min(n.hosts, limit)
		if n.stmts >= limit {
			n.stmts = limit
			return n
		}
	}
	return n
}

// fmtBytes writes a byte count as the limits are documented: 256 MiB,
// 1000 bytes.
func fmtBytes(n int) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return strconv.Itoa(n>>20) + " MiB"
	}
	return strconv.Itoa(n) + " bytes"
}

// stopped reports whether expansion is over: a limit was reached, or
// more than MaxErrors errors were found.
func (x *expander) stopped() bool { return x.over || x.errs.full() }

func (x *expander) items(items []item, depth int) {
	for i := range items {
		if x.stopped() {
			return
		}
		it := &items[i]
		if len(it.args) > 0 {
			x.stmt(it, depth)
		}
	}
}

func (x *expander) stmt(it *item, depth int) {
	head := it.args[0]
	if !head.str && len(head.words) == 1 && head.words[0].text == "repeat" {
		x.repeat(it, depth)
		return
	}
	if it.block != nil {
		x.errorf(it.block.open, msg.OnlyRepeatBlock)
	}
	fs := &x.fs
	*fs = flatStmt{pos: it.pos, args: it.args}
	if it.dollar {
		var ok bool
		if fs.args, ok = x.substArgs(it.args); !ok {
			return // a $ substitution failed: the statement means nothing
		}
	}
	if x.count >= x.limits.MaxStmts {
		x.errorf(it.pos, msg.TooManyStmts, x.limits.MaxStmts)
		x.over = true
		return
	}
	x.bytes += it.size
	if it.dollar {
		x.bytes += x.ssize
	}
	if x.bytes > x.limits.MaxBytes {
		x.errorf(it.pos, msg.TooManyBytes, fmtBytes(x.limits.MaxBytes))
		x.over = true
		return
	}
	x.count++
	x.emit(fs)
}

// errorf reports a problem of the expansion itself (not of a statement).
func (x *expander) errorf(pos Pos, m msg.Msg, args ...any) {
	x.errs.Add(pos, "%s", m.In(x.limits.Lang, args...))
	x.nerr++
}

// substArgs is args with every $ substituted. The parsed args are shared
// by every iteration of a repeat and are never changed. The result is the
// expander's scratch: it holds until the next call, by which time the
// statement has been checked (a repeat reads its own words before its body
// is expanded).
func (x *expander) substArgs(args []arg) ([]arg, bool) {
	before := x.nerr
	x.sargs = append(x.sargs[:0], args...)
	x.swords = x.swords[:0]
	x.ssize = 0
	for _, a := range args {
		if a.str {
			continue
		}
		for _, w := range a.words {
			n := len(w.text)
			if w.tmpl != nil {
				w.text = x.subst(w.tmpl, w.text, w.pos)
				w.tmpl = nil
			}
			x.ssize += len(w.text) - n
			x.swords = append(x.swords, w)
		}
	}
	words := x.swords
	for i := range x.sargs {
		if !x.sargs[i].str {
			n := len(x.sargs[i].words)
			x.sargs[i].words, words = words[:n:n], words[n:]
		}
	}
	return x.sargs, x.nerr == before
}

func (x *expander) repeat(it *item, depth int) {
	args := it.args
	if it.dollar {
		var ok bool
		if args, ok = x.substArgs(args); !ok {
			return
		}
	}
	words := make([]word, 0, len(args))
	for _, a := range args {
		if len(a.words) != 1 || a.str {
			x.errorf(a.pos, msg.RepeatUsage)
			return
		}
		words = append(words, a.words[0])
	}
	if len(words) != 4 || words[2].text != "as" {
		x.errorf(it.pos, msg.RepeatUsage)
		return
	}
	n, err := parseCount(words[1].text)
	if err != nil {
		x.errorf(words[1].pos, msg.RepeatCount, err)
		return
	}
	name := words[3].text
	if problem := nameProblem(x.limits.Lang, msg.KindRepeatVar, name); problem != "" {
		x.errs.Add(words[3].pos, "%s", problem)
		return
	}
	for _, b := range x.vars {
		if b.name == name {
			x.errorf(words[3].pos, msg.RepeatVarInUse, name)
			return
		}
	}
	if it.block == nil {
		x.errorf(it.pos, msg.RepeatNeedsBody)
		return
	}
	if depth+1 > x.limits.MaxDepth { // the scanner stops deeper braces first
		x.errorf(it.pos, msg.RepeatTooDeep, x.limits.MaxDepth)
		x.over = true
		return
	}
	if n > int64(x.limits.MaxStmts) {
		x.errorf(words[1].pos, msg.RepeatOverLimit, n, x.limits.MaxStmts)
		x.over = true
		return
	}
	x.vars = append(x.vars, binding{name: name})
	x.loops.loopStart()
	for i := int64(0); i < n && !x.stopped(); i++ {
		if x.iters++; x.iters > x.limits.MaxStmts {
			x.errorf(it.pos, msg.TooManyIters, x.limits.MaxStmts)
			x.over = true
			break
		}
		x.vars[len(x.vars)-1].val = i
		before := len(*x.errs)
		x.items(it.block.items, depth+1)
		x.loops.iterDone()
		if len(*x.errs) > before {
			// One iteration's errors are every iteration's (at the same
			// places, mostly with the same messages): stop here.
			break
		}
	}
	x.loops.loopEnd()
	x.vars = x.vars[:len(x.vars)-1]
}

// MaxNameLen is the longest name, in characters, of a host, process,
// thread, socket or repeat variable.
const MaxNameLen = 64

func isIdentByte(c byte, first bool) bool {
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (!first && c >= '0' && c <= '9')
}

// isIdentRune is isIdentByte for any character: a name is Unicode letters,
// digits and _, and starts with a letter or _ (서버, 리스너, _c1).
func isIdentRune(r rune, first bool) bool {
	if r < utf8.RuneSelf {
		return isIdentByte(byte(r), first)
	}
	return unicode.IsLetter(r) || (!first && unicode.IsDigit(r))
}

// identEnd is the end of the name that starts at byte i of s (i itself
// when none does).
func identEnd(s string, i int) int {
	j := i
	for j < len(s) {
		if c := s[j]; c < utf8.RuneSelf {
			if !isIdentByte(c, j == i) {
				break
			}
			j++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[j:])
		if !isIdentRune(r, j == i) {
			break
		}
		j += n
	}
	return j
}

func isIdent(s string) bool {
	return s != "" && identEnd(s, 0) == len(s)
}

// nameProblem says what is wrong with a name of the given kind ("host
// name", "repeat variable"), or "" when it is a name.
func nameProblem(l msg.Lang, kind msg.Msg, s string) string {
	if !isIdent(s) {
		return msg.BadName.In(l, kind.Of(), strconv.Quote(quoteShort(s)))
	}
	if n := utf8.RuneCountInString(s); n > MaxNameLen {
		return msg.NameTooLong.In(l, kind.Of(), strconv.Quote(quoteShort(s)), n, MaxNameLen)
	}
	return ""
}
