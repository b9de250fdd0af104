package main

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tcps-dev/tcps/lang"
	"github.com/tcps-dev/tcps/runtime"
	"github.com/tcps-dev/tcps/runtime/export"
)

var renderByteStream = filepath.Join("..", "..", "scenarios", "lecture", "03-byte-stream.tcps")

// renderRun runs the CLI in-process and returns the exit code, stdout and
// stderr.
func renderRun(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(args, &out, &errb)
	return code, out.String(), errb.String()
}

// renderNeedTool finds a program the test needs: it skips the test when the
// program is missing, except in CI (the CI environment variable is set),
// where .ci/run installs it and a missing tool is a failure.
func renderNeedTool(t *testing.T, name, pkg string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err == nil {
		return path
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("%s is not installed, and CI is set: install it (apt-get install -y %s)", name, pkg)
	}
	t.Skipf("%s is not installed (apt-get install -y %s); CI runs this test", name, pkg)
	return ""
}

func renderWriteScenario(t *testing.T, dir, name, src string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// renderNoTempFiles checks that no temporary file of writeFileAtomic is left.
func renderNoTempFiles(t *testing.T, dir string) {
	t.Helper()
	left, _ := filepath.Glob(filepath.Join(dir, ".tcps-*"))
	if len(left) > 0 {
		t.Errorf("temporary files left behind: %v", left)
	}
}

// renderTracePackets counts the packets the trace of `tcps run` prints at trace
// level all (every packet, none summarised).
func renderTracePackets(t *testing.T, path string) int {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	RunScenario(path, src, &buf, runtime.Options{Level: "all"})
	re := regexp.MustCompile(`(?m)^t=[0-9.]+ms [0-9.]+\.[0-9]+ > [0-9.]+\.[0-9]+: Flags \[`)
	return len(re.FindAllString(buf.String(), -1))
}

func TestRenderJSON(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "trace.json")
	code, stdout, stderr := renderRun(t, "render", "json", renderByteStream, "-o", out)
	if code != 0 || stdout != "" {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var tr export.Trace
	if err := json.Unmarshal(data, &tr); err != nil {
		t.Fatalf("the JSON does not decode: %v", err)
	}
	if n := renderTracePackets(t, renderByteStream); len(tr.Packets) != n || n == 0 {
		t.Errorf("%d packets in the JSON, tcps run prints %d", len(tr.Packets), n)
	}
	found := false
	for _, s := range tr.Shows {
		if s.Note != "after three writes" {
			continue
		}
		found = true
		d := s.Connections[0].Directions[0]
		if d.SendQ.Bytes != 6500 || d.RecvQ.Bytes != 1500 || d.Delivered.Bytes != 0 {
			t.Errorf("after three writes: SendQ %d RecvQ %d Delivered %d, want 6500 1500 0", d.SendQ.Bytes, d.RecvQ.Bytes, d.Delivered.Bytes)
		}
	}
	if !found {
		t.Error("no show after the note \"after three writes\"")
	}
	if tr.Result.ExitCode != 0 {
		t.Errorf("exit code %d in the JSON", tr.Result.ExitCode)
	}
	info, err := os.Stat(out)
	if err != nil || info.Mode().Perm() != 0o644 {
		t.Errorf("output mode %v (%v), want 0644", info.Mode().Perm(), err)
	}
	renderNoTempFiles(t, dir)

	// Without -o, the same bytes go to standard output.
	code, stdout, _ = renderRun(t, "render", "json", renderByteStream)
	if code != 0 || stdout != string(data) {
		t.Errorf("json to stdout: exit %d, %d bytes, want the %d bytes of the file", code, len(stdout), len(data))
	}
}

func TestRenderExitCodes(t *testing.T) {
	dir := t.TempDir()
	bad := renderWriteScenario(t, dir, "bad.tcps", "host A ip 10.0.0.1\nA.frobnicate 3\n")
	failing := renderWriteScenario(t, dir, "failing.tcps", "host A ip 10.0.0.1\nlisten *:80 as L\nexpect A.L state ESTABLISHED\n")
	for _, tc := range []struct {
		name   string
		args   []string
		code   int
		output bool // the -o file exists afterwards
	}{
		{"missing file", []string{"render", "json", filepath.Join(dir, "nope.tcps"), "-o", filepath.Join(dir, "a.json")}, 2, false},
		{"bad scenario", []string{"render", "json", bad, "-o", filepath.Join(dir, "b.json")}, 2, false},
		{"bad format", []string{"render", "html", failing, "-o", filepath.Join(dir, "c.html")}, 2, false},
		{"failing scenario", []string{"render", "json", failing, "-o", filepath.Join(dir, "d.json")}, 1, true},
		{"failing scenario, pcap", []string{"render", "pcap", failing, "-o", filepath.Join(dir, "e.pcap")}, 1, true},
		{"ok", []string{"render", "markdown", renderByteStream, "-o", filepath.Join(dir, "f.md")}, 0, true},
		{"output directory missing", []string{"render", "json", renderByteStream, "-o", filepath.Join(dir, "no", "such", "g.json")}, 2, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := renderRun(t, tc.args...)
			if code != tc.code {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, tc.code, stderr)
			}
			if code != 0 && stderr == "" {
				t.Error("no message on stderr")
			}
			out := tc.args[len(tc.args)-1]
			_, err := os.Stat(out)
			if exists := err == nil; exists != tc.output {
				t.Errorf("output file exists: %v, want %v", exists, tc.output)
			}
		})
	}
	data, err := os.ReadFile(filepath.Join(dir, "d.json"))
	if err != nil {
		t.Fatal(err)
	}
	var tr export.Trace
	if err := json.Unmarshal(data, &tr); err != nil || tr.Result.ExitCode != 1 || tr.Result.Failures != 1 {
		t.Errorf("the JSON of a failing run: result %+v (%v), want exit code 1, one failure", tr.Result, err)
	}
	renderNoTempFiles(t, dir)
}

func TestRenderMarkdownMatchesExport(t *testing.T) {
	code, stdout, stderr := renderRun(t, "render", "markdown", renderByteStream)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "| C.0 SendQ | 6500 | write 2: 1500-2999, write 3: 3000-7999 |") {
		t.Errorf("the Markdown lacks the SendQ row of the figure after three writes:\n%s", stdout)
	}
}

func TestRenderPcapStdout(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "c.pcap")
	code, _, stderr := renderRun(t, "render", "pcap", renderByteStream, "-o", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	file, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	// A pipe (here a buffer) is not a terminal: the capture goes there.
	code, stdout, _ := renderRun(t, "render", "pcap", renderByteStream)
	if code != 0 || stdout != string(file) {
		t.Errorf("pcap to stdout: exit %d, %d bytes; the file has %d", code, len(stdout), len(file))
	}
	if !bytes.HasPrefix(file, []byte{0x4d, 0x3c, 0xb2, 0xa1}) {
		t.Errorf("the capture starts with % x, not the pcap magic", file[:4])
	}
	if !isTerminal(io.Discard) && isTerminal(&bytes.Buffer{}) {
		t.Error("isTerminal is wrong about non-files")
	}
}

func TestRenderSVGDestinations(t *testing.T) {
	dir := t.TempDir()
	// Several figures: a directory is required.
	code, stdout, stderr := renderRun(t, "render", "svg", renderByteStream)
	if code != 2 || stdout != "" || !strings.Contains(stderr, "-o DIR") {
		t.Errorf("svg with several figures to stdout: exit %d, stdout %d bytes, stderr %q", code, len(stdout), stderr)
	}
	one := filepath.Join(dir, "one.svg")
	if code, _, _ := renderRun(t, "render", "svg", renderByteStream, "-o", one); code != 2 {
		t.Errorf("several figures into one .svg file: exit %d, want 2", code)
	}
	if _, err := os.Stat(one); err == nil {
		t.Error("a file was written although the command failed")
	}
	figs := filepath.Join(dir, "figs")
	code, stdout, stderr = renderRun(t, "render", "svg", renderByteStream, "-o", figs)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	listed := strings.Fields(stdout)
	if len(listed) < 4 || listed[0] != filepath.Join(figs, "fig-01-queues.svg") {
		t.Fatalf("listed %q", listed)
	}
	for _, p := range listed {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		renderCheckXML(t, p, data)
	}
	entries, _ := os.ReadDir(figs)
	if len(entries) != len(listed) {
		t.Errorf("%d files in %s, %d listed", len(entries), figs, len(listed))
	}
	renderNoTempFiles(t, figs)

	// One figure: standard output, or the named file.
	single := renderWriteScenario(t, dir, "single.tcps", "host A ip 10.0.0.1\nlisten *:80 as L\nshow sockets\n")
	code, stdout, stderr = renderRun(t, "render", "svg", single)
	if code != 0 || !strings.HasPrefix(stdout, "<?xml") {
		t.Fatalf("one figure to stdout: exit %d, %q, %s", code, stdout[:min(len(stdout), 40)], stderr)
	}
	renderCheckXML(t, "stdout", []byte(stdout))
	if code, _, _ := renderRun(t, "render", "svg", single, "-o", one); code != 0 {
		t.Errorf("one figure into one.svg: exit %d", code)
	}
	if data, err := os.ReadFile(one); err != nil || string(data) != stdout {
		t.Errorf("one.svg differs from the figure on stdout (%v)", err)
	}
	// Nothing to draw.
	empty := renderWriteScenario(t, dir, "empty.tcps", "host A ip 10.0.0.1\n")
	if code, _, stderr := renderRun(t, "render", "svg", empty); code != 2 || !strings.Contains(stderr, "nothing to draw") {
		t.Errorf("nothing to draw: exit %d, %q", code, stderr)
	}
}

func renderCheckXML(t *testing.T, name string, data []byte) {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(data))
	root := ""
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("%s: not XML: %v", name, err)
		}
		if se, ok := tok.(xml.StartElement); ok && root == "" {
			root = se.Name.Local
		}
	}
	if root != "svg" {
		t.Errorf("%s: root element %q", name, root)
	}
}

// renderScenarios lists every scenario under scenarios/ that checks (a
// scenario that is bad input on purpose has nothing to capture).
func renderScenarios(t *testing.T) []string {
	t.Helper()
	files, err := scenarioFiles([]string{filepath.Join("..", "..", "scenarios")})
	if err != nil || len(files) == 0 {
		t.Fatalf("no scenarios (%v)", err)
	}
	var out []string
	for _, f := range files {
		src, err := readScenario(f)
		if err != nil {
			continue
		}
		if _, err := lang.Check(f, src); err != nil {
			continue
		}
		out = append(out, f)
	}
	return out
}

// renderTsharkProblems are the expert messages that would mean the capture is
// wrong: a packet the model sent is missing, a retransmission of data
// already acknowledged, a malformed header or a bad checksum.
var renderTsharkProblems = []string{
	"previous segment", "not captured", "wasn't captured", "unseen segment",
	"spurious", "malformed", "bad checksum", "checksum is incorrect", "bogus",
}

// TestRenderPcapTshark captures every scenario and reads each capture with
// tshark: every frame must be Ethernet/IPv4/TCP with good checksums and
// the sequence and acknowledgment numbers of the model, and TCP analysis
// must find nothing amiss. The payload is zero bytes, so a payload
// dissector that a port number calls in (port 5000 is GSM over IP) may
// call it malformed: such a protocol is turned off and the file read
// again.
func TestRenderPcapTshark(t *testing.T) {
	tshark := renderNeedTool(t, "tshark", "tshark")
	dir := t.TempDir()
	for _, f := range renderScenarios(t) {
		rel, _ := filepath.Rel(filepath.Join("..", ".."), f)
		t.Run(filepath.ToSlash(rel), func(t *testing.T) {
			capFile := filepath.Join(dir, strings.ReplaceAll(filepath.ToSlash(rel), "/", "_")+".pcap")
			code, _, stderr := renderRun(t, "render", "pcap", f, "-o", capFile)
			if code == exitInput {
				t.Skipf("bad input at run time: %s", stderr)
			}
			src, _ := os.ReadFile(f)
			prog, err := lang.Check(f, src)
			if err != nil {
				t.Fatal(err)
			}
			res := runtime.Run(prog, runtime.Options{Record: true})
			if len(res.Packets) == 0 {
				t.Skip("no packets")
			}
			var disabled []string
			var lines []string
			for attempt := 0; ; attempt++ {
				args := []string{"-r", capFile, "-n",
					"-o", "tcp.relative_sequence_numbers:TRUE", "-o", "tcp.analyze_sequence_numbers:TRUE",
					"-o", "tcp.check_checksum:TRUE", "-o", "ip.check_checksum:TRUE",
					"-T", "fields", "-E", "separator=/t", "-E", "occurrence=a", "-E", "aggregator=;",
					"-e", "frame.number", "-e", "frame.protocols", "-e", "ip.checksum.status", "-e", "tcp.checksum.status",
					"-e", "tcp.seq_raw", "-e", "tcp.ack_raw", "-e", "tcp.len", "-e", "_ws.expert.message"}
				for _, p := range disabled {
					args = append(args, "--disable-protocol", p)
				}
				ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
				cmd := exec.CommandContext(ctx, tshark, args...)
				var out, errb bytes.Buffer
				cmd.Stdout, cmd.Stderr = &out, &errb
				err := cmd.Run()
				cancel()
				if err != nil {
					t.Fatalf("tshark: %v\n%s", err, errb.String())
				}
				lines = strings.Split(strings.TrimRight(out.String(), "\n"), "\n")
				payload := renderPayloadMalformed(lines)
				if payload == "" || attempt == 5 {
					break
				}
				disabled = append(disabled, payload)
			}
			if len(disabled) > 0 {
				t.Logf("payload dissectors turned off (they choke on zero bytes): %v", disabled)
			}
			if len(lines) != len(res.Packets) {
				t.Fatalf("tshark reads %d frames, the run sent %d packets", len(lines), len(res.Packets))
			}
			notes := map[string]int{}
			for i, line := range lines {
				fields := strings.Split(line, "\t")
				for len(fields) < 8 {
					fields = append(fields, "")
				}
				seg := res.Packets[i].Seg
				where := fmt.Sprintf("frame %d (%s)", i+1, seg.Line())
				if !strings.HasPrefix(fields[1], "eth:ethertype:ip:tcp") {
					t.Errorf("%s: protocols %q", where, fields[1])
				}
				if fields[2] != "1" || fields[3] != "1" {
					t.Errorf("%s: checksum status ip %q tcp %q, want 1 (good)", where, fields[2], fields[3])
				}
				if want := strconv.FormatUint(uint64(uint32(seg.Seq)), 10); fields[4] != want {
					t.Errorf("%s: tshark reads seq %s, want %s", where, fields[4], want)
				}
				if seg.Flags&runtime.ACK != 0 {
					if want := strconv.FormatUint(uint64(uint32(seg.Ack)), 10); fields[5] != want {
						t.Errorf("%s: tshark reads ack %s, want %s", where, fields[5], want)
					}
				}
				if fields[6] != strconv.Itoa(int(seg.Len)) {
					t.Errorf("%s: tshark's tcp.len %s, want %d", where, fields[6], seg.Len)
				}
				for _, msg := range strings.Split(fields[7], ";") {
					if msg == "" {
						continue
					}
					notes[msg]++
					low := strings.ToLower(msg)
					for _, bad := range renderTsharkProblems {
						if strings.Contains(low, bad) {
							t.Errorf("%s: tshark says %q", where, msg)
						}
					}
				}
			}
			t.Logf("%d frames; tshark's expert notes: %v", len(lines), notes)
		})
	}
}

// renderPayloadMalformed finds a frame whose payload (not its Ethernet, IP or
// TCP header) a port-based dissector found malformed, and returns that
// dissector's name, or "".
func renderPayloadMalformed(lines []string) string {
	for _, line := range lines {
		fields := strings.Split(line, "\t")
		if len(fields) < 2 || !strings.Contains(strings.ToLower(line), "malformed") {
			continue
		}
		protos := strings.Split(fields[1], ":")
		for i, p := range protos {
			if p == "tcp" && i+1 < len(protos) && protos[i+1] != "data" && !strings.HasPrefix(protos[i+1], "_ws") {
				return protos[i+1]
			}
		}
	}
	return ""
}

// TestRenderSVGChromium renders a figure the way a browser shows it and
// checks that something legible was drawn: the screenshot decodes, has
// the window's size, and has dark (text) pixels in the title area and
// coloured (bar) pixels where the queues are.
func TestRenderSVGChromium(t *testing.T) {
	chromium := renderNeedTool(t, "chromium", "chromium")
	dir := t.TempDir()
	figs := filepath.Join(dir, "figs")
	if code, _, stderr := renderRun(t, "render", "svg", renderByteStream, "-o", figs); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	svg, err := filepath.Abs(filepath.Join(figs, "fig-01-queues.svg"))
	if err != nil {
		t.Fatal(err)
	}
	shot := filepath.Join(dir, "out.png")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, chromium, "--headless", "--no-sandbox", "--disable-gpu",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
		"--user-data-dir="+filepath.Join(dir, "profile"), "--screenshot="+shot, "--window-size=1280,800", "file://"+svg)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("chromium: %v\n%s", err, out)
	}
	f, err := os.Open(shot)
	if err != nil {
		t.Fatalf("no screenshot: %v", err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("the screenshot is not a PNG: %v", err)
	}
	b := img.Bounds()
	if b.Dx() != 1280 || b.Dy() != 800 {
		t.Errorf("screenshot %dx%d, want 1280x800", b.Dx(), b.Dy())
	}
	// count dark and coloured pixels in a region
	count := func(x0, y0, x1, y1 int) (dark, colour int) {
		for y := y0; y < y1; y++ {
			for x := x0; x < x1; x++ {
				r, g, bl, _ := img.At(x, y).RGBA()
				r, g, bl = r>>8, g>>8, bl>>8
				if r < 80 && g < 80 && bl < 80 {
					dark++
				}
				if max(r, g, bl)-min(r, g, bl) > 60 {
					colour++
				}
			}
		}
		return
	}
	if dark, _ := count(0, 0, 800, 100); dark < 500 {
		t.Errorf("only %d dark pixels in the title area: no title drawn?", dark)
	}
	if _, colour := count(340, 200, 1240, 520); colour < 20000 {
		t.Errorf("only %d coloured pixels where the queue bars are", colour)
	}
}
