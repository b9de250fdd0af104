package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tcps-dev/tcps/lang"
)

func runMain(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = Main(args, &out, &errb)
	return code, out.String(), errb.String()
}

func write(t *testing.T, dir, name, text string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const okScenario = "host A ip 10.0.0.1\nlisten *:80\nhost B ip 10.0.0.2\nconnect A:80\nB.write 100\nA.read 100 expect 100\n"

func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	ok := write(t, dir, "ok.tcps", okScenario)
	failing := write(t, dir, "fail.tcps", strings.Replace(okScenario, "expect 100", "expect 99", 1))
	broken := write(t, dir, "broken.tcps", "host A ip 10.0.0.1\nA.wrte 10\n")
	empty := write(t, dir, "empty.tcps", " \n\n")
	binary := write(t, dir, "bin.tcps", "host A \xff\xfe ip 10.0.0.1\n")
	nul := write(t, dir, "nul.tcps", "host A ip 10.0.0.1\nlisten \x00*:80\n")
	cases := []struct {
		args   []string
		code   int
		stderr string // a substring of stderr
	}{
		{[]string{"run", ok}, 0, ""},
		{[]string{"run", failing}, 1, "scenario failed"},
		{[]string{"run", broken}, 2, "did you mean write?"},
		{[]string{"check", broken}, 2, "broken.tcps:2:3: unknown verb"},
		{[]string{"check", ok}, 0, ""},
		{[]string{"run", filepath.Join(dir, "missing.tcps")}, 2, "no such file"},
		{[]string{"run", dir}, 2, "is a directory"},
		{[]string{"run", empty}, 2, "empty file"},
		{[]string{"run", binary}, 2, "bin.tcps:1:"},
		{[]string{"run", nul}, 2, "nul.tcps:2:"},
		{[]string{"frobnicate"}, 2, ""},
		{[]string{"help", "wirte"}, 2, "did you mean write?"},
		{[]string{"help", "write"}, 0, ""},
		{[]string{"version"}, 0, ""},
		{[]string{"--max-stmts", "3", "check", ok}, 2, "more than 3 statements"},
		{[]string{"--max-stmts", "100", "check", ok}, 0, ""},
	}
	for _, c := range cases {
		code, _, stderr := runMain(c.args...)
		if code != c.code || !strings.Contains(stderr, c.stderr) {
			t.Errorf("tcps %s: exit %d, stderr %q; want exit %d and %q", strings.Join(c.args, " "), code, stderr, c.code, c.stderr)
		}
	}
	// Bad input is one clear line, not a usage dump.
	_, _, stderr := runMain("run", filepath.Join(dir, "missing.tcps"))
	if strings.Count(stderr, "\n") != 1 {
		t.Errorf("missing file: want one line on stderr, got %q", stderr)
	}
}

func TestRunIsDeterministic(t *testing.T) {
	path := filepath.Join("..", "..", "scenarios", "lecture", "05-deadlock-write-write.tcps")
	_, first, _ := runMain("run", path)
	for i := 0; i < 3; i++ {
		if _, again, _ := runMain("run", path); again != first {
			t.Fatal("two runs of the same scenario differ")
		}
	}
}

func allScenarios(t *testing.T) []string {
	files, err := scenarioFiles([]string{filepath.Join("..", "..", "scenarios")})
	if err != nil || len(files) == 0 {
		t.Fatalf("no scenarios: %v", err)
	}
	return files
}

// TestFmt checks fmt over every scenario: idempotent, and the canonical
// form has the same statements and comments.
func TestFmt(t *testing.T) {
	for _, f := range allScenarios(t) {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		once, err := lang.FormatSource(f, src)
		if err != nil {
			continue // the broken scenarios under errors/ that do not parse
		}
		twice, err := lang.FormatSource(f, once)
		if err != nil {
			t.Fatalf("%s: fmt output does not parse: %v", f, err)
		}
		if !bytes.Equal(once, twice) {
			t.Errorf("%s: fmt is not idempotent:\n%s", f, cmp.Diff(string(once), string(twice)))
		}
		a, _ := lang.Shape(f, src)
		b, _ := lang.Shape(f, once)
		if d := cmp.Diff(a, b); d != "" {
			t.Errorf("%s: fmt changed the statements or comments:\n%s", f, d)
		}
	}
}

func TestFmtWrite(t *testing.T) {
	dir := t.TempDir()
	p := write(t, dir, "x.tcps", "host A ip 10.0.0.1;listen   *:80 # server\n\n\n\nrepeat 2 as i { wait 1ms }\n")
	if code, _, stderr := runMain("fmt", "-w", p); code != 0 {
		t.Fatalf("fmt -w: exit %d: %s", code, stderr)
	}
	got, _ := os.ReadFile(p)
	want := "host A ip 10.0.0.1\nlisten *:80 # server\n\nrepeat 2 as i {\n  wait 1ms\n}\n"
	if string(got) != want {
		t.Errorf("fmt -w wrote\n%q\nwant\n%q", got, want)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("fmt -w left %d files behind, want 1", len(entries))
	}
	// A file that does not parse is left untouched.
	bad := write(t, dir, "bad.tcps", "repeat 2 as i {\n")
	if code, _, _ := runMain("fmt", "-w", bad); code != 2 {
		t.Errorf("fmt -w on a broken file: exit %d, want 2", code)
	}
	if got, _ := os.ReadFile(bad); string(got) != "repeat 2 as i {\n" {
		t.Errorf("fmt -w changed a broken file: %q", got)
	}
}

func TestTestCommand(t *testing.T) {
	dir := t.TempDir()
	scen := write(t, dir, "scenarios/a/ok.tcps", okScenario)
	code, out, _ := runMain("test", filepath.Join(dir, "scenarios"))
	if code != 1 || !strings.Contains(out, "no golden file") || !strings.Contains(out, "0 passed, 1 failed") {
		t.Fatalf("without golden: exit %d, output %q", code, out)
	}
	if code, out, _ = runMain("test", "--update", filepath.Join(dir, "scenarios")); code != 0 || !strings.HasSuffix(out, "1 updated\n") {
		t.Fatalf("--update: exit %d: %s", code, out)
	}
	golden := filepath.Join(dir, "golden", "a", "ok.golden")
	if _, err := os.Stat(golden); err != nil {
		t.Fatalf("--update did not write %s", golden)
	}
	if code, out, _ = runMain("test", filepath.Join(dir, "scenarios")); code != 0 || !strings.HasSuffix(out, "1 passed, 0 failed\n") {
		t.Fatalf("after update: exit %d, output %q", code, out)
	}
	// Drift in the model shows as a line diff and exit 1.
	write(t, dir, "scenarios/a/ok.tcps", strings.Replace(okScenario, "B.write 100", "B.write 101", 1))
	code, out, _ = runMain("test", filepath.Join(dir, "scenarios"))
	if code != 1 || !strings.Contains(out, "- t=") || !strings.Contains(out, "+ t=") || !strings.Contains(out, "write(101)") {
		t.Fatalf("after drift: exit %d, output %q", code, out)
	}
	if strings.Index(out, "- t=") > strings.Index(out, "+ t=") {
		t.Errorf("the golden file's lines (-) should come before the new ones (+):\n%s", out)
	}
	// The name in the golden file does not depend on how the directory was
	// given: absolute or relative paths give the same output.
	abs, _ := filepath.Abs(filepath.Join(dir, "scenarios"))
	write(t, dir, "scenarios/a/ok.tcps", okScenario)
	if code, out, _ = runMain("test", abs); code != 0 {
		t.Fatalf("absolute path: exit %d: %s", code, out)
	}
	// CRLF golden files get a hint.
	golden2 := filepath.Join(dir, "golden", "a", "ok.golden")
	data, _ := os.ReadFile(golden2)
	os.WriteFile(golden2, []byte(strings.ReplaceAll(string(data), "\n", "\r\n")), 0o644)
	if _, out, _ = runMain("test", abs); !strings.Contains(out, "CRLF") {
		t.Errorf("no CRLF hint:\n%s", out)
	}
	_ = scen
}

// TestHelpCoversEveryVerb keeps tcps help in step with the verb table.
func TestHelpCoversEveryVerb(t *testing.T) {
	_, out, _ := runMain("help")
	for _, v := range lang.Verbs {
		if !strings.Contains(out, "  "+v.Name+" ") {
			t.Errorf("tcps help does not list %s", v.Name)
		}
	}
}

// BenchmarkCLIModel is what every command pays to build the command
// line's model and parse its arguments (`tcps version` in-process). It
// was 4.5 ms when the help texts were kong variables (docs/performance.md).
func BenchmarkCLIModel(b *testing.B) {
	for b.Loop() {
		if code := Main([]string{"--lang", "ko", "version"}, io.Discard, io.Discard); code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
}
