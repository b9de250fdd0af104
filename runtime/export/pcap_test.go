package export

import (
	"bytes"
	"encoding/binary"
	"testing"

	"github.com/tcps-dev/tcps/runtime"
)

// capRecord is one record of a pcap file, read back by the test's own
// reader (independent of the writer).
type capRecord struct {
	sec, nsec uint32
	data      []byte
	origLen   uint32
}

func readPcap(t *testing.T, b []byte) (linkType uint32, recs []capRecord) {
	t.Helper()
	if len(b) < 24 {
		t.Fatalf("pcap: %d bytes, shorter than the file header", len(b))
	}
	le := binary.LittleEndian
	if m := le.Uint32(b); m != 0xa1b23c4d {
		t.Fatalf("pcap magic %#x, want 0xa1b23c4d (little-endian, nanoseconds)", m)
	}
	if maj, min := le.Uint16(b[4:]), le.Uint16(b[6:]); maj != 2 || min != 4 {
		t.Fatalf("pcap version %d.%d, want 2.4", maj, min)
	}
	snap := le.Uint32(b[16:])
	linkType = le.Uint32(b[20:])
	b = b[24:]
	for len(b) > 0 {
		if len(b) < 16 {
			t.Fatalf("pcap: %d stray bytes at the end", len(b))
		}
		r := capRecord{sec: le.Uint32(b), nsec: le.Uint32(b[4:]), origLen: le.Uint32(b[12:])}
		n := le.Uint32(b[8:])
		if n > snap || int(n) > len(b)-16 {
			t.Fatalf("pcap record %d: length %d (snaplen %d, %d bytes left)", len(recs)+1, n, snap, len(b)-16)
		}
		r.data = b[16 : 16+n]
		if r.nsec >= 1e9 {
			t.Fatalf("pcap record %d: %d nanoseconds", len(recs)+1, r.nsec)
		}
		recs = append(recs, r)
		b = b[16+n:]
	}
	return linkType, recs
}

// onesSum is the Internet checksum's one's-complement sum of b, folded.
func onesSum(sum uint32, b []byte) uint32 {
	for i := 0; i+1 < len(b); i += 2 {
		sum += uint32(b[i])<<8 | uint32(b[i+1])
	}
	if len(b)%2 == 1 {
		sum += uint32(b[len(b)-1]) << 8
	}
	for sum > 0xffff {
		sum = sum>>16 + sum&0xffff
	}
	return sum
}

// checkChecksums verifies the IPv4 header and TCP checksums of an
// Ethernet frame by summing the bytes, as a receiver would.
func checkChecksums(t *testing.T, frame []byte) {
	t.Helper()
	ip := frame[14:]
	ihl := int(ip[0]&15) * 4
	if s := onesSum(0, ip[:ihl]); s != 0xffff {
		t.Errorf("IPv4 header checksum does not verify (sum %#x)", s)
	}
	total := int(binary.BigEndian.Uint16(ip[2:]))
	// Ethernet pads frames to 60 bytes: only such frames may carry more
	// than the IP packet.
	if total > len(ip) || total < len(ip) && len(frame) != 60 {
		t.Errorf("IPv4 total length %d, frame carries %d bytes", total, len(ip))
	}
	seg := ip[ihl:total]
	pseudo := make([]byte, 0, 12)
	pseudo = append(pseudo, ip[12:20]...)
	pseudo = append(pseudo, 0, 6, byte(len(seg)>>8), byte(len(seg)))
	if s := onesSum(onesSum(0, pseudo), seg); s != 0xffff {
		t.Errorf("TCP checksum does not verify (sum %#x)", s)
	}
}

func TestPcapRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		name string
		load func(t *testing.T) (*runtime.Result, string)
	}{
		{"byte-stream", func(t *testing.T) (*runtime.Result, string) { _, r, tr := runFile(t, byteStream); return r, tr }},
		{"everything", func(t *testing.T) (*runtime.Result, string) {
			_, r, tr := run(t, "everything.tcps", []byte(everything))
			return r, tr
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, trace := tc.load(t)
			if want := len(packetLine.FindAllString(trace, -1)); len(res.Packets) != want {
				t.Fatalf("%d packet records, the trace prints %d packets", len(res.Packets), want)
			}
			var buf bytes.Buffer
			if err := WritePcap(&buf, res); err != nil {
				t.Fatal(err)
			}
			link, recs := readPcap(t, buf.Bytes())
			if link != 1 {
				t.Fatalf("link type %d, want 1 (Ethernet)", link)
			}
			if len(recs) != len(res.Packets) {
				t.Fatalf("%d packets in the capture, %d recorded", len(recs), len(res.Packets))
			}
			kinds := map[string]int{}
			for i, rec := range recs {
				p := res.Packets[i]
				kinds[p.Kind.String()]++
				if got := int64(rec.sec)*1e9 + int64(rec.nsec) - PcapBase.UnixNano(); got != int64(p.At) {
					t.Errorf("packet %d: timestamp %dns, sent at %dns", i+1, got, int64(p.At))
				}
				if int(rec.origLen) != len(rec.data) {
					t.Errorf("packet %d: truncated (%d of %d bytes)", i+1, len(rec.data), rec.origLen)
				}
				ip, tcp, ok := decodeFrame(rec.data)
				if !ok {
					t.Fatalf("packet %d: not Ethernet, IPv4 and TCP: % x", i+1, rec.data)
				}
				checkChecksums(t, rec.data)
				s := p.Seg
				if ip.src != uint32(s.SrcIP) || ip.dst != uint32(s.DstIP) {
					t.Errorf("packet %d: %#x > %#x, want %v > %v", i+1, ip.src, ip.dst, s.SrcIP, s.DstIP)
				}
				if tcp.srcPort != s.SrcPort || tcp.dstPort != s.DstPort {
					t.Errorf("packet %d: ports %d > %d, want %d > %d", i+1, tcp.srcPort, tcp.dstPort, s.SrcPort, s.DstPort)
				}
				if tcp.seq != uint32(s.Seq) {
					t.Errorf("packet %d: seq %d, want %d", i+1, tcp.seq, uint32(s.Seq))
				}
				wantAck := uint32(0)
				if s.Flags&runtime.ACK != 0 {
					wantAck = uint32(s.Ack)
				}
				if tcp.ack != wantAck {
					t.Errorf("packet %d: ack %d, want %d", i+1, tcp.ack, wantAck)
				}
				got := runtime.Flags(0)
				for _, f := range []struct {
					on bool
					f  runtime.Flags
				}{{tcp.flags&0x01 != 0, runtime.FIN}, {tcp.flags&0x02 != 0, runtime.SYN}, {tcp.flags&0x04 != 0, runtime.RST}, {tcp.flags&0x08 != 0, runtime.PSH}, {tcp.flags&0x10 != 0, runtime.ACK}} {
					if f.on {
						got |= f.f
					}
				}
				if got != s.Flags || tcp.flags&^0x1f != 0 || tcp.ns {
					t.Errorf("packet %d: flags [%s], want [%s]", i+1, got, s.Flags)
				}
				if int32(tcp.window) != s.Win {
					t.Errorf("packet %d: window %d, want %d", i+1, tcp.window, s.Win)
				}
				if tcp.payload != int(s.Len) {
					t.Errorf("packet %d: %d bytes of payload, want %d", i+1, tcp.payload, s.Len)
				}
				if tcp.mss != s.MSS {
					t.Errorf("packet %d: MSS option %d, want %d", i+1, tcp.mss, s.MSS)
				}
			}
			if tc.name == "everything" {
				for _, k := range []string{"sent", "dropped", "held", "lost"} {
					if kinds[k] == 0 {
						t.Errorf("no %s packet in the capture (kinds %v): the scenario should make one", k, kinds)
					}
				}
			}
			var again bytes.Buffer
			if err := WritePcap(&again, res); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(buf.Bytes(), again.Bytes()) {
				t.Error("two captures of the same run differ")
			}
		})
	}
}

// ipFields and tcpFields are what decodeFrame reads of a frame.
type ipFields struct{ src, dst uint32 }

type tcpFields struct {
	srcPort, dstPort uint16
	seq, ack         uint32
	flags            byte // FIN 0x01 ... CWR 0x80
	ns               bool
	window           uint16
	mss              uint16 // the MSS option, 0 without one
	payload          int    // bytes after the TCP header, by the IPv4 total length
}

// decodeFrame reads an Ethernet II frame of IPv4 and TCP by the RFCs'
// layouts, on its own (not with the writer's code): every option is
// walked, the lengths must agree.
func decodeFrame(f []byte) (ip ipFields, tcp tcpFields, ok bool) {
	be := binary.BigEndian
	if len(f) < 14+20 || be.Uint16(f[12:]) != 0x0800 {
		return ip, tcp, false
	}
	p := f[14:]
	ihl := int(p[0]&15) * 4
	total := int(be.Uint16(p[2:]))
	if p[0]>>4 != 4 || ihl < 20 || total > len(p) || total < ihl+20 || p[9] != 6 {
		return ip, tcp, false
	}
	ip = ipFields{src: be.Uint32(p[12:]), dst: be.Uint32(p[16:])}
	h := p[ihl:total]
	off := int(h[12]>>4) * 4
	if off < 20 || off > len(h) {
		return ip, tcp, false
	}
	tcp = tcpFields{srcPort: be.Uint16(h[0:]), dstPort: be.Uint16(h[2:]), seq: be.Uint32(h[4:]), ack: be.Uint32(h[8:]),
		flags: h[13], ns: h[12]&1 != 0, window: be.Uint16(h[14:]), payload: len(h) - off}
	for o := h[20:off]; len(o) > 0; {
		switch o[0] {
		case 0: // end of options
			o = nil
			continue
		case 1: // no-op
			o = o[1:]
			continue
		}
		if len(o) < 2 || int(o[1]) < 2 || int(o[1]) > len(o) {
			return ip, tcp, false
		}
		if o[0] == 2 && o[1] == 4 {
			tcp.mss = be.Uint16(o[2:])
		}
		o = o[o[1]:]
	}
	return ip, tcp, true
}

// TestPcapSameRunSameBytes runs the scenario twice: the captures of two
// runs are identical.
func TestPcapSameRunSameBytes(t *testing.T) {
	var a, b bytes.Buffer
	_, r1, _ := runFile(t, byteStream)
	_, r2, _ := runFile(t, byteStream)
	if err := WritePcap(&a, r1); err != nil {
		t.Fatal(err)
	}
	if err := WritePcap(&b, r2); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("two runs of the same scenario give different captures")
	}
}

func TestPcapEmptyRun(t *testing.T) {
	var buf bytes.Buffer
	if err := WritePcap(&buf, &runtime.Result{}); err != nil {
		t.Fatal(err)
	}
	if _, recs := readPcap(t, buf.Bytes()); len(recs) != 0 {
		t.Fatalf("%d packets in the capture of a run without packets", len(recs))
	}
}
