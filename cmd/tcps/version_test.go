package main

import (
	"runtime/debug"
	"strings"
	"testing"
)

func TestVersionString(t *testing.T) {
	settings := func(kv ...string) []debug.BuildSetting {
		var s []debug.BuildSetting
		for i := 0; i < len(kv); i += 2 {
			s = append(s, debug.BuildSetting{Key: kv[i], Value: kv[i+1]})
		}
		return s
	}
	for _, c := range []struct {
		bi   *debug.BuildInfo
		want string
	}{
		{nil, "dev"},
		{&debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, "dev"},
		{&debug.BuildInfo{Main: debug.Module{Version: "v1.2.0"}}, "v1.2.0"},
		{&debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: settings(
			"vcs.revision", "3f2a9c1d4e5b6a7b8c9d0e1f2a3b4c5d6e7f8a9b", "vcs.modified", "true", "vcs.time", "2026-11-30T21:04:00Z")},
			"dev 3f2a9c1d4e5b+dirty 2026-11-30T21:04:00Z"},
		{&debug.BuildInfo{Main: debug.Module{Version: "v0.3.1"}, Settings: settings(
			"vcs.revision", "abc", "vcs.modified", "false")},
			"v0.3.1 abc"},
	} {
		if got := versionString(c.bi); got != c.want {
			t.Errorf("versionString(%+v) = %q, want %q", c.bi, got, c.want)
		}
	}
}

// TestVersionFlag: tcps --version and tcps version print the same line.
func TestVersionFlag(t *testing.T) {
	code, flag, stderr := runMain("--version")
	if code != 0 || !strings.HasPrefix(flag, "tcps ") {
		t.Fatalf("tcps --version: exit %d, stdout %q, stderr %q", code, flag, stderr)
	}
	_, cmd, _ := runMain("version")
	if cmd != flag {
		t.Errorf("tcps version printed %q, tcps --version %q", cmd, flag)
	}
	if want := "tcps " + versionString(readBuildInfo()) + "\n"; cmd != want {
		t.Errorf("tcps version printed %q, want %q", cmd, want)
	}
}

// TestHelpCommand: tcps help COMMAND is tcps COMMAND --help, for every
// command; a language topic is still lang's.
func TestHelpCommand(t *testing.T) {
	for _, cmd := range []string{"run", "check", "fmt", "test", "render", "help", "version"} {
		code, got, stderr := runMain("help", cmd)
		_, want, _ := runMain(cmd, "--help")
		if code != 0 || got != want || !strings.Contains(got, "tcps "+cmd) {
			t.Errorf("tcps help %s: exit %d, stderr %q, stdout\n%s\nwant (tcps %s --help)\n%s", cmd, code, stderr, got, cmd, want)
		}
	}
	if code, out, _ := runMain("help", "write"); code != 0 || strings.Contains(out, "Usage: tcps") {
		t.Errorf("tcps help write: exit %d, want the verb's help, got\n%s", code, out)
	}
}

// TestExitStatusInHelp: tcps --help documents the exit statuses, 3 too.
func TestExitStatusInHelp(t *testing.T) {
	_, out, _ := runMain("--help")
	if !strings.Contains(strings.Join(strings.Fields(out), " "), "3 an internal error") {
		t.Errorf("tcps --help does not document exit 3:\n%s", out)
	}
}

// TestPanicIsExit3: a panic in tcps is an internal error, exit 3, with
// the version and a stack; never exit 2 or a crash.
func TestPanicIsExit3(t *testing.T) {
	var errb strings.Builder
	code := Main([]string{"version"}, panicWriter{}, &errb)
	if code != exitBug {
		t.Errorf("exit %d, want 3", code)
	}
	if !strings.HasPrefix(errb.String(), "tcps: internal error: boom (tcps ") || !strings.Contains(errb.String(), "goroutine ") {
		t.Errorf("stderr %q: want the panic, the version and the stack", errb.String())
	}
}

type panicWriter struct{}

func (panicWriter) Write([]byte) (int, error) { panic("boom") }
