package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzCLI runs Main on random file contents under a few argument shapes:
// it never panics (a recovered panic is exit 3, which fails here), exits
// 0, 1 or 2, and its output stays bounded.
func FuzzCLI(f *testing.F) {
	f.Add([]byte(okScenario), uint8(0))
	f.Add([]byte("host A ip 10.0.0.1\nlisten *:80\nshow sockets\n"), uint8(4))
	f.Add([]byte("host A ip 10.0.0.1\nrepeat 3 as i {\n  wait $(i)ms\n}\n"), uint8(2))
	f.Add([]byte("host A \xff ip\x00\n"), uint8(1))
	f.Add([]byte(""), uint8(5))
	shapes := [][]string{
		{"run", "FILE"},
		{"check", "FILE"},
		{"fmt", "FILE"},
		{"fmt", "-l", "-d", "FILE"},
		{"render", "json", "FILE"},
		{"render", "markdown", "FILE"},
		{"run", "--trace", "all", "FILE", "FILE"},
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, src []byte, shape uint8) {
		path := filepath.Join(dir, "fuzz.tcps")
		if err := os.WriteFile(path, src, 0o644); err != nil {
			t.Fatal(err)
		}
		args := []string{"--max-stmts", "2000", "--max-hosts", "50"}
		for _, a := range shapes[int(shape)%len(shapes)] {
			args = append(args, strings.ReplaceAll(a, "FILE", path))
		}
		stdout, stderr := &cappedBuffer{max: 16 << 20}, &cappedBuffer{max: 4 << 20}
		code := Main(args, stdout, stderr)
		if code < 0 || code > 2 {
			t.Fatalf("tcps %s: exit %d\n%.3000s", strings.Join(args, " "), code, stderr.b.String())
		}
		if stdout.over || stderr.over {
			t.Fatalf("tcps %s: unbounded output", strings.Join(args, " "))
		}
	})
}

// cappedBuffer keeps at most max bytes and notes that there were more.
type cappedBuffer struct {
	b    bytes.Buffer
	max  int
	over bool
}

func (c *cappedBuffer) Write(p []byte) (int, error) {
	if room := c.max - c.b.Len(); len(p) > room {
		c.b.Write(p[:max(room, 0)])
		c.over = true
		return len(p), nil
	}
	return c.b.Write(p)
}
