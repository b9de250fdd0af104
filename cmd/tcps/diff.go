package main

// A line diff in linear space: Myers' O((N+M)D) algorithm with the
// "middle snake" divide and conquer (E. Myers, An O(ND) Difference
// Algorithm and Its Variations, 1986, section 4b). Memory is O(N+M)
// whatever the inputs; time is bounded by a budget, past which the rest
// of a difference is shown as a plain replacement (a correct diff, not
// the shortest).

// edit is one line of a diff: ' ' a line of both, '-' a line of a only,
// '+' a line of b only. A is the index in a of the line (for '+', of the
// next line of a).
type edit struct {
	kind byte
	a, b int
}

// diffBudget bounds the work of one diff (snake steps): about a second.
const diffBudget = 200_000_000

type differ struct {
	a, b   []string
	out    []edit
	budget int
	vf, vb []int
}

// diffLines returns an edit script turning a into b.
func diffLines(a, b []string) []edit {
	d := &differ{a: a, b: b, budget: diffBudget}
	n := len(a) + len(b) + 2
	d.vf, d.vb = make([]int, 2*n+2), make([]int, 2*n+2)
	d.compare(0, len(a), 0, len(b))
	return d.out
}

func (d *differ) compare(a0, a1, b0, b1 int) {
	// Common prefix and suffix.
	for a0 < a1 && b0 < b1 && d.a[a0] == d.b[b0] {
		d.out = append(d.out, edit{' ', a0, b0})
		a0++
		b0++
	}
	s := 0
	for a0 < a1-s && b0 < b1-s && d.a[a1-1-s] == d.b[b1-1-s] {
		s++
	}
	a1, b1 = a1-s, b1-s
	switch {
	case a0 == a1:
		for j := b0; j < b1; j++ {
			d.out = append(d.out, edit{'+', a0, j})
		}
	case b0 == b1:
		for i := a0; i < a1; i++ {
			d.out = append(d.out, edit{'-', i, b0})
		}
	default:
		x, y, u, v, ok := d.middleSnake(a0, a1, b0, b1)
		if !ok { // over budget: a replacement
			for i := a0; i < a1; i++ {
				d.out = append(d.out, edit{'-', i, b0})
			}
			for j := b0; j < b1; j++ {
				d.out = append(d.out, edit{'+', a1, j})
			}
			break
		}
		d.compare(a0, x, b0, y)
		for ; x < u; x, y = x+1, y+1 {
			d.out = append(d.out, edit{' ', x, y})
		}
		d.compare(u, a1, v, b1)
	}
	for i := 0; i < s; i++ {
		d.out = append(d.out, edit{' ', a1 + i, b1 + i})
	}
}

// middleSnake finds the middle snake of a shortest edit script of
// a[a0:a1] and b[b0:b1] (both non-empty): the diagonal run (x,y)-(u,v),
// in absolute indices, that a shortest path crosses halfway. ok is false
// when the budget ran out.
func (d *differ) middleSnake(a0, a1, b0, b1 int) (x, y, u, v int, ok bool) {
	n, m := a1-a0, b1-b0
	delta := n - m
	odd := delta&1 != 0
	off := (n+m+1)/2 + 1
	vf, vb := d.vf[:2*off+1], d.vb[:2*off+1]
	vf[off+1], vb[off+1] = 0, 0
	for D := 0; D <= (n+m+1)/2; D++ {
		// Forward: vf[off+k] is the furthest x on diagonal k = x-y.
		for k := -D; k <= D; k += 2 {
			var fx int
			if k == -D || (k != D && vf[off+k-1] < vf[off+k+1]) {
				fx = vf[off+k+1]
			} else {
				fx = vf[off+k-1] + 1
			}
			fy := fx - k
			sx, sy := fx, fy
			for fx < n && fy < m && d.a[a0+fx] == d.b[b0+fy] {
				fx, fy = fx+1, fy+1
			}
			d.budget -= fx - sx + 1
			vf[off+k] = fx
			if kr := delta - k; odd && kr >= -(D-1) && kr <= D-1 && fx+vb[off+kr] >= n {
				return a0 + sx, b0 + sy, a0 + fx, b0 + fy, true
			}
		}
		// Backward, on the reversed sequences: vb[off+k] is the furthest
		// count of lines consumed from the ends on reversed diagonal k.
		for k := -D; k <= D; k += 2 {
			var rx int
			if k == -D || (k != D && vb[off+k-1] < vb[off+k+1]) {
				rx = vb[off+k+1]
			} else {
				rx = vb[off+k-1] + 1
			}
			ry := rx - k
			sx, sy := rx, ry
			for rx < n && ry < m && d.a[a1-1-rx] == d.b[b1-1-ry] {
				rx, ry = rx+1, ry+1
			}
			d.budget -= rx - sx + 1
			vb[off+k] = rx
			if kf := delta - k; !odd && kf >= -D && kf <= D && rx+vf[off+kf] >= n {
				return a1 - rx, b1 - ry, a1 - sx, b1 - sy, true
			}
		}
		if d.budget < 0 {
			return 0, 0, 0, 0, false
		}
	}
	return 0, 0, 0, 0, false // not reached: a path exists within (n+m+1)/2
}
