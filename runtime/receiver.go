package runtime

// The receiving half: RecvQ, Delivered, acknowledgements and the
// advertised window.
//
// RecvQ holds the bytes [readPtr, nxt) that arrived in order and wait for
// read; Delivered is everything before readPtr. Out-of-order bytes are kept
// aside (they occupy buffer space) until the gap is filled.
//
// Every data segment is acknowledged at once: there is no delayed ACK
// (Linux behaves so in quick-ack mode, at the start of a connection). The
// window is the free space of RecvQ, with the receiver-side silly window
// rule of RFC 9293 3.8.6.2.2: the right edge of the window moves only by at
// least min(rcvbuf/2, MSS), so a reader taking a few bytes from a full
// queue does not announce a tiny window.

type span struct{ start, end int64 }

// aside is the data a receiver holds out of order. Few structures ever
// hold any, so a receiver keeps it behind a pointer, nil when there is
// none: a run may hold 2,000,000 receivers.
type aside struct {
	spans []span // sorted, none touching another
	bytes int64  // their total length
}

type receiver struct {
	nxt     int64  // next sequence number expected
	readPtr int64  // next data byte the program reads
	buf     int64  // RecvQ capacity (rcvbuf); the MSS is the sender's (Socket.windowNow)
	advEdge int64  // right edge of the window last advertised
	ooo     *aside // out-of-order data, nil when none
	finSeq  int64
	// lastOOW is when the last answer to an out-of-window segment (a
	// zero-window probe, a keep-alive) was sent, oowSent whether one was:
	// Linux answers at most one per tcp_invalid_ratelimit
	// (tcp_oow_rate_limited).
	lastOOW Time
	lastWin uint16 // window in the last segment sent (a 16-bit field, as in the header)
	synRcvd bool
	finRcvd bool
	ackDue  bool
	oowSent bool // the flags share a word: a run may hold 2,000,000 receivers
	finRead bool // a read has consumed the FIN (see copiedSeq)
}

// copiedSeq is Linux's copied_seq, from which netstat's Recv-Q counts:
// the next byte the program reads, or one past the FIN once a read has
// consumed it. The FIN is the last sequence number, so a flag says which.
func (r *receiver) copiedSeq() int64 {
	if r.finRead {
		return r.readPtr + 1
	}
	return r.readPtr
}

func (r *receiver) init(c config) {
	r.buf = c.rcvbuf
}

// start sets up the receive side from the peer's SYN.
func (r *receiver) start(irs int64) {
	r.synRcvd = true
	r.nxt = irs + 1
	r.readPtr = r.nxt
	r.finRead = false
	r.advEdge = r.nxt + r.buf
}

// dataEnd is the sequence number after the last in-order data byte.
func (r *receiver) dataEnd() int64 {
	if r.finRcvd {
		return r.finSeq
	}
	return r.nxt
}

func (r *receiver) free() int64 { return r.buf - (r.dataEnd() - r.readPtr) - r.oooBytes() }

// oooBytes is the number of bytes held out of order.
func (r *receiver) oooBytes() int64 {
	if r.ooo == nil {
		return 0
	}
	return r.ooo.bytes
}

// oooSpans are the out-of-order spans, in order.
func (r *receiver) oooSpans() []span {
	if r.ooo == nil {
		return nil
	}
	return r.ooo.spans
}

// maxWindow is the largest window the 16-bit header field can carry (no
// window scaling).
const maxWindow = 65535

// Windows are kept as uint16 (sender.wnd, receiver.lastWin): a larger
// maxWindow must not compile until they are widened.
const _ uint16 = maxWindow

// windowNow is the window the receiver would advertise now, and the right
// edge that goes with it. The window moves in steps of at least an MSS
// (or half the buffer): the model's receive MSS is the connection's
// (snd.mss), as Linux's icsk_ack.rcv_mss is for segments of full size.
func (sk *Socket) windowNow() (win, edge int64) {
	r := &sk.rcv
	if !r.synRcvd {
		return min(r.buf, maxWindow), 0
	}
	free := r.free()
	cur := max(r.advEdge-r.nxt, 0)
	edge = r.advEdge
	if free-cur >= min(r.buf/2, sk.snd.mss) || free == r.buf {
		edge = r.nxt + free
	}
	return min(max(edge-r.nxt, 0), maxWindow), edge
}

// advertise is the window to put in a segment being sent now.
func (sk *Socket) advertise() int32 {
	win, edge := sk.windowNow()
	if sk.rcv.synRcvd {
		sk.rcv.advEdge = edge
	}
	sk.rcv.lastWin = uint16(win) // at most maxWindow
	return int32(win)
}

// dataArrives takes the data of an acceptable segment into RecvQ.
func (s *Sim) dataArrives(sk *Socket, seg *Segment) {
	r := &sk.rcv
	seq, end := seg.Seq, seg.Seq+int64(seg.Len)
	r.ackDue = true
	if end <= r.nxt {
		return // a duplicate: acknowledge again
	}
	if seq > r.nxt {
		// Out of order: keep it aside while there is room.
		if end-seq <= r.free() {
			if r.ooo == nil {
				r.ooo = &aside{}
				s.charge(asideCost)
			}
			before := cap(r.ooo.spans)
			r.ooo.add(seq, end)
			s.chargeGrowth(before, cap(r.ooo.spans), spanCost)
		}
		return
	}
	k := min(end-r.nxt, r.free())
	if k <= 0 {
		return // no room: the window was zero (a probe byte)
	}
	r.nxt += k
	r.mergeOOO()
	s.wake(sk)
}

// add keeps [start, end) aside, merged with the spans it touches.
func (a *aside) add(start, end int64) {
	for _, x := range a.spans {
		if start >= x.start && end <= x.end {
			return
		}
	}
	a.spans = append(a.spans, span{start, end})
	// Keep the spans sorted and merge those that touch (few entries).
	for i := len(a.spans) - 1; i > 0 && a.spans[i].start < a.spans[i-1].start; i-- {
		a.spans[i], a.spans[i-1] = a.spans[i-1], a.spans[i]
	}
	merged := a.spans[:1]
	for _, x := range a.spans[1:] {
		last := &merged[len(merged)-1]
		if x.start <= last.end {
			last.end = max(last.end, x.end)
		} else {
			merged = append(merged, x)
		}
	}
	a.spans = merged
	a.bytes = 0
	for _, x := range a.spans {
		a.bytes += x.end - x.start
	}
}

// mergeOOO moves the data set aside that now follows nxt into RecvQ.
func (r *receiver) mergeOOO() {
	a := r.ooo
	if a == nil {
		return
	}
	for len(a.spans) > 0 && a.spans[0].start <= r.nxt {
		x := a.spans[0]
		a.spans = a.spans[1:]
		a.bytes -= x.end - x.start
		if x.end > r.nxt {
			r.nxt = x.end
		}
	}
	if len(a.spans) == 0 {
		r.ooo = nil
	}
}

// appRead moves up to n bytes from RecvQ to Delivered and returns how
// many; it sends a window update when the read opens the window.
func (s *Sim) appRead(sk *Socket, n int64) int64 {
	r := &sk.rcv
	k := min(n, sk.RecvQ())
	if k <= 0 {
		return 0
	}
	r.readPtr += k
	// Linux consumes a FIN that had already arrived together with the last
	// bytes before it (tcp_recvmsg: found_fin_ok; the FIN is coalesced
	// into the last data skb): netstat's Recv-Q is 0 at once. A FIN that
	// arrives after the data was read counts one until a read returns 0.
	r.finRead = r.finRcvd && r.readPtr == r.finSeq
	if sk.connected() && sk.State != Closed && sk.State != TimeWait {
		if win, _ := sk.windowNow(); win > int64(r.lastWin) {
			note := noteNone
			if r.lastWin == 0 || win-int64(r.lastWin) >= min(r.buf/2, sk.snd.mss) {
				note = noteWindowUpdate
			}
			s.sendSeg(sk, ACK, sk.snd.nxt, 0, note)
		}
	}
	return k
}

// ackNow sends a pure acknowledgement.
func (s *Sim) ackNow(sk *Socket) {
	s.sendSeg(sk, ACK, sk.snd.nxt, 0, noteNone)
}

// oowRateLimited reports whether an answer to an out-of-window segment
// must be skipped now (linux profile: within invalid_ratelimit of the last
// one), and otherwise records that one is sent.
func (s *Sim) oowRateLimited(sk *Socket) bool {
	r := &sk.rcv
	if sk.snd.rfc {
		return false
	}
	if r.oowSent && s.now-r.lastOOW < s.global.invalidRatelimit {
		return true
	}
	r.oowSent, r.lastOOW = true, s.now
	return false
}
