package lang

import (
	"fmt"
	goruntime "runtime"
	"strings"
	"testing"
)

// TestSetRaisesLimits: set maxhosts and set maxstmts change the checker's
// limits from their line on, so that a scenario of a million clients
// needs no command-line flag; a limit set lower stops the check as the
// flag would. Out-of-range values are errors.
func TestSetRaisesLimits(t *testing.T) {
	hosts := "repeat 5 as i { host H$i ip 10.0.0.$(i+1) }\n"
	waits := "repeat 3 as i { wait 1ms; wait 1ms }\n"
	for _, c := range []struct {
		name string
		src  string
		l    Limits
		want []string
	}{
		{"hosts raised", "set maxhosts 5\n" + hosts, Limits{MaxHosts: 2}, nil},
		{"hosts lowered", "set maxhosts 2\n" + hosts, Limits{}, []string{`2:22: more than 2 hosts (the limit; raise it with --max-hosts)`}},
		{"hosts from its line on", hosts + "set maxhosts 9\n", Limits{MaxHosts: 2}, []string{`1:22: more than 2 hosts (the limit; raise it with --max-hosts)`}},
		{"statements raised", "set maxstmts 7\n" + waits, Limits{MaxStmts: 3}, nil},
		{"statements lowered", "set maxstmts 3\n" + waits, Limits{}, []string{`2:17: scenario has more than 3 statements after repeat is unrolled (the limit; raise it with --max-stmts)`}},
		{"repeat count", "set maxstmts 100\nrepeat 200 as i { wait 1ms }\n", Limits{}, []string{`2:8: repeat count 200 is over the limit of 100 statements`}},
		{"hosts range", "set maxhosts 2000001\n", Limits{}, []string{`1:14: maxhosts 2000001 is out of range 1-2000000`}},
		{"statements range", "set maxstmts 0\n", Limits{}, []string{`1:14: maxstmts 0 is out of range 1-10000000`}},
	} {
		got := checkLimitErrs(t, c.src, c.l)
		if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
			t.Errorf("%s: got\n%s\nwant\n%s", c.name, strings.Join(got, "\n"), strings.Join(c.want, "\n"))
		}
	}
}

// TestNamesPastShortList: a program's socket names are found the same way
// whether it has named fewer sockets than shortNames (its own list) or
// more (the shared map): by name, the latest socket of that name, and a
// name in use is an error while the socket is open.
func TestNamesPastShortList(t *testing.T) {
	for _, n := range []int{3, shortNames, shortNames + 1, shortNames + 2, 40} {
		var b strings.Builder
		b.WriteString("host S ip 10.0.0.1\nlisten *:80 backlog 100 as L\n")
		for i := range n {
			fmt.Fprintf(&b, "host C%d ip 10.0.1.%d\nconnect S:80 as c\nS.L.accept as a%d\n", i, i+1, i)
		}
		// Every name is found; a0 is reused after it is closed, then in use.
		for i := range n {
			fmt.Fprintf(&b, "S.a%d.write 1\n", i)
		}
		b.WriteString("S.a0.close\nS.L.accept as a0\nS.a0.read 1\nS.L.accept as a0\n")
		_, err := Check("names.tcps", []byte(b.String()))
		if err == nil {
			t.Fatalf("n=%d: the second a0 in use was accepted", n)
		}
		want := "socket name a0 is already in use on S"
		if list := err.(ErrorList); len(list) != 1 || !strings.Contains(list[0].Error(), want) {
			t.Fatalf("n=%d: got %v, want one error %q", n, err, want)
		}
		src := strings.TrimSuffix(b.String(), "S.L.accept as a0\n")
		prog, err := Check("names.tcps", []byte(src))
		if err != nil {
			t.Fatalf("n=%d: %v", n, err)
		}
		// The read acts on the new a0, the last handle.
		var last *Call
		for _, st := range prog.All() {
			if c, ok := st.(*Call); ok {
				last = c
			}
		}
		if last.Op != OpRead || last.Sock.Handle != len(prog.Handles)-1 {
			t.Errorf("n=%d: the read after reusing a0 acts on handle %d, want %d", n, last.Sock.Handle, len(prog.Handles)-1)
		}
	}
}

// TestEstimateCountsHosts: the checker sizes its host tables from what the
// file unrolls to, so that a million hosts are not rehashed twenty times.
// Nested repeats multiply, a count with $ counts once, and both counts are
// capped at the limit they were asked with.
func TestEstimateCountsHosts(t *testing.T) {
	for _, c := range []struct {
		src   string
		limit int
		want  unrolled
	}{
		{"host A ip 10.0.0.1\nlisten *:80\n", 100, unrolled{stmts: 2, hosts: 1}},
		{"repeat 4 as b { repeat 5 as k { host C$b$k ip 10.0.$b.$k\nconnect A:80 } }\n", 100, unrolled{stmts: 40, hosts: 20}},
		{"set n 3\nrepeat $n as k { host C$k ip 10.0.0.$k }\n", 100, unrolled{stmts: 2, hosts: 1}},
		{"repeat 1000 as k { host C$k ip 10.0.0.1\nwait 1ms }\n", 100, unrolled{stmts: 100, hosts: 51}},
		{"repeat 1000000000 as k { host C$k ip 10.0.0.1 }\n", 100, unrolled{stmts: 100, hosts: 100}},
	} {
		items, errs := parse("in.tcps", []byte(c.src), DefaultLimits)
		if errs != nil {
			t.Fatalf("%q: %v", c.src, errs)
		}
		if got := estimate(items, c.limit); got != c.want {
			t.Errorf("%q: estimate = %+v, want %+v", c.src, got, c.want)
		}
	}
}

// TestManyHostsAfterSet: the host tables, made for the two hosts the
// starting limit allows and grown to the estimate when the third host
// (after set maxhosts) fills them, still find every host and address,
// those declared before the growth too.
func TestManyHostsAfterSet(t *testing.T) {
	src := "host S ip 10.1.1.1\nset maxhosts 3002\nrepeat 3000 as k { host C$k ip 10.0.$(k/256).$(k%256) }\n" +
		"C2999.listen *:80\nC0.connect C2999:80\nC0.connect 10.0.11.183:80\nS.listen *:80\nC1.connect S:80\nC2.connect 10.1.1.1:80\n"
	prog, err := CheckLimits("in.tcps", []byte(src), Limits{MaxHosts: 2})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(prog.Hosts); n != 3001 {
		t.Fatalf("%d hosts, want 3001", n)
	}
	if errs := checkLimitErrs(t, src+"C1.connect Nope:80\nhost C17 ip 10.9.9.9\nhost S ip 10.9.9.8\nhost D ip 10.1.1.1\n", Limits{MaxHosts: 2}); len(errs) != 4 {
		t.Errorf("errors = %q, want an unknown host, two duplicate names and a taken address", errs)
	}
}

// TestClaimedHostsCostNothing: the host tables grow to the estimate only
// when declared hosts fill them. A file that claims two million hosts in a
// repeat, raises maxhosts again and again, and stops at the second host
// (a duplicate name) must not make tables for the claim.
func TestClaimedHostsCostNothing(t *testing.T) {
	src := "repeat 200 as k { set maxhosts $(1000000+k*5000) }\nrepeat 2000000 as j { host C ip 10.0.0.1 }\n"
	var before, after goruntime.MemStats
	goruntime.ReadMemStats(&before)
	errs := checkLimitErrs(t, src, Limits{})
	goruntime.ReadMemStats(&after)
	if len(errs) == 0 || !strings.Contains(errs[0], "already declared") {
		t.Fatalf("errors = %q, want C already declared", errs)
	}
	if got := after.TotalAlloc - before.TotalAlloc; got > 32<<20 {
		t.Errorf("the check allocated %d MB for one host", got>>20)
	}
}
