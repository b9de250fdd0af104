package lang

import "strings"

// The views of show and the properties of expect, next to the verb table
// (verbs.go) and the settings table (settings.go). These tables drive the
// checker (which words it accepts), `tcps help NAME` and docs/language.md.

// ViewDoc describes one view of show.
type ViewDoc struct {
	View    View
	Target  string // what may follow the view's name, as in the usage line
	Help    string // what it prints
	Example string
}

// Views is the table of show's views, in reference order.
var Views = []ViewDoc{
	{View: ViewQueues, Target: "[HOST[.SOCK]]",
		Help: "Every connection (of HOST, or of one socket) as the book draws it: for each direction that " +
			"carried data, the sender's SendQ, the receiver's RecvQ and Delivered bytes, with the byte ranges " +
			"of each write in them.",
		Example: "show queues A.s"},
	{View: ViewNetstat, Target: "[HOST]",
		Help:    "The socket table as `netstat -an` prints it on each host (or on HOST): Proto, Recv-Q, Send-Q, local and foreign address, state.",
		Example: "show netstat A"},
	{View: ViewSS, Target: "[HOST]",
		Help:    "The socket table as `ss -tan` prints it: State, Recv-Q, Send-Q, local and peer address; a listener's Recv-Q is its accept queue.",
		Example: "show ss A"},
	{View: ViewSockets, Target: "[HOST]",
		Help: "The book's table of socket structures: number, state, local and remote port and IP, SendQ, RecvQ, " +
			"and where the structure came from (socket() or derived from a listener).",
		Example: "show sockets A"},
	{View: ViewDemux, Target: "HOST SRC > DST | HOST all",
		Help: "Which structure of HOST a packet from SRC to DST would reach, and why: every candidate with its " +
			"wildcard match, the best one first. With all, every packet that arrives at HOST from now on is explained.",
		Example: "show demux A 172.16.1.10:56789 > 10.1.2.3:99"},
	{View: ViewWindows, Target: "[HOST[.SOCK]]",
		Help: "Flow and congestion control of each sending end: rwnd, cwnd, ssthresh, bytes in flight, what it may " +
			"still send, which window limits it, and the window it advertises itself.",
		Example: "show windows A"},
	{View: ViewLadder, Target: "[from DURATION] [to DURATION]",
		Help: "A sequence diagram of every packet so far, one column per host; as a figure (tcps render svg), " +
			"of the packets since the previous show ladder. With from and to, of the packets sent in that " +
			"range of virtual time, both ends included.",
		Example: "show ladder from 3ms to 10ms"},
	{View: ViewPackets, Target: "",
		Help:    "Every packet so far, one line each, as tcpdump prints them.",
		Example: "show packets"},
	{View: ViewTime, Target: "",
		Help:    "The virtual time now.",
		Example: "show time"},
}

// PropDoc describes one property of expect.
type PropDoc struct {
	Prop    Prop
	Of      string // "socket", "host" or "" (expect deadlock stands alone)
	Value   string // what follows the property: STATE, SIZE, N or nothing
	Help    string
	Example string
}

// Props is the table of expect's properties, in reference order.
var Props = []PropDoc{
	{Prop: PropState, Of: "socket", Value: "STATE",
		Help: "The connection state, in netstat's, ss's or RFC 9293's spelling (LISTEN, ESTABLISHED or ESTAB, " +
			"SYN-RECEIVED, TIME_WAIT, ...). `tcps help states` lists them.",
		Example: "expect B.c state SYN_SENT"},
	{Prop: PropRecvQ, Of: "socket", Value: "SIZE",
		Help:    "Bytes in RecvQ: arrived, acknowledged, not yet read by the program.",
		Example: "expect A.s recvq 500"},
	{Prop: PropSendQ, Of: "socket", Value: "SIZE",
		Help:    "Bytes in SendQ: written by the program, not yet acknowledged by the peer.",
		Example: "expect B.c sendq 0"},
	{Prop: PropDelivered, Of: "socket", Value: "SIZE",
		Help:    "Bytes the program has read from this socket so far.",
		Example: "expect A.s delivered 1500"},
	{Prop: PropCwnd, Of: "socket", Value: "SIZE",
		Help:    "The sender's congestion window, in bytes.",
		Example: "expect B.c cwnd 14600"},
	{Prop: PropRwnd, Of: "socket", Value: "SIZE",
		Help:    "The peer's receive window as this end last saw it.",
		Example: "expect B.c rwnd 0"},
	{Prop: PropWindow, Of: "socket", Value: "SIZE",
		Help:    "The receive window this end advertises now: RecvQ's free space, at most 65535.",
		Example: "expect A.s window 65535"},
	{Prop: PropAcceptQ, Of: "socket", Value: "N",
		Help:    "Completed connections waiting in a listener's accept queue.",
		Example: "expect A.L acceptq 1"},
	{Prop: PropBlocked, Of: "host", Value: "",
		Help: "The host's (process's, thread's) call is blocked now. A call still blocked at the end is then " +
			"accepted instead of reported as a deadlock.",
		Example: "expect A blocked"},
	{Prop: PropIdle, Of: "host", Value: "",
		Help:    "The host's (process's, thread's) calls have all returned.",
		Example: "expect A idle"},
	{Prop: PropSockets, Of: "host", Value: "N",
		Help:    "The number of socket structures on the host that are not CLOSED.",
		Example: "expect A sockets 2"},
	{Prop: PropDeadlock, Of: "", Value: "",
		Help: "Written alone: run the model until nothing more can happen and require a blocked call that can " +
			"never complete; the deadlock is explained and accepted.",
		Example: "expect deadlock"},
}

// viewNames and propNames are what show and expect accept, from the
// tables (propNames without deadlock, which stands alone).
var viewNames, propNames = func() ([]string, []string) {
	var vs, ps []string
	for _, v := range Views {
		vs = append(vs, string(v.View))
	}
	for _, p := range Props {
		if p.Of != "" {
			ps = append(ps, string(p.Prop))
		}
	}
	return vs, ps
}()

// propDoc finds a property in the table.
func propDoc(p Prop) *PropDoc {
	for i := range Props {
		if Props[i].Prop == p {
			return &Props[i]
		}
	}
	return nil
}

// joinViews lists the views' names: "queues, netstat, ...".
func joinViews() string { return strings.Join(viewNames, ", ") }

// showUsages is each view as show takes it: "show queues [HOST[.SOCK]]; ...".
func showUsages() string {
	parts := make([]string, len(Views))
	for i, v := range Views {
		parts[i] = strings.TrimSpace("show " + string(v.View) + " " + v.Target)
	}
	return strings.Join(parts, "; ")
}

// propList lists the properties of a socket or of a host, with their
// value when it is not a size or state: "blocked, idle, sockets N".
func propList(of string) string {
	var parts []string
	for _, p := range Props {
		if p.Of != of {
			continue
		}
		if p.Value == "N" {
			parts = append(parts, string(p.Prop)+" N")
		} else {
			parts = append(parts, string(p.Prop))
		}
	}
	return strings.Join(parts, ", ")
}
