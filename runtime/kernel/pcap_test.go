package kernel

import (
	"bytes"
	"testing"

	"github.com/google/gopacket"
	"github.com/google/gopacket/layers"
	"github.com/google/gopacket/pcapgo"
)

// render pcap --kernel: the relay's capture reads back as raw IPv4, every
// packet in it, the SYN first.
func TestPcap(t *testing.T) {
	needKernel(t)
	res, _ := runTrace(t, check(t, "refused.tcps", "host S ip 10.0.0.1\nhost C ip 10.0.0.2\nconnect S:81 as c expect ECONNREFUSED\n"))
	if len(res.Packets) != 2 {
		t.Fatalf("%d packets, want the SYN and the RST", len(res.Packets))
	}
	var buf bytes.Buffer
	if err := WritePcap(&buf, res.Packets); err != nil {
		t.Fatal(err)
	}
	r, err := pcapgo.NewReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if r.LinkType() != layers.LinkTypeRaw {
		t.Errorf("link type %v", r.LinkType())
	}
	var flags []string
	for {
		data, _, err := r.ReadPacketData()
		if err != nil {
			break
		}
		p := gopacket.NewPacket(data, layers.LayerTypeIPv4, gopacket.Default)
		tcp, _ := p.Layer(layers.LayerTypeTCP).(*layers.TCP)
		if tcp == nil {
			t.Fatalf("not TCP: %v", p)
		}
		switch {
		case tcp.SYN:
			flags = append(flags, "S")
		case tcp.RST:
			flags = append(flags, "R")
		}
	}
	if len(flags) != 2 || flags[0] != "S" || flags[1] != "R" {
		t.Errorf("packets %v, want [S R]", flags)
	}
}
