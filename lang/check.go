package lang

import (
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tcps-dev/tcps/lang/msg"
)

// Check parses and checks a scenario. It returns the lowered program, or an
// ErrorList holding every problem in the file, sorted by position.
func Check(name string, src []byte) (*Program, error) {
	return CheckLimits(name, src, Limits{})
}

// CheckLimits is Check with explicit limits.
func CheckLimits(name string, src []byte, limits Limits) (*Program, error) {
	source := &Source{Name: name, Text: src}
	l := limits.orDefault()
	if lang, ok := ScenarioLang(src); ok {
		l.Lang = lang // the scenario wins: a golden file never depends on the machine
	}
	items, perrs := parse(name, src, l)
	if perrs != nil {
		return nil, perrs
	}
	est := estimate(items, maxStmtsCap)
	if l.Sized != nil {
		l.Sized(est.stmts, est.hosts)
	}
	c := &checker{
		prog:   &Program{Source: source, Stmts: make([]Stmt, 0, min(est.stmts, l.MaxStmts, firstStmts))},
		est:    est,
		named:  nameTable{},
		cur:    -1,
		limits: l,
		lang:   l.Lang,
	}
	c.prog.Lang = l.Lang
	c.reserveHosts(min(est.hosts, l.MaxHosts, firstHosts))
	x := &expander{limits: l, errs: &c.errs, emit: c.stmt, loops: c}
	c.over = &x.over
	c.xlimits = &x.limits
	x.items(items, 0)
	c.errs.finish(l.Lang)
	if len(c.errs) > 0 {
		return nil, c.errs
	}
	return c.prog, nil
}

type checker struct {
	prog    *Program
	hosts   *hostNames    // host, process and thread entries by name
	cur     int           // the host of bare calls, or -1
	open    []openHandles // per host (its program's entry): open handles by kind
	closed  []bool        // per handle: closed by the program
	named   nameTable     // (host, name) -> latest handle with that name
	limits  Limits
	errs    ErrorList
	sc      stmtCtx  // the statement being checked
	lang    msg.Lang // the language of the messages
	over    *bool    // the expander's: set by a limit error, ends the check
	xlimits *Limits  // the expander's limits: set maxstmts changes them
	est     unrolled // what the file unrolls to, as estimate tells

	// Where the program's calls, hosts and handles are made (slab.go).
	calls    slab[Call]
	hostSlab slab[Host]
	handles  slab[Handle]
	decls    slab[HostDecl]
	hostIdx  nameIndex      // host, process and thread names, for suggestions
	endsOf   map[Ends]*Ends // the calls' shared Ends (see ends)

	loops []loop // the repeats being checked, innermost last (loops.go)
}

// maxSharedEnds bounds the table of shared Ends: a program whose calls
// name more distinct addresses than this gives the others their own.
const maxSharedEnds = 4096

// ends returns an Ends equal to e, shared with the earlier calls that have
// the same addresses (a million clients connect to one server), or nil
// when both are the wildcard.
func (c *checker) ends(e Ends) *Ends {
	if e == (Ends{}) {
		return nil
	}
	if p, ok := c.endsOf[e]; ok {
		return p
	}
	p := new(Ends) // not &e: e would then be on the heap for every call, found or not
	*p = e
	if len(c.endsOf) < maxSharedEnds {
		if c.endsOf == nil {
			c.endsOf = map[Ends]*Ends{}
		}
		c.endsOf[e] = p
	}
	return p
}

// nameTable maps a program's socket names to handles: the names of a
// machine or process, shared by its threads (keys are program indexes, see
// Program.ProgramOf). It is one map for all programs, not one per program,
// and it holds only the programs with more than shortNames named sockets:
// the names of the others are found in their openHandles.named, a short
// list. A million client hosts that each name a socket would otherwise make
// a million-entry map, a cache miss on every insert and lookup.
type nameTable map[hostSockName]int

type hostSockName struct {
	host int
	name string
}

// shortNames is how many named sockets a program keeps in its own list
// before its names move to the nameTable.
const shortNames = 8

// namedHandle is the latest handle that program prog has named name.
func (c *checker) namedHandle(prog int, name string) (int, bool) {
	o := &c.open[prog]
	if len(o.named) <= shortNames {
		for i := len(o.named) - 1; i >= 0; i-- {
			if x := o.named[i]; c.prog.Handles[x].Name == name {
				return x, true
			}
		}
		return 0, false
	}
	x, ok := c.named[hostSockName{prog, name}]
	return x, ok
}

// nameHandle records that handle x, of program prog, is named name (x is
// already the last of the program's openHandles.named).
func (c *checker) nameHandle(prog int, name string, x int) {
	o := &c.open[prog]
	switch {
	case len(o.named) == shortNames+1:
		for _, y := range o.named { // in order: a later name replaces an earlier
			c.named[hostSockName{prog, c.prog.Handles[y].Name}] = y
		}
	case len(o.named) > shortNames+1:
		c.named[hostSockName{prog, name}] = x
	}
}

// progOf is the program whose descriptors host entry h uses.
func (c *checker) progOf(h int) int { return c.prog.Hosts[h].Prog }

// noSocketNamed reports that host has no socket called name.text, with a
// "did you mean" among the names its program has had. It reads only the
// program's own handles: a repeat may report this once per iteration.
func (c *checker) noSocketNamed(host int, name word) {
	var names []string
	seen := map[string]bool{}
	if o := &c.open[c.progOf(host)]; len(o.named) > 0 {
		// The latest names only: a server may have named 100,000
		// connections (see suggest.go).
		for _, x := range o.named[max(0, len(o.named)-maxSuggestScan):] {
			if n := c.prog.Handles[x].Name; !seen[n] {
				seen[n] = true
				names = append(names, n)
			}
		}
	}
	sort.Strings(names)
	text := msg.NoSuchSocket.In(c.lang, c.owner(host), strconvQuote(name.text))
	if sug := suggest(name.text, names); sug != "" {
		text += msg.DidYouMean.In(c.lang, sug)
	}
	c.errorText(name.pos, text)
}

// owner names the program whose sockets host entry h uses, for messages:
// "host A", "process client", or "thread reader's program A".
func (c *checker) owner(h int) string {
	e := c.prog.Hosts[h]
	switch {
	case e.IsThread():
		return msg.OwnerThread.In(c.lang, e.Name, c.prog.Hosts[e.Prog].Name)
	case e.Of >= 0:
		return msg.OwnerProcess.In(c.lang, e.Name)
	}
	return msg.OwnerHost.In(c.lang, e.Name)
}

// ptr is o as a Call holds it: nil when no expectation was written.
func (o *Outcome) ptr() *Outcome {
	if !o.Set {
		return nil
	}
	c := *o // a copy made only here: a value receiver would be moved to the heap on every call
	return &c
}

// stmtCtx is one statement being checked: its verb, its host and socket
// from the head word, and a cursor over its arguments.
type stmtCtx struct {
	pos      Pos
	verb     *Verb
	head     word
	host     int   // -1 when none
	explicit bool  // the head named the host
	sock     *word // the socket named in the head, or nil; points at sockWord
	sockWord word
	args     []arg
	i        int
	c        *checker
}

// errorf reports message m, in the checker's language.
func (c *checker) errorf(pos Pos, m msg.Msg, args ...any) {
	c.errs.Add(pos, "%s", m.In(c.lang, args...))
}

// errorText reports a message already made in the checker's language.
func (c *checker) errorText(pos Pos, text string) {
	c.errs.Add(pos, "%s", text)
}

func (c *checker) stmt(fs *flatStmt) {
	head := fs.args[0]
	if head.str || len(head.words) != 1 {
		c.errorf(head.pos, msg.NotAVerbStart, c.describeArg(head))
		return
	}
	hw := head.words[0]
	// One stmtCtx serves every statement: nothing keeps it past check.
	c.sc = stmtCtx{pos: fs.pos, head: hw, host: -1, args: fs.args[1:], c: c}
	s := &c.sc
	var buf [4]string
	parts := splitDots(buf[:0], hw.text)
	verbName := parts[len(parts)-1]
	s.verb = VerbByName(verbName)
	if s.verb == nil {
		c.unknownVerb(hw, parts)
		return
	}
	if s.verb.check == nil { // only repeat: the expander unrolls it unless a host was named
		c.errorf(hw.pos, msg.RepeatOnHost)
		return
	}
	switch len(parts) {
	case 1:
		if s.verb.Target != NoTarget && s.verb.Name != "set" {
			if c.cur < 0 {
				c.errorf(hw.pos, msg.NeedsHost, verbName)
				return
			}
			s.host = c.cur
		}
	case 2, 3:
		if s.verb.Target == NoTarget {
			c.errorf(hw.pos, msg.NotOnHost, verbName)
			return
		}
		h, ok := c.hostNamed(parts[0], hw.pos)
		if !ok {
			return
		}
		s.host, s.explicit = h, true
		if len(parts) == 3 {
			if s.verb.Target != SocketTarget {
				c.errorf(hw.pos, msg.HostNotSocket, verbName, parts[0])
				return
			}
			s.sockWord = word{text: parts[1], pos: hw.pos.Right(runeLen(parts[0]) + 1)}
			s.sock = &s.sockWord
		}
	default:
		c.errorf(hw.pos, msg.TooManyDots, hw.text)
		return
	}
	s.verb.check(c, s)
}

// splitDots appends the dot-separated parts of s to buf, as strings.Split
// does; the caller's array saves an allocation per statement.
func splitDots(buf []string, s string) []string {
	for {
		i := strings.IndexByte(s, '.')
		if i < 0 {
			return append(buf, s)
		}
		buf = append(buf, s[:i])
		s = s[i+1:]
	}
}

func (c *checker) unknownVerb(hw word, parts []string) {
	verbName := parts[len(parts)-1]
	if len(parts) > 1 {
		if h, isHost := c.hosts.get(parts[0]); isHost && len(parts) == 2 {
			if _, named := c.namedHandle(c.progOf(h), verbName); named || isNum(verbName) {
				c.errorf(hw.pos, msg.SocketNotVerb, hw.text)
				return
			}
		}
	}
	if verbName == "" {
		// A statement that ends at a dot: half typed (the playground
		// checks as keys arrive), or the verb forgotten.
		c.errorf(hw.pos.Right(runeLen(hw.text)), msg.MissingVerb, hw.text)
		return
	}
	text := msg.UnknownVerb.In(c.lang, strconvQuote(verbName))
	if sug := suggest(verbName, verbNames()); sug != "" {
		text += msg.DidYouMean.In(c.lang, sug)
	}
	p := hw.pos.Right(runeLen(hw.text) - runeLen(verbName))
	c.errorText(p, text)
}

func verbNames() []string {
	out := make([]string, 0, len(Verbs))
	for _, v := range Verbs {
		out = append(out, v.Name)
	}
	return out
}

func (c *checker) hostNamed(name string, pos Pos) (int, bool) {
	if h, ok := c.hosts.get(name); ok {
		return h, true
	}
	text := msg.UnknownHost.In(c.lang, strconvQuote(name))
	if sug, _ := c.hostIdx.suggest(name); sug != "" {
		text += msg.DidYouMean.In(c.lang, sug)
	} else if len(c.prog.Hosts) == 0 {
		text += msg.DeclareHost.In(c.lang, name)
	}
	c.errorText(pos, text)
	return -1, false
}

// --- the argument cursor ---

func (s *stmtCtx) more() bool { return s.i < len(s.args) }

// peekWord returns the next argument's text if it is a single word.
func (s *stmtCtx) peekWord() (word, bool) {
	if !s.more() {
		return word{}, false
	}
	a := s.args[s.i]
	if a.str || len(a.words) != 1 {
		return word{}, false
	}
	return a.words[0], true
}

// keyword consumes the next word if it is k.
func (s *stmtCtx) keyword(k string) bool {
	if w, ok := s.peekWord(); ok && w.text == k {
		s.i++
		return true
	}
	return false
}

// word consumes a single word, reporting what was wanted when it is missing.
func (s *stmtCtx) word(what msg.Text) (word, bool) {
	if !s.more() {
		s.c.errorf(s.endPos(), msg.NeedsArg, s.verb.Name, what, s.verb.Usage)
		return word{}, false
	}
	a := s.args[s.i]
	s.i++
	if a.str || len(a.words) != 1 {
		s.c.errorf(a.pos, msg.WantNot, s.verb.Name, what, s.c.describeArg(a))
		return word{}, false
	}
	return a.words[0], true
}

// endPos is where a missing argument would go: just after the last one.
func (s *stmtCtx) endPos() Pos {
	if len(s.args) == 0 {
		p := s.head.pos.Right(len([]rune(s.head.text)))
		return p
	}
	last := s.args[len(s.args)-1]
	lw := last.words[len(last.words)-1]
	p := lw.pos.Right(len([]rune(lw.text)))
	if lw.str {
		p = p.Right(2) // the quotes
	}
	return p
}

// done reports arguments left over.
func (s *stmtCtx) done() {
	if s.more() {
		a := s.args[s.i]
		s.c.errorf(a.pos, msg.Unexpected, s.c.describeArg(a), s.verb.Name, usageOrNothing(s.verb))
		s.i = len(s.args)
	}
}

func usageOrNothing(v *Verb) any {
	if v.Usage == "" {
		return msg.NoArguments.Of()
	}
	return v.Usage
}

func (c *checker) describeArg(a arg) string {
	if a.str {
		return msg.AString.In(c.lang)
	}
	if len(a.words) > 1 {
		return msg.AList.In(c.lang, strconvQuote(joinWords(a.words)))
	}
	return strconvQuote(a.words[0].text)
}

func joinWords(ws []word) string {
	parts := make([]string, len(ws))
	for i, w := range ws {
		parts[i] = w.text
	}
	return strings.Join(parts, ",")
}

// --- hosts and settings ---

// newName reads the name a host or process declaration gives and checks
// that it is one: an identifier, not a verb, not taken, within the limit.
func (c *checker) newName(s *stmtCtx, kind, kindName msg.Msg) (word, bool) {
	nw, ok := s.word(msg.WhatName)
	if !ok {
		return nw, false
	}
	name := nw.text
	switch problem := nameProblem(c.lang, kindName, name); {
	case problem != "":
		c.errorText(nw.pos, problem)
	case VerbByName(name) != nil:
		c.errorf(nw.pos, msg.NameIsVerb, kind.Of(), name)
	default:
		if old, dup := c.hosts.get(name); dup {
			c.errorf(nw.pos, msg.AlreadyDeclared, name, c.prog.Hosts[old].Pos)
		} else if len(c.prog.Hosts) >= c.limits.MaxHosts {
			c.errorf(nw.pos, msg.TooManyHosts, c.limits.MaxHosts)
			*c.over = true // a limit ends the check: what follows would only add to it
		} else {
			return nw, true
		}
	}
	return nw, false
}

// target reads HOST, HOST.NAME or HOST.NUMBER for show and expect. Names
// resolve to the latest socket of that name, closed or not: a closed
// socket's structure lives on through FIN_WAIT and TIME_WAIT.
func (c *checker) target(w word) (int, SockRef, bool) {
	hostPart, sockPart, hasSock := strings.Cut(w.text, ".")
	h, ok := c.hostNamed(hostPart, w.pos)
	if !ok {
		return -1, NoSock, false
	}
	if !hasSock {
		return h, NoSock, true
	}
	spos := w.pos.Right(runeLen(hostPart) + 1)
	if isNum(sockPart) {
		n, err := strconv.Atoi(sockPart)
		if err != nil {
			c.errorf(spos, msg.StructTooLarge, sockPart)
			return -1, NoSock, false
		}
		return h, SockRef{Handle: -1, Num: n}, true
	}
	if x, ok := c.namedHandle(c.progOf(h), sockPart); ok {
		return h, SockRef{Handle: x, Num: -1}, true
	}
	c.noSocketNamed(h, word{text: sockPart, pos: spos})
	return -1, NoSock, false
}

// maxListed is how many candidates a message lists before it counts the
// rest: a host may have 100,000 listeners.
const maxListed = 5

// unknownName reports that w is none of names, a table's keys (views,
// properties, settings): "unknown view "x"", then "did you mean y?" or,
// with nothing near, the names themselves and the help topic that lists
// them all.
func (c *checker) unknownName(w word, unknown, list msg.Msg, names []string, topic string) {
	text := unknown.In(c.lang, strconvQuote(w.text))
	if sug := suggest(w.text, names); sug != "" {
		text += msg.DidYouMean.In(c.lang, sug)
	} else {
		text += list.In(c.lang, capList(c.lang, names, topic))
	}
	c.errorText(w.pos, text)
}

// capList joins the first maxListed items of list and counts the rest,
// "a, b, c, d, e and 7 more", adding where to find them all when where
// is given.
func capList(l msg.Lang, list []string, where string) string {
	return capListOf(l, list, len(list), where)
}

// capListOf is capList for a list of total items of which list holds
// at least the first maxListed (or all): the caller need not make the rest.
func capListOf(l msg.Lang, list []string, total int, where string) string {
	if total <= maxListed {
		return strings.Join(list, ", ")
	}
	s := msg.AndMore.In(l, strings.Join(list[:maxListed], ", "), total-maxListed)
	if where != "" {
		s = msg.ListWhere.In(l, s, where)
	}
	return s
}

// runeLen is the length of s in characters, as columns count.
func runeLen(s string) int { return utf8.RuneCountInString(s) }

func isNum(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func contains(l []string, s string) bool { return indexOf(l, s) >= 0 }

func indexOf(l []string, s string) int {
	for i, x := range l {
		if x == s {
			return i
		}
	}
	return -1
}

// strconvQuote quotes a word for a message, shortened when it is long.
func strconvQuote(s string) string { return strconv.Quote(shorten(s, 60)) }

func fmtDur(d time.Duration) string {
	if d == 0 {
		return "0"
	}
	return d.String()
}
