package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/term"

	"github.com/tcps-dev/tcps/lang"
	"github.com/tcps-dev/tcps/lang/msg"
	"github.com/tcps-dev/tcps/runtime"
	"github.com/tcps-dev/tcps/runtime/export"
)

// Bounds of what render keeps in memory and writes.
const (
	// maxRecordPackets is how many packets render json and svg keep;
	// the JSON result counts the rest in packets_omitted.
	maxRecordPackets = 100_000
	// maxRecordShows is how many shows render json and markdown keep;
	// the JSON result counts the rest in shows_omitted, the Markdown says
	// how many it left out.
	maxRecordShows = 10_000
	// maxRecordEvents is how many events of the stream render keeps; the
	// JSON result counts the rest in events_omitted.
	maxRecordEvents = 200_000
	// maxLadderPages is how many ladder figures render svg draws.
	maxLadderPages = 20
	// maxFigures is how many figures render svg writes in all.
	maxFigures = 200
)

type renderCmd struct {
	Format string  `arg:"" enum:"json,pcap,pcapng,markdown,svg,png,pdf,slides,plot" help:"Output format: json, pcap, pcapng, markdown, svg, png, pdf, slides or plot."`
	File   string  `arg:"" help:"Scenario file."`
	Output string  `short:"o" help:"Output file; for figures (svg, png, pdf) with several figures and for slides, a directory. Default: standard output (pcap: only when it is not a terminal)."`
	Size   string  `default:"1280x720" help:"Figure size WxH in pixels (svg, png, pdf, slides); the drawing is scaled to fit. 'natural' keeps each drawing's own size."`
	Scale  float64 `default:"1" help:"png: pixels per figure pixel (2 gives 2560x1440 for sharper slides)."`
	Debug  bool    `help:"Figures: add the view, time and line of each show under its title."`
	Layout string  `enum:"auto,stream,book" default:"auto" help:"show queues figures: stream (bars along the byte stream), book (SendQ | network | RecvQ | Delivered against capacity, Donahoo & Calvert Fig. 5.2) or auto (book when a queue is full or a call blocked)."`
	kernelFlags
}

// Help is the long help of tcps render.
func (c *renderCmd) Help() string {
	return fmt.Sprintf(`Runs the scenario exactly as tcps run does, keeping every packet and
every show, and writes it in one format:

  json      the whole run: hosts, packets, shows, result
            (docs/json-schema.md); at most the first %d packets
            and %d shows, the result's packets_omitted and
            shows_omitted count the others
  markdown  every show as GitHub tables, for slides (the first %d)
  pcap      every packet as a capture file for Wireshark or tcpdump,
            written as the run makes it (any size); to standard output
            only when it is not a terminal
  pcapng    the same packets as pcapng, with a comment on each packet
            the model explains (probe, window update, retransmission,
            held, dropped and why)
  png, pdf  the svg figures drawn in pure Go (the same fonts), for
            slides that do not take SVG (Google Slides)
  plot      -o DIR: SendQ, RecvQ, in flight, windows and cwnd of each
            structure over time, and a time-sequence graph of each
            direction that carries data (PNG and SVG)
  slides    -o DIR: a Marp deck (DIR/slides.md) and its figures; turn it
            into HTML or PDF with npx @marp-team/marp-cli DIR/slides.md
  svg       figures, 16:9 slides (--size): the queues of each show
            queues (against capacity when full or blocked, --layout),
            show windows, the tables of show sockets/netstat/ss/demux,
            the time-scaled ladder of every packet, a page per show
            ladder and between bursts; a run of more than %[6]d packets
            (%[5]d pages of %[4]d) or %[7]d figures is refused (render pcap
            shows any number of packets)

Where svg, png and pdf go: with one figure, standard output or -o FILE. With
several, -o DIR (created if missing) gets DIR/fig-01-queues.svg,
DIR/fig-02-sockets.svg, ..., the ladder last (fig-NN-ladder-P.svg when it
has several pages); the paths written are printed. Files are written whole
or not at all (temporary files, then renames); -o naming a symlink writes
its target, a device or a pipe is written directly.

Exit status: 0 the scenario passed; 1 it failed (the output is still
written, with what ran, and says so); 2 bad input or usage, or output that
cannot be written (nothing is written to -o then; to standard output, pcap
may have written part of the capture). See docs/renderers.md.`,
		maxRecordPackets, maxRecordShows, maxRecordShows, export.LadderPageSize, maxLadderPages, maxLadderPages*export.LadderPageSize, maxFigures)
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
	if (c.Format == "pcap" || c.Format == "pcapng") && toStdout && isTerminal(e.stdout.w) {
		fmt.Fprintln(e.stderr, msg.RenderTerminal.In(prog.Lang, c.Format))
		return exitInput
	}
	switch c.Format {
	case "svg", "png", "pdf", "slides", "plot":
		return c.renderSVG(e, prog, toStdout)
	}

	// json, markdown, pcap: to standard output, or to -o through a
	// temporary file that replaces it only when everything went well.
	var w io.Writer = e.stdout
	var out *output
	if !toStdout {
		if out, err = createOutput(c.Output); err != nil {
			fmt.Fprintln(e.stderr, "tcps:", err)
			return exitInput
		}
		defer func() {
			if out != nil {
				out.abort()
			}
		}()
		w = out
	}
	capture := c.Format == "pcap" || c.Format == "pcapng"
	opts := runtime.Options{Record: !capture, MaxPackets: maxRecordPackets, MaxShows: maxRecordShows, MaxRecordedEvents: maxRecordEvents}
	var pw packetWriter
	if capture {
		if c.Format == "pcap" {
			pw, err = export.NewPcapWriter(w)
		} else {
			var ng *export.PcapngWriter
			ng, err = export.NewPcapngWriter(w)
			pw = ng
			// The scenario's notes go in the comment of the next packet.
			opts.Events = func(ev *runtime.Event) {
				if ev.Kind == runtime.EvNote {
					ng.Note(ev.Text)
				}
			}
		}
		if err != nil {
			return writeFailed(e, err)
		}
		opts.Packet = func(p *runtime.PacketRecord) {
			if err := pw.WritePacket(p); err != nil {
				panic(writeAbort{err})
			}
		}
	}
	res := runtime.Run(prog, opts)
	code := c.report(e, prog, res)
	if code == exitInput {
		return exitInput
	}
	switch c.Format {
	case "json":
		err = export.WriteJSON(w, prog, res)
	case "markdown":
		_, err = io.WriteString(w, export.Markdown(prog, res))
	case "pcap", "pcapng":
		err = pw.Flush()
	}
	if err != nil {
		return writeFailed(e, err)
	}
	if out != nil {
		err, out = out.commit(), nil
		if err != nil {
			return writeFailed(e, err)
		}
	}
	return code
}

// packetWriter is a capture written as the run makes its packets.
type packetWriter interface {
	WritePacket(*runtime.PacketRecord) error
	Flush() error
}

// writeFailed reports an output error: exit 2.
func writeFailed(e *env, err error) int {
	fmt.Fprintln(e.stderr, msg.WriteFailed.In(outLang, err))
	return exitInput
}

// report prints the run's error or failure and returns its exit status.
func (c *renderCmd) report(e *env, prog *lang.Program, res *runtime.Result) int {
	if res.Err != nil {
		fmt.Fprint(e.stderr, lang.Format(res.Err, prog.Source))
	}
	code := res.ExitCode()
	if code == exitFailure && res.Err == nil {
		fmt.Fprintln(e.stderr, msg.ScenarioFailed.In(prog.Lang, c.File, failures(prog.Lang, res.Failures)))
	}
	return code
}

// renderSVG runs the scenario and writes its figures where -o says: one
// figure to standard output or FILE.svg, several to a directory.
func (c *renderCmd) renderSVG(e *env, prog *lang.Program, toStdout bool) int {
	maxPackets := maxLadderPages*export.LadderPageSize + 1
	if c.Format == "plot" {
		maxPackets = maxRecordPackets // no ladder: the plots take every packet
	}
	res := runtime.Run(prog, runtime.Options{Record: true, MaxRecordedEvents: maxRecordEvents, MaxPackets: maxPackets, MaxShows: maxFigures - maxLadderPages + 1})
	code := c.report(e, prog, res)
	if code == exitInput {
		return exitInput
	}
	packets := int64(len(res.Packets)) + res.PacketsOmitted
	if packets > maxLadderPages*export.LadderPageSize && c.Format != "plot" {
		fmt.Fprintln(e.stderr, msg.RenderTooManyPkts.In(prog.Lang, c.File, packets, maxLadderPages*export.LadderPageSize, maxLadderPages, export.LadderPageSize))
		return exitInput
	}
	if shows := int64(len(res.Shows)) + res.ShowsOmitted; shows > maxFigures-maxLadderPages {
		fmt.Fprintln(e.stderr, msg.RenderTooManyShows.In(prog.Lang, c.File, shows, maxFigures-maxLadderPages))
		return exitInput
	}
	o, err := parseSize(c.Size)
	if err != nil {
		fmt.Fprintln(e.stderr, "tcps: "+msg.Local(prog.Lang, err))
		return exitInput
	}
	if c.Format == "plot" {
		return c.writePlots(e, prog, res, o, toStdout, code)
	}
	if c.Format == "png" || c.Format == "slides" {
		w, h := float64(max(o.Width, 1280)), float64(max(o.Height, 720))
		if !(c.Scale > 0 && c.Scale <= 4) || w*h*c.Scale*c.Scale > 40e6 {
			fmt.Fprintln(e.stderr, msg.RenderScale.In(prog.Lang, c.Scale))
			return exitInput
		}
	}
	o.Debug = c.Debug
	if c.Layout != "auto" {
		o.Layout = c.Layout
	}
	figs := export.FiguresWith(prog, res, o)
	if c.Format == "slides" {
		return c.writeSlides(e, prog, figs, toStdout, code)
	}
	if figs, err = convertFigures(figs, c.Format, c.Scale); err != nil {
		fmt.Fprintln(e.stderr, msg.RenderDrawing.In(prog.Lang, err))
		return exitBug
	}
	return c.writeFigures(e, prog.Lang, figs, toStdout, code)
}

// parseSize reads --size: WxH, or natural.
func parseSize(s string) (export.FigureOptions, error) {
	if s == "natural" {
		return export.FigureOptions{}, nil
	}
	var w, h int
	if n, err := fmt.Sscanf(s, "%dx%d", &w, &h); err != nil || n != 2 || fmt.Sprintf("%dx%d", w, h) != s {
		return export.FigureOptions{}, msg.RenderSize.Err(s)
	}
	if w < 320 || h < 180 || w > 8000 || h > 8000 {
		return export.FigureOptions{}, msg.RenderSizeMax.Err(s)
	}
	return export.FigureOptions{Width: w, Height: h}, nil
}

// convertFigures turns SVG figures into PNG or PDF ones (same names with
// the format's extension); svg figures are returned as they are.
func convertFigures(figs []export.Figure, format string, scale float64) ([]export.Figure, error) {
	if format == "svg" {
		return figs, nil
	}
	out := make([]export.Figure, len(figs))
	for i, f := range figs {
		var data []byte
		var err error
		if format == "png" {
			data, err = export.SVGToPNG(f.SVG, scale)
		} else {
			data, err = export.SVGToPDF(f.SVG)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.Name, err)
		}
		f.Name = strings.TrimSuffix(f.Name, ".svg") + "." + format
		f.SVG = data
		out[i] = f
	}
	return out, nil
}

// writeFigures writes SVG figures where -o says: one figure to standard
// output or FILE.svg, several to a directory, all or none; its messages
// are in l.
func (c *renderCmd) writeFigures(e *env, l msg.Lang, figs []export.Figure, toStdout bool, code int) int {
	switch {
	case len(figs) == 0:
		fmt.Fprintln(e.stderr, msg.RenderNothing.In(l, c.File))
		return exitInput
	case toStdout && len(figs) == 1:
		e.stdout.Write(figs[0].SVG)
		return code
	case toStdout:
		fmt.Fprintln(e.stderr, msg.RenderManyFigs.In(l, c.File, len(figs), figs[0].Name))
		return exitInput
	case strings.HasSuffix(strings.ToLower(c.Output), "."+c.Format):
		if len(figs) > 1 {
			fmt.Fprintln(e.stderr, msg.RenderOneFile.In(l, c.File, len(figs)))
			return exitInput
		}
		if err := writeOutput(c.Output, figs[0].SVG); err != nil {
			return writeFailed(e, err)
		}
		return code
	}
	if info, err := os.Stat(c.Output); err == nil && !info.IsDir() {
		fmt.Fprintln(e.stderr, msg.RenderNotDir.In(l, c.Output, c.Format))
		return exitInput
	}
	if err := os.MkdirAll(c.Output, 0o755); err != nil {
		fmt.Fprintf(e.stderr, "tcps: %s: %v\n", c.Output, unwrapPath(err))
		return exitInput
	}
	paths := make([]string, len(figs))
	data := make([][]byte, len(figs))
	for i, f := range figs {
		paths[i], data[i] = filepath.Join(c.Output, f.Name), f.SVG
	}
	if err := writeAll(paths, data); err != nil {
		return writeFailed(e, err)
	}
	for _, p := range paths {
		fmt.Fprintln(e.stdout, p)
	}
	return code
}

// isTerminal reports whether w is a terminal. A character device that is
// not one (/dev/null) is not.
func isTerminal(w any) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
