package runtime

import (
	"time"

	"github.com/tcps-dev/tcps/lang/msg"
)

// The three-way handshake, and the processing of every arriving segment by
// the state of the structure it reaches (RFC 9293 3.10.7).

// receive is a segment arriving at the host: demultiplex it, then hand it
// to the structure's state.
func (h *Host) receive(seg *Segment) {
	s := h.sim
	sk := h.lookup(seg)
	if s.demuxAll != nil && s.demuxAll[int(h.Index)] {
		s.traceDemux(h, seg)
	}
	if sk == nil {
		if seg.Flags&RST == 0 {
			s.traceNote(msg.NoListenerRST.In(s.prog.Lang, h.name(), endpoint{seg.DstIP, seg.DstPort}.String()))
			s.replyReset(h, seg)
		}
		return
	}
	switch sk.State {
	case Listen:
		s.listenInput(sk, seg)
	case SynSent:
		s.synSentInput(sk, seg)
	default:
		s.connInput(sk, seg)
	}
}

// replyReset answers a segment that belongs to no connection (RFC 9293
// 3.10.7.1).
func (s *Sim) replyReset(h *Host, seg *Segment) {
	rst := Segment{SrcIP: seg.DstIP, DstIP: seg.SrcIP, SrcPort: seg.DstPort, DstPort: seg.SrcPort, From: h.Index}
	if seg.Flags&ACK != 0 {
		rst.Flags, rst.Seq = RST, seg.Ack
	} else {
		rst.Flags, rst.Seq, rst.Ack = RST|ACK, 0, seg.end()
	}
	s.transmit(&rst)
}

// sendSyn sends the SYN of a connecting structure or the SYN-ACK of a
// derived one.
func (s *Sim) sendSyn(sk *Socket, note segNote) {
	flags := SYN
	if sk.State == SynRecv {
		flags |= ACK
	}
	seg := Segment{
		SrcIP: sk.local.ip, DstIP: sk.remote.ip, SrcPort: sk.local.port, DstPort: sk.remote.port,
		Flags: flags, Seq: 0, Win: sk.advertise(), MSS: uint16(sk.host.config().mss), From: sk.host.Index, Note: note,
	}
	if flags&ACK != 0 {
		seg.Ack = sk.rcv.nxt
	}
	sk.snd.synSent = true
	sk.snd.nxt = max(sk.snd.nxt, 1)
	sk.snd.maxNxt = max(sk.snd.maxNxt, 1)
	s.transmitFrom(sk, &seg)
}

// listenInput is a segment reaching a listener: a SYN derives a new
// structure in SYN_RECV, unless the accept queue is full; on Linux a SYN
// beyond the backlog's pending handshakes gets a SYN cookie instead, and
// the ACK that returns a cookie derives an established structure.
func (s *Sim) listenInput(l *Socket, seg *Segment) {
	switch {
	case seg.Flags&RST != 0:
		return
	case seg.Flags&ACK != 0:
		if seg.Flags&SYN == 0 && s.cookieReturns(l, seg) {
			return
		}
		s.replyReset(l.host, seg)
		return
	case seg.Flags&SYN == 0:
		return
	}
	if limit := l.acceptLimit(); len(l.lst.acceptQ) >= limit {
		s.traceNote(msg.SynDropped.In(s.prog.Lang, l.label(), endpoint{seg.SrcIP, seg.SrcPort}.String(), len(l.lst.acceptQ), limit))
		return
	}
	if !l.snd.rfc {
		// Linux (tcp_conn_request): the handshakes in progress are bounded
		// by the backlog too (inet_csk_reqsk_queue_is_full: more than
		// backlog pending); beyond that, or always with syncookies 2, the
		// SYN is answered with a cookie and nothing is kept.
		pending := len(l.lst.synQueue)
		if cookies := s.global.syncookies; cookies == 2 || pending > l.lst.backlog {
			from := endpoint{seg.SrcIP, seg.SrcPort}.String()
			if cookies == 0 {
				s.traceNote(msg.SynDroppedPending.In(s.prog.Lang, l.label(), from, s.pendingText(pending), l.lst.backlog))
				return
			}
			s.sendCookie(l, seg)
			return
		}
	}
	c := s.derive(l, seg)
	c.rcv.start(seg.Seq)
	c.snd.wnd = uint16(seg.Win)
	c.snd.maxWnd = c.snd.wnd
	if seg.MSS != 0 {
		c.snd.mss = min(c.snd.mss, int64(seg.MSS))
	}
	c.State = SynRecv
	s.traceDerived(c, l)
	before := cap(l.lst.synQueue)
	l.lst.synQueue = append(l.lst.synQueue, c)
	s.chargeGrowth(before, cap(l.lst.synQueue), ptrCost)
	s.sendSyn(c, noteNone)
	s.arm(c, tRetransmit, s.now.Add(c.snd.rto))
}

// derive makes the structure of a new connection from a listener and the
// client's SYN (or the ACK that returns a cookie).
func (s *Sim) derive(l *Socket, seg *Segment) *Socket {
	h := l.host
	c := h.newSocket()
	c.parent = l
	c.reuseAddr, c.reusePort, c.lingerZero = l.reuseAddr, l.reusePort, l.lingerZero
	c.snd.buf, c.rcv.buf = l.snd.buf, l.rcv.buf
	h.bindTo(c, endpoint{seg.DstIP, seg.DstPort})
	c.remote = endpoint{seg.SrcIP, seg.SrcPort}
	// The SYN's source address is its sender's own (bind refuses any
	// other): the answer goes back to seg.From, with no lookup in the
	// address table (transmitFrom).
	c.peer.ip, c.peer.host = seg.SrcIP, seg.From
	c.snd.rttAt = s.now // the SYN-ACK's round trip is timed (established)
	h.addExact(c)
	return c
}

// maxCookies bounds the cookies a listener remembers (the kernel keeps
// none; the model's memory must stay bounded under a SYN flood).
const maxCookies = 1 << 16

// cookieLife is how long a SYN cookie stays valid (Linux: MAX_SYNCOOKIE_AGE
// counts of 64 s, about two minutes).
const cookieLife = 120 * Second

// sendCookie answers a SYN with a SYN-ACK whose sequence number is a
// cookie: no structure, no timer, no retransmission.
func (s *Sim) sendCookie(l *Socket, seg *Segment) {
	from := endpoint{seg.SrcIP, seg.SrcPort}
	s.traceNote(msg.CookieSent.In(s.prog.Lang, l.label(), from.String(), s.pendingText(len(l.lst.synQueue)), l.lst.backlog))
	if l.lst.cookies == nil {
		l.lst.cookies = make(map[endpoint]cookie)
	}
	if _, ok := l.lst.cookies[from]; ok || len(l.lst.cookies) < maxCookies {
		l.lst.cookies[from] = cookie{irs: seg.Seq, mss: int64(seg.MSS), win: seg.Win, at: s.now}
	}
	cfg := l.host.config()
	win := min(l.rcv.buf, maxWindow)
	s.transmit(&Segment{
		SrcIP: seg.DstIP, DstIP: seg.SrcIP, SrcPort: seg.DstPort, DstPort: seg.SrcPort,
		Flags: SYN | ACK, Seq: 0, Ack: seg.Seq + 1, Win: int32(win), MSS: uint16(cfg.mss), From: l.host.Index,
	})
}

// cookieReturns handles an ACK reaching a listener: when it returns a SYN
// cookie the listener sent, the connection is made at once, established,
// into the accept queue (Linux: cookie_v4_check) — unless the accept queue
// is full, and then the ACK is dropped and nothing is kept: the client
// believes it is connected, and its next segment tries again. It reports
// whether the ACK was a cookie's.
func (s *Sim) cookieReturns(l *Socket, seg *Segment) bool {
	from := endpoint{seg.SrcIP, seg.SrcPort}
	ck, ok := l.lst.cookies[from]
	if !ok || seg.Ack != 1 || seg.Seq != ck.irs+1 {
		return false
	}
	if s.now-ck.at > cookieLife {
		delete(l.lst.cookies, from)
		return false
	}
	if limit := l.acceptLimit(); len(l.lst.acceptQ) >= limit {
		s.traceNote(msg.CookieAckDropped.In(s.prog.Lang, l.label(), from.String(), len(l.lst.acceptQ), limit))
		return true
	}
	delete(l.lst.cookies, from)
	if len(l.lst.cookies) == 0 {
		l.lst.cookies = nil
	}
	s.traceNote(msg.CookieValid.In(s.prog.Lang, l.label(), from.String()))
	c := s.derive(l, seg)
	c.rcv.start(ck.irs)
	c.snd.wnd = uint16(ck.win)
	c.snd.maxWnd = c.snd.wnd
	if ck.mss != 0 {
		c.snd.mss = min(c.snd.mss, ck.mss)
	}
	c.snd.synSent = true
	c.snd.nxt, c.snd.maxNxt = 1, 1
	c.snd.rttAt = ck.at // the RTT sample is the cookie's round trip
	c.State = SynRecv
	s.traceDerived(c, l)
	before := cap(l.lst.synQueue)
	l.lst.synQueue = append(l.lst.synQueue, c)
	s.chargeGrowth(before, cap(l.lst.synQueue), ptrCost)
	s.connInput(c, seg)
	return true
}

// synSentInput is the answer to our SYN.
func (s *Sim) synSentInput(sk *Socket, seg *Segment) {
	if seg.Flags&ACK != 0 && seg.Ack != 1 {
		if seg.Flags&RST == 0 {
			s.replyReset(sk.host, seg)
		}
		return
	}
	if seg.Flags&RST != 0 {
		if seg.Flags&ACK != 0 {
			sk.connErr = errConnRefused
			s.closeDone(sk, msg.WhyRefused.In(s.prog.Lang))
		}
		return
	}
	if seg.Flags&(SYN|ACK) != SYN|ACK {
		return // simultaneous open is not modelled
	}
	snd := &sk.snd
	sk.rcv.start(seg.Seq)
	snd.una = 1
	snd.wnd = uint16(seg.Win)
	snd.maxWnd = snd.wnd
	if seg.MSS != 0 {
		snd.mss = min(snd.mss, int64(seg.MSS))
	}
	snd.cwnd = sk.host.config().initcwnd * snd.mss
	if snd.backoff == 0 {
		sk.rttSample(s.now - sk.snd.rttAt)
	}
	snd.backoff = 0
	s.cancelTimer(sk, tRetransmit)
	sk.setState(Established)
	s.ackNow(sk)
	s.wake(sk)
}

// connInput is a segment reaching a structure of a connection (SYN_RECV
// and every later state).
func (s *Sim) connInput(sk *Socket, seg *Segment) {
	if seg.Flags&RST != 0 {
		s.resetArrives(sk, seg)
		return
	}
	if seg.Flags&SYN != 0 {
		if sk.State == SynRecv && seg.Flags&ACK == 0 {
			s.sendSyn(sk, noteRetransmit) // the client retried its SYN
		} else {
			s.ackNow(sk)
		}
		return
	}
	if seg.Flags&ACK == 0 {
		return
	}
	if sk.State == SynRecv {
		if seg.Ack != 1 {
			s.replyReset(sk.host, seg)
			return
		}
		if !s.established(sk) {
			return
		}
	}
	// An old segment (a Linux zero-window probe has seq = SND.UNA-1, a
	// keep-alive likewise) is answered with an ACK, at most one per
	// invalid_ratelimit on Linux, and otherwise ignored.
	if seg.Len == 0 && seg.Flags&FIN == 0 && seg.Seq < sk.rcv.nxt {
		s.ackArrives(sk, seg)
		if s.oowRateLimited(sk) {
			s.traceNote(msg.OOWRateLimited.In(s.prog.Lang, sk.label(), time.Duration(s.global.invalidRatelimit).String()))
		} else {
			s.ackNow(sk)
		}
		s.output(sk)
		return
	}
	if sk.State == FinWait2 && sk.orphan && !sk.snd.rfc && s.global.finTimeout <= linuxTimeWait && seg.Len > 0 && seg.end() > sk.rcv.nxt {
		// Linux 6.x keeps an orphaned FIN_WAIT2 as a timewait sock
		// (tcp_fin_timeout <= 60 s); new data there is answered like a
		// segment for no connection, RST with seq = its ACK and no ACK
		// flag (tcp_timewait_state_process: TCP_TW_RST), and the sock goes.
		s.traceNote(msg.DataAfterClose.In(s.prog.Lang, sk.label()))
		s.replyReset(sk.host, seg)
		s.closeDone(sk, msg.WhyDataAfter.In(s.prog.Lang))
		return
	}
	if !s.ackArrives(sk, seg) {
		return
	}
	s.finAckedTransitions(sk)
	if sk.State == Closed {
		return
	}
	if seg.Len > 0 {
		switch sk.State {
		case Established, FinWait1, FinWait2:
			if sk.orphan {
				// Data for a program that has closed: Linux resets.
				s.traceNote(msg.DataAfterClose.In(s.prog.Lang, sk.label()))
				s.abort(sk, msg.WhyDataAfter.In(s.prog.Lang))
				return
			}
			s.dataArrives(sk, seg)
		default:
			sk.rcv.ackDue = true
		}
	}
	if seg.Flags&FIN != 0 {
		s.finArrives(sk, seg)
	}
	s.output(sk)
	if sk.rcv.ackDue && sk.State != Closed {
		s.ackNow(sk)
	}
}

// established completes the handshake of a derived structure: it moves to
// the accept queue. When the queue is full the ACK is dropped, as Linux
// does, and the structure stays in SYN_RECV.
func (s *Sim) established(sk *Socket) bool {
	l := sk.parent
	if l != nil && l.State == Listen && len(l.lst.acceptQ) >= l.acceptLimit() {
		s.traceNote(msg.FinalACKDropped.In(s.prog.Lang, sk.label(), l.label()))
		return false
	}
	snd := &sk.snd
	snd.una = 1
	if snd.backoff == 0 {
		sk.rttSample(s.now - sk.snd.rttAt)
	}
	snd.backoff = 0
	s.cancelTimer(sk, tRetransmit)
	sk.setState(Established)
	if l != nil && l.State == Listen {
		l.removeSyn(sk)
		before := cap(l.lst.acceptQ)
		l.lst.acceptQ = append(l.lst.acceptQ, sk)
		s.chargeGrowth(before, cap(l.lst.acceptQ), ptrCost)
		s.wake(l)
	}
	return true
}

// pendingText says how many handshakes are in progress.
func (s *Sim) pendingText(n int) string {
	if n == 1 {
		return msg.PendingOne.In(s.prog.Lang)
	}
	return msg.PendingMany.In(s.prog.Lang, n)
}
