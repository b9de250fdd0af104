package export

import (
	"image"
	"image/color"
	"math"

	"github.com/srwiley/rasterx"
	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"
)

// surface is what the painter draws a figure on, in figure pixels (y
// down): filled paths (non-zero winding), stroked paths (round joins,
// butt caps, optional dashes) and glyphs. pngSurface rasterizes,
// pdfSurface writes PDF operators.
type surface interface {
	fill(p *figPath, c color.NRGBA)
	stroke(p *figPath, c color.NRGBA, width float64, dashes []float64)
	glyphs(f *figFont, gs []placedGlyph, size float64, c color.NRGBA)
}

// pngSurface paints onto an RGBA image with anti-aliasing:
// github.com/srwiley/rasterx strokes and dashes, golang.org/x/image/vector
// fills.
type pngSurface struct {
	img    *image.RGBA
	scale  float64 // image pixels per figure pixel
	sc     *boxScanner
	filler *rasterx.Filler
	dasher *rasterx.Dasher
}

func newPNGSurface(w, h int, scale float64) *pngSurface {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	sc := &boxScanner{dst: img}
	return &pngSurface{img: img, scale: scale, sc: sc,
		filler: rasterx.NewFiller(w, h, sc), dasher: rasterx.NewDasher(w, h, sc)}
}

func (s *pngSurface) fx(v float64) fixed.Int26_6 { return fixed.Int26_6(math.Round(v * s.scale * 64)) }

func (s *pngSurface) pt(p figPt) fixed.Point26_6 { return fixed.Point26_6{X: s.fx(p.x), Y: s.fx(p.y)} }

// feed gives p to a rasterx adder, subpath by subpath.
func (s *pngSurface) feed(a rasterx.Adder, p *figPath) {
	k := 0
	open := false
	var last fixed.Point26_6
	for _, op := range p.ops {
		switch op {
		case opMove:
			if open {
				a.Stop(false)
			}
			last = s.pt(p.pts[k])
			a.Start(last)
			open = true
			k++
		case opLine:
			q := s.pt(p.pts[k])
			k++
			if q != last { // a zero-length segment has no direction
				a.Line(q)
				last = q
			}
		case opCubic:
			q := s.pt(p.pts[k+2])
			a.CubeBezier(s.pt(p.pts[k]), s.pt(p.pts[k+1]), q)
			last = q
			k += 3
		case opClose:
			if open {
				a.Stop(true)
			}
			open = false
		}
	}
	if open {
		a.Stop(false)
	}
}

func (s *pngSurface) fill(p *figPath, c color.NRGBA) {
	if c.A == 0 {
		return
	}
	s.sc.SetColor(c)
	s.feed(s.filler, p)
	s.sc.Draw()
	s.filler.Clear()
}

func (s *pngSurface) stroke(p *figPath, c color.NRGBA, width float64, dashes []float64) {
	if c.A == 0 || !(width > 0) {
		return
	}
	var ds []float64
	for _, d := range dashes {
		ds = append(ds, d*s.scale)
	}
	s.dasher.SetStroke(s.fx(width), 4*64, rasterx.ButtCap, nil, rasterx.RoundGap, rasterx.Round, ds, 0)
	s.sc.SetColor(c)
	s.feed(s.dasher, p)
	s.sc.Draw()
	s.dasher.Clear()
}

func (s *pngSurface) glyphs(f *figFont, gs []placedGlyph, size float64, c color.NRGBA) {
	var all figPath
	k := size / f.upem
	for _, g := range gs {
		if o := f.outline(g.g); o != nil {
			all.appendScaled(o, k, g.x, g.y)
		}
	}
	if len(all.ops) > 0 {
		s.fill(&all, c)
	}
}

// boxScanner is a rasterx.Scanner that rasterizes a path only over its
// bounding box (rasterx's own ScannerGV composites the whole image for
// every path, which for a figure's thousand glyphs is most of the time).
type boxScanner struct {
	dst   *image.RGBA
	src   image.Uniform
	r     vector.Rasterizer
	pts   []fixed.Point26_6
	moves []bool
}

// Start begins a subpath.
func (b *boxScanner) Start(a fixed.Point26_6) {
	b.pts = append(b.pts, a)
	b.moves = append(b.moves, true)
}

// Line adds a line to the subpath.
func (b *boxScanner) Line(a fixed.Point26_6) {
	b.pts = append(b.pts, a)
	b.moves = append(b.moves, false)
}

// GetPathExtent is the bounding box of the points so far.
func (b *boxScanner) GetPathExtent() fixed.Rectangle26_6 {
	if len(b.pts) == 0 {
		return fixed.Rectangle26_6{}
	}
	r := fixed.Rectangle26_6{Min: b.pts[0], Max: b.pts[0]}
	for _, p := range b.pts[1:] {
		r.Min.X, r.Min.Y = min(r.Min.X, p.X), min(r.Min.Y, p.Y)
		r.Max.X, r.Max.Y = max(r.Max.X, p.X), max(r.Max.Y, p.Y)
	}
	return r
}

// Draw composites the path, over its bounding box, onto the image.
func (b *boxScanner) Draw() {
	if len(b.pts) == 0 {
		return
	}
	e := b.GetPathExtent()
	box := image.Rect(e.Min.X.Floor(), e.Min.Y.Floor(), e.Max.X.Ceil()+1, e.Max.Y.Ceil()+1).Intersect(b.dst.Bounds())
	if box.Empty() {
		return
	}
	b.r.Reset(box.Dx(), box.Dy())
	ox, oy := float32(box.Min.X), float32(box.Min.Y)
	for i, p := range b.pts {
		x, y := float32(p.X)/64-ox, float32(p.Y)/64-oy
		if b.moves[i] {
			b.r.MoveTo(x, y)
		} else {
			b.r.LineTo(x, y)
		}
	}
	b.r.Draw(b.dst, box, &b.src, image.Point{})
}

// SetBounds is a no-op: the rasterizer is sized for each path.
func (b *boxScanner) SetBounds(w, h int) {}

// SetColor sets the paint (a color.Color).
func (b *boxScanner) SetColor(c interface{}) {
	if col, ok := c.(color.Color); ok {
		b.src.C = col
	}
}

// SetWinding is a no-op: vector fills non-zero.
func (b *boxScanner) SetWinding(bool) {}

// Clear forgets the path.
func (b *boxScanner) Clear() {
	b.pts, b.moves = b.pts[:0], b.moves[:0]
}

// SetClip is a no-op: figures are not clipped.
func (b *boxScanner) SetClip(image.Rectangle) {}
