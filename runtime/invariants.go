package runtime

import "fmt"

// checkInvariants verifies, after an event, what must always hold (issue
// #3): per direction, bytes written = Delivered + RecvQ + in flight + not
// yet sent, so the receiver never holds more than was written nor less than
// was acknowledged; sequence numbers never go backwards; outstanding data
// stays within the largest window offered; RecvQ never exceeds rcvbuf and
// SendQ never exceeds sndbuf.
func checkInvariants(s *Sim) error {
	armed := 0
	for h := range s.machinesIn(-1) {
		for _, sk := range h.socks {
			if err := sk.invariants(s); err != nil {
				return fmt.Errorf("%s: %v", sk.label(), err)
			}
			if sk.timer.deadline != 0 {
				armed++
			}
		}
	}
	if armed != s.armedTimers {
		return fmt.Errorf("%d timers armed, the count says %d", armed, s.armedTimers)
	}
	return nil
}

func (sk *Socket) invariants(s *Sim) error {
	snd, rcv := &sk.snd, &sk.rcv
	if err := sk.queueViews(); err != nil {
		return err
	}
	if sk.SendQ() > snd.buf {
		return fmt.Errorf("SendQ %d exceeds sndbuf %d", sk.SendQ(), snd.buf)
	}
	if sk.RecvQ() < 0 || sk.RecvQ()+rcv.oooBytes() > rcv.buf {
		return fmt.Errorf("RecvQ %d (+%d out of order) outside 0..rcvbuf %d", sk.RecvQ(), rcv.oooBytes(), rcv.buf)
	}
	if snd.una > snd.maxNxt || snd.nxt > snd.maxNxt+1 {
		return fmt.Errorf("una %d nxt %d beyond highest sent %d", snd.una, snd.nxt, snd.maxNxt)
	}
	for int(sk.id) >= len(s.mono) {
		s.mono = append(s.mono, monoMark{})
	}
	m := &s.mono[sk.id]
	if m.una > snd.una || m.rcvNxt > rcv.nxt {
		return fmt.Errorf("sequence went backwards: una %d -> %d, rcv.nxt %d -> %d", m.una, snd.una, m.rcvNxt, rcv.nxt)
	}
	m.una, m.rcvNxt = snd.una, rcv.nxt
	if sk.State == Established || sk.State == CloseWait {
		if out := snd.nxt - snd.una; out > max(int64(snd.maxWnd), 1)+1 {
			return fmt.Errorf("%d bytes outstanding beyond the largest window %d", out, snd.maxWnd)
		}
	}
	if peer := s.peerOf(sk); peer != nil && sk.State != SynSent && peer.rcv.synRcvd && peer.State != SynRecv {
		got := peer.rcv.dataEnd()
		if got > snd.end {
			return fmt.Errorf("peer received up to %d but only %d was written", got, snd.end)
		}
		if snd.una > peer.rcv.nxt {
			return fmt.Errorf("acknowledged %d but the peer has only %d", snd.una, peer.rcv.nxt)
		}
		written := snd.end - 1
		accounted := peer.Delivered() + peer.RecvQ() + (snd.end - got)
		if written != accounted {
			return fmt.Errorf("written %d != delivered+recvq+in flight+unsent %d", written, accounted)
		}
	}
	return nil
}

// queueViews checks that SendQ and RecvQ are never negative, that the
// queue pictures and the structured record (which label the bytes by
// write) count as many bytes as SendQ and RecvQ (show sockets and expect
// print those), and that the tools' Send-Q and Recv-Q (netstat, ss) differ
// from them only as toolQueues documents: a pending SYN or FIN counts one
// in Send-Q, an unread FIN one in Recv-Q, a listener shows its accept
// queue, and request socks and timewait socks show 0 and 0.
func (sk *Socket) queueViews() error {
	sq, rq := sk.SendQ(), sk.RecvQ()
	if sq < 0 || rq < 0 {
		return fmt.Errorf("negative queue: SendQ %d, RecvQ %d", sq, rq)
	}
	sqs := sk.sendQSpan()
	if n := rangeSum(rangesOf(sk.snd.writes, sqs.start, sqs.end)); n != sq {
		return fmt.Errorf("the queue picture of SendQ holds %d bytes, SendQ is %d", n, sq)
	}
	if sk.State == Closed {
		return nil // the tools do not list a CLOSED structure
	}
	var wantR, wantS int64
	switch {
	case sk.State == Listen:
		wantR = int64(len(sk.lst.acceptQ))
	case sk.State == SynRecv && sk.parent != nil, sk.State == TimeWait, sk.State == FinWait2 && sk.orphan:
	default:
		wantR, wantS = rq, sq
		if sk.snd.synSent && sk.snd.una == 0 {
			wantS++ // the SYN, not yet acknowledged
		}
		if sk.snd.finQueued && sk.snd.una <= sk.snd.end {
			wantS++ // the FIN, not yet acknowledged
		}
		if sk.rcv.finRcvd && !sk.rcv.finRead {
			wantR++ // the FIN, not yet consumed by a read
		}
	}
	if r, q := toolQueues(sk); r != wantR || q != wantS {
		return fmt.Errorf("netstat shows Recv-Q %d Send-Q %d, the model's RecvQ %d SendQ %d give %d and %d", r, q, rq, sq, wantR, wantS)
	}
	return nil
}

func rangeSum(rs []ByteRange) int64 {
	var n int64
	for _, r := range rs {
		n += r.Len()
	}
	return n
}

// monoMark is what the invariant check last saw of a structure's sequence
// numbers, which must never go back. Kept by the Sim, by structure id, so
// that runs without the check do not carry it.
type monoMark struct{ una, rcvNxt int64 }
