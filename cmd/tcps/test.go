package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/tcps-dev/tcps/lang/msg"
	"github.com/tcps-dev/tcps/runtime"
)

// GoldenPath maps scenarios/<area>/<name>.tcps to golden/<area>/<name>.golden:
// the last "scenarios" directory of the path becomes "golden". A scenario
// outside such a tree has its golden file beside it.
func GoldenPath(scenario string) string {
	clean := filepath.ToSlash(filepath.Clean(scenario))
	base := strings.TrimSuffix(clean, ".tcps") + ".golden"
	parts := strings.Split(base, "/")
	for i := len(parts) - 2; i >= 0; i-- {
		if parts[i] == "scenarios" {
			parts[i] = "golden"
			return filepath.FromSlash(strings.Join(parts, "/"))
		}
	}
	return filepath.FromSlash(base)
}

// GoldenOutput is what a golden file holds for a scenario: exactly the
// output of `tcps run` (trace and any errors), and, when the run does not
// succeed, a last line "exit status N", so that a scenario that is meant to
// fail says so. Its language is the scenario's set lang, never tcps
// --lang: a golden file does not depend on how tcps test was called.
func GoldenOutput(path string, src []byte) []byte {
	var buf bytes.Buffer
	l := limits
	l.Lang = msg.En
	code := runScenario(path, src, &buf, runtime.Options{}, l)
	if code != exitOK {
		fmt.Fprintf(&buf, "exit status %d\n", code)
	}
	return buf.Bytes()
}

// goldenFor is the golden output of the scenario file at path, reported
// under name; a file that cannot be read as a scenario gives its one-line
// error and exit status 2.
func goldenFor(path, name string) []byte {
	src, err := readScenario(path)
	if err != nil {
		return []byte("tcps: " + msg.Local(msg.En, err) + "\nexit status 2\n")
	}
	return GoldenOutput(name, src)
}

type testCmd struct {
	Dirs   []string `arg:"" optional:"" name:"dir" help:"help_testdirs"`
	Update bool     `help:"help_testupdate"`
}

func (c *testCmd) run(e *env) int {
	dirs := c.Dirs
	if len(dirs) == 0 {
		dirs = []string{"scenarios"}
	}
	files, err := scenarioFiles(dirs)
	if err != nil {
		fmt.Fprintln(e.stderr, "tcps:", err)
		return exitInput
	}
	if len(files) == 0 {
		fmt.Fprintln(e.stderr, msg.TestNoFiles.In(outLang, strings.Join(dirs, ", ")))
		return exitInput
	}
	passed, failed, updated := 0, 0, 0
	for _, f := range files {
		got := goldenFor(f, displayName(f))
		abs, _ := filepath.Abs(f)
		gp := GoldenPath(abs)
		if rel, err := filepath.Rel(".", gp); err == nil && !strings.HasPrefix(rel, "..") {
			gp = rel
		}
		if c.Update {
			if err := os.MkdirAll(filepath.Dir(gp), 0o755); err != nil {
				fmt.Fprintln(e.stderr, "tcps:", err)
				return exitInput
			}
			if err := writeFileAtomic(gp, got); err != nil {
				fmt.Fprintln(e.stderr, "tcps:", err)
				return exitInput
			}
			fmt.Fprintln(e.stdout, msg.TestUpdated.In(outLang, gp))
			updated++
			continue
		}
		want, err := readInput(gp, msg.InputGolden.Of(), nil)
		switch {
		case err != nil && !fileExists(gp):
			fmt.Fprintln(e.stdout, msg.TestNoGolden.In(outLang, f, gp))
			failed++
		case err != nil:
			fmt.Fprintln(e.stdout, msg.TestCannotRead.In(outLang, f, err))
			failed++
		case !bytes.Equal(got, want):
			fmt.Fprintf(e.stdout, "%s\n%s", msg.TestDiffers.In(outLang, f, gp), lineDiff(string(want), string(got)))
			failed++
		default:
			passed++
		}
	}
	if c.Update {
		fmt.Fprintln(e.stdout, msg.TestNUpdated.In(outLang, updated))
		return exitOK
	}
	fmt.Fprintln(e.stdout, msg.TestSummary.In(outLang, passed, failed))
	if failed > 0 {
		return exitFailure
	}
	return exitOK
}

// lineDiff shows how got differs from want, the golden file, in the manner
// of a unified diff: "-" lines are the golden file's, "+" lines the new
// output's, with two lines of context and the golden line numbers.
func lineDiff(want, got string) string {
	var hint string
	if strings.Contains(want, "\r\n") {
		hint = "  (the golden file has CRLF line ends; golden files are LF: see .gitattributes)\n"
		want = strings.ReplaceAll(want, "\r\n", "\n")
	}
	a := strings.SplitAfter(want, "\n")
	b := strings.SplitAfter(got, "\n")
	type op struct {
		kind byte // ' ', '-', '+'
		text string
		line int // golden line number
	}
	edits := diffLines(a, b)
	ops := make([]op, len(edits))
	for k, e := range edits {
		ops[k] = op{e.kind, a[min(e.a, len(a)-1)], e.a + 1}
		if e.kind == '+' {
			ops[k].text = b[e.b]
		}
	}
	const context = 2
	var out strings.Builder
	shown, last := 0, -1
	for k, o := range ops {
		near := false
		for d := max(k-context, 0); d <= min(k+context, len(ops)-1); d++ {
			if ops[d].kind != ' ' {
				near = true
				break
			}
		}
		if !near {
			continue
		}
		if last != k-1 {
			fmt.Fprintln(&out, msg.TestGoldenLine.In(outLang, o.line))
		}
		last = k
		if shown++; shown > 60 {
			out.WriteString("  ...\n")
			break
		}
		fmt.Fprintf(&out, "  %c %s\n", o.kind, strings.TrimSuffix(o.text, "\n"))
	}
	return hint + out.String()
}

// fileExists reports whether path names anything, even a dangling link.
func fileExists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

// displayName is the name a scenario is reported under, and so the name in
// its golden file: the path from its "scenarios" directory on
// ("scenarios/week7/a.tcps"), whatever directory tcps test was given and
// from wherever it runs, so golden files do not depend on the machine.
func displayName(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return filepath.ToSlash(path)
	}
	parts := strings.Split(filepath.ToSlash(abs), "/")
	for i := len(parts) - 2; i >= 0; i-- {
		if parts[i] == "scenarios" {
			return strings.Join(parts[i:], "/")
		}
	}
	if wd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(wd, abs); err == nil && !strings.HasPrefix(rel, "..") {
			return filepath.ToSlash(rel)
		}
	}
	return filepath.ToSlash(path)
}
