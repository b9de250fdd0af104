package kernel

import (
	"bytes"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/tcps-dev/tcps/lang"
	"github.com/tcps-dev/tcps/lang/msg"
	tcpsrt "github.com/tcps-dev/tcps/runtime"
)

// Row is one compared item: a call's result, a show or an expect.
type Row struct {
	Pos           lang.Pos
	Kind          string // call, show, expect
	What          string // the call or statement
	N             int    // the row's occurrence among rows of the same What, from 1
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
	Lang        msg.Lang // the language Print writes in: the scenario's
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

// Accepted is one accepted difference: a statement of a scenario, named
// as tcps compare's statement column prints it (Row.Key: the statement's
// normalised text, "#N" for its Nth occurrence in the scenario), and why
// its difference is accepted. The key survives edits that move the
// statement to another line.
type Accepted struct {
	Stmt   string // the statement's text: "A.s.write(1500)", "show queues", "expect A.s sendq"
	N      int    // which statement of that text, from 1 in scenario order
	Reason string
	Line   int // the line of the accepted file, for messages
}

// Key is the entry's statement as Row.Key prints it.
func (a Accepted) Key() string { return rowKey(a.Stmt, a.N) }

// rowKey is a statement's text, with "#N" after it from its second
// occurrence on.
func rowKey(what string, n int) string {
	if n <= 1 {
		return what
	}
	return what + " #" + strconv.Itoa(n)
}

// Key names the row's statement in the scenario, whatever its line: its
// text, and "#N" when N-1 statements of the same text come before it.
// An accepted difference is keyed by it.
func (r *Row) Key() string { return rowKey(r.What, r.N) }

// Stale is an accepted entry that accepted nothing in this comparison.
type Stale struct {
	Accepted
	Missing bool // no statement of the scenario has that key (edited away?)
}

// Accept marks the differences the entries name as accepted, with their
// reasons, and returns the entries that accepted nothing: their statement
// agrees now (a timing difference that did not happen this time, or a
// fixed one), or the scenario has no such statement.
func (c *Comparison) Accept(entries []Accepted) (stale []Stale) {
	byKey := map[string]int{}
	for i, a := range entries {
		byKey[a.Key()] = i
	}
	used := make([]bool, len(entries))
	found := make([]bool, len(entries))
	for i := range c.Rows {
		r := &c.Rows[i]
		e, ok := byKey[r.Key()]
		if !ok {
			continue
		}
		found[e] = true
		if !r.Agree && r.Skipped == "" {
			r.Accepted = entries[e].Reason
			used[e] = true
		}
	}
	for i, a := range entries {
		if !used[i] {
			stale = append(stale, Stale{Accepted: a, Missing: !found[i]})
		}
	}
	return stale
}

// oldAccepted is the first field of an entry in the former PATH:LINE
// form, which a scenario's edit made stale.
var oldAccepted = regexp.MustCompile(`^\S+\.tcps:\d+$`)

// ParseAccepted reads a file of accepted differences: one per line,
//
//	PATH: STATEMENT [#N] -- REASON
//
// with STATEMENT as tcps compare's statement column prints it; # comments
// and blank lines are ignored. Every entry needs a reason. The result maps
// a scenario path to its entries, in file order.
func ParseAccepted(name string, text string) (map[string][]Accepted, error) {
	out := map[string][]Accepted{}
	seen := map[string]int{}
	for n, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		bad := func(why *msg.Deferred) error {
			return msg.AcceptedAt.Err(name, n+1, why, line)
		}
		if f := strings.Fields(line); oldAccepted.MatchString(f[0]) {
			return nil, bad(msg.AcceptedOldForm.Of())
		}
		key, reason, ok := strings.Cut(line, " -- ")
		if !ok || strings.TrimSpace(reason) == "" {
			return nil, bad(msg.AcceptedNoReason.Of())
		}
		path, stmt, ok := strings.Cut(key, ": ")
		stmt = strings.TrimSpace(stmt)
		if !ok || path == "" || strings.ContainsAny(path, " \t") || stmt == "" {
			return nil, bad(msg.AcceptedForm.Of())
		}
		a := Accepted{Stmt: stmt, N: 1, Reason: strings.TrimSpace(reason), Line: n + 1}
		if i := strings.LastIndex(stmt, " #"); i >= 0 {
			k, err := strconv.Atoi(stmt[i+2:])
			if err != nil || k < 1 {
				return nil, bad(msg.AcceptedN.Of())
			}
			a.Stmt, a.N = strings.TrimSpace(stmt[:i]), k
		}
		id := path + ": " + a.Key()
		if prev, dup := seen[id]; dup {
			return nil, bad(msg.AcceptedDup.Of(a.Key(), prev))
		}
		seen[id] = n + 1
		out[path] = append(out[path], a)
	}
	return out, nil
}

// Compare runs the program in the model and on the kernel and pairs every
// call result, show and expect. The kernel run's error, if any, is in
// Kernel.Err (and no rows are made).
//
// The rows are paired from the model's trace read in English, whatever
// the scenario's language (a Korean run's trace says 블로킹, not blocks);
// ModelTrace is in the scenario's language.
func Compare(prog *lang.Program, opts Options) *Comparison {
	var mbuf, kbuf bytes.Buffer
	en := prog
	if prog.Lang != msg.En {
		c := *prog
		c.Lang = msg.En
		en = &c
	}
	mres := tcpsrt.Run(en, tcpsrt.Options{Trace: &mbuf, Record: true})
	mtrace := mbuf.String()
	if en != prog {
		mbuf.Reset()
		tcpsrt.Run(prog, tcpsrt.Options{Trace: &mbuf})
	}
	if opts.Trace != nil {
		opts.Trace = io.MultiWriter(&kbuf, opts.Trace)
	} else {
		opts.Trace = &kbuf
	}
	kres := Run(prog, opts)
	c := &Comparison{ModelTrace: mbuf.String(), KernelTrace: kbuf.String(), Kernel: kres, Model: mres, Lang: prog.Lang}
	if kres.Err != nil {
		return c
	}
	c.Rows = pair(prog, mtrace, mres, kres)
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
	for _, st := range prog.All() {
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
	for _, st := range prog.All() {
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
	for i, st := range prog.All() {
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
					row.Normalised = msg.CmpTolerance.In(prog.Lang, kc.Waited.Round(time.Millisecond).String())
				}
			}
			row.Agree = row.Model == row.Kernel
			rows = append(rows, row)
		case *lang.Show:
			row := Row{Pos: st.Pos, Kind: "show", What: "show " + string(st.View)}
			k := shown[int(st.Pos.Line)]
			shown[int(st.Pos.Line)]++
			var ms *tcpsrt.ShowRecord
			if l := mshows[int(st.Pos.Line)]; k < len(l) {
				ms = l[k]
			}
			ks := kshows[i]
			switch {
			case st.View != lang.ViewNetstat && st.View != lang.ViewSS && st.View != lang.ViewQueues:
				row.Skipped = msg.CmpModelView.In(prog.Lang)
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
	count := map[string]int{}
	for i := range rows {
		count[rows[i].What]++
		rows[i].N = count[rows[i].What]
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

// cmpValue is a compared value as Print shows it in l: the phrases the
// comparison normalises to are English (both sides are compared in
// them); a call's result and a number are themselves.
func cmpValue(l msg.Lang, v string) string {
	switch {
	case l == msg.En:
		return v
	case v == "blocks (no return)":
		return msg.CmpNoReturn.In(l)
	case v == "not reached":
		return msg.CmpNotReached.In(l)
	case v == "no call blocked":
		return msg.CmpNoBlocked.In(l)
	case strings.HasPrefix(v, "blocks, "):
		return msg.CmpBlocksThen.In(l, strings.TrimPrefix(v, "blocks, "))
	}
	return v
}

// Print writes the comparison side by side, in c.Lang: one line per
// item, agree or DIFFER, then the counts.
func (c *Comparison) Print(w io.Writer) {
	l := c.Lang
	wWhat, wModel := 10, 10
	for _, r := range c.Rows {
		wWhat = max(wWhat, len(r.Key()))
		if m := cmpValue(l, r.Model); len(r.Model) <= 40 {
			wModel = max(wModel, runeWidth(m))
		}
	}
	fmt.Fprintf(w, "%s %s  %s  %s\n", pad(msg.CmpLine.In(l), 8), pad(msg.CmpStatement.In(l), wWhat), pad(msg.CmpModel.In(l), wModel), msg.CmpKernel.In(l))
	agree, differ, skipped := 0, 0, 0
	for _, r := range c.Rows {
		verdict := msg.CmpAgree.In(l)
		switch {
		case r.Accepted != "":
			verdict = msg.CmpAccepted.In(l, r.Accepted)
			skipped++
		case r.Skipped != "":
			verdict = msg.CmpNotCompared.In(l, r.Skipped)
			skipped++
		case !r.Agree:
			verdict = msg.CmpDiffer.In(l)
			differ++
		case r.Normalised != "":
			verdict = msg.CmpNormalised.In(l, r.Normalised)
			agree++
		default:
			agree++
		}
		if r.Skipped != "" {
			fmt.Fprintf(w, "%-8d %-*s  %s\n", r.Pos.Line, wWhat, r.Key(), verdict)
			continue
		}
		model, kernel := cmpValue(l, r.Model), cmpValue(l, r.Kernel)
		if len(r.Model) > 40 || len(r.Kernel) > 40 {
			fmt.Fprintf(w, "%-8d %-*s  %s\n", r.Pos.Line, wWhat, r.Key(), verdict)
			fmt.Fprintf(w, "           %s %s\n           %s %s\n", pad(msg.CmpModel.In(l)+":", 7), model, pad(msg.CmpKernel.In(l)+":", 7), kernel)
			continue
		}
		fmt.Fprintf(w, "%-8d %-*s  %s  %s  %s\n", r.Pos.Line, wWhat, r.Key(), pad(model, wModel), pad(kernel, wModel), verdict)
	}
	fmt.Fprintln(w, msg.CmpSummary.In(l, agree, differ, skipped))
}

// runeWidth is how many columns s takes in a terminal: Hangul (and other
// wide characters) take two.
func runeWidth(s string) int {
	n := 0
	for _, r := range s {
		n++
		if r >= 0x1100 && (r <= 0x115f || (r >= 0x2e80 && r <= 0xa4cf) || (r >= 0xac00 && r <= 0xd7a3) || (r >= 0xf900 && r <= 0xfaff) || (r >= 0xff00 && r <= 0xff60)) {
			n++
		}
	}
	return n
}

// pad is s followed by spaces to width columns.
func pad(s string, width int) string {
	if n := width - runeWidth(s); n > 0 {
		return s + strings.Repeat(" ", n)
	}
	return s
}
