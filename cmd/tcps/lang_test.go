package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLangFlag: --lang ko makes tcps help, kong's usage and the checker's
// errors Korean; set lang in the scenario wins over the flag; the golden
// output of a scenario does not depend on --lang.
func TestLangFlag(t *testing.T) {
	run := func(args ...string) (string, string, int) {
		var out, errb bytes.Buffer
		code := Main(args, &out, &errb)
		return out.String(), errb.String(), code
	}
	if out, _, code := run("--lang", "ko", "help"); code != 0 || !strings.Contains(out, "소켓 호출:") || !strings.Contains(out, "샌드 큐") {
		t.Errorf("tcps --lang ko help: %d\n%s", code, out)
	}
	if out, _, _ := run("--lang=ko", "--help"); !strings.Contains(out, "시나리오를 실행하고 트레이스를 출력한다.") {
		t.Errorf("tcps --lang=ko --help:\n%s", out)
	}
	if out, _, _ := run("help"); !strings.Contains(out, "Socket calls:") {
		t.Errorf("tcps help is not English by default:\n%s", out)
	}
	dir := t.TempDir()
	en := filepath.Join(dir, "en.tcps")
	ko := filepath.Join(dir, "ko.tcps")
	os.WriteFile(en, []byte("set lang en\nhost A ip 10.0.0.1\nA.wirte 5\n"), 0o644)
	os.WriteFile(ko, []byte("host A ip 10.0.0.1\nA.wirte 5\n"), 0o644)
	if _, errs, code := run("--lang", "ko", "check", ko); code != 2 || !strings.Contains(errs, `알 수 없는 동사 "wirte"; 혹시 write인가?`) {
		t.Errorf("--lang ko check: %d %s", code, errs)
	}
	if _, errs, _ := run("--lang", "ko", "check", en); !strings.Contains(errs, `unknown verb "wirte"`) {
		t.Errorf("set lang en lost to --lang ko: %s", errs)
	}
	if _, _, code := run("--lang", "kr", "help"); code != 2 {
		t.Errorf("--lang kr: exit %d, want 2", code)
	}
	limits.Lang = 1 // as tcps --lang ko test would leave it
	defer func() { limits.Lang = 0 }()
	if got := string(GoldenOutput("ko.tcps", []byte("host A ip 10.0.0.1\nA.wirte 5\n"))); !strings.Contains(got, "unknown verb") {
		t.Errorf("a golden file depends on --lang:\n%s", got)
	}
}
