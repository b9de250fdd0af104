package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tcps-dev/tcps/runtime/kernel"
)

// The kernel mode refuses the rfc profile with its position, exit 2, and
// makes nothing (as root: the refusal comes from the scenario; otherwise
// from the missing privilege, in one line).
func TestKernelRefusesRFC(t *testing.T) {
	var out, errb bytes.Buffer
	code := Main([]string{"run", "--kernel", "../../scenarios/lecture/07-zero-window-rfc.tcps"}, &out, &errb)
	want := "profile rfc cannot run on the kernel"
	if kernel.Available() != nil {
		want = "the kernel mode needs root"
	}
	if code != exitInput || !strings.Contains(errb.String(), want) || out.Len() != 0 {
		t.Errorf("exit %d, stdout %q, stderr %q; want exit 2 and %q", code, out.String(), errb.String(), want)
	}
}

func TestKernelBudget(t *testing.T) {
	if kernel.Available() != nil {
		t.Skip("kernel mode unavailable (needs root)")
	}
	dir := t.TempDir()
	f := filepath.Join(dir, "long.tcps")
	os.WriteFile(f, []byte("host A ip 10.0.0.1\nwait 3m\n"), 0o644)
	var out, errb bytes.Buffer
	if code := Main([]string{"run", "--kernel", f}, &out, &errb); code != exitInput || !strings.Contains(errb.String(), "--kernel-budget") {
		t.Errorf("exit %d, stderr %q", code, errb.String())
	}
}

func TestCompareCommand(t *testing.T) {
	if kernel.Available() != nil {
		t.Skip("kernel mode unavailable (needs root)")
	}
	var out, errb bytes.Buffer
	code := Main([]string{"compare", "../../scenarios/lecture/04-deadlock-read-read.tcps"}, &out, &errb)
	if code != exitOK || !strings.Contains(out.String(), " agree, 0 differ") {
		t.Errorf("exit %d:\n%s%s", code, out.String(), errb.String())
	}
	// A difference fails, and is accepted with its reason from a file.
	// The entry names the statement, not its line: it still holds after
	// an edit moves the statement (two lines added above it), and an
	// entry whose statement agrees, or is gone, is noted as stale.
	dir := t.TempDir()
	src, err := os.ReadFile("../../scenarios/lecture/01-io-buffers.tcps")
	if err != nil {
		t.Fatal(err)
	}
	scen := filepath.Join(dir, "io.tcps")
	os.WriteFile(scen, append([]byte("# an edit\n# moves every line\n"), src...), 0o644)
	acc := filepath.Join(dir, "accepted")
	os.WriteFile(acc, []byte(scen+": expect C.c sendq #2 -- the kernel's Send-Q counts the FIN\n"+
		scen+": expect C.c sendq -- agrees\n"+scen+": show queues #9 -- gone\n"), 0o644)
	out.Reset()
	code = Main([]string{"compare", scen}, &out, &errb)
	if code != exitFailure || !strings.Contains(out.String(), "DIFFER") {
		t.Errorf("without the accepted file: exit %d:\n%s", code, out.String())
	}
	out.Reset()
	code = Main([]string{"compare", "--accepted", acc, scen}, &out, &errb)
	if code != exitOK || !strings.Contains(out.String(), "22       expect C.c sendq #2") ||
		!strings.Contains(out.String(), "DIFFER, accepted: the kernel's Send-Q counts the FIN") ||
		!strings.Contains(out.String(), "note: "+scen+": expect C.c sendq ("+acc+":2) is accepted as a difference but does not differ now") ||
		!strings.Contains(out.String(), "note: "+scen+": show queues #9 ("+acc+":3) is accepted as a difference, but the scenario has no such statement now") {
		t.Errorf("with the accepted file: exit %d:\n%s", code, out.String())
	}
}

// The CI kernel suite: every scenario outside scenarios/errors/ compared
// on the kernel; only the differences in docs/kernel-accepted.txt may
// remain. It takes about ten minutes of real time, so it runs only when
// asked.
func TestKernelSuite(t *testing.T) {
	if os.Getenv("TCPS_KERNEL_SUITE") == "" {
		t.Skip("set TCPS_KERNEL_SUITE=1 to run the kernel suite (root, about 10 minutes of real time)")
	}
	if err := kernel.Available(); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob("../../scenarios/*/*.tcps")
	var args []string
	for _, f := range files {
		if !strings.Contains(f, "/errors/") {
			args = append(args, f)
		}
	}
	// The accepted file names scenarios from the repository's root.
	wd, _ := os.Getwd()
	root := filepath.Join(wd, "..", "..")
	if err := os.Chdir(root); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(wd)
	for i := range args {
		args[i] = strings.TrimPrefix(args[i], "../../")
	}
	var out, errb bytes.Buffer
	code := Main(append([]string{"compare", "--accepted", "docs/kernel-accepted.txt"}, args...), &out, &errb)
	if code != exitOK {
		t.Errorf("exit %d:\n%s%s", code, out.String(), errb.String())
	}
}

// TestCompareKorean: tcps compare of a scenario with set lang ko prints
// its table in Korean, and still pairs the model's results (read from an
// English run of the model, not from its Korean trace): the Korean
// lecture's deadlock agrees as the English one does. tcps --lang ko
// compare of an English scenario is Korean too.
func TestCompareKorean(t *testing.T) {
	if kernel.Available() != nil {
		t.Skip("kernel mode unavailable (needs root)")
	}
	for _, args := range [][]string{
		{"compare", "../../scenarios/lecture-ko/04-deadlock-read-read.tcps"},
		{"--lang", "ko", "compare", "../../scenarios/lecture/04-deadlock-read-read.tcps"},
	} {
		var out, errb bytes.Buffer
		code := Main(args, &out, &errb)
		if code != exitOK || !strings.Contains(out.String(), "줄       문장") || !strings.Contains(out.String(), "블로킹 후 = fd") ||
			!strings.Contains(out.String(), "개, 불일치 0개, 비교하지 않았거나 허용된 것") || strings.Contains(out.String(), "agree") {
			t.Errorf("tcps %s: exit %d:\n%s%s", strings.Join(args, " "), code, out.String(), errb.String())
		}
	}
}
