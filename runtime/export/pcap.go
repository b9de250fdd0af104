package export

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"time"

	"github.com/google/gopacket"
	"github.com/google/gopacket/layers"
	"github.com/google/gopacket/pcapgo"

	"github.com/tcps-dev/tcps/runtime"
)

// The capture file is a classic libpcap file ("pcap", not pcapng) with
// nanosecond timestamps and Ethernet link type, written by gopacket's
// pure-Go pcapgo; Wireshark, tshark and tcpdump read it.
const pcapSnapLen = 262144

// PcapBase is the capture's time zero: virtual time t is the timestamp
// PcapBase + t. Not the Unix epoch: tcptrace and other tools take a zero
// first timestamp for "unset" and report wrong elapsed times.
var PcapBase = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// WritePcap writes every packet of a recorded run as a pcap capture.
// See PcapWriter for what the file holds.
func WritePcap(w io.Writer, res *runtime.Result) error {
	pw, err := NewPcapWriter(w)
	if err != nil {
		return err
	}
	for i := range res.Packets {
		if err := pw.WritePacket(&res.Packets[i]); err != nil {
			return err
		}
	}
	return pw.Flush()
}

// PcapWriter writes packets to a pcap capture one at a time, as a run
// makes them (runtime.Options.Packet), so a capture of any size takes
// constant memory.
//
// Each packet is captured where it was sent, when it was sent, so a
// segment that a drop rule lost or that the link held back is in the file
// too (Wireshark then sees a retransmission, not a gap). Timestamps are
// virtual time counted from the Unix epoch: a packet sent at t=3ms has
// timestamp PcapBase + 3ms, 2000-01-01 00:00:00.003 UTC. Sequence numbers
// are the model's modulo 2^32 (every ISN is 0); the payload shows which
// write each byte came from (payloadBytes); SYNs carry the MSS option. MAC addresses are made from the IP addresses
// (02:00:a:b:c:d), and the IPv4 identification counts the packets each
// address sent.
type PcapWriter struct {
	bw  *bufio.Writer
	pw  *pcapgo.Writer
	ids map[runtime.Addr]uint16
	buf gopacket.SerializeBuffer
	n   int
}

// NewPcapWriter writes the file header to w and returns the writer of
// the packets. Call Flush at the end.
func NewPcapWriter(w io.Writer) (*PcapWriter, error) {
	bw := bufio.NewWriter(w)
	pw := pcapgo.NewWriterNanos(bw)
	if err := pw.WriteFileHeader(pcapSnapLen, layers.LinkTypeEthernet); err != nil {
		return nil, err
	}
	return &PcapWriter{bw: bw, pw: pw, ids: map[runtime.Addr]uint16{}, buf: gopacket.NewSerializeBuffer()}, nil
}

// WritePacket appends one packet to the capture.
func (w *PcapWriter) WritePacket(p *runtime.PacketRecord) error {
	w.n++
	w.ids[p.Seg.SrcIP]++
	data, err := packetBytes(w.buf, p, w.ids[p.Seg.SrcIP])
	if err != nil {
		return fmt.Errorf("packet %d: %w", w.n, err)
	}
	ci := gopacket.CaptureInfo{Timestamp: pcapTime(p.At), CaptureLength: len(data), Length: len(data)}
	return w.pw.WritePacket(ci, data)
}

// pcapTime is the capture timestamp of virtual time t.
func pcapTime(t runtime.Time) time.Time {
	return PcapBase.Add(time.Duration(max(int64(t), 0)))
}

// payloadBytes fills a segment's payload so that it shows which write
// each byte came from: write N's bytes repeat "<write N>", cut where the
// write's bytes are cut, so Wireshark's Follow TCP Stream shows the
// writes run together in the byte stream while segments and reads cut it
// elsewhere. Bytes of unknown provenance are '.'.
func payloadBytes(p *runtime.PacketRecord, n int) []byte {
	out := make([]byte, n)
	for i := range out {
		out[i] = '.'
	}
	first := p.Seg.Seq - 1 // the payload's first stream offset
	for _, r := range p.Writes {
		if r.Write <= 0 {
			continue
		}
		pat := "<write " + itoa(int64(r.Write)) + ">"
		for o := max(r.First, first); o <= min(r.Last, first+int64(n)-1); o++ {
			i := o - first
			out[i] = pat[(o-r.First)%int64(len(pat))]
		}
	}
	return out
}

// Flush writes what is buffered.
func (w *PcapWriter) Flush() error { return w.bw.Flush() }

// macOf makes a locally administered MAC address from an IPv4 address.
func macOf(a runtime.Addr) net.HardwareAddr {
	return net.HardwareAddr{0x02, 0x00, byte(a >> 24), byte(a >> 16), byte(a >> 8), byte(a)}
}

// packetBytes serializes one segment as an Ethernet frame with IPv4 and
// TCP headers, lengths and checksums filled in. The returned slice is
// valid until buf is used again.
func packetBytes(buf gopacket.SerializeBuffer, p *runtime.PacketRecord, id uint16) ([]byte, error) {
	seg := &p.Seg
	eth := &layers.Ethernet{
		SrcMAC:       macOf(seg.SrcIP),
		DstMAC:       macOf(seg.DstIP),
		EthernetType: layers.EthernetTypeIPv4,
	}
	src, dst := seg.SrcIP.NetIP().As4(), seg.DstIP.NetIP().As4()
	ip := &layers.IPv4{
		Version:  4,
		IHL:      5,
		Id:       id,
		Flags:    layers.IPv4DontFragment,
		TTL:      64,
		Protocol: layers.IPProtocolTCP,
		SrcIP:    net.IP(src[:]),
		DstIP:    net.IP(dst[:]),
	}
	win := seg.Win
	win = max(min(win, 65535), 0)
	tcp := &layers.TCP{
		SrcPort: layers.TCPPort(seg.SrcPort),
		DstPort: layers.TCPPort(seg.DstPort),
		Seq:     uint32(seg.Seq),
		FIN:     seg.Flags&runtime.FIN != 0,
		SYN:     seg.Flags&runtime.SYN != 0,
		RST:     seg.Flags&runtime.RST != 0,
		PSH:     seg.Flags&runtime.PSH != 0,
		ACK:     seg.Flags&runtime.ACK != 0,
		Window:  uint16(win),
	}
	if tcp.ACK {
		tcp.Ack = uint32(seg.Ack)
	}
	if seg.MSS != 0 {
		tcp.Options = []layers.TCPOption{{
			OptionType:   layers.TCPOptionKindMSS,
			OptionLength: 4,
			OptionData:   []byte{byte(seg.MSS >> 8), byte(seg.MSS)},
		}}
	}
	if err := tcp.SetNetworkLayerForChecksum(ip); err != nil {
		return nil, err
	}
	n := max(int(seg.Len), 0)
	if n > 65535-20-24 {
		return nil, fmt.Errorf("%d bytes of payload do not fit in an IPv4 packet", n)
	}
	if err := buf.Clear(); err != nil {
		return nil, err
	}
	opts := gopacket.SerializeOptions{FixLengths: true, ComputeChecksums: true}
	if err := gopacket.SerializeLayers(buf, opts, eth, ip, tcp, gopacket.Payload(payloadBytes(p, n))); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
