package kernel

import (
	"bytes"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/tcps-dev/tcps/lang"
	tcpsrt "github.com/tcps-dev/tcps/runtime"
)

// Row is one compared item: a call's result, a show or an expect.
type Row struct {
	Pos           lang.Pos
	Kind          string // call, show, expect
	What          string // the call or statement
	Model, Kernel string // normalised values, one line each (a show: its rows joined by " | ")
	Agree         bool
	Skipped       string // why it is not compared, or ""
	Accepted      string // why this difference is accepted, or ""
	Normalised    string // a normalisation that made the two agree, or ""
}

// BlockTolerance is how long a kernel call may block where the model's
// returned at once and still count as not blocking: on a loaded machine
// the packet a call needs can still be in the relay, while the model's
// arrived on time (docs/kernel.md, normalisations).
const BlockTolerance = 50 * time.Millisecond

// briefBlock reports whether a kernel call blocked only within
// BlockTolerance and then returned.
func briefBlock(kc *CallResult) bool {
	return kc.Blocked && kc.Done && kc.Waited > 0 && kc.Waited < BlockTolerance
}

// Comparison is the model and the kernel side by side.
type Comparison struct {
	Rows        []Row
	ModelTrace  string
	KernelTrace string
	Kernel      *Result
	Model       *tcpsrt.Result
}

// Differ counts the rows that differ.
func (c *Comparison) Differ() int {
	n := 0
	for _, r := range c.Rows {
		if !r.Agree && r.Skipped == "" && r.Accepted == "" {
			n++
		}
	}
	return n
}

// Accept marks the differences on the given lines as accepted, with their
// reasons, and returns the lines that no longer differ.
func (c *Comparison) Accept(reasons map[int]string) (stale []int) {
	used := map[int]bool{}
	for i := range c.Rows {
		r := &c.Rows[i]
		if why, ok := reasons[r.Pos.Line]; ok && !r.Agree && r.Skipped == "" {
			r.Accepted = why
			used[r.Pos.Line] = true
		}
	}
	for l := range reasons {
		if !used[l] {
			stale = append(stale, l)
		}
	}
	sort.Ints(stale)
	return stale
}

// ParseAccepted reads a file of accepted differences: one per line,
// "PATH:LINE REASON", # comments and blank lines ignored. Every entry needs
// a reason. The result maps a scenario path to its lines' reasons.
func ParseAccepted(name string, text string) (map[string]map[int]string, error) {
	out := map[string]map[int]string{}
	for n, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		i := strings.LastIndexByte(f[0], ':')
		ln, err := strconv.Atoi(f[0][i+1:])
		if i < 0 || err != nil || ln <= 0 {
			return nil, fmt.Errorf("%s:%d: want PATH:LINE REASON, got %q", name, n+1, line)
		}
		if len(f) < 2 {
			return nil, fmt.Errorf("%s:%d: %s: an accepted difference needs its reason", name, n+1, f[0])
		}
		path := f[0][:i]
		if out[path] == nil {
			out[path] = map[int]string{}
		}
		out[path][ln] = strings.TrimSpace(strings.TrimPrefix(line, f[0]))
	}
	return out, nil
}

// Compare runs the program in the model and on the kernel and pairs every
// call result, show and expect. The kernel run's error, if any, is in
// Kernel.Err (and no rows are made).
func Compare(prog *lang.Program, opts Options) *Comparison {
	var mbuf, kbuf bytes.Buffer
	mres := tcpsrt.Run(prog, tcpsrt.Options{Trace: &mbuf, Record: true})
	if opts.Trace != nil {
		opts.Trace = io.MultiWriter(&kbuf, opts.Trace)
	} else {
		opts.Trace = &kbuf
	}
	kres := Run(prog, opts)
	c := &Comparison{ModelTrace: mbuf.String(), KernelTrace: kbuf.String(), Kernel: kres, Model: mres}
	if kres.Err != nil {
		return c
	}
	c.Rows = pair(prog, mbuf.String(), mres, kres)
	return c
}

// modelCall is a call's outcome read from the model's trace.
type modelCall struct {
	blocked, done bool
	result        string
}

// modelCalls reads every call's outcome from the model's trace, by call
// text in trace order: "TEXT = V ...", "TEXT blocks: ...", and a blocked
// call's return "TEXT = V ... (blocked D)".
func modelCalls(prog *lang.Program, trace string) map[string][]*modelCall {
	texts := map[string]bool{}
	for _, st := range prog.Stmts {
		if c, ok := st.(*lang.Call); ok {
			texts[prog.CallText(c)] = true
		}
	}
	out := map[string][]*modelCall{}
	for _, line := range strings.Split(trace, "\n") {
		sp := strings.IndexByte(line, ' ')
		if !strings.HasPrefix(line, "t=") || sp < 0 {
			continue
		}
		rest := line[sp+1:]
		for _, sep := range []string{" = ", " blocks"} {
			i := strings.Index(rest, sep)
			if i < 0 || !texts[rest[:i]] {
				continue
			}
			text := rest[:i]
			if sep == " blocks" {
				out[text] = append(out[text], &modelCall{blocked: true})
				break
			}
			val := rest[i+3:]
			if j := strings.Index(val, "  "); j >= 0 {
				val = val[:j]
			}
			blocked := strings.Contains(rest, "(blocked ")
			var mc *modelCall
			if blocked {
				for _, x := range out[text] {
					if x.blocked && !x.done {
						mc = x
						break
					}
				}
			}
			if mc == nil {
				mc = &modelCall{}
				out[text] = append(out[text], mc)
			}
			mc.done, mc.result = true, "= "+val
			break
		}
	}
	return out
}

// normCall is a call's outcome as compared: descriptors are "fd".
func normCall(blocked, done bool, result string, fd bool) string {
	if fd && strings.HasPrefix(result, "= ") && !strings.HasPrefix(result, "= -1") {
		result = "= fd"
	}
	switch {
	case !done:
		return "blocks (no return)"
	case blocked:
		return "blocks, " + result
	}
	return result
}

// modelFails reads the model's FAIL lines: position -> the value it got.
func modelFails(trace string) map[string]string {
	out := map[string]string{}
	for _, line := range strings.Split(trace, "\n") {
		i := strings.Index(line, " FAIL ")
		if i < 0 {
			continue
		}
		rest := line[i+6:]
		j := strings.Index(rest, ": ")
		if j < 0 {
			continue
		}
		pos, msg := rest[:j], rest[j+2:]
		got := msg
		if k := strings.LastIndex(msg, ": got "); k >= 0 {
			got = msg[k+6:]
		} else if strings.Contains(msg, "no call is blocked") {
			got = "no call blocked"
		} else if k := strings.LastIndex(msg, " is "); k >= 0 {
			got = msg[k+4:]
			if strings.HasPrefix(got, "blocked") {
				got = "blocked"
			}
		}
		out[pos] = got
	}
	return out
}

// boundPorts are the ports the program names: the others are ephemeral.
func boundPorts(prog *lang.Program) map[uint16]bool {
	ports := map[uint16]bool{}
	for _, st := range prog.Stmts {
		if c, ok := st.(*lang.Call); ok {
			if c.Local().Port != 0 {
				ports[c.Local().Port] = true
			}
			if c.Remote().Port != 0 {
				ports[c.Remote().Port] = true
			}
		}
	}
	return ports
}

// normAddr replaces an ephemeral port (one the program does not name) by
// "EPH".
func normAddr(a string, ports map[uint16]bool) string {
	i := strings.LastIndexByte(a, ':')
	if i < 0 {
		return a
	}
	p, err := strconv.Atoi(a[i+1:])
	if err != nil || ports[uint16(p)] {
		return a
	}
	return a[:i+1] + "EPH"
}

// normRows normalises table rows: addresses' ephemeral ports, then the
// rows sorted (the kernel prints them in hash order).
func normRows(rows [][]string, ports map[uint16]bool) string {
	var out []string
	for _, r := range rows {
		var cells []string
		for _, c := range r {
			cells = append(cells, normAddr(c, ports))
		}
		out = append(out, strings.Join(cells, " "))
	}
	sort.Strings(out)
	if len(out) == 0 {
		return "(none)"
	}
	return strings.Join(out, " | ")
}

func sumRanges(rs []tcpsrt.ByteRange) int64 {
	var n int64
	for _, r := range rs {
		n += r.Len()
	}
	return n
}

// modelQueues is, per structure label, "recvq R sendq S" from a show
// queues record.
func modelQueues(sr *tcpsrt.ShowRecord) string {
	q := map[string][2]int64{}
	var labels []string
	add := func(l string) {
		if _, ok := q[l]; !ok {
			labels = append(labels, l)
			q[l] = [2]int64{}
		}
	}
	for _, c := range sr.Conns {
		for _, d := range c.Dirs {
			add(d.Sender)
			add(d.Receiver)
			s, r := q[d.Sender], q[d.Receiver]
			s[1] += sumRanges(d.SendQ)
			r[0] += sumRanges(d.RecvQ)
			q[d.Sender], q[d.Receiver] = s, r
		}
	}
	var out []string
	for _, l := range labels {
		out = append(out, fmt.Sprintf("%s recvq %d sendq %d", l, q[l][0], q[l][1]))
	}
	sort.Strings(out)
	return strings.Join(out, " | ")
}

func kernelQueues(sr *ShowResult) string {
	var out []string
	for _, c := range sr.Conns {
		out = append(out, fmt.Sprintf("%s recvq %d sendq %d", c.Label, c.RecvQ, c.SendQ))
	}
	sort.Strings(out)
	return strings.Join(out, " | ")
}

// modelTableRows is a show record's table rows without their headers.
func modelTableRows(sr *tcpsrt.ShowRecord) [][]string {
	var rows [][]string
	for _, t := range sr.Tables {
		if len(t.Rows) > 1 {
			rows = append(rows, t.Rows[1:]...)
		}
	}
	return rows
}

func pair(prog *lang.Program, mtrace string, mres *tcpsrt.Result, kres *Result) []Row {
	var rows []Row
	mcalls := modelCalls(prog, mtrace)
	used := map[string]int{}
	kcalls := map[int]*CallResult{}
	for i := range kres.Calls {
		kcalls[kres.Calls[i].Stmt] = &kres.Calls[i]
	}
	mshows := map[int][]*tcpsrt.ShowRecord{}
	for i := range mres.Shows {
		mshows[mres.Shows[i].Line] = append(mshows[mres.Shows[i].Line], &mres.Shows[i])
	}
	kshows := map[int]*ShowResult{}
	for i := range kres.Shows {
		kshows[kres.Shows[i].Stmt] = &kres.Shows[i]
	}
	kexp := map[int]*ExpectResult{}
	for i := range kres.Expects {
		kexp[kres.Expects[i].Stmt] = &kres.Expects[i]
	}
	fails := modelFails(mtrace)
	ports := boundPorts(prog)
	shown := map[int]int{}
	for i, st := range prog.Stmts {
		switch st := st.(type) {
		case *lang.Call:
			text := prog.CallText(st)
			row := Row{Pos: st.Pos, Kind: "call", What: text}
			fd := st.Op == lang.OpSocket || st.Op == lang.OpAccept
			row.Model = "not reached"
			if n := used[text]; n < len(mcalls[text]) {
				mc := mcalls[text][n]
				row.Model = normCall(mc.blocked, mc.done, mc.result, fd)
			}
			used[text]++
			row.Kernel = "not reached"
			if kc := kcalls[i]; kc != nil {
				row.Kernel = normCall(kc.Blocked, kc.Done, kc.Result(), fd)
				if briefBlock(kc) && row.Model == normCall(false, true, kc.Result(), fd) {
					// The model's call returned at once, the kernel's after
					// a moment: the packet it needed was still in the relay.
					row.Kernel = normCall(false, true, kc.Result(), fd)
					row.Normalised = "blocked " + kc.Waited.Round(time.Millisecond).String() + " on the kernel: within the timing tolerance"
				}
			}
			row.Agree = row.Model == row.Kernel
			rows = append(rows, row)
		case *lang.Show:
			row := Row{Pos: st.Pos, Kind: "show", What: "show " + string(st.View)}
			k := shown[st.Pos.Line]
			shown[st.Pos.Line]++
			var ms *tcpsrt.ShowRecord
			if l := mshows[st.Pos.Line]; k < len(l) {
				ms = l[k]
			}
			ks := kshows[i]
			switch {
			case st.View != lang.ViewNetstat && st.View != lang.ViewSS && st.View != lang.ViewQueues:
				row.Skipped = "a view of the model's own structures or clock: not on the kernel"
			case ms == nil || ks == nil:
				row.Model, row.Kernel = fmt.Sprint(ms != nil), fmt.Sprint(ks != nil)
			case st.View == lang.ViewQueues:
				row.Model, row.Kernel = modelQueues(ms), kernelQueues(ks)
			default:
				var krows [][]string
				for _, r := range ks.Rows {
					krows = append(krows, r...)
				}
				mrows := modelTableRows(ms)
				if st.View == lang.ViewSS {
					mrows = ssCells(mrows)
				}
				row.Model, row.Kernel = normRows(mrows, ports), normRows(krows, ports)
			}
			row.Agree = row.Skipped == "" && row.Model == row.Kernel
			rows = append(rows, row)
		case *lang.Expect:
			what := "expect " + st.Written + " " + string(st.Prop)
			if st.Prop == lang.PropDeadlock {
				what = "expect deadlock"
			}
			row := Row{Pos: st.Pos, Kind: "expect", What: what}
			ke := kexp[i]
			want := expectWant(st)
			row.Model = want
			if got, ok := fails[st.Pos.String()]; ok {
				row.Model = got
			}
			switch {
			case ke == nil:
				row.Kernel = "not reached"
			case ke.Skipped != "":
				row.Skipped = ke.Skipped
				row.Kernel = "-"
			default:
				row.Kernel = ke.Got
				if ke.OK {
					row.Kernel = want
				}
			}
			row.Agree = row.Skipped == "" && row.Model == row.Kernel
			rows = append(rows, row)
		}
	}
	return rows
}

// expectWant is what an expect asks for, as the FAIL lines print values.
func expectWant(e *lang.Expect) string {
	switch e.Prop {
	case lang.PropState:
		return e.State
	case lang.PropDeadlock:
		return "deadlock"
	case lang.PropBlocked:
		return "blocked"
	case lang.PropIdle:
		return "idle"
	}
	return strconv.FormatInt(e.Int, 10)
}

// ssCells splits the model's ss rows as ss's own output splits into
// fields: State Recv-Q Send-Q Local Peer (the same cells).
func ssCells(rows [][]string) [][]string { return rows }

// Print writes the comparison side by side: one line per item, agree or
// DIFFER, then the counts.
func (c *Comparison) Print(w io.Writer) {
	wWhat, wModel := 10, 10
	for _, r := range c.Rows {
		wWhat = max(wWhat, len(r.What))
		if len(r.Model) <= 40 {
			wModel = max(wModel, len(r.Model))
		}
	}
	fmt.Fprintf(w, "%-8s %-*s  %-*s  %s\n", "line", wWhat, "statement", wModel, "model", "kernel")
	agree, differ, skipped := 0, 0, 0
	for _, r := range c.Rows {
		verdict := "agree"
		switch {
		case r.Accepted != "":
			verdict = "DIFFER, accepted: " + r.Accepted
			skipped++
		case r.Skipped != "":
			verdict = "not compared: " + r.Skipped
			skipped++
		case !r.Agree:
			verdict = "DIFFER"
			differ++
		case r.Normalised != "":
			verdict = "agree (" + r.Normalised + ")"
			agree++
		default:
			agree++
		}
		if r.Skipped != "" {
			fmt.Fprintf(w, "%-8d %-*s  %s\n", r.Pos.Line, wWhat, r.What, verdict)
			continue
		}
		if len(r.Model) > 40 || len(r.Kernel) > 40 {
			fmt.Fprintf(w, "%-8d %-*s  %s\n", r.Pos.Line, wWhat, r.What, verdict)
			fmt.Fprintf(w, "           model:  %s\n           kernel: %s\n", r.Model, r.Kernel)
			continue
		}
		fmt.Fprintf(w, "%-8d %-*s  %-*s  %-*s  %s\n", r.Pos.Line, wWhat, r.What, wModel, r.Model, wModel, r.Kernel, verdict)
	}
	fmt.Fprintf(w, "%d agree, %d differ, %d not compared or accepted\n", agree, differ, skipped)
}
