package kernel

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tcps-dev/tcps/lang"
)

// needKernel skips a test that cannot make namespaces here.
func needKernel(t *testing.T) {
	t.Helper()
	if err := Available(); err != nil {
		t.Skipf("kernel mode unavailable: %v", err)
	}
}

func load(t *testing.T, path string) *lang.Program {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("..", "..", path))
	if err != nil {
		t.Fatal(err)
	}
	return check(t, path, string(src))
}

func check(t *testing.T, name, src string) *lang.Program {
	t.Helper()
	prog, err := lang.Check(name, []byte(src))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return prog
}

func runTrace(t *testing.T, prog *lang.Program) (*Result, string) {
	t.Helper()
	var buf bytes.Buffer
	res := Run(prog, Options{Trace: &buf})
	if res.Err != nil {
		t.Fatalf("run: %v\n%s", res.Err, buf.String())
	}
	if testing.Verbose() {
		t.Logf("trace:\n%s", buf.String())
	}
	return res, buf.String()
}

func TestCard(t *testing.T) {
	needKernel(t)
	res, trace := runTrace(t, load(t, "scenarios/card/card.tcps"))
	_ = res // B.read's 1500 depends on timing: the wait is 5 ms of real time
	for _, want := range []string{"A.0 CLOSE -> LISTEN", "A.listen(*:99) = 0", "B.0 SYN_SENT -> ESTABLISHED",
		"new structure derived from A.0 (LISTEN *:99)", "Flags [S.], seq 0, ack 1", "A.write(1500) = 1500", "B.read(1500) = "} {
		if !strings.Contains(trace, want) {
			t.Errorf("trace lacks %q:\n%s", want, trace)
		}
	}
}
