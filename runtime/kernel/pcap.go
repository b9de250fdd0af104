package kernel

import (
	"encoding/binary"
	"io"
)

// WritePcap writes the relay's capture as a pcap file with raw IPv4
// packets (LINKTYPE_RAW), time stamps counted from the start of the run.
// Every packet the relay saw is in it, held, dropped and lost ones too, at
// the time the relay read it.
func WritePcap(w io.Writer, packets []Packet) error {
	var h [24]byte
	binary.LittleEndian.PutUint32(h[0:], 0xa1b2c3d4)
	binary.LittleEndian.PutUint16(h[4:], 2)
	binary.LittleEndian.PutUint16(h[6:], 4)
	binary.LittleEndian.PutUint32(h[16:], 65535)
	binary.LittleEndian.PutUint32(h[20:], 101) // LINKTYPE_RAW
	if _, err := w.Write(h[:]); err != nil {
		return err
	}
	for _, p := range packets {
		var r [16]byte
		us := p.At.Microseconds()
		binary.LittleEndian.PutUint32(r[0:], uint32(us/1e6))
		binary.LittleEndian.PutUint32(r[4:], uint32(us%1e6))
		binary.LittleEndian.PutUint32(r[8:], uint32(len(p.Data)))
		binary.LittleEndian.PutUint32(r[12:], uint32(len(p.Data)))
		if _, err := w.Write(r[:]); err != nil {
			return err
		}
		if _, err := w.Write(p.Data); err != nil {
			return err
		}
	}
	return nil
}
