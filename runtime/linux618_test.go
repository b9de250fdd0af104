package runtime

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// Tests of the eight behaviours of issue #16 where the model followed an
// older Linux or the RFCs: each pins what Linux 6.18 does (measured in
// network namespaces; the kernel suite compares the scenarios under
// scenarios/linux/ against the running kernel).

var synTimes = regexp.MustCompile(`(?m)^t=([0-9]+)\.000ms 10\.0\.0\.2\.\d+ > 10\.0\.0\.1\.80: Flags \[S\]`)

// TestSynLinearTimeouts: tcp_syn_linear_timeouts = 4 keeps the first
// retransmissions one second apart, then doubling; ETIMEDOUT after 10
// retransmissions, at 131 s (the old model: +1, +3, +7 ..., 127 s).
func TestSynLinearTimeouts(t *testing.T) {
	src := "host A ip 10.0.0.1\nlisten *:80\nhost B ip 10.0.0.2\ndrop B->A 20 syn\nconnect A:80 as c expect ETIMEDOUT\n"
	_, trace := run(t, src)
	var got []string
	for _, m := range synTimes.FindAllStringSubmatch(trace, -1) {
		got = append(got, m[1])
	}
	want := "0 1000 2000 3000 4000 5000 7000 11000 19000 35000 67000"
	if strings.Join(got, " ") != want {
		t.Errorf("SYNs at %v ms, want %s\n%s", got, want, trace)
	}
	if !strings.Contains(trace, "t=131000.000ms B.c.connect(10.0.0.1:80) = -1 ETIMEDOUT") {
		t.Errorf("connect should fail at 131 s:\n%s", trace)
	}
	// The setting changes it: 0 is the old doubling from the start.
	_, trace = run(t, "set syn_linear_timeouts 0\n"+src)
	if !strings.Contains(trace, "t=127000.000ms B.c.connect(10.0.0.1:80) = -1 ETIMEDOUT") {
		t.Errorf("syn_linear_timeouts 0: connect should fail at 127 s:\n%s", trace)
	}
}

// TestListenRechecksBind: SO_REUSEADDR lets *:99 and 10.1.2.3:99 both
// bind; the second listen fails with EADDRINUSE, as Linux's listen checks
// the bind conflicts again (the old model let both listen).
func TestListenRechecksBind(t *testing.T) {
	res, trace := run(t, `host A ips 10.1.2.3,192.168.3.2
A.bind *:99 reuseaddr as w
A.bind 10.1.2.3:99 reuseaddr as s
A.w.listen expect 0
A.s.listen expect EADDRINUSE
`)
	if res.Failures != 0 {
		t.Fatalf("failures %d:\n%s", res.Failures, trace)
	}
}

var closeWaitRow = regexp.MustCompile(`tcp +(\d+) +\d+ 10\.0\.0\.1:80 +\S+ +CLOSE_WAIT`)

// TestCloseWaitRecvQ: a FIN behind unread data is consumed by the read of
// the last bytes (Recv-Q 0 at once); a FIN after the data was read counts
// one until read returns 0 (the old model showed 1 in both).
func TestCloseWaitRecvQ(t *testing.T) {
	_, trace := run(t, pair+"B.c.write 100\nB.c.close\nsettle\nA.s.read 100 expect 100\nshow netstat A\n")
	if m := closeWaitRow.FindStringSubmatch(trace); m == nil || m[1] != "0" {
		t.Errorf("FIN behind the data: want Recv-Q 0 after the read, got %v:\n%s", m, trace)
	}
	_, trace = run(t, pair+"B.c.write 100\nsettle\nA.s.read 100 expect 100\nB.c.close\nsettle\nshow netstat A\n")
	if m := closeWaitRow.FindStringSubmatch(trace); m == nil || m[1] != "1" {
		t.Errorf("FIN after the data was read: want Recv-Q 1, got %v:\n%s", m, trace)
	}
}

// TestAbortiveResetCarriesWindow: the RST of close with unread data (and
// of linger 0) carries the current window, as Linux's
// tcp_send_active_reset does; the old model sent win 0.
func TestAbortiveResetCarriesWindow(t *testing.T) {
	_, trace := run(t, pair+"B.c.write 1000\nsettle\nA.s.close\nsettle\n")
	if !strings.Contains(trace, "Flags [R.], seq 1, ack 1001, win 64536, length 0") {
		t.Errorf("close with 1000 unread bytes: want RST with win 64536:\n%s", trace)
	}
	// A RST that answers a segment reaching no structure still has win 0.
	_, trace = run(t, "host A ip 10.0.0.1\nhost B ip 10.0.0.2\nconnect A:80 as c expect ECONNREFUSED\n")
	if !strings.Contains(trace, "Flags [R.], seq 0, ack 1, win 0, length 0") {
		t.Errorf("refused connect: want RST with win 0:\n%s", trace)
	}
}

// runFile runs a scenario of the repository and fails on a failed expect.
func runFile(t *testing.T, path string) string {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	res, trace := run(t, string(src))
	if res.Failures != 0 || res.Deadlocks != 0 {
		t.Errorf("%s: failures %d, deadlocks %d:\n%s", path, res.Failures, res.Deadlocks, trace)
	}
	return trace
}

// TestCloseWaitReset: data written in CLOSE_WAIT to an orphaned FIN_WAIT2
// is answered with a bare RST (seq = its ACK, no ACK flag); that RST in
// CLOSE_WAIT makes read return 0 and write fail with EPIPE. The old model
// sent [R.] with an ACK and reported ECONNRESET.
func TestCloseWaitReset(t *testing.T) {
	trace := runFile(t, "../scenarios/linux/close-wait-reset.tcps")
	if !strings.Contains(trace, "10.0.0.2.32768 > 10.0.0.1.80: Flags [R], seq 2, win 0, length 0") {
		t.Errorf("want a bare RST with seq 2:\n%s", trace)
	}
}

// TestProbeAnswersRateLimited: Linux answers out-of-window segments such as
// zero-window probes at most once per tcp_invalid_ratelimit (500 ms): the
// probe 400 ms after the first gets no answer. The old model answered
// every probe; invalid_ratelimit 0 does that again.
func TestProbeAnswersRateLimited(t *testing.T) {
	src := "set rcvbuf 2000\n" + pair + "B.c.write 5000\nwait 1s\n"
	_, trace := run(t, src)
	for _, want := range []string{
		"t=207.000ms 10.0.0.2.32768 > 10.0.0.1.80: Flags [.], seq 2000, ack 1, win 2000, length 0 (zero-window probe)\n" +
			"t=208.000ms 10.0.0.1.80 > 10.0.0.2.32768: Flags [.], ack 2001, win 0, length 0\n",
		"t=608.000ms A.1: no answer to the out-of-window segment: one was answered less than 500ms ago (tcp_invalid_ratelimit)\n",
	} {
		if !strings.Contains(trace, want) {
			t.Errorf("trace lacks %q:\n%s", want, trace)
		}
	}
	if strings.Contains(trace, "t=608.000ms 10.0.0.1.80 > 10.0.0.2.32768") {
		t.Errorf("the probe at 607 ms was answered:\n%s", trace)
	}
	_, trace = run(t, "set invalid_ratelimit 0\n"+src)
	if !strings.Contains(trace, "t=608.000ms 10.0.0.1.80 > 10.0.0.2.32768: Flags [.], ack 2001, win 0, length 0") {
		t.Errorf("invalid_ratelimit 0: the probe at 607 ms should be answered:\n%s", trace)
	}
}

// TestSynCookies: Linux bounds the pending handshakes by the backlog and
// answers the SYNs beyond with cookies: no SYN_RECV structure, no SYN-ACK
// retransmission; the ACK that returns a cookie makes the connection when
// the accept queue has room. The old model kept a SYN_RECV structure for
// every SYN and retransmitted its SYN-ACK.
func TestSynCookies(t *testing.T) {
	trace := runFile(t, "../scenarios/linux/syn-cookies.tcps")
	for _, want := range []string{
		"S.0: SYN from 10.0.0.5:32768 answered with a SYN cookie: 4 handshakes pending (backlog 3); no structure is kept",
		"S.0: ACK from 10.0.0.6:32768 returns a SYN cookie, dropped: accept queue full (4 of 4)",
		"S.0: ACK from 10.0.0.5:32768 returns a valid SYN cookie: the connection is made now",
	} {
		if !strings.Contains(trace, want) {
			t.Errorf("trace lacks %q:\n%s", want, trace)
		}
	}
	if strings.Contains(trace, "(retransmission)") {
		t.Errorf("something was retransmitted:\n%s", trace)
	}
	// listen(0): the second SYN, before the first final ACK, gets a cookie;
	// the server keeps no row for it, the client is connected.
	res, trace := run(t, `host S ip 10.1.2.3
listen *:99 backlog 0 as L
host C1 ip 10.0.0.1
connect S:99 as c
host C2 ip 10.0.0.2
connect S:99 as c
settle
expect C2.c state ESTABLISHED
expect S sockets 2
expect S.L acceptq 1
`)
	if res.Failures != 0 || strings.Contains(trace, "(retransmission)") ||
		!strings.Contains(trace, "S.0: SYN from 10.0.0.2:32768 answered with a SYN cookie: 1 handshake pending (backlog 0)") {
		t.Errorf("listen(0), two SYNs: failures %d:\n%s", res.Failures, trace)
	}
	// syncookies 0: the SYN is dropped, and the client retries it.
	_, trace = run(t, "set syncookies 0\nhost S ip 10.1.2.3\nlisten *:99 backlog 0 as L\nhost C1 ip 10.0.0.1\nconnect S:99 as c\nhost C2 ip 10.0.0.2\nconnect S:99 as c\nwait 100ms\n")
	if !strings.Contains(trace, "S.0: SYN from 10.0.0.2:32768 dropped: 1 handshake pending (backlog 0), syncookies 0") {
		t.Errorf("syncookies 0: the second SYN should be dropped:\n%s", trace)
	}
}
