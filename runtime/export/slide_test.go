package export

import (
	"bytes"
	"image/png"
	"os"
	"regexp"
	"strings"
	"testing"
)

// Every figure is a 16:9 slide by default: 1280x720 with the drawing
// scaled into it, the note as the title and no debugging text.
func TestFiguresAreSlides(t *testing.T) {
	prog, res, _ := runFile(t, byteStream)
	figs := Figures(prog, res)
	size := regexp.MustCompile(`<svg [^>]*width="([0-9]+)" height="([0-9]+)" viewBox="0 0 ([0-9.]+) ([0-9.]+)"`)
	for _, f := range figs {
		m := size.FindSubmatch(f.SVG)
		if m == nil {
			t.Fatalf("%s: no svg size and viewBox:\n%.300s", f.Name, f.SVG)
		}
		if string(m[1]) != "1280" || string(m[2]) != "720" {
			t.Errorf("%s is %sx%s, want 1280x720", f.Name, m[1], m[2])
		}
		if bytes.Contains(f.SVG, []byte("(line ")) {
			t.Errorf("%s has debugging text (the show's line) without Debug", f.Name)
		}
	}
	if figs[0].Title == "" || !strings.HasPrefix(figs[0].Title, "after three writes") || figs[0].Note != "after three writes" {
		t.Errorf("first figure title %q note %q, want the note", figs[0].Title, figs[0].Note)
	}
	info := parseSVG(t, figs[0].Name, bytes.Replace(figs[0].SVG, []byte(`width="1280" height="720"`), []byte(`width="1280" height="628"`), 1))
	if !info.hasText("after three writes") {
		t.Errorf("the note is not the title: %q", info.texts)
	}
	debug := FiguresWith(prog, res, FigureOptions{Width: 1280, Height: 720, Debug: true})
	if !bytes.Contains(debug[0].SVG, []byte("show queues at t=4.000ms (line 21)")) {
		t.Errorf("Debug does not add the show's view, time and line")
	}
}

func TestWrapText(t *testing.T) {
	long := "the final ACK of the handshake is dropped because the accept queue is full, so the client believes it is connected while the server does not"
	lines := wrapText(long, 34, true, 1200)
	if len(lines) < 2 {
		t.Fatalf("a %d-pixel title was not wrapped: %q", int(textWidth(long, 34, true, false)), lines)
	}
	for _, l := range lines {
		if w := textWidth(l, 34, true, false); w > 1200 {
			t.Errorf("line %q is %v pixels wide", l, w)
		}
	}
	if strings.Join(lines, " ") != long {
		t.Errorf("wrapping lost words: %q", lines)
	}
}

// PNG figures are drawn from the SVG in pure Go, at the slide's size, and
// are not blank; PDF figures are PDF documents, the same bytes each time.
func TestRasterFigures(t *testing.T) {
	prog, res, _ := runFile(t, byteStream)
	figs := Figures(prog, res)
	data, err := SVGToPNG(figs[0].SVG, 1)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 1280 || b.Dy() != 720 {
		t.Errorf("PNG is %dx%d, want 1280x720", b.Dx(), b.Dy())
	}
	// Dark pixels (text, outlines) in the title's band: the title was drawn.
	dark := 0
	for y := 40; y < 130; y++ {
		for x := 40; x < 400; x++ {
			r, g, b, _ := img.At(x, y).RGBA()
			if r+g+b < 3*0x4000 {
				dark++
			}
		}
	}
	if dark < 200 {
		t.Errorf("the PNG's title band has %d dark pixels: no title drawn", dark)
	}
	p1, err := SVGToPDF(figs[0].SVG)
	if err != nil {
		t.Fatal(err)
	}
	p2, _ := SVGToPDF(figs[0].SVG)
	if !bytes.HasPrefix(p1, []byte("%PDF-")) || !bytes.HasSuffix(p1, []byte("%%EOF\n")) {
		t.Errorf("not a PDF: %.40q", p1)
	}
	if bytes.Contains(p1, []byte("/CreationDate")) {
		t.Errorf("the PDF has a creation date")
	}
	if !bytes.Equal(p1, p2) {
		t.Errorf("two PDF renders differ")
	}
	if again, _ := SVGToPNG(figs[0].SVG, 1); !bytes.Equal(data, again) {
		t.Errorf("two PNG renders differ")
	}
	if _, err := SVGToPNG([]byte("<html/>"), 1); err == nil {
		t.Errorf("a non-SVG input was drawn")
	}
}

// The lecture's Korean notes are drawn with a Korean font where DejaVu
// has no glyph (CI installs fonts-nanum).
func TestRasterHangul(t *testing.T) {
	f, err := loadFonts()
	if err != nil {
		t.Fatal(err)
	}
	if f.hangul == nil {
		if os.Getenv("CI") != "" {
			t.Fatal("no Korean font, and CI is set: install fonts-nanum")
		}
		t.Skip("no Korean font (apt-get install fonts-nanum); CI runs this")
	}
	p := &painter{fonts: f, scale: 1}
	runs := p.fontRuns(f.sans, "after 세 번 write")
	if len(runs) != 3 || runs[0].fallback || !runs[1].fallback || runs[2].fallback || runs[1].s != "세 번 " {
		t.Errorf("runs %+v: want Latin, Korean (with its spaces), Latin", runs)
	}
}
