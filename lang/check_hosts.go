package lang

import (
	"strings"

	"github.com/tcps-dev/tcps/lang/msg"
)

// The checker of hosts and settings: host, process, thread and set.
// check.go holds the checker itself and what every statement shares.

// addHost registers a host or process and makes it the host of the bare
// calls that follow.
func (c *checker) addHost(h *Host, pos Pos) {
	if len(c.prog.Hosts) == cap(c.prog.Hosts) {
		c.reserveHosts(min(c.est.hosts, c.limits.MaxHosts))
	}
	c.hosts.put(h.Name, h.Index)
	c.hostIdx.add(h.Name)
	c.prog.Hosts = append(c.prog.Hosts, h)
	c.open = append(c.open, openHandles{})
	c.cur = h.Index
	c.prog.Stmts = append(c.prog.Stmts, c.decls.new(HostDecl{Pos: pos, Host: h.Index}))
}

// hostVerb declares a host; estimate counts it to size the host tables.
const hostVerb = "host"

// firstHosts is the most host slots the checker makes before the file
// has declared them. The estimate is a guess from repeat counts, and a
// file may claim a million hosts and stop at the second; the tables grow
// to the estimate only when the hosts declared fill these (addHost).
const firstHosts = 1 << 12

// reserveHosts gives the tables that grow with every host room for n,
// copying what they hold: a million hosts would otherwise grow each slice
// and table twenty times over, copying or rehashing every entry, and
// leave the old ones as garbage. With n no larger than what they hold,
// nothing happens and they grow as usual.
func (c *checker) reserveHosts(n int) {
	if c.hosts != nil && n <= cap(c.prog.Hosts) { // nil: the first call makes the tables
		return
	}
	if c.hosts == nil {
		c.hosts, c.prog.addrs = newHostNames(n), newAddrTable(n)
	} else {
		c.hosts.grow(n)
		c.prog.addrs.grow(n)
	}
	c.prog.Hosts = append(make([]*Host, 0, n), c.prog.Hosts...)
	c.open = append(make([]openHandles, 0, n), c.open...)
	c.hostIdx.names = append(make([]string, 0, n), c.hostIdx.names...)
}

func checkHost(c *checker, s *stmtCtx) {
	nw, ok := c.newName(s, msg.KindHost, msg.KindHostName)
	if !ok {
		return
	}
	name := nw.text
	kw, ok := s.word(msg.WhatIP)
	if !ok {
		return
	}
	if kw.text != "ip" && kw.text != "ips" {
		c.errorf(kw.pos, msg.WantIPKeyword, name, kw.text)
		return
	}
	if !s.more() || s.args[s.i].str {
		c.errorf(s.endPos(), msg.NeedsAddress, name)
		return
	}
	h := c.hostSlab.new(Host{Index: len(c.prog.Hosts), Name: name, Pos: nw.pos, Of: -1, Prog: len(c.prog.Hosts)})
	for _, w := range s.args[s.i].words {
		a, err := parseIP(w.text)
		if err != nil {
			c.errorText(w.pos, msg.Local(c.lang, err))
			continue
		}
		if a.IsLoopback() {
			c.errorf(w.pos, msg.LoopbackOwned)
			continue
		}
		// The map finds duplicates in the list too: a host may list
		// 100,000 addresses.
		if other, taken := c.prog.HostAt(a); taken && other == h.Index {
			c.errorf(w.pos, msg.ListedTwice, a)
			continue
		} else if taken {
			c.errorf(w.pos, msg.AddrTaken, a, c.prog.Hosts[other].Name)
			continue
		}
		c.prog.addrs.put(a.As4(), h.Index)
		h.Addrs = append(h.Addrs, a)
	}
	s.i++
	c.addHost(h, s.pos)
	for s.more() {
		kw, ok := s.word(msg.WhatSetting)
		if !ok {
			return
		}
		c.setting(s, kw, h.Index)
	}
}

func checkProcess(c *checker, s *stmtCtx) {
	nw, ok := c.newName(s, msg.KindProcess, msg.KindProcName)
	if !ok {
		return
	}
	name := nw.text
	if kw, ok := s.word(msg.WhatOnHost); !ok {
		return
	} else if kw.text != "on" {
		c.errorf(kw.pos, msg.WantOnHost, name, kw.text)
		return
	}
	hw, ok := s.word(msg.WhatRunsOn)
	if !ok {
		return
	}
	m, ok := c.hostNamed(hw.text, hw.pos)
	if !ok {
		return
	}
	s.done()
	i := len(c.prog.Hosts)
	c.addHost(c.hostSlab.new(Host{Index: i, Name: name, Pos: nw.pos, Of: c.prog.Machine(m), Prog: i}), s.pos)
}

// checkThread checks thread NAME of PROGRAM: a second queue of calls that
// shares the descriptors of a machine or a process (see Host).
func checkThread(c *checker, s *stmtCtx) {
	nw, ok := c.newName(s, msg.KindThread, msg.KindThreadName)
	if !ok {
		return
	}
	name := nw.text
	if kw, ok := s.word(msg.WhatOfProgram); !ok {
		return
	} else if kw.text != "of" {
		c.errorf(kw.pos, msg.WantOfProgram, name, kw.text)
		return
	}
	pw, ok := s.word(msg.WhatThreadOf)
	if !ok {
		return
	}
	p, found := c.hosts.get(pw.text)
	if !found {
		text := msg.UnknownProgram.In(c.lang, strconvQuote(pw.text))
		if sug, _ := c.hostIdx.suggest(pw.text); sug != "" {
			text += msg.DidYouMean.In(c.lang, sug)
		} else {
			text += msg.ThreadBelongs.In(c.lang)
		}
		c.errorText(pw.pos, text)
		return
	}
	if e := c.prog.Hosts[p]; e.IsThread() {
		prog := c.prog.Hosts[e.Prog].Name
		c.errorf(pw.pos, msg.ThreadOfThread, pw.text, name, prog)
		return
	}
	s.done()
	c.addHost(c.hostSlab.new(Host{Index: len(c.prog.Hosts), Name: name, Pos: nw.pos, Of: c.prog.Machine(p), Prog: p}), s.pos)
}

func checkSet(c *checker, s *stmtCtx) {
	kw, ok := s.word(msg.WhatSetName)
	if !ok {
		return
	}
	c.setting(s, kw, s.host)
	s.done()
}

// setLimit applies set maxhosts and set maxstmts to the check from here
// on: a scenario that declares a million clients says so itself, with no
// command-line flag. The settings' Max bounds what the checker can be
// asked to hold.
func (c *checker) setLimit(key string, n int64) {
	switch key {
	case "maxhosts":
		c.limits.MaxHosts = int(n) // the host tables grow to it when hosts fill them (addHost)
	case "maxstmts":
		c.limits.MaxStmts = int(n)
		c.xlimits.MaxStmts = int(n)
	}
}

// setting checks KEY VALUE (KEY already read) for host h (-1: every host).
func (c *checker) setting(s *stmtCtx, kw word, h int) {
	st := settingByKey(kw.text)
	if st == nil {
		keys := make([]string, len(Settings))
		for i := range Settings {
			keys[i] = Settings[i].Key
		}
		c.unknownName(kw, msg.UnknownSetting, msg.SettingsList, keys, "tcps help settings")
		s.i = len(s.args)
		return
	}
	if h >= 0 && !st.PerHost {
		c.errorf(kw.pos, msg.NotPerHost, st.Key)
	}
	vw, ok := s.word(msg.WhatValueFor.Of(st.Key))
	if !ok {
		return
	}
	out := &Set{Pos: kw.pos, Host: h, Key: st.Key}
	switch st.Kind {
	case SizeSetting, CountSetting:
		var n int64
		var err error
		if st.Kind == SizeSetting {
			n, err = parseSize(vw.text)
		} else {
			n, err = parseCount(vw.text)
		}
		if err != nil {
			c.errorf(vw.pos, msg.Prefixed, st.Key, err)
			return
		}
		if n < st.Min || (st.Max > 0 && n > st.Max) {
			if st.Max > 0 {
				c.errorf(vw.pos, msg.OutOfRange, st.Key, n, st.Min, st.Max)
			} else {
				c.errorf(vw.pos, msg.AtLeast, st.Key, st.Min)
			}
			return
		}
		out.Int = n
		c.setLimit(st.Key, n)
	case DurationSetting:
		d, err := parseDuration(vw.text)
		if err != nil {
			c.errorf(vw.pos, msg.Prefixed, st.Key, err)
			return
		}
		if st.Key == "delay" && d <= 0 {
			c.errorf(vw.pos, msg.DelayPositive)
			return
		}
		out.Dur, out.IsDur = d, true
	case WordSetting:
		if !contains(st.Words, vw.text) {
			c.errorf(vw.pos, msg.OneOf, st.Key, strings.Join(st.Words, ", "), vw.text)
			return
		}
		out.Word = vw.text
	}
	c.prog.Stmts = append(c.prog.Stmts, out)
}
