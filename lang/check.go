package lang

import (
	"net/netip"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
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
	items, perrs := parse(name, src, l.MaxDepth)
	if perrs != nil {
		return nil, perrs
	}
	c := &checker{
		prog:   &Program{Source: source, Stmts: make([]Stmt, 0, estimate(items, min(l.MaxStmts, 1<<20)))},
		hosts:  map[string]int{},
		addrs:  map[netip.Addr]int{},
		named:  nameTable{},
		cur:    -1,
		limits: l,
	}
	x := &expander{limits: l, errs: &c.errs, emit: c.stmt}
	c.over = &x.over
	x.items(items, 0)
	c.errs.finish()
	if len(c.errs) > 0 {
		return nil, c.errs
	}
	return c.prog, nil
}

type checker struct {
	prog    *Program
	hosts   map[string]int
	addrs   map[netip.Addr]int
	cur     int            // the host of bare calls, or -1
	open    []*openHandles // per host: open handles by kind, nil before the first
	closed  []bool         // per handle: closed by the program
	named   nameTable      // (host, name) -> latest handle with that name
	limits  Limits
	errs    ErrorList
	sc      stmtCtx   // the statement being checked
	over    *bool     // the expander's: set by a limit error, ends the check
	hostIdx nameIndex // host, process and thread names, for suggestions
}

// nameTable maps a program's socket names to handles: the names of a
// machine or process, shared by its threads (keys are program indexes, see
// Program.ProgramOf). It is one map for all programs, not one per program:
// 100,000 client hosts that each name a socket would otherwise make 100,000
// maps.
type nameTable map[hostSockName]int

type hostSockName struct {
	host int
	name string
}

func (t nameTable) get(host int, name string) (int, bool) {
	x, ok := t[hostSockName{host, name}]
	return x, ok
}

func (t nameTable) set(host int, name string, handle int) {
	t[hostSockName{host, name}] = handle
}

// progOf is the program whose descriptors host entry h uses.
func (c *checker) progOf(h int) int { return c.prog.Hosts[h].Prog }

// noSocketNamed reports that host has no socket called name.text, with a
// "did you mean" among the names its program has had. It reads only the
// program's own handles: a repeat may report this once per iteration.
func (c *checker) noSocketNamed(host int, name word) {
	var names []string
	seen := map[string]bool{}
	if o := c.open[c.progOf(host)]; o != nil {
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
	msg := c.owner(host) + " has no socket named " + strconvQuote(name.text)
	if sug := suggest(name.text, names); sug != "" {
		msg += "; did you mean " + sug + "?"
	}
	c.errorf(name.pos, "%s", msg)
}

// owner names the program whose sockets host entry h uses, for messages:
// "host A", "process client", or "thread reader's program A".
func (c *checker) owner(h int) string {
	e := c.prog.Hosts[h]
	switch {
	case e.IsThread():
		return "thread " + e.Name + "'s program " + c.prog.Hosts[e.Prog].Name
	case e.Of >= 0:
		return "process " + e.Name
	}
	return "host " + e.Name
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

func (c *checker) errorf(pos Pos, format string, args ...any) {
	c.errs.Add(pos, format, args...)
}

func (c *checker) stmt(fs *flatStmt) {
	head := fs.args[0]
	if head.str || len(head.words) != 1 {
		c.errorf(head.pos, "a statement starts with a verb such as listen, A.write or show, not %s", describeArg(head))
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
		c.errorf(hw.pos, "repeat is not called on a host: write repeat COUNT as NAME { ... }")
		return
	}
	switch len(parts) {
	case 1:
		if s.verb.Target != NoTarget && s.verb.Name != "set" {
			if c.cur < 0 {
				c.errorf(hw.pos, "%s needs a host: write HOST.%s, or declare a host first", verbName, verbName)
				return
			}
			s.host = c.cur
		}
	case 2, 3:
		if s.verb.Target == NoTarget {
			c.errorf(hw.pos, "%s is not called on a host: write just %s", verbName, verbName)
			return
		}
		h, ok := c.hostNamed(parts[0], hw.pos)
		if !ok {
			return
		}
		s.host, s.explicit = h, true
		if len(parts) == 3 {
			if s.verb.Target != SocketTarget {
				c.errorf(hw.pos, "%s applies to a host, not to a socket: write %s.%s", verbName, parts[0], verbName)
				return
			}
			s.sockWord = word{text: parts[1], pos: Pos{File: hw.pos.File, Line: hw.pos.Line, Col: hw.pos.Col + runeLen(parts[0]) + 1}}
			s.sock = &s.sockWord
		}
	default:
		c.errorf(hw.pos, "%q has too many dots: write HOST.SOCKET.VERB, as A.s.write", hw.text)
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
		if _, isHost := c.hosts[parts[0]]; isHost && len(parts) == 2 {
			if _, named := c.named.get(c.progOf(c.hosts[parts[0]]), verbName); named || isNum(verbName) {
				c.errorf(hw.pos, "%s is a socket, not a verb: write %s.VERB, as %s.write", hw.text, hw.text, hw.text)
				return
			}
		}
	}
	msg := "unknown verb " + strconvQuote(verbName)
	if sug := suggest(verbName, verbNames()); sug != "" {
		msg += "; did you mean " + sug + "?"
	}
	p := hw.pos
	p.Col += runeLen(hw.text) - runeLen(verbName)
	c.errorf(p, "%s", msg)
}

func verbNames() []string {
	out := make([]string, 0, len(Verbs))
	for _, v := range Verbs {
		out = append(out, v.Name)
	}
	return out
}

func (c *checker) hostNamed(name string, pos Pos) (int, bool) {
	if h, ok := c.hosts[name]; ok {
		return h, true
	}
	msg := "unknown host " + strconvQuote(name)
	if sug, _ := c.hostIdx.suggest(name); sug != "" {
		msg += "; did you mean " + sug + "?"
	} else if len(c.prog.Hosts) == 0 {
		msg += ": declare it first with host " + name + " ip ADDRESS"
	}
	c.errorf(pos, "%s", msg)
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
func (s *stmtCtx) word(what string) (word, bool) {
	if !s.more() {
		s.c.errorf(s.endPos(), "%s needs %s: %s %s", s.verb.Name, what, s.verb.Name, s.verb.Usage)
		return word{}, false
	}
	a := s.args[s.i]
	s.i++
	if a.str || len(a.words) != 1 {
		s.c.errorf(a.pos, "%s: want %s, not %s", s.verb.Name, what, describeArg(a))
		return word{}, false
	}
	return a.words[0], true
}

// endPos is where a missing argument would go: just after the last one.
func (s *stmtCtx) endPos() Pos {
	if len(s.args) == 0 {
		p := s.head.pos
		p.Col += len([]rune(s.head.text))
		return p
	}
	last := s.args[len(s.args)-1]
	lw := last.words[len(last.words)-1]
	p := lw.pos
	p.Col += len([]rune(lw.text))
	if lw.str {
		p.Col += 2
	}
	return p
}

// done reports arguments left over.
func (s *stmtCtx) done() {
	if s.more() {
		a := s.args[s.i]
		s.c.errorf(a.pos, "unexpected %s: %s takes %s", describeArg(a), s.verb.Name, usageOrNothing(s.verb))
		s.i = len(s.args)
	}
}

func usageOrNothing(v *Verb) string {
	if v.Usage == "" {
		return "no arguments"
	}
	return v.Usage
}

func describeArg(a arg) string {
	if a.str {
		return "a string"
	}
	if len(a.words) > 1 {
		return "a list " + strconvQuote(joinWords(a.words))
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
func (c *checker) newName(s *stmtCtx, kind string) (word, bool) {
	nw, ok := s.word("a name")
	if !ok {
		return nw, false
	}
	name := nw.text
	switch msg := nameProblem(kind+" name", name); {
	case msg != "":
		c.errorf(nw.pos, "%s", msg)
	case VerbByName(name) != nil:
		c.errorf(nw.pos, "%s name %q is a verb; pick another name", kind, name)
	default:
		if old, dup := c.hosts[name]; dup {
			c.errorf(nw.pos, "%s is already declared at %s", name, c.prog.Hosts[old].Pos)
		} else if len(c.prog.Hosts) >= c.limits.MaxHosts {
			c.errorf(nw.pos, "more than %d hosts (the limit; raise it with --max-hosts)", c.limits.MaxHosts)
			*c.over = true // a limit ends the check: what follows would only add to it
		} else {
			return nw, true
		}
	}
	return nw, false
}

// addHost registers a host or process and makes it the host of the bare
// calls that follow.
func (c *checker) addHost(h *Host, pos Pos) {
	c.hosts[h.Name] = h.Index
	c.hostIdx.add(h.Name)
	c.prog.Hosts = append(c.prog.Hosts, h)
	c.open = append(c.open, nil) // made with the host's first socket
	c.cur = h.Index
	c.prog.Stmts = append(c.prog.Stmts, &HostDecl{Pos: pos, Host: h.Index})
}

func checkHost(c *checker, s *stmtCtx) {
	nw, ok := c.newName(s, "host")
	if !ok {
		return
	}
	name := nw.text
	kw, ok := s.word("ip ADDRESS or ips ADDRESS,ADDRESS")
	if !ok {
		return
	}
	if kw.text != "ip" && kw.text != "ips" {
		c.errorf(kw.pos, "host %s: want ip or ips before the addresses, not %q", name, kw.text)
		return
	}
	if !s.more() || s.args[s.i].str {
		c.errorf(s.endPos(), "host %s needs at least one IPv4 address", name)
		return
	}
	h := &Host{Index: len(c.prog.Hosts), Name: name, Pos: nw.pos, Of: -1, Prog: len(c.prog.Hosts)}
	for _, w := range s.args[s.i].words {
		a, err := parseIP(w.text)
		if err != nil {
			c.errorf(w.pos, "%v", err)
			continue
		}
		if a.IsLoopback() {
			c.errorf(w.pos, "every host owns 127.0.0.1 already; list only its other addresses")
			continue
		}
		// The map finds duplicates in the list too: a host may list
		// 100,000 addresses.
		if other, taken := c.addrs[a]; taken && other == h.Index {
			c.errorf(w.pos, "address %s is listed twice", a)
			continue
		} else if taken {
			c.errorf(w.pos, "address %s already belongs to host %s", a, c.prog.Hosts[other].Name)
			continue
		}
		c.addrs[a] = h.Index
		h.Addrs = append(h.Addrs, a)
	}
	s.i++
	c.addHost(h, s.pos)
	for s.more() {
		kw, ok := s.word("a setting")
		if !ok {
			return
		}
		c.setting(s, kw, h.Index)
	}
}

func checkProcess(c *checker, s *stmtCtx) {
	nw, ok := c.newName(s, "process")
	if !ok {
		return
	}
	name := nw.text
	if kw, ok := s.word("on HOST"); !ok {
		return
	} else if kw.text != "on" {
		c.errorf(kw.pos, "process %s: want on HOST, not %q", name, kw.text)
		return
	}
	hw, ok := s.word("the host it runs on")
	if !ok {
		return
	}
	m, ok := c.hostNamed(hw.text, hw.pos)
	if !ok {
		return
	}
	s.done()
	i := len(c.prog.Hosts)
	c.addHost(&Host{Index: i, Name: name, Pos: nw.pos, Of: c.prog.Machine(m), Prog: i}, s.pos)
}

// checkThread checks thread NAME of PROGRAM: a second queue of calls that
// shares the descriptors of a machine or a process (see Host).
func checkThread(c *checker, s *stmtCtx) {
	nw, ok := c.newName(s, "thread")
	if !ok {
		return
	}
	name := nw.text
	if kw, ok := s.word("of PROGRAM"); !ok {
		return
	} else if kw.text != "of" {
		c.errorf(kw.pos, "thread %s: want of HOST or of PROCESS, not %q", name, kw.text)
		return
	}
	pw, ok := s.word("the host or process it is a thread of")
	if !ok {
		return
	}
	p, found := c.hosts[pw.text]
	if !found {
		msg := "unknown host or process " + strconvQuote(pw.text)
		if sug, _ := c.hostIdx.suggest(pw.text); sug != "" {
			msg += "; did you mean " + sug + "?"
		} else {
			msg += ": a thread belongs to a host or process declared before it"
		}
		c.errorf(pw.pos, "%s", msg)
		return
	}
	if e := c.prog.Hosts[p]; e.IsThread() {
		prog := c.prog.Hosts[e.Prog].Name
		c.errorf(pw.pos, "%s is a thread, not a program: a thread belongs to a host or process; write thread %s of %s", pw.text, name, prog)
		return
	}
	s.done()
	c.addHost(&Host{Index: len(c.prog.Hosts), Name: name, Pos: nw.pos, Of: c.prog.Machine(p), Prog: p}, s.pos)
}

func checkSet(c *checker, s *stmtCtx) {
	kw, ok := s.word("a setting name")
	if !ok {
		return
	}
	c.setting(s, kw, s.host)
	s.done()
}

// setting checks KEY VALUE (KEY already read) for host h (-1: every host).
func (c *checker) setting(s *stmtCtx, kw word, h int) {
	st := settingByKey(kw.text)
	if st == nil {
		keys := make([]string, len(Settings))
		for i := range Settings {
			keys[i] = Settings[i].Key
		}
		msg := "unknown setting " + strconvQuote(kw.text)
		if sug := suggest(kw.text, keys); sug != "" {
			msg += "; did you mean " + sug + "?"
		} else {
			msg += " (settings: " + capList(keys, "tcps help settings") + ")"
		}
		c.errorf(kw.pos, "%s", msg)
		s.i = len(s.args)
		return
	}
	if h >= 0 && !st.PerHost {
		c.errorf(kw.pos, "%s is set for every host at once: write set %s VALUE", st.Key, st.Key)
	}
	vw, ok := s.word("a value for " + st.Key)
	if !ok {
		return
	}
	out := &Set{Pos: kw.pos, Host: h, Key: st.Key}
	switch st.Kind {
	case SizeSetting, CountSetting:
		var n int64
		var err error
		if st.Kind == SizeSetting {
			n, err = parseSize(vw.text)
		} else {
			n, err = parseCount(vw.text)
		}
		if err != nil {
			c.errorf(vw.pos, "%s: %v", st.Key, err)
			return
		}
		if n < st.Min || (st.Max > 0 && n > st.Max) {
			if st.Max > 0 {
				c.errorf(vw.pos, "%s %d is out of range %d-%d", st.Key, n, st.Min, st.Max)
			} else {
				c.errorf(vw.pos, "%s must be at least %d", st.Key, st.Min)
			}
			return
		}
		out.Int = n
	case DurationSetting:
		d, err := parseDuration(vw.text)
		if err != nil {
			c.errorf(vw.pos, "%s: %v", st.Key, err)
			return
		}
		if st.Key == "delay" && d <= 0 {
			c.errorf(vw.pos, "delay must be at least 1us: packets take time to travel")
			return
		}
		out.Dur, out.IsDur = d, true
	case WordSetting:
		if !contains(st.Words, vw.text) {
			c.errorf(vw.pos, "%s is one of %s, not %q", st.Key, strings.Join(st.Words, ", "), vw.text)
			return
		}
		out.Word = vw.text
	}
	c.prog.Stmts = append(c.prog.Stmts, out)
}

func checkLink(c *checker, s *stmtCtx) {
	var hs [2]int
	for i := range hs {
		w, ok := s.word("two hosts")
		if !ok {
			return
		}
		if hs[i], ok = c.hostNamed(w.text, w.pos); !ok {
			return
		}
	}
	kw, ok := s.word("delay DURATION")
	if !ok {
		return
	}
	if kw.text != "delay" {
		c.errorf(kw.pos, "link: want delay DURATION, not %q", kw.text)
		return
	}
	dw, ok := s.word("a duration")
	if !ok {
		return
	}
	d, err := parseDuration(dw.text)
	if err != nil || d <= 0 {
		if err == nil {
			c.errorf(dw.pos, "link delay must be at least 1us")
		} else {
			c.errorf(dw.pos, "%v", err)
		}
		return
	}
	s.done()
	c.prog.Stmts = append(c.prog.Stmts, &Link{Pos: s.pos, A: hs[0], B: hs[1], Delay: d})
}

// --- sockets ---

// newHandle records a socket the program now holds: a call of host entry
// host created it, and it is a descriptor of that entry's program.
func (c *checker) newHandle(host int, kind HandleKind, name word, pos Pos) int {
	h := &Handle{Index: len(c.prog.Handles), Host: host, Name: name.text, Kind: kind, Pos: pos}
	prog := c.progOf(host)
	if name.text != "" {
		if old, ok := c.named.get(prog, name.text); ok && !c.closed[old] {
			c.errorf(name.pos, "socket name %s is already in use on %s (since %s)", name.text, c.prog.Hosts[prog].Name, c.prog.Handles[old].Pos)
		}
		c.named.set(prog, name.text, h.Index)
	}
	c.prog.Handles = append(c.prog.Handles, h)
	c.closed = append(c.closed, false)
	o := c.open[prog]
	if o == nil {
		o = &openHandles{}
		c.open[prog] = o
	}
	o.add(h)
	if h.Name != "" {
		o.named = append(o.named, h.Index)
	}
	return h.Index
}

// openHandles are a host's open handles by kind. A list may hold stale
// entries (closed handles, or handles whose kind has changed since, by
// bind, listen or connect); candidates drops them as it meets them. So
// opening, closing and changing kind cost O(1) and a lookup costs the
// number of open handles of the kinds asked for, however many connections
// the host has had.
type openHandles struct {
	byKind [numHandleKinds][]int
	named  []int // every handle the host has named, open or closed, for suggestions
}

func (o *openHandles) add(h *Handle) { o.byKind[h.Kind] = append(o.byKind[h.Kind], h.Index) }

// kindsFor is which handles an operation can act on.
func kindsFor(op CallOp) []HandleKind {
	switch op {
	case OpAccept:
		return []HandleKind{Listening}
	case OpWrite, OpRead, OpShutdown:
		return []HandleKind{Connected}
	case OpListen:
		return []HandleKind{Bound, Unbound}
	case OpConnect:
		return []HandleKind{Unbound, Bound}
	case OpBind:
		return []HandleKind{Unbound}
	}
	return []HandleKind{Unbound, Bound, Listening, Connected}
}

func kindWords(kinds []HandleKind) string {
	if len(kinds) == 4 {
		return "open"
	}
	parts := make([]string, len(kinds))
	for i, k := range kinds {
		parts[i] = k.String()
	}
	return strings.Join(parts, " or ")
}

// resolve finds the socket a call acts on: the one the head names, or the
// only open socket of the right kind.
func (c *checker) resolve(s *stmtCtx, op CallOp) (SockRef, bool) {
	kinds := kindsFor(op)
	hostName := c.prog.Hosts[s.host].Name
	if s.sock != nil {
		if isNum(s.sock.text) {
			n, _ := strconv.Atoi(s.sock.text)
			return SockRef{Handle: -1, Num: n}, true
		}
		h, ok := c.named.get(c.progOf(s.host), s.sock.text)
		if !ok {
			c.noSocketNamed(s.host, *s.sock)
			return SockRef{}, false
		}
		// A socket named explicitly is used as named: a closed one fails
		// with EBADF and one of the wrong kind with the syscall's error,
		// at run time, as a real program would.
		return SockRef{Handle: h, Num: -1}, true
	}
	cands := c.candidates(s.host, kinds)
	if len(cands) == 0 && kinds[0] == Connected && s.verb.check != nil {
		// The design card's line: listen *:99; A.write 1500. A host whose
		// only way to a connection is one listener accepts implicitly.
		if ls := c.candidates(s.host, []HandleKind{Listening}); len(ls) == 1 {
			call := &Call{Pos: s.pos, Host: s.host, Op: OpAccept, Sock: SockRef{Handle: ls[0], Num: -1}, Implicit: true}
			call.New = c.newHandle(s.host, Connected, word{}, s.pos)
			c.prog.Stmts = append(c.prog.Stmts, call)
			cands = []int{call.New}
		}
	}
	switch len(cands) {
	case 1:
		return SockRef{Handle: cands[0], Num: -1}, true
	case 0:
		c.errorf(s.head.pos, "%s has no %s socket for %s", hostName, kindWords(kinds), s.verb.Name)
	default:
		var list []string
		for _, x := range cands[:min(len(cands), maxListed)] {
			hd := c.prog.Handles[x]
			if hd.Name != "" {
				list = append(list, hd.Name+" (line "+itoa(hd.Pos.Line)+")")
			} else {
				list = append(list, "the unnamed socket of line "+itoa(hd.Pos.Line))
			}
		}
		c.errorf(s.head.pos, "%s.%s is ambiguous: %s has %d %s sockets: %s; name one with as NAME and write %s.NAME.%s",
			hostName, s.verb.Name, hostName, len(cands), kindWords(kinds), capListOf(list, len(cands), ""), hostName, s.verb.Name)
	}
	return SockRef{}, false
}

// createdKind is the kind of the handle a creating call makes.
func createdKind(op CallOp) HandleKind {
	switch op {
	case OpBind:
		return Bound
	case OpListen:
		return Listening
	case OpConnect:
		return Connected
	}
	return Unbound
}

// candidates returns the open handles of the given kinds of host entry
// host's program, in creation order.
func (c *checker) candidates(host int, kinds []HandleKind) []int {
	var out []int
	o := c.open[c.progOf(host)]
	if o == nil {
		return nil
	}
	for _, k := range kinds {
		live := o.byKind[k][:0]
		for _, x := range o.byKind[k] {
			if !c.closed[x] && c.prog.Handles[x].Kind == k {
				live = append(live, x)
			}
		}
		o.byKind[k] = live
		if len(kinds) == 1 {
			return live[:len(live):len(live)] // no copy: callers only read it
		}
		out = append(out, live...)
	}
	if len(kinds) > 1 {
		sort.Ints(out)
	}
	return out
}

func containsKind(l []HandleKind, k HandleKind) bool {
	for _, x := range l {
		if x == k {
			return true
		}
	}
	return false
}

// tail reads the optional trailing parts shared by calls: options,
// "as NAME" and "expect OUTCOME", in any order.
type tail struct {
	opts    SockOpts
	name    word
	expect  Outcome
	backlog int64
	hasBL   bool
	waitAll bool
	from    Endpoint
	hasFrom bool
}

func (c *checker) tail(s *stmtCtx, call *Call, allow string) tail {
	var t tail
	for s.more() {
		w, ok := s.peekWord()
		if !ok {
			s.done()
			return t
		}
		allowed := func(k string) bool { return strings.Contains(" "+allow+" ", " "+k+" ") }
		if !allowed(w.text) && !(allowed("opts") && isOptWord(w.text)) {
			s.done()
			return t
		}
		s.i++
		switch w.text {
		case "as":
			nw, ok := s.word("a name after as")
			if !ok {
				return t
			}
			if msg := nameProblem("socket name", nw.text); msg != "" {
				c.errorf(nw.pos, "%s", msg)
				continue
			}
			t.name = nw
		case "expect":
			ow, ok := s.word("an outcome after expect (a number, an error such as ECONNREFUSED, or blocked)")
			if !ok {
				return t
			}
			t.expect = parseOutcome(c, ow)
		case "waitall":
			t.waitAll = true
		case "backlog":
			bw, ok := s.word("a number after backlog")
			if !ok {
				return t
			}
			n, err := parseCount(bw.text)
			if err != nil || n > 65535 {
				c.errorf(bw.pos, "backlog wants a number 0-65535, not %q", bw.text)
				continue
			}
			t.backlog, t.hasBL = n, true
		case "from":
			fw, ok := s.word("a local [IP:]PORT after from")
			if !ok {
				return t
			}
			if ep, ok := c.endpoint(fw, endpointOpts{wildIP: true, portOnly: true, hostName: false}); ok {
				t.from, t.hasFrom = ep, true
			}
		case "reuseaddr", "noreuseaddr":
			v := w.text == "reuseaddr"
			t.opts.ReuseAddr = &v
		case "reuseport", "noreuseport":
			v := w.text == "reuseport"
			t.opts.ReusePort = &v
		case "linger":
			dw, ok := s.word("a duration after linger (linger 0 resets on close)")
			if !ok {
				return t
			}
			d, err := parseDuration(dw.text)
			if err != nil {
				c.errorf(dw.pos, "linger: %v", err)
				continue
			}
			t.opts.Linger = &d
		}
	}
	return t
}

func isOptWord(w string) bool {
	switch w {
	case "reuseaddr", "noreuseaddr", "reuseport", "noreuseport", "linger":
		return true
	}
	return false
}

// Errnos are the errors a call can fail with.
var Errnos = []string{"EADDRINUSE", "EADDRNOTAVAIL", "ECONNREFUSED", "ECONNRESET", "EPIPE", "ENOTCONN", "EISCONN",
	"EINVAL", "ETIMEDOUT", "EBADF", "EOPNOTSUPP", "EALREADY"}

func parseOutcome(c *checker, w word) Outcome {
	o := Outcome{Set: true, Pos: w.pos, Written: w.text}
	switch {
	case w.text == "blocked" || w.text == "blocks":
		o.Blocks = true
	case w.text == "ok":
		o.Value = 0
	case strings.HasPrefix(w.text, "E"):
		if !contains(Errnos, w.text) {
			msg := "unknown error " + strconvQuote(w.text)
			if w.text == "EAGAIN" || w.text == "EWOULDBLOCK" {
				msg += ": a blocking call does not fail with " + w.text + "; did you mean blocked?"
			} else if sug := suggest(w.text, Errnos); sug != "" {
				msg += "; did you mean " + sug + "?"
			}
			c.errorf(w.pos, "%s (errors: %s)", msg, strings.Join(Errnos, ", "))
		}
		o.Errno = w.text
	default:
		n, err := parseSize(w.text)
		if err != nil {
			up := strings.ToUpper(w.text)
			switch {
			case contains(Errnos, up):
				c.errorf(w.pos, "unknown outcome %q; did you mean %s?", w.text, up)
			case up == "BLOCKED" || up == "OK":
				c.errorf(w.pos, "unknown outcome %q; did you mean %s?", w.text, strings.ToLower(up))
			default:
				c.errorf(w.pos, "expect wants a number, an error such as ECONNREFUSED, ok or blocked, not %q", w.text)
			}
		}
		o.Value = n
	}
	return o
}

type endpointOpts struct {
	wildIP   bool // * or a bare port allowed for the address
	portOnly bool // a bare PORT allowed (means *:PORT)
	noPort   bool // an address without port allowed
	hostName bool // HOST:PORT allowed
}

// endpoint reads *:99, 99, 10.1.2.3:99, A:99 or 10.1.2.3 (as opts allow).
func (c *checker) endpoint(w word, o endpointOpts) (Endpoint, bool) {
	text := w.text
	addr, port, hasPort := text, "", false
	if i := strings.LastIndexByte(text, ':'); i >= 0 {
		addr, port, hasPort = text[:i], text[i+1:], true
	} else if o.portOnly && isNum(text) {
		addr, port, hasPort = "*", text, true
	}
	var ep Endpoint
	switch {
	case addr == "*":
		if !o.wildIP {
			c.errorf(w.pos, "%q: a destination needs a real address, not the wildcard *", text)
			return ep, false
		}
	case len(addr) > 0 && (addr[0] < '0' || addr[0] > '9'):
		if !o.hostName {
			c.errorf(w.pos, "%q: want an IPv4 address such as 10.1.2.3", addr)
			return ep, false
		}
		h, ok := c.hostNamed(addr, w.pos)
		if !ok {
			return ep, false
		}
		addrs := c.prog.Hosts[c.prog.Machine(h)].Addrs
		if len(addrs) == 0 {
			return ep, false // its addresses were wrong and are reported
		}
		ep.Addr = addrs[0]
	default:
		a, err := parseIP(addr)
		if err != nil {
			if addr == "0.0.0.0" && o.wildIP {
				break
			}
			c.errorf(w.pos, "%v", err)
			return ep, false
		}
		ep.Addr = a
	}
	if !hasPort {
		if !o.noPort {
			c.errorf(w.pos, "%q needs a port: write %s:PORT", text, text)
			return ep, false
		}
		return ep, true
	}
	if port == "*" && o.wildIP {
		return ep, true
	}
	p, err := parsePort(port)
	if err != nil {
		c.errorf(w.pos, "%v", err)
		return ep, false
	}
	ep.Port = p
	return ep, true
}

// checkCreate checks socket, bind, listen and connect: calls that create a
// socket unless the head names an existing one.
func checkCreate(op CallOp) func(c *checker, s *stmtCtx) {
	return func(c *checker, s *stmtCtx) {
		call := &Call{Pos: s.pos, Host: s.host, Op: op, Sock: NoSock, New: -1}
		if op == OpSocket && s.sock != nil {
			c.errorf(s.sock.pos, "socket creates a socket: write %s.socket as %s", c.prog.Hosts[s.host].Name, s.sock.text)
			return
		}
		existing := s.sock != nil
		addrGiven := false
		// The address argument.
		if w, ok := s.peekWord(); ok && !isTailWord(w.text) {
			switch op {
			case OpBind, OpListen:
				s.i++
				addrGiven = true
				if ep, ok := c.endpoint(w, endpointOpts{wildIP: true, portOnly: true}); ok {
					call.Local, call.HasLoc = ep, true
				}
			case OpConnect:
				s.i++
				if ep, ok := c.endpoint(w, endpointOpts{hostName: true}); ok {
					call.Remote = ep
				}
			}
		} else if op == OpConnect || op == OpBind {
			what := "an address IP:PORT"
			if op == OpBind {
				what = "an address [IP|*]:PORT"
			}
			s.word(what)
			return
		}
		if op == OpListen && !addrGiven && !existing {
			// listen without an address acts on the only bound socket.
			existing = true
		}
		allow := "opts as expect"
		switch op {
		case OpListen:
			allow += " backlog"
		case OpConnect:
			allow += " from"
		}
		t := c.tail(s, call, allow)
		s.done()
		if addrGiven && !call.HasLoc {
			return // the address was wrong and is reported
		}
		call.Opts, call.Expect = t.opts.ptr(), t.expect.ptr()
		if t.hasBL {
			call.N, call.Backlog = t.backlog, true
		}
		if t.hasFrom {
			call.Local, call.HasLoc = t.from, true
		}
		if existing {
			if t.name.text != "" {
				c.errorf(t.name.pos, "as names a new socket; %s acts on an existing one", op)
			}
			ref, ok := c.resolve(s, op)
			if !ok {
				return
			}
			call.Sock = ref
			if ref.Handle >= 0 && containsKind(kindsFor(op), c.prog.Handles[ref.Handle].Kind) {
				if h := c.prog.Handles[ref.Handle]; h.Kind != createdKind(op) {
					h.Kind = createdKind(op)
					c.open[c.progOf(h.Host)].add(h)
				}
			}
		} else {
			call.New = c.newHandle(s.host, createdKind(op), t.name, s.pos)
		}
		c.prog.Stmts = append(c.prog.Stmts, call)
	}
}

func isTailWord(w string) bool {
	switch w {
	case "as", "expect", "backlog", "from":
		return true
	}
	return isOptWord(w)
}

// checkSockCall checks the calls that act on an existing socket.
func checkSockCall(op CallOp) func(c *checker, s *stmtCtx) {
	return func(c *checker, s *stmtCtx) {
		call := &Call{Pos: s.pos, Host: s.host, Op: op, New: -1}
		ref, ok := c.resolve(s, op)
		if !ok {
			s.i = len(s.args)
			return
		}
		call.Sock = ref
		allow := "expect"
		switch op {
		case OpWrite, OpRead:
			w, ok := s.word("a size in bytes")
			if !ok {
				return
			}
			n, err := parseSize(w.text)
			if err != nil {
				c.errorf(w.pos, "%s: %v", op, err)
				return
			}
			if n == 0 && op == OpRead {
				c.errorf(w.pos, "read 0 would return 0 at once; read at least 1 byte")
				return
			}
			call.N = n
			if op == OpRead {
				allow += " waitall"
			}
		case OpShutdown:
			w, ok := s.word("rd, wr or both")
			if !ok {
				return
			}
			switch w.text {
			case "rd", "read":
				call.How = ShutRD
			case "wr", "write":
				call.How = ShutWR
			case "both", "rdwr":
				call.How = ShutRDWR
			default:
				c.errorf(w.pos, "shutdown takes rd, wr or both, not %q", w.text)
				return
			}
		case OpAccept:
			allow += " as"
		case OpSockopt:
			allow = "opts"
		}
		t := c.tail(s, call, allow)
		s.done()
		call.Opts, call.Expect = t.opts.ptr(), t.expect.ptr()
		call.WaitAll = t.waitAll
		if op == OpSockopt && call.Opts == nil {
			c.errorf(s.endPos(), "sockopt needs an option: reuseaddr, reuseport, noreuseaddr, noreuseport or linger DURATION")
			return
		}
		switch op {
		case OpAccept:
			call.New = c.newHandle(s.host, Connected, t.name, s.pos)
		case OpClose:
			if ref.Handle >= 0 {
				c.closed[ref.Handle] = true
			}
		}
		c.prog.Stmts = append(c.prog.Stmts, call)
	}
}

// --- network and time ---

func checkWait(c *checker, s *stmtCtx) {
	w, ok := s.word("a duration such as 200ms")
	if !ok {
		return
	}
	d, err := parseDuration(w.text)
	if err != nil {
		c.errorf(w.pos, "%v", err)
		return
	}
	s.done()
	c.prog.Stmts = append(c.prog.Stmts, &Wait{Pos: s.pos, D: d})
}

func checkSettle(c *checker, s *stmtCtx) {
	s.done()
	c.prog.Stmts = append(c.prog.Stmts, &Settle{Pos: s.pos})
}

// direction reads HOST->HOST.
func (c *checker) direction(s *stmtCtx) (int, int, bool) {
	w, ok := s.word("a direction HOST->HOST")
	if !ok {
		return 0, 0, false
	}
	a, b, found := strings.Cut(w.text, "->")
	if !found || a == "" || b == "" {
		c.errorf(w.pos, "want a direction such as A->B, not %q", w.text)
		return 0, 0, false
	}
	from, ok1 := c.hostNamed(a, w.pos)
	bpos := w.pos
	bpos.Col += runeLen(a) + 2
	to, ok2 := c.hostNamed(b, bpos)
	if !ok1 || !ok2 {
		return 0, 0, false
	}
	return from, to, true
}

func checkNet(op NetOp) func(c *checker, s *stmtCtx) {
	return func(c *checker, s *stmtCtx) {
		from, to, ok := c.direction(s)
		if !ok {
			s.i = len(s.args)
			return
		}
		n := &Net{Pos: s.pos, Op: op, From: from, To: to}
		if op == NetDeliver || op == NetDrop {
			n.Count = 1
			if w, ok := s.peekWord(); ok && isNum(w.text) {
				s.i++
				v, err := parseCount(w.text)
				if err != nil || v < 1 || v > 1_000_000 {
					c.errorf(w.pos, "%s wants a count of segments 1-1000000, not %q", op, w.text)
				}
				n.Count = int(v)
			}
		}
		if op == NetDrop {
			if w, ok := s.peekWord(); ok {
				s.i++
				idx := indexOf(segFilterNames[:], w.text)
				if idx < 0 {
					c.errorf(w.pos, "drop takes a segment kind: %s, not %q", strings.Join(segFilterNames[:], ", "), w.text)
				} else {
					n.Filter = SegFilter(idx)
				}
			}
		}
		s.done()
		c.prog.Stmts = append(c.prog.Stmts, n)
	}
}

// --- observation and expectations ---

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
	spos := w.pos
	spos.Col += runeLen(hostPart) + 1
	if isNum(sockPart) {
		n, err := strconv.Atoi(sockPart)
		if err != nil {
			c.errorf(spos, "structure number %q is too large", sockPart)
			return -1, NoSock, false
		}
		return h, SockRef{Handle: -1, Num: n}, true
	}
	if x, ok := c.named.get(c.progOf(h), sockPart); ok {
		return h, SockRef{Handle: x, Num: -1}, true
	}
	c.noSocketNamed(h, word{text: sockPart, pos: spos})
	return -1, NoSock, false
}

func checkShow(c *checker, s *stmtCtx) {
	vw, ok := s.word("a view: " + strings.Join(viewNames, ", "))
	if !ok {
		return
	}
	if !contains(viewNames, vw.text) {
		msg := "unknown view " + strconvQuote(vw.text)
		if sug := suggest(vw.text, viewNames); sug != "" {
			msg += "; did you mean " + sug + "?"
		} else {
			msg += " (views: " + capList(viewNames, "tcps help views") + ")"
		}
		c.errorf(vw.pos, "%s", msg)
		return
	}
	sh := &Show{Pos: s.pos, View: View(vw.text), Host: -1, Sock: NoSock}
	switch sh.View {
	case ViewTime, ViewLadder, ViewPackets:
	case ViewDemux:
		hw, ok := s.word("a host: show demux HOST SRC > DST")
		if !ok {
			return
		}
		if sh.Host, ok = c.hostNamed(hw.text, hw.pos); !ok {
			s.i = len(s.args)
			return
		}
		if s.keyword("all") {
			sh.Every = true
			break
		}
		sw, ok := s.word("the packet's source IP:PORT")
		if !ok {
			return
		}
		from, ok1 := c.endpoint(sw, endpointOpts{hostName: true})
		if aw, ok := s.word(">"); !ok {
			return
		} else if aw.text != ">" {
			c.errorf(aw.pos, "show demux: want > between source and destination, not %q", aw.text)
			return
		}
		dw, ok := s.word("the packet's destination IP:PORT")
		if !ok {
			return
		}
		to, ok2 := c.endpoint(dw, endpointOpts{hostName: true})
		if !ok1 || !ok2 {
			return
		}
		sh.From, sh.To = from, to
		if owner, ok := c.addrs[to.Addr]; (!ok || owner != c.prog.Machine(sh.Host)) && !to.Addr.IsLoopback() {
			c.errorf(dw.pos, "%s is not an address of host %s", to.Addr, c.prog.Hosts[sh.Host].Name)
		}
		sh.Flags = "S"
	default:
		if w, ok := s.peekWord(); ok {
			s.i++
			h, ref, ok := c.target(w)
			if !ok {
				return
			}
			if ref != NoSock && sh.View != ViewQueues && sh.View != ViewWindows {
				c.errorf(w.pos, "show %s takes a host, not a socket", sh.View)
				return
			}
			sh.Host, sh.Sock = h, ref
		}
	}
	s.done()
	c.prog.Stmts = append(c.prog.Stmts, sh)
}

func checkNote(c *checker, s *stmtCtx) {
	var parts []string
	for _, a := range s.args {
		parts = append(parts, joinWords(a.words))
	}
	c.prog.Stmts = append(c.prog.Stmts, &Note{Pos: s.pos, Text: strings.Join(parts, " ")})
}

// StateNames are the connection states as netstat prints them.
var StateNames = []string{"LISTEN", "SYN_SENT", "SYN_RECV", "ESTABLISHED", "FIN_WAIT1", "FIN_WAIT2", "CLOSE_WAIT",
	"CLOSING", "LAST_ACK", "TIME_WAIT", "CLOSE"}

// CanonicalState maps any of the tools' spellings of a state (RFC 9293,
// netstat, ss) to netstat's, or "" when s names no state.
func CanonicalState(s string) string {
	u := strings.ToUpper(strings.ReplaceAll(s, "-", "_"))
	switch u {
	case "ESTAB":
		return "ESTABLISHED"
	case "SYN_RECEIVED":
		return "SYN_RECV"
	case "FIN_WAIT_1":
		return "FIN_WAIT1"
	case "FIN_WAIT_2":
		return "FIN_WAIT2"
	case "CLOSED", "UNCONN":
		return "CLOSE"
	case "SYN_RCVD": // BSD's netstat
		return "SYN_RECV"
	}
	if contains(StateNames, u) {
		return u
	}
	return ""
}

// stateWords are words people write for a state that no tool prints.
var stateWords = map[string]string{"CONNECTED": "ESTABLISHED", "OPEN": "ESTABLISHED", "LISTENER": "LISTEN"}

// suggestState is the state a misspelt one most likely means: the same
// letters without _ and - (timewait), a state the word starts with or that
// starts with it (listening), a common word (connected), or a near miss.
func suggestState(w string) string {
	squash := func(s string) string {
		return strings.NewReplacer("_", "", "-", "", " ", "").Replace(strings.ToUpper(s))
	}
	u := squash(w)
	if s, ok := stateWords[u]; ok {
		return s
	}
	for _, s := range StateNames {
		if q := squash(s); q == u || (len(u) >= 4 && len(q) >= 4 && (strings.HasPrefix(u, q) || strings.HasPrefix(q, u))) {
			return s
		}
	}
	return suggest(strings.ToUpper(strings.ReplaceAll(w, "-", "_")), StateNames)
}

func checkExpect(c *checker, s *stmtCtx) {
	tw, ok := s.word("what to check: deadlock, HOST blocked, or HOST.SOCK PROPERTY VALUE")
	if !ok {
		return
	}
	e := &Expect{Pos: s.pos, Host: -1, Sock: NoSock, Written: tw.text}
	// expect deadlock alone is the deadlock expectation; followed by more,
	// deadlock is a host's name.
	if _, isHost := c.hosts[tw.text]; tw.text == "deadlock" && (!s.more() || !isHost) {
		if s.more() {
			a := s.args[s.i]
			c.errorf(a.pos, "unexpected %s: expect deadlock takes nothing after it (and no host is named deadlock)", describeArg(a))
			return
		}
		e.Prop = PropDeadlock
		c.prog.Stmts = append(c.prog.Stmts, e)
		return
	}
	h, ref, ok := c.target(tw)
	if !ok {
		s.i = len(s.args)
		return
	}
	e.Host, e.Sock = h, ref
	pw, ok := s.word("a property: " + strings.Join(propNames, ", "))
	if !ok {
		return
	}
	if !contains(propNames, pw.text) {
		msg := "unknown property " + strconvQuote(pw.text)
		if sug := suggest(pw.text, propNames); sug != "" {
			msg += "; did you mean " + sug + "?"
		} else {
			msg += " (properties: " + capList(propNames, "tcps help properties") + ")"
		}
		c.errorf(pw.pos, "%s", msg)
		return
	}
	e.Prop = Prop(pw.text)
	doc := propDoc(e.Prop)
	hostProp := doc.Of == "host"
	if hostProp && ref != NoSock {
		c.errorf(pw.pos, "%s is a property of a host: write expect %s %s", e.Prop, c.prog.Hosts[h].Name, e.Prop)
		return
	}
	if hostProp && doc.Value == "" {
		s.done()
		c.prog.Stmts = append(c.prog.Stmts, e)
		return
	}
	if !hostProp && ref == NoSock {
		// HOST PROPERTY: the host's only socket of the fitting kind.
		op := OpRead
		if e.Prop == PropAcceptQ {
			op = OpAccept
		} else if e.Prop == PropState {
			op = OpClose
		}
		s.host = h
		s.verb = &Verb{Name: "expect " + string(e.Prop)}
		if e.Sock, ok = c.resolve(s, op); !ok {
			s.i = len(s.args)
			return
		}
	}
	vw, ok := s.word("the expected value")
	if !ok {
		return
	}
	e.Word = vw.text
	if e.Prop == PropState {
		e.State = CanonicalState(vw.text)
		if e.State == "" {
			msg := "unknown state " + strconvQuote(vw.text)
			if sug := suggestState(vw.text); sug != "" {
				msg += "; did you mean " + sug + "?"
			}
			c.errorf(vw.pos, "%s (states: %s; ss and RFC 9293 spellings such as ESTAB and SYN-RECEIVED work too)", msg, strings.Join(StateNames, ", "))
			return
		}
	} else {
		n, err := parseSize(vw.text)
		if err != nil {
			c.errorf(vw.pos, "expect %s: %v", e.Prop, err)
			return
		}
		e.Int = n
	}
	s.done()
	c.prog.Stmts = append(c.prog.Stmts, e)
}

// --- helpers ---

// maxListed is how many candidates a message lists before it counts the
// rest: a host may have 100,000 listeners.
const maxListed = 5

// capList joins the first maxListed items of list and counts the rest,
// "a, b, c, d, e and 7 more", adding where to find them all when where
// is given.
func capList(list []string, where string) string {
	return capListOf(list, len(list), where)
}

// capListOf is capList for a list of total items of which list holds
// at least the first maxListed (or all): the caller need not make the rest.
func capListOf(list []string, total int, where string) string {
	if total <= maxListed {
		return strings.Join(list, ", ")
	}
	s := strings.Join(list[:maxListed], ", ") + " and " + itoa(total-maxListed) + " more"
	if where != "" {
		s += ": " + where
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
