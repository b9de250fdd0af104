package main

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/tcps-dev/tcps/lang"
)

type fmtCmd struct {
	Write bool     `short:"w" help:"help_fmtwrite"`
	List  bool     `short:"l" help:"help_fmtlist"`
	Diff  bool     `short:"d" help:"help_fmtdiff"`
	Files []string `arg:"" name:"file" help:"Scenario files."`
}

// Help is the long help of tcps fmt.
func (c *fmtCmd) Help() string {
	return `Prints each scenario in canonical form. -w rewrites the files instead,
-l lists the files that are not in canonical form, -d prints the changes
as a diff; -l and -d exit 0 whatever they find (as gofmt), so a course CI
checks with: test -z "$(tcps fmt -l scenarios/*/*.tcps)". A file that
does not parse is an error (exit 2) with every flag.`
}

func (c *fmtCmd) run(e *env) int {
	for _, f := range c.Files {
		src, err := readScenario(f)
		if err != nil {
			fmt.Fprintln(e.stderr, "tcps:", err)
			return exitInput
		}
		out, err := lang.FormatSource(f, src)
		if err != nil {
			fmt.Fprint(e.stderr, lang.Format(err, &lang.Source{Name: f, Text: src}))
			return exitInput
		}
		same := bytes.Equal(out, src)
		if c.List && !same {
			fmt.Fprintln(e.stdout, f)
		}
		if c.Diff && !same {
			fmt.Fprint(e.stdout, unifiedDiff(f, string(src), string(out)))
		}
		if !c.Write {
			if !c.List && !c.Diff {
				e.stdout.Write(out)
			}
			continue
		}
		if same {
			continue
		}
		if err := writeFileAtomic(f, out); err != nil {
			fmt.Fprintln(e.stderr, "tcps:", err)
			return exitInput
		}
	}
	return exitOK
}

// unifiedDiff is a unified diff (3 lines of context) from a to b, with
// the headers of gofmt -d: "--- name.orig", "+++ name".
func unifiedDiff(name, a, b string) string {
	al, bl := splitLines(a), splitLines(b)
	edits := diffLines(al, bl)
	const context = 3
	var out strings.Builder
	fmt.Fprintf(&out, "diff %s.orig %s\n--- %s.orig\n+++ %s\n", name, name, name, name)
	for i := 0; i < len(edits); {
		// Find the next change, then the hunk around it.
		for i < len(edits) && edits[i].kind == ' ' {
			i++
		}
		if i == len(edits) {
			break
		}
		start := max(i-context, 0)
		end := i
		for end < len(edits) {
			if edits[end].kind != ' ' {
				end++
				continue
			}
			run := end
			for run < len(edits) && edits[run].kind == ' ' {
				run++
			}
			if run == len(edits) || run-end > 2*context {
				end = min(end+context, len(edits))
				break
			}
			end = run
		}
		h := edits[start:end]
		na, nb := 0, 0
		for _, e := range h {
			if e.kind != '+' {
				na++
			}
			if e.kind != '-' {
				nb++
			}
		}
		fmt.Fprintf(&out, "@@ -%d,%d +%d,%d @@\n", h[0].a+1, na, h[0].b+1, nb)
		for _, e := range h {
			line := ""
			if e.kind == '+' {
				line = bl[e.b]
			} else {
				line = al[e.a]
			}
			out.WriteByte(e.kind)
			out.WriteString(line)
			if !strings.HasSuffix(line, "\n") {
				out.WriteString("\n\\ No newline at end of file\n")
			}
		}
		i = end
	}
	return out.String()
}

// splitLines splits s after each newline; the last line may lack one.
func splitLines(s string) []string {
	lines := strings.SplitAfter(s, "\n")
	if len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}
