package export

import (
	"bytes"
	"testing"

	"github.com/tcps-dev/tcps/lang"
	"github.com/tcps-dev/tcps/runtime"
)

// TestPcapStreamMatchesRecorded: a capture written packet by packet as
// the run makes them (Options.Packet, no Record) is byte for byte the
// capture of the recorded run, and the run then keeps no packets.
func TestPcapStreamMatchesRecorded(t *testing.T) {
	_, res, _ := run(t, "everything.tcps", []byte(everything))
	var want bytes.Buffer
	if err := WritePcap(&want, res); err != nil {
		t.Fatal(err)
	}
	prog, err := lang.Check("everything.tcps", []byte(everything))
	if err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	pw, err := NewPcapWriter(&got)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	streamed := runtime.Run(prog, runtime.Options{Packet: func(p *runtime.PacketRecord) {
		n++
		if err := pw.WritePacket(p); err != nil {
			t.Fatal(err)
		}
	}})
	if err := pw.Flush(); err != nil {
		t.Fatal(err)
	}
	if n != len(res.Packets) || n == 0 {
		t.Errorf("the hook saw %d packets, the record has %d", n, len(res.Packets))
	}
	if !bytes.Equal(got.Bytes(), want.Bytes()) {
		t.Errorf("the streamed capture (%d bytes) differs from the recorded one (%d bytes)", got.Len(), want.Len())
	}
	// The scenario shows a ladder, so the run keeps its packets for it;
	// without Record that is all it keeps.
	if len(streamed.Shows) != 0 {
		t.Errorf("a run without Record kept %d shows", len(streamed.Shows))
	}
}

// TestMaxPackets: Record keeps at most MaxPackets packets and counts the
// others, and the JSON says how many it left out.
func TestMaxPackets(t *testing.T) {
	prog, err := lang.Check("everything.tcps", []byte(everything))
	if err != nil {
		t.Fatal(err)
	}
	all := runtime.Run(prog, runtime.Options{Record: true})
	some := runtime.Run(prog, runtime.Options{Record: true, MaxPackets: 5})
	if len(some.Packets) != 5 || some.PacketsOmitted != int64(len(all.Packets)-5) {
		t.Fatalf("MaxPackets 5: kept %d, omitted %d, of %d", len(some.Packets), some.PacketsOmitted, len(all.Packets))
	}
	var js bytes.Buffer
	if err := WriteJSON(&js, prog, some); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(js.Bytes(), []byte(`"packets_omitted": `)) {
		t.Errorf("the JSON does not count the omitted packets")
	}
	js.Reset()
	WriteJSON(&js, prog, all)
	if bytes.Contains(js.Bytes(), []byte(`packets_omitted`)) {
		t.Errorf("the JSON of a whole run has packets_omitted")
	}
}

// TestMaxShows: Record keeps at most MaxShows shows; JSON and Markdown
// say how many they left out.
func TestMaxShows(t *testing.T) {
	prog, err := lang.Check("everything.tcps", []byte(everything))
	if err != nil {
		t.Fatal(err)
	}
	all := runtime.Run(prog, runtime.Options{Record: true})
	some := runtime.Run(prog, runtime.Options{Record: true, MaxShows: 2})
	if len(some.Shows) != 2 || some.ShowsOmitted != int64(len(all.Shows)-2) || all.ShowsOmitted != 0 {
		t.Fatalf("MaxShows 2: kept %d, omitted %d, of %d", len(some.Shows), some.ShowsOmitted, len(all.Shows))
	}
	var js bytes.Buffer
	WriteJSON(&js, prog, some)
	if !bytes.Contains(js.Bytes(), []byte(`"shows_omitted": `)) {
		t.Errorf("the JSON does not count the omitted shows")
	}
	if md := Markdown(prog, some); !bytes.Contains([]byte(md), []byte("more shows are not rendered")) {
		t.Errorf("the Markdown does not say it left shows out")
	}
	if md := Markdown(prog, all); bytes.Contains([]byte(md), []byte("not rendered")) {
		t.Errorf("the Markdown of every show says it left some out")
	}
}
