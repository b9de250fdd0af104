package lang

import (
	"sort"
	"strconv"
	"strings"

	"github.com/tcps-dev/tcps/lang/msg"
)

// The checker of socket calls: the calls that create sockets and the calls on them, the
// sockets they name or that fit, their endpoints and expected outcomes.
// check.go holds the checker itself and what every statement shares.

// newHandle records a socket the program now holds: a call of host entry
// host created it, and it is a descriptor of that entry's program.
func (c *checker) newHandle(host int, kind HandleKind, name word, pos Pos) int {
	h := c.handles.new(Handle{Index: len(c.prog.Handles), Host: host, Name: name.text, Kind: kind, Pos: pos})
	prog := c.progOf(host)
	if name.text != "" {
		if old, ok := c.namedHandle(prog, name.text); ok && !c.closed[old] {
			c.errorf(name.pos, msg.NameInUse, name.text, c.prog.Hosts[prog].Name, c.prog.Handles[old].Pos)
		}
	}
	c.prog.Handles = append(c.prog.Handles, h)
	c.closed = append(c.closed, false)
	o := &c.open[prog]
	o.add(h)
	if h.Name != "" {
		o.named = append(o.named, h.Index)
		c.nameHandle(prog, h.Name, h.Index)
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

func kindWords(l msg.Lang, kinds []HandleKind) string {
	if len(kinds) == 4 {
		return msg.KindOpen.In(l)
	}
	parts := make([]string, len(kinds))
	for i, k := range kinds {
		parts[i] = kindWord(l, k)
	}
	return strings.Join(parts, msg.Or.In(l))
}

// kindWord is a handle kind in l: k.String() in English.
func kindWord(l msg.Lang, k HandleKind) string {
	switch k {
	case Unbound:
		return msg.KindUnbound.In(l)
	case Bound:
		return msg.KindBound.In(l)
	case Listening:
		return msg.KindListening.In(l)
	case Connected:
		return msg.KindConnected.In(l)
	}
	return k.String()
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
		h, ok := c.namedHandle(c.progOf(s.host), s.sock.text)
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
			call := c.calls.new(Call{Pos: s.pos, Host: s.host, Op: OpAccept, Sock: SockRef{Handle: ls[0], Num: -1}, Implicit: true})
			call.New = c.newHandle(s.host, Connected, word{}, s.pos)
			c.prog.Stmts = append(c.prog.Stmts, call)
			cands = []int{call.New}
		}
	}
	switch len(cands) {
	case 1:
		return SockRef{Handle: cands[0], Num: -1}, true
	case 0:
		c.errorf(s.head.pos, msg.NoSocketFor, hostName, kindWords(c.lang, kinds), s.verb.Name)
	default:
		var list []string
		for _, x := range cands[:min(len(cands), maxListed)] {
			hd := c.prog.Handles[x]
			if hd.Name != "" {
				list = append(list, msg.OnLine.In(c.lang, hd.Name, hd.Pos.Line))
			} else {
				list = append(list, msg.UnnamedOn.In(c.lang, hd.Pos.Line))
			}
		}
		c.errorf(s.head.pos, msg.Ambiguous, hostName, s.verb.Name, len(cands), kindWords(c.lang, kinds), capListOf(c.lang, list, len(cands), ""))
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
	o := &c.open[c.progOf(host)]
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

// tailWords is a set of the parts a call's tail may have.
type tailWords uint8

const (
	tailOpts    tailWords = 1 << iota // socket options (optionWords)
	tailAs                            // as NAME
	tailExpect                        // expect OUTCOME
	tailWaitAll                       // waitall
	tailBacklog                       // backlog N
	tailFrom                          // from ADDRESS
)

// tailWord is the part of a tail that word w begins, 0 when none does.
func tailWord(w string) tailWords {
	switch w {
	case "as":
		return tailAs
	case "expect":
		return tailExpect
	case "waitall":
		return tailWaitAll
	case "backlog":
		return tailBacklog
	case "from":
		return tailFrom
	}
	if isOptWord(w) {
		return tailOpts
	}
	return 0
}

func (c *checker) tail(s *stmtCtx, call *Call, allow tailWords) tail {
	var t tail
	for s.more() {
		w, ok := s.peekWord()
		if !ok {
			s.done()
			return t
		}
		if tailWord(w.text)&allow == 0 {
			s.done()
			return t
		}
		s.i++
		switch w.text {
		case "as":
			nw, ok := s.word(msg.WhatAsName)
			if !ok {
				return t
			}
			if problem := nameProblem(c.lang, msg.KindSocketName, nw.text); problem != "" {
				c.errorText(nw.pos, problem)
				continue
			}
			t.name = nw
		case "expect":
			ow, ok := s.word(msg.WhatOutcome)
			if !ok {
				return t
			}
			t.expect = parseOutcome(c, ow)
		case "waitall":
			t.waitAll = true
		case "backlog":
			bw, ok := s.word(msg.WhatBacklog)
			if !ok {
				return t
			}
			n, err := parseCount(bw.text)
			if err != nil || n > 65535 {
				c.errorf(bw.pos, msg.BacklogRange, bw.text)
				continue
			}
			t.backlog, t.hasBL = n, true
		case "from":
			fw, ok := s.word(msg.WhatFrom)
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
			dw, ok := s.word(msg.WhatLinger)
			if !ok {
				return t
			}
			d, err := parseDuration(dw.text)
			if err != nil {
				c.errorf(dw.pos, msg.Prefixed, "linger", err)
				continue
			}
			t.opts.Linger = &d
		}
	}
	return t
}

func isOptWord(w string) bool { return contains(optionWords, w) }

// optionWords are the socket options a call may set (see isOptWord).
var optionWords = []string{"reuseaddr", "noreuseaddr", "reuseport", "noreuseport", "linger"}

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
			text := msg.UnknownErrno.In(c.lang, strconvQuote(w.text))
			if w.text == "EAGAIN" || w.text == "EWOULDBLOCK" {
				text += msg.NoEAGAIN.In(c.lang, w.text)
			} else if sug := suggest(w.text, Errnos); sug != "" {
				text += msg.DidYouMean.In(c.lang, sug)
			}
			c.errorf(w.pos, msg.ErrnosList, text, strings.Join(Errnos, ", "))
		}
		o.Errno = w.text
	default:
		n, err := parseSize(w.text)
		if err != nil {
			up := strings.ToUpper(w.text)
			switch {
			case contains(Errnos, up):
				c.errorf(w.pos, msg.UnknownOutcome, w.text, up)
			case up == "BLOCKED" || up == "OK":
				c.errorf(w.pos, msg.UnknownOutcome, w.text, strings.ToLower(up))
			default:
				c.errorf(w.pos, msg.BadOutcome, w.text)
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
			c.errorf(w.pos, msg.NoWildcardDst, text)
			return ep, false
		}
	case len(addr) > 0 && (addr[0] < '0' || addr[0] > '9'):
		if !o.hostName {
			c.errorf(w.pos, msg.WantIPv4, addr)
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
			c.errorText(w.pos, msg.Local(c.lang, err))
			return ep, false
		}
		ep.Addr = a
	}
	if !hasPort {
		if !o.noPort {
			c.errorf(w.pos, msg.NeedsPort, text, text)
			return ep, false
		}
		return ep, true
	}
	if port == "*" && o.wildIP {
		return ep, true
	}
	p, err := parsePort(port)
	if err != nil {
		c.errorText(w.pos, msg.Local(c.lang, err))
		return ep, false
	}
	ep.Port = p
	return ep, true
}

// checkCreate checks socket, bind, listen and connect: calls that create a
// socket unless the head names an existing one.
func checkCreate(op CallOp) func(c *checker, s *stmtCtx) {
	return func(c *checker, s *stmtCtx) {
		call := c.calls.new(Call{Pos: s.pos, Host: s.host, Op: op, Sock: NoSock, New: -1})
		if op == OpSocket && s.sock != nil {
			c.errorf(s.sock.pos, msg.SocketCreates, c.prog.Hosts[s.host].Name, s.sock.text)
			return
		}
		existing := s.sock != nil
		addrGiven := false
		var ends Ends
		// The address argument.
		if w, ok := s.peekWord(); ok && !isTailWord(w.text) {
			switch op {
			case OpBind, OpListen:
				s.i++
				addrGiven = true
				if ep, ok := c.endpoint(w, endpointOpts{wildIP: true, portOnly: true}); ok {
					ends.Local, call.HasLoc = ep, true
				}
			case OpConnect:
				s.i++
				if ep, ok := c.endpoint(w, endpointOpts{hostName: true}); ok {
					ends.Remote = ep
				}
			}
		} else if op == OpConnect || op == OpBind {
			what := msg.WhatAddr
			if op == OpBind {
				what = msg.WhatBindAddr
			}
			s.word(what)
			return
		}
		if op == OpListen && !addrGiven && !existing {
			// listen without an address acts on the only bound socket.
			existing = true
		}
		allow := tailOpts | tailAs | tailExpect
		switch op {
		case OpListen:
			allow |= tailBacklog
		case OpConnect:
			allow |= tailFrom
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
			ends.Local, call.HasLoc = t.from, true
		}
		call.Ends = c.ends(ends)
		if existing {
			if t.name.text != "" {
				c.errorf(t.name.pos, msg.AsNamesNew, op)
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
		call := c.calls.new(Call{Pos: s.pos, Host: s.host, Op: op, New: -1})
		ref, ok := c.resolve(s, op)
		if !ok {
			s.i = len(s.args)
			return
		}
		call.Sock = ref
		allow := tailExpect
		switch op {
		case OpWrite, OpRead:
			w, ok := s.word(msg.WhatSize)
			if !ok {
				return
			}
			n, err := parseSize(w.text)
			if err != nil {
				c.errorf(w.pos, msg.Prefixed, op, err)
				return
			}
			if n == 0 && op == OpRead {
				c.errorf(w.pos, msg.ReadZero)
				return
			}
			call.N = n
			if op == OpRead {
				allow |= tailWaitAll
			}
		case OpShutdown:
			w, ok := s.word(msg.WhatHow)
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
				c.errorf(w.pos, msg.ShutdownHow, w.text)
				return
			}
		case OpAccept:
			allow |= tailAs
		case OpSockopt:
			allow = tailOpts
		}
		t := c.tail(s, call, allow)
		s.done()
		call.Opts, call.Expect = t.opts.ptr(), t.expect.ptr()
		call.WaitAll = t.waitAll
		if op == OpSockopt && call.Opts == nil {
			c.errorf(s.endPos(), msg.SockoptNeeds)
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
