package runtime

import (
	"sort"
	"strings"
	"time"

	"github.com/tcps-dev/tcps/lang"
	"github.com/tcps-dev/tcps/lang/msg"
)

// Progress and deadlock.
//
// "Nothing more can happen" is decided over the event queue: a segment on
// its way is always progress; a timer is progress when firing it could
// change something a program sees. A retransmission into held traffic is
// not; a zero-window probe is progress only when the peer has room to open
// the window; the ends of TIME_WAIT and of an orphaned FIN_WAIT2 are not
// (no call waits for them: settle does not sit out those 60 seconds, wait
// does). When no queued event is progress, every blocked call is blocked
// forever: that is a deadlock.

// timerProgress reports whether sk's queued timer could change anything.
func (s *Sim) timerProgress(sk *Socket) bool {
	switch k := sk.timerKind; k {
	case tRetransmit, tPersist:
		from := sk.host.Index
		to := s.hostOf(from, sk.remote.ip)
		if to < 0 {
			return true
		}
		if s.holding(from, to) {
			return false // the segment would wait at the link
		}
		back := s.holding(to, from)
		peer := s.peerOf(sk)
		if k == tRetransmit {
			// A retransmission of what the peer already has, whose
			// answer would be held on the way back, changes nothing
			// either: the peer drops the copy and its ACK waits.
			return !back || peer == nil || !peer.rcv.synRcvd || peer.rcv.nxt < sk.snd.maxNxt
		}
		if peer == nil {
			return !back // the probe would draw an RST
		}
		if sk.snd.rfc && peer.rcv.free() > 0 {
			return true // the probe byte would be taken
		}
		if back {
			return false // the answer to the probe would be held
		}
		win, _ := peer.windowNow()
		return win > 0
	case tTimeWait, tFinWait2:
		return false
	}
	return true
}

// holding reports whether segments from host from to host to wait at
// the link (hold).
func (s *Sim) holding(from, to int32) bool {
	d := s.dirs[dirKey{from, to}]
	return d != nil && d.holding
}

// peerOf finds the structure at the other end of a connection.
func (s *Sim) peerOf(sk *Socket) *Socket {
	if !sk.connected() || sk.State == Closed && !sk.inExact {
		return nil // a released structure has no peer, even if a newer connection reuses its 4-tuple
	}
	to := s.hostOf(sk.host.Index, sk.remote.ip)
	if to < 0 {
		return nil
	}
	return s.hosts[to].findExact(fourTuple{sk.remote.ip, sk.local.ip, sk.remote.port, sk.local.port})
}

// nextProgress returns the time of the earliest queued event that is
// progress, and that event.
func (s *Sim) nextProgress() (Time, event, bool) {
	best, found := Time(0), false
	var first event
	if s.armedTimers == 0 {
		// Every timer event still queued is stale: only a timer could
		// make progress, and none is armed. (Without this, each settle
		// walked every stale event: at a million clients, 1.75 million
		// of them a walk.)
		return best, first, found
	}
	s.q.inOrder(func(e *event) bool {
		if found && e.at >= best {
			return false // a timer fires at its deadline or later, never before
		}
		at := e.at
		if e.kind == evTimer {
			at = e.effectiveDeadline()
			if at == 0 || !s.timerProgress(e.sock) {
				return true
			}
		}
		if !found || at < best {
			best, found, first = at, true, *e
		}
		return true
	})
	return best, first, found
}

// longGap is the stretch of virtual time that settle, expect deadlock or
// the end of a run crosses only with a line in the trace saying what it
// waits for.
const longGap = Second

// advance runs the model until done() holds or nothing more can happen.
// It reports whether it stopped because nothing more can happen. who
// names the statement for the trace ("settle").
func (s *Sim) advance(who string, done func() bool) (stuck bool) {
	for !done() {
		if s.fatal != nil {
			return false
		}
		if s.arrivals > 0 {
			s.stepEvent()
			continue
		}
		at, e, ok := s.nextProgress()
		if !ok {
			return true
		}
		// Segments on their way are stepped above, so the next progress
		// is a timer: across a long gap, say which.
		if at-s.now > longGap && e.kind == evTimer {
			s.tracef("%s", msg.SettleWaiting.In(s.prog.Lang, s.whoText(who), durText(at-s.now), s.timerWaitText(e.sock)))
		}
		s.runUntil(at)
	}
	return false
}

// timerWaitText says which timer a long wait is for: "A.1's
// retransmission timer (RTO 3.200s)".
func (s *Sim) timerWaitText(sk *Socket) string {
	k := sk.timerKind
	l := s.prog.Lang
	name := timerNames[k]
	switch k {
	case tRetransmit:
		name = msg.TimerRetrans.In(l)
	case tPersist:
		name = msg.TimerPersist.In(l)
	}
	text := msg.TimerOf.In(l, sk.label(), name)
	switch k {
	case tRetransmit:
		text += " (RTO " + durText(sk.snd.rto) + ")"
	case tPersist:
		text += msg.TimerNextProbe.In(l)
	}
	return text
}

// whoText is the statement that waits, for settle's waiting line: a
// statement as written, or "end of run" in the program's language.
func (s *Sim) whoText(who string) string {
	if who == "end of run" {
		return msg.EndOfRun.In(s.prog.Lang)
	}
	return who
}

// durText prints a duration as the lecture reads it: 3.2s, 200ms.
func durText(d Time) string { return time.Duration(d).String() }

// settle runs until nothing more can happen; who names the statement
// that asked, for the trace ("settle", "expect deadlock", "end of run").
func (s *Sim) settle(who string) { s.advance(who, func() bool { return false }) }

// blockedThreads lists the threads in a call, by host order.
func (s *Sim) blockedThreads() []*Thread {
	var out []*Thread
	for i := range s.threads {
		t := &s.threads[i]
		if t.call != nil {
			out = append(out, t)
		}
	}
	return out
}

// waitReason says in plain words what a blocked call waits for.
func (s *Sim) waitReason(t *Thread) string {
	sk := t.sock
	c := t.call
	l := s.prog.Lang
	if sk == nil {
		return msg.WaitNothing.In(l)
	}
	peerName := ""
	if sk.connected() {
		if to := s.hostOf(sk.host.Index, sk.remote.ip); to >= 0 {
			peerName = s.hosts[to].name()
		}
	}
	switch c.Op.String() {
	case "write":
		left := c.N - t.done
		if sk.State == SynSent || sk.State == SynRecv {
			return msg.NotEstablished.In(l)
		}
		text := msg.WriteLeft.In(l, bytesText(l, left), sk.host.name(), sk.SendQ(), sk.snd.buf)
		if sk.snd.wnd == 0 && peerName != "" {
			text += msg.WriteZeroWindow.In(l, peerName)
		} else {
			text += msg.WriteWaitsACK.In(l)
		}
		return text
	case "read":
		if c.WaitAll && t.done > 0 {
			return msg.ReadWaitAll.In(l, t.done, c.N, peerName)
		}
		if peerName != "" {
			return msg.ReadEmpty.In(l, sk.host.name(), peerName)
		}
		return msg.RecvQEmpty.In(l)
	case "accept":
		return msg.AcceptEmpty.In(l, sk.label())
	case "connect":
		return msg.ConnectWait.In(l, sk.remote.String())
	}
	return msg.WaitNothing.In(l)
}

// waitsFor is the program (its host entry) a blocked call needs to act —
// the one holding the other end of the connection — or -1 when it waits
// for the network or for nobody in particular. owner maps a structure to
// the program holding it (ownerOf).
func (s *Sim) waitsFor(t *Thread, owner map[*Socket]int) int {
	sk := t.sock
	if sk == nil || !sk.connected() {
		return -1
	}
	switch {
	case t.call.Op == lang.OpRead:
	case t.call.Op == lang.OpWrite && sk.snd.wnd == 0:
	default:
		return -1
	}
	if p, ok := owner[s.peerOf(sk)]; ok {
		return p
	}
	return -1
}

// ownerOf maps every structure a program holds open to that program (the
// first, in handle order, when several do).
func (s *Sim) ownerOf() map[*Socket]int {
	owner := map[*Socket]int{}
	for i, x := range s.handles {
		if x == nil || s.handleClosed[i] != 0 || s.prog.Handles[i].Host < 0 {
			continue
		}
		if _, ok := owner[x]; !ok {
			owner[x] = s.prog.ProgramOf(s.prog.Handles[i].Host)
		}
	}
	return owner
}

// deadlockReport describes every blocked call, the cycle of waits if there
// is one, and the queues of the connections involved.
func (s *Sim) deadlockReport(threads []*Thread) string {
	var b strings.Builder
	l := s.prog.Lang
	b.WriteString(msg.DeadlockHead.In(l, s.now.String()) + "\n")
	var socks []*Socket
	for i, t := range threads {
		if t.sock != nil && t.sock.connected() {
			socks = append(socks, t.sock)
		}
		if i >= reportCalls && len(threads) > reportCalls+1 {
			continue
		}
		b.WriteString("  " + msg.BlockedSince.In(l, s.prog.CallText(&t.call.Call), t.since.String(), s.waitReason(t)) + "\n")
		j := 0
		for q := t.queue.first; q != nil; q, j = q.next, j+1 {
			if j == reportQueued && q.next != nil {
				rest := 0
				for ; q != nil; q = q.next {
					rest++
				}
				b.WriteString("    " + msg.MoreNeverRun.In(l, rest) + "\n")
				break
			}
			b.WriteString("    " + msg.NeverRuns.In(l, s.prog.CallText(&q.Call), q.Pos.Line) + "\n")
		}
	}
	if n := len(threads) - reportCalls; n > 1 {
		b.WriteString("  " + msg.MoreBlocked.In(l, n) + "\n")
	}
	if cyc := s.findCycle(threads); cyc != "" {
		b.WriteString("  " + msg.Cycle.In(l, cyc) + "\n")
	}
	seen := map[*Socket]bool{}
	var conns [][2]*Socket
	for _, sk := range socks {
		if seen[sk] {
			continue
		}
		seen[sk] = true
		peer := s.peerOf(sk)
		if peer != nil {
			seen[peer] = true
		}
		conns = append(conns, [2]*Socket{sk, peer})
	}
	for i, c := range conns {
		if i == reportConns && len(conns) > reportConns+1 {
			b.WriteString("  " + msg.MoreConns.In(l, len(conns)-i) + "\n")
			break
		}
		b.WriteString(indent(s.queuesConn(c[0], c[1]), "  "))
	}
	return b.String()
}

// A deadlock report is read by a person: it lists the first reportCalls
// blocked calls (with at most reportQueued of the calls queued behind
// each) and pictures the first reportConns connections, then counts the
// rest. A million blocked clients would otherwise print a million lines.
const (
	reportCalls  = 20
	reportQueued = 5
	reportConns  = 10
)

// findCycle returns "A waits for B, B waits for A" when the waits form a
// cycle, by thread name, starting at the cycle's first thread in name
// order. A thread waits for a program; within the cycle that program is
// its first blocked thread (in declaration order), since an idle thread of
// it could still act. Each thread has at most one successor, so one walk
// per thread, marking where it has been, finds a cycle in linear time.
func (s *Sim) findCycle(threads []*Thread) string {
	owner := s.ownerOf()
	blockedOf := map[int]*Thread{} // program -> its first blocked thread
	for _, t := range threads {
		if _, ok := blockedOf[int(t.prog)]; !ok {
			blockedOf[int(t.prog)] = t
		}
	}
	next := map[*Thread]*Thread{}
	for _, t := range threads {
		if p := s.waitsFor(t, owner); p >= 0 && blockedOf[p] != nil {
			next[t] = blockedOf[p]
		}
	}
	order := append([]*Thread(nil), threads...)
	sort.SliceStable(order, func(i, j int) bool { return order[i].name() < order[j].name() })
	walk := map[*Thread]int{} // the walk that visited a thread, from 1
	for w, start := range order {
		var path []*Thread
		for t := start; t != nil; t = next[t] {
			if v := walk[t]; v != 0 {
				if v != w+1 {
					break // joins an earlier walk: no new cycle
				}
				// t is on this walk: the cycle is path from t on.
				i := 0
				for path[i] != t {
					i++
				}
				cyc := path[i:]
				first := 0
				for j, c := range cyc {
					if c.name() < cyc[first].name() {
						first = j
					}
				}
				var parts []string
				for j := range cyc {
					a, b := cyc[(first+j)%len(cyc)], cyc[(first+j+1)%len(cyc)]
					parts = append(parts, msg.WaitsFor.In(s.prog.Lang, a.name(), b.name()))
				}
				return strings.Join(parts, ", ")
			}
			walk[t] = w + 1
			path = append(path, t)
		}
	}
	return ""
}

func indent(text, pre string) string {
	if text == "" {
		return ""
	}
	lines := strings.SplitAfter(text, "\n")
	var b strings.Builder
	for _, l := range lines {
		if l == "" {
			continue
		}
		b.WriteString(pre + l)
	}
	return b.String()
}

// bytesText is "1 byte", "1500 bytes" in l.
func bytesText(l msg.Lang, n int64) string {
	if n == 1 {
		return msg.ByteOne.In(l)
	}
	return msg.BytesMany.In(l, n)
}
