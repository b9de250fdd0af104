package runtime

import (
	"fmt"
	"strings"
)

// Netstat renders the host's structures exactly as net-tools `netstat -an`
// prints TCP sockets: listeners first, then the rest, each in structure
// order.
func (h *Host) Netstat() string {
	var b strings.Builder
	b.WriteString("Active Internet connections (servers and established)\n")
	b.WriteString("Proto Recv-Q Send-Q Local Address           Foreign Address         State      \n")
	for _, r := range h.netstatRows()[1:] {
		fmt.Fprintf(&b, "%-4s  %6s %6s %-23s %-23s %-11s\n", r[0], r[1], r[2], r[3], r[4], r[5])
	}
	return b.String()
}

// netstatSockets lists the structures netstat shows, in its order:
// listeners first, then the rest, each in structure order.
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

// netstatRows is the netstat table as cells, header first.
func (h *Host) netstatRows() [][]string {
	rows := [][]string{{"Proto", "Recv-Q", "Send-Q", "Local Address", "Foreign Address", "State"}}
	for _, sk := range h.netstatSockets() {
		rows = append(rows, []string{"tcp", itoa64(sk.netstatRecvQ()), itoa64(sk.netstatSendQ()),
			netstatAddr(sk.local), netstatAddr(sk.remote), sk.State.String()})
	}
	return rows
}

func netstatAddr(e endpoint) string {
	ip := "0.0.0.0"
	if e.ip != 0 {
		ip = e.ip.String()
	}
	port := "*"
	if e.port != 0 {
		port = itoa(int(e.port))
	}
	return ip + ":" + port
}

// SS renders the host's structures as `ss -tan` does: ss's state names,
// and for a listener the accept queue length as Recv-Q and the backlog as
// Send-Q.
func (h *Host) SS() string { return table(h.ssRows(), "lllrr") }

// ssRows is the ss table as cells, header first.
func (h *Host) ssRows() [][]string {
	rows := [][]string{{"State", "Recv-Q", "Send-Q", "Local Address:Port", "Peer Address:Port"}}
	for _, sk := range h.netstatSockets() {
		rq, sq := sk.netstatRecvQ(), sk.netstatSendQ()
		if sk.State == Listen {
			sq = int64(sk.backlog)
		}
		rows = append(rows, []string{sk.State.SS(), itoa64(rq), itoa64(sq), netstatAddr(sk.local), netstatAddr(sk.remote)})
	}
	return rows
}
