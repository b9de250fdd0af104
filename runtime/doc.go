// Package runtime is the model: a deterministic discrete-event simulation of
// the kernel's TCP socket structures, driven by a checked lang.Program.
//
// Everything happens on one goroutine in integer virtual time (Time, in
// nanoseconds); events happen in order of time and, at one instant, in the
// order they were queued; nothing reads
// the wall clock, draws unseeded random numbers or iterates a map into the
// output. The same program gives a byte-identical trace on every run.
//
// The files follow the lecture, and the way gVisor's netstack splits TCP,
// so that each idea has one home:
//
//	sim.go        the virtual clock (saturating), the calendar of events; the table of structures
//	network.go    links, delay, hold / deliver / drop
//	host.go       hosts, addresses, ephemeral ports, threads and their programs' descriptors
//	socket.go     the socket structure: state, addresses, SendQ, RecvQ, Delivered
//	demux.go      which structure an arriving packet belongs to (fewest wildcards wins)
//	ehash.go      the 4-tuple table of connected structures (Linux's established hash)
//	bind.go       bind conflicts (SO_REUSEADDR, SO_REUSEPORT)
//	handshake.go  SYN, SYN-ACK, ACK; the structure derived from a listener
//	accept.go     the accept queue and the backlog
//	sender.go     segmentation, the window, congestion control, retransmission
//	receiver.go   RecvQ, acknowledgements, the advertised window, window updates
//	timers.go     retransmission, persist (zero-window probes), TIME_WAIT
//	close.go      FIN and RST, the closing states
//	calls.go      the socket calls, how they block, and a thread's queue of them
//	errno.go      why a call is refused: one reason template per cause
//	deadlock.go   when nothing more can happen, and why each call waits
//	views.go      netstat, ss, the book's socket table, queue pictures, demux
//	trace.go      the trace lines
//	memory.go     the memory budget (set maxmemory)
//	run.go        executing a program's statements
package runtime
