package lang

import (
	"net/netip"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestCallText pins how a call reads in the trace, for every verb and
// every way of naming a socket: a new socket's name, an existing one's,
// a structure number, none, and the accept the checker inserts.
func TestCallText(t *testing.T) {
	src := `host A ip 10.0.0.1
host B ip 10.0.0.2
A.socket as s
A.s.sockopt reuseaddr noreuseport linger 0
A.s.bind *:80
A.s.listen backlog 7
A.listen 10.0.0.1:81 backlog 3 as l2
A.listen *:82 as l3
B.connect A:80 from 10.0.0.2:5000 as c
B.c.write 10
B.c.shutdown wr
A.s.accept as x
host D ip 10.0.0.4
D.listen *:99
D.write 1500
A.x.read 10 waitall
A.x.read 5
A.3.close
B.bind *:90 as b2
B.b2.listen
B.socket
B.2.sockopt reuseport
`
	prog, err := Check("text.tcps", []byte(src))
	if err != nil {
		t.Fatal(Format(err, nil))
	}
	var got []string
	for _, st := range prog.All() {
		if c, ok := st.(*Call); ok {
			got = append(got, prog.CallText(c))
		}
	}
	want := []string{
		"A.s.socket()",
		"A.s.sockopt(reuseaddr, noreuseport, linger 0)",
		"A.s.bind(*:80)",
		"A.s.listen(backlog 7)",
		"A.l2.listen(10.0.0.1:81, backlog 3)",
		"A.l3.listen(*:82)",
		"B.c.connect(10.0.0.1:80)",
		"B.c.write(10)",
		"B.c.shutdown(wr)",
		"A.s.accept()",
		"D.listen(*:99)",
		"D.accept()", // inserted: D has one listener and writes
		"D.write(1500)",
		"A.x.read(10, waitall)",
		"A.x.read(5)",
		"A.3.close()",
		"B.b2.bind(*:90)",
		"B.b2.listen()",
		"B.socket()",
		"B.2.sockopt(reuseport)",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("call texts (-want +got):\n%s", d)
	}
}

// HostAt answers from the checker's table what a search of the hosts
// answers, for a Program made by hand too.
func TestHostAt(t *testing.T) {
	src := "host A ips 10.0.0.1,10.0.0.2\nhost B ip 10.0.0.3\nprocess p on B\nhost C ip 192.168.1.1\n"
	prog, err := Check("at.tcps", []byte(src))
	if err != nil {
		t.Fatal(Format(err, nil))
	}
	byHand := &Program{Hosts: prog.Hosts}
	for _, c := range []struct {
		addr string
		host int
		ok   bool
	}{{"10.0.0.1", 0, true}, {"10.0.0.2", 0, true}, {"10.0.0.3", 1, true}, {"192.168.1.1", 3, true}, {"10.0.0.4", 0, false}, {"127.0.0.1", 0, false}} {
		a := netip.MustParseAddr(c.addr)
		for name, p := range map[string]*Program{"checked": prog, "by hand": byHand} {
			if h, ok := p.HostAt(a); h != c.host || ok != c.ok {
				t.Errorf("%s: HostAt(%s) = %d, %v; want %d, %v", name, c.addr, h, ok, c.host, c.ok)
			}
		}
	}
}
