package lang

import (
	"fmt"
	"strings"
	"testing"
)

// TestThreadSharesDescriptors checks the thread contract: a thread is a
// host entry with its own calls whose Prog is its program's, names resolve
// through the program in calls, show and expect, sockets it creates are
// the program's, and bare calls after it are its own.
func TestThreadSharesDescriptors(t *testing.T) {
	src := `host A ip 10.0.0.1
listen *:9000 as L
accept as s
host B ip 10.0.0.2
connect A:9000 as c
process P on B
thread reader of A
reader.s.read 1500 waitall
read 10
thread pt of P
P.connect A:9000 as pc
pt.pc.write 5
thread bw of B
bw.c.write 7
reader.L.accept as s2
A.s2.write 3
expect reader blocked
expect reader.s state ESTABLISHED
show queues reader.s
reader.s.close
A.listen *:9001 as s
`
	prog, err := Check("t.tcps", []byte(src))
	if err != nil {
		t.Fatal(Format(err, nil))
	}
	idx := map[string]int{}
	for _, h := range prog.Hosts {
		idx[h.Name] = h.Index
	}
	for _, c := range []struct {
		name     string
		of, prog string
	}{
		{"A", "", "A"}, {"B", "", "B"}, {"P", "B", "P"},
		{"reader", "A", "A"}, {"pt", "B", "P"}, {"bw", "B", "B"},
	} {
		h := prog.Hosts[idx[c.name]]
		wantOf := -1
		if c.of != "" {
			wantOf = idx[c.of]
		}
		if h.Of != wantOf || h.Prog != idx[c.prog] || prog.ProgramOf(h.Index) != idx[c.prog] {
			t.Errorf("%s: Of=%d Prog=%d ProgramOf=%d, want Of=%d Prog=%d", c.name, h.Of, h.Prog, prog.ProgramOf(h.Index), wantOf, idx[c.prog])
		}
		if h.IsThread() != (c.name == "reader" || c.name == "pt" || c.name == "bw") {
			t.Errorf("%s: IsThread() = %v", c.name, h.IsThread())
		}
	}
	handle := map[string]int{}
	for _, h := range prog.Handles {
		if h.Name != "" {
			handle[h.Name] = h.Index // the latest of a name
		}
	}
	var calls []string
	for _, st := range prog.All() {
		switch st := st.(type) {
		case *Call:
			txt := prog.CallText(st)
			if st.Sock.Handle >= 0 {
				txt += " on " + prog.Hosts[prog.Handles[st.Sock.Handle].Host].Name + "'s"
			}
			calls = append(calls, txt)
		case *Expect:
			if st.Prop == PropBlocked && st.Host != idx["reader"] {
				t.Errorf("expect reader blocked: Host = %d, want the thread %d", st.Host, idx["reader"])
			}
			if st.Prop == PropState && (st.Host != idx["reader"] || st.Sock.Handle != handle0(prog, "s")) {
				t.Errorf("expect reader.s state: Host %d Sock %+v, want the thread and A's s", st.Host, st.Sock)
			}
		case *Show:
			if st.Host != idx["reader"] || st.Sock.Handle != handle0(prog, "s") {
				t.Errorf("show queues reader.s: Host %d Sock %+v, want the thread and A's s (handle 2)", st.Host, st.Sock)
			}
		}
	}
	want := []string{
		"A.L.listen(*:9000)",
		"A.L.accept() on A's",
		"B.c.connect(10.0.0.1:9000)",
		"reader.s.read(1500, waitall) on A's",
		"reader.s.read(10) on A's", // bare: the thread, A's only connected socket
		"P.pc.connect(10.0.0.1:9000)",
		"pt.pc.write(5) on P's",
		"bw.c.write(7) on B's",
		"reader.L.accept() on A's",
		"A.s2.write(3) on reader's", // created by the thread, used by A
		"reader.s.close() on A's",
		"A.s.listen(*:9001)", // the name is free again: closed by the thread
	}
	if strings.Join(calls, "\n") != strings.Join(want, "\n") {
		t.Errorf("calls:\n%s\nwant:\n%s", strings.Join(calls, "\n"), strings.Join(want, "\n"))
	}
	if h := prog.Handles[handle["s2"]]; h.Host != idx["reader"] || prog.ProgramOf(h.Host) != idx["A"] {
		t.Errorf("s2: Host %d (program %d), want the thread %d of A %d", h.Host, prog.ProgramOf(h.Host), idx["reader"], idx["A"])
	}
}

// handle0 is the first handle named name.
func handle0(p *Program, name string) int {
	for _, h := range p.Handles {
		if h.Name == name {
			return h.Index
		}
	}
	return -1
}

// TestHostNamedDeadlock: expect deadlock alone is the deadlock
// expectation; with more words, deadlock is a host like any other.
func TestHostNamedDeadlock(t *testing.T) {
	prog, err := Check("d.tcps", []byte("host deadlock ip 10.0.0.1\nlisten *:80 as s\nexpect deadlock blocked\nexpect deadlock.s state LISTEN\nexpect deadlock idle\nexpect deadlock\n"))
	if err != nil {
		t.Fatal(Format(err, nil))
	}
	var got []string
	for _, st := range prog.All() {
		if e, ok := st.(*Expect); ok {
			got = append(got, fmt.Sprintf("%s host=%d sock=%d", e.Prop, e.Host, e.Sock.Handle))
		}
	}
	want := "blocked host=0 sock=-1|state host=0 sock=0|idle host=0 sock=-1|deadlock host=-1 sock=-1"
	if strings.Join(got, "|") != want {
		t.Errorf("got %s\nwant %s", strings.Join(got, "|"), want)
	}
	wantErrs(t, "host A ip 10.0.0.1\nexpect deadlock blocked\n", `2:17: unexpected "blocked": expect deadlock takes nothing after it (and no host is named deadlock)`)
}
