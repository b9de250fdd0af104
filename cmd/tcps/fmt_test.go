package main

import (
	"os"
	"strings"
	"testing"
)

// TestFmtListAndDiff: fmt -l lists the files fmt would change, fmt -d
// shows how; both exit 0 and change nothing, as gofmt.
func TestFmtListAndDiff(t *testing.T) {
	dir := t.TempDir()
	clean := write(t, dir, "clean.tcps", "host A ip 10.0.0.1\nlisten *:80\n")
	messy := write(t, dir, "messy.tcps", "host A ip 10.0.0.1\nlisten   *:80\nwait 1ms\n")
	code, out, stderr := runMain("fmt", "-l", clean, messy)
	if code != 0 || out != messy+"\n" {
		t.Errorf("fmt -l: exit %d, stdout %q, stderr %q; want %q", code, out, stderr, messy+"\n")
	}
	code, out, _ = runMain("fmt", "-d", clean, messy)
	want := "diff " + messy + ".orig " + messy + "\n--- " + messy + ".orig\n+++ " + messy + "\n" +
		"@@ -1,3 +1,3 @@\n host A ip 10.0.0.1\n-listen   *:80\n+listen *:80\n wait 1ms\n"
	if code != 0 || out != want {
		t.Errorf("fmt -d: exit %d, stdout\n%s\nwant\n%s", code, out, want)
	}
	if got, _ := os.ReadFile(messy); !strings.Contains(string(got), "listen   *:80") {
		t.Errorf("fmt -l/-d changed the file: %q", got)
	}
	// -l -w lists and rewrites, as gofmt -l -w.
	if code, out, _ = runMain("fmt", "-l", "-w", messy); code != 0 || out != messy+"\n" {
		t.Errorf("fmt -l -w: exit %d, %q", code, out)
	}
	if code, out, _ = runMain("fmt", "-l", messy); code != 0 || out != "" {
		t.Errorf("fmt -l after -w: exit %d, %q", code, out)
	}
	// A file that does not parse is an error.
	bad := write(t, dir, "bad.tcps", "repeat 2 as i {\n")
	if code, _, _ = runMain("fmt", "-l", bad); code != exitInput {
		t.Errorf("fmt -l on a broken file: exit %d, want 2", code)
	}
}

// TestUnifiedDiffHunks: far apart changes are separate hunks with three
// lines of context; a missing last newline is marked.
func TestUnifiedDiffHunks(t *testing.T) {
	var a, b strings.Builder
	for i := 1; i <= 20; i++ {
		line := strings.Repeat("x", i) + "\n"
		a.WriteString(line)
		if i == 2 || i == 15 {
			line = "changed\n"
		}
		b.WriteString(line)
	}
	out := unifiedDiff("f", a.String(), b.String()+"tail")
	if strings.Count(out, "@@ -") != 2 || !strings.Contains(out, "@@ -1,5 +1,5 @@") || !strings.Contains(out, "@@ -12,9 +12,10 @@") ||
		!strings.HasSuffix(out, "+tail\n\\ No newline at end of file\n") {
		t.Errorf("unifiedDiff:\n%s", out)
	}
}
