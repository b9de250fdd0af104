package lang

import (
	"math"
	"strings"
	"time"

	"github.com/tcps-dev/tcps/lang/msg"
)

// The checker of show and note: what a scenario prints.
// check.go holds the checker itself and what every statement shares.

func checkShow(c *checker, s *stmtCtx) {
	vw, ok := s.word(msg.WhatView.Of(strings.Join(viewNames, ", ")))
	if !ok {
		return
	}
	if !contains(viewNames, vw.text) {
		c.unknownName(vw, msg.UnknownView, msg.ViewsList, viewNames, "tcps help views")
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
		hw, ok := s.word(msg.WhatDemuxHost)
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
		sw, ok := s.word(msg.WhatSrc)
		if !ok {
			return
		}
		from, ok1 := c.endpoint(sw, endpointOpts{hostName: true})
		if aw, ok := s.word(msg.WhatArrow); !ok {
			return
		} else if aw.text != ">" {
			c.errorf(aw.pos, msg.DemuxWantArrow, aw.text)
			return
		}
		dw, ok := s.word(msg.WhatDst)
		if !ok {
			return
		}
		to, ok2 := c.endpoint(dw, endpointOpts{hostName: true})
		if !ok1 || !ok2 {
			return
		}
		sh.From, sh.To = from, to
		if owner, ok := c.prog.HostAt(to.Addr); (!ok || owner != c.prog.Machine(sh.Host)) && !to.Addr.IsLoopback() {
			c.errorf(dw.pos, msg.NotAddrOf, to.Addr, c.prog.Hosts[sh.Host].Name)
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
				c.errorf(w.pos, msg.ShowTakesHost, sh.View)
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
		w, ok := s.word(msg.WhatTimeAfter.Of(kw))
		if !ok {
			return false
		}
		d, err := parseDuration(w.text)
		if err != nil {
			c.errorText(w.pos, msg.Local(c.lang, err))
			return false
		}
		if kw == "from" {
			sh.Since = d
		} else {
			if d < sh.Since {
				c.errorf(w.pos, msg.LadderToBefore, fmtDur(d), fmtDur(sh.Since))
				return false
			}
			sh.Until = d
		}
		sh.Range = true
	}
	return true
}
