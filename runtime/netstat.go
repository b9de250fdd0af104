package runtime

import (
	"fmt"
	"strings"
)

// The two tools' views of a host's structures, byte for byte as the real
// tools print them (net-tools 2.10 `netstat -an`, TCP lines only, and
// iproute2 6.1 `ss -tan` writing to a pipe or file). docs/netstat.md says
// how they were compared with the real tools on Linux loopback connections.
//
// Rows come in one deterministic order, the same for both tools: listeners
// first, then every other structure, each group in structure (creation)
// order. The real tools print the kernel's hash-table order instead
// (listening hash, then established hash), which is not reproducible.

// The two header lines of `netstat -an`'s Internet section. The second has
// trailing spaces: net-tools pads "State" to 11 there as in the rows.
const (
	netstatTitle  = "Active Internet connections (servers and established)"
	netstatHeader = "Proto Recv-Q Send-Q Local Address           Foreign Address         State      "
)

// Netstat renders the host's structures exactly as net-tools `netstat -an`
// prints TCP sockets, header lines included.
func (h *Host) Netstat() string {
	var b strings.Builder
	b.WriteString(netstatTitle + "\n")
	b.WriteString(netstatHeader + "\n")
	for _, r := range h.netstatRows()[1:] {
		b.WriteString(netstatLine(r[0], r[1], r[2], r[3], r[4], r[5]) + "\n")
	}
	return b.String()
}

// netstatLine is one socket line as net-tools' tcp_do_one prints it:
// printf("%-4s  %6ld %6ld %-*s %-*s %-11s", ...) with the address widths
// max(23, length). Nothing follows the state without -p or -e, so a state
// shorter than 11 leaves trailing spaces.
func netstatLine(proto, recvQ, sendQ, local, foreign, state string) string {
	return fmt.Sprintf("%-4s  %6s %6s %-*s %-*s %-11s", proto, recvQ, sendQ,
		max(23, len(local)), local, max(23, len(foreign)), foreign, state)
}

// netstatSockets lists the structures the tools show, in the documented
// order: listeners first, then the rest, each in structure order. A CLOSED
// structure is in none of the kernel's lookup tables, so neither tool
// lists it.
func (h *Host) netstatSockets() []*Socket {
	var out []*Socket
	for _, pass := range []bool{true, false} {
		for _, sk := range h.socks {
			if sk.State != Closed && (sk.State == Listen) == pass {
				out = append(out, sk)
			}
		}
	}
	return out
}

// toolQueues is what Linux reports as Recv-Q and Send-Q for a structure,
// in /proc/net/tcp (netstat) and over sock_diag (ss) alike, except for a
// listener's Send-Q (see ssRows):
//
//   - a listener: the accept queue length (sk_ack_backlog) and 0;
//   - a structure derived from a listener and still in SYN_RECV: 0 and 0.
//     Linux keeps it as a request sock, which both interfaces print with
//     zero queues (get_openreq4, inet_req_diag_fill) although the SYN-ACK
//     is unacknowledged;
//   - TIME_WAIT, and FIN_WAIT2 after the program closed: 0 and 0. Linux has
//     replaced the socket by a timewait sock (tcp_time_wait), which has no
//     queues;
//   - otherwise rcv_nxt - copied_seq and write_seq - snd_una: unread bytes,
//     plus one for a FIN the program has not read as end of stream; unsent
//     and unacknowledged bytes, plus one for a pending SYN or FIN.
func toolQueues(sk *Socket) (recvQ, sendQ int64) {
	switch {
	case sk.State == SynRecv && sk.parent != nil,
		sk.State == TimeWait,
		sk.State == FinWait2 && sk.orphan:
		return 0, 0
	}
	return sk.netstatRecvQ(), sk.netstatSendQ()
}

// netstatRows is the netstat table as cells, header first.
func (h *Host) netstatRows() [][]string {
	rows := [][]string{{"Proto", "Recv-Q", "Send-Q", "Local Address", "Foreign Address", "State"}}
	for _, sk := range h.netstatSockets() {
		rq, sq := toolQueues(sk)
		rows = append(rows, []string{"tcp", itoa64(rq), itoa64(sq),
			netstatAddr(sk.local), netstatAddr(sk.remote), sk.State.String()})
	}
	return rows
}

// netstatAddr is an address and port as both tools print them numerically:
// the wildcard address as 0.0.0.0 and the wildcard port as *.
func netstatAddr(e endpoint) string {
	return netstatIP(e) + ":" + netstatPort(e)
}

func netstatIP(e endpoint) string {
	if e.ip == 0 {
		return "0.0.0.0"
	}
	return e.ip.String()
}

func netstatPort(e endpoint) string {
	if e.port == 0 {
		return "*"
	}
	return itoa(int(e.port))
}

// SS renders the host's structures exactly as iproute2 6.1 `ss -tan`
// prints them into a pipe or a file: ss's state names, and for a listener
// the accept queue length as Recv-Q and the backlog as Send-Q. The column
// widths follow from the content as ss computes them (see ssRender).
func (h *Host) SS() string { return ssRender(h.ssLines()) }

// ssRows is the ss table as cells, header first: one cell per address and
// port, for the structured record.
func (h *Host) ssRows() [][]string {
	rows := [][]string{{"State", "Recv-Q", "Send-Q", "Local Address:Port", "Peer Address:Port"}}
	for _, sk := range h.netstatSockets() {
		rq, sq := ssQueues(sk)
		rows = append(rows, []string{sk.State.SS(), itoa64(rq), itoa64(sq), netstatAddr(sk.local), netstatAddr(sk.remote)})
	}
	return rows
}

// ssQueues is Recv-Q and Send-Q as ss prints them: toolQueues, except that
// a listener's Send-Q is its backlog (sk_max_ack_backlog, tcp_diag).
func ssQueues(sk *Socket) (recvQ, sendQ int64) {
	rq, sq := toolQueues(sk)
	if sk.State == Listen {
		sq = int64(sk.lst.backlog)
	}
	return rq, sq
}

// ssColumn is one of ss's output columns (misc/ss.c, struct column) as
// `ss -tan` uses them: the Netid column is disabled because only TCP is
// shown. ldelim is printed before the field unless it starts the line.
type ssColumn struct {
	header string
	ldelim string
	right  bool
}

var ssColumns = [...]ssColumn{
	{"State", " ", false},
	{"Recv-Q", " ", false},
	{"Send-Q", " ", false},
	{"Local Address:", " ", true},
	{"Port", "", false},
	{"Peer Address:", " ", true},
	{"Port", "", false},
	{"Process", "", false},
	{"", "", false},
}

// ssLines is the header and one line of fields per structure, each field as
// ss writes it into its buffer: queues as "%-6d", an address with its ':'
// delimiter, the port separately, and empty process and extension fields.
func (h *Host) ssLines() [][len(ssColumns)]string {
	var head [len(ssColumns)]string
	for i, c := range ssColumns {
		head[i] = c.header
	}
	lines := [][len(ssColumns)]string{head}
	for _, sk := range h.netstatSockets() {
		rq, sq := ssQueues(sk)
		lines = append(lines, [len(ssColumns)]string{
			sk.State.SS(),
			fmt.Sprintf("%-6d", rq),
			fmt.Sprintf("%-6d", sq),
			netstatIP(sk.local) + ":",
			netstatPort(sk.local),
			netstatIP(sk.remote) + ":",
			netstatPort(sk.remote),
			"",
			"",
		})
	}
	return lines
}

// ssRender lays fields out as ss's render() does when its output is not a
// terminal (render_calc_width's compact output): a column is as wide as
// its longest field plus its delimiter (the first column without one, an
// always-empty column 0 wide); left-aligned fields are padded on the
// right to the width, right-aligned ones on the left. Trailing spaces are
// kept, as ss prints them.
func ssRender(lines [][len(ssColumns)]string) string {
	var widths [len(ssColumns)]int
	for i, c := range ssColumns {
		n := 0
		for _, l := range lines {
			n = max(n, len(l[i]))
		}
		if i > 0 && n > 0 {
			n += len(c.ldelim)
		}
		widths[i] = n
	}
	var b strings.Builder
	for _, l := range lines {
		for i, c := range ssColumns {
			printed := 0
			if i > 0 {
				b.WriteString(c.ldelim)
				printed = len(c.ldelim)
			}
			if c.right && widths[i] > 0 {
				if s := widths[i] - len(l[i]) - printed; s > 0 {
					b.WriteString(strings.Repeat(" ", s))
					printed += s
				}
			}
			b.WriteString(l[i])
			printed += len(l[i])
			if !c.right && widths[i] > 0 {
				if s := widths[i] - printed; s > 0 {
					b.WriteString(strings.Repeat(" ", s))
				}
			}
		}
		b.WriteString("\n")
	}
	return b.String()
}
