package export

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"encoding/xml"
	"fmt"
	"image/color"
	"image/png"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/tdewolff/canvas"
	"github.com/tdewolff/canvas/renderers/pdf"
	"github.com/tdewolff/canvas/renderers/rasterizer"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/goregular"
)

// PNG and PDF are drawn in pure Go (github.com/tdewolff/canvas) from the
// figure's own SVG: the figures use a small part of SVG (rect, line, path,
// text with tspans, arrow markers), which raster.go reads back and draws,
// so the three formats cannot drift apart. Text uses the SVG's first
// font, DejaVu Sans (Mono), from the system; where it is missing, the Go
// fonts, which have the same metrics class (a warning is not printed: the
// figure stays legible).

// pxPerMM converts the figures' CSS pixels (96 per inch) to canvas
// millimetres.
const pxPerMM = 96 / 25.4

// fontSet is the four faces the figures use.
type fontSet struct {
	sans, sansBold, sansItalic, mono *canvas.FontFamily
	name                             string // "DejaVu Sans" or "Go"
	// hangul and hangulBold draw what the Latin fonts have no glyph for
	// (the lecture's Korean notes): Nanum Gothic or Noto Sans CJK when
	// installed, else nil (the missing glyphs show as boxes).
	hangul, hangulBold *canvas.FontFamily
}

// hangulFonts are where distributions put a Korean font, regular and
// bold.
var hangulFonts = [][2]string{
	{"/usr/share/fonts/truetype/nanum/NanumGothic.ttf", "/usr/share/fonts/truetype/nanum/NanumGothicBold.ttf"},
	{"/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"},
	{"/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc", "/usr/share/fonts/noto-cjk/NotoSansCJK-Bold.ttc"},
}

func loadHangul(f *fontSet) {
	for _, pair := range hangulFonts {
		var fams [2]*canvas.FontFamily
		for i, p := range pair {
			if _, err := os.Stat(p); err != nil {
				continue
			}
			fam := canvas.NewFontFamily("hangul")
			var err error
			if strings.HasSuffix(p, ".ttc") {
				err = fam.LoadFontCollection(p, 1, canvas.FontRegular) // the KR face
			} else {
				err = fam.LoadFontFile(p, canvas.FontRegular)
			}
			if err == nil {
				fams[i] = fam
			}
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

func loadFamily(name string, dejavu string, fallback []byte) (*canvas.FontFamily, bool, error) {
	fam := canvas.NewFontFamily(name)
	for _, d := range dejaVuDirs {
		p := d + "/" + dejavu
		if _, err := os.Stat(p); err == nil {
			if err := fam.LoadFontFile(p, canvas.FontRegular); err == nil {
				return fam, true, nil
			}
		}
	}
	if err := fam.LoadFont(fallback, 0, canvas.FontRegular); err != nil {
		return nil, false, err
	}
	return fam, false, nil
}

func loadFonts() (*fontSet, error) {
	fontsOnce.Do(func() {
		f := &fontSet{name: "DejaVu Sans"}
		var ok [4]bool
		var err error
		if f.sans, ok[0], err = loadFamily("sans", "DejaVuSans.ttf", goregular.TTF); err != nil {
			fontsErr = err
			return
		}
		if f.sansBold, ok[1], err = loadFamily("sans-bold", "DejaVuSans-Bold.ttf", gobold.TTF); err != nil {
			fontsErr = err
			return
		}
		if f.sansItalic, ok[2], err = loadFamily("sans-italic", "DejaVuSans-Oblique.ttf", goitalic.TTF); err != nil {
			fontsErr = err
			return
		}
		if f.mono, ok[3], err = loadFamily("mono", "DejaVuSansMono.ttf", gomono.TTF); err != nil {
			fontsErr = err
			return
		}
		if !ok[0] {
			f.name = "Go"
		}
		loadHangul(f)
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

// svgNode is one element of a figure's SVG.
type svgNode struct {
	XMLName  xml.Name
	Attrs    []xml.Attr `xml:",any,attr"`
	Children []svgNode  `xml:",any"`
	Text     []byte     `xml:",chardata"`
	// Items keeps text and tspans in order, for text elements.
	Items []textItem `xml:"-"`
}

type textItem struct {
	text, fill string
}

func (n *svgNode) attr(name string) string {
	for _, a := range n.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

func (n *svgNode) num(name string) float64 {
	v, _ := strconv.ParseFloat(strings.TrimSuffix(n.attr(name), "px"), 64)
	return v
}

// parseFigure reads a figure SVG into a tree; text elements keep their
// character data and tspans in order.
func parseFigure(svg []byte) (*svgNode, error) {
	dec := xml.NewDecoder(bytes.NewReader(svg))
	var stack []*svgNode
	var root *svgNode
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			n := svgNode{XMLName: t.Name, Attrs: append([]xml.Attr(nil), t.Attr...)}
			if len(stack) == 0 {
				root = &n
				stack = append(stack, root)
				continue
			}
			parent := stack[len(stack)-1]
			parent.Children = append(parent.Children, n)
			stack = append(stack, &parent.Children[len(parent.Children)-1])
		case xml.EndElement:
			if len(stack) > 0 {
				done := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				if done.XMLName.Local == "tspan" && len(stack) > 0 {
					p := stack[len(stack)-1]
					p.Items = append(p.Items, textItem{string(done.Text), done.attr("fill")})
				}
			}
		case xml.CharData:
			if len(stack) > 0 {
				n := stack[len(stack)-1]
				n.Text = append(n.Text, t...)
				if n.XMLName.Local == "text" {
					n.Items = append(n.Items, textItem{string(t), ""})
				}
			}
		}
	}
	if root == nil || root.XMLName.Local != "svg" {
		return nil, fmt.Errorf("not an SVG figure")
	}
	return root, nil
}

// painter draws SVG nodes onto a canvas, mapping SVG user units to
// canvas millimetres.
type painter struct {
	ctx     *canvas.Context
	fonts   *fontSet
	h       float64 // canvas height in mm
	scale   float64 // mm per SVG user unit
	ox, oy  float64 // offset in mm of the viewBox's origin
	vx, vy  float64 // viewBox origin
	markers map[string]color.RGBA
}

func (p *painter) pt(x, y float64) (float64, float64) {
	return p.ox + (x-p.vx)*p.scale, p.h - (p.oy + (y-p.vy)*p.scale)
}

func parseColor(s string) (color.RGBA, bool) {
	switch s {
	case "", "none":
		return color.RGBA{}, false
	case "white":
		return color.RGBA{255, 255, 255, 255}, true
	case "black":
		return color.RGBA{0, 0, 0, 255}, true
	}
	if strings.HasPrefix(s, "#") {
		h := s[1:]
		if len(h) == 3 {
			h = string([]byte{h[0], h[0], h[1], h[1], h[2], h[2]})
		}
		if v, err := strconv.ParseUint(h, 16, 32); err == nil && len(h) == 6 {
			return color.RGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 255}, true
		}
	}
	return color.RGBA{0, 0, 0, 255}, true
}

func withOpacity(c color.RGBA, op string) color.RGBA {
	if op == "" {
		return c
	}
	a, err := strconv.ParseFloat(op, 64)
	if err != nil {
		return c
	}
	a = min(max(a, 0), 1)
	return color.RGBA{uint8(float64(c.R) * a), uint8(float64(c.G) * a), uint8(float64(c.B) * a), uint8(255 * a)}
}

// stroke sets the stroke of n, or none; it reports whether there is one.
func (p *painter) style(n *svgNode, defFill string) {
	ctx := p.ctx
	fill := n.attr("fill")
	if fill == "" {
		fill = defFill
	}
	if c, ok := parseColor(fill); ok {
		ctx.SetFillColor(withOpacity(c, n.attr("fill-opacity")))
	} else {
		ctx.SetFillColor(canvas.Transparent)
	}
	if c, ok := parseColor(n.attr("stroke")); ok {
		ctx.SetStrokeColor(c)
		w := n.num("stroke-width")
		if n.attr("stroke-width") == "" {
			w = 1
		}
		ctx.SetStrokeWidth(w * p.scale)
	} else {
		ctx.SetStrokeColor(canvas.Transparent)
	}
	ctx.SetDashes(0)
	if d := n.attr("stroke-dasharray"); d != "" {
		var ds []float64
		for _, f := range strings.Fields(strings.ReplaceAll(d, ",", " ")) {
			if v, err := strconv.ParseFloat(f, 64); err == nil {
				ds = append(ds, v*p.scale)
			}
		}
		ctx.SetDashes(0, ds...)
	}
	ctx.SetStrokeJoiner(canvas.RoundJoin)
	ctx.SetStrokeCapper(canvas.ButtCap)
}

// svgPath converts path data in SVG user units to a canvas path in mm.
func (p *painter) svgPath(d string) (*canvas.Path, error) {
	path, err := canvas.ParseSVGPath(d)
	if err != nil {
		return nil, err
	}
	m := canvas.Identity.Translate(p.ox-p.vx*p.scale, p.h-p.oy+p.vy*p.scale).Scale(p.scale, -p.scale)
	return path.Transform(m), nil
}

func (p *painter) drawPath(n *svgNode, d string, defFill string) {
	path, err := p.svgPath(d)
	if err != nil {
		return
	}
	p.style(n, defFill)
	p.ctx.DrawPath(0, 0, path)
	if id := strings.TrimSuffix(strings.TrimPrefix(n.attr("marker-end"), "url(#"), ")"); id != "" {
		p.arrowHead(path, id)
	}
}

// arrowHead draws the figures' marker (a 12 by 10 triangle whose tip is
// the path's end) along the path's last segment.
func (p *painter) arrowHead(path *canvas.Path, id string) {
	c, ok := p.markers[id]
	if !ok {
		return
	}
	pts := path.Coords()
	if len(pts) < 2 {
		return
	}
	end := pts[len(pts)-1]
	dir := end.Sub(pts[len(pts)-2])
	if dir.Length() == 0 {
		return
	}
	u := dir.Norm(1)
	nrm := canvas.Point{X: -u.Y, Y: u.X}
	l, w := 12*p.scale, 5*p.scale
	base := end.Sub(u.Mul(l))
	head := &canvas.Path{}
	head.MoveTo(end.X, end.Y)
	head.LineTo(base.X+nrm.X*w, base.Y+nrm.Y*w)
	head.LineTo(base.X-nrm.X*w, base.Y-nrm.Y*w)
	head.Close()
	p.ctx.SetStrokeColor(canvas.Transparent)
	p.ctx.SetFillColor(c)
	p.ctx.DrawPath(0, 0, head)
}

func (p *painter) face(n *svgNode, fill color.RGBA, inherited string) *canvas.FontFace {
	size := n.num("font-size")
	if size == 0 {
		size = 16
	}
	fam := p.fonts.sans
	switch {
	case strings.Contains(n.attr("font-family")+inherited, "Mono"):
		fam = p.fonts.mono
	case n.attr("font-weight") == "bold":
		fam = p.fonts.sansBold
	case n.attr("font-style") == "italic":
		fam = p.fonts.sansItalic
	}
	// font-size is in CSS px; canvas faces are sized in points.
	return fam.Face(size*p.scale*72/25.4, fill, canvas.FontRegular, canvas.FontNormal)
}

// textRun is a piece of text that one font draws.
type textRun struct {
	s        string
	fallback bool // drawn with the Korean font
}

// fontRuns cuts s where the face has no glyph and the Korean font takes
// over (spaces go with the run they are in).
func (p *painter) fontRuns(f *canvas.FontFace, s string) []textRun {
	if p.fonts.hangul == nil {
		return []textRun{{s, false}}
	}
	var out []textRun
	for _, r := range s {
		fb := r > 0x7f && f.Font.GlyphIndex(r) == 0
		if r == ' ' && len(out) > 0 {
			fb = out[len(out)-1].fallback
		}
		if len(out) > 0 && out[len(out)-1].fallback == fb {
			out[len(out)-1].s += string(r)
			continue
		}
		out = append(out, textRun{string(r), fb})
	}
	return out
}

// fallbackFace is the Korean face for a text element.
func (p *painter) fallbackFace(n *svgNode, c color.RGBA) *canvas.FontFace {
	size := n.num("font-size")
	if size == 0 {
		size = 16
	}
	fam := p.fonts.hangul
	if n.attr("font-weight") == "bold" {
		fam = p.fonts.hangulBold
	}
	return fam.Face(size*p.scale*72/25.4, c, canvas.FontRegular, canvas.FontNormal)
}

func (p *painter) drawText(n *svgNode, inherited string) {
	def, _ := parseColor(n.attr("fill"))
	if n.attr("fill") == "" {
		def = color.RGBA{0x11, 0x11, 0x11, 255}
	}
	type piece struct {
		s    string
		face *canvas.FontFace
		w    float64
	}
	var pieces []piece
	total := 0.0
	for _, it := range n.Items {
		if it.text == "" {
			continue
		}
		c := def
		if it.fill != "" {
			c, _ = parseColor(it.fill)
		}
		f := p.face(n, c, inherited)
		for _, run := range p.fontRuns(f, it.text) {
			face := f
			if run.fallback {
				face = p.fallbackFace(n, c)
			}
			w := face.TextWidth(run.s)
			pieces = append(pieces, piece{run.s, face, w})
			total += w
		}
	}
	x, y := p.pt(n.num("x"), n.num("y"))
	switch n.attr("text-anchor") {
	case "middle":
		x -= total / 2
	case "end":
		x -= total
	}
	halo := n.attr("paint-order") == "stroke" && n.attr("stroke") != ""
	if halo && len(pieces) > 0 {
		// The SVG's halo (a wide white stroke painted under the text)
		// becomes a white band behind the text: it hides the lines the
		// label sits on just the same.
		m := pieces[0].face.Metrics()
		pad := n.num("stroke-width") * p.scale / 2
		hc, _ := parseColor(n.attr("stroke"))
		p.ctx.SetFillColor(hc)
		p.ctx.SetStrokeColor(canvas.Transparent)
		p.ctx.DrawPath(x-pad, y-m.Descent-pad, canvas.Rectangle(total+2*pad, m.Ascent+m.Descent+2*pad))
	}
	for _, pc := range pieces {
		p.ctx.DrawText(x, y, canvas.NewTextLine(pc.face, pc.s, canvas.Left))
		x += pc.w
	}
}

func (p *painter) draw(n *svgNode, inherited string) {
	switch n.XMLName.Local {
	case "defs":
		return
	case "title":
		return
	case "rect":
		x, y, w, h := n.num("x"), n.num("y"), n.num("width"), n.num("height")
		p.drawPath(n, fmt.Sprintf("M%g,%g h%g v%g h%g z", x, y, w, h, -w), "#000")
		return
	case "line":
		p.drawPath(n, fmt.Sprintf("M%g,%g L%g,%g", n.num("x1"), n.num("y1"), n.num("x2"), n.num("y2")), "none")
		return
	case "path":
		p.drawPath(n, n.attr("d"), "#000")
		return
	case "polyline", "polygon":
		pts := strings.Fields(strings.ReplaceAll(n.attr("points"), ",", " "))
		if len(pts) >= 4 {
			d := "M" + pts[0] + "," + pts[1]
			for i := 2; i+1 < len(pts); i += 2 {
				d += " L" + pts[i] + "," + pts[i+1]
			}
			if n.XMLName.Local == "polygon" {
				d += " z"
			}
			p.drawPath(n, d, map[bool]string{true: "#000", false: "none"}[n.XMLName.Local == "polygon"])
		}
		return
	case "text":
		p.drawText(n, inherited)
		return
	}
	if f := n.attr("font-family"); f != "" {
		inherited = f
	}
	for i := range n.Children {
		p.draw(&n.Children[i], inherited)
	}
}

// collectMarkers finds the arrow markers' colours by id.
func collectMarkers(n *svgNode, out map[string]color.RGBA) {
	if n.XMLName.Local == "marker" {
		for _, c := range n.Children {
			if c.XMLName.Local == "path" {
				if col, ok := parseColor(c.attr("fill")); ok {
					out[n.attr("id")] = col
				}
			}
		}
	}
	for i := range n.Children {
		collectMarkers(&n.Children[i], out)
	}
}

// figureCanvas draws a figure SVG onto a new canvas of its size.
func figureCanvas(svg []byte) (*canvas.Canvas, error) {
	root, err := parseFigure(svg)
	if err != nil {
		return nil, err
	}
	f, err := loadFonts()
	if err != nil {
		return nil, err
	}
	w, h := root.num("width"), root.num("height")
	vx, vy, vw, vh := 0.0, 0.0, w, h
	if vb := strings.Fields(strings.ReplaceAll(root.attr("viewBox"), ",", " ")); len(vb) == 4 {
		vx, _ = strconv.ParseFloat(vb[0], 64)
		vy, _ = strconv.ParseFloat(vb[1], 64)
		vw, _ = strconv.ParseFloat(vb[2], 64)
		vh, _ = strconv.ParseFloat(vb[3], 64)
	}
	if w <= 0 || h <= 0 || vw <= 0 || vh <= 0 || w > 20000 || h > 20000 {
		return nil, fmt.Errorf("figure size %gx%g out of range", w, h)
	}
	// preserveAspectRatio meet: xMidYMid (SVG's default) or xMidYMin.
	s := min(w/vw, h/vh)
	oy := (h - vh*s) / 2
	if strings.HasPrefix(root.attr("preserveAspectRatio"), "xMidYMin") {
		oy = 0
	}
	c := canvas.New(w/pxPerMM, h/pxPerMM)
	p := &painter{
		ctx: canvas.NewContext(c), fonts: f, h: h / pxPerMM,
		scale: s / pxPerMM,
		ox:    (w - vw*s) / 2 / pxPerMM, oy: oy / pxPerMM,
		vx: vx, vy: vy,
		markers: map[string]color.RGBA{},
	}
	// The page background, where the viewBox does not cover it.
	p.ctx.SetFillColor(canvas.White)
	p.ctx.DrawPath(0, 0, canvas.Rectangle(w/pxPerMM, h/pxPerMM))
	collectMarkers(root, p.markers)
	p.draw(root, root.attr("font-family"))
	return c, nil
}

// SVGToPNG draws a figure SVG as a PNG image, scale pixels per SVG pixel
// (1: a 1280x720 figure gives a 1280x720 image; 2 for sharper slides).
func SVGToPNG(svg []byte, scale float64) ([]byte, error) {
	c, err := figureCanvas(svg)
	if err != nil {
		return nil, err
	}
	if !(scale > 0 && scale <= 8) {
		scale = 1
	}
	img := rasterizer.Draw(c, canvas.DPMM(pxPerMM*scale), canvas.DefaultColorSpace)
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// SVGToPDF draws a figure SVG as a one-page PDF, vector graphics and
// embedded (subset) fonts, the page the figure's size at 96 pixels per
// inch.
func SVGToPDF(svg []byte) ([]byte, error) {
	c, err := figureCanvas(svg)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	w, h := c.Size()
	opts := pdf.DefaultOptions
	r := pdf.New(&b, w, h, &opts)
	c.RenderTo(r)
	if err := r.Close(); err != nil {
		return nil, err
	}
	return fixedFontTimes(fixedDate(b.Bytes())), nil
}

// pdfDate is the PDF writer's CreationDate, the wall clock.
var pdfDate = regexp.MustCompile(`\(D:[0-9]{14}[^)]*\)`)

// fixedDate replaces the PDF's creation date, which the writer takes from
// the wall clock, by a fixed one of the same length (padded with spaces
// after the string, which PDF allows), so that the cross-reference
// offsets stay right and two renders give the same bytes.
func fixedDate(b []byte) []byte {
	return pdfDate.ReplaceAllFunc(b, func(m []byte) []byte {
		r := []byte("(D:20000101000000Z)")
		for len(r) < len(m) {
			r = append(r, ' ')
		}
		if len(r) > len(m) {
			return m
		}
		return r
	})
}

// fixedFontTimes sets the modification time in the 'head' table of every
// TrueType font embedded in the PDF, which the font subsetter takes from
// the wall clock, to the font's creation time, so that two renders give
// the same bytes. The font streams are compressed: each is inflated,
// patched, deflated again (with its /Length), and the cross-reference
// table is rebuilt for the new offsets. A PDF it does not understand is
// returned as it is.
func fixedFontTimes(b []byte) []byte {
	re := regexp.MustCompile(`<</Filter/FlateDecode/Length ([0-9]+)>>stream\n`)
	var out bytes.Buffer
	last := 0
	for _, m := range re.FindAllSubmatchIndex(b, -1) {
		n, err := strconv.Atoi(string(b[m[2]:m[3]]))
		if err != nil || m[1]+n > len(b) || m[0] < last {
			return b
		}
		raw := b[m[1] : m[1]+n]
		font, err := inflate(raw)
		if err != nil || !patchHead(font) {
			continue
		}
		var z bytes.Buffer
		zw := zlib.NewWriter(&z)
		zw.Write(font)
		zw.Close()
		out.Write(b[last:m[0]])
		fmt.Fprintf(&out, "<</Filter/FlateDecode/Length %d>>stream\n", z.Len())
		out.Write(z.Bytes())
		last = m[1] + n
	}
	if last == 0 {
		return b
	}
	out.Write(b[last:])
	return rebuildXref(out.Bytes(), b)
}

func inflate(raw []byte) ([]byte, error) {
	zr, err := zlib.NewReader(bytes.NewReader(raw))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(io.LimitReader(zr, 64<<20))
}

// patchHead copies a TrueType font's created time over its modified
// time; it reports whether font is one.
func patchHead(f []byte) bool {
	if len(f) < 12 || !(bytes.Equal(f[:4], []byte{0, 1, 0, 0}) || bytes.Equal(f[:4], []byte("true"))) {
		return false
	}
	n := int(f[4])<<8 | int(f[5])
	for t := 0; t < n && 12+16*t+16 <= len(f); t++ {
		e := f[12+16*t:]
		if string(e[:4]) != "head" {
			continue
		}
		off := int(e[8])<<24 | int(e[9])<<16 | int(e[10])<<8 | int(e[11])
		length := int(e[12])<<24 | int(e[13])<<16 | int(e[14])<<8 | int(e[15])
		if off <= 0 || off+36 > len(f) || length < 36 || off+length > len(f) {
			return false
		}
		copy(f[off+28:off+36], f[off+20:off+28])
		// The checksums cover the time: the head table's, then the
		// whole font's adjustment (TrueType 'head' checkSumAdjustment).
		binary.BigEndian.PutUint32(f[off+8:], 0)
		binary.BigEndian.PutUint32(e[4:], sfntSum(f[off:off+length]))
		binary.BigEndian.PutUint32(f[off+8:], 0xB1B0AFBA-sfntSum(f))
		return true
	}
	return false
}

// sfntSum is the TrueType checksum: the sum of big-endian 32-bit words,
// the last one padded with zeros.
func sfntSum(b []byte) uint32 {
	var sum uint32
	for i := 0; i < len(b); i += 4 {
		var w [4]byte
		copy(w[:], b[i:min(i+4, len(b))])
		sum += binary.BigEndian.Uint32(w[:])
	}
	return sum
}

// rebuildXref rewrites the cross-reference table and startxref of a PDF
// whose objects moved; orig is returned when the table is not the
// classic one the writer makes.
func rebuildXref(b, orig []byte) []byte {
	x := bytes.LastIndex(b, []byte("\nxref\n0 "))
	if x < 0 {
		return orig
	}
	x++
	var count int
	if _, err := fmt.Sscanf(string(b[x:]), "xref\n0 %d\n", &count); err != nil || count <= 0 || count > 1<<20 {
		return orig
	}
	tr := bytes.Index(b[x:], []byte("trailer"))
	if tr < 0 {
		return orig
	}
	trailerAt := x + tr
	end := bytes.Index(b[trailerAt:], []byte("startxref"))
	if end < 0 {
		return orig
	}
	var out bytes.Buffer
	out.Write(b[:x])
	fmt.Fprintf(&out, "xref\n0 %d\n0000000000 65535 f \n", count)
	for k := 1; k < count; k++ {
		tag := []byte("\n" + strconv.Itoa(k) + " 0 obj")
		p := bytes.Index(b[:x], tag)
		if p < 0 {
			return orig
		}
		fmt.Fprintf(&out, "%010d 00000 n \n", p+1)
	}
	out.Write(b[trailerAt : trailerAt+end])
	fmt.Fprintf(&out, "startxref\n%d\n%%%%EOF\n", x)
	return out.Bytes()
}
