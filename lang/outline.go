package lang

import "strings"

// Symbol is a name a scenario declares: a host, process or thread, or a
// socket named with as. Editors use them (tcps lsp): document symbols,
// completion, go to declaration.
type Symbol struct {
	Kind string // "host", "process", "thread" or "socket"
	Name string // as written; in a repeat it may hold a $ substitution
	// Host is a socket's host: the one its statement names, or the host
	// declared last for a bare call. A thread's program. "" for hosts and
	// processes.
	Host string
	Pos  Pos // where the name is written
	Stmt Pos // where its statement starts
}

// Outline parses src, without checking it, and lists the names it
// declares in the order they are written, those in repeat blocks too. It
// fails only on a syntax error (unpaired braces, an unterminated string).
func Outline(name string, src []byte) ([]Symbol, error) {
	items, errs := parse(name, src, DefaultLimits)
	if errs != nil {
		return nil, errs
	}
	var o outliner
	o.items(items)
	return o.syms, nil
}

type outliner struct {
	syms []Symbol
	cur  string // the host declared last
}

func (o *outliner) items(items []item) {
	for i := range items {
		it := &items[i]
		if !it.isStmt() {
			continue
		}
		o.stmt(it)
		if it.block != nil {
			o.items(it.block.items)
		}
	}
}

// single is the one word of a, if a is a single unquoted word.
func single(a arg) (word, bool) {
	if a.str || len(a.words) != 1 {
		return word{}, false
	}
	return a.words[0], true
}

func (o *outliner) stmt(it *item) {
	head, ok := single(it.args[0])
	if !ok {
		return
	}
	parts := strings.Split(head.text, ".")
	verb := parts[len(parts)-1]
	switch verb {
	case "repeat":
		return // its as names the repeat variable
	case "host", "process", "thread":
		if len(it.args) < 2 {
			return
		}
		w, ok := single(it.args[1])
		if !ok {
			return
		}
		s := Symbol{Kind: verb, Name: w.text, Pos: w.pos, Stmt: it.pos}
		if verb == "thread" && len(it.args) >= 4 {
			if of, ok := single(it.args[3]); ok {
				s.Host = of.text
			}
		}
		o.syms = append(o.syms, s)
		if verb != "thread" {
			o.cur = w.text
		}
		return
	}
	host := o.cur
	if len(parts) >= 2 {
		host = parts[0]
	}
	for i := 1; i+1 < len(it.args); i++ {
		if w, ok := single(it.args[i]); ok && w.text == "as" {
			if n, ok := single(it.args[i+1]); ok {
				o.syms = append(o.syms, Symbol{Kind: "socket", Name: n.text, Host: host, Pos: n.pos, Stmt: it.pos})
			}
		}
	}
}
