package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// openPty opens a pseudo-terminal and returns its terminal side, or skips
// the test where there is none.
func openPty(t *testing.T) *os.File {
	t.Helper()
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR, 0)
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	t.Cleanup(func() { m.Close() })
	if err := unix.IoctlSetPointerInt(int(m.Fd()), unix.TIOCSPTLCK, 0); err != nil {
		t.Skipf("unlockpt: %v", err)
	}
	n, err := unix.IoctlGetInt(int(m.Fd()), unix.TIOCGPTN)
	if err != nil {
		t.Skipf("ptsname: %v", err)
	}
	s, err := os.OpenFile("/dev/pts/"+strconv.Itoa(n), os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("open pts: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// TestRenderTerminalKorean: render pcap to a terminal is refused in the
// scenario's language (set lang ko, or --lang ko for --kernel, which
// refuses before it reads the scenario), and in English by default.
func TestRenderTerminalKorean(t *testing.T) {
	tty := openPty(t)
	dir := t.TempDir()
	en := write(t, dir, "en.tcps", okScenario)
	ko := write(t, dir, "ko.tcps", "set lang ko\n"+okScenario)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"render", "pcap", en}, "tcps: render pcap: standard output is a terminal: give -o FILE.pcap, or pipe it"},
		{[]string{"render", "pcapng", ko}, "tcps: render pcapng: 표준 출력이 터미널이다: -o FILE.pcapng 옵션으로 파일을 지정하거나 파이프로 넘긴다"},
		{[]string{"--lang", "ko", "render", "pcap", ko}, "표준 출력이 터미널이다"},
		{[]string{"--lang", "ko", "render", "--kernel", "pcap", en}, "tcps: render pcap: 표준 출력이 터미널이다"},
	} {
		var errb bytes.Buffer
		code := Main(c.args, tty, &errb)
		if code != exitInput || !strings.Contains(errb.String(), c.want) {
			t.Errorf("tcps %s: exit %d, stderr %q; want exit 2 and %q", strings.Join(c.args, " "), code, errb.String(), c.want)
		}
	}
}

// TestRenderRefusalsKorean: tcps render's own refusals (several figures
// to standard output, a bad --size, a file for -o where a directory is
// needed) are in the scenario's language.
func TestRenderRefusalsKorean(t *testing.T) {
	dir := t.TempDir()
	src := okScenario + "show queues\nshow sockets\n"
	en := write(t, dir, "en.tcps", src)
	ko := write(t, dir, "ko.tcps", "set lang ko\n"+src)
	file := write(t, dir, "file", "x")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"render", "svg", en}, "figures: give -o DIR to write them as DIR/"},
		{[]string{"render", "svg", ko}, "ko.tcps: 그림이 "},
		{[]string{"render", "svg", "--size", "big", ko}, `tcps: --size "big": 픽셀 단위의 WIDTHxHEIGHT`},
		{[]string{"render", "svg", "--size", "big", en}, `tcps: --size "big": want WIDTHxHEIGHT`},
		{[]string{"render", "svg", "--size", "100x100", ko}, "너비는 320에서 8000"},
		{[]string{"render", "svg", "-o", file, ko}, "file: 디렉터리가 아니다 (svg 형식은 그림 여러 장을 디렉터리에 쓴다)"},
		{[]string{"render", "plot", ko}, "tcps: render plot은 그래프를 여러 장 쓴다"},
	} {
		code, _, stderr := mainWithin(t, 60*time.Second, c.args...)
		if code != exitInput || !strings.Contains(stderr, c.want) {
			t.Errorf("tcps %s: exit %d, stderr %q; want exit 2 and %q", strings.Join(c.args, " "), code, stderr, c.want)
		}
	}
}

// TestKoreanCommandErrors: tcps test on a path that does not exist and
// tcps compare's file of accepted differences (unreadable, or a bad
// line) answer in the language of --lang; English is the default.
func TestKoreanCommandErrors(t *testing.T) {
	dir := t.TempDir()
	sc := write(t, dir, "a.tcps", okScenario)
	bad := write(t, dir, "acc.txt", "scenarios/a.tcps:20 the kernel counts the FIN\n")
	none := filepath.Join(dir, "none")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"test", none}, "none: no such file or directory"},
		{[]string{"--lang", "ko", "test", none}, "none: 그런 파일이나 디렉터리가 없다"},
		{[]string{"compare", "--accepted", bad, sc}, "acc.txt:1: an entry names its statement, not a line"},
		{[]string{"--lang", "ko", "compare", "--accepted", bad, sc}, "acc.txt:1: 항목에는 줄 번호가 아니라 문장을 쓴다"},
		{[]string{"--lang", "ko", "compare", "--accepted", none, sc}, "none: 그런 파일이 없다"},
		{[]string{"--lang", "ko", "compare", "--accepted", dir, sc}, ": 디렉터리다. 허용된 불일치 파일이 아니다"},
	} {
		code, _, stderr := mainWithin(t, 10*time.Second, c.args...)
		if code != exitInput || !strings.Contains(stderr, c.want) || strings.Count(stderr, "\n") != 1 {
			t.Errorf("tcps %s: exit %d, stderr %q; want exit 2 and one line with %q", strings.Join(c.args, " "), code, stderr, c.want)
		}
	}
}
