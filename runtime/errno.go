package runtime

import (
	"github.com/tcps-dev/tcps/lang"
	"github.com/tcps-dev/tcps/lang/msg"
)

// Why a call was refused. Every errno a call returns carries a short
// reason in the lecture's terms, printed after it in the trace:
//
//	t=0.000ms A.L.read(10) = -1 ENOTCONN  (A.L is a listening socket: ...)
//
// Each cause has one message of the catalog (lang/msg/runtime.go), in
// English and Korean: its arguments are numbered (%[1]s), so the Korean
// puts them in its own order. Each cause has one function that fills its
// template; a call refused for that cause returns what the function
// returns. The reason is made only when calls are traced.

// cause is one reason for refusing a call.
type cause uint8

const (
	causeNone          cause = iota // not refused
	causeBadFDClosed                // EBADF: the descriptor was closed
	causeBadFDUnmade                // EBADF: the socket was never made
	causeBadFDNotHeld               // EBADF: a structure number the program holds no descriptor for
	causeNotConnListen              // ENOTCONN: read on a listener
	causeNotConnRead                // ENOTCONN: read on a socket never connected
	causeNotConnShut                // ENOTCONN: shutdown without a connection
	causePipeShutWR                 // EPIPE: write after shutdown wr
	causePipeReset                  // EPIPE: write after the connection was reset
	causePipeListen                 // EPIPE: write on a listener
	causePipeUnconn                 // EPIPE: write on a socket never connected
	causePipeClosed                 // EPIPE: write after the connection ended
	causeConnRefused                // ECONNREFUSED: RST answered the SYN
	causeConnReset                  // ECONNRESET: RST ended the connection
	causeTimedOutSyn                // ETIMEDOUT: no answer to the SYNs
	causeTimedOutData               // ETIMEDOUT: no ACK for the data
	causeAlready                    // EALREADY: connect while connecting
	causeIsConnListen               // EISCONN: connect on a listener
	causeIsConn                     // EISCONN: connect on a connected socket
	causeInvalAccept                // EINVAL: accept on a socket not listening
	causeInvalBound                 // EINVAL: bind or listen ADDR on a bound socket
	causeInvalListen                // EINVAL: listen on a connected socket
	causeAddrNotOwned               // EADDRNOTAVAIL: the address is not the host's
	causeAddrTuple                  // EADDRNOTAVAIL: the 4-tuple is taken
	causeAddrInUse                  // EADDRINUSE: another structure holds the port
	causeNoEphemeral                // EADDRINUSE: every ephemeral port is taken
	numCauses
)

// errnoOf is the errno each cause returns.
var errnoOf = [numCauses]string{
	causeBadFDClosed:   "EBADF",
	causeBadFDUnmade:   "EBADF",
	causeBadFDNotHeld:  "EBADF",
	causeNotConnListen: "ENOTCONN",
	causeNotConnRead:   "ENOTCONN",
	causeNotConnShut:   "ENOTCONN",
	causePipeShutWR:    "EPIPE",
	causePipeReset:     "EPIPE",
	causePipeListen:    "EPIPE",
	causePipeUnconn:    "EPIPE",
	causePipeClosed:    "EPIPE",
	causeConnRefused:   "ECONNREFUSED",
	causeConnReset:     "ECONNRESET",
	causeTimedOutSyn:   "ETIMEDOUT",
	causeTimedOutData:  "ETIMEDOUT",
	causeAlready:       "EALREADY",
	causeIsConnListen:  "EISCONN",
	causeIsConn:        "EISCONN",
	causeInvalAccept:   "EINVAL",
	causeInvalBound:    "EINVAL",
	causeInvalListen:   "EINVAL",
	causeAddrNotOwned:  "EADDRNOTAVAIL",
	causeAddrTuple:     "EADDRNOTAVAIL",
	causeAddrInUse:     "EADDRINUSE",
	causeNoEphemeral:   "EADDRINUSE",
}

// reasonText is the message of each cause's reason, printed in the
// program's language.
var reasonText = [numCauses]msg.Msg{
	causeBadFDClosed:   msg.ReasonBadFDClosed,
	causeBadFDUnmade:   msg.ReasonBadFDUnmade,
	causeBadFDNotHeld:  msg.ReasonBadFDNotHeld,
	causeNotConnListen: msg.ReasonNotConnListen,
	causeNotConnRead:   msg.ReasonNotConnRead,
	causeNotConnShut:   msg.ReasonNotConnShut,
	causePipeShutWR:    msg.ReasonPipeShutWR,
	causePipeReset:     msg.ReasonPipeReset,
	causePipeListen:    msg.ReasonPipeListen,
	causePipeUnconn:    msg.ReasonPipeUnconn,
	causePipeClosed:    msg.ReasonPipeClosed,
	causeConnRefused:   msg.ReasonConnRefused,
	causeConnReset:     msg.ReasonConnReset,
	causeTimedOutSyn:   msg.ReasonTimedOutSyn,
	causeTimedOutData:  msg.ReasonTimedOutData,
	causeAlready:       msg.ReasonAlready,
	causeIsConnListen:  msg.ReasonIsConnListen,
	causeIsConn:        msg.ReasonIsConn,
	causeInvalAccept:   msg.ReasonInvalAccept,
	causeInvalBound:    msg.ReasonInvalBound,
	causeInvalListen:   msg.ReasonInvalListen,
	causeAddrNotOwned:  msg.ReasonAddrNotOwned,
	causeAddrTuple:     msg.ReasonAddrTuple,
	causeAddrInUse:     msg.ReasonAddrInUse,
	causeNoEphemeral:   msg.ReasonNoEphemeral,
}

// refuse is a call's -1 and errno for cause c, with the reason built from
// args when calls are traced.
func (s *Sim) refuse(c cause, args ...any) (result, bool) {
	return result{val: -1, why: c, info: s.callInfo(func() string {
		return "(" + reasonText[c].In(s.prog.Lang, args...) + ")"
	})}, true
}

// The causes, one function each.

func (s *Sim) errClosed(name string, line int) (result, bool) {
	return s.refuse(causeBadFDClosed, name, line)
}
func (s *Sim) errUnmade(name string, line int) (result, bool) {
	return s.refuse(causeBadFDUnmade, name, line)
}
func (s *Sim) errNotHeld(host string, sk *Socket) (result, bool) {
	return s.refuse(causeBadFDNotHeld, host, sk.label())
}
func (s *Sim) errReadListener(name string) (result, bool) {
	return s.refuse(causeNotConnListen, name)
}
func (s *Sim) errReadUnconnected(name string) (result, bool) {
	return s.refuse(causeNotConnRead, name)
}
func (s *Sim) errShutUnconnected(name string) (result, bool) {
	return s.refuse(causeNotConnShut, name)
}

// errWrite is why a write is refused: EPIPE, whichever way the socket
// lost (or never had) its connection.
func (s *Sim) errWrite(name string, sk *Socket) (result, bool) {
	switch {
	case sk.reset:
		return s.refuse(causePipeReset, name)
	case sk.wrShut:
		return s.refuse(causePipeShutWR, name)
	case sk.State == Listen:
		return s.refuse(causePipeListen, name)
	case !sk.connected():
		return s.refuse(causePipeUnconn, name)
	}
	return s.refuse(causePipeClosed, name, sk.State)
}

// errPending is the error the connection left for the next call:
// ECONNRESET, or ETIMEDOUT when the retransmissions gave up.
func (s *Sim) errPending(errno string, sk *Socket) (result, bool) {
	if errno == "ETIMEDOUT" {
		return s.refuse(causeTimedOutData, s.peerName(sk), dataRetries)
	}
	return s.refuse(causeConnReset, s.peerName(sk))
}

// errConnect is why a connect that was sent failed: ECONNREFUSED or
// ETIMEDOUT.
func (s *Sim) errConnect(errno string, sk *Socket) (result, bool) {
	if errno == "ETIMEDOUT" {
		return s.refuse(causeTimedOutSyn, sk.remote.String(), int(sk.snd.backoff)+1)
	}
	return s.refuse(causeConnRefused, sk.remote.String())
}

func (s *Sim) errAlready(name string) (result, bool) { return s.refuse(causeAlready, name) }

func (s *Sim) errIsConn(name string, sk *Socket) (result, bool) {
	if sk.State == Listen {
		return s.refuse(causeIsConnListen, name)
	}
	return s.refuse(causeIsConn, name, sk.State)
}
func (s *Sim) errAcceptNotListening(name string, sk *Socket) (result, bool) {
	return s.refuse(causeInvalAccept, name, sk.State)
}
func (s *Sim) errBound(name string, sk *Socket) (result, bool) {
	return s.refuse(causeInvalBound, name, sk.local.String())
}
func (s *Sim) errListenConnected(name string, sk *Socket) (result, bool) {
	return s.refuse(causeInvalListen, name, sk.State)
}
func (s *Sim) errNotOwned(ip Addr, h *Host) (result, bool) {
	return s.refuse(causeAddrNotOwned, ip.String(), h.name())
}
func (s *Sim) errTupleTaken(sk, other *Socket) (result, bool) {
	return s.refuse(causeAddrTuple, sk.local.String()+" -> "+sk.remote.String(), other.label()+" "+other.State.String())
}
func (s *Sim) errInUse(holder *Socket) (result, bool) {
	return s.refuse(causeAddrInUse, holder.label(), holder.State, holder.local.String())
}
func (s *Sim) errNoEphemeral(h *Host) (result, bool) { return s.refuse(causeNoEphemeral, h.name()) }

// peerName names the other end of a structure's connection: its host's
// name, or its address when no host has it.
func (s *Sim) peerName(sk *Socket) string {
	if to := s.hostOf(sk.host.Index, sk.remote.ip); to >= 0 {
		return s.hosts[to].name() + " (" + sk.remote.String() + ")"
	}
	return sk.remote.String()
}

// sockName is the socket a call acts on as the script names it: A.L, or
// the structure's label (A.2) when the script gave it no name.
func (s *Sim) sockName(c *lang.Call, sk *Socket) string {
	ref := c.Sock.Handle
	if ref < 0 {
		ref = c.New
	}
	if ref >= 0 {
		if n := s.prog.Handles[ref].Name; n != "" {
			return s.prog.Hosts[c.Host].Name + "." + n
		}
	}
	if sk != nil {
		return sk.label()
	}
	return s.prog.Hosts[c.Host].Name
}
