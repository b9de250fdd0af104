package export

import (
	"encoding/json"
	"io"

	"github.com/tcps-dev/tcps/lang"
	"github.com/tcps-dev/tcps/runtime"
)

// Schema names the JSON format WriteJSON writes; it changes when a field
// changes meaning or is removed (adding a field does not change it).
const Schema = "tcps-trace/1"

// Trace is the whole run as WriteJSON writes it. docs/json-schema.md
// describes every field.
type Trace struct {
	Schema   string   `json:"schema"`
	Scenario string   `json:"scenario"`
	Hosts    []Host   `json:"hosts"`
	Packets  []Packet `json:"packets"`
	Shows    []Show   `json:"shows"`
	Events   []Event  `json:"events"`
	Result   Result   `json:"result"`
}

// Event is one entry of the run's event stream (runtime.Event), in the
// order things happened. Fields that do not apply to the kind are absent.
type Event struct {
	Seq      int64         `json:"seq"`
	TimeNS   int64         `json:"time_ns"`
	Time     string        `json:"time"`
	Kind     string        `json:"kind"`
	Thread   string        `json:"thread,omitempty"` // the calling host, process or thread
	Host     string        `json:"host,omitempty"`   // the machine
	Sock     string        `json:"sock,omitempty"`   // "A.1"
	Call     string        `json:"call,omitempty"`   // "A.s.write(1500)"
	N        int64         `json:"n,omitempty"`
	From     string        `json:"from,omitempty"`
	To       string        `json:"to,omitempty"`
	Packet   int           `json:"packet,omitempty"` // index of the packet in packets (1-based)
	ArriveNS int64         `json:"arrive_ns,omitempty"`
	Show     int           `json:"show,omitempty"` // index of the show in shows (1-based)
	Result   *CallResult   `json:"result,omitempty"`
	OK       *bool         `json:"ok,omitempty"`
	Text     string        `json:"text,omitempty"`
	Counters *Counters     `json:"counters,omitempty"`
	Blocked  []BlockedCall `json:"blocked,omitempty"`
}

// CallResult is what a call returned.
type CallResult struct {
	Value  int64  `json:"value"`
	Errno  string `json:"errno"`
	Reason string `json:"reason"`
}

// Counters are one structure's numbers after a step.
type Counters struct {
	SendQ     int64 `json:"sendq"`
	RecvQ     int64 `json:"recvq"`
	Delivered int64 `json:"delivered"`
	InFlight  int64 `json:"in_flight"`
	Rwnd      int64 `json:"rwnd"`
	Cwnd      int64 `json:"cwnd"`
	Window    int64 `json:"window"`
	SndBuf    int64 `json:"sndbuf"`
	RcvBuf    int64 `json:"rcvbuf"`
}

// BlockedCall is one call of a deadlock report.
type BlockedCall struct {
	Thread  string `json:"thread"`
	Call    string `json:"call"`
	Sock    string `json:"sock"`
	SinceNS int64  `json:"since_ns"`
	Reason  string `json:"reason"`
}

// Host is a declared host and its addresses (127.0.0.1, which every host
// owns, is not listed).
type Host struct {
	Index int      `json:"index"`
	Name  string   `json:"name"`
	Addrs []string `json:"addrs"`
}

// Packet is one TCP segment, captured at its sender when it was sent.
type Packet struct {
	Index   int      `json:"index"`   // 1-based, the frame number in the pcap
	TimeNS  int64    `json:"time_ns"` // virtual time in nanoseconds
	Time    string   `json:"time"`    // the same, as the trace prints it
	From    string   `json:"from"`    // sending host's name
	To      string   `json:"to"`      // receiving host's name, "" when no host owns dst
	Src     string   `json:"src"`     // ip:port
	Dst     string   `json:"dst"`     // ip:port
	Flags   string   `json:"flags"`   // tcpdump style: S, S., P., F., R., .
	FlagSet []string `json:"flag_names"`
	Seq     int64    `json:"seq"`
	Ack     int64    `json:"ack"`
	Win     int32    `json:"win"`
	Len     int32    `json:"len"`
	MSS     int      `json:"mss"`  // the MSS option of a SYN, 0 when absent
	Note    string   `json:"note"` // "retransmission", "window update", ... or ""
	Kind    string   `json:"kind"` // sent, held, dropped, lost
	// ArriveNS is when it reaches its host; absent when it never does.
	ArriveNS int64  `json:"arrive_ns,omitempty"`
	Line     string `json:"line"` // the tcpdump line of the trace
}

// Show is the structured content of one show statement.
type Show struct {
	TimeNS      int64        `json:"time_ns"`
	Time        string       `json:"time"`
	View        string       `json:"view"`
	Line        int          `json:"line"`
	Note        string       `json:"note"` // the note statement just before the show, or ""
	Text        string       `json:"text"`
	Tables      []Table      `json:"tables"`
	Connections []Connection `json:"connections"`
}

// Table is a titled table of strings.
type Table struct {
	Title  string     `json:"title"`
	Header []string   `json:"header"`
	Rows   [][]string `json:"rows"`
}

// Connection is the queues of one connection.
type Connection struct {
	Title      string      `json:"title"`
	Directions []Direction `json:"directions"`
}

// Direction is the three queues of the data flowing one way.
type Direction struct {
	Sender    string `json:"sender"`
	Receiver  string `json:"receiver"`
	SendQ     Queue  `json:"sendq"`
	InFlight  Queue  `json:"in_flight"`
	RecvQ     Queue  `json:"recvq"`
	Delivered Queue  `json:"delivered"`
}

// Queue is a number of bytes and the stream ranges they are.
type Queue struct {
	Bytes  int64   `json:"bytes"`
	Ranges []Range `json:"ranges"`
}

// Range is bytes First..Last (inclusive, 0-based stream offsets) from
// write number Write (1-based; 0 when unknown).
type Range struct {
	Write int   `json:"write"`
	First int64 `json:"first"`
	Last  int64 `json:"last"`
	Bytes int64 `json:"bytes"`
}

// Result is the outcome of the run.
type Result struct {
	ExitCode  int    `json:"exit_code"` // 0 ok, 1 failed, 2 bad input
	Failures  int    `json:"failures"`
	Deadlocks int    `json:"deadlocks"`
	Error     *Error `json:"error"` // what stopped the run, or null
	Events    int64  `json:"events"`
	Segments  int64  `json:"segments"`
	EndNS     int64  `json:"end_ns"`
	Sockets   int    `json:"sockets"`
	// PacketsOmitted counts the packets past the bound of a recorded run
	// (tcps render json keeps the first 100,000): they are not in
	// packets. Absent when every packet is there.
	PacketsOmitted int64 `json:"packets_omitted,omitempty"`
	// ShowsOmitted counts the shows past the bound (tcps render keeps the
	// first 10,000): they are not in shows. Absent when every show is.
	ShowsOmitted int64 `json:"shows_omitted,omitempty"`
	// EventsOmitted counts the events past the bound (tcps render keeps
	// the first 200,000). Absent when every event is there.
	EventsOmitted int64 `json:"events_omitted,omitempty"`
}

// Error is an error that stopped the run.
type Error struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Col     int    `json:"col"`
	Message string `json:"message"`
	Input   bool   `json:"input"` // bad input found at run time (exit 2)
}

// NewTrace builds the JSON document of a recorded run of prog.
func NewTrace(prog *lang.Program, res *runtime.Result) *Trace {
	t := &Trace{Schema: Schema, Hosts: []Host{}, Packets: []Packet{}, Shows: []Show{}, Events: []Event{}}
	if prog == nil {
		prog = &lang.Program{}
	}
	if prog.Source != nil {
		t.Scenario = prog.Source.Name
	}
	names := hostNames(prog)
	for _, h := range prog.Hosts {
		jh := Host{Index: h.Index, Name: h.Name, Addrs: []string{}}
		for _, a := range h.Addrs {
			jh.Addrs = append(jh.Addrs, a.String())
		}
		t.Hosts = append(t.Hosts, jh)
	}
	for i := range res.Packets {
		p := &res.Packets[i]
		s := &p.Seg
		t.Packets = append(t.Packets, Packet{
			Index: i + 1, TimeNS: int64(p.At), Time: p.At.String(),
			From: names.of(s.From), To: names.of(s.To),
			Src:   endpoint(s.SrcIP, s.SrcPort),
			Dst:   endpoint(s.DstIP, s.DstPort),
			Flags: s.Flags.String(), FlagSet: flagNames(s.Flags),
			Seq: s.Seq, Ack: s.Ack, Win: s.Win, Len: s.Len, MSS: int(s.MSS),
			Note: p.Note(), Kind: p.Kind.String(), Line: s.Line(), ArriveNS: int64(p.Arrive),
		})
	}
	notes := showNotes(prog, res.Shows)
	for i := range res.Shows {
		r := &res.Shows[i]
		js := Show{TimeNS: int64(r.At), Time: r.At.String(), View: r.View, Line: r.Line, Note: notes[i], Text: r.Text,
			Tables: []Table{}, Connections: []Connection{}}
		for _, tb := range r.Tables {
			jt := Table{Title: tb.Title, Header: []string{}, Rows: [][]string{}}
			if len(tb.Rows) > 0 {
				jt.Header = tb.Rows[0]
				jt.Rows = append(jt.Rows, tb.Rows[1:]...)
			}
			js.Tables = append(js.Tables, jt)
		}
		for _, c := range r.Conns {
			jc := Connection{Title: c.Title, Directions: []Direction{}}
			for _, d := range c.Dirs {
				jc.Directions = append(jc.Directions, Direction{
					Sender: d.Sender, Receiver: d.Receiver,
					SendQ:     queueOf(d.SendQ),
					InFlight:  queueOf(inFlight(d)),
					RecvQ:     queueOf(d.RecvQ),
					Delivered: queueOf(d.Delivered),
				})
			}
			js.Connections = append(js.Connections, jc)
		}
		t.Shows = append(t.Shows, js)
	}
	t.Events = events(prog, res)
	t.Result = Result{
		ExitCode: res.ExitCode(), Failures: res.Failures, Deadlocks: res.Deadlocks,
		Events: res.Stats.Events, Segments: res.Stats.Segments, EndNS: int64(res.Stats.End), Sockets: res.Stats.Sockets,
		PacketsOmitted: res.PacketsOmitted, ShowsOmitted: res.ShowsOmitted, EventsOmitted: res.EventsOmitted,
	}
	if res.Err != nil {
		t.Result.Error = &Error{File: res.Err.Pos.File(), Line: int(res.Err.Pos.Line), Col: int(res.Err.Pos.Col), Message: res.Err.Msg, Input: res.InputErr}
	}
	return t
}

// WriteJSON writes the recorded run of prog as one indented JSON document
// (schema tcps-trace/1, see docs/json-schema.md), followed by a newline.
func WriteJSON(w io.Writer, prog *lang.Program, res *runtime.Result) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(NewTrace(prog, res))
}

func queueOf(rs []runtime.ByteRange) Queue {
	q := Queue{Ranges: []Range{}}
	for _, r := range rs {
		q.Bytes += r.Len()
		q.Ranges = append(q.Ranges, Range{Write: r.Write, First: r.First, Last: r.Last, Bytes: r.Len()})
	}
	return q
}

// inFlight is the part of SendQ that has been sent: its first InFlight
// bytes.
func inFlight(d runtime.DirSnapshot) []runtime.ByteRange {
	var out []runtime.ByteRange
	left := d.InFlight
	for _, r := range d.SendQ {
		if left <= 0 {
			break
		}
		n := min(r.Len(), left)
		out = append(out, runtime.ByteRange{Write: r.Write, First: r.First, Last: r.First + n - 1})
		left -= n
	}
	return out
}

var flagOrder = []struct {
	f    runtime.Flags
	name string
}{{runtime.SYN, "SYN"}, {runtime.FIN, "FIN"}, {runtime.RST, "RST"}, {runtime.PSH, "PSH"}, {runtime.ACK, "ACK"}}

func flagNames(f runtime.Flags) []string {
	out := []string{}
	for _, x := range flagOrder {
		if f&x.f != 0 {
			out = append(out, x.name)
		}
	}
	return out
}

func endpoint(a runtime.Addr, port uint16) string {
	return a.String() + ":" + itoa(int64(port))
}

type hostNameList []string

func hostNames(prog *lang.Program) hostNameList {
	if prog == nil {
		return nil
	}
	names := make(hostNameList, len(prog.Hosts))
	for _, h := range prog.Hosts {
		if h.Index >= 0 && h.Index < len(names) {
			names[h.Index] = h.Name
		}
	}
	return names
}

// of names host i, or "" when there is no such host.
func (n hostNameList) of(i int32) string {
	if i < 0 || int(i) >= len(n) {
		return ""
	}
	return n[i]
}

// showNotes finds, for each recorded show, the text of a note statement
// right before its show statement ("after three writes"), or "". The
// i-th record comes from the i-th show statement that ran, since a run
// executes the statements in order.
func showNotes(prog *lang.Program, shows []runtime.ShowRecord) []string {
	notes := make([]string, len(shows))
	if prog == nil {
		return notes
	}
	i := 0
	var prev lang.Stmt
	for _, st := range prog.All() {
		if i >= len(shows) {
			break
		}
		if sh, ok := st.(*lang.Show); ok {
			if int(sh.Pos.Line) == shows[i].Line && string(sh.View) == shows[i].View {
				if n, ok := prev.(*lang.Note); ok {
					notes[i] = n.Text
				}
			}
			i++
		}
		prev = st
	}
	return notes
}

// events converts the run's event stream. The k-th packet event is
// packets[k-1] and the k-th show event shows[k-1] (while they are kept).
func events(prog *lang.Program, res *runtime.Result) []Event {
	out := make([]Event, 0, len(res.Events))
	names := hostNames(prog)
	name := func(i int) string {
		if i < 0 {
			return ""
		}
		return names.of(int32(i))
	}
	npkt, nshow := 0, 0
	for i := range res.Events {
		e := &res.Events[i]
		je := Event{Seq: e.Seq, TimeNS: int64(e.At), Time: e.At.String(), Kind: e.Kind.String(),
			Thread: name(e.Thread), Host: name(e.Host), Sock: e.Sock, Call: e.Call, N: e.N, Text: e.Text}
		switch e.Kind {
		case runtime.EvState:
			je.From, je.To = e.From.String(), e.To.String()
		case runtime.EvPacket:
			npkt++
			if npkt <= len(res.Packets) {
				je.Packet = npkt
			}
			je.ArriveNS = int64(e.Packet.Arrive)
		case runtime.EvShow:
			nshow++
			if nshow <= len(res.Shows) {
				je.Show = nshow
			}
		case runtime.EvExpect:
			ok := e.OK
			je.OK = &ok
		}
		if r := e.Result; r != nil {
			je.Result = &CallResult{Value: r.Value, Errno: r.Errno, Reason: r.Reason}
		}
		if c := e.Counters; c != nil {
			je.Counters = &Counters{SendQ: c.SendQ, RecvQ: c.RecvQ, Delivered: c.Delivered, InFlight: c.InFlight,
				Rwnd: c.Rwnd, Cwnd: c.Cwnd, Window: c.Window, SndBuf: c.SndBuf, RcvBuf: c.RcvBuf}
		}
		for _, b := range e.Blocked {
			je.Blocked = append(je.Blocked, BlockedCall{Thread: name(b.Thread), Call: b.Call, Sock: b.Sock, SinceNS: int64(b.Since), Reason: b.Reason})
		}
		out = append(out, je)
	}
	return out
}
