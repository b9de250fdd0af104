//go:build linux

package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The hostile corpus: inputs that once made tcps hang, crash or grow to
// gigabytes, run against the built binary under a 2 GiB address-space
// cap (prlimit --as) and a time cap. Each must end in its class of
// outcome, with bounded output and no Go crash ("fatal error",
// "goroutine ").

// outcome is the expected class of a hostile case.
type outcome int

const (
	ok         outcome = iota // exit 0
	failure                   // exit 1
	positioned                // exit 2, "file:line:col: ..."
	fileError                 // exit 2, one line "tcps: ..."
	writeError                // exit 2, "tcps: writing output: ..."
)

// hostileCase is one input: files it writes into a fresh directory
// (a value of "" in links makes a FIFO), the arguments (DIR stands for
// the directory), and standard input and output.
type hostileCase struct {
	name    string
	files   map[string]string
	links   map[string]string // name -> symlink target; "" makes a FIFO
	args    []string
	stdin   func(w *os.File) // writes standard input, if set
	stdout  string           // a file to open as standard output, if set
	want    outcome
	timeCap time.Duration // 0: 20 s
}

func hostileCases() []hostileCase {
	host := "host A ip 10.0.0.1\n"
	return []hostileCase{
		{name: "/dev/zero", args: []string{"run", "/dev/zero"}, want: fileError},
		{name: "/dev/urandom", args: []string{"check", "/dev/urandom"}, want: fileError},
		{name: "a pipe of yes", args: []string{"run", "/dev/stdin"}, want: fileError, stdin: func(w *os.File) {
			line := bytes.Repeat([]byte("y\n"), 4096)
			for {
				if _, err := w.Write(line); err != nil {
					return
				}
			}
		}},
		{name: "a FIFO with no writer", links: map[string]string{"f.tcps": ""}, args: []string{"check", "DIR/f.tcps"}, want: fileError},
		{name: "a directory", args: []string{"run", "DIR"}, want: fileError},
		{name: "a golden file linked to /dev/zero", files: map[string]string{"scenarios/a/x.tcps": okScenario},
			links: map[string]string{"golden/a/x.golden": "/dev/zero"}, args: []string{"test", "DIR/scenarios"}, want: failure},
		{name: "300000 nested braces", files: map[string]string{"x.tcps": host + strings.Repeat("{", 300_000) + "\n"},
			args: []string{"run", "DIR/x.tcps"}, want: positioned},
		{name: "5000000 minus signs", files: map[string]string{"x.tcps": host + "wait $(" + strings.Repeat("-", 5_000_000) + "1)ms\n"},
			args: []string{"run", "DIR/x.tcps"}, want: ok}, // an even number of signs: wait 1ms
		{name: "100000 bogus lines", files: map[string]string{"x.tcps": host + strings.Repeat("bogus\n", 100_000)},
			args: []string{"run", "DIR/x.tcps"}, want: positioned},
		{name: "40 KB line of braces", files: map[string]string{"x.tcps": host + strings.Repeat("{}", 20_000) + "\n"},
			args: []string{"run", "DIR/x.tcps"}, want: positioned},
		{name: "1000000 clients", files: map[string]string{"x.tcps": "host S ip 10.0.0.1\nlisten *:80\nrepeat 1000000 as i {\n  host C$(i) ip 10.$(i/65536).$(i/256%256).$(i%256)\n  connect S:80\n}\n"},
			args: []string{"run", "DIR/x.tcps"}, want: positioned},
		{name: "wait 100000h", files: map[string]string{"x.tcps": host + "wait 100000h\n"}, args: []string{"run", "DIR/x.tcps"}, want: failure}, // stops at maxtime
		{name: "output to /dev/full", files: map[string]string{"x.tcps": okScenario}, args: []string{"run", "DIR/x.tcps"}, stdout: "/dev/full", want: writeError},
		{name: "render pcap to /dev/null", files: map[string]string{"x.tcps": okScenario}, args: []string{"render", "pcap", "DIR/x.tcps"}, stdout: os.DevNull, want: ok},
		{name: "render json to /dev/full", files: map[string]string{"x.tcps": okScenario}, args: []string{"render", "json", "DIR/x.tcps"}, stdout: "/dev/full", want: writeError},
	}
}

// buildTcps builds the binary once per test run.
func buildTcps(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "tcps")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

var positionedLine = regexp.MustCompile(`^[^\n]+:\d+:\d+: `)

func TestHostileInputs(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := buildTcps(t)
	prlimit, err := exec.LookPath("prlimit")
	if err != nil {
		t.Log("no prlimit: running without the 2 GiB memory cap")
	}
	for _, c := range hostileCases() {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, text := range c.files {
				write(t, dir, name, text)
			}
			for name, target := range c.links {
				p := filepath.Join(dir, name)
				os.MkdirAll(filepath.Dir(p), 0o755)
				if target == "" {
					err = syscall.Mkfifo(p, 0o644)
				} else {
					err = os.Symlink(target, p)
				}
				if err != nil {
					t.Fatal(err)
				}
			}
			args := make([]string, len(c.args))
			for i, a := range c.args {
				args[i] = strings.ReplaceAll(a, "DIR", dir)
			}
			timeCap := c.timeCap
			if timeCap == 0 {
				timeCap = 20 * time.Second
			}
			ctx, cancel := context.WithTimeout(context.Background(), timeCap)
			defer cancel()
			name, argv := bin, args
			if prlimit != "" {
				name, argv = prlimit, append([]string{"--as=2147483648", "--", bin}, args...)
			}
			cmd := exec.CommandContext(ctx, name, argv...)
			stdout, stderr := &cappedBuffer{max: 16 << 20}, &cappedBuffer{max: 1 << 20}
			cmd.Stdout, cmd.Stderr = stdout, stderr
			if c.stdout != "" {
				f, err := os.OpenFile(c.stdout, os.O_WRONLY, 0)
				if err != nil {
					t.Skip(err)
				}
				defer f.Close()
				cmd.Stdout = f
			}
			if c.stdin != nil {
				r, w, err := os.Pipe()
				if err != nil {
					t.Fatal(err)
				}
				cmd.Stdin = r
				go func() { c.stdin(w); w.Close() }()
				defer w.Close()
				defer r.Close()
			}
			err := cmd.Run()
			code := cmd.ProcessState.ExitCode()
			var ee *exec.ExitError
			if err != nil && !errors.As(err, &ee) {
				t.Fatalf("%v", err)
			}
			if ctx.Err() != nil {
				t.Fatalf("still running after %v", timeCap)
			}
			errText := stderr.b.String()
			if strings.Contains(errText, "fatal error") || (strings.Contains(errText, "goroutine ") && code != exitBug) || code < 0 || code > 2 {
				t.Fatalf("crashed: exit %d, stderr:\n%.2000s", code, errText)
			}
			if stdout.over || stderr.over {
				t.Errorf("unbounded output: stdout over 16 MiB %v, stderr over 1 MiB %v", stdout.over, stderr.over)
			}
			wantCode := map[outcome]int{ok: 0, failure: 1, positioned: 2, fileError: 2, writeError: 2}[c.want]
			if code != wantCode {
				t.Errorf("exit %d, want %d; stderr:\n%.2000s", code, wantCode, errText)
			}
			switch c.want {
			case positioned:
				if !positionedLine.MatchString(errText) {
					t.Errorf("want a positioned error, got:\n%.2000s", errText)
				}
			case fileError:
				if !strings.HasPrefix(errText, "tcps: ") || strings.Count(errText, "\n") != 1 {
					t.Errorf("want one line of file error, got:\n%.2000s", errText)
				}
			case writeError:
				if !strings.HasPrefix(errText, "tcps: writing output: ") {
					t.Errorf("want a write error, got:\n%.2000s", errText)
				}
			}
		})
	}
}
