// Package langtest generates the large scenarios that the benchmarks of
// lang and runtime share: a long file of plain statements for the parser
// and checker, and many clients against one listener for the model.
package langtest

import (
	"fmt"
	"strings"
)

// ipOf is a distinct address per index, never 0.0.0.0 or in 127/8.
func ipOf(k int) string {
	k++
	return fmt.Sprintf("10.%d.%d.%d", k>>16&255, k>>8&255, k&255)
}

// Lines writes a scenario of exactly lines lines, every one a statement or
// a comment, with no repeat: pairs of hosts, each pair a server and a
// client that connect, exchange data, wait and check. It uses most verbs,
// host-qualified and bare calls, named sockets, inline expectations and
// the implicit-accept rule.
func Lines(lines int) []byte {
	var b strings.Builder
	b.Grow(lines * 32)
	n := 0
	emit := func(format string, args ...any) {
		if n < lines {
			fmt.Fprintf(&b, format, args...)
			b.WriteByte('\n')
			n++
		}
	}
	emit("set trace none")
	emit("set mss 1460")
	for i := 0; n < lines; i++ {
		s, c := 2*i, 2*i+1
		emit("# pair %d: a server, a client, 1000 bytes each way", i)
		emit("host S%d ip %s", i, ipOf(s))
		emit("listen *:80 backlog 5 as L")
		emit("host C%d ip %s sndbuf 4K", i, ipOf(c))
		emit("connect S%d:80 as c expect ok", i)
		emit("C%d.c.write 1000", i)
		emit("S%d.L.accept as s", i)
		emit("S%d.s.read 1000", i)
		emit("wait 1ms")
		emit("expect C%d.c sendq 0", i)
	}
	return []byte(b.String())
}

// Clients is the scale scenario: n clients, each on its own host, connect
// to one listener; with write, each writes 100 bytes. The server accepts
// every connection and the run settles. Where the default limits are too
// small (over 199,999 clients), the scenario raises them with set lines
// of its own: hosts, statements, socket structures. Over 4,096 clients it
// raises somaxconn and the backlog to n, at most 65,535 (listen's
// largest), as a Linux admin would (net.core.somaxconn): the clients
// connect at once.
func Clients(n int, write bool) []byte {
	w := "  write 100\n"
	if !write {
		w = ""
	}
	var limits strings.Builder
	if hosts := n + 1; hosts > 200_000 {
		fmt.Fprintf(&limits, "set maxhosts %d\n", hosts)
	}
	if stmts := 4*n + n/65535 + 64; stmts > 2_000_000 { // 4 a client, a settle a batch, a few more
		fmt.Fprintf(&limits, "set maxstmts %d\n", stmts)
	}
	if socks := 2*n + 1; socks > 1_000_000 {
		fmt.Fprintf(&limits, "set maxsockets %d\n", socks)
	}
	backlog := 4096
	if n > backlog {
		backlog = min(n, 65535)
		fmt.Fprintf(&limits, "set somaxconn %d\n", backlog)
	}
	// Client addresses 10.1.0.0 upward; $(i%256+1) would reach .256.
	client := "  host C$i ip 10.$(i/65536+1).$(i/256%256).$(i%256)\n  connect S:80 as c\n" + w + "  S.L.accept\n"
	body := fmt.Sprintf("repeat %d as i {\n%s}\n", n, client)
	if n > 65535 {
		// More clients than the largest backlog: connecting all at once
		// would overflow the accept queue (Linux drops the final ACKs),
		// so they come in equal batches of at most 65,535, each settled
		// before the next.
		batches := (n + 65534) / 65535
		for n%batches != 0 {
			batches++
		}
		size := n / batches
		client = strings.ReplaceAll(client, "$i", fmt.Sprintf("$(b*%d+k)", size))
		client = strings.ReplaceAll(client, "$(i/", fmt.Sprintf("$((b*%d+k)/", size))
		client = strings.ReplaceAll(client, "$(i%", fmt.Sprintf("$((b*%d+k)%%", size))
		client = strings.ReplaceAll(client, "\n  ", "\n    ")
		body = fmt.Sprintf("repeat %d as b {\n  repeat %d as k {\n  %s  }\n  settle\n}\n", batches, size, client)
	}
	return []byte(fmt.Sprintf(`%sset trace none
host S ip 192.168.0.1
listen *:80 backlog %d as L
%ssettle
expect S sockets %d
`, limits.String(), backlog, body, n+1))
}
