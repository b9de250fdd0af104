package export

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func decodeTrace(t *testing.T, b []byte) *Trace {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var tr Trace
	if err := dec.Decode(&tr); err != nil {
		t.Fatalf("the JSON does not decode: %v", err)
	}
	if dec.More() {
		t.Fatal("more than one JSON value")
	}
	return &tr
}

func TestJSONByteStream(t *testing.T) {
	prog, res, trace := runFile(t, byteStream)
	var buf bytes.Buffer
	if err := WriteJSON(&buf, prog, res); err != nil {
		t.Fatal(err)
	}
	tr := decodeTrace(t, buf.Bytes())
	if tr.Schema != "tcps-trace/1" || tr.Scenario != byteStream {
		t.Errorf("schema %q scenario %q", tr.Schema, tr.Scenario)
	}
	if len(tr.Hosts) != 2 || tr.Hosts[0].Name != "S" || tr.Hosts[1].Name != "C" || tr.Hosts[1].Addrs[0] != "10.0.0.2" {
		t.Errorf("hosts %+v, want S and C (10.0.0.2)", tr.Hosts)
	}
	// Every packet the trace prints is in the JSON, in the same order.
	lines := packetLine.FindAllStringIndex(trace, -1)
	if len(tr.Packets) != len(lines) || len(lines) == 0 {
		t.Fatalf("%d packets in the JSON, the trace prints %d", len(tr.Packets), len(lines))
	}
	for i, p := range tr.Packets {
		line := trace[lines[i][0]:]
		line = line[:strings.IndexByte(line, '\n')]
		if p.Index != i+1 || !strings.Contains(line, p.Line) || !strings.HasPrefix(line, "t="+p.Time+" ") {
			t.Errorf("packet %d: %+v\ndoes not match the trace line %q", i+1, p, line)
		}
	}
	syn := tr.Packets[0]
	if syn.Flags != "S" || len(syn.FlagSet) != 1 || syn.FlagSet[0] != "SYN" || syn.From != "C" || syn.To != "S" ||
		syn.Src != "10.0.0.2:32768" || syn.Dst != "10.0.0.1:5000" || syn.MSS != 500 || syn.Kind != "sent" || syn.TimeNS != 0 {
		t.Errorf("first packet %+v, want C's SYN with MSS 500", syn)
	}
	held := 0
	for _, p := range tr.Packets {
		if p.Kind == "held" {
			held++
		}
	}
	if held != 16 {
		t.Errorf("%d held packets, want the 16 data segments of 8000 bytes (mss 500)", held)
	}

	// The book's figure "after three writes": SendQ 6500, RecvQ 1500,
	// Delivered 0.
	if len(tr.Shows) != 3 {
		t.Fatalf("%d shows, want 3", len(tr.Shows))
	}
	s := tr.Shows[0]
	if s.View != "queues" || s.Note != "after three writes" || s.Line != 21 || s.TimeNS != 4_000_000 {
		t.Errorf("first show: view %q note %q line %d time %d", s.View, s.Note, s.Line, s.TimeNS)
	}
	if len(s.Connections) != 1 || len(s.Connections[0].Directions) != 1 {
		t.Fatalf("first show: %+v, want one connection, one direction", s.Connections)
	}
	d := s.Connections[0].Directions[0]
	if d.Sender != "C.0" || d.Receiver != "S.1" {
		t.Errorf("direction %s -> %s, want C.0 -> S.1", d.Sender, d.Receiver)
	}
	if d.SendQ.Bytes != 6500 || d.RecvQ.Bytes != 1500 || d.Delivered.Bytes != 0 || d.InFlight.Bytes != 6500 {
		t.Errorf("SendQ %d RecvQ %d Delivered %d in flight %d, want 6500 1500 0 6500",
			d.SendQ.Bytes, d.RecvQ.Bytes, d.Delivered.Bytes, d.InFlight.Bytes)
	}
	if want := []Range{{2, 1500, 2999, 1500}, {3, 3000, 7999, 5000}}; !sameRanges(d.SendQ.Ranges, want) {
		t.Errorf("SendQ ranges %+v, want %+v", d.SendQ.Ranges, want)
	}
	if want := []Range{{1, 0, 999, 1000}, {2, 1000, 1499, 500}}; !sameRanges(d.RecvQ.Ranges, want) {
		t.Errorf("RecvQ ranges %+v, want %+v", d.RecvQ.Ranges, want)
	}
	if d.Delivered.Ranges == nil || len(d.Delivered.Ranges) != 0 {
		t.Errorf("Delivered ranges %#v, want an empty list", d.Delivered.Ranges)
	}
	// After the first read, 1500 bytes are delivered.
	if got := tr.Shows[1].Connections[0].Directions[0].Delivered.Bytes; got != 1500 || tr.Shows[1].Note != "after the first read" {
		t.Errorf("second show: delivered %d (note %q), want 1500", got, tr.Shows[1].Note)
	}
	if tr.Result.ExitCode != 0 || tr.Result.Failures != 0 || tr.Result.Error != nil || tr.Result.Segments != int64(len(tr.Packets)) {
		t.Errorf("result %+v", tr.Result)
	}
	// Arrays are never null, so that consumers need no special case.
	if strings.Count(buf.String(), "null") != 1 || !strings.Contains(buf.String(), `"error": null`) {
		t.Error("the JSON has a null other than result.error")
	}

	var again bytes.Buffer
	if err := WriteJSON(&again, prog, res); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), again.Bytes()) {
		t.Error("two renderings of the same run differ")
	}
}

func sameRanges(a, b []Range) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestJSONTablesAndFailure(t *testing.T) {
	src := everything + "expect S.s recvq 12345\n"
	prog, res, _ := run(t, "everything.tcps", []byte(src))
	var buf bytes.Buffer
	if err := WriteJSON(&buf, prog, res); err != nil {
		t.Fatal(err)
	}
	tr := decodeTrace(t, buf.Bytes())
	if tr.Result.ExitCode != 1 || tr.Result.Failures != 1 {
		t.Errorf("result %+v, want exit code 1 with one failure", tr.Result)
	}
	views := map[string]*Show{}
	for i := range tr.Shows {
		if views[tr.Shows[i].View] == nil {
			views[tr.Shows[i].View] = &tr.Shows[i]
		}
	}
	sk := views["sockets"]
	if sk == nil || len(sk.Tables) != 4 || len(sk.Tables[3].Rows) != 0 || sk.Tables[3].Title != "socket structures of L" {
		t.Fatalf("show sockets: %+v, want a table per host (S, C, X, and L without structures yet)", sk)
	}
	if h := sk.Tables[0].Header; len(h) < 2 || h[0] != "#" || h[1] != "State" {
		t.Errorf("socket table header %q", h)
	}
	if rows := sk.Tables[0].Rows; len(rows) != 2 || rows[0][1] != "LISTEN" || rows[1][1] != "ESTABLISHED" {
		t.Errorf("S's socket table rows %q, want LISTEN then ESTABLISHED", rows)
	}
	if dm := views["demux"]; dm == nil || len(dm.Tables) != 1 || dm.Tables[0].Rows[0][len(dm.Tables[0].Rows[0])-1] != "WINNER" {
		t.Errorf("demux: %+v, want structure 0 to win", dm)
	}
	if q := views["queues"]; q == nil || q.Note != `a <note> & "quotes" | pipes *stars* _under_` {
		t.Errorf("queues show: %+v", q)
	}
	kinds := map[string]bool{}
	for _, p := range tr.Packets {
		kinds[p.Kind] = true
		if p.Kind == "lost" && p.To != "" {
			t.Errorf("lost packet %+v has a receiver", p)
		}
	}
	if !kinds["dropped"] || !kinds["held"] || !kinds["lost"] {
		t.Errorf("packet kinds %v, want dropped, held and lost among them", kinds)
	}
}
