package export

import (
	"encoding/binary"
	"fmt"

	"github.com/tcps-dev/tcps/runtime"
)

// The bytes of one captured packet: an Ethernet II frame holding an IPv4
// header (20 bytes, no options) and a TCP header (20 bytes, or 24 with the
// MSS option of a SYN), then the payload (fillPayload: which write each
// byte came from). Written by hand,
// with the lengths and checksums that RFC 791 and RFC 793 define, so that
// the capture formats need no packet library (a library that registers
// every protocol it knows at start-up costs every tcps command time).

const (
	ethHeaderLen = 14
	ipHeaderLen  = 20
	tcpHeaderLen = 20
	ethMinFrame  = 60 // frames shorter than this are padded with zeros
)

// maxPayload is the most payload one IPv4 packet can carry after the
// headers (with room for the MSS option).
const maxPayload = 65535 - ipHeaderLen - tcpHeaderLen - 4

// appendFrame appends the frame of packet p to dst; id is the IPv4
// identification.
func appendFrame(dst []byte, p *runtime.PacketRecord, id uint16) ([]byte, error) {
	seg := &p.Seg
	n := max(int(seg.Len), 0)
	if n > maxPayload {
		return dst, fmt.Errorf("%d bytes of payload do not fit in an IPv4 packet", n)
	}
	tcpLen := tcpHeaderLen
	if seg.MSS != 0 {
		tcpLen += 4
	}
	ipLen := ipHeaderLen + tcpLen + n
	start := len(dst)
	frameLen := max(ethHeaderLen+ipLen, ethMinFrame)
	dst = append(dst, make([]byte, frameLen)...)
	f := dst[start:]
	be := binary.BigEndian

	// Ethernet: destination and source MAC (made from the addresses),
	// then the type, IPv4.
	copy(f[0:6], macOf(seg.DstIP))
	copy(f[6:12], macOf(seg.SrcIP))
	be.PutUint16(f[12:], 0x0800)

	ip := f[ethHeaderLen : ethHeaderLen+ipHeaderLen]
	ip[0] = 4<<4 | ipHeaderLen/4 // version 4, header length in words
	be.PutUint16(ip[2:], uint16(ipLen))
	be.PutUint16(ip[4:], id)
	be.PutUint16(ip[6:], 0x4000) // don't fragment
	ip[8] = 64                   // TTL
	ip[9] = 6                    // TCP
	be.PutUint32(ip[12:], uint32(seg.SrcIP))
	be.PutUint32(ip[16:], uint32(seg.DstIP))
	be.PutUint16(ip[10:], ^fold(onesAdd(0, ip)))

	tcp := f[ethHeaderLen+ipHeaderLen : ethHeaderLen+ipLen]
	be.PutUint16(tcp[0:], seg.SrcPort)
	be.PutUint16(tcp[2:], seg.DstPort)
	be.PutUint32(tcp[4:], uint32(seg.Seq))
	if seg.Flags&runtime.ACK != 0 {
		be.PutUint32(tcp[8:], uint32(seg.Ack))
	}
	tcp[12] = byte(tcpLen/4) << 4
	var flags byte
	for _, fl := range [...]struct {
		model runtime.Flags
		bit   byte
	}{{runtime.FIN, 0x01}, {runtime.SYN, 0x02}, {runtime.RST, 0x04}, {runtime.PSH, 0x08}, {runtime.ACK, 0x10}} {
		if seg.Flags&fl.model != 0 {
			flags |= fl.bit
		}
	}
	tcp[13] = flags
	be.PutUint16(tcp[14:], uint16(max(min(seg.Win, 65535), 0)))
	if seg.MSS != 0 {
		tcp[20], tcp[21] = 2, 4 // kind MSS, length 4
		be.PutUint16(tcp[22:], seg.MSS)
	}
	fillPayload(tcp[tcpLen:], p)
	// The checksum covers a pseudo-header (addresses, protocol, TCP
	// length), the header and the payload.
	s := onesAdd(0, ip[12:20])
	s += 6 + uint32(tcpLen+n)
	s = onesAdd(s, tcp)
	be.PutUint16(tcp[16:], ^fold(s))
	return dst, nil
}

// onesAdd adds b to s as big-endian 16-bit words (an odd last byte is the high
// half of a word), the Internet checksum's sum before folding.
func onesAdd(s uint32, b []byte) uint32 {
	for i := 0; i+1 < len(b); i += 2 {
		s += uint32(b[i])<<8 | uint32(b[i+1])
	}
	if len(b)%2 == 1 {
		s += uint32(b[len(b)-1]) << 8
	}
	return s
}

// fold adds the carries back into 16 bits (one's-complement addition).
func fold(s uint32) uint16 {
	for s > 0xffff {
		s = s>>16 + s&0xffff
	}
	return uint16(s)
}
