package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"

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
// fail says so.
func GoldenOutput(path string, src []byte) []byte {
	var buf bytes.Buffer
	code := RunScenario(path, src, &buf, runtime.Options{})
	if code != exitOK {
		fmt.Fprintf(&buf, "exit status %d\n", code)
	}
	return buf.Bytes()
}

type testCmd struct {
	Dirs   []string `arg:"" optional:"" name:"dir" help:"Directories (or files) of scenarios; default scenarios/."`
	Update bool     `help:"Rewrite the golden files with the current output."`
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
		fmt.Fprintln(e.stderr, "tcps: no .tcps files under", strings.Join(dirs, ", "))
		return exitInput
	}
	passed, failed := 0, 0
	for _, f := range files {
		src, err := readScenario(f)
		var got []byte
		if err != nil {
			got = []byte("tcps: " + err.Error() + "\nexit status 2\n")
		} else {
			got = GoldenOutput(f, src)
		}
		gp := GoldenPath(f)
		if c.Update {
			if err := os.MkdirAll(filepath.Dir(gp), 0o755); err != nil {
				fmt.Fprintln(e.stderr, "tcps:", err)
				return exitInput
			}
			if err := writeFileAtomic(gp, got); err != nil {
				fmt.Fprintln(e.stderr, "tcps:", err)
				return exitInput
			}
			fmt.Fprintf(e.stdout, "updated %s\n", gp)
			passed++
			continue
		}
		want, err := os.ReadFile(gp)
		switch {
		case err != nil:
			fmt.Fprintf(e.stdout, "FAIL %s: no golden file %s (run tcps test --update)\n", f, gp)
			failed++
		case !bytes.Equal(got, want):
			fmt.Fprintf(e.stdout, "FAIL %s: output differs from %s\n%s", f, gp, lineDiff(string(want), string(got)))
			failed++
		default:
			passed++
		}
	}
	fmt.Fprintf(e.stdout, "%d passed, %d failed\n", passed, failed)
	if failed > 0 {
		return exitFailure
	}
	return exitOK
}

// lineDiff shows the lines that differ, with - for the golden file and + for
// the new output, and a little context.
func lineDiff(want, got string) string {
	a := strings.SplitAfter(want, "\n")
	b := strings.SplitAfter(got, "\n")
	// Longest common subsequence on lines (scenario outputs are small).
	n, m := len(a), len(b)
	if n*m > 25_000_000 {
		return fmt.Sprintf("  (outputs too large to diff: %d and %d lines)\n", n, m)
	}
	lcs := make([][]int32, n+1)
	for i := range lcs {
		lcs[i] = make([]int32, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var out strings.Builder
	i, j, shown := 0, 0, 0
	for (i < n || j < m) && shown < 40 {
		switch {
		case i < n && j < m && a[i] == b[j]:
			i++
			j++
		case j < m && (i == n || lcs[i][j+1] >= lcs[i+1][j]):
			out.WriteString("  + " + strings.TrimSuffix(b[j], "\n") + "\n")
			j++
			shown++
		default:
			out.WriteString("  - " + strings.TrimSuffix(a[i], "\n") + "\n")
			i++
			shown++
		}
	}
	if shown == 40 {
		out.WriteString("  ...\n")
	}
	return out.String()
}
