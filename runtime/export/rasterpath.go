package export

import (
	"fmt"
	"math"
	"strconv"
)

// pathOp is one step of a figPath.
type pathOp uint8

const (
	opMove  pathOp = iota // one point
	opLine                // one point
	opCubic               // two control points and the end
	opClose               // no point: back to the subpath's start
)

// figPt is a point in figure pixels (y grows down).
type figPt struct{ x, y float64 }

// figPath is a path in figure pixels, what the drawing surfaces take:
// moves, lines, cubic curves (quadratic ones are raised to cubic) and
// closes. Every subpath starts with a move.
type figPath struct {
	ops []pathOp
	pts []figPt
}

func (p *figPath) moveTo(x, y float64) {
	p.ops = append(p.ops, opMove)
	p.pts = append(p.pts, figPt{x, y})
}

func (p *figPath) lineTo(x, y float64) {
	p.ops = append(p.ops, opLine)
	p.pts = append(p.pts, figPt{x, y})
}

func (p *figPath) cubeTo(x1, y1, x2, y2, x, y float64) {
	p.ops = append(p.ops, opCubic)
	p.pts = append(p.pts, figPt{x1, y1}, figPt{x2, y2}, figPt{x, y})
}

// quadTo adds a quadratic curve from the current point, as the cubic
// that draws it exactly.
func (p *figPath) quadTo(x1, y1, x, y float64) {
	c := p.pts[len(p.pts)-1]
	p.cubeTo(c.x+2.0/3*(x1-c.x), c.y+2.0/3*(y1-c.y), x+2.0/3*(x1-x), y+2.0/3*(y1-y), x, y)
}

func (p *figPath) close() { p.ops = append(p.ops, opClose) }

// transform maps every point to (x*sx+tx, y*sy+ty).
func (p *figPath) transform(sx, sy, tx, ty float64) {
	for i := range p.pts {
		p.pts[i] = figPt{p.pts[i].x*sx + tx, p.pts[i].y*sy + ty}
	}
}

// appendScaled adds q's subpaths mapped by (x*k+tx, y*k+ty).
func (p *figPath) appendScaled(q *figPath, k, tx, ty float64) {
	p.ops = append(p.ops, q.ops...)
	for _, pt := range q.pts {
		p.pts = append(p.pts, figPt{pt.x*k + tx, pt.y*k + ty})
	}
}

// sane reports whether the path has something to draw and every point
// is a finite number of a sane size (a hostile SVG's NaN, 1e300).
func (p *figPath) sane() bool {
	if len(p.pts) < 2 {
		return false
	}
	for _, pt := range p.pts {
		if !(math.Abs(pt.x) < 1e7 && math.Abs(pt.y) < 1e7) {
			return false
		}
	}
	return true
}

// lastSegment is the path's last two segment ends (control points are
// not counted), for an arrow head.
func (p *figPath) lastSegment() (from, to figPt, ok bool) {
	var ends []figPt
	k := 0
	for _, op := range p.ops {
		switch op {
		case opMove, opLine:
			ends = append(ends, p.pts[k])
			k++
		case opCubic:
			ends = append(ends, p.pts[k+2])
			k += 3
		}
	}
	if len(ends) < 2 {
		return figPt{}, figPt{}, false
	}
	return ends[len(ends)-2], ends[len(ends)-1], true
}

// parsePathData reads SVG path data: M, L, H, V, C, Q and Z, absolute and
// relative, with implicit repeats, what the figures' writers emit. Other
// commands (arcs, S, T) and malformed data are an error, and the
// element is not drawn.
func parsePathData(d string) (*figPath, error) {
	p := &figPath{}
	s := pathScanner{s: d}
	var cmd byte
	var cx, cy, sx, sy float64 // current point, subpath start
	open := false              // a subpath has been started
	for {
		s.skipSpace()
		if s.i >= len(s.s) {
			break
		}
		if c := s.s[s.i]; (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') {
			cmd = c
			s.i++
		} else if cmd == 0 {
			return nil, fmt.Errorf("path data %q: no command", d)
		}
		rel := cmd >= 'a'
		ox, oy := 0.0, 0.0
		if rel {
			ox, oy = cx, cy
		}
		var n []float64
		var err error
		switch cmd | 0x20 {
		case 'z':
			if !open {
				return nil, fmt.Errorf("path data %q: z before a move", d)
			}
			p.close()
			cx, cy = sx, sy
			open = false
			cmd = 0 // numbers after z need a command
			continue
		case 'm':
			if n, err = s.numbers(2); err != nil {
				return nil, err
			}
			cx, cy = ox+n[0], oy+n[1]
			sx, sy = cx, cy
			p.moveTo(cx, cy)
			open = true
			cmd = 'L' | (cmd & 0x20) // further pairs are lines
			continue
		}
		if !open {
			// Drawing after a z (or with no move) starts at the
			// current point.
			if len(p.ops) == 0 {
				return nil, fmt.Errorf("path data %q: drawing before a move", d)
			}
			p.moveTo(cx, cy)
			sx, sy = cx, cy
			open = true
		}
		switch cmd | 0x20 {
		case 'l':
			if n, err = s.numbers(2); err != nil {
				return nil, err
			}
			cx, cy = ox+n[0], oy+n[1]
			p.lineTo(cx, cy)
		case 'h':
			if n, err = s.numbers(1); err != nil {
				return nil, err
			}
			cx = ox + n[0]
			p.lineTo(cx, cy)
		case 'v':
			if n, err = s.numbers(1); err != nil {
				return nil, err
			}
			cy = oy + n[0]
			p.lineTo(cx, cy)
		case 'c':
			if n, err = s.numbers(6); err != nil {
				return nil, err
			}
			p.cubeTo(ox+n[0], oy+n[1], ox+n[2], oy+n[3], ox+n[4], oy+n[5])
			cx, cy = ox+n[4], oy+n[5]
		case 'q':
			if n, err = s.numbers(4); err != nil {
				return nil, err
			}
			p.quadTo(ox+n[0], oy+n[1], ox+n[2], oy+n[3])
			cx, cy = ox+n[2], oy+n[3]
		default:
			return nil, fmt.Errorf("path data %q: command %q not supported", d, cmd)
		}
	}
	if len(p.ops) == 0 {
		return nil, fmt.Errorf("empty path data")
	}
	return p, nil
}

// pathScanner reads the numbers of SVG path data.
type pathScanner struct {
	s string
	i int
}

func (s *pathScanner) skipSpace() {
	for s.i < len(s.s) {
		switch s.s[s.i] {
		case ' ', '\t', '\n', '\r', ',':
			s.i++
		default:
			return
		}
	}
}

// numbers reads k numbers.
func (s *pathScanner) numbers(k int) ([]float64, error) {
	out := make([]float64, k)
	for j := range out {
		s.skipSpace()
		v, ok := s.number()
		if !ok {
			return nil, fmt.Errorf("path data %q: a number expected at %d", s.s, s.i)
		}
		out[j] = v
	}
	return out, nil
}

// number reads one number: a sign, digits, a fraction, an exponent.
func (s *pathScanner) number() (float64, bool) {
	start := s.i
	if s.i < len(s.s) && (s.s[s.i] == '-' || s.s[s.i] == '+') {
		s.i++
	}
	digits := 0
	for s.i < len(s.s) && s.s[s.i] >= '0' && s.s[s.i] <= '9' {
		s.i++
		digits++
	}
	if s.i < len(s.s) && s.s[s.i] == '.' {
		s.i++
		for s.i < len(s.s) && s.s[s.i] >= '0' && s.s[s.i] <= '9' {
			s.i++
			digits++
		}
	}
	if digits == 0 {
		s.i = start
		return 0, false
	}
	if s.i < len(s.s) && (s.s[s.i] == 'e' || s.s[s.i] == 'E') {
		j := s.i + 1
		if j < len(s.s) && (s.s[j] == '-' || s.s[j] == '+') {
			j++
		}
		if j < len(s.s) && s.s[j] >= '0' && s.s[j] <= '9' {
			for j < len(s.s) && s.s[j] >= '0' && s.s[j] <= '9' {
				j++
			}
			s.i = j
		}
	}
	v, err := strconv.ParseFloat(s.s[start:s.i], 64)
	return v, err == nil
}
