package runtime

import "testing"

// TestTransmitFromPeer checks the host a structure remembers for the
// address it sends to: found once, kept while the address is the same,
// looked up again when the address changes (a new connect), and -1 (the
// segment is lost) for an address no host owns.
func TestTransmitFromPeer(t *testing.T) {
	s := New(mustCheck(t, []byte("host A ip 10.0.0.1\nhost B ip 10.0.0.2\nhost C ip 10.0.0.3\n")), Options{})
	a, b, c := s.hosts[0], s.hosts[1], s.hosts[2]
	sk := a.newSocket()
	send := func(dst Addr) int32 {
		s.transmitFrom(sk, &Segment{SrcIP: a.Addrs()[0], DstIP: dst, SrcPort: 1, DstPort: 2, Flags: SYN, From: int32(a.Index)})
		return sk.peer.host
	}
	for _, step := range []struct {
		dst  Addr
		want int32
	}{
		{b.Addrs()[0], int32(b.Index)},
		{b.Addrs()[0], int32(b.Index)},
		{c.Addrs()[0], int32(c.Index)},
		{loopback, int32(a.Index)},
		{Addr(10<<24 | 99), -1},
		{b.Addrs()[0], int32(b.Index)},
	} {
		if got := send(step.dst); got != step.want || got != s.hostOf(int32(a.Index), step.dst) {
			t.Errorf("to %v: host %d, want %d", step.dst, got, step.want)
		}
	}
	if s.arrivals != 5 {
		t.Errorf("%d segments on their way, want 5 (one to no host)", s.arrivals)
	}
}
