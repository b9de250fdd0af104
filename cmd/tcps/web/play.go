// Package web is the browser playground of tcps: the page's static files,
// and the Go side of the page (checking, running and stepping through a
// scenario), which cmd/tcps/web/wasm compiles to WebAssembly. Nothing here
// needs a server: the page runs the same lang and runtime packages as
// tcps run, in the browser.
//
// Stepping design: one run records the event stream (runtime.Options.Events)
// and takes a snapshot of the model (runtime.Sim.Snapshot) at every event;
// stepping back and forth only picks a recorded snapshot. The simulation is
// deterministic, so re-running it to step k would give the same picture,
// but it would cost a run per click; the recording costs one run and
// memory bounded by MaxSteps.
package web

import (
	"bytes"
	"compress/flate"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/tcps-dev/tcps/lang"
	"github.com/tcps-dev/tcps/lang/msg"
	"github.com/tcps-dev/tcps/runtime"
	"github.com/tcps-dev/tcps/runtime/export"
	"github.com/tcps-dev/tcps/scenarios"
)

// Bounds that keep a page responsive: a scenario that runs longer is cut
// (the page says so).
const (
	MaxSteps  = 20_000    // steps of the timeline recorded
	MaxEvents = 2_000_000 // simulation events before the run stops
)

// Diag is one checker error at a 1-based line and column.
type Diag struct {
	Line int    `json:"line"`
	Col  int    `json:"col"`
	Msg  string `json:"msg"`
}

// CheckResult is what the editor shows as the student types.
type CheckResult struct {
	Errors []Diag `json:"errors"`
	Lang   string `json:"lang"` // "ko" when the scenario says set lang ko, else ""
}

// Check checks a scenario and returns its errors, positioned.
func Check(src string) CheckResult {
	prog, err := lang.Check("scenario.tcps", []byte(src))
	r := CheckResult{Errors: diags(err)}
	if prog != nil {
		r.Lang = langOf(prog)
	} else if strings.Contains(src, "set lang ko") {
		r.Lang = "ko"
	}
	return r
}

func diags(err error) []Diag {
	out := []Diag{}
	if err == nil {
		return out
	}
	var list lang.ErrorList
	var one *lang.Error
	switch {
	case errors.As(err, &list):
		for _, e := range list {
			out = append(out, Diag{Line: int(e.Pos.Line), Col: int(e.Pos.Col), Msg: e.Msg})
		}
	case errors.As(err, &one):
		out = append(out, Diag{Line: int(one.Pos.Line), Col: int(one.Pos.Col), Msg: one.Msg})
	default:
		out = append(out, Diag{Line: 1, Col: 1, Msg: err.Error()})
	}
	return out
}

func langOf(prog *lang.Program) string {
	l := ""
	prog.Walk(func(st lang.Stmt) {
		if s, ok := st.(*lang.Set); ok && s.Key == "lang" && s.Word == "ko" {
			l = "ko"
		}
	})
	return l
}

// Step is one step of the timeline: one event.
type Step struct {
	Seq    int64  `json:"seq"`
	TimeNS int64  `json:"time_ns"`
	Time   string `json:"time"`
	Kind   string `json:"kind"`
	Text   string `json:"text"` // the event as the trace (at level all) writes it
	Snap   int    `json:"snap"` // index into Play.Snaps: the model after this event
	Pkts   int    `json:"pkts"` // packets sent up to and including this step
}

// Snap is the model at a step (runtime.Snapshot, for JSON).
type Snap struct {
	Hosts   []HostTables `json:"hosts"`
	Conns   []Conn       `json:"conns"`
	Blocked []Blocked    `json:"blocked"`
}

// HostTables are one machine's netstat and socket tables, header first.
type HostTables struct {
	Name    string     `json:"name"`
	Netstat [][]string `json:"netstat"`
	Sockets [][]string `json:"sockets"`
}

// Conn is one connection's three queues per direction.
type Conn struct {
	Title string `json:"title"`
	Dirs  []Dir  `json:"dirs"`
}

// Dir is one direction of a connection.
type Dir struct {
	Sender    string `json:"sender"`
	Receiver  string `json:"receiver"`
	SendQ     int64  `json:"sendq"`
	InFlight  int64  `json:"in_flight"`
	RecvQ     int64  `json:"recvq"`
	Delivered int64  `json:"delivered"`
	SndBuf    int64  `json:"sndbuf"` // capacity of SendQ
	RcvBuf    int64  `json:"rcvbuf"` // capacity of RecvQ, 0 when the receiver is gone
}

// Blocked is a blocked call and why.
type Blocked struct {
	Call   string `json:"call"`
	Sock   string `json:"sock"`
	Since  string `json:"since"`
	Reason string `json:"reason"`
}

// Play is a recorded run, as the page steps through it.
type Play struct {
	Errors   []Diag `json:"errors"`
	Lang     string `json:"lang"`
	Steps    []Step `json:"steps"`
	Snaps    []Snap `json:"snaps"`
	Cut      bool   `json:"cut"` // the timeline stops at MaxSteps
	Trace    string `json:"trace"`
	ExitCode int    `json:"exit_code"`
	Deadlock string `json:"deadlock"` // the last deadlock report, "" if none
	Cycle    string `json:"cycle"`    // its cycle line, "" if none
	EndNS    int64  `json:"end_ns"`
	Stopped  string `json:"stopped"` // what stopped the run early, "" if nothing
	prog     *lang.Program
	packets  []runtime.PacketRecord
}

// Run checks and runs a scenario, recording its timeline.
func Run(src string) *Play {
	p := &Play{Steps: []Step{}, Snaps: []Snap{}, Errors: []Diag{}}
	prog, err := lang.Check("scenario.tcps", []byte(src))
	if err != nil {
		p.Errors = diags(err)
		p.ExitCode = 2
		return p
	}
	p.prog = prog
	p.Lang = langOf(prog)
	var trace bytes.Buffer
	var sim *runtime.Sim
	lastSnap := ""
	opts := runtime.Options{Trace: &trace, MaxEvents: MaxEvents, Events: func(e *runtime.Event) {
		if e.Kind == runtime.EvPacket {
			p.packets = append(p.packets, *e.Packet)
		}
		if len(p.Steps) >= MaxSteps {
			p.Cut = true
			return
		}
		if e.Kind == runtime.EvDeadlock {
			p.Deadlock = e.Text
			for _, l := range strings.Split(e.Text, "\n") {
				if t := strings.TrimSpace(l); isCycleLine(t) {
					p.Cycle = t
				}
			}
		}
		if e.Kind == runtime.EvStop {
			p.Stopped = e.Text
		}
		sn := snapOf(prog, sim.Snapshot())
		b, _ := json.Marshal(sn)
		if string(b) != lastSnap || len(p.Snaps) == 0 {
			p.Snaps = append(p.Snaps, sn)
			lastSnap = string(b)
		}
		p.Steps = append(p.Steps, Step{Seq: e.Seq, TimeNS: int64(e.At), Time: e.At.String(), Kind: e.Kind.String(),
			Text: eventText(e, prog.Lang), Snap: len(p.Snaps) - 1, Pkts: len(p.packets)})
	}}
	sim = runtime.New(prog, opts)
	res := sim.RunToEnd()
	p.Trace = trace.String()
	p.ExitCode = res.ExitCode()
	p.EndNS = int64(res.Stats.End)
	return p
}

// eventText is the event as the trace writes it at level all, or a line
// made for the events the trace does not print (calls issued, samples).
func eventText(e *runtime.Event, l msg.Lang) string {
	switch e.Kind {
	case runtime.EvCall:
		return "t=" + e.At.String() + " " + e.Call + " is called"
	case runtime.EvSample:
		c := e.Counters
		return "t=" + e.At.String() + " " + e.Sock + ": SendQ " + itoa(c.SendQ) + ", RecvQ " + itoa(c.RecvQ) +
			", in flight " + itoa(c.InFlight) + ", rwnd " + itoa(c.Rwnd) + ", cwnd " + itoa(c.Cwnd) + ", window " + itoa(c.Window)
	}
	var b bytes.Buffer
	_ = runtime.RenderTraceIn(&b, "all", []runtime.Event{*e}, l)
	return strings.TrimRight(b.String(), "\n")
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func snapOf(prog *lang.Program, s *runtime.Snapshot) Snap {
	sn := Snap{Hosts: []HostTables{}, Conns: []Conn{}, Blocked: []Blocked{}}
	for _, h := range s.Hosts {
		sn.Hosts = append(sn.Hosts, HostTables{Name: h.Name, Netstat: h.Netstat, Sockets: h.Sockets})
	}
	for _, c := range s.Conns {
		jc := Conn{Title: c.Title, Dirs: []Dir{}}
		for _, d := range c.Dirs {
			jc.Dirs = append(jc.Dirs, Dir{Sender: d.Sender, Receiver: d.Receiver, SendQ: sum(d.SendQ), InFlight: d.InFlight,
				RecvQ: sum(d.RecvQ), Delivered: sum(d.Delivered), SndBuf: d.SndBuf, RcvBuf: d.RcvBuf})
		}
		sn.Conns = append(sn.Conns, jc)
	}
	for _, b := range s.Blocked {
		sn.Blocked = append(sn.Blocked, Blocked{Call: b.Call, Sock: b.Sock, Since: b.Since.String(), Reason: b.Reason})
	}
	return sn
}

func sum(rs []runtime.ByteRange) int64 {
	var n int64
	for _, r := range rs {
		n += r.Len()
	}
	return n
}

// Ladder draws the ladder of the packets sent up to step k (the SVG
// renderer's time-scaled ladder), or "" before the first packet.
func (p *Play) Ladder(k int) string {
	if p.prog == nil || k < 0 || k >= len(p.Steps) {
		return ""
	}
	n := min(p.Steps[k].Pkts, len(p.packets))
	if n == 0 {
		return ""
	}
	const page = 400 // the latest packets, so that a long run stays legible
	return string(export.LadderSVG(p.prog, p.packets[:n], max(n-page, 0), n))
}

// JSON is the recorded run as the page reads it.
func (p *Play) JSON() string {
	b, _ := json.Marshal(p)
	return string(b)
}

// Scenario is one entry of the page's menu.
type Scenario struct {
	Name string `json:"name"`
	Src  string `json:"src"`
}

// Lecture lists the embedded lecture scenarios, by file name.
func Lecture() []Scenario {
	return scenariosOf(scenarios.Lecture, "lecture")
}

// scenariosOf lists the .tcps files of a directory of fsys, by name.
func scenariosOf(fsys fs.FS, dir string) []Scenario {
	out := []Scenario{}
	entries, _ := fs.ReadDir(fsys, dir)
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".tcps") {
			continue
		}
		b, err := fs.ReadFile(fsys, path.Join(dir, e.Name()))
		if err != nil {
			continue
		}
		out = append(out, Scenario{Name: strings.TrimSuffix(e.Name(), ".tcps"), Src: string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Keywords are the words the editor highlights: verbs, settings, views,
// properties, states and errnos of the language.
func Keywords() map[string][]string {
	k := map[string][]string{}
	for _, v := range lang.Verbs {
		k["verb"] = append(k["verb"], v.Name)
	}
	for _, s := range lang.Settings {
		k["setting"] = append(k["setting"], s.Key)
	}
	for _, v := range lang.Views {
		k["view"] = append(k["view"], string(v.View))
	}
	for _, p := range lang.Props {
		k["prop"] = append(k["prop"], string(p.Prop))
	}
	k["state"] = append(k["state"], lang.StateNames...)
	k["errno"] = append(k["errno"], lang.Errnos...)
	return k
}

// Encode packs a scenario for the page's URL fragment: "z" and the
// base64url of its DEFLATE compression.
func Encode(src string) string {
	var b bytes.Buffer
	w, _ := flate.NewWriter(&b, flate.BestCompression)
	w.Write([]byte(src))
	w.Close()
	return "z" + base64.RawURLEncoding.EncodeToString(b.Bytes())
}

// maxDecoded bounds what a link may unpack to.
const maxDecoded = 1 << 20

// Decode unpacks Encode's output.
func Decode(frag string) (string, error) {
	if !strings.HasPrefix(frag, "z") {
		return "", errors.New("not a tcps scenario link")
	}
	raw, err := base64.RawURLEncoding.DecodeString(frag[1:])
	if err != nil {
		return "", err
	}
	b, err := io.ReadAll(io.LimitReader(flate.NewReader(bytes.NewReader(raw)), maxDecoded+1))
	if err != nil {
		return "", err
	}
	if len(b) > maxDecoded {
		return "", errors.New("the scenario in the link is over 1 MiB")
	}
	return string(b), nil
}

// isCycleLine reports whether a line of the deadlock report is its cycle
// ("cycle: ...", or "순환 대기: ..." under set lang ko).
func isCycleLine(t string) bool {
	for _, l := range []msg.Lang{msg.En, msg.Ko} {
		head, _, _ := strings.Cut(msg.Cycle.Format(l), "%")
		if strings.HasPrefix(t, head) {
			return true
		}
	}
	return false
}
