package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// lockedBuffer is a bytes.Buffer safe to read while the server writes.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// fakeWasm writes a stand-in tcps.wasm and wasm_exec.js, so that the
// serve and site tests need no go build (the browser test builds the real
// one).
func fakeWasm(t *testing.T) string {
	d := t.TempDir()
	os.WriteFile(filepath.Join(d, "tcps.wasm"), bytes.Repeat([]byte("\x00asm"), 1000), 0o644)
	os.WriteFile(filepath.Join(d, "wasm_exec.js"), []byte("// go\n"), 0o644)
	return filepath.Join(d, "tcps.wasm")
}

// TestServe: tcps serve listens on the loopback interface only, prints
// its URL, serves the page and a gzip-compressed tcps.wasm, and stops when
// told.
func TestServe(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var out, errOut lockedBuffer
	done := make(chan int)
	go func() {
		c := &serveCmd{Port: 0, Wasm: fakeWasm(t), ctx: ctx}
		done <- c.run(&env{stdout: &checkedWriter{w: &out}, stderr: &errOut})
	}()
	var url string
	for i := 0; i < 200 && url == ""; i++ {
		url = regexp.MustCompile(`http://127\.0\.0\.1:\d+/`).FindString(out.String())
		time.Sleep(10 * time.Millisecond)
	}
	if url == "" {
		cancel()
		t.Fatalf("no URL printed: %q %q", out.String(), errOut.String())
	}
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(page), `<script src="app.js">`) {
		t.Errorf("the page: %.200s", page)
	}
	req, _ := http.NewRequest("GET", url+"tcps.wasm", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	resp, err = http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.Header.Get("Content-Encoding") != "gzip" || resp.Header.Get("Content-Type") != "application/wasm" {
		t.Errorf("tcps.wasm headers: %v", resp.Header)
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("serve exited %d", code)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("serve did not stop")
	}
}

// TestSite: tcps site writes the static files, with the course's own
// scenarios; a course scenario with an error is refused with its position
// and exit 2.
func TestSite(t *testing.T) {
	wasm := fakeWasm(t)
	course := t.TempDir()
	os.WriteFile(filepath.Join(course, "week1.tcps"), []byte("host A ip 10.0.0.1\nlisten *:80 as L\n"), 0o644)
	dir := filepath.Join(t.TempDir(), "public")
	var out, errOut bytes.Buffer
	if code := Main([]string{"site", "--wasm", wasm, "--scenarios", course, dir}, &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	for _, f := range []string{"index.html", "app.js", "style.css", "tcps.wasm", "wasm_exec.js", "tcps-trace.schema.json", "scenarios.json"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("site: %v", err)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "scenarios.json")); !strings.Contains(string(b), `"name": "week1"`) {
		t.Errorf("scenarios.json: %s", b)
	}
	os.WriteFile(filepath.Join(course, "week2.tcps"), []byte("host A ip 10.0.0.1\nA.acept\n"), 0o644)
	errOut.Reset()
	if code := Main([]string{"site", "--wasm", wasm, "--scenarios", course, dir}, &out, &errOut); code != exitInput ||
		!strings.Contains(errOut.String(), "week2.tcps:2:3: unknown verb") {
		t.Errorf("a bad course scenario: exit %d, %q", code, errOut.String())
	}
}
