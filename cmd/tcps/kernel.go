package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/tcps-dev/tcps/lang"
	"github.com/tcps-dev/tcps/lang/msg"
	"github.com/tcps-dev/tcps/runtime/kernel"
)

// kernelFlags are the flags of the kernel mode, shared by run, render
// and compare.
type kernelFlags struct {
	Kernel       bool          `help:"help_kernel"`
	KernelBudget time.Duration `help:"help_kernelbudget" default:"2m"`
}

// kernelContext is cancelled by SIGINT or SIGTERM, so that a kernel run
// stops and removes what it made.
func kernelContext() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
}

// kernelProgram loads a scenario and refuses, before anything is made,
// what the kernel mode cannot run.
func kernelProgram(e *env, path string, budget time.Duration) (*lang.Program, int) {
	prog := load(e, path)
	if prog == nil {
		return nil, exitInput
	}
	if err := kernel.Available(); err != nil {
		fmt.Fprintln(e.stderr, "tcps: --kernel:", msg.Local(outLang, err))
		return nil, exitInput
	}
	if err := kernel.Check(prog, budget); err != nil {
		fmt.Fprint(e.stderr, lang.Format(err, prog.Source))
		return nil, exitInput
	}
	return prog, exitOK
}

// kernelResult reports a kernel run's end on stderr and returns its exit
// status.
func kernelResult(e *env, path string, prog *lang.Program, res *kernel.Result) int {
	if res.Err != nil {
		fmt.Fprint(e.stderr, lang.Format(res.Err, prog.Source))
	}
	code := res.ExitCode()
	if code == exitFailure && res.Err == nil {
		fmt.Fprintln(e.stderr, msg.KernelFailed.In(prog.Lang, path, failures(prog.Lang, res.Failures)))
	}
	return code
}

// runKernel is tcps run --kernel.
func (c *runCmd) runKernel(e *env) int {
	worst := exitOK
	for i, f := range c.Files {
		prog, code := kernelProgram(e, f, c.KernelBudget)
		if prog == nil {
			return code
		}
		if len(c.Files) > 1 {
			if i > 0 {
				fmt.Fprintln(e.stdout)
			}
			fmt.Fprintln(e.stdout, msg.KernelFileHeader.In(prog.Lang, f))
		}
		ctx, stop := kernelContext()
		res := kernel.Run(prog, kernel.Options{Trace: e.stdout, Progress: e.stderr, Level: c.Trace, Budget: c.KernelBudget, Context: ctx})
		stop()
		worst = max(worst, kernelResult(e, f, prog, res))
		if res.Interrupted {
			return worst
		}
	}
	return worst
}

// renderKernel is tcps render pcap --kernel: the relay's capture.
func (c *renderCmd) renderKernel(e *env) int {
	if c.Format != "pcap" {
		fmt.Fprintln(e.stderr, msg.KernelRenderPcap.In(outLang, c.Format))
		return exitInput
	}
	toStdout := c.Output == "" || c.Output == "-"
	if toStdout && isTerminal(e.stdout.w) {
		fmt.Fprintln(e.stderr, msg.RenderTerminal.In(outLang, "pcap"))
		return exitInput
	}
	prog, code := kernelProgram(e, c.File, c.KernelBudget)
	if prog == nil {
		return code
	}
	ctx, stop := kernelContext()
	res := kernel.Run(prog, kernel.Options{Progress: e.stderr, Budget: c.KernelBudget, Context: ctx})
	stop()
	code = kernelResult(e, c.File, prog, res)
	if res.Err != nil && !res.Interrupted {
		return code
	}
	var out bytes.Buffer
	kernel.WritePcap(&out, res.Packets)
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

type compareCmd struct {
	Files        []string      `arg:"" name:"file" help:"help_files"`
	KernelBudget time.Duration `help:"help_comparebudget" default:"2m"`
	Accepted     string        `help:"help_accepted"`
	Traces       bool          `help:"help_traces"`
}

// Help is the long help of tcps compare, in the language of --lang.
func (c *compareCmd) Help() string { return msg.HelpCompareLong.In(outLang) }

func (c *compareCmd) run(e *env) int {
	accepted := map[string][]kernel.Accepted{}
	if c.Accepted != "" {
		b, err := readInput(c.Accepted, msg.InputAccepted.Of(), nil)
		if err != nil {
			fmt.Fprintln(e.stderr, "tcps:", err)
			return exitInput
		}
		if accepted, err = kernel.ParseAccepted(c.Accepted, string(b)); err != nil {
			fmt.Fprintln(e.stderr, "tcps:", msg.Local(outLang, err))
			return exitInput
		}
	}
	if err := kernel.Available(); err != nil {
		fmt.Fprintln(e.stderr, "tcps: compare:", msg.Local(outLang, err))
		return exitInput
	}
	worst := exitOK
	for i, f := range c.Files {
		prog := load(e, f)
		if prog == nil {
			return exitInput
		}
		if len(c.Files) > 1 {
			if i > 0 {
				fmt.Fprintln(e.stdout)
			}
			fmt.Fprintf(e.stdout, "=== %s\n", f)
		}
		if err := kernel.Check(prog, c.KernelBudget); err != nil {
			if len(c.Files) == 1 {
				fmt.Fprint(e.stderr, lang.Format(err, prog.Source))
				return exitInput
			}
			fmt.Fprintln(e.stdout, msg.CmpNotOnKernel.In(prog.Lang, err.Msg))
			continue
		}
		ctx, stop := kernelContext()
		cmp := kernel.Compare(prog, kernel.Options{Progress: e.stderr, Budget: c.KernelBudget, Context: ctx})
		stop()
		if cmp.Kernel.Err != nil {
			code := kernelResult(e, f, prog, cmp.Kernel)
			if cmp.Kernel.Interrupted {
				return max(worst, code)
			}
			worst = max(worst, code)
			continue
		}
		stale := cmp.Accept(accepted[f])
		cmp.Print(e.stdout)
		for _, a := range stale {
			note := msg.CmpStale
			if a.Missing {
				note = msg.CmpStaleGone
			}
			fmt.Fprintln(e.stdout, note.In(prog.Lang, f, a.Key(), c.Accepted, a.Line))
		}
		if c.Traces {
			fmt.Fprintf(e.stdout, "\n%s\n%s\n%s\n%s", msg.CmpModelTrace.In(prog.Lang), cmp.ModelTrace, msg.CmpKernelTrace.In(prog.Lang), cmp.KernelTrace)
		}
		if cmp.Differ() > 0 {
			worst = max(worst, exitFailure)
		}
	}
	return worst
}
