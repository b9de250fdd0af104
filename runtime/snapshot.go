package runtime

// What the queue figures need besides the byte ranges: each queue's
// capacity, the window the receiver advertises, the calls blocked on the
// connection with the bytes they have not copied yet, and the cycle of
// waits when the connection is deadlocked. Kept apart from record.go,
// which holds the shape of the records; connSnapshot fills these in.

// DirCapacity is the capacity side of one direction's queues.
type DirCapacity struct {
	SndBuf int64 // the sender's SendQ capacity (sndbuf)
	RcvBuf int64 // the receiver's RecvQ capacity (rcvbuf), 0 without a receiver
	// Window is the window the receiver last advertised (0: zero window),
	// -1 without a receiver.
	Window int64
	// Waiting are the calls blocked on this direction: writes on the
	// sender (SendQ full), reads on the receiver (RecvQ empty).
	Waiting []WaitingCall
}

// WaitingCall is a call blocked on a connection's queues.
type WaitingCall struct {
	Thread string // the thread's name: "A"
	Call   string // the call as the trace writes it: "A.s.write(1500)"
	Op     string // write or read
	// Left is, for a write, the bytes it has not yet copied into SendQ;
	// for a read, the bytes it asked for.
	Left   int64
	Reason string // the deadlock report's reason
}

// ConnWaits is what a connection's figure says about blocked calls.
type ConnWaits struct {
	// Cycle is "A waits for B, B waits for A" when the calls blocked on
	// this connection wait for each other, "" otherwise.
	Cycle string
}

// dirCapacity fills in the capacity of the direction snd -> rcv.
func (s *Sim) dirCapacity(snd, rcv *Socket) DirCapacity {
	c := DirCapacity{SndBuf: snd.snd.buf, Window: -1}
	for i := range s.threads {
		t := &s.threads[i]
		if t.call == nil || t.sock != snd || t.call.Op.String() != "write" {
			continue
		}
		c.Waiting = append(c.Waiting, WaitingCall{Thread: t.name(), Call: s.prog.CallText(&t.call.Call), Op: "write", Left: t.call.N - t.done, Reason: s.waitReason(t)})
	}
	if rcv != nil {
		c.RcvBuf = rcv.rcv.buf
		c.Window = int64(rcv.rcv.lastWin)
		for i := range s.threads {
			t := &s.threads[i]
			if t.call == nil || t.sock != rcv || t.call.Op.String() != "read" {
				continue
			}
			c.Waiting = append(c.Waiting, WaitingCall{Thread: t.name(), Call: s.prog.CallText(&t.call.Call), Op: "read", Left: t.call.N, Reason: s.waitReason(t)})
		}
	}
	return c
}

// connWaits finds the cycle of waits among the calls blocked on a or b.
func (s *Sim) connWaits(a, b *Socket) ConnWaits {
	var blocked []*Thread
	for i := range s.threads {
		t := &s.threads[i]
		if t.call != nil && t.blocked && (t.sock == a || b != nil && t.sock == b) {
			blocked = append(blocked, t)
		}
	}
	if len(blocked) < 2 {
		return ConnWaits{}
	}
	return ConnWaits{Cycle: s.findCycle(blocked)}
}

// payloadWrites is where the payload of seg came from: the writes whose
// bytes it carries, each whole (its stream offsets, not cut to the
// segment), so that a capture can fill each write's bytes with that
// write's own pattern, aligned on the write's start. nil for a segment
// without data or whose sender is gone.
func (s *Sim) payloadWrites(seg *Segment) []ByteRange {
	if seg.Len <= 0 || seg.From < 0 || int(seg.From) >= len(s.hosts) {
		return nil
	}
	sk := s.hosts[seg.From].findExact(fourTuple{seg.SrcIP, seg.DstIP, seg.SrcPort, seg.DstPort})
	if sk == nil {
		return nil
	}
	from, to := seg.Seq, seg.Seq+int64(seg.Len)
	var out []ByteRange
	for _, w := range sk.snd.writes {
		if w.start < to && w.end > from {
			out = append(out, ByteRange{Write: int(w.n), First: w.start - 1, Last: w.end - 2})
		}
	}
	return out
}
