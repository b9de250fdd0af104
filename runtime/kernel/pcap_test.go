package kernel

import (
	"bytes"
	"encoding/binary"
	"testing"
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
	// The file read by hand: a 24-byte header (microseconds, LINKTYPE_RAW
	// 101), then records of a 16-byte header and an IPv4 packet.
	b := buf.Bytes()
	le := binary.LittleEndian
	if len(b) < 24 || le.Uint32(b) != 0xa1b2c3d4 {
		t.Fatalf("not a pcap file: % x", b[:min(len(b), 24)])
	}
	if lt := le.Uint32(b[20:]); lt != 101 {
		t.Errorf("link type %d, want 101 (raw IPv4)", lt)
	}
	var flags []string
	for b = b[24:]; len(b) >= 16; {
		n := int(le.Uint32(b[8:]))
		if n > len(b)-16 {
			t.Fatalf("a record of %d bytes, %d left", n, len(b)-16)
		}
		ip := b[16 : 16+n]
		b = b[16+n:]
		if len(ip) < 20 || ip[0]>>4 != 4 || ip[9] != 6 || len(ip) < int(ip[0]&15)*4+20 {
			t.Fatalf("not IPv4 with TCP: % x", ip)
		}
		switch tcpFlags := ip[int(ip[0]&15)*4+13]; {
		case tcpFlags&0x02 != 0: // SYN
			flags = append(flags, "S")
		case tcpFlags&0x04 != 0: // RST
			flags = append(flags, "R")
		}
	}
	if len(flags) != 2 || flags[0] != "S" || flags[1] != "R" {
		t.Errorf("packets %v, want [S R]", flags)
	}
}
