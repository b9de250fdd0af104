//go:build linux

package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestOutputThroughSymlink: -o and fmt -w write a symlink's target and
// keep the link (they replaced the link with a regular file before).
func TestOutputThroughSymlink(t *testing.T) {
	dir := t.TempDir()
	p := write(t, dir, "ok.tcps", okScenario)
	target := filepath.Join(dir, "real.json")
	link := filepath.Join(dir, "link.json")
	os.WriteFile(target, []byte("old"), 0o600)
	os.Symlink("real.json", link)
	if code, _, stderr := runMain("render", "json", p, "-o", link); code != 0 {
		t.Fatalf("render json -o link: exit %d, %s", code, stderr)
	}
	checkLink(t, link, "real.json")
	data, _ := os.ReadFile(target)
	if !bytes.HasPrefix(data, []byte("{")) {
		t.Errorf("the target holds %q, want the JSON", data)
	}
	if info, _ := os.Stat(target); info.Mode().Perm() != 0o600 {
		t.Errorf("the target's mode is %v, want 0600 kept", info.Mode().Perm())
	}

	// A dangling link: the target is created.
	dangling := filepath.Join(dir, "new.json")
	os.Symlink("sub/created.json", dangling)
	os.Mkdir(filepath.Join(dir, "sub"), 0o755)
	if code, _, stderr := runMain("render", "json", p, "-o", dangling); code != 0 {
		t.Fatalf("render json -o dangling link: exit %d, %s", code, stderr)
	}
	checkLink(t, dangling, "sub/created.json")

	// fmt -w link.tcps formats the target.
	src := write(t, dir, "src/x.tcps", "host A ip 10.0.0.1;listen   *:80\n")
	flink := filepath.Join(dir, "link.tcps")
	os.Symlink("src/x.tcps", flink)
	if code, _, stderr := runMain("fmt", "-w", flink); code != 0 {
		t.Fatalf("fmt -w link: exit %d, %s", code, stderr)
	}
	checkLink(t, flink, "src/x.tcps")
	if got, _ := os.ReadFile(src); string(got) != "host A ip 10.0.0.1\nlisten *:80\n" {
		t.Errorf("fmt -w link left its target %q", got)
	}
	renderNoTempFiles(t, dir)
	renderNoTempFiles(t, filepath.Join(dir, "src"))
}

func checkLink(t *testing.T, link, want string) {
	t.Helper()
	info, err := os.Lstat(link)
	if err != nil || info.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("%s is no longer a symlink", link)
	}
	if got, _ := os.Readlink(link); got != want {
		t.Errorf("%s points to %q, want %q", link, got, want)
	}
}

// TestOutputToFIFO: -o naming a pipe (or a device: /dev/null,
// /dev/stdout) writes into it; it stays what it was.
func TestOutputToFIFO(t *testing.T) {
	dir := t.TempDir()
	p := write(t, dir, "ok.tcps", okScenario)
	fifo := filepath.Join(dir, "out.fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	got := make(chan []byte)
	go func() {
		f, err := os.Open(fifo)
		if err != nil {
			got <- nil
			return
		}
		data, _ := io.ReadAll(f)
		f.Close()
		got <- data
	}()
	code, _, stderr := runMain("render", "json", p, "-o", fifo)
	var data []byte
	select {
	case data = <-got:
	case <-time.After(5 * time.Second):
		t.Fatal("nothing was written into the FIFO (was it replaced by a file?)")
	}
	if code != 0 || len(data) == 0 {
		t.Errorf("render json -o FIFO: exit %d, %d bytes read, %s", code, len(data), stderr)
	}
	if info, err := os.Lstat(fifo); err != nil || info.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("the FIFO was replaced: %v", info.Mode())
	}
	renderNoTempFiles(t, dir)
}

// TestSVGDirAllOrNothing: when one figure cannot be written, none is,
// and the error names the user's path, not a temporary file.
func TestSVGDirAllOrNothing(t *testing.T) {
	dir := t.TempDir()
	p := write(t, dir, "two.tcps", okScenario+"show sockets\nshow netstat\n")
	out := filepath.Join(dir, "figs")
	// The second figure's name is taken by a directory.
	if err := os.MkdirAll(filepath.Join(out, "fig-02-netstat.svg"), 0o755); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runMain("render", "svg", p, "-o", out)
	if code != exitInput || !strings.Contains(stderr, filepath.Join(out, "fig-02-netstat.svg")) || strings.Contains(stderr, ".tcps-") {
		t.Errorf("exit %d, stderr %q; want exit 2 naming fig-02-netstat.svg", code, stderr)
	}
	if stdout != "" {
		t.Errorf("paths printed though nothing was written: %q", stdout)
	}
	entries, _ := os.ReadDir(out)
	if len(entries) != 1 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("figs holds %v, want only the blocking directory", names)
	}
}

// TestOutputToOpenFile: -o /dev/stdout (here /proc/self/fd/N) when it is
// a regular file writes that open file in place; it is not replaced by a
// new file that the shell's descriptor no longer sees.
func TestOutputToOpenFile(t *testing.T) {
	dir := t.TempDir()
	p := write(t, dir, "ok.tcps", okScenario)
	f, err := os.Create(filepath.Join(dir, "out.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	before, _ := f.Stat()
	fdPath := "/proc/self/fd/" + strconv.Itoa(int(f.Fd()))
	if code, _, stderr := runMain("render", "json", p, "-o", fdPath); code != 0 {
		t.Fatalf("render json -o %s: exit %d, %s", fdPath, code, stderr)
	}
	after, err := os.Stat(filepath.Join(dir, "out.json"))
	if err != nil || !os.SameFile(before, after) {
		t.Fatalf("out.json was replaced")
	}
	data, _ := io.ReadAll(f)
	if !bytes.HasPrefix(data, []byte("{")) {
		t.Errorf("the open file holds %q, want the JSON", data)
	}
	renderNoTempFiles(t, dir)
}
