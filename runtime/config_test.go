package runtime

import (
	"reflect"
	"testing"
	"time"

	"github.com/tcps-dev/tcps/lang"
)

// TestConfigEverySetting: every setting of lang's table changes the
// Config (so both executors see it), except the checker's and the
// language, which configure no run. A new setting fails here until Apply
// reads it.
func TestConfigEverySetting(t *testing.T) {
	notRun := map[string]bool{"lang": true, "maxstmts": true, "maxhosts": true}
	prog := &lang.Program{Hosts: []*lang.Host{{Name: "A", Of: -1}}}
	for _, s := range lang.Settings {
		c := NewConfig()
		st := &lang.Set{Host: -1, Key: s.Key, Int: 7, Dur: 7 * time.Second}
		if len(s.Words) > 0 {
			st.Word = s.Words[len(s.Words)-1]
		}
		before := *c
		c.Apply(prog, st)
		changed := !reflect.DeepEqual(before, *c)
		if changed == notRun[s.Key] {
			t.Errorf("set %s: Config changed %v", s.Key, changed)
		}
	}
}

// TestConfigSockets: a socket option is 0 (the kernel's default) until a
// set gives it; a machine's own setting wins over the one for all hosts,
// and a process uses its machine's.
func TestConfigSockets(t *testing.T) {
	prog := &lang.Program{Hosts: []*lang.Host{{Name: "A", Of: -1}, {Name: "B", Of: -1}, {Name: "p", Of: 0}}}
	c := NewConfig()
	if got := c.Sockets(0); got != (SocketConfig{}) {
		t.Errorf("before any set: %+v", got)
	}
	c.Apply(prog, &lang.Set{Host: -1, Key: "sndbuf", Int: 500})
	c.Apply(prog, &lang.Set{Host: 2, Key: "rcvbuf", Int: 900}) // the process p: machine A
	c.Apply(prog, &lang.Set{Host: 1, Key: "sndbuf", Int: 800})
	if got, want := c.Sockets(0), (SocketConfig{SndBuf: 500, RcvBuf: 900}); got != want {
		t.Errorf("A: %+v, want %+v", got, want)
	}
	if got, want := c.Sockets(1), (SocketConfig{SndBuf: 800}); got != want {
		t.Errorf("B: %+v, want %+v", got, want)
	}
	c.Apply(prog, &lang.Set{Host: -1, Key: "fin_timeout", Dur: 3 * time.Second})
	c.Apply(prog, &lang.Set{Host: -1, Key: "trace", Word: "calls"})
	if _, d, ok := c.Sysctl("fin_timeout"); !ok || d != 3*time.Second {
		t.Errorf("fin_timeout %v %v", d, ok)
	}
	if n, _, ok := c.Sysctl("somaxconn"); !ok || n != lang.DefaultSomaxconn {
		t.Errorf("somaxconn %v %v", n, ok)
	}
	if _, _, ok := c.Sysctl("sndbuf"); ok {
		t.Error("sndbuf is not a sysctl")
	}
	if c.Trace() != "calls" || c.Delay() != lang.DefaultDelay {
		t.Errorf("trace %q, delay %v", c.Trace(), c.Delay())
	}
}
