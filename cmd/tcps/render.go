package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/tcps-dev/tcps/lang"
	"github.com/tcps-dev/tcps/runtime"
	"github.com/tcps-dev/tcps/runtime/export"
)

type renderCmd struct {
	Format string `arg:"" enum:"json,pcap,markdown,svg" help:"Output format: json, pcap, markdown or svg."`
	File   string `arg:"" help:"Scenario file."`
	Output string `short:"o" help:"Output file; for svg with several figures, a directory. Default: standard output (pcap: only when it is not a terminal)."`
	kernelFlags
}

// Help is the long help of tcps render.
func (c *renderCmd) Help() string {
	return `Runs the scenario exactly as tcps run does, keeping every packet and
every show, and writes it in one format:

  json      the whole run: hosts, packets, shows, result (docs/json-schema.md)
  markdown  every show as GitHub tables, for slides
  pcap      every packet as a capture file for Wireshark or tcpdump; to
            standard output only when it is not a terminal
  svg       figures: the three queues of each show queues, the tables of
            show sockets/netstat/ss/windows/demux, the ladder diagram of
            every packet (12 packets per figure)

Where svg goes: with one figure, standard output or -o FILE.svg. With
several, -o DIR (created if missing) gets DIR/fig-01-queues.svg,
DIR/fig-02-sockets.svg, ..., the ladder last (fig-NN-ladder-P.svg when it
has several pages); the paths written are printed. Files are written whole
or not at all (a temporary file, then a rename).

Exit status: 0 the scenario passed; 1 it failed (the output is still
written, with what ran, and says so); 2 bad input or usage (nothing is
written). See docs/renderers.md.`
}

func (c *renderCmd) run(e *env) int {
	if c.Kernel {
		return c.renderKernel(e)
	}
	src, err := readScenario(c.File)
	if err != nil {
		fmt.Fprintln(e.stderr, "tcps:", err)
		return exitInput
	}
	prog, err := lang.CheckLimits(c.File, src, limits)
	if err != nil {
		fmt.Fprint(e.stderr, lang.Format(err, &lang.Source{Name: c.File, Text: src}))
		return exitInput
	}
	toStdout := c.Output == "" || c.Output == "-"
	if c.Format == "pcap" && toStdout && isTerminal(e.stdout) {
		fmt.Fprintln(e.stderr, "tcps: render pcap: standard output is a terminal: give -o FILE.pcap, or pipe it (| tshark -r -)")
		return exitInput
	}
	res := runtime.Run(prog, runtime.Options{Record: true})
	if res.Err != nil {
		fmt.Fprint(e.stderr, lang.Format(res.Err, prog.Source))
	}
	code := res.ExitCode()
	if code == exitInput {
		return exitInput
	}
	if code == exitFailure && res.Err == nil {
		fmt.Fprintf(e.stderr, "tcps: %s: scenario failed (%d failures)\n", c.File, res.Failures)
	}

	var out bytes.Buffer
	switch c.Format {
	case "json":
		err = export.WriteJSON(&out, prog, res)
	case "markdown":
		out.WriteString(export.Markdown(prog, res))
	case "pcap":
		err = export.WritePcap(&out, res)
	case "svg":
		return c.writeFigures(e, export.Figures(prog, res), toStdout, code)
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "tcps: render %s: %v\n", c.Format, err)
		return exitInput
	}
	if toStdout {
		e.stdout.Write(out.Bytes())
		return code
	}
	if err := writeOutput(c.Output, out.Bytes()); err != nil {
		fmt.Fprintln(e.stderr, "tcps:", err)
		return exitInput
	}
	return code
}

// writeFigures writes SVG figures where -o says: one figure to standard
// output or FILE.svg, several to a directory.
func (c *renderCmd) writeFigures(e *env, figs []export.Figure, toStdout bool, code int) int {
	switch {
	case len(figs) == 0:
		fmt.Fprintf(e.stderr, "tcps: %s: nothing to draw: no show queues, sockets, netstat, ss, windows or demux, and no packets\n", c.File)
		return exitInput
	case toStdout && len(figs) == 1:
		e.stdout.Write(figs[0].SVG)
		return code
	case toStdout:
		fmt.Fprintf(e.stderr, "tcps: %s has %d figures: give -o DIR to write them as DIR/%s ...\n", c.File, len(figs), figs[0].Name)
		return exitInput
	case strings.HasSuffix(strings.ToLower(c.Output), ".svg"):
		if len(figs) > 1 {
			fmt.Fprintf(e.stderr, "tcps: %s has %d figures: -o names one file; give a directory instead\n", c.File, len(figs))
			return exitInput
		}
		if err := writeOutput(c.Output, figs[0].SVG); err != nil {
			fmt.Fprintln(e.stderr, "tcps:", err)
			return exitInput
		}
		return code
	}
	if info, err := os.Stat(c.Output); err == nil && !info.IsDir() {
		fmt.Fprintf(e.stderr, "tcps: %s: not a directory (svg writes several figures into a directory)\n", c.Output)
		return exitInput
	}
	if err := os.MkdirAll(c.Output, 0o755); err != nil {
		fmt.Fprintln(e.stderr, "tcps:", err)
		return exitInput
	}
	for _, f := range figs {
		path := filepath.Join(c.Output, f.Name)
		if err := writeOutput(path, f.SVG); err != nil {
			fmt.Fprintln(e.stderr, "tcps:", err)
			return exitInput
		}
		fmt.Fprintln(e.stdout, path)
	}
	return code
}

// isTerminal reports whether w is a terminal (a character device).
func isTerminal(w any) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// writeOutput writes a file whole or not at all. A file that did not
// exist gets mode 0644 (writeFileAtomic's temporary file is 0600), since
// figures and captures are meant to be shared.
func writeOutput(path string, data []byte) error {
	_, statErr := os.Stat(path)
	if err := writeFileAtomic(path, data); err != nil {
		return err
	}
	if os.IsNotExist(statErr) {
		return os.Chmod(path, 0o644)
	}
	return nil
}
