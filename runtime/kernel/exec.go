package kernel

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"sort"
	"strings"
	"time"

	"github.com/tcps-dev/tcps/lang"
	"github.com/tcps-dev/tcps/lang/msg"
	"golang.org/x/sys/unix"
)

// Real time stands for virtual time: a settle is over when no packet is on
// its way and nothing has changed for quietFor, or after settleMax.
const (
	quietFor  = 300 * time.Millisecond
	settleMax = 10 * time.Second
)

func (r *runner) cancelled() bool { return r.ctx.Err() != nil }

func (r *runner) runAll() {
	for i, st := range r.prog.All() {
		if r.cancelled() {
			r.interrupted(st.StmtPos())
			return
		}
		r.exec(i, st)
		r.mu.Lock()
		stop := r.res.Err != nil
		r.mu.Unlock()
		if stop {
			return
		}
	}
	r.settle()
	if r.cancelled() {
		r.interrupted(lang.FilePos(r.prog.Source.Name))
		return
	}
	var open []*pending
	for _, t := range r.threads {
		if p := t.busy(); p != nil && !p.acked {
			open = append(open, p)
		}
	}
	if len(open) > 0 {
		r.mu.Lock()
		r.res.Deadlocks++
		r.res.Failures++
		r.mu.Unlock()
		r.printf("%s", r.deadlockReport(open))
	}
}

func (r *runner) interrupted(pos lang.Pos) {
	r.mu.Lock()
	if r.res.Err == nil {
		r.res.Err = &lang.Error{Pos: pos, Msg: msg.KernelInterrupted.In(r.prog.Lang, context.Cause(r.ctx).Error())}
		r.res.Interrupted = true
	}
	r.mu.Unlock()
}

func (r *runner) exec(i int, st lang.Stmt) {
	switch st := st.(type) {
	case *lang.HostDecl:
	case *lang.Set:
		r.set(st)
	case *lang.Link:
		r.relay.setLink(r.prog.Machine(st.A), r.prog.Machine(st.B), st.Delay)
	case *lang.Call:
		r.call(i, st)
	case *lang.Wait:
		r.sleep(st.D, st.Pos)
	case *lang.Settle:
		r.settle()
	case *lang.Net:
		from, to := r.prog.Machine(st.From), r.prog.Machine(st.To)
		r.relay.control(st, from, to, r.prog.Hosts[from].Name, r.prog.Hosts[to].Name)
	case *lang.Show:
		r.show(i, st)
	case *lang.Expect:
		r.expect(i, st)
	case *lang.Note:
		r.printf("# %s\n", st.Text)
	}
}

// set applies a setting to the run's Config (as the model does), then
// does what the new value asks of the kernel: socket sizes apply to
// sockets made from now on (newSocket reads them), the initial
// congestion window to the machines' routes, the delay to the relay, a
// Linux sysctl to every namespace. The model's limits (maxtime,
// maxevents, maxsockets) and msl (of the rfc profile) mean nothing here.
func (r *runner) set(st *lang.Set) {
	r.mu.Lock() // the threads read the settings when they make a socket
	defer r.mu.Unlock()
	r.conf.Apply(r.prog, st)
	switch st.Key {
	case "initcwnd":
		for _, m := range r.machines {
			if m != nil && m.nl != nil {
				m.setInitCwnd(r.sockets(m.host).InitCwnd)
			}
		}
	case "delay":
		r.relay.mu.Lock()
		r.relay.delay = r.conf.Delay()
		r.relay.mu.Unlock()
	case "trace":
		if _, fixed := levels[r.opts.Level]; !fixed {
			r.level.Store(int32(levels[r.conf.Trace()]))
		}
	default:
		r.setSysctl(st.Key) // the Linux sysctls (sysctl.go)
	}
}

// sleep waits real time, with a progress line on long waits.
func (r *runner) sleep(d time.Duration, pos lang.Pos) {
	end := time.Now().Add(d)
	long := d > 5*time.Second && r.opts.Progress != nil
	if long {
		fmt.Fprintln(r.opts.Progress, msg.KernelWaiting.In(r.prog.Lang, pos.String(), d.String()))
	}
	for {
		left := time.Until(end)
		if left <= 0 || r.cancelled() {
			return
		}
		step := min(left, 5*time.Second)
		select {
		case <-time.After(step):
		case <-r.ctx.Done():
			return
		}
		if long && time.Until(end) > 0 {
			fmt.Fprintln(r.opts.Progress, msg.KernelLeft.In(r.prog.Lang, time.Until(end).Round(time.Second).String()))
		}
	}
}

// settle waits until no packet is on its way and nothing has changed for
// quietFor (held packets do not count), at most settleMax.
func (r *runner) settle() {
	end := time.Now().Add(settleMax)
	for time.Now().Before(end) && !r.cancelled() {
		time.Sleep(10 * time.Millisecond)
		r.pollAll()
		n, last := r.relay.busy()
		r.mu.Lock()
		changed := r.changed
		r.mu.Unlock()
		if n == 0 && time.Since(last) >= quietFor && time.Since(changed) >= quietFor && r.threadsStill() && !r.awaitingAck() {
			return
		}
	}
}

// awaitingAck reports whether a structure waits for an acknowledgement
// that a retransmission timer will ask for again (a SYN, a FIN, data sent
// and not acknowledged), while no link holds packets: the kernel is not
// done yet, as the model is not while a timer is pending. A held link
// would keep it so until settleMax.
func (r *runner) awaitingAck() bool {
	r.relay.mu.Lock()
	for _, l := range r.relay.links {
		if l.holding {
			r.relay.mu.Unlock()
			return false
		}
	}
	r.relay.mu.Unlock()
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, m := range r.machines {
		if m == nil {
			continue
		}
		for _, s := range m.tcp.list {
			switch s.state {
			case "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "CLOSING", "LAST_ACK":
				return true
			}
			if s.unacked > 0 && s.state != "CLOSE" {
				return true
			}
		}
	}
	return false
}

// threadsStill reports whether every thread is idle or blocked.
func (r *runner) threadsStill() bool {
	for _, t := range r.threads {
		t.mu.Lock()
		running := t.q > 0 && (t.cur == nil || !t.cur.blocked.Load())
		t.mu.Unlock()
		if running {
			return false
		}
	}
	return true
}

// call issues a call on its thread. A call that returns within the grace
// period is traced with its result; one that sleeps in the kernel is
// traced as blocking and its return when it comes. A call behind a
// blocked one waits its turn, as in the model.
func (r *runner) call(i int, c *lang.Call) {
	t := r.threads[c.Host]
	p := &pending{call: c, stmt: i, fin: make(chan struct{})}
	r.mu.Lock()
	idx := len(r.res.Calls)
	r.res.Calls = append(r.res.Calls, CallResult{Stmt: i, Pos: c.Pos, Text: r.prog.CallText(c),
		FD: c.Op == lang.OpSocket || c.Op == lang.OpAccept})
	r.mu.Unlock()
	t.mu.Lock()
	queued := t.q > 0
	t.q++
	t.mu.Unlock()
	p.issued = time.Now()
	t.reqs <- p
	if queued {
		go r.await(t, p, idx)
		return
	}
	r.await(t, p, idx)
}

func (r *runner) grace() time.Duration {
	if r.opts.Grace > 0 {
		return r.opts.Grace
	}
	return 50 * time.Millisecond
}

// await traces the call's result, or that it blocks and then its result.
func (r *runner) await(t *thread, p *pending, idx int) {
	text := r.prog.CallText(p.call)
	seen := 0
	var since time.Time
	for {
		select {
		case <-p.fin:
			if p.slept {
				// It slept in the kernel, if only briefly: it blocked.
				r.markBlocked(idx, text)
			}
			r.finish(p, idx, text, p.slept)
			return
		case <-time.After(100 * time.Microsecond):
		}
		if p.started.Load() && since.IsZero() {
			since = time.Now()
		}
		if t.blockedNow(p) {
			seen++
		} else {
			seen = 0
		}
		if seen >= 2 || (!since.IsZero() && time.Since(since) > r.grace()) {
			break
		}
		if r.cancelled() {
			return
		}
	}
	p.blocked.Store(true)
	r.markBlocked(idx, text)
	go func() {
		<-p.fin
		r.finish(p, idx, text, true)
	}()
}

// markBlocked records and traces that a call blocks.
func (r *runner) markBlocked(idx int, text string) {
	r.pollAll() // the state the call left behind (SYN_SENT) first, as in the model
	r.mu.Lock()
	if !r.frozen {
		r.res.Calls[idx].Blocked = true
	}
	r.changed = time.Now()
	r.mu.Unlock()
	if r.level.Load() >= levelCalls {
		r.printf("%s\n", msg.KernelBlocks.In(r.prog.Lang, text))
	}
}

func (r *runner) finish(p *pending, idx int, text string, blocked bool) {
	r.kick()
	r.mu.Lock()
	if r.frozen {
		r.mu.Unlock()
		return
	}
	c := &r.res.Calls[idx]
	c.Done = true
	if blocked {
		c.Waited = time.Since(p.issued)
	}
	c.Value = p.ret
	if p.errno != 0 {
		c.Errno = unix.ErrnoName(p.errno)
		if c.Errno == "" {
			c.Errno = p.errno.Error()
		}
	}
	res := c.Result()
	r.changed = time.Now()
	r.mu.Unlock()
	if blocked {
		res += msg.BlockedFor.In(r.prog.Lang, fmtT(time.Since(p.issued)))
	}
	if r.level.Load() >= levelCalls {
		r.printf("%s %s\n", text, res)
	}
}

// structOf is the structure a statement is about, or nil.
func (r *runner) structOf(host int, ref lang.SockRef) *structure {
	if ref.Handle >= 0 {
		return r.hstruct[ref.Handle]
	}
	if ref.Num >= 0 {
		m := r.machines[r.prog.Machine(host)]
		if ref.Num < len(m.tcp.list) {
			return m.tcp.list[ref.Num]
		}
	}
	return nil
}

// hostsOf is the machines a show is about.
func (r *runner) hostsOf(host int) []*machine {
	if host >= 0 {
		return []*machine{r.machines[r.prog.Machine(host)]}
	}
	var out []*machine
	for _, m := range r.machines {
		if m != nil {
			out = append(out, m)
		}
	}
	return out
}

// tool runs a command inside the machine's namespace (nsenter on the
// namespace descriptor, passed as fd 3).
func tool(m *machine, name string, args ...string) (string, error) {
	// A duplicate: the *os.File owns its descriptor and closes it.
	dup, err := unix.FcntlInt(uintptr(m.nsFD), unix.F_DUPFD_CLOEXEC, 0)
	if err != nil {
		return "", err
	}
	f := os.NewFile(uintptr(dup), "netns")
	defer f.Close()
	a := append([]string{"--net=/proc/self/fd/3", name}, args...)
	cmd := exec.Command("nsenter", a...)
	cmd.ExtraFiles = []*os.File{f}
	cmd.Env = []string{"PATH=/usr/sbin:/usr/bin:/sbin:/bin", "LC_ALL=C", "COLUMNS=200"}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("%s: %v %s", name, err, strings.TrimSpace(errb.String()))
	}
	return out.String(), nil
}

// netstatTCP keeps netstat's Internet title, header and IPv4 TCP lines.
func netstatTCP(out string) (text string, rows [][]string) {
	var b strings.Builder
	for _, l := range strings.SplitAfter(out, "\n") {
		switch {
		case strings.HasPrefix(l, "Active Internet"), strings.HasPrefix(l, "Proto Recv-Q"):
			b.WriteString(l)
		case strings.HasPrefix(l, "tcp "):
			b.WriteString(l)
			rows = append(rows, strings.Fields(l))
		}
	}
	return b.String(), rows
}

func ssRows(out string) [][]string {
	var rows [][]string
	for i, l := range strings.Split(out, "\n") {
		if i == 0 || strings.TrimSpace(l) == "" {
			continue
		}
		rows = append(rows, strings.Fields(l))
	}
	return rows
}

func (r *runner) show(i int, st *lang.Show) {
	r.pollAll()
	sr := ShowResult{Stmt: i, Line: int(st.Pos.Line), View: string(st.View)}
	var b strings.Builder
	switch st.View {
	case lang.ViewTime:
		at := r.now()
		fmt.Fprintf(&b, "t=%s\n", fmtT(at))
	case lang.ViewNetstat, lang.ViewSS:
		for _, m := range r.hostsOf(st.Host) {
			var out string
			var err error
			if st.View == lang.ViewNetstat {
				out, err = tool(m, "netstat", "-an")
			} else {
				out, err = tool(m, "ss", "-tan")
			}
			if err != nil {
				fmt.Fprintf(&b, "%s$ %s: %v\n", m.name, st.View, err)
				continue
			}
			if st.View == lang.ViewNetstat {
				text, rows := netstatTCP(out)
				b.WriteString(m.name + "$ netstat -an\n" + text)
				sr.Rows = append(sr.Rows, rows)
			} else {
				b.WriteString(m.name + "$ ss -tan\n" + out)
				sr.Rows = append(sr.Rows, ssRows(out))
			}
		}
	case lang.ViewQueues:
		r.mu.Lock()
		for _, m := range r.hostsOf(st.Host) {
			for _, s := range m.tcp.list {
				if s.state == "CLOSE" || s.state == "LISTEN" || s.remote.port == 0 {
					continue
				}
				if want := r.structOf(st.Host, st.Sock); (st.Sock.Handle >= 0 || st.Sock.Num >= 0) && want != s {
					continue
				}
				cq := ConnQueues{Label: m.tcp.label(s), Local: s.local.String(), Remote: s.remote.String(), State: s.state,
					RecvQ: int64(s.rq), SendQ: int64(s.wq), Unacked: int64(s.unacked), Delivered: -1}
				if s.state == "TIME_WAIT" {
					cq.RecvQ, cq.SendQ = 0, 0
				}
				for h, hs := range r.hstruct {
					if hs == s {
						cq.Delivered = r.delivered[h]
					}
				}
				sr.Conns = append(sr.Conns, cq)
				b.WriteString(msg.KernelQueuesLine.In(r.prog.Lang, cq.Label, cq.State, cq.Local, cq.Remote, cq.RecvQ, cq.SendQ, cq.Unacked))
				if cq.Delivered >= 0 {
					b.WriteString(msg.KernelQueuesDelivered.In(r.prog.Lang, cq.Delivered))
				}
				b.WriteString("\n")
			}
		}
		r.mu.Unlock()
		if len(sr.Conns) == 0 {
			b.WriteString("  " + msg.NoConnections.In(r.prog.Lang) + "\n")
		}
	default:
		b.WriteString(msg.KernelModelView.In(r.prog.Lang, string(st.View)) + "\n")
	}
	if st.View != lang.ViewTime {
		r.printf("show %s\n", st.View)
	}
	r.outMu.Lock()
	fmt.Fprint(r.out, b.String())
	r.outMu.Unlock()
	sr.Text = b.String()
	r.mu.Lock()
	r.res.Shows = append(r.res.Shows, sr)
	r.mu.Unlock()
}

// fail records a failed expectation, with why in the scenario's language
// (the model's messages).
func (r *runner) fail(er *ExpectResult, why string) {
	r.mu.Lock()
	r.res.Failures++
	r.mu.Unlock()
	r.printf("FAIL %s: %s\n", er.Pos, why)
}

func (r *runner) expect(i int, e *lang.Expect) {
	er := ExpectResult{Stmt: i, Pos: e.Pos, Text: e.Written}
	defer func() {
		r.mu.Lock()
		r.res.Expects = append(r.res.Expects, er)
		r.mu.Unlock()
	}()
	l := r.prog.Lang
	if why := notOnKernel(l, e.Prop); why != "" {
		er.Skipped = why
		r.printf("expect %s %s: %s\n", e.Written, e.Prop, why)
		return
	}
	if e.Prop == lang.PropDeadlock {
		r.settle()
		var blocked []*pending
		for _, t := range r.threads {
			if p := t.busy(); p != nil {
				blocked = append(blocked, p)
			}
		}
		er.Want = "deadlock"
		if len(blocked) == 0 {
			er.Got = "no call blocked"
			r.fail(&er, msg.NoDeadlock.In(l))
			return
		}
		er.Got, er.OK = "deadlock", true
		r.mu.Lock()
		r.res.Deadlocks++
		r.mu.Unlock()
		r.printf("%s\n", msg.ExpectDeadlockOK.In(l))
		r.printf("%s", r.deadlockReport(blocked))
		for _, p := range blocked {
			p.acked = true
		}
		return
	}
	r.pollAll()
	t := r.threads[e.Host]
	switch e.Prop {
	case lang.PropBlocked, lang.PropIdle:
		p := t.busy()
		blocked := p != nil || (e.Prop == lang.PropIdle && !t.idle())
		er.Want = string(e.Prop)
		er.Got = "idle"
		if blocked {
			er.Got = "blocked"
		}
		if blocked != (e.Prop == lang.PropBlocked) {
			r.fail(&er, msg.ExpectThreadGot.In(l, t.name, string(e.Prop), er.Got))
			return
		}
		er.OK = true
		if p != nil {
			p.acked = true
		}
		return
	case lang.PropSockets:
		r.mu.Lock()
		n := 0
		for _, s := range r.machines[r.prog.Machine(e.Host)].tcp.list {
			if s.state != "CLOSE" {
				n++
			}
		}
		r.mu.Unlock()
		er.Want, er.Got = fmt.Sprint(e.Int), fmt.Sprint(n)
		if int64(n) != e.Int {
			r.fail(&er, msg.ExpectSocketsGot.In(l, r.prog.Hosts[e.Host].Name, e.Int, n))
			return
		}
		er.OK = true
		return
	}
	r.mu.Lock()
	s := r.structOf(e.Host, e.Sock)
	var state string
	var got int64
	if s != nil {
		state = s.state
		switch e.Prop {
		case lang.PropRecvQ:
			got = int64(s.rq)
		case lang.PropSendQ:
			got = int64(s.wq)
		case lang.PropAcceptQ:
			if s.state == "LISTEN" {
				got = int64(s.rq)
			}
		case lang.PropDelivered:
			if e.Sock.Handle >= 0 {
				got = r.delivered[e.Sock.Handle]
			}
		}
		if s.state == "TIME_WAIT" || s.state == "CLOSE" {
			if e.Prop == lang.PropRecvQ || e.Prop == lang.PropSendQ {
				got = 0
			}
		}
	}
	r.mu.Unlock()
	if s == nil {
		er.Want, er.Got = e.Word, "no such socket"
		r.fail(&er, msg.KernelNoSuchSocket.In(l, e.Written, string(e.Prop)))
		return
	}
	if e.Prop == lang.PropState {
		er.Want, er.Got = e.State, state
		if state != e.State {
			r.fail(&er, msg.ExpectStateGot.In(l, e.Written, e.Word, state))
			return
		}
		er.OK = true
		return
	}
	er.Want, er.Got = fmt.Sprint(e.Int), fmt.Sprint(got)
	if got != e.Int {
		r.fail(&er, msg.ExpectValueGot.In(l, e.Written, string(e.Prop), e.Int, got))
		return
	}
	er.OK = true
}

// deadlockReport lists the blocked calls, in thread order.
func (r *runner) deadlockReport(blocked []*pending) string {
	sort.Slice(blocked, func(i, j int) bool { return blocked[i].call.Host < blocked[j].call.Host })
	var parts []string
	for _, p := range blocked {
		parts = append(parts, r.prog.CallText(p.call))
	}
	return msg.KernelDeadlock.In(r.prog.Lang, len(blocked), strings.Join(parts, ", ")) + "\n"
}
