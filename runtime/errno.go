package runtime

import (
	"fmt"

	"github.com/tcps-dev/tcps/lang"
)

// Why a call was refused. Every errno a call returns carries a short
// reason in the lecture's terms, printed after it in the trace:
//
//	t=0.000ms A.L.read(10) = -1 ENOTCONN  (A.L is a listening socket: ...)
//
// The reasons live here and only here, one template per cause, so that
// they can be translated (to Korean, for the lecture) by replacing the
// table: a template's arguments are numbered (%[1]s), so a translation
// may put them in any order. Each cause has one function that fills its
// template; a call refused for that cause returns what the function
// returns. The reason is made only when calls are traced.

// cause is one reason for refusing a call.
type cause uint8

const (
	causeBadFDClosed   cause = iota // EBADF: the descriptor was closed
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

// reasonText is the template of each cause's reason (English; the table
// to translate).
var reasonText = [numCauses]string{
	causeBadFDClosed:   "%[1]s was closed at line %[2]d",
	causeBadFDUnmade:   "%[1]s names no socket: the call at line %[2]d that makes it has not returned, or failed",
	causeBadFDNotHeld:  "%[1]s's program holds no descriptor for structure %[2]s",
	causeNotConnListen: "%[1]s is a listening socket: it has no connection to read from; read from the socket accept returned",
	causeNotConnRead:   "%[1]s is not connected: there is nothing to read from",
	causeNotConnShut:   "%[1]s is not connected: there is no connection to shut down",
	causePipeShutWR:    "%[1]s sent FIN with shutdown wr: no more writes",
	causePipeReset:     "the connection of %[1]s was reset: no more writes",
	causePipeListen:    "%[1]s is a listening socket: it has no connection to write to; write to the socket accept returned",
	causePipeUnconn:    "%[1]s is not connected: there is nowhere to write to",
	causePipeClosed:    "the connection of %[1]s is over (%[2]s): no more writes",
	causeConnRefused:   "%[1]s: no socket structure matches: the host answered RST",
	causeConnReset:     "%[1]s sent RST: the connection is gone, with what was in its queues",
	causeTimedOutSyn:   "%[1]s never answered: %[2]d SYNs went unanswered",
	causeTimedOutData:  "%[1]s stopped answering: %[2]d retransmissions went unacknowledged",
	causeAlready:       "%[1]s is still connecting (SYN_SENT): the handshake has not finished",
	causeIsConnListen:  "%[1]s is a listening socket: it accepts connections, it does not make them",
	causeIsConn:        "%[1]s is already connected (%[2]s): a socket connects once",
	causeInvalAccept:   "%[1]s is not listening (%[2]s): accept takes connections from a listening socket",
	causeInvalBound:    "%[1]s is already bound to %[2]s",
	causeInvalListen:   "%[1]s is connected (%[2]s): only a socket without a connection can listen",
	causeAddrNotOwned:  "%[1]s is not an address of %[2]s",
	causeAddrTuple:     "the connection %[1]s already exists (%[2]s)",
	causeAddrInUse:     "%[1]s %[2]s holds %[3]s",
	causeNoEphemeral:   "every ephemeral port of %[1]s is taken",
}

// refuse is a call's -1 and errno for cause c, with the reason built from
// args when calls are traced.
func (s *Sim) refuse(c cause, args ...any) (result, bool) {
	return result{val: -1, errno: errnoOf[c], info: s.callInfo(func() string {
		return "(" + fmt.Sprintf(reasonText[c], args...) + ")"
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
	return s.refuse(causeAddrNotOwned, ip.String(), h.Name)
}
func (s *Sim) errTupleTaken(sk, other *Socket) (result, bool) {
	return s.refuse(causeAddrTuple, sk.local.String()+" -> "+sk.remote.String(), other.label()+" "+other.State.String())
}
func (s *Sim) errInUse(holder *Socket) (result, bool) {
	return s.refuse(causeAddrInUse, holder.label(), holder.State, holder.local.String())
}
func (s *Sim) errNoEphemeral(h *Host) (result, bool) { return s.refuse(causeNoEphemeral, h.Name) }

// peerName names the other end of a structure's connection: its host's
// name, or its address when no host has it.
func (s *Sim) peerName(sk *Socket) string {
	if to := s.hostOf(int32(sk.host.Index), sk.remote.ip); to >= 0 {
		return s.hosts[to].Name + " (" + sk.remote.String() + ")"
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
