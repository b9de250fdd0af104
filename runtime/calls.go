package runtime

import (
	"strings"

	"github.com/tcps-dev/tcps/lang"
	"github.com/tcps-dev/tcps/lang/msg"
)

// The socket calls, as a host's thread makes them. A call either completes
// at once or blocks; a blocked call is retried (step) whenever the
// structure it waits on changes, and completes when the model allows.

// result is what a call returned: a value, or -1 and an errno. It is kept
// to four words so that Go passes it in registers: a larger one went
// through memory on every return, a stall on every step of a blocked read.
type result struct {
	val  int64
	info string // extra words for the trace, e.g. the structure created
	why  cause  // why the call was refused (its errno), or causeNone
}

// errno is the errno of a refused call, "" otherwise.
func (r result) errno() string { return errnoOf[r.why] }

// threadCall is a thread's own copy of a call it makes (keep), and the
// link to the call queued behind it.
type threadCall struct {
	lang.Call
	next *threadCall
}

// callQueue is a thread's calls waiting for the one in progress to
// return, in order: a list through threadCall.next.
type callQueue struct{ first, last *threadCall }

func (q *callQueue) push(c *threadCall) {
	if q.last == nil {
		q.first = c
	} else {
		q.last.next = c
	}
	q.last = c
}

func (q *callQueue) pop() *threadCall {
	c := q.first
	q.first, c.next = c.next, nil
	if q.first == nil {
		q.last = nil
	}
	return c
}

// submit hands a call to a host's thread: it runs now if the thread is
// idle, or when the calls before it have returned. The thread makes the
// call from a copy of its own (see keep).
func (s *Sim) submit(t *Thread, st *lang.Call) {
	t.queue.push(s.keep(st))
	s.runThread(t)
}

// keep copies a statement's call for the thread that makes it. The run
// reads its program with lang.Program.Stream, which reuses a statement's
// value for the next one, while a thread holds a call until it returns,
// and queues the calls behind it. A returned call's copy is used again
// (finish), so a run holds one for each call in progress or waiting, not
// one for each of the four million calls of a million clients. The spare
// copies are a stack of pointers, not a list through their own links: a
// million clients keep about 190,000 copies going round, too many for the
// cache, and a list's next copy is known only once the one before it has
// come from memory.
func (s *Sim) keep(st *lang.Call) *threadCall {
	var c *threadCall
	if n := len(s.spareCalls); n > 0 {
		c, s.spareCalls = s.spareCalls[n-1], s.spareCalls[:n-1]
	} else {
		c = new(threadCall)
		s.charge(callCost)
	}
	*c = threadCall{Call: *st}
	return c
}

// runThread starts queued calls while the thread is idle.
func (s *Sim) runThread(t *Thread) {
	if t.running {
		return
	}
	t.running = true
	for t.call == nil && t.queue.first != nil && s.fatal == nil {
		s.issue(t, t.queue.pop())
	}
	t.running = false
}

// issue starts a call on an idle thread.
func (s *Sim) issue(t *Thread, c *threadCall) {
	t.call, t.since, t.done, t.sock, t.acked, t.writeNo, t.blocked = c, s.now, 0, nil, false, 0, false
	s.traceIssue(t)
	res, done := s.attempt(t)
	if c.Expect != nil && c.Expect.Blocks && done {
		s.failm(c.Expect.Pos, msg.ExpectedToBlock, s.prog.CallText(&c.Call), res.text())
	}
	if done {
		s.finish(t, res)
		return
	}
	t.blocked = true
	if s.wants(levelCalls) {
		s.traceCall(t, "blocks: "+s.waitReason(t))
	}
	if c.Expect != nil && c.Expect.Blocks {
		t.acked = true
	}
}

// step retries a blocked call.
func (s *Sim) step(t *Thread) {
	if t.call == nil {
		return
	}
	before := t.done
	if res, done := s.attempt(t); done {
		s.finish(t, res)
		s.runThread(t)
	} else if t.done > before && t.call.Op == lang.OpWrite && s.wants(levelPackets) {
		s.traceCall(t, "copies "+plural(t.done-before, "more byte")+" into SendQ, still blocked: "+s.waitReason(t))
	}
}

// plural writes "1 byte", "2 bytes".
func plural(n int64, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return itoa64(n) + " " + word + "s"
}

// wake retries the calls blocked on a structure, in the order they
// blocked: a reader in one thread and a writer in another may both wait
// on one socket.
func (s *Sim) wake(sk *Socket) {
	t := sk.waiter
	if t == nil {
		return
	}
	if t.nextWaiter == nil {
		s.step(t)
		return
	}
	var few [4]*Thread
	ws := few[:0]
	for ; t != nil; t = t.nextWaiter {
		ws = append(ws, t)
	}
	for _, t := range ws {
		if t.sock == sk && sk.isWaiter(t) {
			s.step(t)
		}
	}
}

// addWaiter puts t at the end of the structure's waiters (once).
func (sk *Socket) addWaiter(t *Thread) {
	p := &sk.waiter
	for *p != nil {
		if *p == t {
			return
		}
		p = &(*p).nextWaiter
	}
	t.nextWaiter = nil
	*p = t
}

// removeWaiter takes t off the structure's waiters.
func (sk *Socket) removeWaiter(t *Thread) {
	for p := &sk.waiter; *p != nil; p = &(*p).nextWaiter {
		if *p == t {
			*p = t.nextWaiter
			t.nextWaiter = nil
			return
		}
	}
}

// isWaiter reports whether t waits on the structure.
func (sk *Socket) isWaiter(t *Thread) bool {
	for w := sk.waiter; w != nil; w = w.nextWaiter {
		if w == t {
			return true
		}
	}
	return false
}

func (s *Sim) finish(t *Thread, res result) {
	c := t.call
	if t.sock != nil {
		t.sock.removeWaiter(t)
	}
	if c.New >= 0 && res.errno() == "" {
		// socket() and accept() return the new descriptor; the other calls
		// that create a socket say which descriptor it has.
		fd := int(s.handleFD[c.New])
		if c.Op == lang.OpSocket || c.Op == lang.OpAccept {
			res.val = int64(fd)
		}
		if strings.HasPrefix(res.info, "[") {
			res.info = "[fd " + itoa(fd) + ": " + res.info[1:]
		}
	}
	if s.wants(levelCalls) {
		line := "= " + res.text()
		if res.info != "" {
			line += "  " + res.info
		}
		if t.blocked {
			line += msg.BlockedFor.In(s.prog.Lang, (s.now - t.since).String())
		}
		s.traceCall(t, line)
	}
	t.call, t.sock = nil, nil
	if c.Expect != nil && !c.Expect.Blocks {
		want := Outcome(*c.Expect)
		if !want.matches(res) {
			s.failm(c.Expect.Pos, msg.ReturnedNot, s.prog.CallText(&c.Call), res.text(), c.Expect.Written)
		}
	}
	s.spareCalls = append(s.spareCalls, c) // nothing holds it now (keep)
}

// callInfo is the trace's note on a call's result, made only when calls
// are traced: building it for 100,000 calls at trace none was a sixth of
// a run.
func (s *Sim) callInfo(f func() string) string {
	if s.level >= levelCalls {
		return f()
	}
	return ""
}

// Outcome wraps lang.Outcome for comparison.
type Outcome lang.Outcome

func (o Outcome) matches(r result) bool {
	if o.Errno != "" {
		return r.errno() == o.Errno
	}
	return r.errno() == "" && r.val == o.Value
}

func (r result) text() string {
	if r.errno() != "" {
		return "-1 " + r.errno()
	}
	return itoa64(r.val)
}

// block records what the thread waits on.
func (t *Thread) block(sk *Socket) (result, bool) {
	t.sock = sk
	sk.addWaiter(t)
	return result{}, false
}

// sockOf finds the structure a call acts on, or refuses the call with
// EBADF: the descriptor was closed, the call that makes the socket has not
// returned (or failed), or the structure named by number is not one the
// program holds a descriptor for.
func (s *Sim) sockOf(t *Thread) (*Socket, result, bool) {
	c := &t.call.Call
	if c.Sock.Handle >= 0 {
		sk := s.handles[c.Sock.Handle]
		if line := s.handleClosed[c.Sock.Handle]; line > 0 {
			res, _ := s.errClosed(s.sockName(c, sk), int(line))
			return nil, res, false
		}
		if sk == nil {
			res, _ := s.errUnmade(s.sockName(c, nil), int(s.prog.Handles[c.Sock.Handle].Pos.Line))
			return nil, res, false
		}
		return sk, result{}, true
	}
	h := t.host
	if c.Sock.Num < len(h.socks) {
		sk := h.socks[c.Sock.Num]
		if s.handleOf(t, sk) >= 0 {
			return sk, result{}, true
		}
		res, _ := s.errNotHeld(t.name(), sk)
		return nil, res, false
	}
	res, _ := s.refuse(causeBadFDNotHeld, t.name(), h.name()+"."+itoa(c.Sock.Num))
	return nil, res, false
}

// handleOf is the open handle of the thread's program (any of its threads
// may have made it) for a structure named by number, or -1.
func (s *Sim) handleOf(t *Thread, sk *Socket) int {
	i := int(sk.handle) - 1
	if i >= 0 && s.prog.Handles[i].Host >= 0 && s.prog.ProgramOf(s.prog.Handles[i].Host) == int(t.prog) {
		return i
	}
	return -1
}

// attempt tries to complete the thread's call now.
func (s *Sim) attempt(t *Thread) (result, bool) {
	c := &t.call.Call
	h := t.host
	var sk *Socket
	if c.New >= 0 && c.Sock.Handle < 0 && c.Sock.Num < 0 && c.Op != lang.OpAccept {
		// A call that creates its socket: do so once.
		if t.sock == nil {
			sk = h.newSocket()
			s.handles[c.New] = sk
			s.handleFD[c.New] = int32(t.allocFD())
			sk.handle = int32(c.New) + 1
			s.applyOpts(sk, c.Opts)
			t.sock = sk
		}
		sk = t.sock
	} else {
		var ok bool
		var res result
		if sk, res, ok = s.sockOf(t); !ok {
			return res, true
		}
	}
	switch c.Op {
	case lang.OpSocket:
		return result{info: s.callInfo(func() string { return "[" + sk.label() + " " + sk.State.String() + "]" })}, true
	case lang.OpSockopt:
		s.applyOpts(sk, c.Opts)
		return result{}, true
	case lang.OpBind:
		return s.bindCall(sk, c)
	case lang.OpListen:
		return s.listenCall(sk, c)
	case lang.OpConnect:
		return s.connectCall(t, sk, c)
	case lang.OpAccept:
		return s.acceptCall(t, sk, c)
	case lang.OpWrite:
		return s.writeCall(t, sk, c)
	case lang.OpRead:
		return s.readCall(t, sk, c)
	case lang.OpClose:
		h := c.Sock.Handle
		if h < 0 {
			h = s.handleOf(t, sk)
		}
		t.freeFD(int(s.handleFD[h]))
		s.handleClosed[h] = int32(c.Pos.Line)
		sk.handle = 0
		s.appClose(sk)
		return result{}, true
	case lang.OpShutdown:
		if !sk.connected() || sk.State == Closed && !sk.reset {
			return s.errShutUnconnected(s.sockName(c, sk))
		}
		if c.How != lang.ShutWR {
			sk.rdShut = true
			s.wake(sk)
		}
		if c.How != lang.ShutRD {
			s.shutWrite(sk)
		}
		return result{}, true
	}
	s.fatal = &lang.Error{Pos: c.Pos, Msg: "internal error: the model has no call " + c.Op.String()}
	return result{}, true
}

func (s *Sim) applyOpts(sk *Socket, o *lang.SockOpts) {
	if o == nil {
		return
	}
	if o.ReuseAddr != nil {
		sk.reuseAddr = *o.ReuseAddr
	}
	if o.ReusePort != nil {
		sk.reusePort = *o.ReusePort
	}
	if o.Linger != nil {
		sk.lingerZero = *o.Linger == 0
	}
}

// bindAddr binds sk to ep (port 0: an ephemeral one).
func (s *Sim) bindAddr(sk *Socket, ep endpoint) (result, bool) {
	h := sk.host
	if ep.ip != 0 && !h.owns(ep.ip) {
		return s.errNotOwned(ep.ip, h)
	}
	if ep.port == 0 {
		ep.port = h.ephemeralPort()
		if ep.port == 0 {
			return s.errNoEphemeral(h)
		}
	}
	if o := h.bindConflict(sk, ep); o != nil {
		return s.errInUse(o)
	}
	h.bindTo(sk, ep)
	return result{}, true
}

func (s *Sim) bindCall(sk *Socket, c *lang.Call) (result, bool) {
	if sk.bound || sk.State != Closed {
		return s.errBound(s.sockName(c, sk), sk)
	}
	res, _ := s.bindAddr(sk, endpoint{addrOf(c.Local().Addr), c.Local().Port})
	if res.errno() == "" {
		res.info = s.callInfo(func() string { return msg.BoundTo.In(s.prog.Lang, sk.label(), sk.local.String()) })
	}
	return res, true
}

func (s *Sim) listenCall(sk *Socket, c *lang.Call) (result, bool) {
	if sk.State == Listen {
		if c.Backlog {
			sk.lst.backlog = int(min(c.N, s.global.somaxconn))
		}
		return result{}, true
	}
	if sk.State != Closed || sk.connected() {
		return s.errListenConnected(s.sockName(c, sk), sk)
	}
	if c.HasLoc {
		if sk.bound {
			return s.errBound(s.sockName(c, sk), sk)
		}
		if res, _ := s.bindAddr(sk, endpoint{addrOf(c.Local().Addr), c.Local().Port}); res.errno() != "" {
			return res, true
		}
	} else if !sk.bound {
		if res, _ := s.bindAddr(sk, endpoint{}); res.errno() != "" {
			return res, true
		}
	} else if o := sk.host.bindConflict(sk, sk.local); o != nil {
		// Linux's listen checks the bind conflicts again
		// (inet_csk_listen_start -> get_port): SO_REUSEADDR let the bind
		// share the port with a structure that now listens, which the
		// listen does not.
		return s.errInUse(o)
	}
	sk.lst = &listener{backlog: int(min(defaultBacklog, s.global.somaxconn))}
	s.charge(listenerCost)
	if c.Backlog {
		sk.lst.backlog = int(min(c.N, s.global.somaxconn))
	}
	sk.setState(Listen)
	sk.host.addListener(sk)
	return result{info: s.callInfo(func() string {
		return "[" + sk.label() + " LISTEN " + sk.local.String() + " backlog " + itoa(sk.lst.backlog) + "]"
	})}, true
}

func (s *Sim) connectCall(t *Thread, sk *Socket, c *lang.Call) (result, bool) {
	if sk.isWaiter(t) {
		// Woken: the handshake finished one way or the other.
		switch {
		case sk.State == Established || sk.State == CloseWait:
			return result{info: s.callInfo(func() string { return "[" + sk.label() + " " + sk.local.String() + " -> " + sk.remote.String() + "]" })}, true
		case sk.State == Closed:
			return s.errConnect(sk.connErr.String(), sk)
		}
		return result{}, false
	}
	switch {
	case sk.State == SynSent:
		return s.errAlready(s.sockName(c, sk))
	case sk.State != Closed || sk.wasEstab:
		// Linux keeps a socket SS_CONNECTED once it has been connected,
		// even after the connection ends or is reset; only a connect that
		// failed (ECONNREFUSED, ETIMEDOUT) may be tried again.
		return s.errIsConn(s.sockName(c, sk), sk)
	}
	h := sk.host
	dst := addrOf(c.Remote().Addr)
	if !sk.bound {
		ep := endpoint{ip: addrOf(c.Local().Addr), port: c.Local().Port}
		if ep.ip == 0 {
			ep.ip = h.sourceFor(dst)
		}
		if res, _ := s.bindAddr(sk, ep); res.errno() != "" {
			return res, true
		}
	} else if sk.local.ip == 0 {
		h.unbind(sk)
		h.bindTo(sk, endpoint{h.sourceFor(dst), sk.local.port})
	}
	sk.remote = endpoint{dst, c.Remote().Port}
	if o := h.findExact(tupleOf(sk)); o != nil {
		return s.errTupleTaken(sk, o)
	}
	h.addExact(sk)
	if sk.snd.synSent {
		sk.snd.restart() // a connect that failed: this is a new attempt
	}
	sk.snd.rttAt = s.now // the SYN's round trip is timed (synSentInput)
	sk.setState(SynSent)
	s.sendSyn(sk, noteNone)
	s.arm(sk, tRetransmit, s.now.Add(sk.snd.rto))
	return t.block(sk)
}

func (s *Sim) acceptCall(t *Thread, l *Socket, c *lang.Call) (result, bool) {
	if l.State != Listen {
		return s.errAcceptNotListening(s.sockName(c, l), l)
	}
	child := l.popAccept()
	if child == nil {
		return t.block(l)
	}
	l.removeWaiter(t)
	s.handles[c.New] = child
	s.handleFD[c.New] = int32(t.allocFD())
	child.handle = int32(c.New) + 1
	info := s.callInfo(func() string {
		info := msg.DerivedFromInfo.In(s.prog.Lang, child.label(), child.State.String(), child.local.String(), child.remote.String(), l.label())
		if c.Implicit {
			info += msg.ImplicitAccept.In(s.prog.Lang)
		}
		return info
	})
	return result{info: info}, true
}

func (s *Sim) writeCall(t *Thread, sk *Socket, c *lang.Call) (result, bool) {
	if sk.err != errNone {
		e := sk.err.String()
		sk.err = errNone
		return s.errPending(e, sk)
	}
	switch {
	case sk.reset || sk.wrShut || sk.snd.finQueued:
		return s.errWrite(s.sockName(c, sk), sk)
	case sk.State == SynSent || sk.State == SynRecv:
		return t.block(sk)
	case !sk.canSendData():
		return s.errWrite(s.sockName(c, sk), sk)
	}
	if t.done < c.N {
		if t.writeNo == 0 {
			sk.snd.nwrite++
			t.writeNo = sk.snd.nwrite
		}
		t.done += s.appWrite(sk, c.N-t.done, t.writeNo)
	}
	if t.done == c.N {
		return result{val: c.N}, true
	}
	return t.block(sk)
}

func (s *Sim) readCall(t *Thread, sk *Socket, c *lang.Call) (result, bool) {
	if sk.err != errNone {
		e := sk.err.String()
		sk.err = errNone
		return s.errPending(e, sk)
	}
	if sk.State == Listen {
		return s.errReadListener(s.sockName(c, sk))
	}
	if !sk.connected() {
		return s.errReadUnconnected(s.sockName(c, sk))
	}
	k := s.appRead(sk, c.N-t.done)
	t.done += k
	if t.done > 0 && (!c.WaitAll || t.done == c.N) {
		return result{val: t.done}, true
	}
	if sk.rcv.finRcvd || sk.rdShut || sk.State == Closed {
		if sk.rcv.finRcvd {
			sk.rcv.finRead = true // end of stream read: netstat's Recv-Q drops the FIN
		}
		return result{val: t.done, info: msg.EndOfStream.In(s.prog.Lang)}, true
	}
	return t.block(sk)
}
