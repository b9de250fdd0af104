package export

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"

	"github.com/tcps-dev/tcps/runtime"
)

// PcapngWriter writes packets as a pcapng capture, the format whose
// packets can carry comments: each packet the model has something to say
// about gets one (Wireshark shows it under "Packet comments" and in the
// packet list with the pkt_comment column or the display filter
// frame.comment). The packets are the same as PcapWriter's.
//
// The comments: why a segment was sent (retransmission, fast
// retransmission, zero-window probe, window update, keep-alive), what
// became of it (held at the link, dropped by a drop rule, lost: no host
// has the address), and the scenario's note statements, on the first
// packet sent after each note.
type PcapngWriter struct {
	bw   *bufio.Writer
	ids  map[runtime.Addr]uint16
	buf  []byte // the frame being written, reused
	n    int
	note string // a note waiting for the next packet
}

// pcapng block types and option codes.
const (
	ngSHB        = 0x0A0D0D0A
	ngIDB        = 1
	ngEPB        = 6
	ngOptEnd     = 0
	ngOptComment = 1
	ngOptTsresol = 9
)

// NewPcapngWriter writes the section header and the one interface
// (Ethernet, nanosecond timestamps) to w.
func NewPcapngWriter(w io.Writer) (*PcapngWriter, error) {
	bw := bufio.NewWriter(w)
	pw := &PcapngWriter{bw: bw, ids: map[runtime.Addr]uint16{}}
	shb := make([]byte, 16)
	binary.LittleEndian.PutUint32(shb[0:], 0x1A2B3C4D)
	binary.LittleEndian.PutUint16(shb[4:], 1)
	binary.LittleEndian.PutUint16(shb[6:], 0)
	binary.LittleEndian.PutUint64(shb[8:], 0xFFFFFFFFFFFFFFFF) // section length unknown
	shb = appendOpt(shb, ngOptComment, []byte("tcps: the model's packets, captured where they were sent"))
	shb = appendOpt(shb, ngOptEnd, nil)
	if err := pw.block(ngSHB, shb); err != nil {
		return nil, err
	}
	idb := make([]byte, 8)
	binary.LittleEndian.PutUint16(idb[0:], 1) // LINKTYPE_ETHERNET
	binary.LittleEndian.PutUint32(idb[4:], pcapSnapLen)
	idb = appendOpt(idb, ngOptTsresol, []byte{9}) // nanoseconds
	idb = appendOpt(idb, ngOptEnd, nil)
	if err := pw.block(ngIDB, idb); err != nil {
		return nil, err
	}
	return pw, nil
}

// appendOpt appends one option, padded to 32 bits.
func appendOpt(b []byte, code uint16, val []byte) []byte {
	var h [4]byte
	binary.LittleEndian.PutUint16(h[0:], code)
	binary.LittleEndian.PutUint16(h[2:], uint16(len(val)))
	b = append(b, h[:]...)
	b = append(b, val...)
	for len(b)%4 != 0 {
		b = append(b, 0)
	}
	return b
}

// block writes one block: type, total length, body, total length.
func (w *PcapngWriter) block(typ uint32, body []byte) error {
	for len(body)%4 != 0 {
		body = append(body, 0)
	}
	var h [8]byte
	total := uint32(12 + len(body))
	binary.LittleEndian.PutUint32(h[0:], typ)
	binary.LittleEndian.PutUint32(h[4:], total)
	if _, err := w.bw.Write(h[:]); err != nil {
		return err
	}
	if _, err := w.bw.Write(body); err != nil {
		return err
	}
	binary.LittleEndian.PutUint32(h[0:], total)
	_, err := w.bw.Write(h[:4])
	return err
}

// Note keeps a scenario note for the comment of the next packet.
func (w *PcapngWriter) Note(text string) {
	if w.note != "" {
		w.note += "; "
	}
	w.note += text
}

// packetComment is what the model says about a packet, or "".
func packetComment(p *runtime.PacketRecord) string {
	var parts []string
	if n := p.Note(); n != "" {
		parts = append(parts, n)
	}
	switch p.Kind.String() {
	case "held":
		parts = append(parts, "held at the link (hold): arrives when released or delivered")
	case "dropped":
		parts = append(parts, "dropped by a drop rule: never arrives")
	case "lost":
		parts = append(parts, "lost: no host has this address")
	}
	s := ""
	for i, x := range parts {
		if i > 0 {
			s += "; "
		}
		s += x
	}
	return s
}

// WritePacket appends one packet, with its comment.
func (w *PcapngWriter) WritePacket(p *runtime.PacketRecord) error {
	w.n++
	w.ids[p.Seg.SrcIP]++
	data, err := packetBytes(&w.buf, p, w.ids[p.Seg.SrcIP])
	if err != nil {
		return fmt.Errorf("packet %d: %w", w.n, err)
	}
	ts := uint64(pcapTime(p.At).UnixNano())
	body := make([]byte, 20, 20+len(data)+64)
	binary.LittleEndian.PutUint32(body[0:], 0) // interface 0
	binary.LittleEndian.PutUint32(body[4:], uint32(ts>>32))
	binary.LittleEndian.PutUint32(body[8:], uint32(ts))
	binary.LittleEndian.PutUint32(body[12:], uint32(len(data)))
	binary.LittleEndian.PutUint32(body[16:], uint32(len(data)))
	body = append(body, data...)
	for len(body)%4 != 0 {
		body = append(body, 0)
	}
	comment := packetComment(p)
	if w.note != "" {
		if comment != "" {
			comment = "note: " + w.note + "; " + comment
		} else {
			comment = "note: " + w.note
		}
		w.note = ""
	}
	if comment != "" {
		if len(comment) > 60000 {
			comment = comment[:60000]
		}
		body = appendOpt(body, ngOptComment, []byte(comment))
		body = appendOpt(body, ngOptEnd, nil)
	}
	return w.block(ngEPB, body)
}

// Flush writes what is buffered.
func (w *PcapngWriter) Flush() error { return w.bw.Flush() }
