package runtime

import (
	"fmt"
	"unsafe"

	"github.com/tcps-dev/tcps/lang/msg"
)

// The memory budget (set maxmemory). A run's memory is the model's: socket
// structures, listeners' queues, write records and out-of-order spans,
// segments held at a link or on their way (the event queue's slabs), the
// threads' copies of their calls (one for each call in progress or
// queued at the same time), the packets kept for show ladder and show
// packets, and the shows recorded for the exporters. Each is charged
// when it is made, at its real size (unsafe.Sizeof of the Go value, plus
// what its slices grew by), so a scenario that would need more than the
// budget stops with a clear error before the machine runs out of memory.
// Nothing is given back: the charge is what the run has made, an upper
// bound of what it holds.

// Sizes charged per item.
var (
	sockCost     = int64(unsafe.Sizeof(Socket{})) + 8 + 16 + 8 // the structure, its slot in the host's list, in the 4-tuple table (8 bytes, at most half full) and in the bind table
	listenerCost = int64(unsafe.Sizeof(listener{}))
	segCost      = int64(unsafe.Sizeof(Segment{}))
	packetCost   = int64(unsafe.Sizeof(PacketRecord{}))
	writeCost    = int64(unsafe.Sizeof(writeRec{}))
	spanCost     = int64(unsafe.Sizeof(span{}))
	asideCost    = int64(unsafe.Sizeof(aside{}))
	ptrCost      = int64(unsafe.Sizeof((*Socket)(nil)))
	callCost     = int64(unsafe.Sizeof(threadCall{}))
)

// charge adds n bytes to the run's memory and stops the run when the
// total passes maxmemory. The thing is made, so the event that needs it
// completes; the run stops before the next.
func (s *Sim) charge(n int64) {
	s.mem += n
	if s.mem > s.global.maxMemory && s.fatal == nil {
		s.limit(msg.LimitMemory.In(s.prog.Lang, sizeText(s.global.maxMemory)))
	}
}

// chargeGrowth charges what a slice's backing array grew by, from
// capacity before to after, elements of size elem.
func (s *Sim) chargeGrowth(before, after int, elem int64) {
	if after > before {
		s.charge(int64(after-before) * elem)
	}
}

// chargePacket charges one packet kept for the ladder and packet views
// (or the exporters).
func (s *Sim) chargePacket() { s.charge(packetCost) }

// sizeText prints a byte count as the settings write it: 1 GiB, 512 MiB,
// 64 KiB, 1000 bytes.
func sizeText(n int64) string {
	for _, u := range []struct {
		name string
		size int64
	}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}} {
		if n >= u.size && n%u.size == 0 {
			return fmt.Sprintf("%d %s", n/u.size, u.name)
		}
	}
	return fmt.Sprintf("%d bytes", n)
}
