package msg

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// verbRE matches a fmt verb: %%, %s, %[2]q, %-9s, %5.1f.
var verbRE = regexp.MustCompile(`%(?:\[(\d+)\])?[-+# 0]*\d*(?:\.\d+)?(?:\[(\d+)\])?([a-zA-Z%])`)

// placeholders lists a format's verbs as "n:verb", sorted and unique, and
// reports a verb that is not numbered.
func placeholders(f string) (set []string, unnumbered string) {
	seen := map[string]bool{}
	for _, m := range verbRE.FindAllStringSubmatch(f, -1) {
		if m[3] == "%" {
			continue
		}
		n := m[1] + m[2]
		if n == "" {
			return nil, m[0]
		}
		k := n + ":" + m[3]
		if !seen[k] {
			seen[k] = true
			set = append(set, k)
		}
	}
	sort.Strings(set)
	return set, ""
}

// defs reads the catalog's source: the name of every message, in
// definition order (the order of entries).
func defs(t *testing.T) []string {
	t.Helper()
	fset := token.NewFileSet()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(files) // the order Go initializes them in
	var names []string
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		af, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range af.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.VAR {
				continue
			}
			for _, s := range g.Specs {
				vs := s.(*ast.ValueSpec)
				for i, v := range vs.Values {
					if call, ok := v.(*ast.CallExpr); ok {
						if id, ok := call.Fun.(*ast.Ident); ok && id.Name == "def" {
							names = append(names, vs.Names[i].Name)
						}
					}
				}
			}
		}
	}
	return names
}

// TestCatalog: every message has both languages, numbered placeholders,
// the same placeholders in both, and the numbers run 1..n.
func TestCatalog(t *testing.T) {
	names := defs(t)
	if len(names) != len(entries) {
		t.Fatalf("read %d message definitions, the catalog holds %d", len(names), len(entries))
	}
	for i, e := range entries {
		name := names[i]
		if strings.TrimSpace(e.en) == "" || strings.TrimSpace(e.ko) == "" {
			t.Errorf("%s: missing a language: en %q, ko %q", name, e.en, e.ko)
			continue
		}
		en, bad := placeholders(e.en)
		if bad != "" {
			t.Errorf("%s: English placeholder %s is not numbered (write %%[1]s)", name, bad)
		}
		ko, bad := placeholders(e.ko)
		if bad != "" {
			t.Errorf("%s: Korean placeholder %s is not numbered (write %%[1]s)", name, bad)
		}
		if strings.Join(en, " ") != strings.Join(ko, " ") {
			t.Errorf("%s: placeholders differ: en %v, ko %v\n  en: %s\n  ko: %s", name, en, ko, e.en, e.ko)
		}
		used := map[string]bool{}
		for _, p := range en {
			used[strings.Split(p, ":")[0]] = true
		}
		for n := 1; n <= len(used); n++ {
			if !used[itoa(n)] {
				t.Errorf("%s: placeholders skip %%[%d]: %s", name, n, e.en)
			}
		}
		if e.ko == e.en && strings.ContainsAny(e.en, "abcdefghijklmnopqrstuvwxyz") && !untranslated[name] {
			t.Errorf("%s: the Korean is the English: %s", name, e.en)
		}
	}
}

// untranslated are messages whose Korean is rightly the English: notation.
var untranslated = map[string]bool{"Prefixed": true, "WhatOnHost": true, "WhatOfProgram": true, "WhatDelay": true, "TestCannotRead": true, "AcceptedAt": true}

func itoa(n int) string {
	s := ""
	for {
		s = string(rune('0'+n%10)) + s
		n /= 10
		if n == 0 {
			return s
		}
	}
}

// TestEveryMessageUsed fails on a message no code of the module uses
// (tests do not count).
func TestEveryMessageUsed(t *testing.T) {
	used := map[string]bool{}
	root := filepath.Join("..", "..")
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if n := d.Name(); n != "." && n != ".." && (strings.HasPrefix(n, ".") || n == "node_modules" || n == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		af, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(af, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.SelectorExpr:
				if x, ok := n.X.(*ast.Ident); ok && x.Name == "msg" {
					used[n.Sel.Name] = true
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range defs(t) {
		if !used[name] && !usedInside[name] {
			t.Errorf("message %s is never used (delete it, or use it)", name)
		}
	}
}

// usedInside are messages the catalog itself uses.
var usedInside = map[string]bool{}

// TestIn: placeholders reorder, deferred arguments render in the
// language of the message that holds them.
func TestIn(t *testing.T) {
	if got := DidYouMean.In(Ko, "write"); !strings.Contains(got, "write") || got == DidYouMean.In(En, "write") {
		t.Errorf("DidYouMean in Korean = %q", got)
	}
	inner := DidYouMean.Of("write")
	if got := inner.Error(); got != DidYouMean.In(En, "write") {
		t.Errorf("Error() = %q, want the English", got)
	}
	if got, want := Local(Ko, inner), DidYouMean.In(Ko, "write"); got != want {
		t.Errorf("Local(Ko) = %q, want %q", got, want)
	}
	if l, ok := ParseLang("ko"); !ok || l != Ko || l.String() != "ko" {
		t.Errorf("ParseLang(ko) = %v, %v", l, ok)
	}
	if _, ok := ParseLang("kr"); ok {
		t.Error("ParseLang(kr) accepted")
	}
}

// particleRE finds a particle whose form depends on the sound of the word
// before it (은/는, 이/가, 을/를, 와/과, 으로/로) right after a
// placeholder: tcps cannot know how a name is read, so a Korean message
// puts a noun between them (호스트 %[1]s 소켓이...) or uses a particle
// that never changes (에, 의, 도, 부터, 까지, 이다).
var particleRE = regexp.MustCompile(`%\[\d+\][a-zA-Z](은|는|이|가|을|를|와|과|으로|로)([^가-힣]|$)`)

// TestKoreanParticles: no message makes a particle agree with a
// placeholder.
func TestKoreanParticles(t *testing.T) {
	names := defs(t)
	for i, e := range entries {
		if m := particleRE.FindString(e.ko); m != "" {
			t.Errorf("%s: particle after a placeholder (%s): %s", names[i], m, e.ko)
		}
	}
	for en, ko := range docs {
		if m := particleRE.FindString(ko); m != "" {
			t.Errorf("doc %q: particle after a placeholder (%s): %s", en, m, ko)
		}
	}
}
