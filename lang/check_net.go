package lang

import (
	"strings"

	"github.com/tcps-dev/tcps/lang/msg"
)

// The checker of the network and time: link, the faults of the network (drop, delay, ...),
// wait and settle.
// check.go holds the checker itself and what every statement shares.

func checkLink(c *checker, s *stmtCtx) {
	var hs [2]int
	for i := range hs {
		w, ok := s.word(msg.WhatTwoHosts)
		if !ok {
			return
		}
		if hs[i], ok = c.hostNamed(w.text, w.pos); !ok {
			return
		}
	}
	kw, ok := s.word(msg.WhatDelay)
	if !ok {
		return
	}
	if kw.text != "delay" {
		c.errorf(kw.pos, msg.LinkWantDelay, kw.text)
		return
	}
	dw, ok := s.word(msg.WhatDuration)
	if !ok {
		return
	}
	d, err := parseDuration(dw.text)
	if err != nil || d <= 0 {
		if err == nil {
			c.errorf(dw.pos, msg.LinkDelayMin)
		} else {
			c.errorText(dw.pos, msg.Local(c.lang, err))
		}
		return
	}
	s.done()
	c.prog.Stmts = append(c.prog.Stmts, &Link{Pos: s.pos, A: hs[0], B: hs[1], Delay: d})
}

// --- sockets ---

func checkWait(c *checker, s *stmtCtx) {
	w, ok := s.word(msg.WhatWait)
	if !ok {
		return
	}
	d, err := parseDuration(w.text)
	if err != nil {
		c.errorText(w.pos, msg.Local(c.lang, err))
		return
	}
	s.done()
	c.prog.Stmts = append(c.prog.Stmts, &Wait{Pos: s.pos, D: d})
}

func checkSettle(c *checker, s *stmtCtx) {
	s.done()
	c.prog.Stmts = append(c.prog.Stmts, &Settle{Pos: s.pos})
}

// direction reads HOST->HOST.
func (c *checker) direction(s *stmtCtx) (int, int, bool) {
	w, ok := s.word(msg.WhatDirection)
	if !ok {
		return 0, 0, false
	}
	a, b, found := strings.Cut(w.text, "->")
	if !found || a == "" || b == "" {
		c.errorf(w.pos, msg.WantDirection, w.text)
		return 0, 0, false
	}
	from, ok1 := c.hostNamed(a, w.pos)
	bpos := w.pos.Right(runeLen(a) + 2)
	to, ok2 := c.hostNamed(b, bpos)
	if !ok1 || !ok2 {
		return 0, 0, false
	}
	return from, to, true
}

func checkNet(op NetOp) func(c *checker, s *stmtCtx) {
	return func(c *checker, s *stmtCtx) {
		from, to, ok := c.direction(s)
		if !ok {
			s.i = len(s.args)
			return
		}
		n := &Net{Pos: s.pos, Op: op, From: from, To: to}
		if op == NetDeliver || op == NetDrop {
			n.Count = 1
			if w, ok := s.peekWord(); ok && isNum(w.text) {
				s.i++
				v, err := parseCount(w.text)
				if err != nil || v < 1 || v > 1_000_000 {
					c.errorf(w.pos, msg.CountRange, op, w.text)
				}
				n.Count = int(v)
			}
		}
		if op == NetDrop {
			if w, ok := s.peekWord(); ok {
				s.i++
				idx := indexOf(segFilterNames[:], w.text)
				if idx < 0 {
					c.errorf(w.pos, msg.DropKind, strings.Join(segFilterNames[:], ", "), w.text)
				} else {
					n.Filter = SegFilter(idx)
				}
			}
		}
		s.done()
		c.prog.Stmts = append(c.prog.Stmts, n)
	}
}

// --- observation and expectations ---
