package export

import (
	"bytes"
	"encoding/binary"
	"strings"
	"testing"

	"github.com/google/gopacket"
	"github.com/google/gopacket/layers"
	"github.com/google/gopacket/pcapgo"

	"github.com/tcps-dev/tcps/lang"
	"github.com/tcps-dev/tcps/runtime"
)

// capture streams a scenario's packets through a pcap or pcapng writer.
func capture(t *testing.T, src string, ng bool) ([]byte, []runtime.PacketRecord) {
	t.Helper()
	prog, err := lang.Check("s.tcps", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	var pw interface {
		WritePacket(*runtime.PacketRecord) error
		Flush() error
	}
	if ng {
		pw, err = NewPcapngWriter(&b)
	} else {
		pw, err = NewPcapWriter(&b)
	}
	if err != nil {
		t.Fatal(err)
	}
	var recs []runtime.PacketRecord
	runtime.Run(prog, runtime.Options{Packet: func(p *runtime.PacketRecord) {
		recs = append(recs, *p)
		if err := pw.WritePacket(p); err != nil {
			t.Fatal(err)
		}
	}})
	if err := pw.Flush(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes(), recs
}

const threeWrites = `set mss 500
host S ip 10.0.0.1
listen *:5000 as L
accept as s
host C ip 10.0.0.2
connect S:5000 as c
settle
C.write 1000
C.write 2000
settle
`

// The payload shows which write each byte came from, so Follow TCP
// Stream shows the writes run together; the first timestamp is not 0.
func TestPcapPayloadByWrite(t *testing.T) {
	data, _ := capture(t, threeWrites, false)
	r, err := pcapgo.NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	var stream []byte
	first := true
	for {
		pkt, ci, err := r.ReadPacketData()
		if err != nil {
			break
		}
		if first && ci.Timestamp.Unix() < 946684800 {
			t.Errorf("first timestamp %v: tcptrace takes a zero base for unset", ci.Timestamp)
		}
		first = false
		p := gopacket.NewPacket(pkt, layers.LayerTypeEthernet, gopacket.Default)
		if tcp, ok := p.Layer(layers.LayerTypeTCP).(*layers.TCP); ok && tcp.DstPort == 5000 {
			stream = append(stream, tcp.Payload...)
		}
	}
	if len(stream) != 3000 {
		t.Fatalf("%d bytes of stream, want 3000", len(stream))
	}
	if !strings.HasPrefix(string(stream), "<write 1><write 1>") || !strings.HasPrefix(string(stream[1000:]), "<write 2><write 2>") {
		t.Errorf("payload does not show its writes: %q ... %q", stream[:20], stream[1000:1020])
	}
	if strings.Contains(string(stream[:1000]), "write 2") || strings.Contains(string(stream[1000:]), "write 1") {
		t.Errorf("a write's bytes carry another write's pattern")
	}
}

// pcapng: a section header, an interface with nanosecond timestamps, one
// enhanced packet block per packet, comments on the packets the model
// explains.
func TestPcapngComments(t *testing.T) {
	src := `set mss 500
host S ip 10.0.0.1
listen *:5000 as L
accept as s
host C ip 10.0.0.2
connect S:5000 as c
settle
drop C->S 1 data
C.write 500
settle
wait 5s
`
	data, recs := capture(t, src, true)
	if binary.LittleEndian.Uint32(data) != ngSHB {
		t.Fatalf("no section header block")
	}
	var comments []string
	packets := 0
	for o := 0; o+12 <= len(data); {
		typ := binary.LittleEndian.Uint32(data[o:])
		l := int(binary.LittleEndian.Uint32(data[o+4:]))
		if l < 12 || o+l > len(data) || binary.LittleEndian.Uint32(data[o+l-4:]) != uint32(l) {
			t.Fatalf("block at %d: bad length %d", o, l)
		}
		if typ == ngEPB {
			packets++
			capLen := int(binary.LittleEndian.Uint32(data[o+20:]))
			opts := data[o+28+(capLen+3)/4*4 : o+l-4]
			for len(opts) >= 4 {
				code, n := binary.LittleEndian.Uint16(opts), int(binary.LittleEndian.Uint16(opts[2:]))
				if code == ngOptEnd {
					break
				}
				if code == ngOptComment {
					comments = append(comments, string(opts[4:4+n]))
				}
				opts = opts[4+(n+3)/4*4:]
			}
		}
		o += l
	}
	if packets != len(recs) {
		t.Errorf("%d packet blocks, %d packets", packets, len(recs))
	}
	joined := strings.Join(comments, "|")
	if !strings.Contains(joined, "dropped by a drop rule") || !strings.Contains(joined, "retransmission") {
		t.Errorf("comments %q: want the drop and the retransmission", comments)
	}
	// gopacket's reader reads the file too.
	r, err := pcapgo.NewNgReader(bytes.NewReader(data), pcapgo.DefaultNgReaderOptions)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for {
		_, ci, err := r.ReadPacketData()
		if err != nil {
			break
		}
		if n == 0 && ci.Timestamp.UnixNano() != PcapBase.UnixNano() {
			t.Errorf("first packet at %v, want %v", ci.Timestamp, PcapBase)
		}
		n++
	}
	if n != len(recs) {
		t.Errorf("pcapgo read %d packets of %d", n, len(recs))
	}
}
