package lang

import (
	"math"
	"strconv"
	"unicode/utf8"

	"github.com/tcps-dev/tcps/lang/msg"
)

// Substitution: $name and $(expr) in a word, replaced by the values of the
// repeat variables.
//
// A repeat meets the same words in every iteration (C$(b*62500+k) a
// million times in runtime/bench/million.tcps) and only the variables'
// values change, so a word is compiled once, when the file is read, into
// a template: its literal text and, for each $(expr), the expression in
// postfix order. Expanding a word then runs the template's code; nothing
// is parsed again.

// template is a word with $ substitutions, compiled. Expanding it writes
// each part in turn; the first part that fails ends the word with an error,
// as reading the word from left to right would.
type template struct {
	parts []tpart
	tail  string // the text after the last substitution
}

// tpart is the literal text before one substitution, and the substitution.
type tpart struct {
	lit  string
	kind tpartKind
	name string  // tVar: the variable
	expr rpnExpr // tExpr: the expression
	bad  msg.Msg // tBad: why the word cannot be read past here
}

type tpartKind uint8

const (
	tVar  tpartKind = iota // $name
	tExpr                  // $(expr)
	tBad                   // an unclosed $( or a $ before nothing
)

// compileTemplate reads word w once.
func compileTemplate(w string) *template {
	t := &template{}
	lit := 0 // start of the current literal
	for i := 0; i < len(w); {
		if w[i] != '$' {
			i++
			continue
		}
		p := tpart{lit: w[lit:i]}
		i++
		switch j := identEnd(w, i); {
		case i < len(w) && w[i] == '(':
			depth, j := 0, i
			for ; j < len(w); j++ {
				if w[j] == '(' {
					depth++
				} else if w[j] == ')' {
					depth--
					if depth == 0 {
						break
					}
				}
			}
			if j >= len(w) {
				p.kind, p.bad = tBad, msg.UnclosedSubst
				t.parts = append(t.parts, p)
				return t
			}
			p.kind, p.expr = tExpr, compileExpr(w[i+1:j])
			i = j + 1
		case j == i:
			p.kind, p.bad = tBad, msg.DollarNeeds
			t.parts = append(t.parts, p)
			return t
		default:
			p.kind, p.name = tVar, w[i:j]
			i = j
		}
		t.parts = append(t.parts, p)
		lit = i
	}
	t.tail = w[lit:]
	return t
}

// subst is word w, compiled as t, with its $name and $(expr) replaced by
// their values. On an error it reports it at pos and returns w unchanged.
func (x *expander) subst(t *template, w string, pos Pos) string {
	b := x.sbuf[:0]
	defer func() { x.sbuf = b[:0] }()
	for i := range t.parts {
		p := &t.parts[i]
		b = append(b, p.lit...)
		switch p.kind {
		case tBad:
			x.errorf(pos, p.bad, shorten(w, 60))
			return w
		case tVar:
			v, ok := x.lookup(p.name)
			if !ok {
				x.errorf(pos, msg.NotRepeatVar, p.name)
				return w
			}
			b = strconv.AppendInt(b, v, 10)
		case tExpr:
			v, err := x.run(&p.expr)
			if err != nil {
				x.errorf(pos, msg.InWord, shorten(w, 60), err)
				return w
			}
			b = strconv.AppendInt(b, v, 10)
		}
	}
	b = append(b, t.tail...)
	return string(b)
}

func (x *expander) lookup(name string) (int64, bool) {
	for i := len(x.vars) - 1; i >= 0; i-- {
		if x.vars[i].name == name {
			return x.vars[i].val, true
		}
	}
	return 0, false
}

// rpnExpr is an integer expression over repeat variables (+ - * / % and
// parentheses, with the usual precedence) in postfix order. err is the
// expression's syntax error, if it has one: code is then what was read
// before it, so that running the code first reports what reading from the
// left would have met first (the 1/0 in 1/0+) is a division by zero).
type rpnExpr struct {
	code []instr
	err  error
}

type instr struct {
	op   byte // 'n' a number, 'v' a variable, '~' negate, or + - * / %
	n    int64
	name string
}

// run evaluates e with the variables' current values.
func (x *expander) run(e *rpnExpr) (int64, error) {
	st := x.stack[:0]
	defer func() { x.stack = st[:0] }()
	for _, in := range e.code {
		switch in.op {
		case 'n':
			st = append(st, in.n)
		case 'v':
			v, ok := x.lookup(in.name)
			if !ok {
				return 0, msg.NotVarHere.Err(in.name)
			}
			st = append(st, v)
		case '~':
			v := st[len(st)-1]
			if v == math.MinInt64 {
				return 0, msg.NegOverflow.Err(v)
			}
			st[len(st)-1] = -v
		default:
			n := len(st)
			v, err := arith(st[n-2], in.op, st[n-1])
			if err != nil {
				return 0, err
			}
			st = append(st[:n-2], v)
		}
	}
	if e.err != nil {
		return 0, e.err
	}
	return st[0], nil
}

// compileExpr reads the expression s.
func compileExpr(s string) rpnExpr {
	p := exprParser{s: s}
	err := p.sum()
	if err == nil && p.i != len(p.s) {
		err = msg.ExprUnexpected.Err(p.s[p.i:])
	}
	return rpnExpr{code: p.code, err: err}
}

// exprParser reads an expression by recursive descent and writes its
// code.
type exprParser struct {
	s     string
	i     int
	depth int
	code  []instr
}

func (p *exprParser) sum() error {
	err := p.product()
	for err == nil && p.i < len(p.s) && (p.s[p.i] == '+' || p.s[p.i] == '-') {
		op := p.s[p.i]
		p.i++
		if err = p.product(); err == nil {
			p.code = append(p.code, instr{op: op})
		}
	}
	return err
}

func (p *exprParser) product() error {
	err := p.atom()
	for err == nil && p.i < len(p.s) && (p.s[p.i] == '*' || p.s[p.i] == '/' || p.s[p.i] == '%') {
		op := p.s[p.i]
		p.i++
		if err = p.atom(); err == nil {
			p.code = append(p.code, instr{op: op})
		}
	}
	return err
}

// atom reads a number, a variable, a parenthesized sum, or any of these
// after a run of unary minus signs, which is counted, not recursed into:
// $(------1) of any length costs no stack.
func (p *exprParser) atom() error {
	neg := false
	for p.i < len(p.s) && p.s[p.i] == '-' {
		neg = !neg
		p.i++
	}
	err := p.operand()
	if err == nil && neg {
		p.code = append(p.code, instr{op: '~'})
	}
	return err
}

func (p *exprParser) operand() error {
	if p.i >= len(p.s) {
		return msg.ExprEnds.Err()
	}
	c := p.s[p.i]
	switch {
	case c == '(':
		p.depth++
		if p.depth > 32 {
			return msg.ExprTooDeep.Err()
		}
		p.i++
		if err := p.sum(); err != nil {
			return err
		}
		if p.i >= len(p.s) || p.s[p.i] != ')' {
			return msg.MissingParen.Err()
		}
		p.i++
		p.depth--
		return nil
	case c >= '0' && c <= '9':
		j := p.i
		for j < len(p.s) && p.s[j] >= '0' && p.s[j] <= '9' {
			j++
		}
		text := p.s[p.i:j]
		p.i = j
		v, err := strconv.ParseInt(text, 10, 64)
		if err != nil {
			return msg.NumberTooLarge.Err(quoteShort(text))
		}
		p.code = append(p.code, instr{op: 'n', n: v})
		return nil
	case identEnd(p.s, p.i) > p.i:
		j := identEnd(p.s, p.i)
		p.code = append(p.code, instr{op: 'v', name: p.s[p.i:j]})
		p.i = j
		return nil
	}
	r, _ := utf8.DecodeRuneInString(p.s[p.i:])
	return msg.ExprUnexpected.Err(string(r))
}

// arith is v op r, or an error when the result leaves int64 or r is a
// zero divisor: an expression never wraps around.
func arith(v int64, op byte, r int64) (int64, error) {
	var x int64
	ok := true
	switch op {
	case '+':
		x = v + r
		ok = (r >= 0) == (x >= v)
	case '-':
		x = v - r
		ok = (r >= 0) == (x <= v)
	case '*':
		x = v * r
		ok = v == 0 || (x/v == r && !(v == -1 && r == math.MinInt64) && !(r == -1 && v == math.MinInt64))
	case '/', '%':
		if r == 0 {
			return 0, msg.DivByZero.Err()
		}
		if op == '%' {
			return v % r, nil
		}
		ok = !(v == math.MinInt64 && r == -1)
		x = v / r
	}
	if !ok {
		return 0, msg.ExprOverflow.Err(v, op, r)
	}
	return x, nil
}
