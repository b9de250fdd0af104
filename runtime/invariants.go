package runtime

import "fmt"

// checkInvariants verifies, after an event, what must always hold (issue
// #3): per direction, bytes written = Delivered + RecvQ + in flight + not
// yet sent, so the receiver never holds more than was written nor less than
// was acknowledged; sequence numbers never go backwards; outstanding data
// stays within the largest window offered; RecvQ never exceeds rcvbuf and
// SendQ never exceeds sndbuf.
func checkInvariants(s *Sim) error {
	for _, h := range s.machines {
		for _, sk := range h.socks {
			if err := sk.invariants(s); err != nil {
				return fmt.Errorf("%s: %v", sk.label(), err)
			}
		}
	}
	return nil
}

func (sk *Socket) invariants(s *Sim) error {
	snd, rcv := &sk.snd, &sk.rcv
	if sk.SendQ() > snd.buf {
		return fmt.Errorf("SendQ %d exceeds sndbuf %d", sk.SendQ(), snd.buf)
	}
	if sk.RecvQ() < 0 || sk.RecvQ()+rcv.oooLen > rcv.buf {
		return fmt.Errorf("RecvQ %d (+%d out of order) outside 0..rcvbuf %d", sk.RecvQ(), rcv.oooLen, rcv.buf)
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
		if out := snd.nxt - snd.una; out > max(snd.maxWnd, 1)+1 {
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

// monoMark is what the invariant check last saw of a structure's sequence
// numbers, which must never go back. Kept by the Sim, by structure id, so
// that runs without the check do not carry it.
type monoMark struct{ una, rcvNxt int64 }
