package export

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"image/color"
	"image/png"
	"io"
	"math"
	"strconv"
	"strings"
)

// PNG and PDF are drawn in pure Go from the figure's own SVG: the figures
// use a small part of SVG (rect, line, path, polyline, polygon, text with
// tspans, arrow markers), which raster.go reads back and paints on a
// surface (rastersurface.go: PNG through github.com/srwiley/rasterx;
// rasterpdf.go: a small PDF writer), so the three formats cannot drift
// apart. Text is glyph outlines read by golang.org/x/image/font/sfnt
// (rasterfont.go) from the SVG's first font, DejaVu Sans (Mono), from the
// system; where it is missing, the Go fonts, which have the same metrics
// class (a warning is not printed: the figure stays legible). Korean
// comes from Nanum Gothic or Noto Sans CJK where the Latin font has no
// glyph.

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

// painter draws SVG nodes onto a surface, mapping SVG user units to
// figure pixels.
type painter struct {
	surf    surface
	fonts   *fontSet
	scale   float64 // figure pixels per SVG user unit
	ox, oy  float64 // where the viewBox's origin is, in figure pixels
	vx, vy  float64 // viewBox origin
	markers map[string]color.NRGBA
}

func parseColor(s string) (color.NRGBA, bool) {
	switch s {
	case "", "none":
		return color.NRGBA{}, false
	case "white":
		return color.NRGBA{255, 255, 255, 255}, true
	case "black":
		return color.NRGBA{0, 0, 0, 255}, true
	}
	if strings.HasPrefix(s, "#") {
		h := s[1:]
		if len(h) == 3 {
			h = string([]byte{h[0], h[0], h[1], h[1], h[2], h[2]})
		}
		if v, err := strconv.ParseUint(h, 16, 32); err == nil && len(h) == 6 {
			return color.NRGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 255}, true
		}
	}
	return color.NRGBA{0, 0, 0, 255}, true
}

func withOpacity(c color.NRGBA, op string) color.NRGBA {
	if op == "" {
		return c
	}
	a, err := strconv.ParseFloat(op, 64)
	if err != nil || math.IsNaN(a) {
		return c
	}
	a = min(max(a, 0), 1)
	c.A = uint8(math.Round(255 * a))
	return c
}

// drawPath parses d (SVG user units), paints its fill and stroke as n
// says and its arrow head; data it cannot read is not drawn.
func (p *painter) drawPath(n *svgNode, d string, defFill string) {
	path, err := parsePathData(d)
	if err != nil {
		return
	}
	path.transform(p.scale, p.scale, p.ox-p.vx*p.scale, p.oy-p.vy*p.scale)
	if !path.sane() {
		return
	}
	fill := n.attr("fill")
	if fill == "" {
		fill = defFill
	}
	if c, ok := parseColor(fill); ok {
		p.surf.fill(path, withOpacity(c, n.attr("fill-opacity")))
	}
	if c, ok := parseColor(n.attr("stroke")); ok {
		w := 1.0
		if n.attr("stroke-width") != "" {
			w = n.num("stroke-width")
		}
		var ds []float64
		if d := n.attr("stroke-dasharray"); d != "" {
			for _, f := range strings.Fields(strings.ReplaceAll(d, ",", " ")) {
				if v, err := strconv.ParseFloat(f, 64); err == nil && v >= 0 && v < 1e6 {
					ds = append(ds, v*p.scale)
				}
			}
			if len(ds)%2 == 1 { // SVG repeats an odd list
				ds = append(ds, ds...)
			}
		}
		if w > 0 && w < 1e6 {
			p.surf.stroke(path, c, w*p.scale, ds)
		}
	}
	if id := strings.TrimSuffix(strings.TrimPrefix(n.attr("marker-end"), "url(#"), ")"); id != "" {
		p.arrowHead(path, id)
	}
}

// arrowHead draws the figures' marker (a 12 by 10 triangle whose tip is
// the path's end) along the path's last segment.
func (p *painter) arrowHead(path *figPath, id string) {
	c, ok := p.markers[id]
	if !ok {
		return
	}
	from, end, ok := path.lastSegment()
	if !ok {
		return
	}
	dx, dy := end.x-from.x, end.y-from.y
	l := math.Hypot(dx, dy)
	if l == 0 {
		return
	}
	ux, uy := dx/l, dy/l
	nx, ny := -uy, ux
	hl, hw := 12*p.scale, 5*p.scale
	bx, by := end.x-ux*hl, end.y-uy*hl
	head := &figPath{}
	head.moveTo(end.x, end.y)
	head.lineTo(bx+nx*hw, by+ny*hw)
	head.lineTo(bx-nx*hw, by-ny*hw)
	head.close()
	p.surf.fill(head, c)
}

// face is the font of a text element and its size in figure pixels.
func (p *painter) face(n *svgNode, inherited string) (*figFont, float64) {
	size := n.num("font-size")
	if !(size > 0 && size < 1e4) {
		size = 16
	}
	f := p.fonts.sans
	switch {
	case strings.Contains(n.attr("font-family")+inherited, "Mono"):
		f = p.fonts.mono
	case n.attr("font-weight") == "bold":
		f = p.fonts.sansBold
	case n.attr("font-style") == "italic":
		f = p.fonts.sansItalic
	}
	return f, size * p.scale
}

// textRun is a piece of text that one font draws.
type textRun struct {
	s        string
	fallback bool // drawn with the Korean font
}

// fontRuns cuts s where the font has no glyph and the Korean font takes
// over (spaces go with the run they are in).
func (p *painter) fontRuns(f *figFont, s string) []textRun {
	if p.fonts.hangul == nil {
		return []textRun{{s, false}}
	}
	var out []textRun
	for _, r := range s {
		fb := r > 0x7f && f.glyph(r) == 0
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

// fallbackFont is the Korean font for a text element.
func (p *painter) fallbackFont(n *svgNode) *figFont {
	if n.attr("font-weight") == "bold" {
		return p.fonts.hangulBold
	}
	return p.fonts.hangul
}

func (p *painter) drawText(n *svgNode, inherited string) {
	def, _ := parseColor(n.attr("fill"))
	if n.attr("fill") == "" {
		def = color.NRGBA{0x11, 0x11, 0x11, 255}
	}
	type piece struct {
		s    string
		font *figFont
		c    color.NRGBA
		w    float64
	}
	var pieces []piece
	total := 0.0
	f, size := p.face(n, inherited)
	for _, it := range n.Items {
		if it.text == "" {
			continue
		}
		c := def
		if it.fill != "" {
			c, _ = parseColor(it.fill)
		}
		for _, run := range p.fontRuns(f, it.text) {
			font := f
			if run.fallback {
				font = p.fallbackFont(n)
			}
			w := font.width(run.s, size)
			pieces = append(pieces, piece{run.s, font, c, w})
			total += w
		}
	}
	x := p.ox + (n.num("x")-p.vx)*p.scale
	y := p.oy + (n.num("y")-p.vy)*p.scale
	if !(math.Abs(x) < 1e7 && math.Abs(y) < 1e7) {
		return
	}
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
		k := size / pieces[0].font.upem
		asc, desc := pieces[0].font.ascent*k, pieces[0].font.descent*k
		pad := n.num("stroke-width") * p.scale / 2
		if !(pad >= 0 && pad < 1e4) {
			pad = 0
		}
		hc, _ := parseColor(n.attr("stroke"))
		band := &figPath{}
		band.moveTo(x-pad, y-asc-pad)
		band.lineTo(x+total+pad, y-asc-pad)
		band.lineTo(x+total+pad, y+desc+pad)
		band.lineTo(x-pad, y+desc+pad)
		band.close()
		p.surf.fill(band, hc)
	}
	for _, pc := range pieces {
		gs, _ := pc.font.layout(pc.s, size, x, y)
		p.surf.glyphs(pc.font, gs, size, pc.c)
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
func collectMarkers(n *svgNode, out map[string]color.NRGBA) {
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

// figureSize reads a figure SVG and its page size in figure pixels.
func figureSize(svg []byte) (*svgNode, float64, float64, error) {
	root, err := parseFigure(svg)
	if err != nil {
		return nil, 0, 0, err
	}
	w, h := root.num("width"), root.num("height")
	if !(w > 0 && h > 0 && w <= 20000 && h <= 20000) {
		return nil, 0, 0, fmt.Errorf("figure size %gx%g out of range", w, h)
	}
	return root, w, h, nil
}

// paintFigure draws a figure, of w by h figure pixels, on s.
func paintFigure(root *svgNode, w, h float64, s surface) error {
	f, err := loadFonts()
	if err != nil {
		return err
	}
	vx, vy, vw, vh := 0.0, 0.0, w, h
	if vb := strings.Fields(strings.ReplaceAll(root.attr("viewBox"), ",", " ")); len(vb) == 4 {
		vx, _ = strconv.ParseFloat(vb[0], 64)
		vy, _ = strconv.ParseFloat(vb[1], 64)
		vw, _ = strconv.ParseFloat(vb[2], 64)
		vh, _ = strconv.ParseFloat(vb[3], 64)
	}
	if !(vw > 0 && vh > 0 && vw < 1e7 && vh < 1e7 && math.Abs(vx) < 1e7 && math.Abs(vy) < 1e7) {
		return fmt.Errorf("figure viewBox %q out of range", root.attr("viewBox"))
	}
	// preserveAspectRatio meet: xMidYMid (SVG's default) or xMidYMin.
	sc := min(w/vw, h/vh)
	oy := (h - vh*sc) / 2
	if strings.HasPrefix(root.attr("preserveAspectRatio"), "xMidYMin") {
		oy = 0
	}
	p := &painter{
		surf: s, fonts: f, scale: sc,
		ox: (w - vw*sc) / 2, oy: oy,
		vx: vx, vy: vy,
		markers: map[string]color.NRGBA{},
	}
	// The page background, where the viewBox does not cover it.
	bg := &figPath{}
	bg.moveTo(0, 0)
	bg.lineTo(w, 0)
	bg.lineTo(w, h)
	bg.lineTo(0, h)
	bg.close()
	s.fill(bg, color.NRGBA{255, 255, 255, 255})
	collectMarkers(root, p.markers)
	p.draw(root, root.attr("font-family"))
	return nil
}

// SVGToPNG draws a figure SVG as a PNG image, scale pixels per SVG pixel
// (1: a 1280x720 figure gives a 1280x720 image; 2 for sharper slides).
func SVGToPNG(svg []byte, scale float64) ([]byte, error) {
	root, w, h, err := figureSize(svg)
	if err != nil {
		return nil, err
	}
	if !(scale > 0 && scale <= 8) {
		scale = 1
	}
	s := newPNGSurface(int(math.Round(w*scale)), int(math.Round(h*scale)), scale)
	if err := paintFigure(root, w, h, s); err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := png.Encode(&b, s.img); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// SVGToPDF draws a figure SVG as a one-page PDF, the page the figure's
// size at 96 pixels per inch, in vector graphics. Text is drawn as glyph
// outlines (no font is embedded; the text is exact but cannot be
// selected or searched). The PDF has no date: two renders give the same
// bytes.
func SVGToPDF(svg []byte) ([]byte, error) {
	root, w, h, err := figureSize(svg)
	if err != nil {
		return nil, err
	}
	s := newPDFSurface(w, h)
	if err := paintFigure(root, w, h, s); err != nil {
		return nil, err
	}
	return s.bytes(), nil
}
