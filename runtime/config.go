package runtime

import (
	"time"

	"github.com/tcps-dev/tcps/lang"
)

// Config is the configuration of a run at one point of it: lang's
// defaults (lang/settings.go), changed by every set statement executed so
// far, for all hosts or for one machine. The model (Sim) and the kernel
// executor (runtime/kernel) each keep one and change it only with Apply,
// so what a set statement means is written once, here; each executor then
// does what the new value asks of it (the kernel writes a sysctl, the
// model reads its fields when it needs them).
//
// A Config is not safe for concurrent use; the kernel executor guards its
// own.
type Config struct {
	global globalConfig
	// given are the per-host keys a set statement for all hosts has
	// given: the kernel leaves a socket option it was not given at the
	// kernel's default.
	given struct{ sndbuf, rcvbuf, mss, initcwnd bool }
	hosts map[int]*hostConfig // per machine (lang host index of the machine)
	trace string              // the last set trace, "" if none
}

// NewConfig is the configuration before any set statement: lang's
// defaults.
func NewConfig() *Config {
	return &Config{global: globalConfig{
		sndbuf: lang.DefaultSndBuf, rcvbuf: lang.DefaultRcvBuf, mss: lang.DefaultMSS, initcwnd: lang.DefaultInitCwnd,
		profile: "linux", delay: Time(lang.DefaultDelay), msl: Time(lang.DefaultMSL),
		maxTime: Time(lang.DefaultMaxTime), maxEvents: lang.DefaultMaxEvent, maxSockets: lang.DefaultMaxSocks,
		maxMemory: lang.DefaultMaxMemory,
		synLinear: lang.DefaultSynLinearTimeouts, syncookies: lang.DefaultSyncookies, somaxconn: lang.DefaultSomaxconn,
		invalidRatelimit: Time(lang.DefaultInvalidRatelimit), finTimeout: Time(lang.DefaultFinTimeout),
	}}
}

// Apply changes the configuration as the set statement says: for every
// host, or (st.Host >= 0, the per-host settings) for st.Host's machine.
// Keys that configure nothing of a run (lang, maxstmts, maxhosts: the
// checker's) change nothing.
func (c *Config) Apply(prog *lang.Program, st *lang.Set) {
	if st.Host >= 0 {
		m := prog.Machine(st.Host)
		if c.hosts == nil {
			c.hosts = map[int]*hostConfig{}
		}
		h := c.hosts[m]
		if h == nil {
			h = &hostConfig{}
			c.hosts[m] = h
		}
		switch st.Key {
		case "sndbuf":
			h.sndbuf = st.Int
		case "rcvbuf":
			h.rcvbuf = st.Int
		case "mss":
			h.mss = st.Int
		case "initcwnd":
			h.initcwnd = st.Int
		case "profile":
			h.profile = st.Word
		}
		return
	}
	g := &c.global
	switch st.Key {
	case "sndbuf":
		g.sndbuf, c.given.sndbuf = st.Int, true
	case "rcvbuf":
		g.rcvbuf, c.given.rcvbuf = st.Int, true
	case "mss":
		g.mss, c.given.mss = st.Int, true
	case "initcwnd":
		g.initcwnd, c.given.initcwnd = st.Int, true
	case "profile":
		g.profile = st.Word
	case "delay":
		g.delay = Time(st.Dur)
	case "msl":
		g.msl = Time(st.Dur)
	case "maxtime":
		g.maxTime = Time(st.Dur)
	case "maxevents":
		g.maxEvents = st.Int
	case "maxsockets":
		g.maxSockets = st.Int
	case "maxmemory":
		g.maxMemory = st.Int
	case "syn_linear_timeouts":
		g.synLinear = st.Int
	case "syncookies":
		g.syncookies = st.Int
	case "somaxconn":
		g.somaxconn = st.Int
	case "invalid_ratelimit":
		g.invalidRatelimit = Time(st.Dur)
	case "fin_timeout":
		g.finTimeout = Time(st.Dur)
	case "trace":
		c.trace = st.Word
	}
}

// host is the per-host settings of a machine, or nil.
func (c *Config) host(machine int) *hostConfig { return c.hosts[machine] }

// SocketConfig is what a set statement asked of the sockets a host makes:
// a buffer size, the MSS, the initial congestion window; 0 where no set
// statement gave the value (the model then uses lang's default, the
// kernel its own).
type SocketConfig struct {
	SndBuf, RcvBuf, MSS, InitCwnd int64
}

// Sockets is what the set statements so far asked of the sockets that
// the machine (a lang host index of a machine) makes: its own settings,
// else those given for all hosts.
func (c *Config) Sockets(machine int) SocketConfig {
	var s SocketConfig
	g := &c.global
	pick := func(own, global int64, given bool) int64 {
		switch {
		case own > 0:
			return own
		case given:
			return global
		}
		return 0
	}
	h := c.host(machine)
	if h == nil {
		h = &hostConfig{}
	}
	s.SndBuf = pick(h.sndbuf, g.sndbuf, c.given.sndbuf)
	s.RcvBuf = pick(h.rcvbuf, g.rcvbuf, c.given.rcvbuf)
	s.MSS = pick(h.mss, g.mss, c.given.mss)
	s.InitCwnd = pick(h.initcwnd, g.initcwnd, c.given.initcwnd)
	return s
}

// Delay is the one-way delay of a link without its own link statement.
func (c *Config) Delay() time.Duration { return time.Duration(c.global.delay) }

// Trace is the trace level the last set trace asked for, or "".
func (c *Config) Trace() string { return c.trace }

// Sysctl is the value in force of a Linux sysctl setting
// (lang/settings.go: syn_linear_timeouts, syncookies, somaxconn, a count;
// invalid_ratelimit, fin_timeout, a duration); ok is false for any other
// key.
func (c *Config) Sysctl(key string) (n int64, d time.Duration, ok bool) {
	g := &c.global
	switch key {
	case "syn_linear_timeouts":
		return g.synLinear, 0, true
	case "syncookies":
		return g.syncookies, 0, true
	case "somaxconn":
		return g.somaxconn, 0, true
	case "invalid_ratelimit":
		return 0, time.Duration(g.invalidRatelimit), true
	case "fin_timeout":
		return 0, time.Duration(g.finTimeout), true
	}
	return 0, 0, false
}
