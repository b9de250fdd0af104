package main

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"

	"github.com/alecthomas/kong"
	"github.com/tcps-dev/tcps/lang"
	"github.com/tcps-dev/tcps/lang/msg"
	"github.com/tcps-dev/tcps/runtime"
)

// limits are the checker's limits for this invocation (--max-stmts,
// --max-hosts); the zero value means lang's documented defaults.
var limits lang.Limits

// Exit codes.
const (
	exitOK      = 0
	exitFailure = 1 // a scenario failed: expectation, golden mismatch, deadlock
	exitInput   = 2 // bad input or usage, or output that cannot be written
	exitBug     = 3 // an internal error: a panic in tcps itself
)

// The help of the commands and flags is a key of the message catalog
// (help_NAME), replaced by its text in the language of --lang once kong
// has built the model (see localizeHelp).
type cli struct {
	MaxStmts int    `help:"help_maxstmts" default:"0"`
	MaxHosts int    `help:"help_maxhosts" default:"0"`
	Lang     string `help:"help_lang" enum:"en,ko" default:"en"`

	Run     runCmd     `cmd:"" help:"help_run"`
	Check   checkCmd   `cmd:"" help:"help_check"`
	Fmt     fmtCmd     `cmd:"" help:"help_fmt"`
	Test    testCmd    `cmd:"" help:"help_test"`
	Render  renderCmd  `cmd:"" help:"help_render"`
	Compare compareCmd `cmd:"" help:"help_compare"`
	Serve   serveCmd   `cmd:"" help:"help_serve"`
	Site    siteCmd    `cmd:"" help:"help_site"`
	Help    helpCmd    `cmd:"" help:"help_help"`
	Lsp     lspCmd     `cmd:"" help:"help_lsp"`
	Version versionCmd `cmd:"" help:"help_version"`

	VersionFlag kong.VersionFlag `name:"version" help:"help_versionflag"`
}

// outLang is the language of this invocation's messages (--lang); a
// scenario's set lang wins for what its run prints.
var outLang msg.Lang

// argsLang reads --lang before kong parses the arguments, so that the
// help kong prints is in that language too. A wrong value is left to
// kong, which reports it.
func argsLang(args []string) msg.Lang {
	for i, a := range args {
		if a == "--" {
			break
		}
		v, ok := strings.CutPrefix(a, "--lang=")
		if !ok && a == "--lang" && i+1 < len(args) {
			v, ok = args[i+1], true
		}
		if ok {
			if l, ok := msg.ParseLang(v); ok {
				return l
			}
		}
	}
	return msg.En
}

// helpTexts are the help texts of the commands and flags in l, by the key
// their help tag names.
func helpTexts(l msg.Lang) map[string]string {
	return map[string]string{
		"help_maxstmts": msg.HelpMaxStmts.In(l), "help_maxhosts": msg.HelpMaxHosts.In(l), "help_lang": msg.HelpLang.In(l),
		"help_run": msg.HelpRun.In(l), "help_check": msg.HelpCheck.In(l), "help_fmt": msg.HelpFmt.In(l),
		"help_test": msg.HelpTest.In(l), "help_render": msg.HelpRender.In(l), "help_compare": msg.HelpCompare.In(l),
		"help_help": msg.HelpHelp.In(l), "help_lsp": msg.HelpLsp.In(l), "help_version": msg.HelpVersion.In(l),
		"help_versionflag": msg.HelpVersionFlg.In(l), "help_serve": msg.HelpServe.In(l), "help_site": msg.HelpSite.In(l),
		"help_files":         msg.HelpFiles.In(l),
		"help_trace":         msg.HelpTrace.In(l),
		"help_invariants":    msg.HelpInvariants.In(l),
		"help_topic":         msg.HelpTopic.In(l),
		"help_fmtwrite":      msg.HelpFmtwrite.In(l),
		"help_fmtlist":       msg.HelpFmtlist.In(l),
		"help_fmtdiff":       msg.HelpFmtdiff.In(l),
		"help_testdirs":      msg.HelpTestdirs.In(l),
		"help_testupdate":    msg.HelpTestupdate.In(l),
		"help_kernel":        msg.HelpKernel.In(l),
		"help_kernelbudget":  msg.HelpKernelBudget.In(l),
		"help_comparebudget": msg.HelpCompareBudget.In(l),
		"help_accepted":      msg.HelpAccepted.In(l),
		"help_traces":        msg.HelpTraces.In(l),
	}
}

// env is what every command gets.
type env struct {
	stdout *checkedWriter // a write error unwinds to Main (writeAbort)
	stderr io.Writer
	parser *kong.Kong
}

// Main runs the CLI and returns the exit status. It never panics: a
// write to stdout that fails ends the run with "tcps: writing output: ..."
// and exit 2, and a panic anywhere in tcps is an internal error, exit 3.
func Main(args []string, stdout, stderr io.Writer) (code int) {
	exitCode := -1
	out := &checkedWriter{w: stdout}
	defer func() {
		r := recover()
		if r == nil {
			return
		}
		switch r := r.(type) {
		case exitSignal:
			if exitCode != 0 || len(args) == 0 {
				exitCode = exitInput
			}
			code = exitCode
		case writeAbort:
			fmt.Fprintf(stderr, "tcps: writing output: %v\n", r.err)
			code = exitInput
		default:
			fmt.Fprintf(stderr, "tcps: internal error: %v (tcps %s)\n%s", r, versionString(readBuildInfo()), debug.Stack())
			code = exitBug
		}
	}()
	return mainArgs(args, out, stderr, &exitCode)
}

// mainArgs parses the arguments and runs the command; kong's exits
// (--help, --version, usage errors) unwind to Main as exitSignal.
func mainArgs(args []string, stdout *checkedWriter, stderr io.Writer, exitCode *int) int {
	var c cli
	outLang = argsLang(args)
	defer func() { outLang = msg.En }()
	parser, err := kong.New(&c,
		kong.Name("tcps"),
		kong.Description(msg.CliDescription.In(outLang)+"\n\n"+msg.CliExitHelp.In(outLang)),
		kong.Writers(stdout, stderr),
		kong.Exit(func(c int) { *exitCode = c; panic(exitSignal{}) }),
		kong.UsageOnError(),
		kong.Vars{"version": "tcps " + versionString(readBuildInfo())},
	)
	if err != nil {
		fmt.Fprintln(stderr, "tcps:", err)
		return exitInput
	}
	localizeHelp(parser.Model, outLang)
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
		fmt.Fprintln(stderr, msg.FlagsNegative.In(outLang))
		return exitInput
	}
	outLang, _ = msg.ParseLang(c.Lang)
	limits = lang.Limits{MaxStmts: c.MaxStmts, MaxHosts: c.MaxHosts, Lang: outLang, Sized: prepareHeap}
	defer func() { limits = lang.Limits{} }()
	e := &env{stdout: stdout, stderr: stderr, parser: parser}
	rc, ok := ctx.Selected().Target.Addr().Interface().(interface{ run(*env) int })
	if !ok {
		fmt.Fprintln(stderr, "tcps: no command")
		return exitInput
	}
	return rc.run(e)
}

// localizeHelp replaces the catalog keys in the model's help by their
// texts in l. It runs after kong.New instead of handing kong the texts as
// variables: kong interpolates every variable into every value of the
// model with a regular expression, which made building the model most
// of what any command cost before it started (about 4 ms of CPU of
// `tcps version`, see docs/performance.md).
func localizeHelp(app *kong.Application, l msg.Lang) {
	texts := helpTexts(l)
	text := func(key string) string {
		if t, ok := texts[key]; ok {
			return t
		}
		return key
	}
	_ = kong.Visit(app, func(n kong.Visitable, next kong.Next) error {
		switch n := n.(type) {
		case *kong.Node:
			n.Help = text(n.Help)
		case *kong.Value:
			n.Help, n.OrigHelp = text(n.Help), text(n.OrigHelp)
		}
		return next(nil)
	})
}

type exitSignal struct{}

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
	return runScenario(path, src, w, opts, limits)
}

// runScenario is RunScenario with explicit checker limits.
func runScenario(path string, src []byte, w io.Writer, opts runtime.Options, limits lang.Limits) int {
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
	Files      []string `arg:"" name:"file" help:"help_files"`
	Trace      string   `help:"help_trace" enum:",calls,packets,all,none" default:""`
	Invariants bool     `help:"help_invariants"`
	kernelFlags
}

func (c *runCmd) run(e *env) int {
	if c.Kernel {
		return c.runKernel(e)
	}
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
		prog, err := lang.CheckLimits(f, src, limits)
		if err != nil {
			fmt.Fprint(e.stderr, lang.Format(err, &lang.Source{Name: f, Text: src}))
			return exitInput
		}
		// The trace goes to stdout as the run makes it; the first write
		// error stops the run (checkedWriter).
		res := runtime.Run(prog, runtime.Options{Trace: e.stdout, Level: c.Trace, Invariants: c.Invariants})
		if res.Err != nil {
			fmt.Fprint(e.stderr, lang.Format(res.Err, prog.Source))
		}
		code := res.ExitCode()
		if code == exitFailure && res.Err == nil {
			fmt.Fprintln(e.stderr, msg.ScenarioFailed.In(prog.Lang, f, failures(prog.Lang, res.Failures)))
		}
		worst = max(worst, code)
	}
	return worst
}

type checkCmd struct {
	Files []string `arg:"" name:"file" help:"help_files"`
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

type helpCmd struct {
	Verb string `arg:"" optional:"" help:"help_topic"`
}

func (c *helpCmd) run(e *env) int {
	if c.Verb == "" {
		fmt.Fprint(e.stdout, lang.HelpTextIn(outLang))
		return exitOK
	}
	for _, node := range e.parser.Model.Children {
		if node.Name == c.Verb {
			// Exactly what tcps COMMAND --help prints.
			ctx, err := kong.Trace(e.parser, []string{c.Verb})
			if err != nil {
				fmt.Fprintln(e.stderr, "tcps:", err)
				return exitInput
			}
			if err := ctx.PrintUsage(false); err != nil {
				fmt.Fprintln(e.stderr, "tcps:", err)
				return exitInput
			}
			return exitOK
		}
	}
	text, ok := lang.HelpVerbIn(outLang, c.Verb)
	if !ok {
		fmt.Fprintln(e.stderr, "tcps:", text)
		return exitInput
	}
	fmt.Fprint(e.stdout, text)
	return exitOK
}

type versionCmd struct{}

func (c *versionCmd) run(e *env) int {
	fmt.Fprintln(e.stdout, "tcps", versionString(readBuildInfo()))
	return exitOK
}

// failures is "1 failure", "2 failures" in l.
func failures(l msg.Lang, n int) string {
	if n == 1 {
		return msg.FailureOne.In(l)
	}
	return msg.FailureMany.In(l, n)
}

// scenarioFiles lists the .tcps files under dirs (or the files given), sorted.
func scenarioFiles(paths []string) ([]string, error) {
	var out []string
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, inputErr(msg.NoSuchFileOrDir, p)
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
