package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/alecthomas/kong"

	"github.com/tcps-dev/tcps/lang"
	"github.com/tcps-dev/tcps/runtime"
)

// version is set by the release build; "dev" otherwise.
var version = "dev"

// limits are the checker's limits for this invocation (--max-stmts,
// --max-hosts); the zero value means lang's documented defaults.
var limits lang.Limits

// Exit codes.
const (
	exitOK      = 0
	exitFailure = 1 // a scenario failed: expectation, golden mismatch, deadlock
	exitInput   = 2 // bad input or usage
)

type cli struct {
	MaxStmts int `help:"Limit on statements after repeat is unrolled (default 2000000)." default:"0"`
	MaxHosts int `help:"Limit on hosts (default 200000)." default:"0"`

	Run     runCmd     `cmd:"" help:"Run scenarios and print their trace."`
	Check   checkCmd   `cmd:"" help:"Check scenarios without running them."`
	Fmt     fmtCmd     `cmd:"" help:"Print scenarios in canonical form (-w rewrites the files)."`
	Test    testCmd    `cmd:"" help:"Run every scenario under the directories and compare with its golden file."`
	Render  renderCmd  `cmd:"" help:"Run a scenario and export it: json, pcap, markdown or svg."`
	Help    helpCmd    `cmd:"" help:"Explain the language, or one verb."`
	Lsp     lspCmd     `cmd:"" help:"Serve the Language Server Protocol on stdin and stdout, for editors (docs/editors.md)."`
	Version versionCmd `cmd:"" help:"Print the version."`
}

// env is what every command gets.
type env struct {
	stdout, stderr io.Writer
}

// Main runs the CLI and returns the exit status.
func Main(args []string, stdout, stderr io.Writer) (code int) {
	var c cli
	exitCode := -1
	parser, err := kong.New(&c,
		kong.Name("tcps"),
		kong.Description("tcps runs .tcps scenarios against a deterministic model of TCP socket structures:\nSendQ, RecvQ, Delivered, windows, blocking calls, connection states and demultiplexing."),
		kong.Writers(stdout, stderr),
		kong.Exit(func(c int) { exitCode = c; panic(exitSignal{}) }),
		kong.UsageOnError(),
	)
	if err != nil {
		fmt.Fprintln(stderr, "tcps:", err)
		return exitInput
	}
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(exitSignal); !ok {
				panic(r)
			}
			if exitCode != 0 || len(args) == 0 {
				exitCode = exitInput
			}
			code = exitCode
		}
	}()
	if len(args) == 0 {
		// No command is a usage error: print the usage and exit 2.
		parser.Parse([]string{"--help"})
	}
	ctx, err := parser.Parse(args)
	if err != nil {
		fmt.Fprintln(stderr, "tcps:", err)
		return exitInput
	}
	if c.MaxStmts < 0 || c.MaxHosts < 0 {
		fmt.Fprintln(stderr, "tcps: --max-stmts and --max-hosts must not be negative")
		return exitInput
	}
	limits = lang.Limits{MaxStmts: c.MaxStmts, MaxHosts: c.MaxHosts}
	defer func() { limits = lang.Limits{} }()
	e := &env{stdout: stdout, stderr: stderr}
	rc, ok := ctx.Selected().Target.Addr().Interface().(interface{ run(*env) int })
	if !ok {
		fmt.Fprintln(stderr, "tcps: no command")
		return exitInput
	}
	return rc.run(e)
}

type exitSignal struct{}

// readScenario reads a scenario file, refusing what cannot be one with a
// single clear line.
func readScenario(path string) ([]byte, error) {
	info, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("%s: no such file", path)
	case err != nil:
		return nil, fmt.Errorf("%s: %v", path, err)
	case info.IsDir():
		return nil, fmt.Errorf("%s: is a directory, not a scenario (tcps test runs a directory)", path)
	case info.Size() > 64<<20:
		return nil, fmt.Errorf("%s: %d bytes is too large for a scenario (limit 64 MiB)", path, info.Size())
	}
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	if len(bytes.TrimSpace(src)) == 0 {
		return nil, fmt.Errorf("%s: empty file: a scenario needs at least a host", path)
	}
	if !utf8.Valid(src) || bytes.IndexByte(src, 0) >= 0 {
		return nil, fmt.Errorf("%s: not a text file (not UTF-8)", path)
	}
	return src, nil
}

// load reads and checks a scenario. On failure it prints the errors and
// returns nil.
func load(e *env, path string) *lang.Program {
	src, err := readScenario(path)
	if err != nil {
		fmt.Fprintln(e.stderr, "tcps:", err)
		return nil
	}
	prog, err := lang.CheckLimits(path, src, limits)
	if err != nil {
		fmt.Fprint(e.stderr, lang.Format(err, &lang.Source{Name: path, Text: src}))
		return nil
	}
	return prog
}

// RunScenario is exactly what `tcps run` does with one file: check it, run
// it, write the trace to w. The golden tests call it too. It returns the
// exit status.
func RunScenario(path string, src []byte, w io.Writer, opts runtime.Options) int {
	prog, err := lang.CheckLimits(path, src, limits)
	if err != nil {
		fmt.Fprint(w, lang.Format(err, &lang.Source{Name: path, Text: src}))
		return exitInput
	}
	opts.Trace = w
	res := runtime.Run(prog, opts)
	if res.Err != nil {
		fmt.Fprint(w, lang.Format(res.Err, prog.Source))
	}
	return res.ExitCode()
}

type runCmd struct {
	Files      []string `arg:"" name:"file" help:"Scenario files."`
	Trace      string   `help:"Trace level: calls, packets, all or none (overrides the scenario's set trace)." enum:",calls,packets,all,none" default:""`
	Invariants bool     `help:"Check the model's invariants after every event (slower)."`
}

func (c *runCmd) run(e *env) int {
	worst := exitOK
	for i, f := range c.Files {
		src, err := readScenario(f)
		if err != nil {
			fmt.Fprintln(e.stderr, "tcps:", err)
			return exitInput
		}
		if len(c.Files) > 1 {
			if i > 0 {
				fmt.Fprintln(e.stdout)
			}
			fmt.Fprintf(e.stdout, "=== %s\n", f)
		}
		var buf bytes.Buffer
		prog, err := lang.CheckLimits(f, src, limits)
		if err != nil {
			fmt.Fprint(e.stderr, lang.Format(err, &lang.Source{Name: f, Text: src}))
			return exitInput
		}
		res := runtime.Run(prog, runtime.Options{Trace: &buf, Level: c.Trace, Invariants: c.Invariants})
		e.stdout.Write(buf.Bytes())
		if res.Err != nil {
			fmt.Fprint(e.stderr, lang.Format(res.Err, prog.Source))
		}
		code := res.ExitCode()
		if code == exitFailure && res.Err == nil {
			noun := "failures"
			if res.Failures == 1 {
				noun = "failure"
			}
			fmt.Fprintf(e.stderr, "tcps: %s: scenario failed (%d %s)\n", f, res.Failures, noun)
		}
		worst = max(worst, code)
	}
	return worst
}

type checkCmd struct {
	Files []string `arg:"" name:"file" help:"Scenario files."`
}

func (c *checkCmd) run(e *env) int {
	worst := exitOK
	for _, f := range c.Files {
		if load(e, f) == nil {
			worst = exitInput
		}
	}
	return worst
}

type fmtCmd struct {
	Write bool     `short:"w" help:"Rewrite the files in place."`
	Files []string `arg:"" name:"file" help:"Scenario files."`
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
		if !c.Write {
			e.stdout.Write(out)
			continue
		}
		if bytes.Equal(out, src) {
			continue
		}
		if err := writeFileAtomic(f, out); err != nil {
			fmt.Fprintln(e.stderr, "tcps:", err)
			return exitInput
		}
	}
	return exitOK
}

// writeFileAtomic writes through a temporary file and a rename, so that a
// failure never leaves half a file.
func writeFileAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, ".tcps-*")
	if err != nil {
		return err
	}
	name := tmp.Name()
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(name)
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(name)
		return err
	}
	mode := os.FileMode(0o644) // a new file gets the usual mode, not CreateTemp's 0600
	if info, err := os.Stat(path); err == nil {
		mode = info.Mode().Perm()
	}
	if err := os.Chmod(name, mode); err != nil {
		os.Remove(name)
		return err
	}
	if err := os.Rename(name, path); err != nil {
		os.Remove(name)
		return err
	}
	return nil
}

type helpCmd struct {
	Verb string `arg:"" optional:"" help:"A verb, or 'settings'."`
}

func (c *helpCmd) run(e *env) int {
	if c.Verb == "" {
		fmt.Fprint(e.stdout, lang.HelpText())
		return exitOK
	}
	switch c.Verb {
	case "run", "check", "fmt", "test", "render", "help", "version":
		fmt.Fprintf(e.stderr, "tcps: %s is a command, not a verb of the language: see tcps %s --help\n", c.Verb, c.Verb)
		return exitInput
	}
	text, ok := lang.HelpVerb(c.Verb)
	if !ok {
		fmt.Fprintln(e.stderr, "tcps:", text)
		return exitInput
	}
	fmt.Fprint(e.stdout, text)
	return exitOK
}

type versionCmd struct{}

func (c *versionCmd) run(e *env) int {
	fmt.Fprintln(e.stdout, "tcps", version)
	return exitOK
}

// scenarioFiles lists the .tcps files under dirs (or the files given), sorted.
func scenarioFiles(paths []string) ([]string, error) {
	var out []string
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("%s: no such file or directory", p)
		}
		if !info.IsDir() {
			out = append(out, p)
			continue
		}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && strings.HasSuffix(path, ".tcps") {
				out = append(out, path)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	sort.Strings(out)
	return out, nil
}
