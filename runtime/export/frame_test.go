package export

import (
	"bytes"
	"encoding/hex"
	"testing"

	"github.com/tcps-dev/tcps/runtime"
)

// frameCases are segments that cover every header field: the flags, the
// MSS option, a window over 65535 and one below 0, sequence numbers past
// 2^32, a payload under the 60-byte frame minimum that spans two writes
// and bytes of no write, and the largest payload.
func frameCases() []runtime.PacketRecord {
	a, b := runtime.Addr(10<<24|1), runtime.Addr(192<<24|168<<16|1)
	segs := []runtime.Segment{
		{SrcIP: a, DstIP: b, SrcPort: 40000, DstPort: 80, Flags: runtime.SYN, MSS: 1460, Win: 65535},
		{SrcIP: b, DstIP: a, SrcPort: 80, DstPort: 40000, Flags: runtime.SYN | runtime.ACK, Ack: 1, MSS: 536, Win: 100000},
		{SrcIP: a, DstIP: b, SrcPort: 40000, DstPort: 80, Flags: runtime.ACK, Seq: 1, Ack: 1, Win: 64240},
		{SrcIP: a, DstIP: b, SrcPort: 40000, DstPort: 80, Flags: runtime.ACK | runtime.PSH, Seq: 1 << 33, Ack: 5, Win: -3, Len: 3},
		{SrcIP: b, DstIP: a, SrcPort: 80, DstPort: 40000, Flags: runtime.FIN | runtime.ACK, Seq: 4000000000, Ack: 77, Win: 0},
		{SrcIP: b, DstIP: a, SrcPort: 80, DstPort: 40000, Flags: runtime.RST, Seq: 9},
		{SrcIP: a, DstIP: b, SrcPort: 40000, DstPort: 80, Flags: runtime.ACK | runtime.PSH, Seq: 1, Ack: 1, Win: 64240, Len: 1460},
		{SrcIP: a, DstIP: a, SrcPort: 1, DstPort: 2, Flags: runtime.ACK, Len: maxPayload},
	}
	recs := make([]runtime.PacketRecord, len(segs))
	for i, seg := range segs {
		recs[i] = runtime.PacketRecord{Seg: seg}
	}
	// The 3-byte payload: the end of write 1 and the start of write 2,
	// then bytes of no known write.
	recs[3].Seg.Seq, recs[3].Seg.Len = 9, 5
	recs[3].Writes = []runtime.ByteRange{{Write: 1, First: 0, Last: 8}, {Write: 2, First: 9, Last: 10}}
	return recs
}

// frameWant are the frames of the first six frameCases (IPv4 id 1, 8, 15,
// ...) as gopacket v1.1.19 serialised them, with lengths and checksums
// fixed and the payload of fillPayload, when tcps wrote its captures with
// it: the hand-written frames are byte for byte the same.
var frameWant = []string{
	"0200c0a8000102000a00000108004500002c00014000400670210a000001c0a800019c40005000000000000000006002ffff30ec0000020405b40000",
	"02000a0000010200c0a8000108004500002c000840004006701ac0a800010a00000100509c4000000000000000016012ffff34770000020402180000",
	"0200c0a8000102000a000001080045000028000f4000400670170a000001c0a800019c40005000000001000000015010faf04da70000000000000000",
	"0200c0a8000102000a00000108004500002d001640004006700b0a000001c0a800019c400050000000090000000550180000651400003e3c772e2e00",
	"02000a0000010200c0a80001080045000028001d400040067009c0a800010a00000100509c40ee6b28000000004d5011000031e00000000000000000",
	"02000a0000010200c0a800010800450000280024400040067002c0a800010a00000100509c40000000090000000050040000489d0000000000000000",
}

func TestFrameBytes(t *testing.T) {
	for i, p := range frameCases() {
		seg := p.Seg
		got, err := appendFrame(nil, &p, uint16(i*7+1))
		if err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		if i < len(frameWant) {
			if want, _ := hex.DecodeString(frameWant[i]); !bytes.Equal(got, want) {
				t.Errorf("case %d:\n got %x\nwant %x", i, got, want)
			}
		}
		checkChecksums(t, got)
		if want := max(14+20+20+int(seg.Len)+map[bool]int{true: 4}[seg.MSS != 0], 60); len(got) != want {
			t.Errorf("case %d: %d bytes, want %d", i, len(got), want)
		}
	}
}

// TestFrameAppends: a frame is appended after what dst holds, which stays.
func TestFrameAppends(t *testing.T) {
	p := frameCases()[0]
	got, err := appendFrame([]byte("head"), &p, 1)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := hex.DecodeString(frameWant[0])
	if string(got[:4]) != "head" || !bytes.Equal(got[4:], want) {
		t.Errorf("got %x", got)
	}
}

func TestFrameTooLong(t *testing.T) {
	p := runtime.PacketRecord{Seg: runtime.Segment{Flags: runtime.ACK, Len: maxPayload + 1}}
	if _, err := appendFrame(nil, &p, 1); err == nil {
		t.Error("a payload past an IPv4 packet was framed")
	}
}
