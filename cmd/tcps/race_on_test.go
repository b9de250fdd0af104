//go:build race

package main

// raceEnabled: the race detector slows drawing tenfold; tests that draw
// every lecture figure draw a few (CI draws them all without it).
const raceEnabled = true
