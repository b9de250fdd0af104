// Command tcps runs .tcps scenarios against a model of the kernel's TCP
// socket structures. See `tcps help` and docs/.
package main

import (
	"os"
)

func main() {
	os.Exit(Main(os.Args[1:], os.Stdout, os.Stderr))
}
