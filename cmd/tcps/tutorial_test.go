package main

// TestTutorial checks that every marked fenced block of docs/tutorial.md is
// what the program prints (or the scenario file holds), so that the
// tutorial cannot drift from the program.
//
// # The marker convention
//
// A marker is an HTML comment on the line directly before a fenced block
// (``` or ~~~, indented or not). Markdown renderers do not show it.
//
//	<!-- output: scenarios/lecture/04-deadlock-read-read.tcps -->
//	```
//	...the whole output of `tcps run` for that file...
//	```
//
//	<!-- scenario: scenarios/lecture/05-deadlock-write-write.tcps -->
//	```
//	...the whole scenario file...
//	```
//
// "output:" blocks hold what `tcps run FILE` prints on stdout (the trace,
// the views and FAIL lines; RunScenario, exactly as for golden files,
// without the "exit status" line). "scenario:" blocks hold the file itself.
// The path is relative to the repository root. After it come options,
// written in any order but applied in a fixed one: the edits, the run,
// then lines, from, to and grep. A TEXT is a Go double-quoted string
// ("a \"b\"\n" works):
//
//	lines A-B          only lines A to B (1-based, inclusive) of the text
//	from "TEXT"        start at the first line that contains TEXT
//	to "TEXT"          end at the first line, from the start on, that contains TEXT
//	grep "TEXT"        keep only the lines (of the range) that contain TEXT
//	--trace LEVEL      run with `tcps run --trace LEVEL` (output: only)
//	edit "OLD" "NEW"   replace every OLD in the scenario by NEW before running
//	                   or showing it (OLD must occur); for "Try it" blocks
//	as PATH            the name the run reports (FAIL lines carry it), e.g.
//	                   as /tmp/try/bytes.tcps; nothing is written there
//	exit N             the exit status the run must have (default 0)
//
// For example, an excerpt of a trace, and the output of an edited copy:
//
//	<!-- output: scenarios/lecture/13-accept.tcps from "C4.0 CLOSE -> SYN_SENT" to "accept() = 7" -->
//	<!-- output: scenarios/lecture/03-byte-stream.tcps edit "deliver C->S 3" "deliver C->S 5" as /tmp/try/bytes.tcps grep "FAIL" exit 1 -->
//
// Prefer from/to over lines: a text anchor survives a change of the trace
// before it. A fenced block without a marker must not look like tcps output
// or a scenario: a block with no info string, or "text" or "tcps", or with
// a line starting with "t=", fails the test. Shell commands go in ```sh
// blocks, which are not checked.
//
// On a mismatch the test prints a diff whose "-" lines are the document's
// and "+" lines the program's, with the document's line numbers.
//
//	TCPS_UPDATE_DOCS=1 go test ./cmd/tcps -run Tutorial
//
// rewrites every marked block in place with what the program prints now;
// read the diff (git diff docs/) before committing it: the prose around a
// block may need to change too.
//
// A course repository can check its own notes with the same test, from a
// checkout of tcps (TCPS_DOCS is a list separated like PATH; relative
// files are taken from TCPS_DOCS_ROOT, as are the markers' paths):
//
//	TCPS_DOCS=notes/week7.md TCPS_DOCS_ROOT=/path/to/course go test ./cmd/tcps -run 'Tutorial$'

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/tcps-dev/tcps/lang"
	"github.com/tcps-dev/tcps/runtime"
	"github.com/tcps-dev/tcps/runtime/export"
)

// docFiles are the markdown files whose blocks TestTutorial checks,
// relative to the repository root.
var docFiles = []string{"docs/tutorial.md"}

func TestTutorial(t *testing.T) {
	root, docs := filepath.Join("..", ".."), docFiles
	if list := os.Getenv("TCPS_DOCS"); list != "" {
		// Another repository's notes: its files, and paths in its markers
		// relative to TCPS_DOCS_ROOT (default: the current directory of
		// go test, so give it).
		root, docs = os.Getenv("TCPS_DOCS_ROOT"), filepath.SplitList(list)
		if root == "" {
			t.Fatal("TCPS_DOCS needs TCPS_DOCS_ROOT, the directory the markers' paths start from")
		}
	}
	update := os.Getenv("TCPS_UPDATE_DOCS") != ""
	for _, doc := range docs {
		t.Run(filepath.Base(doc), func(t *testing.T) {
			path := doc
			if !filepath.IsAbs(path) {
				path = filepath.Join(root, doc)
			}
			text, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			out, problems := checkDoc(root, doc, string(text), update)
			for _, p := range problems {
				t.Error(p)
			}
			if update && out != string(text) {
				if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
					t.Fatal(err)
				}
				t.Logf("updated %s: read git diff %s", doc, doc)
			}
		})
	}
}

// docMarker is a parsed <!-- output: ... --> or <!-- scenario: ... -->.
type docMarker struct {
	kind     string // "output" or "scenario"
	path     string
	as       string
	trace    string
	edits    [][2]string
	lineFrom int // 1-based, 0: no lines option
	lineTo   int
	from, to string
	grep     string
	exit     int
}

var markerRE = regexp.MustCompile(`^\s*<!--\s*(output|scenario):\s*(.*?)\s*-->\s*$`)

// parseMarker parses the text after "output:" or "scenario:".
func parseMarker(kind, rest string) (*docMarker, error) {
	var words []string
	for s := strings.TrimSpace(rest); s != ""; s = strings.TrimSpace(s) {
		if s[0] == '"' {
			q, err := strconv.QuotedPrefix(s)
			if err != nil {
				return nil, fmt.Errorf("bad quoted text at %q", s)
			}
			u, _ := strconv.Unquote(q)
			words = append(words, u)
			s = s[len(q):]
			continue
		}
		i := strings.IndexAny(s, " \t")
		if i < 0 {
			i = len(s)
		}
		words = append(words, s[:i])
		s = s[i:]
	}
	if len(words) == 0 {
		return nil, fmt.Errorf("%s: needs a scenario path", kind)
	}
	m := &docMarker{kind: kind, path: words[0]}
	args := words[1:]
	need := func(opt string, n int) ([]string, error) {
		if len(args) < n+1 {
			return nil, fmt.Errorf("%s needs %d argument(s)", opt, n)
		}
		a := args[1 : n+1]
		args = args[n+1:]
		return a, nil
	}
	for len(args) > 0 {
		opt := args[0]
		var a []string
		var err error
		switch opt {
		case "lines", "from", "to", "grep", "--trace", "as", "exit":
			a, err = need(opt, 1)
		case "edit":
			a, err = need(opt, 2)
		default:
			return nil, fmt.Errorf("unknown option %q (lines, from, to, grep, --trace, edit, as, exit)", opt)
		}
		if err != nil {
			return nil, err
		}
		switch opt {
		case "lines":
			lo, hi, ok := strings.Cut(a[0], "-")
			m.lineFrom, err = strconv.Atoi(lo)
			if err == nil && ok {
				m.lineTo, err = strconv.Atoi(hi)
			} else if err == nil {
				m.lineTo = m.lineFrom
			}
			if err != nil || m.lineFrom < 1 || m.lineTo < m.lineFrom {
				return nil, fmt.Errorf("lines %q: want A-B with 1 <= A <= B", a[0])
			}
		case "from":
			m.from = a[0]
		case "to":
			m.to = a[0]
		case "grep":
			m.grep = a[0]
		case "--trace":
			m.trace = a[0]
		case "as":
			m.as = a[0]
		case "exit":
			if m.exit, err = strconv.Atoi(a[0]); err != nil {
				return nil, fmt.Errorf("exit %q: want a number", a[0])
			}
		case "edit":
			if a[0] == "" {
				return nil, fmt.Errorf("edit: empty text to replace")
			}
			m.edits = append(m.edits, [2]string{a[0], a[1]})
		}
	}
	if kind == "scenario" && (m.trace != "" || m.exit != 0) {
		return nil, fmt.Errorf("--trace and exit apply to output: blocks only")
	}
	return m, nil
}

// expected is the text a marked block must hold.
func (m *docMarker) expected(root string) (string, error) {
	src, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(m.path)))
	if err != nil {
		return "", err
	}
	for _, e := range m.edits {
		if !bytes.Contains(src, []byte(e[0])) {
			return "", fmt.Errorf("edit: %q does not occur in %s", e[0], m.path)
		}
		src = bytes.ReplaceAll(src, []byte(e[0]), []byte(e[1]))
	}
	text := string(src)
	if m.kind == "output" {
		name := m.path
		if m.as != "" {
			name = m.as
		}
		var buf bytes.Buffer
		code := RunScenario(name, src, &buf, runtime.Options{Level: m.trace})
		if code != m.exit {
			return "", fmt.Errorf("%s exits with status %d, the marker says %d (add exit %d):\n%s", m.path, code, m.exit, code, buf.String())
		}
		text = buf.String()
	}
	return m.selectLines(text)
}

// selectLines applies lines, from, to and grep to text.
func (m *docMarker) selectLines(text string) (string, error) {
	lines := strings.SplitAfter(text, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	if m.lineFrom > 0 {
		if m.lineTo > len(lines) {
			return "", fmt.Errorf("lines %d-%d: the text has only %d lines", m.lineFrom, m.lineTo, len(lines))
		}
		lines = lines[m.lineFrom-1 : m.lineTo]
	}
	if m.from != "" {
		i := indexContaining(lines, m.from)
		if i < 0 {
			return "", fmt.Errorf("from %q: no line contains it", m.from)
		}
		lines = lines[i:]
	}
	if m.to != "" {
		i := indexContaining(lines, m.to)
		if i < 0 {
			return "", fmt.Errorf("to %q: no line contains it (after the start)", m.to)
		}
		lines = lines[:i+1]
	}
	if m.grep != "" {
		var kept []string
		for _, l := range lines {
			if strings.Contains(l, m.grep) {
				kept = append(kept, l)
			}
		}
		lines = kept
	}
	if len(lines) == 0 {
		return "", fmt.Errorf("the selection is empty")
	}
	out := strings.Join(lines, "")
	if !strings.HasSuffix(out, "\n") {
		out += "\n"
	}
	return out, nil
}

func indexContaining(lines []string, s string) int {
	for i, l := range lines {
		if strings.Contains(l, s) {
			return i
		}
	}
	return -1
}

var fenceRE = regexp.MustCompile("^(\\s*)(```+|~~~+)\\s*(\\S*)")

// checkDoc checks every fenced block of a markdown text. It returns the
// text with every marked block replaced by the program's output (when
// update) and the problems found, each with doc:line.
func checkDoc(root, doc, text string, update bool) (string, []string) {
	lines := strings.SplitAfter(text, "\n")
	var problems []string
	pending := -1 // index of a marker line waiting for its fence
	var out strings.Builder
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		if pending >= 0 && i != pending+1 {
			problems = append(problems, fmt.Sprintf("%s:%d: marker not directly followed by a fenced block", doc, pending+1))
			pending = -1
		}
		if markerRE.MatchString(line) {
			pending = i
			out.WriteString(line)
			continue
		}
		f := fenceRE.FindStringSubmatch(line)
		if f == nil {
			out.WriteString(line)
			continue
		}
		// A fenced block: find its end.
		indent, fence, info := f[1], f[2], f[3]
		end := i + 1
		for end < len(lines) && !isClosingFence(lines[end], fence) {
			end++
		}
		if end >= len(lines) {
			problems = append(problems, fmt.Sprintf("%s:%d: fenced block never closed", doc, i+1))
			out.WriteString(strings.Join(lines[i:], ""))
			pending = -1
			break
		}
		var body strings.Builder
		for _, l := range lines[i+1 : end] {
			body.WriteString(strings.TrimPrefix(l, indent))
		}
		got := body.String()
		out.WriteString(line)
		if pending < 0 {
			if looksLikeTcps(info, got) {
				problems = append(problems, fmt.Sprintf("%s:%d: a fenced block that looks like tcps output or a scenario has no marker "+
					"(<!-- output: FILE --> or <!-- scenario: FILE -->; use ```sh for commands)", doc, i+1))
			}
			out.WriteString(strings.Join(lines[i+1:end], ""))
		} else {
			mk := markerRE.FindStringSubmatch(lines[pending])
			want, err := func() (string, error) {
				m, err := parseMarker(mk[1], mk[2])
				if err != nil {
					return "", err
				}
				return m.expected(root)
			}()
			switch {
			case err != nil:
				problems = append(problems, fmt.Sprintf("%s:%d: %v", doc, pending+1, err))
				out.WriteString(strings.Join(lines[i+1:end], ""))
			case want != got:
				problems = append(problems, fmt.Sprintf("%s:%d: the block differs from what the program prints (- document, + program):\n%s",
					doc, i+1, docDiff(got, want, i+2)))
				if update {
					for _, l := range strings.SplitAfter(want, "\n") {
						if l == "" {
							continue
						}
						if l != "\n" {
							l = indent + l
						}
						out.WriteString(l)
					}
				} else {
					out.WriteString(strings.Join(lines[i+1:end], ""))
				}
			default:
				out.WriteString(strings.Join(lines[i+1:end], ""))
			}
			pending = -1
		}
		out.WriteString(lines[end])
		i = end
	}
	if pending >= 0 {
		problems = append(problems, fmt.Sprintf("%s:%d: marker not directly followed by a fenced block", doc, pending+1))
	}
	return out.String(), problems
}

// isClosingFence reports whether line closes a block opened by fence: only
// fence characters, at least as many.
func isClosingFence(line, fence string) bool {
	l := strings.TrimSpace(line)
	return len(l) >= len(fence) && strings.Trim(l, fence[:1]) == ""
}

// looksLikeTcps reports whether an unmarked block must have a marker: it
// has no info string, or "text" or "tcps", or a line of trace.
func looksLikeTcps(info, body string) bool {
	switch info {
	case "", "text", "tcps":
		return true
	}
	for _, l := range strings.Split(body, "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), "t=") {
			return true
		}
	}
	return false
}

var hunkRE = regexp.MustCompile(`@@ golden line (\d+) @@`)

// docDiff is lineDiff with the tutorial's line numbers: first is the doc
// line of the block's first line.
func docDiff(doc, program string, first int) string {
	d := lineDiff(doc, program)
	if !strings.HasPrefix(d, "  @@") {
		d = "  @@ golden line 1 @@\n" + d // a diff from the first line has no header
	}
	d = strings.TrimSuffix(d, "    \n") // the empty line after the last newline
	return hunkRE.ReplaceAllStringFunc(d, func(s string) string {
		n, _ := strconv.Atoi(hunkRE.FindStringSubmatch(s)[1])
		return fmt.Sprintf("@@ line %d @@", first+n-1)
	})
}

// TestTutorialChecker runs the checker on a small document of its own: a
// block that drifted is reported with the document's line numbers and
// rewritten by update, an indented excerpt passes, and each kind of
// mistake in a marker or an unmarked block is reported.
func TestTutorialChecker(t *testing.T) {
	root := t.TempDir()
	scen := "host S ip 10.0.0.1\nlisten *:80 as L\nnote \"hello\"\n"
	if err := os.WriteFile(filepath.Join(root, "a.tcps"), []byte(scen), 0o644); err != nil {
		t.Fatal(err)
	}
	var trace bytes.Buffer
	RunScenario("a.tcps", []byte(scen), &trace, runtime.Options{})
	doc := "# Doc\n\n" +
		"<!-- output: a.tcps -->\n```\nt=0.000ms stale line\n```\n\n" + // lines 3-6: drifted
		"1. item\n\n   <!-- output: a.tcps grep \"hello\" -->\n   ```text\n   t=0.000ms # hello\n   ```\n\n" + // indented excerpt
		"<!-- scenario: a.tcps from \"listen\" to \"listen\" -->\n```\nlisten *:80 as L\n```\n"
	out, problems := checkDoc(root, "doc.md", doc, true)
	if len(problems) != 1 || !strings.HasPrefix(problems[0], "doc.md:4: the block differs") ||
		!strings.Contains(problems[0], "@@ line 5 @@") || !strings.Contains(problems[0], "- t=0.000ms stale line") {
		t.Fatalf("want one problem at doc.md:4 with a diff at line 5, got %q", problems)
	}
	want := strings.Replace(doc, "t=0.000ms stale line\n", trace.String(), 1)
	if out != want {
		t.Fatalf("update wrote\n%s\nwant\n%s", out, want)
	}
	if _, problems := checkDoc(root, "doc.md", out, false); len(problems) != 0 {
		t.Fatalf("the updated document still has problems: %q", problems)
	}

	for _, c := range []struct{ doc, want string }{
		{"```\nt=1.000ms x\n```\n", "doc.md:1: a fenced block that looks like tcps output"},
		{"```sh\nt=1.000ms x\n```\n", "doc.md:1: a fenced block that looks like tcps output"},
		{"```sh\ngo test ./...\n```\n", ""},
		{"<!-- output: a.tcps -->\n\nx\n", "doc.md:1: marker not directly followed by a fenced block"},
		{"<!-- output: a.tcps lines 9-12 -->\n```\nx\n```\n", "doc.md:1: lines 9-12: the text has only"},
		{"<!-- output: a.tcps colour red -->\n```\nx\n```\n", `doc.md:1: unknown option "colour"`},
		{"<!-- output: a.tcps edit \"nothere\" \"x\" -->\n```\nx\n```\n", `doc.md:1: edit: "nothere" does not occur`},
		{"<!-- output: a.tcps edit \"listen *:80\" \"listen *:99999\" -->\n```\nx\n```\n", "doc.md:1: a.tcps exits with status 2, the marker says 0"},
		{"<!-- scenario: missing.tcps -->\n```\nx\n```\n", "doc.md:1: open"},
		{"<!-- output: a.tcps -->\n```\nx\n", "doc.md:2: fenced block never closed"},
	} {
		_, problems := checkDoc(root, "doc.md", c.doc, false)
		switch {
		case c.want == "" && len(problems) != 0:
			t.Errorf("%q: want no problem, got %q", c.doc, problems)
		case c.want != "" && (len(problems) != 1 || !strings.HasPrefix(problems[0], c.want)):
			t.Errorf("%q: want one problem %q..., got %q", c.doc, c.want, problems)
		}
	}
}

// TestJSONSchemaDoc holds docs/json-schema.md to what `tcps render json`
// writes for every scenario under scenarios/: every field name, and every
// value of view, note, kind and flags, is in the document; and every note
// the document lists appears in some scenario (a listed note that the model
// never sends is a doc that differs from the program).
func TestJSONSchemaDoc(t *testing.T) {
	root := filepath.Join("..", "..")
	docBytes, err := os.ReadFile(filepath.Join(root, "docs", "json-schema.md"))
	if err != nil {
		t.Fatal(err)
	}
	doc := string(docBytes)
	files, err := scenarioFiles([]string{filepath.Join(root, "scenarios")})
	if err != nil || len(files) == 0 {
		t.Fatalf("no scenarios: %v", err)
	}
	seen := map[string]map[string]bool{"field": {}, "view": {}, "note": {}, "kind": {}, "flags": {}}
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				seen["field"][k] = true
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	for _, f := range files {
		src, err := readScenario(f)
		if err != nil {
			continue
		}
		prog, err := lang.CheckLimits(f, src, limits)
		if err != nil {
			continue // scenarios/errors/: render json writes nothing
		}
		res := runtime.Run(prog, runtime.Options{Record: true})
		if res.ExitCode() == exitInput {
			continue
		}
		tr := export.NewTrace(prog, res)
		for _, p := range tr.Packets {
			seen["kind"][p.Kind] = true
			seen["flags"][p.Flags] = true
			if p.Note != "" {
				seen["note"][p.Note] = true
			}
		}
		for _, sh := range tr.Shows {
			seen["view"][sh.View] = true
		}
		var buf bytes.Buffer
		if err := export.WriteJSON(&buf, prog, res); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		var v any
		if err := json.Unmarshal(buf.Bytes(), &v); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		walk(v)
	}
	for v := range seen["field"] {
		if !strings.Contains(doc, "`"+v+"`") && !strings.Contains(doc, `"`+v+`"`) {
			t.Errorf("docs/json-schema.md does not mention the field %q that render json writes", v)
		}
	}
	// The values of view, note, kind and flags must be in that field's row
	// of its table.
	row := func(field string) string {
		r := regexp.MustCompile("(?m)^\\| `" + field + "` \\|.*$").FindString(doc)
		if r == "" {
			t.Fatalf("docs/json-schema.md has no table row for the field %s", field)
		}
		return r
	}
	for _, field := range []string{"view", "note", "kind", "flags"} {
		r := row(field)
		for v := range seen[field] {
			if !strings.Contains(r, "`"+v+"`") && !strings.Contains(r, "`\""+v+"\"`") {
				t.Errorf("docs/json-schema.md: the row of %s does not list %q, which render json writes", field, v)
			}
		}
	}
	notes, _, _ := strings.Cut(row("note"), ", or `\"\"`")
	for _, m := range regexp.MustCompile("`\"([^\"]+)\"`").FindAllStringSubmatch(notes, -1) {
		if !seen["note"][m[1]] {
			t.Errorf("docs/json-schema.md lists the note %q, which no scenario's packets carry", m[1])
		}
	}
}
