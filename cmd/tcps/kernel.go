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
	"github.com/tcps-dev/tcps/runtime/kernel"
)

// kernelFlags are the flags of the kernel mode, shared by run, render
// and compare.
type kernelFlags struct {
	Kernel       bool          `help:"Run on the running Linux kernel instead of the model: one network namespace and TUN device per machine, real system calls, tcps relaying the packets. Virtual time becomes REAL time (wait 60s waits a minute). Needs root. See docs/kernel.md."`
	KernelBudget time.Duration `help:"Real time a --kernel run may take (estimated from its waits and settles before it starts)." default:"2m"`
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
		fmt.Fprintln(e.stderr, "tcps: --kernel:", err)
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
		fmt.Fprintf(e.stderr, "tcps: %s: scenario failed on the kernel (%d failures)\n", path, res.Failures)
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
			fmt.Fprintf(e.stdout, "=== %s (kernel)\n", f)
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
		fmt.Fprintf(e.stderr, "tcps: render %s --kernel: only pcap is rendered from a kernel run\n", c.Format)
		return exitInput
	}
	toStdout := c.Output == "" || c.Output == "-"
	if toStdout && isTerminal(e.stdout) {
		fmt.Fprintln(e.stderr, "tcps: render pcap: standard output is a terminal: give -o FILE.pcap, or pipe it (| tshark -r -)")
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
	Files        []string      `arg:"" name:"file" help:"Scenario files."`
	KernelBudget time.Duration `help:"Real time the kernel run of one scenario may take." default:"2m"`
	Accepted     string        `help:"File of accepted differences, one per line: PATH: STATEMENT [#N] -- REASON (docs/kernel.md)."`
	Traces       bool          `help:"Print both traces after each comparison."`
}

// Help is the long help of tcps compare.
func (c *compareCmd) Help() string {
	return `Runs each scenario in the model and on the running Linux kernel (as
tcps run --kernel does: real namespaces, real sockets, REAL time) and
prints, for every call result, every show netstat/ss/queues and every
expect, the model's value and the kernel's side by side: agree or DIFFER.

What cannot compare is normalised first: descriptor numbers, ephemeral
ports (those the scenario does not name), the row order of netstat and
ss; sequence numbers and time stamps are not compared. Views of the
model's own structures (show sockets, windows, demux, ladder, packets,
time) and window values (expect cwnd, rwnd, window) are listed as not
compared. docs/kernel.md lists every normalisation.

With several files (the CI kernel suite), a scenario the kernel mode
refuses (profile rfc, longer than the budget) is listed and skipped, and
--accepted names the file of accepted differences, each with its reason.

Exit status: 0 everything compared agrees (or is accepted); 1 something
else differs; 2 bad input, or the kernel mode cannot run here (needs
root).`
}

func (c *compareCmd) run(e *env) int {
	accepted := map[string][]kernel.Accepted{}
	if c.Accepted != "" {
		b, err := os.ReadFile(c.Accepted)
		if err != nil {
			fmt.Fprintln(e.stderr, "tcps:", err)
			return exitInput
		}
		if accepted, err = kernel.ParseAccepted(c.Accepted, string(b)); err != nil {
			fmt.Fprintln(e.stderr, "tcps:", err)
			return exitInput
		}
	}
	if err := kernel.Available(); err != nil {
		fmt.Fprintln(e.stderr, "tcps: compare:", err)
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
			fmt.Fprintf(e.stdout, "not on the kernel: %s\n", err.Msg)
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
			if a.Missing {
				fmt.Fprintf(e.stdout, "note: %s: %s (%s:%d) is accepted as a difference, but the scenario has no such statement now\n", f, a.Key(), c.Accepted, a.Line)
			} else {
				fmt.Fprintf(e.stdout, "note: %s: %s (%s:%d) is accepted as a difference but does not differ now\n", f, a.Key(), c.Accepted, a.Line)
			}
		}
		if c.Traces {
			fmt.Fprintf(e.stdout, "\n--- model trace\n%s\n--- kernel trace (real time)\n%s", cmp.ModelTrace, cmp.KernelTrace)
		}
		if cmp.Differ() > 0 {
			worst = max(worst, exitFailure)
		}
	}
	return worst
}
