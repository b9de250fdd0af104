package export

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"time"

	"github.com/tcps-dev/tcps/runtime"
)

// The capture file is a classic libpcap file ("pcap", not pcapng) with
// nanosecond timestamps and Ethernet link type: a 24-byte file header,
// then a 16-byte header before each frame (frame.go). Wireshark, tshark
// and tcpdump read it.
const (
	pcapSnapLen   = 262144
	pcapMagicNano = 0xa1b23c4d // little-endian, nanosecond timestamps
	linkEthernet  = 1
)

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
	ids map[runtime.Addr]uint16
	buf []byte // the record being written: its header, then the frame
	n   int
}

// NewPcapWriter writes the file header to w and returns the writer of
// the packets. Call Flush at the end.
func NewPcapWriter(w io.Writer) (*PcapWriter, error) {
	bw := bufio.NewWriter(w)
	var h [24]byte
	le := binary.LittleEndian
	le.PutUint32(h[0:], pcapMagicNano)
	le.PutUint16(h[4:], 2) // version 2.4
	le.PutUint16(h[6:], 4)
	// h[8:16]: time zone and timestamp accuracy, both 0
	le.PutUint32(h[16:], pcapSnapLen)
	le.PutUint32(h[20:], linkEthernet)
	if _, err := bw.Write(h[:]); err != nil {
		return nil, err
	}
	return &PcapWriter{bw: bw, ids: map[runtime.Addr]uint16{}}, nil
}

// WritePacket appends one packet to the capture.
func (w *PcapWriter) WritePacket(p *runtime.PacketRecord) error {
	w.n++
	w.ids[p.Seg.SrcIP]++
	var err error
	w.buf, err = appendFrame(append(w.buf[:0], make([]byte, 16)...), p, w.ids[p.Seg.SrcIP])
	if err != nil {
		return fmt.Errorf("packet %d: %w", w.n, err)
	}
	ts := pcapTime(p.At)
	n := uint32(len(w.buf) - 16)
	le := binary.LittleEndian
	le.PutUint32(w.buf[0:], uint32(ts.Unix()))
	le.PutUint32(w.buf[4:], uint32(ts.Nanosecond()))
	le.PutUint32(w.buf[8:], n)  // captured
	le.PutUint32(w.buf[12:], n) // on the wire
	_, err = w.bw.Write(w.buf)
	return err
}

// pcapTime is the capture timestamp of virtual time t.
func pcapTime(t runtime.Time) time.Time {
	return PcapBase.Add(time.Duration(max(int64(t), 0)))
}

// fillPayload fills a segment's payload, out, so that it shows which write
// each byte came from: write N's bytes repeat "<write N>", cut where the
// write's bytes are cut, so Wireshark's Follow TCP Stream shows the
// writes run together in the byte stream while segments and reads cut it
// elsewhere. Bytes of unknown provenance are '.'.
func fillPayload(out []byte, p *runtime.PacketRecord) {
	n := len(out)
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
}

// Flush writes what is buffered.
func (w *PcapWriter) Flush() error { return w.bw.Flush() }

// macOf makes a locally administered MAC address from an IPv4 address.
func macOf(a runtime.Addr) net.HardwareAddr {
	return net.HardwareAddr{0x02, 0x00, byte(a >> 24), byte(a >> 16), byte(a >> 8), byte(a)}
}

// packetBytes makes one packet's frame in *buf (reused from packet to
// packet) and returns it; valid until buf is used again.
func packetBytes(buf *[]byte, p *runtime.PacketRecord, id uint16) ([]byte, error) {
	var err error
	*buf, err = appendFrame((*buf)[:0], p, id)
	return *buf, err
}
