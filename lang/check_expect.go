package lang

import (
	"strings"

	"github.com/tcps-dev/tcps/lang/msg"
)

// The checker of expect: what a scenario asserts about hosts and sockets, and the names of
// connection states.
// check.go holds the checker itself and what every statement shares.

// StateNames are the connection states as netstat prints them.
var StateNames = []string{"LISTEN", "SYN_SENT", "SYN_RECV", "ESTABLISHED", "FIN_WAIT1", "FIN_WAIT2", "CLOSE_WAIT",
	"CLOSING", "LAST_ACK", "TIME_WAIT", "CLOSE"}

// CanonicalState maps any of the tools' spellings of a state (RFC 9293,
// netstat, ss) to netstat's, or "" when s names no state.
func CanonicalState(s string) string {
	u := strings.ToUpper(strings.ReplaceAll(s, "-", "_"))
	switch u {
	case "ESTAB":
		return "ESTABLISHED"
	case "SYN_RECEIVED":
		return "SYN_RECV"
	case "FIN_WAIT_1":
		return "FIN_WAIT1"
	case "FIN_WAIT_2":
		return "FIN_WAIT2"
	case "CLOSED", "UNCONN":
		return "CLOSE"
	case "SYN_RCVD": // BSD's netstat
		return "SYN_RECV"
	}
	if contains(StateNames, u) {
		return u
	}
	return ""
}

// stateWords are words people write for a state that no tool prints.
var stateWords = map[string]string{"CONNECTED": "ESTABLISHED", "OPEN": "ESTABLISHED", "LISTENER": "LISTEN"}

// suggestState is the state a misspelt one most likely means: the same
// letters without _ and - (timewait), a state the word starts with or that
// starts with it (listening), a common word (connected), or a near miss.
func suggestState(w string) string {
	squash := func(s string) string {
		return strings.NewReplacer("_", "", "-", "", " ", "").Replace(strings.ToUpper(s))
	}
	u := squash(w)
	if s, ok := stateWords[u]; ok {
		return s
	}
	for _, s := range StateNames {
		if q := squash(s); q == u || (len(u) >= 4 && len(q) >= 4 && (strings.HasPrefix(u, q) || strings.HasPrefix(q, u))) {
			return s
		}
	}
	return suggest(strings.ToUpper(strings.ReplaceAll(w, "-", "_")), StateNames)
}

func checkExpect(c *checker, s *stmtCtx) {
	tw, ok := s.word(msg.WhatExpect)
	if !ok {
		return
	}
	e := &Expect{Pos: s.pos, Host: -1, Sock: NoSock, Written: tw.text}
	// expect deadlock alone is the deadlock expectation; followed by more,
	// deadlock is a host's name.
	if _, isHost := c.hosts.get(tw.text); tw.text == "deadlock" && (!s.more() || !isHost) {
		if s.more() {
			a := s.args[s.i]
			c.errorf(a.pos, msg.DeadlockTakesNil, c.describeArg(a))
			return
		}
		e.Prop = PropDeadlock
		c.prog.Stmts = append(c.prog.Stmts, e)
		return
	}
	h, ref, ok := c.target(tw)
	if !ok {
		s.i = len(s.args)
		return
	}
	e.Host, e.Sock = h, ref
	pw, ok := s.word(msg.WhatProperty.Of(strings.Join(propNames, ", ")))
	if !ok {
		return
	}
	if !contains(propNames, pw.text) {
		c.unknownName(pw, msg.UnknownProperty, msg.PropertiesList, propNames, "tcps help properties")
		return
	}
	e.Prop = Prop(pw.text)
	doc := propDoc(e.Prop)
	hostProp := doc.Of == "host"
	if hostProp && ref != NoSock {
		c.errorf(pw.pos, msg.HostProperty, e.Prop, c.prog.Hosts[h].Name)
		return
	}
	if hostProp && doc.Value == "" {
		s.done()
		c.prog.Stmts = append(c.prog.Stmts, e)
		return
	}
	if !hostProp && ref == NoSock {
		// HOST PROPERTY: the host's only socket of the fitting kind.
		op := OpRead
		if e.Prop == PropAcceptQ {
			op = OpAccept
		} else if e.Prop == PropState {
			op = OpClose
		}
		s.host = h
		s.verb = &Verb{Name: "expect " + string(e.Prop)}
		if e.Sock, ok = c.resolve(s, op); !ok {
			s.i = len(s.args)
			return
		}
	}
	vw, ok := s.word(msg.WhatExpected)
	if !ok {
		return
	}
	e.Word = vw.text
	if e.Prop == PropState {
		e.State = CanonicalState(vw.text)
		if e.State == "" {
			text := msg.UnknownState.In(c.lang, strconvQuote(vw.text))
			if sug := suggestState(vw.text); sug != "" {
				text += msg.DidYouMean.In(c.lang, sug)
			}
			c.errorf(vw.pos, msg.StatesList, text, strings.Join(StateNames, ", "))
			return
		}
	} else {
		n, err := parseSize(vw.text)
		if err != nil {
			c.errorf(vw.pos, msg.Prefixed, "expect "+string(e.Prop), err)
			return
		}
		e.Int = n
	}
	s.done()
	c.prog.Stmts = append(c.prog.Stmts, e)
}

// --- helpers ---
