// Package kernel runs a checked tcps program on the running Linux kernel
// instead of the model: every machine is an anonymous network namespace
// with a TUN device, every call is a real system call on a real socket made
// by an OS thread locked into that namespace, and the links between the
// machines are a relay in this process that reads IPv4 packets from one
// TUN device and writes them into another, applying the program's delays,
// holds and drops. The trace has the model's form; its times are real
// elapsed time. docs/kernel.md explains the mode and what differs.
//
//	check.go   what the kernel mode refuses, and the real-time budget
//	netns.go   namespaces, TUN devices, addresses and routes; cleanup
//	relay.go   the links: delay, hold / deliver / release / drop; tcpdump lines
//	diag.go    socket structures and their states, from sock_diag
//	calls.go   the threads and their system calls
//	run.go     executing a program's statements; show and expect
//	compare.go the model and the kernel side by side
package kernel
