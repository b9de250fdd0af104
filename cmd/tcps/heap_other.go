//go:build !linux

package main

// prepareHeap is lang.Limits.Sized for tcps. Only Linux is advised to
// back a large scenario's heap with large pages (heap_linux.go).
func prepareHeap(stmts, hosts int) {}
