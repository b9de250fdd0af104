package main

import (
	"bytes"
	"context"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// lectureScenarios are the lecture's scenarios, whose figures go on slides.
func lectureScenarios(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "..", "scenarios", "lecture", "*.tcps"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no lecture scenarios: %v", err)
	}
	return files
}

// Every figure of every lecture scenario is drawn as a 1280x720 PNG
// (a 16:9 slide) with something on it.
func TestRenderLecturePNG(t *testing.T) {
	files := lectureScenarios(t)
	if raceEnabled {
		files = files[:3] // .ci/run draws them all without the race detector
	}
	for _, f := range files {
		dir := t.TempDir()
		code, stdout, stderr := renderRun(t, "render", "png", f, "-o", dir)
		if code == exitInput && strings.Contains(stderr, "too many for ladder figures") {
			continue // a bulk transfer: render pcap is its figure
		}
		if code != 0 {
			t.Errorf("%s: exit %d: %s", f, code, stderr)
			continue
		}
		for _, p := range strings.Fields(stdout) {
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			img, err := png.Decode(bytes.NewReader(data))
			if err != nil {
				t.Fatalf("%s: %v", p, err)
			}
			if b := img.Bounds(); b.Dx() != 1280 || b.Dy() != 720 {
				t.Errorf("%s: %dx%d, want 1280x720", p, b.Dx(), b.Dy())
			}
			dark := 0
			for y := 0; y < 720; y += 2 {
				for x := 0; x < 1280; x += 2 {
					r, g, b, _ := img.At(x, y).RGBA()
					if r+g+b < 3*0x6000 {
						dark++
					}
				}
			}
			if dark < 500 {
				t.Errorf("%s: %d dark pixels: nearly blank", p, dark)
			}
		}
	}
}

func TestRenderSizeAndPDF(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "one.svg")
	src := renderWriteScenario(t, dir, "q.tcps", "host A ip 10.0.0.1\nlisten *:80 as L\naccept as s\nhost B ip 10.0.0.2\nconnect A:80 as c\nsettle\nB.write 100\nsettle\nnote \"a title\"\nshow queues\n")
	if code, _, stderr := renderRun(t, "render", "svg", src, "-o", dir+"/figs", "--size", "1920x1080"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	svg, _ := os.ReadFile(filepath.Join(dir, "figs", "fig-01-queues.svg"))
	if !regexp.MustCompile(`<svg [^>]*width="1920" height="1080"`).Match(svg) {
		t.Errorf("--size 1920x1080 ignored: %.200s", svg)
	}
	for _, bad := range []string{"-1", "0", "5", "NaN"} {
		if code, _, _ := renderRun(t, "render", "png", src, "-o", dir+"/p", "--scale", bad); code != exitInput {
			t.Errorf("--scale %q: exit %d, want 2", bad, code)
		}
	}
	if code, _, _ := renderRun(t, "render", "png", src, "-o", dir+"/p", "--size", "8000x8000", "--scale", "4"); code != exitInput {
		t.Errorf("a 32000x32000 PNG was not refused")
	}
	for _, bad := range []string{"1920", "10x10", "abcxdef", "1280x720x3"} {
		if code, _, _ := renderRun(t, "render", "svg", src, "-o", out, "--size", bad); code != exitInput {
			t.Errorf("--size %q: exit %d, want 2", bad, code)
		}
	}
	code, _, stderr := renderRun(t, "render", "pdf", src, "-o", dir+"/pdf")
	if code != 0 {
		t.Fatalf("render pdf: exit %d: %s", code, stderr)
	}
	pdf := filepath.Join(dir, "pdf", "fig-01-queues.pdf")
	data, err := os.ReadFile(pdf)
	if err != nil || !bytes.HasPrefix(data, []byte("%PDF-")) {
		t.Fatalf("no PDF: %v %.20q", err, data)
	}
	pdftoppm := renderNeedTool(t, "pdftoppm", "poppler-utils")
	if out, err := exec.Command(pdftoppm, "-png", "-r", "96", pdf, filepath.Join(dir, "page")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, out)
	}
	pages, _ := filepath.Glob(filepath.Join(dir, "page*.png"))
	if len(pages) != 1 {
		t.Fatalf("pdftoppm made %v", pages)
	}
	f, _ := os.Open(pages[0])
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() < 1270 || b.Dx() > 1290 {
		t.Errorf("the PDF page is %d pixels wide at 96 dpi, want 1280", b.Dx())
	}
}

// render slides writes a Marp deck whose images exist; marp-cli turns
// it into HTML (CI installs it from npm).
func TestRenderSlides(t *testing.T) {
	dir := t.TempDir()
	deck := filepath.Join(dir, "deck")
	f := filepath.Join("..", "..", "scenarios", "lecture", "05-deadlock-write-write.tcps")
	code, stdout, stderr := renderRun(t, "render", "slides", f, "-o", deck)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	md := filepath.Join(deck, "slides.md")
	if strings.TrimSpace(stdout) != md {
		t.Errorf("stdout %q, want %q", stdout, md)
	}
	text, err := os.ReadFile(md)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(text), "---\nmarp: true\n") {
		t.Errorf("no Marp front matter:\n%s", text)
	}
	imgs := regexp.MustCompile(`!\[bg contain\]\(([^)]+)\)`).FindAllStringSubmatch(string(text), -1)
	if len(imgs) < 2 {
		t.Fatalf("%d figure slides:\n%s", len(imgs), text)
	}
	for _, m := range imgs {
		if _, err := os.Stat(filepath.Join(deck, m[1])); err != nil {
			t.Errorf("the deck shows %s, which was not written", m[1])
		}
	}
	if code, _, _ := renderRun(t, "render", "slides", f); code != exitInput {
		t.Errorf("slides without -o: exit %d, want 2", code)
	}
	marp := os.Getenv("TCPS_MARP") // a marp binary, e.g. node_modules/.bin/marp
	if marp == "" {
		if p, err := exec.LookPath("marp"); err == nil {
			marp = p
		}
	}
	if marp == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("marp-cli is not installed and CI is set: .ci/run installs @marp-team/marp-cli and sets TCPS_MARP")
		}
		t.Skip("marp-cli is not installed (npm install @marp-team/marp-cli; TCPS_MARP=node_modules/.bin/marp); CI runs this")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	html := filepath.Join(deck, "slides.html")
	cmd := exec.CommandContext(ctx, marp, "--html", "--allow-local-files", md, "-o", html)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("marp: %v\n%s", err, out)
	}
	page, err := os.ReadFile(html)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range imgs {
		if !bytes.Contains(page, []byte(m[1])) {
			t.Errorf("the HTML deck does not show %s", m[1])
		}
	}
	if n := bytes.Count(page, []byte("<section")); n < len(imgs)+1 {
		t.Errorf("the HTML deck has %d slides, want %d", n, len(imgs)+1)
	}
}

// tcptrace reads the capture's elapsed time right: the first packet's
// timestamp is not zero (tcptrace takes zero for unset).
func TestRenderPcapTcptrace(t *testing.T) {
	tcptrace := renderNeedTool(t, "tcptrace", "tcptrace")
	dir := t.TempDir()
	pcap := filepath.Join(dir, "bs.pcap")
	if code, _, stderr := renderRun(t, "render", "pcap", renderByteStream, "-o", pcap); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	n := renderTracePackets(t, renderByteStream)
	if n == 0 {
		t.Fatal("no packets")
	}
	out, err := exec.Command(tcptrace, "-l", pcap).CombinedOutput()
	if err != nil {
		t.Fatalf("tcptrace: %v\n%s", err, out)
	}
	// The byte stream's packets run from t=0 to t=7ms.
	if !bytes.Contains(out, []byte("trace file elapsed time: 0:00:00.007000")) {
		t.Errorf("tcptrace reports another elapsed time:\n%s", out)
	}
	if !regexp.MustCompile(`first packet: .* (1999|2000)\n`).Match(out) {
		t.Errorf("tcptrace's first packet is not the capture's base time:\n%s", out)
	}
}

// render plot -o DIR writes, for 09-cwnd-vs-rwnd, the queues of the
// writer's and the reader's structures and the writer's time-sequence
// graph, each as a 1280x720 PNG and as an SVG with its title and legend;
// without -o it writes nothing.
func TestRenderPlot(t *testing.T) {
	f := filepath.Join("..", "..", "scenarios", "lecture", "09-cwnd-vs-rwnd.tcps")
	dir := t.TempDir()
	code, stdout, stderr := renderRun(t, "render", "plot", f, "-o", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var names []string
	for _, p := range strings.Fields(stdout) {
		names = append(names, filepath.Base(p))
	}
	want := "plot-01-W.0-queues.png plot-02-R.1-queues.png plot-03-tseq-W-32768.png plot-01-W.0-queues.svg plot-02-R.1-queues.svg plot-03-tseq-W-32768.svg"
	if strings.Join(names, " ") != want {
		t.Fatalf("wrote %v, want %s", names, want)
	}
	for _, n := range names {
		data, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(n, ".png") {
			img, err := png.Decode(bytes.NewReader(data))
			if err != nil {
				t.Fatalf("%s: %v", n, err)
			}
			if b := img.Bounds(); b.Dx() != 1280 || b.Dy() != 720 {
				t.Errorf("%s: %dx%d, want 1280x720", n, b.Dx(), b.Dy())
			}
			continue
		}
		s := string(data)
		for _, w := range []string{"time (ms)", "<title>", map[bool]string{true: "cwnd", false: "window edge (ack + win)"}[strings.Contains(n, "queues")]} {
			if !strings.Contains(s, w) {
				t.Errorf("%s has no %q", n, w)
			}
		}
	}
	if code, _, stderr := renderRun(t, "render", "plot", f); code != exitInput || !strings.Contains(stderr, "give -o DIR") {
		t.Errorf("render plot without -o: exit %d, %q", code, stderr)
	}
}
