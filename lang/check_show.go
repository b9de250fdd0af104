package lang

import (
	"math"
	"strings"
	"time"
)

// The checker of show and note: what a scenario prints.
// check.go holds the checker itself and what every statement shares.

func checkShow(c *checker, s *stmtCtx) {
	vw, ok := s.word("a view: " + strings.Join(viewNames, ", "))
	if !ok {
		return
	}
	if !contains(viewNames, vw.text) {
		msg := "unknown view " + strconvQuote(vw.text)
		if sug := suggest(vw.text, viewNames); sug != "" {
			msg += "; did you mean " + sug + "?"
		} else {
			msg += " (views: " + capList(viewNames, "tcps help views") + ")"
		}
		c.errorf(vw.pos, "%s", msg)
		return
	}
	sh := &Show{Pos: s.pos, View: View(vw.text), Host: -1, Sock: NoSock}
	switch sh.View {
	case ViewTime, ViewPackets:
	case ViewLadder:
		if !c.ladderRange(s, sh) {
			return
		}
	case ViewDemux:
		hw, ok := s.word("a host: show demux HOST SRC > DST")
		if !ok {
			return
		}
		if sh.Host, ok = c.hostNamed(hw.text, hw.pos); !ok {
			s.i = len(s.args)
			return
		}
		if s.keyword("all") {
			sh.Every = true
			break
		}
		sw, ok := s.word("the packet's source IP:PORT")
		if !ok {
			return
		}
		from, ok1 := c.endpoint(sw, endpointOpts{hostName: true})
		if aw, ok := s.word(">"); !ok {
			return
		} else if aw.text != ">" {
			c.errorf(aw.pos, "show demux: want > between source and destination, not %q", aw.text)
			return
		}
		dw, ok := s.word("the packet's destination IP:PORT")
		if !ok {
			return
		}
		to, ok2 := c.endpoint(dw, endpointOpts{hostName: true})
		if !ok1 || !ok2 {
			return
		}
		sh.From, sh.To = from, to
		if owner, ok := c.addrs[to.Addr]; (!ok || owner != c.prog.Machine(sh.Host)) && !to.Addr.IsLoopback() {
			c.errorf(dw.pos, "%s is not an address of host %s", to.Addr, c.prog.Hosts[sh.Host].Name)
		}
		sh.Flags = "S"
	default:
		if w, ok := s.peekWord(); ok {
			s.i++
			h, ref, ok := c.target(w)
			if !ok {
				return
			}
			if ref != NoSock && sh.View != ViewQueues && sh.View != ViewWindows {
				c.errorf(w.pos, "show %s takes a host, not a socket", sh.View)
				return
			}
			sh.Host, sh.Sock = h, ref
		}
	}
	s.done()
	c.prog.Stmts = append(c.prog.Stmts, sh)
}

func checkNote(c *checker, s *stmtCtx) {
	var parts []string
	for _, a := range s.args {
		parts = append(parts, joinWords(a.words))
	}
	c.prog.Stmts = append(c.prog.Stmts, &Note{Pos: s.pos, Text: strings.Join(parts, " ")})
}

// ladderRange reads show ladder's optional [from DURATION] [to DURATION].
func (c *checker) ladderRange(s *stmtCtx, sh *Show) bool {
	sh.Until = time.Duration(math.MaxInt64)
	for _, kw := range []string{"from", "to"} {
		if !s.keyword(kw) {
			continue
		}
		w, ok := s.word("a time after " + kw + " such as 3ms")
		if !ok {
			return false
		}
		d, err := parseDuration(w.text)
		if err != nil {
			c.errorf(w.pos, "%v", err)
			return false
		}
		if kw == "from" {
			sh.Since = d
		} else {
			if d < sh.Since {
				c.errorf(w.pos, "show ladder: to %s is before from %s", fmtDur(d), fmtDur(sh.Since))
				return false
			}
			sh.Until = d
		}
		sh.Range = true
	}
	return true
}
