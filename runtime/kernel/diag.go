package kernel

import (
	"fmt"
	"net"
	"net/netip"
	"strconv"

	"github.com/vishvananda/netlink"
	"golang.org/x/sys/unix"
)

// The socket structures of a machine, as sock_diag lists them. A structure
// is numbered in the order tcps first knows it: at the socket call for the
// program's own sockets (identified by SO_COOKIE), when a dump first shows
// it for the others (a connection derived from a listener, first seen as a
// request sock in SYN_RECV). A structure seen again with another cookie
// (the full socket that replaces a request sock, the timewait sock that
// replaces a socket) is recognised by its 4-tuple. A structure the dump no
// longer lists is CLOSE.

// stateNames are Linux's TCP states by number, as netstat names them.
var stateNames = [...]string{"", "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2", "TIME_WAIT",
	"CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING", "SYN_RECV"}

func stateName(s uint8) string {
	if int(s) < len(stateNames) && s > 0 {
		return stateNames[s]
	}
	return "STATE" + strconv.Itoa(int(s))
}

type endpoint struct {
	ip   netip.Addr
	port uint16
}

func (e endpoint) String() string {
	ip := "*"
	if e.ip.IsValid() && !e.ip.IsUnspecified() {
		ip = e.ip.String()
	}
	p := "*"
	if e.port != 0 {
		p = strconv.Itoa(int(e.port))
	}
	return ip + ":" + p
}

// structure is one socket structure of a machine.
type structure struct {
	num           int
	cookie        uint64
	local, remote endpoint
	state         string // CLOSE until a dump lists it
	seen          bool   // a dump has listed it
	rq, wq        uint32 // the last dump's queues
	unacked       uint32
	owned         bool // a program socket (not derived)
}

// structures is a machine's table.
type structures struct {
	m    *machine
	list []*structure
}

func (t *structures) label(s *structure) string { return t.m.name + "." + strconv.Itoa(s.num) }

// add registers a program socket by its cookie.
func (t *structures) add(cookie uint64) *structure {
	s := &structure{num: len(t.list), cookie: cookie, state: "CLOSE", owned: true}
	t.list = append(t.list, s)
	return s
}

func epOf(ip net.IP, port uint16) endpoint {
	a, _ := netip.AddrFromSlice(ip.To4())
	if ip == nil {
		a = netip.IPv4Unspecified()
	}
	return endpoint{a, port}
}

func cookieOf(c [2]uint32) uint64 { return uint64(c[0]) | uint64(c[1])<<32 }

// dump lists the machine's TCP sockets over sock_diag. It is called with
// the machine's diagMu held (one dump at a time, applied in the order
// made), not the runner's lock: a dump takes a while. ok is false when
// there is no dump (the machine is closed): an empty dump is a dump, and
// says every structure is CLOSE.
func (t *structures) dump() (res []*netlink.InetDiagTCPInfoResp, ok bool, err error) {
	if t.m.closed {
		return nil, false, nil
	}
	res, err = t.m.nl.SocketDiagTCPInfo(unix.AF_INET)
	if err != nil && res == nil {
		return nil, false, fmt.Errorf("sock_diag on %s: %w", t.m.name, err)
	}
	return res, true, nil
}

// apply takes a dump into the table and traces every change of state.
// Called with the runner's lock held.
func (t *structures) apply(r *runner, res []*netlink.InetDiagTCPInfoResp) {
	present := make([]bool, len(t.list))
	for _, d := range res {
		msg := d.InetDiagMsg
		if msg == nil {
			continue
		}
		c := cookieOf(msg.ID.Cookie)
		local := epOf(msg.ID.Source, msg.ID.SourcePort)
		remote := epOf(msg.ID.Destination, msg.ID.DestinationPort)
		state := stateName(msg.State)
		var s *structure
		for _, x := range t.list {
			if x.cookie == c {
				s = x
				break
			}
		}
		if s == nil && remote.port != 0 {
			for _, x := range t.list {
				if x.state != "CLOSE" && x.local == local && x.remote == remote {
					s = x
					break
				}
			}
		}
		if s == nil {
			s = &structure{num: len(t.list), cookie: c, local: local, remote: remote, state: state, seen: true}
			t.list = append(t.list, s)
			present = append(present, true)
			r.traceDerived(t, s)
		} else {
			s.cookie = c
			s.local, s.remote = local, remote
			present[s.num] = true
			switch {
			case !s.seen && !s.owned:
				// Made by accept before a dump saw it: derived from a
				// listener, its SYN_RECV missed.
				s.state, s.seen = state, true
				r.traceDerived(t, s)
			case !s.seen || s.state != state:
				old := s.state
				s.state, s.seen = state, true
				if old != state {
					r.stateLine(t, s, old)
				}
			}
		}
		s.rq, s.wq, s.unacked = msg.RQueue, msg.WQueue, 0
		// A listener's tcpi_unacked is its accept queue; a timewait or
		// request sock has no tcp_info.
		if d.TCPInfo != nil && state != "LISTEN" {
			s.unacked = d.TCPInfo.Unacked
		}
	}
	for i, s := range t.list {
		if s.seen && !present[i] && s.state != "CLOSE" {
			old := s.state
			s.state = "CLOSE"
			s.rq, s.wq, s.unacked = 0, 0, 0
			r.stateLine(t, s, old)
		}
	}
}

// listener is the LISTEN structure a derived one came from, or nil.
func (t *structures) listener(s *structure) *structure {
	var best *structure
	for _, x := range t.list {
		if x.state == "LISTEN" && x.local.port == s.local.port &&
			(x.local.ip == s.local.ip || !x.local.ip.IsValid() || x.local.ip.IsUnspecified()) {
			if best == nil || best.local.ip.IsUnspecified() {
				best = x
			}
		}
	}
	return best
}

// byCookie finds a structure by its cookie.
func (t *structures) byCookie(c uint64) *structure {
	for _, x := range t.list {
		if x.cookie == c {
			return x
		}
	}
	return nil
}

// byTuple finds a live structure by its 4-tuple.
func (t *structures) byTuple(local, remote endpoint) *structure {
	for _, x := range t.list {
		if x.state != "CLOSE" && x.local == local && x.remote == remote {
			return x
		}
	}
	return nil
}

func netipFrom4(b [4]byte) netip.Addr { return netip.AddrFrom4(b) }
