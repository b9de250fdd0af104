package export

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/tcps-dev/tcps/lang"
	"github.com/tcps-dev/tcps/runtime"
)

// byteStream is the lecture's byte-stream scenario (the book's figure
// "after three writes").
var byteStream = filepath.Join("..", "..", "scenarios", "lecture", "03-byte-stream.tcps")

// everything exercises every view and every kind of packet record: a
// drop (and its retransmission), held segments, SYNs to an address no
// host owns, a loopback connection, and a note full of markup.
const everything = `# every view, every packet kind
set mss 500
host S ips 10.1.2.3,192.168.3.2
listen *:99 as L
accept as s
host C ip 172.16.1.10
connect 10.1.2.3:99 as c
host X ip 10.7.7.7
connect 10.9.9.9:7 as lost
settle
show sockets
show netstat
show ss
show demux S 172.16.1.10:56789 > 10.1.2.3:99
drop C->S 1 data
C.c.write 3000
settle
show windows
note "a <note> & \"quotes\" | pipes *stars* _under_"
show queues
hold C->S
C.c.write 1000
deliver C->S 1
settle
release C->S
settle
show ladder
S.read 4000 expect 4000
host L ip 10.5.5.5
listen *:7000 as LL
connect 127.0.0.1:7000 as lc
settle
show time
show demux S all
`

// run checks and runs a scenario with recording on, as tcps render does,
// and returns the program, the result and the trace (at level all, so
// that it prints every packet).
func run(t *testing.T, name string, src []byte) (*lang.Program, *runtime.Result, string) {
	t.Helper()
	prog, err := lang.Check(name, src)
	if err != nil {
		t.Fatalf("check %s: %v", name, err)
	}
	var trace bytes.Buffer
	res := runtime.Run(prog, runtime.Options{Record: true, Trace: &trace, Level: "all"})
	if res.Err != nil && res.InputErr {
		t.Fatalf("run %s: %v\n%s", name, res.Err, trace.String())
	}
	return prog, res, trace.String()
}

func runFile(t *testing.T, path string) (*lang.Program, *runtime.Result, string) {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return run(t, path, src)
}

// packetLine matches a packet line of the trace, as tcpdump prints it.
var packetLine = regexp.MustCompile(`(?m)^t=[0-9.]+ms [0-9.]+\.[0-9]+ > [0-9.]+\.[0-9]+: Flags \[`)
