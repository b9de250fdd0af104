package export

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"image/color"
	"math"
	"strconv"
	"strings"

	"golang.org/x/image/font/sfnt"
)

// pdfSurface writes a figure as a one-page PDF: the page is the figure's
// size at 96 pixels per inch, and the content stream draws in figure
// pixels (a first cm maps them to points, y up). Text is glyph outlines,
// each glyph a form XObject drawn where it goes: exact, and no font is
// embedded, but the text cannot be selected or searched. Nothing comes
// from the clock, so two renders give the same bytes.
type pdfSurface struct {
	w, h float64 // figure pixels
	c    bytes.Buffer

	// The graphics state last set, to write an operator only when it
	// changes.
	fillC, strokeC string
	lineW          string
	dash           string
	alpha          string

	alphas    []string // /ca values, in order of first use: /A0, /A1...
	glyphKeys []glyphKey
	glyphIDs  map[glyphKey]int // index into glyphKeys: /G0, /G1...
	fonts     []*figFont       // by glyphKey.font
}

type glyphKey struct {
	font int // figFont.id
	g    sfnt.GlyphIndex
}

func newPDFSurface(w, h float64) *pdfSurface {
	s := &pdfSurface{w: w, h: h, glyphIDs: map[glyphKey]int{}, alpha: "1"}
	fmt.Fprintf(&s.c, "0.75 0 0 -0.75 0 %s cm\n1 j 0 J\n", pdfNum(h*0.75))
	return s
}

// pdfNum writes v with at most three decimals (a thousandth of a pixel).
func pdfNum(v float64) string {
	v = math.Round(v*1000) / 1000
	if v == 0 {
		return "0"
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

func pdfColor(c color.NRGBA) string {
	f := func(v uint8) string { return pdfNum(math.Round(float64(v)/255*1000) / 1000) }
	return f(c.R) + " " + f(c.G) + " " + f(c.B)
}

func (s *pdfSurface) setAlpha(a uint8) {
	v := pdfNum(float64(a) / 255)
	if v == s.alpha {
		return
	}
	s.alpha = v
	i := 0
	for i < len(s.alphas) && s.alphas[i] != v {
		i++
	}
	if i == len(s.alphas) {
		s.alphas = append(s.alphas, v)
	}
	fmt.Fprintf(&s.c, "/A%d gs\n", i)
}

func (s *pdfSurface) setFill(c color.NRGBA) {
	s.setAlpha(c.A)
	if v := pdfColor(c); v != s.fillC {
		s.fillC = v
		s.c.WriteString(v + " rg\n")
	}
}

// path writes p's operators; a closed axis-aligned rectangle is one re.
func (s *pdfSurface) path(p *figPath) {
	if len(p.ops) == 5 && p.ops[0] == opMove && p.ops[1] == opLine && p.ops[2] == opLine && p.ops[3] == opLine && p.ops[4] == opClose {
		a, b, c, d := p.pts[0], p.pts[1], p.pts[2], p.pts[3]
		if (a.y == b.y && b.x == c.x && c.y == d.y && d.x == a.x) || (a.x == b.x && b.y == c.y && c.x == d.x && d.y == a.y) {
			x0, y0 := min(a.x, c.x), min(a.y, c.y)
			fmt.Fprintf(&s.c, "%s %s %s %s re\n", pdfNum(x0), pdfNum(y0), pdfNum(math.Abs(c.x-a.x)), pdfNum(math.Abs(c.y-a.y)))
			return
		}
	}
	k := 0
	for _, op := range p.ops {
		switch op {
		case opMove:
			fmt.Fprintf(&s.c, "%s %s m\n", pdfNum(p.pts[k].x), pdfNum(p.pts[k].y))
			k++
		case opLine:
			fmt.Fprintf(&s.c, "%s %s l\n", pdfNum(p.pts[k].x), pdfNum(p.pts[k].y))
			k++
		case opCubic:
			a, b, c := p.pts[k], p.pts[k+1], p.pts[k+2]
			fmt.Fprintf(&s.c, "%s %s %s %s %s %s c\n", pdfNum(a.x), pdfNum(a.y), pdfNum(b.x), pdfNum(b.y), pdfNum(c.x), pdfNum(c.y))
			k += 3
		case opClose:
			s.c.WriteString("h\n")
		}
	}
}

func (s *pdfSurface) fill(p *figPath, c color.NRGBA) {
	if c.A == 0 {
		return
	}
	s.setFill(c)
	s.path(p)
	s.c.WriteString("f\n")
}

func (s *pdfSurface) stroke(p *figPath, c color.NRGBA, width float64, dashes []float64) {
	if c.A == 0 || !(width > 0) {
		return
	}
	s.setAlpha(255) // the figures' strokes are opaque
	if v := pdfColor(c); v != s.strokeC {
		s.strokeC = v
		s.c.WriteString(v + " RG\n")
	}
	if v := pdfNum(width); v != s.lineW {
		s.lineW = v
		s.c.WriteString(v + " w\n")
	}
	var ds []string
	for _, d := range dashes {
		ds = append(ds, pdfNum(max(d, 0)))
	}
	if v := "[" + strings.Join(ds, " ") + "] 0 d"; v != s.dash {
		s.dash = v
		s.c.WriteString(v + "\n")
	}
	s.path(p)
	s.c.WriteString("S\n")
}

func (s *pdfSurface) glyphs(f *figFont, gs []placedGlyph, size float64, c color.NRGBA) {
	if c.A == 0 {
		return
	}
	s.setFill(c)
	k := pdfNum(size / f.upem)
	for _, g := range gs {
		if f.outline(g.g) == nil {
			continue
		}
		key := glyphKey{f.id, g.g}
		i, ok := s.glyphIDs[key]
		if !ok {
			i = len(s.glyphKeys)
			s.glyphIDs[key] = i
			s.glyphKeys = append(s.glyphKeys, key)
			for len(s.fonts) <= f.id {
				s.fonts = append(s.fonts, nil)
			}
			s.fonts[f.id] = f
		}
		fmt.Fprintf(&s.c, "q %s 0 0 %s %s %s cm /G%d Do Q\n", k, k, pdfNum(g.x), pdfNum(g.y), i)
	}
}

// bytes writes the document: catalog, pages, page, content, the alpha
// states, the glyphs, the cross-reference table.
func (s *pdfSurface) bytes() []byte {
	var objs [][]byte // objects 1...
	add := func(b []byte) int {
		objs = append(objs, b)
		return len(objs)
	}
	stream := func(dict string, data []byte) []byte {
		var z bytes.Buffer
		zw := zlib.NewWriter(&z)
		zw.Write(data)
		zw.Close()
		return []byte(fmt.Sprintf("<< %s/Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream", dict, z.Len(), z.Bytes()))
	}
	add([]byte("<< /Type /Catalog /Pages 2 0 R >>"))
	add([]byte("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"))
	add(nil) // the page, once its resources are numbered
	add(stream("", s.c.Bytes()))
	var res strings.Builder
	if len(s.alphas) > 0 {
		res.WriteString("/ExtGState <<")
		for i, a := range s.alphas {
			n := add([]byte(fmt.Sprintf("<< /Type /ExtGState /ca %s >>", a)))
			fmt.Fprintf(&res, " /A%d %d 0 R", i, n)
		}
		res.WriteString(" >> ")
	}
	if len(s.glyphKeys) > 0 {
		res.WriteString("/XObject <<")
		for i, key := range s.glyphKeys {
			o := s.fonts[key.font].outline(key.g)
			var b pdfSurface
			b.path(o)
			b.c.WriteString("f\n")
			x0, y0, x1, y1 := o.pts[0].x, o.pts[0].y, o.pts[0].x, o.pts[0].y
			for _, p := range o.pts {
				x0, y0, x1, y1 = min(x0, p.x), min(y0, p.y), max(x1, p.x), max(y1, p.y)
			}
			n := add(stream(fmt.Sprintf("/Type /XObject /Subtype /Form /BBox [%s %s %s %s] ",
				pdfNum(math.Floor(x0)), pdfNum(math.Floor(y0)), pdfNum(math.Ceil(x1)), pdfNum(math.Ceil(y1))), b.c.Bytes()))
			fmt.Fprintf(&res, " /G%d %d 0 R", i, n)
		}
		res.WriteString(" >> ")
	}
	objs[2] = []byte(fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %s %s] /Resources << %s>> /Contents 4 0 R >>",
		pdfNum(s.w*0.75), pdfNum(s.h*0.75), res.String()))

	var out bytes.Buffer
	out.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = out.Len()
		fmt.Fprintf(&out, "%d 0 obj\n", i+1)
		out.Write(o)
		out.WriteString("\nendobj\n")
	}
	xref := out.Len()
	fmt.Fprintf(&out, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&out, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&out, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return out.Bytes()
}
