package lang

import (
	"fmt"
	"strings"
	"testing"
)

// TestCallEnds checks the addresses of bind, listen and connect: each
// call reads its own, calls with the same two addresses share one Ends,
// and a call without addresses has none.
func TestCallEnds(t *testing.T) {
	src := `host S ip 10.0.0.1
host T ip 10.0.0.9
S.listen *:80 as L
host A ip 10.0.0.2
connect S:80 as c
host B ip 10.0.0.3
connect S:80 as c
connect T:81 from 10.0.0.3:5000 as d
B.c.write 10
`
	prog, err := Check("ends.tcps", []byte(src))
	if err != nil {
		t.Fatal(Format(err, nil))
	}
	var calls []*Call
	for _, st := range prog.All() {
		if c, ok := st.(*Call); ok {
			calls = append(calls, c)
		}
	}
	if len(calls) != 5 {
		t.Fatalf("%d calls, want 5", len(calls))
	}
	listen, ca, cb, d, write := calls[0], calls[1], calls[2], calls[3], calls[4]
	got := []string{
		listen.Local().String(), listen.Remote().String(),
		ca.Local().String(), ca.Remote().String(),
		d.Local().String(), d.Remote().String(),
		write.Local().String(), write.Remote().String(),
	}
	want := []string{"*:80", "*:*", "*:*", "10.0.0.1:80", "10.0.0.3:5000", "10.0.0.9:81", "*:*", "*:*"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("endpoints %v, want %v", got, want)
	}
	if ca.Ends == nil || ca.Ends != cb.Ends {
		t.Errorf("two connects to S:80 do not share their Ends (%p, %p)", ca.Ends, cb.Ends)
	}
	if d.Ends == ca.Ends {
		t.Error("a connect to T:81 shares the Ends of a connect to S:80")
	}
	if write.Ends != nil {
		t.Errorf("write has Ends %+v", *write.Ends)
	}
}

// TestCallEndsUnshared checks that calls past the sharing table's bound
// still get their own, right addresses.
func TestCallEndsUnshared(t *testing.T) {
	var b strings.Builder
	b.WriteString("set maxhosts 10000\nhost S ip 10.0.0.1\nS.listen *:80 backlog 5 as L\n")
	n := maxSharedEnds + 10
	for i := range n {
		fmt.Fprintf(&b, "host C%d ip 10.1.%d.%d\nconnect S:80 from 10.1.%d.%d:%d as c\n", i, i/256, i%256, i/256, i%256, 1000+i)
	}
	prog, err := Check("unshared.tcps", []byte(b.String()))
	if err != nil {
		t.Fatal(Format(err, nil))
	}
	i := 0
	for _, st := range prog.All() {
		c, ok := st.(*Call)
		if !ok || c.Op != OpConnect {
			continue
		}
		if want := fmt.Sprintf("10.1.%d.%d:%d", i/256, i%256, 1000+i); c.Local().String() != want || c.Remote().String() != "10.0.0.1:80" {
			t.Fatalf("connect %d: %v -> %v, want %s -> 10.0.0.1:80", i, c.Local(), c.Remote(), want)
		}
		i++
	}
	if i != n {
		t.Fatalf("%d connects, want %d", i, n)
	}
}
