package runtime

import "github.com/tcps-dev/tcps/lang/msg"

// Closing a connection: FIN in each direction, the states between, and
// RST when the connection is aborted.

// finArrives processes the peer's FIN once every byte before it has
// arrived.
func (s *Sim) finArrives(sk *Socket, seg *Segment) {
	r := &sk.rcv
	if sk.State == TimeWait {
		r.ackDue = true
		s.arm(sk, tTimeWait, s.now.Add(s.timeWaitLength(sk))) // a retransmitted FIN restarts 2MSL
		return
	}
	if r.finRcvd || seg.Seq+int64(seg.Len) != r.nxt {
		r.ackDue = true
		return
	}
	r.finRcvd = true
	r.finSeq = r.nxt
	r.nxt++
	r.advEdge++ // the FIN takes a sequence number but no room in RecvQ
	r.ackDue = true
	switch sk.State {
	case SynRecv, Established:
		sk.setState(CloseWait)
	case FinWait1:
		sk.setState(Closing)
	case FinWait2:
		s.cancelTimer(sk, tFinWait2)
		s.enterTimeWait(sk)
	}
	s.wake(sk)
}

// finAckedTransitions moves a closing structure on when its FIN is
// acknowledged.
func (s *Sim) finAckedTransitions(sk *Socket) {
	if !sk.snd.finAcked() {
		return
	}
	switch sk.State {
	case FinWait1:
		sk.setState(FinWait2)
		if sk.orphan {
			s.arm(sk, tFinWait2, s.now.Add(s.global.finTimeout))
		}
	case Closing:
		s.enterTimeWait(sk)
	case LastAck:
		s.closeDone(sk, "")
	}
}

func (s *Sim) enterTimeWait(sk *Socket) {
	sk.setState(TimeWait)
	s.cancelTimer(sk, tRetransmit)
	s.cancelTimer(sk, tPersist)
	s.arm(sk, tTimeWait, s.now.Add(s.timeWaitLength(sk)))
}

// closeDone ends a structure: CLOSED, out of every table, timers off. A
// program still holding it sees the error on its next call.
func (s *Sim) closeDone(sk *Socket, why string) {
	if why != "" {
		s.traceNote(sk.label() + ": " + why)
	}
	if sk.State == Listen {
		s.host(sk).removeListener(sk)
	}
	if sk.parent != nil && !sk.accepted {
		sk.parent.removeSyn(sk)
		sk.parent.removeAccept(sk)
	}
	sk.setState(Closed)
	sk.host.release(sk)
	s.cancelAnyTimer(sk)
	s.wake(sk)
}

func (s *Sim) host(sk *Socket) *Host { return sk.host }

// abort resets a connection: RST to the peer, CLOSED here.
func (s *Sim) abort(sk *Socket, why string) {
	if sk.connected() && sk.State != Closed && sk.State != TimeWait && sk.State != SynSent {
		s.sendSeg(sk, RST|ACK, sk.snd.nxt, 0, noteNone)
	}
	s.closeDone(sk, why)
}

// resetArrives is the peer's RST: the connection is gone and the next call
// fails with ECONNRESET (a structure still in the handshake just vanishes;
// one in CLOSE_WAIT reads 0 and fails to write with EPIPE).
func (s *Sim) resetArrives(sk *Socket, seg *Segment) {
	switch sk.State {
	case SynRecv:
		s.closeDone(sk, msg.WhyResetHS.In(s.prog.Lang))
	case TimeWait:
		s.closeDone(sk, msg.WhyResetTW.In(s.prog.Lang))
	default:
		// Linux's tcp_reset: in CLOSE_WAIT the peer had already said it
		// is done, so the RST is not reported as ECONNRESET: read still
		// returns what is left and then 0, write fails with EPIPE.
		if !sk.orphan && sk.State != CloseWait {
			sk.err = errConnReset
		}
		sk.reset = true
		s.closeDone(sk, msg.WhyResetPeer.In(s.prog.Lang))
	}
}

// appClose is close() once the last handle is gone. It returns at once;
// the kernel finishes the job. Unread data in RecvQ, or linger 0, resets
// the connection instead (RFC 1122 4.2.2.13).
func (s *Sim) appClose(sk *Socket) {
	sk.orphan = true
	switch sk.State {
	case Listen:
		for _, c := range append(append([]*Socket(nil), sk.lst.synQueue...), sk.lst.acceptQ...) {
			s.abort(c, msg.WhyListenerGone.In(s.prog.Lang))
		}
		s.closeDone(sk, "")
	case Closed:
		sk.host.release(sk)
		s.cancelAnyTimer(sk)
	case SynSent:
		s.closeDone(sk, "")
	case SynRecv, Established, CloseWait:
		if unread := sk.RecvQ(); unread > 0 || sk.lingerZero {
			why := msg.WhyLinger0.In(s.prog.Lang)
			if unread > 0 {
				why = msg.WhyUnread.In(s.prog.Lang, unread)
			}
			s.abort(sk, why)
			return
		}
		s.shutWrite(sk)
	case FinWait2:
		s.arm(sk, tFinWait2, s.now.Add(s.global.finTimeout))
	}
}

// shutWrite queues the FIN: it leaves after the data still in SendQ.
func (s *Sim) shutWrite(sk *Socket) {
	sk.wrShut = true
	if sk.snd.finQueued {
		return
	}
	switch sk.State {
	case SynRecv, Established:
		sk.snd.finQueued = true
		sk.setState(FinWait1)
	case CloseWait:
		sk.snd.finQueued = true
		sk.setState(LastAck)
	default:
		return
	}
	s.output(sk)
}

func itoa64(n int64) string {
	if n >= -1<<31 && n < 1<<31 {
		return itoa(int(n))
	}
	var b [24]byte
	i := len(b)
	neg := n < 0
	if neg {
		n = -n
	}
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}
