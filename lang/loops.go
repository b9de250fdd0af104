package lang

import "iter"

// A million clients are one repeat of four statements. Unrolled, the
// program would hold four million of them (about 300 MB); the check
// would store every one and the run would read each once. So the checker
// still checks every iteration, statement by statement, as it always
// did, but when an iteration lowers to exactly the statements of the
// first one, renumbered for the hosts and sockets it made, it drops them
// and counts the iteration instead. A loop whose iterations all agree
// ends as one Repeat; at the first that differs (a $ in a byte count, an
// address, a show) the loop is unrolled and stays so. Program.All gives
// every consumer the unrolled statements, so none of them sees the
// difference: the same calls, in the same order, with the same numbers.
// (Program.Stream gives the same to the runtime without making a value
// for each, since the runtime copies what it keeps.)

// firstStmts is the most statement slots the checker makes before it has
// seen the file's loops: a repeat of a million iterations may end as one
// statement (Repeat), so the estimate is no guide.
const firstStmts = 1 << 12

// Repeat is a repeat block whose iterations lowered alike: Body is the
// first iteration, and iteration k is Body with the hosts and handles the
// loop made renumbered: a host index from FirstHost on moves by k*Hosts,
// a handle index from FirstHandle on by k*Handles (Hosts and Handles are
// what one iteration makes). Anything made before the loop, such as the
// server its clients connect to, keeps its number.
type Repeat struct {
	Body  []Stmt
	Times int
	renumber
}

// StmtPos is the position of the first statement of the body.
func (r *Repeat) StmtPos() Pos { return r.Body[0].StmtPos() }

// renumber is how iteration k of a loop numbers what the loop makes.
type renumber struct {
	FirstHost, Hosts     int
	FirstHandle, Handles int
}

func (r *renumber) host(h, k int) int {
	if h >= r.FirstHost {
		return h + k*r.Hosts
	}
	return h
}

func (r *renumber) handle(x, k int) int {
	if x >= r.FirstHandle {
		return x + k*r.Handles
	}
	return x
}

// All is the program's statements in order, every Repeat unrolled, each
// with its index in that order. A statement of a Repeat's later
// iterations is made as it is yielded: the same Repeat yields a new
// value each time All runs.
func (p *Program) All() iter.Seq2[int, Stmt] {
	return func(yield func(int, Stmt) bool) {
		u := unroller{yield: yield}
		for _, st := range p.Stmts {
			if !u.stmt(st) {
				return
			}
		}
	}
}

// Stream is All for a consumer that keeps no statement once it has asked
// for the next. A call or host statement of a Repeat's later iterations
// is written into one value that the next such statement overwrites, so
// a loop of a million iterations yields without making a value for each
// (300 MB of garbage for the million clients). The runtime, which copies
// the calls it queues, reads the program this way; any other consumer
// should use All.
func (p *Program) Stream() iter.Seq2[int, Stmt] {
	return func(yield func(int, Stmt) bool) {
		u := unroller{yield: yield, scratch: new(scratch)}
		for _, st := range p.Stmts {
			if !u.stmt(st) {
				return
			}
		}
	}
}

// Len is the number of statements All yields.
func (p *Program) Len() int { return count(p.Stmts) }

func count(stmts []Stmt) int {
	n := 0
	for _, st := range stmts {
		if r, ok := st.(*Repeat); ok {
			n += r.Times * count(r.Body)
		} else {
			n++
		}
	}
	return n
}

// unroller is one run of All or Stream: where it yields, and the next
// index.
type unroller struct {
	yield   func(int, Stmt) bool
	i       int
	scratch *scratch // Stream's reused values; nil for All
}

// scratch holds the one call and the one host statement Stream yields
// for a loop's later iterations (see shifted).
type scratch struct {
	call Call
	host HostDecl
}

// stmt yields st, unrolled; false when yield asked to stop.
func (u *unroller) stmt(st Stmt) bool {
	r, ok := st.(*Repeat)
	if !ok {
		u.i++
		return u.yield(u.i-1, st)
	}
	for _, b := range r.Body {
		if !u.stmt(b) {
			return false
		}
	}
	for k := 1; k < r.Times; k++ {
		for _, b := range r.Body {
			if !u.stmt(r.shifted(b, k, u.scratch)) {
				return false
			}
		}
	}
	return true
}

// Walk calls f on every statement as the program stores it, a Repeat's
// body once (after the Repeat itself): for questions such as "does any
// statement show a ladder?" that need not unroll.
func (p *Program) Walk(f func(Stmt)) { walk(p.Stmts, f) }

func walk(stmts []Stmt, f func(Stmt)) {
	for _, st := range stmts {
		f(st)
		if r, ok := st.(*Repeat); ok {
			walk(r.Body, f)
		}
	}
}

// shifted is st as iteration k of the loop r describes makes it: a new
// value, or st itself when nothing in it moves. With into (Stream), a
// call or host statement is written there instead, over the last one. A
// nested Repeat is always a new value, with a new body, since its own
// iterations are made from it while it is walked.
func (r *renumber) shifted(st Stmt, k int, into *scratch) Stmt {
	switch st := st.(type) {
	case *Call:
		var c *Call
		if into != nil {
			c = &into.call
		} else {
			c = new(Call) // allocated only here: Stream makes none
		}
		*c = *st
		r.call(c, k)
		return c
	case *HostDecl:
		var h *HostDecl
		if into != nil {
			h = &into.host
		} else {
			h = new(HostDecl)
		}
		*h = HostDecl{Pos: st.Pos, Host: r.host(st.Host, k)}
		return h
	case *Repeat:
		in := &Repeat{Body: make([]Stmt, len(st.Body)), Times: st.Times, renumber: st.renumber}
		in.FirstHost, in.FirstHandle = r.host(st.FirstHost, k), r.handle(st.FirstHandle, k)
		for j, b := range st.Body {
			in.Body[j] = r.shifted(b, k, nil)
		}
		return in
	}
	return st // Settle and Wait name nothing that moves (see alike)
}

func (r *renumber) call(c *Call, k int) {
	c.Host = r.host(c.Host, k)
	if c.Sock.Handle >= 0 {
		c.Sock.Handle = r.handle(c.Sock.Handle, k)
	}
	if c.New >= 0 {
		c.New = r.handle(c.New, k)
	}
}

// alike reports whether got is want as iteration k makes it. Only the
// statements a loop of clients is made of take part; any other (show,
// expect, set, link, ...) keeps its loop unrolled.
func (r *renumber) alike(want Stmt, k int, got Stmt) bool {
	switch w := want.(type) {
	case *Call:
		g, ok := got.(*Call)
		if !ok {
			return false
		}
		c := *w
		r.call(&c, k)
		return sameCall(&c, g)
	case *HostDecl:
		g, ok := got.(*HostDecl)
		return ok && g.Pos == w.Pos && g.Host == r.host(w.Host, k)
	case *Settle:
		g, ok := got.(*Settle)
		return ok && *g == *w
	case *Wait:
		g, ok := got.(*Wait)
		return ok && *g == *w
	case *Repeat:
		g, ok := got.(*Repeat)
		if !ok || g.Times != w.Times || len(g.Body) != len(w.Body) || g.Hosts != w.Hosts || g.Handles != w.Handles ||
			g.FirstHost != r.host(w.FirstHost, k) || g.FirstHandle != r.handle(w.FirstHandle, k) {
			return false
		}
		for j := range w.Body {
			if !r.alike(w.Body[j], k, g.Body[j]) {
				return false
			}
		}
		return true
	}
	return false
}

// sameCall compares two calls field by field and what their pointers
// point to: two iterations share one Ends only while the table of shared
// ones has room (ends).
func sameCall(a, b *Call) bool {
	x, y := *a, *b
	if !samePtr(x.Ends, y.Ends) || !samePtr(x.Expect, y.Expect) || !sameOpts(x.Opts, y.Opts) {
		return false
	}
	x.Ends, y.Ends, x.Expect, y.Expect, x.Opts, y.Opts = nil, nil, nil, nil, nil, nil
	return x == y
}

func samePtr[T comparable](a, b *T) bool {
	return a == b || a != nil && b != nil && *a == *b
}

func sameOpts(a, b *SockOpts) bool {
	return a == b || a != nil && b != nil &&
		samePtr(a.ReuseAddr, b.ReuseAddr) && samePtr(a.ReusePort, b.ReusePort) && samePtr(a.Linger, b.Linger)
}

// loop is a repeat being checked (checker.loops).
type loop struct {
	start int // where its statements begin in Program.Stmts
	renumber
	body  int  // statements of the first iteration
	iters int  // iterations checked
	flat  bool // an iteration differed: the loop is unrolled
}

// The expander tells the checker where a repeat and each iteration end
// (loopObserver).

func (c *checker) loopStart() {
	c.loops = append(c.loops, loop{start: len(c.prog.Stmts), flat: c.limits.unrollAll,
		renumber: renumber{FirstHost: len(c.prog.Hosts), FirstHandle: len(c.prog.Handles)}})
}

func (c *checker) iterDone() {
	l := &c.loops[len(c.loops)-1]
	l.iters++
	if len(c.errs) > 0 || *c.over {
		// The check has failed and its program will not be returned:
		// comparing, or writing out what was counted, is work for nothing.
		l.flat = true
	}
	if l.flat {
		return
	}
	stmts := c.prog.Stmts
	if l.iters == 1 {
		l.body = len(stmts) - l.start
		l.Hosts = len(c.prog.Hosts) - l.FirstHost
		l.Handles = len(c.prog.Handles) - l.FirstHandle
		l.flat = l.body == 0
		for _, st := range stmts[l.start:] {
			switch st.(type) {
			case *Call, *HostDecl, *Settle, *Wait, *Repeat:
			default:
				l.flat = true
			}
		}
		return
	}
	k := l.iters - 1
	body, got := stmts[l.start:l.start+l.body], stmts[l.start+l.body:]
	same := len(got) == l.body &&
		len(c.prog.Hosts) == l.FirstHost+(k+1)*l.Hosts && len(c.prog.Handles) == l.FirstHandle+(k+1)*l.Handles
	for j := 0; same && j < len(got); j++ {
		same = l.alike(body[j], k, got[j])
	}
	if same {
		for j := len(got) - 1; j >= 0; j-- {
			c.free(got[j])
		}
		clear(got)
		c.prog.Stmts = stmts[:l.start+l.body]
		return
	}
	// This iteration differs: write out the ones counted so far, before it.
	l.flat = true
	out := make([]Stmt, 0, (k-1)*l.body+len(got))
	for i := 1; i < k; i++ {
		for _, b := range body {
			out = append(out, l.shifted(b, i, nil))
		}
	}
	out = append(out, got...)
	c.prog.Stmts = append(stmts[:l.start+l.body], out...)
}

func (c *checker) loopEnd() {
	l := c.loops[len(c.loops)-1]
	c.loops = c.loops[:len(c.loops)-1]
	if l.flat || l.iters < 2 {
		return
	}
	body := append([]Stmt(nil), c.prog.Stmts[l.start:]...)
	clear(c.prog.Stmts[l.start:])
	c.prog.Stmts = append(c.prog.Stmts[:l.start], &Repeat{Body: body, Times: l.iters, renumber: l.renumber})
}

// free gives a dropped iteration's statement back to its slab.
func (c *checker) free(st Stmt) {
	switch st := st.(type) {
	case *Call:
		c.calls.free(st)
	case *HostDecl:
		c.decls.free(st)
	}
}
