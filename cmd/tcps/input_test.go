//go:build linux

package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// mainWithin runs Main and fails the test if it takes longer than d: a
// read that waits forever must not hang the suite.
func mainWithin(t *testing.T, d time.Duration, args ...string) (int, string, string) {
	t.Helper()
	type result struct {
		code           int
		stdout, stderr string
	}
	done := make(chan result, 1)
	go func() {
		code, out, errs := runMain(args...)
		done <- result{code, out, errs}
	}()
	select {
	case r := <-done:
		return r.code, r.stdout, r.stderr
	case <-time.After(d):
		t.Fatalf("tcps %s did not finish in %v", strings.Join(args, " "), d)
		return 0, "", ""
	}
}

// TestReadRefusesWhatIsNotAFile: devices, directories and sockets are
// refused in one line, before anything is read (/dev/zero would otherwise
// be read for ever: its size is 0).
func TestReadRefusesWhatIsNotAFile(t *testing.T) {
	dir := t.TempDir()
	sock := filepath.Join(dir, "s.sock")
	fd, err := syscall.Socket(syscall.AF_UNIX, syscall.SOCK_STREAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer syscall.Close(fd)
	if err := syscall.Bind(fd, &syscall.SockaddrUnix{Name: sock}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ path, want string }{
		{"/dev/zero", "/dev/zero: is a device, not a scenario"},
		{"/dev/urandom", "/dev/urandom: is a device, not a scenario"},
		{dir, "is a directory"},
		{sock, "is a socket"},
	} {
		for _, cmd := range []string{"run", "check", "fmt"} {
			code, _, stderr := mainWithin(t, 10*time.Second, cmd, c.path)
			if code != exitInput || !strings.Contains(stderr, c.want) || strings.Count(stderr, "\n") != 1 {
				t.Errorf("tcps %s %s: exit %d, stderr %q; want exit 2 and one line with %q", cmd, c.path, code, stderr, c.want)
			}
		}
	}
}

// TestReadFIFOWithoutWriter: a FIFO that nobody writes to reads as empty
// at once; opening it does not wait for a writer.
func TestReadFIFOWithoutWriter(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "f.tcps")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := mainWithin(t, 10*time.Second, "check", fifo)
	if code != exitInput || !strings.Contains(stderr, "empty file") {
		t.Errorf("check FIFO without writer: exit %d, stderr %q", code, stderr)
	}
}

// TestReadPipe: a pipe with a writer is read (bash's <(...)), and one
// that goes on past 64 MiB is refused as too large, having read no more
// than the limit and a byte.
func TestReadPipe(t *testing.T) {
	pipeOf := func(t *testing.T, write func(*os.File)) string {
		r, w, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { r.Close() })
		go func() {
			write(w)
			w.Close()
		}()
		return fmt.Sprintf("/proc/self/fd/%d", r.Fd())
	}
	ok := pipeOf(t, func(w *os.File) { w.WriteString(okScenario) })
	if code, _, stderr := mainWithin(t, 10*time.Second, "check", ok); code != 0 {
		t.Errorf("check a pipe: exit %d, %s", code, stderr)
	}
	var written int64
	yes := pipeOf(t, func(w *os.File) {
		line := []byte(strings.Repeat("# yes\n", 10000))
		for written < 200<<20 {
			n, err := w.Write(line)
			written += int64(n)
			if err != nil {
				return
			}
		}
	})
	code, _, stderr := mainWithin(t, 30*time.Second, "check", yes)
	if code != exitInput || !strings.Contains(stderr, "more than 64 MiB is too large") {
		t.Errorf("check an endless pipe: exit %d, stderr %q", code, stderr)
	}
}

// TestGoldenNotAFile: a golden file that is a directory, or a link to
// /dev/zero, is reported as what it is, not as missing, and not read.
func TestGoldenNotAFile(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "scenarios/a/x.tcps", okScenario)
	write(t, dir, "scenarios/a/y.tcps", okScenario)
	if err := os.MkdirAll(filepath.Join(dir, "golden", "a", "x.golden"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("/dev/zero", filepath.Join(dir, "golden", "a", "y.golden")); err != nil {
		t.Fatal(err)
	}
	code, out, _ := mainWithin(t, 10*time.Second, "test", filepath.Join(dir, "scenarios"))
	if code != exitFailure || !strings.Contains(out, "x.golden: is a directory, not a golden file") ||
		!strings.Contains(out, "y.golden: is a device, not a golden file") || strings.Contains(out, "no golden file") {
		t.Errorf("exit %d, output\n%s", code, out)
	}
}

// TestReadErrorsKorean: under tcps --lang ko the one-line file errors are
// Korean (a missing file, a directory, a device, an empty file), and a
// golden file written for such a file stays English: it never depends on
// how tcps was called.
func TestReadErrorsKorean(t *testing.T) {
	dir := t.TempDir()
	empty := write(t, dir, "empty.tcps", "\n")
	for _, c := range []struct{ path, want string }{
		{filepath.Join(dir, "none.tcps"), "none.tcps: 그런 파일이 없다"},
		{dir, ": 디렉터리다. 시나리오 파일이 아니다 (디렉터리는 tcps test로 실행한다)"},
		{"/dev/zero", "/dev/zero: 장치 파일이다. 시나리오 파일이 아니다"},
		{empty, "empty.tcps: 빈 파일이다: 시나리오에는 호스트가 적어도 하나 있어야 한다"},
	} {
		for _, cmd := range []string{"run", "check", "fmt", "compare"} {
			code, _, stderr := mainWithin(t, 10*time.Second, "--lang", "ko", cmd, c.path)
			if cmd == "compare" && strings.Contains(stderr, "root") {
				continue // the kernel mode's refusal comes first without root
			}
			if code != exitInput || !strings.Contains(stderr, c.want) || strings.Count(stderr, "\n") != 1 {
				t.Errorf("tcps --lang ko %s %s: exit %d, stderr %q; want exit 2 and one line with %q", cmd, c.path, code, stderr, c.want)
			}
		}
	}
	write(t, dir, "scenarios/a/x.tcps", "\n")
	if err := os.MkdirAll(filepath.Join(dir, "golden", "a", "y.golden"), 0o755); err != nil {
		t.Fatal(err)
	}
	write(t, dir, "scenarios/a/y.tcps", okScenario)
	code, out, _ := mainWithin(t, 10*time.Second, "--lang", "ko", "test", "--update", filepath.Join(dir, "scenarios", "a", "x.tcps"))
	golden, err := os.ReadFile(filepath.Join(dir, "golden", "a", "x.golden"))
	if code != 0 || err != nil || !strings.Contains(string(golden), "empty file: a scenario needs at least a host") {
		t.Errorf("test --update: exit %d, %s; golden %q, %v", code, out, golden, err)
	}
	code, out, _ = mainWithin(t, 10*time.Second, "--lang", "ko", "test", filepath.Join(dir, "scenarios", "a", "y.tcps"))
	if code != exitFailure || !strings.Contains(out, "y.golden: 디렉터리다. 골든 파일이 아니다") {
		t.Errorf("golden directory: exit %d\n%s", code, out)
	}
}
