package runtime

import "github.com/tcps-dev/tcps/lang/msg"

// The sending half of a connection: SendQ, segmentation, the window,
// congestion control (RFC 5681) and retransmission (RFC 6298).
//
// Sequence numbers are absolute: the SYN is 0, data byte k of the stream
// is k+1, and the FIN follows the last byte. SendQ holds [max(una,1), end):
// every byte written and not yet acknowledged, whether or not it has been
// sent. A copy of every byte stays there until it is acknowledged.

// writeRec remembers which write a range of the stream came from, so that
// the queue pictures can label bytes "write 2: 1000-2999".
type writeRec struct {
	n          int32 // write number on this connection, from 1
	start, end int64 // sequence numbers [start, end)
}

// maxWriteRecs bounds the provenance kept per connection: older writes
// are merged, so a long bulk transfer costs no memory per write.
const maxWriteRecs = 64

type sender struct {
	una    int64 // oldest unacknowledged sequence number
	nxt    int64 // next sequence number to send
	end    int64 // sequence number after the last byte written
	maxNxt int64 // highest sequence number sent (+1), zero-window probes included
	high   int64 // highest sequence number sent as data (+1): below it is a retransmission
	buf    int64 // SendQ capacity (sndbuf)

	mss   int64
	cwnd  int64
	ssth  int64
	recov int64 // NewReno recovery point

	srtt, rttvar, rto Time
	rttSeq            int64
	rttAt             Time // when the timed segment was sent; in the handshake, the SYN or SYN-ACK

	writes []writeRec

	// Counters and flags, kept together so that they share words.
	dupAck       int32
	backoff      int32 // retransmissions of the same data
	persistShift int32
	probes       int32
	nwrite       int32
	// The peer's windows are the header's 16-bit field (no window
	// scaling): 4 bytes here, 16 as int64, in each of two million senders.
	wnd       uint16 // the peer's advertised window
	maxWnd    uint16 // the largest window the peer has advertised
	inRec     bool   // in NewReno fast recovery
	timing    bool   // an RTT sample (rttSeq, rttAt) is being timed
	synSent   bool
	finQueued bool
	rfc       bool
}

func (snd *sender) init(c config) { snd.start(c.sndbuf, c.mss, c.initcwnd*c.mss, c.rfc) }

// restart clears what a failed connect left behind (RTO backoff, the SYN
// sent) before the socket connects again, as Linux's tcp_connect_init
// does. The buffer sizes, MSS and profile stay the socket's.
func (snd *sender) restart() { snd.start(snd.buf, snd.mss, snd.cwnd, snd.rfc) }

// start is a sender before its SYN: nothing written, nothing sent.
func (snd *sender) start(buf, mss, cwnd int64, rfc bool) {
	*snd = sender{buf: buf, mss: mss, cwnd: cwnd, rfc: rfc, ssth: 1 << 62, rto: initialRTO, end: 1}
}

// finSent reports whether the FIN has been sent (it occupies sequence
// number end).
func (snd *sender) finSent() bool { return snd.finQueued && snd.nxt > snd.end }

// finAcked reports whether the peer has acknowledged the FIN.
func (snd *sender) finAcked() bool { return snd.finQueued && snd.una > snd.end }

// space is the free room in SendQ.
func (sk *Socket) space() int64 { return sk.snd.buf - sk.SendQ() }

// appWrite copies up to n bytes of write number w into SendQ and returns
// how many it copied.
func (s *Sim) appWrite(sk *Socket, n int64, w int32) int64 {
	k := min(n, sk.space())
	if k <= 0 {
		return 0
	}
	snd := &sk.snd
	if l := len(snd.writes); l > 0 && snd.writes[l-1].n == w {
		snd.writes[l-1].end += k
	} else {
		if l >= maxWriteRecs {
			// Merge the two oldest records into one labelled by the older.
			snd.writes[1].start = snd.writes[0].start
			snd.writes[1].n = snd.writes[0].n
			snd.writes = append(snd.writes[:0], snd.writes[1:]...)
		}
		before := cap(snd.writes)
		snd.writes = append(snd.writes, writeRec{n: w, start: snd.end, end: snd.end + k})
		s.chargeGrowth(before, cap(snd.writes), writeCost)
	}
	snd.end += k
	s.output(sk)
	return k
}

// canSendData reports whether the state lets data leave.
func (sk *Socket) canSendData() bool {
	switch sk.State {
	case Established, CloseWait, FinWait1, LastAck:
		return true
	}
	return false
}

// output sends what the window, the congestion window and the sender-side
// silly window rule allow, then the FIN if it is due.
func (s *Sim) output(sk *Socket) {
	if !sk.canSendData() {
		return
	}
	snd := &sk.snd
	for {
		inflight := snd.nxt - snd.una
		unsent := snd.end - snd.nxt
		if unsent > 0 {
			usable := min(int64(snd.wnd), snd.cwnd) - inflight
			if usable <= 0 {
				break
			}
			n := min(unsent, usable, snd.mss)
			// Sender-side silly window avoidance (RFC 9293 3.8.6.2.1): send
			// a full segment, or all that is queued, or at least half the
			// largest window seen; or anything when nothing is in flight.
			if n < snd.mss && n < unsent && n < int64(snd.maxWnd)/2 && inflight > 0 {
				break
			}
			fin := snd.finQueued && snd.nxt+n == snd.end
			s.sendData(sk, snd.nxt, n, fin)
			snd.nxt += n
			if fin {
				snd.nxt++
			}
			continue
		}
		if snd.finQueued && snd.nxt == snd.end {
			s.sendData(sk, snd.nxt, 0, true)
			snd.nxt++
		}
		break
	}
	if snd.nxt > snd.una && !s.armed(sk, tRetransmit) {
		s.arm(sk, tRetransmit, s.now.Add(snd.rto))
	}
	if snd.wnd == 0 && snd.end > snd.nxt && snd.nxt == snd.una && !s.armed(sk, tPersist) {
		snd.persistShift = 0
		s.arm(sk, tPersist, s.now.Add(sk.persistInterval()))
	}
}

// sendData sends n bytes from seq (and the FIN when fin), marking a
// retransmission when the range was sent before.
func (s *Sim) sendData(sk *Socket, seq, n int64, fin bool) {
	snd := &sk.snd
	flags := ACK
	if n > 0 && seq+n == snd.end {
		flags |= PSH
	}
	if fin {
		flags |= FIN
	}
	note := noteNone
	if seq < snd.high {
		note = noteRetransmit
	} else if !snd.timing && n > 0 {
		snd.timing, snd.rttSeq, snd.rttAt = true, seq+n, s.now
	}
	s.sendSeg(sk, flags, seq, n, note)
}

// ackArrives processes the acknowledgement and window of a segment (RFC
// 9293 3.10.7.4, fifth check). It reports whether the ACK is acceptable.
func (s *Sim) ackArrives(sk *Socket, seg *Segment) bool {
	snd := &sk.snd
	ack := seg.Ack
	freed := false
	if ack > snd.maxNxt {
		s.ackNow(sk) // acknowledges something not yet sent
		return false
	}
	if ack > snd.una {
		acked := ack - snd.una
		if snd.timing && ack >= snd.rttSeq {
			snd.timing = false
			if snd.backoff == 0 {
				sk.rttSample(s.now - snd.rttAt)
			}
		}
		snd.una = ack
		if snd.nxt < snd.una {
			snd.nxt = snd.una // a zero-window probe byte was taken
		}
		if snd.inRec {
			if ack >= snd.recov {
				snd.inRec = false
				snd.cwnd = snd.ssth
			} else {
				// NewReno partial ACK: the next hole is lost too.
				s.retransmitFirst(sk, noteFastRetransmit)
			}
		} else if snd.cwnd < snd.ssth {
			snd.cwnd += min(acked, snd.mss) // slow start
		} else {
			snd.cwnd += max(1, snd.mss*snd.mss/snd.cwnd) // congestion avoidance
		}
		snd.dupAck = 0
		snd.backoff = 0
		snd.probes = 0
		snd.trimWrites()
		if snd.nxt > snd.una {
			s.arm(sk, tRetransmit, s.now.Add(snd.rto))
		} else {
			s.cancelTimer(sk, tRetransmit)
		}
		freed = true
	} else if ack == snd.una && seg.Len == 0 && seg.Flags&(SYN|FIN) == 0 && seg.Win == int32(snd.wnd) && snd.nxt > snd.una {
		snd.dupAck++
		if snd.dupAck == 3 && !snd.inRec {
			// Fast retransmit and fast recovery (RFC 5681 3.2).
			snd.ssth = max((snd.nxt-snd.una)/2, 2*snd.mss)
			snd.cwnd = snd.ssth + 3*snd.mss
			snd.recov = snd.nxt
			snd.inRec = true
			s.retransmitFirst(sk, noteFastRetransmit)
		} else if snd.inRec {
			snd.cwnd += snd.mss
		}
	}
	opened := snd.wnd == 0 && seg.Win > 0
	snd.wnd = uint16(seg.Win)
	snd.maxWnd = max(snd.maxWnd, snd.wnd)
	if opened {
		s.cancelTimer(sk, tPersist)
		snd.persistShift = 0
	}
	// Wake a blocked writer only now, so that what it writes leaves within
	// the window this very segment advertised.
	if freed && sk.writeSpace() {
		s.wake(sk)
	}
	return true
}

// writeSpace reports whether an ACK that freed room in SendQ wakes a
// writer blocked on a full SendQ. Linux (tcp_check_space -> tcp_new_space
// -> sk_stream_write_space) wakes it only when the free room is at least
// half of what is still queued (sk_stream_wspace >= sk_stream_min_wspace):
// a third of a full buffer. The writer then fills SendQ again in one go
// instead of copying each acknowledged segment's bytes as its ACK comes
// back. Anything else that wakes the socket's sleepers (data or a FIN
// arriving, a reset) lets the writer copy whatever room there is, as
// Linux's sk_data_ready and sk_state_change do. The rfc profile wakes it
// on every ACK that frees room, as the book draws it.
func (sk *Socket) writeSpace() bool {
	q := sk.SendQ()
	return sk.snd.rfc || (q < sk.snd.buf && sk.snd.buf-q >= q>>1)
}

// trimWrites drops provenance records of bytes the peer has read... the
// sender cannot know that, so it keeps them while the receiver may still
// show them as Delivered; maxWriteRecs bounds the cost.
func (snd *sender) trimWrites() {}

// retransmitFirst resends the oldest unacknowledged segment.
func (s *Sim) retransmitFirst(sk *Socket, note segNote) {
	snd := &sk.snd
	n := min(snd.end-snd.una, snd.mss)
	if n < 0 {
		n = 0
	}
	flags := ACK
	fin := snd.finQueued && snd.una+n == snd.end && snd.finSent()
	if fin {
		flags |= FIN
	}
	if n == 0 && !fin {
		return
	}
	snd.timing = false
	s.sendSeg(sk, flags, snd.una, n, note)
}

// retransmitTimeout is the RTO firing (RFC 6298 5.4-5.6): back off, go
// back to the oldest unacknowledged byte with a one-segment window.
func (s *Sim) retransmitTimeout(sk *Socket) {
	snd := &sk.snd
	switch sk.State {
	case SynSent:
		// Linux 6.x (tcp_retransmit_timer, tcp_write_timeout): the first
		// tcp_syn_linear_timeouts retransmissions keep the initial RTO, the
		// later ones double it, and connect gives up after tcp_syn_retries
		// more: SYNs at 0, 1, 2, 3, 4, 5, 7, 11, 19, 35, 67 s, ETIMEDOUT at
		// 131 s. The rfc profile doubles from the start (RFC 6298 5.5).
		linear := int32(0)
		if !snd.rfc {
			linear = int32(s.global.synLinear)
		}
		if snd.backoff >= synRetries+linear {
			sk.connErr = errTimedOut
			s.closeDone(sk, msg.WhySynTimeout.In(s.prog.Lang, int(snd.backoff)+1))
			return
		}
		snd.backoff++
		if snd.backoff > linear {
			snd.rto = min(snd.rto*2, maxRTO)
		}
		s.sendSyn(sk, noteRetransmit)
		s.arm(sk, tRetransmit, s.now.Add(snd.rto))
		return
	case SynRecv:
		if snd.backoff >= synAckRetries {
			s.closeDone(sk, msg.WhyNoFinalACK.In(s.prog.Lang, synAckRetries+1))
			return
		}
		snd.backoff++
		snd.rto = min(snd.rto*2, maxRTO)
		s.sendSyn(sk, noteRetransmit)
		s.arm(sk, tRetransmit, s.now.Add(snd.rto))
		return
	}
	if snd.nxt <= snd.una {
		return
	}
	if snd.backoff >= dataRetries {
		sk.err = errTimedOut
		s.closeDone(sk, msg.WhyGaveUp.In(s.prog.Lang, dataRetries))
		return
	}
	snd.ssth = max((snd.nxt-snd.una)/2, 2*snd.mss)
	snd.cwnd = snd.mss
	snd.backoff++
	snd.rto = min(snd.rto*2, maxRTO)
	snd.nxt = snd.una
	snd.inRec = false
	snd.dupAck = 0
	snd.timing = false
	s.output(sk)
	if !s.armed(sk, tRetransmit) && snd.nxt > snd.una {
		s.arm(sk, tRetransmit, s.now.Add(snd.rto))
	}
}

// persistTimeout sends a zero-window probe. The rfc profile sends one byte
// of new data (RFC 9293 3.8.6.1, 4.4BSD); the linux profile sends a
// zero-length ACK with seq = SND.UNA-1, which Wireshark labels a
// keep-alive.
func (s *Sim) persistTimeout(sk *Socket) {
	snd := &sk.snd
	if snd.wnd > 0 || snd.end <= snd.nxt || !sk.canSendData() {
		return
	}
	snd.probes++
	if snd.rfc {
		s.sendSeg(sk, ACK, snd.nxt, 1, noteProbe)
	} else {
		s.sendSeg(sk, ACK, snd.una-1, 0, noteProbe)
	}
	snd.persistShift++
	s.arm(sk, tPersist, s.now.Add(sk.persistInterval()))
}

// sendSeg builds a segment from the structure's addresses and receive
// state and puts it on the wire.
func (s *Sim) sendSeg(sk *Socket, flags Flags, seq, n int64, note segNote) {
	// Built field by field where it will wait to arrive: a segment built
	// on the stack and copied at once stalls the processor (the copy reads
	// what the field stores have not yet written back), about a tenth of
	// a bulk transfer.
	seg := s.q.draft()
	*seg = Segment{}
	seg.SrcIP, seg.DstIP, seg.SrcPort, seg.DstPort = sk.local.ip, sk.remote.ip, sk.local.port, sk.remote.port
	seg.Flags, seg.Seq, seg.Len, seg.From, seg.Note = flags, seq, int32(n), sk.host.Index, note
	if flags&ACK != 0 {
		seg.Ack = sk.rcv.nxt
		sk.rcv.ackDue = false
	}
	// Every segment a structure sends carries its window, an abortive RST
	// too (Linux's tcp_send_active_reset goes through tcp_transmit_skb);
	// only the RST answering a segment that reached no structure has
	// window 0 (replyReset).
	seg.Win = sk.advertise()
	if e := seg.end(); e > sk.snd.maxNxt {
		sk.snd.maxNxt = e
	}
	if e := seg.end(); note != noteProbe && e > sk.snd.high {
		sk.snd.high = e
	}
	s.transmitFrom(sk, seg)
}
