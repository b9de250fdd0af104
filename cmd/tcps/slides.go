package main

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/tcps-dev/tcps/lang"
	"github.com/tcps-dev/tcps/lang/msg"
	"github.com/tcps-dev/tcps/runtime"
	"github.com/tcps-dev/tcps/runtime/export"
)

// writeSlides writes a Marp deck into the directory -o names: slides.md
// (front matter, a title slide from the scenario's opening comment, then
// one slide per figure) and the figures it shows, as SVG and PNG. marp
// (@marp-team/marp-cli) turns it into HTML or PDF:
//
//	npx @marp-team/marp-cli DIR/slides.md -o DIR/slides.html
func (c *renderCmd) writeSlides(e *env, prog *lang.Program, figs []export.Figure, toStdout bool, code int) int {
	if toStdout || strings.HasSuffix(strings.ToLower(c.Output), ".md") {
		fmt.Fprintln(e.stderr, msg.RenderSlidesDir.In(prog.Lang))
		return exitInput
	}
	if len(figs) == 0 {
		fmt.Fprintln(e.stderr, msg.RenderNothing.In(prog.Lang, c.File))
		return exitInput
	}
	if info, err := os.Stat(c.Output); err == nil && !info.IsDir() {
		fmt.Fprintln(e.stderr, msg.RenderNotDir.In(prog.Lang, c.Output, "slides"))
		return exitInput
	}
	if err := os.MkdirAll(c.Output, 0o755); err != nil {
		fmt.Fprintf(e.stderr, "tcps: %s: %v\n", c.Output, unwrapPath(err))
		return exitInput
	}
	var paths []string
	var data [][]byte
	for _, f := range figs {
		pngData, err := export.SVGToPNG(f.SVG, 1)
		if err != nil {
			fmt.Fprintln(e.stderr, msg.RenderDrawing.In(prog.Lang, err))
			return exitBug
		}
		paths = append(paths, filepath.Join(c.Output, f.Name), filepath.Join(c.Output, strings.TrimSuffix(f.Name, ".svg")+".png"))
		data = append(data, f.SVG, pngData)
	}
	paths = append(paths, filepath.Join(c.Output, "slides.md"))
	data = append(data, []byte(marpDeck(c.File, prog, figs)))
	if err := writeAll(paths, data); err != nil {
		return writeFailed(e, err)
	}
	fmt.Fprintln(e.stdout, paths[len(paths)-1])
	return code
}

// marpDeck is the Markdown of a Marp deck: a title slide (the scenario's
// name and its opening comment), then one slide per figure, the figure
// filling the slide (it carries its own title).
func marpDeck(file string, prog *lang.Program, figs []export.Figure) string {
	var b strings.Builder
	name := strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))
	b.WriteString("---\nmarp: true\nsize: 16:9\npaginate: true\n")
	fmt.Fprintf(&b, "title: %q\n", name)
	b.WriteString("---\n\n")
	fmt.Fprintf(&b, "# %s\n\n", mdEscape(name))
	if prog != nil && prog.Source != nil {
		for _, l := range openingComment(string(prog.Source.Text)) {
			b.WriteString(mdEscape(l) + "\n")
		}
	}
	// The slides tell the run in order: a figure at the time of its show,
	// a ladder page at the time of its first packet.
	order := append([]export.Figure(nil), figs...)
	sort.SliceStable(order, func(i, j int) bool { return order[i].At < order[j].At })
	for _, f := range order {
		b.WriteString("\n---\n\n")
		fmt.Fprintf(&b, "<!-- %s -->\n", strings.ReplaceAll(f.Title, "--", "- -"))
		fmt.Fprintf(&b, "![bg contain](%s)\n", f.Name)
	}
	return b.String()
}

// openingComment is the scenario's first comment block, without the #.
func openingComment(src string) []string {
	var out []string
	for _, l := range strings.Split(src, "\n") {
		t := strings.TrimSpace(l)
		if !strings.HasPrefix(t, "#") {
			if len(out) > 0 || t != "" {
				break
			}
			continue
		}
		out = append(out, strings.TrimSpace(strings.TrimPrefix(t, "#")))
	}
	return out
}

// mdEscape keeps Markdown from reading text as markup.
func mdEscape(s string) string {
	r := strings.NewReplacer(`\`, `\\`, "*", `\*`, "_", `\_`, "`", "\\`", "<", "&lt;", ">", "&gt;", "[", `\[`, "]", `\]`, "#", `\#`)
	return r.Replace(s)
}

// writePlots writes the run's plots (export.Plots) as PNG and SVG into
// the directory -o names.
func (c *renderCmd) writePlots(e *env, prog *lang.Program, res *runtime.Result, o export.FigureOptions, toStdout bool, code int) int {
	if toStdout {
		fmt.Fprintln(e.stderr, msg.RenderPlotDir.In(prog.Lang))
		return exitInput
	}
	w, h := o.Width, o.Height
	var paths []string
	var data [][]byte
	for _, format := range []string{"png", "svg"} {
		figs, err := export.Plots(prog, res, w, h, format)
		if err != nil {
			fmt.Fprintln(e.stderr, msg.RenderPlotting.In(prog.Lang, err))
			return exitBug
		}
		for _, f := range figs {
			paths = append(paths, filepath.Join(c.Output, f.Name))
			data = append(data, f.SVG)
		}
	}
	if len(paths) == 0 {
		fmt.Fprintln(e.stderr, msg.RenderNoPlot.In(prog.Lang, c.File))
		return exitInput
	}
	if info, err := os.Stat(c.Output); err == nil && !info.IsDir() {
		fmt.Fprintln(e.stderr, msg.RenderNotDir.In(prog.Lang, c.Output, "plot"))
		return exitInput
	}
	if err := os.MkdirAll(c.Output, 0o755); err != nil {
		fmt.Fprintf(e.stderr, "tcps: %s: %v\n", c.Output, unwrapPath(err))
		return exitInput
	}
	if err := writeAll(paths, data); err != nil {
		return writeFailed(e, err)
	}
	for _, p := range paths {
		fmt.Fprintln(e.stdout, p)
	}
	return code
}
