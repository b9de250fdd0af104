package runtime

import "github.com/tcps-dev/tcps/lang/msg"

// Timers. A structure has one TCP timer, as Linux's has one
// (icsk_retransmit_timer, icsk_pending saying which kind is pending): the
// retransmission and persist timers exclude each other (a zero-window
// probe goes out only with nothing in flight), and TIME_WAIT and an
// orphaned FIN_WAIT2 begin once everything is acknowledged. Arming one kind
// replaces another; under Options.Invariants that is reported, because the
// model never does it. Re-arming a timer only moves its deadline; the
// queued event notices when it fires and re-queues itself for the new
// deadline. Restarting the retransmission timer on every ACK therefore
// costs no heap operation.

type timerKind uint8

const (
	tRetransmit timerKind = iota // RTO: SYN, SYN-ACK, data and FIN retransmission
	tPersist                     // zero-window probes
	tTimeWait                    // 2*MSL in TIME_WAIT
	tFinWait2                    // orphaned FIN_WAIT2 (linux: 60 s)
)

var timerNames = [...]string{"retransmission", "persist", "TIME_WAIT", "FIN_WAIT2"}

// timer is a structure's timer; its kind is Socket.timerKind.
type timer struct {
	deadline Time // 0: not armed
	pending  Time // time of the event in the queue, 0: none
}

// Timer constants, per RFC 6298 and Linux.
const (
	initialRTO    = 1 * Second   // RFC 6298 (2.1)
	maxRTO        = 120 * Second // Linux TCP_RTO_MAX
	linuxRTOMin   = 200 * Millisecond
	rfcRTOMin     = 1 * Second // RFC 6298 (2.4)
	linuxTimeWait = 60 * Second
	synRetries    = 6  // Linux tcp_syn_retries
	synAckRetries = 5  // Linux tcp_synack_retries
	dataRetries   = 15 // Linux tcp_retries2
	linuxPersist  = 120 * Second
	rfcPersist    = 60 * Second // 4.4BSD TCPTV_PERSMAX
	maxRTTSample  = 1 << 50     // about 13 days
)

func (s *Sim) arm(sk *Socket, k timerKind, at Time) {
	t := &sk.timer
	if t.deadline == 0 {
		s.armedTimers++
	} else if sk.timerKind != k && s.check != nil {
		s.invariantBroken(sk.label() + ": the " + timerNames[k] + " timer armed while the " + timerNames[sk.timerKind] + " timer is")
	}
	sk.timerKind = k
	t.deadline = at
	if t.pending == 0 || at < t.pending {
		t.pending = at
		s.q.pushTimer(at, sk)
	}
}

func (s *Sim) armed(sk *Socket, k timerKind) bool {
	return sk.timer.deadline != 0 && sk.timerKind == k
}

// cancelTimer disarms the timer if it is of kind k; its queued event, if
// any, becomes stale.
func (s *Sim) cancelTimer(sk *Socket, k timerKind) {
	if s.armed(sk, k) {
		s.disarm(sk)
	}
}

// cancelAnyTimer disarms the timer of a structure that leaves the tables,
// whatever its kind.
func (s *Sim) cancelAnyTimer(sk *Socket) {
	if sk.timer.deadline != 0 {
		s.disarm(sk)
	}
}

// disarm clears an armed timer's deadline and keeps the count of armed
// timers (Sim.armedTimers) with it.
func (s *Sim) disarm(sk *Socket) {
	sk.timer.deadline = 0
	s.armedTimers--
}

// timerEvent handles a queued timer event: it fires the timer, re-queues it
// for a later deadline, or drops a stale entry.
func (s *Sim) timerEvent(e *event) {
	sk := e.sock
	t := &sk.timer
	if t.pending != e.at {
		return
	}
	t.pending = 0
	if t.deadline == 0 {
		return
	}
	if t.deadline > s.now {
		t.pending = t.deadline
		s.q.pushTimer(t.deadline, sk)
		return
	}
	s.disarm(sk)
	s.traceTimer(sk)
	switch sk.timerKind {
	case tRetransmit:
		s.retransmitTimeout(sk)
	case tPersist:
		s.persistTimeout(sk)
	case tTimeWait:
		s.closeDone(sk, msg.WhyTimeWaitOver.In(s.prog.Lang))
	case tFinWait2:
		s.closeDone(sk, msg.WhyFinWait2.In(s.prog.Lang))
	}
}

// effectiveDeadline is when a queued timer event will really fire, or 0
// when the event is stale.
func (e *event) effectiveDeadline() Time {
	t := &e.sock.timer
	if t.pending != e.at || t.deadline == 0 {
		return 0
	}
	return t.deadline
}

// rtoMin is the lower bound of the retransmission timeout.
func (sk *Socket) rtoMin() Time {
	if sk.snd.rfc {
		return rfcRTOMin
	}
	return linuxRTOMin
}

// rttSample updates SRTT, RTTVAR and RTO as RFC 6298 (2.2, 2.3) says.
func (sk *Socket) rttSample(r Time) {
	snd := &sk.snd
	// A sample beyond maxRTTSample (a link delay of days) gives the RTO cap
	// anyway; capping it keeps 7*SRTT and 4*RTTVAR far from overflow.
	r = min(r, maxRTTSample)
	if snd.srtt == 0 {
		snd.srtt = r
		snd.rttvar = r / 2
	} else {
		d := snd.srtt - r
		if d < 0 {
			d = -d
		}
		snd.rttvar = (3*snd.rttvar + d) / 4
		snd.srtt = (7*snd.srtt + r) / 8
	}
	snd.rto = max(snd.srtt+4*snd.rttvar, sk.rtoMin())
	snd.rto = min(snd.rto, maxRTO)
}

// persistInterval is the interval before the next zero-window probe: one
// RTO, doubled per probe, capped (Linux 120 s, 4.4BSD 60 s).
func (sk *Socket) persistInterval() Time {
	limit := linuxPersist
	if sk.snd.rfc {
		limit = rfcPersist
	}
	d := sk.snd.rto
	for i := int32(0); i < sk.snd.persistShift && d < limit; i++ {
		d = d.Add(d) // doubling saturates: virtual time never overflows
	}
	return min(d, limit)
}

func (s *Sim) timeWaitLength(sk *Socket) Time {
	if sk.snd.rfc {
		return s.global.msl.Add(s.global.msl)
	}
	return linuxTimeWait
}
