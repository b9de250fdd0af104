package export

import (
	"os"
	"strings"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// figFont is one font file the figures' text is drawn with: glyph
// outlines, advance widths and kerning read by golang.org/x/image/font/sfnt
// (TrueType or CFF), in font units, kept once read.
type figFont struct {
	id   int // its place among the loaded fonts, for the PDF's names
	f    *sfnt.Font
	upem float64

	mu       sync.Mutex
	buf      sfnt.Buffer
	outlines map[sfnt.GlyphIndex]*figPath // in font units, y down
	advances map[sfnt.GlyphIndex]float64
	ascent   float64 // font units
	descent  float64
}

func newFigFont(f *sfnt.Font, id int) *figFont {
	ff := &figFont{id: id, f: f, upem: float64(f.UnitsPerEm()),
		outlines: map[sfnt.GlyphIndex]*figPath{}, advances: map[sfnt.GlyphIndex]float64{}}
	if m, err := f.Metrics(&ff.buf, ff.ppem(), font.HintingNone); err == nil {
		ff.ascent, ff.descent = float64(m.Ascent)/64, float64(m.Descent)/64
	}
	return ff
}

// ppem is the size at which sfnt gives font units (in 26.6 fixed point).
func (ff *figFont) ppem() fixed.Int26_6 { return fixed.Int26_6(ff.upem * 64) }

// glyph is the glyph of r, 0 (the missing glyph) when the font has none.
func (ff *figFont) glyph(r rune) sfnt.GlyphIndex {
	ff.mu.Lock()
	defer ff.mu.Unlock()
	g, err := ff.f.GlyphIndex(&ff.buf, r)
	if err != nil {
		return 0
	}
	return g
}

// advance is g's advance width in font units.
func (ff *figFont) advance(g sfnt.GlyphIndex) float64 {
	ff.mu.Lock()
	defer ff.mu.Unlock()
	if a, ok := ff.advances[g]; ok {
		return a
	}
	a, err := ff.f.GlyphAdvance(&ff.buf, g, ff.ppem(), font.HintingNone)
	v := float64(a) / 64
	if err != nil {
		v = 0
	}
	ff.advances[g] = v
	return v
}

// kern is the kerning between g0 and g1 in font units (the 'kern'
// table; 0 when the font has none).
func (ff *figFont) kern(g0, g1 sfnt.GlyphIndex) float64 {
	ff.mu.Lock()
	defer ff.mu.Unlock()
	k, err := ff.f.Kern(&ff.buf, g0, g1, ff.ppem(), font.HintingNone)
	if err != nil {
		return 0
	}
	return float64(k) / 64
}

// outline is g's outline in font units, y down, from the origin on the
// baseline; nil for a glyph with no outline (a space) or one sfnt cannot
// read.
func (ff *figFont) outline(g sfnt.GlyphIndex) *figPath {
	ff.mu.Lock()
	defer ff.mu.Unlock()
	if p, ok := ff.outlines[g]; ok {
		return p
	}
	segs, err := ff.f.LoadGlyph(&ff.buf, g, ff.ppem(), nil)
	var p *figPath
	if err == nil && len(segs) > 0 {
		p = &figPath{}
		fl := func(v fixed.Int26_6) float64 { return float64(v) / 64 }
		open := false
		for _, s := range segs {
			a := s.Args
			switch s.Op {
			case sfnt.SegmentOpMoveTo:
				if open {
					p.close()
				}
				p.moveTo(fl(a[0].X), fl(a[0].Y))
				open = true
			case sfnt.SegmentOpLineTo:
				p.lineTo(fl(a[0].X), fl(a[0].Y))
			case sfnt.SegmentOpQuadTo:
				p.quadTo(fl(a[0].X), fl(a[0].Y), fl(a[1].X), fl(a[1].Y))
			case sfnt.SegmentOpCubeTo:
				p.cubeTo(fl(a[0].X), fl(a[0].Y), fl(a[1].X), fl(a[1].Y), fl(a[2].X), fl(a[2].Y))
			}
		}
		if open {
			p.close()
		}
	}
	ff.outlines[g] = p
	return p
}

// placedGlyph is a glyph at its origin in figure pixels.
type placedGlyph struct {
	g    sfnt.GlyphIndex
	x, y float64
}

// layout places s's glyphs from (x, y) at size pixels (advances and
// kerning) and returns them and the width.
func (ff *figFont) layout(s string, size, x, y float64) ([]placedGlyph, float64) {
	k := size / ff.upem
	var out []placedGlyph
	w := 0.0
	prev := sfnt.GlyphIndex(0)
	for i, r := range s {
		g := ff.glyph(r)
		if i > 0 && prev != 0 && g != 0 {
			w += ff.kern(prev, g) * k
		}
		out = append(out, placedGlyph{g, x + w, y})
		w += ff.advance(g) * k
		prev = g
	}
	return out, w
}

// width is the width of s at size pixels.
func (ff *figFont) width(s string, size float64) float64 {
	_, w := ff.layout(s, size, 0, 0)
	return w
}

// fontSet is the four faces the figures use.
type fontSet struct {
	sans, sansBold, sansItalic, mono *figFont
	name                             string // "DejaVu Sans" or "Go"
	// hangul and hangulBold draw what the Latin fonts have no glyph for
	// (the lecture's Korean notes): Nanum Gothic or Noto Sans CJK when
	// installed, else nil (the missing glyphs show as boxes).
	hangul, hangulBold *figFont
}

// hangulFonts are where distributions put a Korean font, regular and
// bold. Nanum Gothic (TrueType) comes first; Noto Sans CJK is a CFF
// collection whose face 1 is the Korean one, which sfnt reads too.
var hangulFonts = [][2]string{
	{"/usr/share/fonts/truetype/nanum/NanumGothic.ttf", "/usr/share/fonts/truetype/nanum/NanumGothicBold.ttf"},
	{"/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"},
	{"/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc", "/usr/share/fonts/noto-cjk/NotoSansCJK-Bold.ttc"},
}

// openFont reads a font file; in a collection (.ttc) face 1, the Korean
// face of Noto Sans CJK. A collection is read as needed, not whole.
func openFont(p string) (*sfnt.Font, error) {
	if strings.HasSuffix(p, ".ttc") {
		fh, err := os.Open(p)
		if err != nil {
			return nil, err
		}
		c, err := sfnt.ParseCollectionReaderAt(fh)
		if err != nil {
			fh.Close()
			return nil, err
		}
		f, err := c.Font(1)
		if err != nil {
			fh.Close()
			return nil, err
		}
		return f, nil // the file stays open: sfnt reads from it
	}
	b, err := os.ReadFile(p)
	if err != nil {
		return nil, err
	}
	return sfnt.Parse(b)
}

// usable reports whether f draws the test rune (a collection whose face
// sfnt cannot read glyphs from is no use).
func usable(f *sfnt.Font, test rune) bool {
	var b sfnt.Buffer
	g, err := f.GlyphIndex(&b, test)
	if err != nil || g == 0 {
		return false
	}
	_, err = f.LoadGlyph(&b, g, fixed.I(16), nil)
	return err == nil
}

func loadHangul(f *fontSet, next *int) {
	for _, pair := range hangulFonts {
		var fams [2]*figFont
		for i, p := range pair {
			sf, err := openFont(p)
			if err != nil || !usable(sf, '한') {
				continue
			}
			fams[i] = newFigFont(sf, *next)
			*next++
		}
		if fams[0] != nil {
			f.hangul, f.hangulBold = fams[0], fams[1]
			if f.hangulBold == nil {
				f.hangulBold = fams[0]
			}
			return
		}
	}
}

var (
	fontsOnce sync.Once
	fonts     *fontSet
	fontsErr  error
)

// dejaVuDirs are where distributions put DejaVu.
var dejaVuDirs = []string{
	"/usr/share/fonts/truetype/dejavu",
	"/usr/share/fonts/dejavu",
	"/usr/share/fonts/TTF",
	"/usr/local/share/fonts",
	"/Library/Fonts",
}

// loadFamily loads DejaVu's file, or else the Go font.
func loadFamily(dejavu string, fallback []byte, id int) (*figFont, bool, error) {
	for _, d := range dejaVuDirs {
		if sf, err := openFont(d + "/" + dejavu); err == nil && usable(sf, 'A') {
			return newFigFont(sf, id), true, nil
		}
	}
	sf, err := sfnt.Parse(fallback)
	if err != nil {
		return nil, false, err
	}
	return newFigFont(sf, id), false, nil
}

func loadFonts() (*fontSet, error) {
	fontsOnce.Do(func() {
		f := &fontSet{name: "DejaVu Sans"}
		faces := []struct {
			dst      **figFont
			file     string
			fallback []byte
		}{
			{&f.sans, "DejaVuSans.ttf", goregular.TTF},
			{&f.sansBold, "DejaVuSans-Bold.ttf", gobold.TTF},
			{&f.sansItalic, "DejaVuSans-Oblique.ttf", goitalic.TTF},
			{&f.mono, "DejaVuSansMono.ttf", gomono.TTF},
		}
		for i, fc := range faces {
			ff, ok, err := loadFamily(fc.file, fc.fallback, i)
			if err != nil {
				fontsErr = err
				return
			}
			*fc.dst = ff
			if i == 0 && !ok {
				f.name = "Go"
			}
		}
		next := len(faces)
		loadHangul(f, &next)
		fonts = f
	})
	return fonts, fontsErr
}

// RasterFont names the font PNG and PDF figures are drawn with: "DejaVu
// Sans" (as the SVG asks for) or "Go" when DejaVu is not installed.
func RasterFont() string {
	f, err := loadFonts()
	if err != nil {
		return ""
	}
	return f.name
}
