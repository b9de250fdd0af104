package lang

import (
	"strings"
	"testing"

	"github.com/tcps-dev/tcps/lang/msg"
)

// TestKoreanErrors: set lang ko (the scenario) or Limits.Lang (tcps
// --lang) makes the checker's errors Korean, hints included; the
// scenario's choice wins over the flag's.
func TestKoreanErrors(t *testing.T) {
	src := "set lang ko\nhost A ip 10.0.0.1\nA.wirte 10\nwait 5parsecs\nA.read 1\n"
	_, err := CheckLimits("t.tcps", []byte(src), Limits{Lang: msg.En})
	if err == nil {
		t.Fatal("no error")
	}
	got := Format(err, nil)
	for _, want := range []string{`t.tcps:3:3: 알 수 없는 동사 "wirte"; 혹시 write인가?`, "시간이 아니다", "연결된 소켓"} {
		if !strings.Contains(got, want) {
			t.Errorf("Korean errors lack %q:\n%s", want, got)
		}
	}
	// The flag alone, and a parser error before any statement is checked.
	_, err = CheckLimits("t.tcps", []byte("host A ip 10.0.0.1\nnote \"x\\q\"\n"), Limits{Lang: msg.Ko})
	if got := Format(err, nil); !strings.Contains(got, "잘못된 문자열") || !strings.Contains(got, "잘못된 이스케이프") {
		t.Errorf("--lang ko: %s", got)
	}
	// set lang en wins over --lang ko.
	_, err = CheckLimits("t.tcps", []byte("set lang en\nA.write 1\n"), Limits{Lang: msg.Ko})
	if got := Format(err, nil); !strings.Contains(got, "unknown host") {
		t.Errorf("set lang en lost to the flag: %s", got)
	}
	prog, err := CheckLimits("t.tcps", []byte("host A ip 10.0.0.1 # set lang en\nset  lang ko ; settle\n"), Limits{})
	if err != nil || prog.Lang != msg.Ko {
		t.Errorf("Program.Lang = %v, %v; want ko", prog, err)
	}
	if _, err := Check("t.tcps", []byte("set lang kr\n")); err == nil || !strings.Contains(err.Error(), "lang is one of en, ko") {
		t.Errorf("set lang kr: %v", err)
	}
}

// TestScenarioLang reads set lang from the text, not from comments.
func TestScenarioLang(t *testing.T) {
	for src, want := range map[string]string{
		"set lang ko\n":                  "ko",
		"  set lang ko # x\n":            "ko",
		"host A ip 1.2.3.4; set lang ko": "ko",
		"# set lang ko\n":                "",
		"note set lang ko\n":             "",
		"set lang xx\n":                  "",
		"":                               "",
	} {
		l, ok := ScenarioLang([]byte(src))
		got := ""
		if ok {
			got = l.String()
		}
		if got != want {
			t.Errorf("ScenarioLang(%q) = %q, want %q", src, got, want)
		}
	}
}

// TestKoreanHelp: tcps help in Korean is whole characters (a Korean
// summary's first byte is not a letter to upper-case) and in Korean.
func TestKoreanHelp(t *testing.T) {
	for _, topic := range []string{"write", "connect", "close", "sndbuf", "queues", "recvq", "states"} {
		got, ok := HelpVerbIn(msg.Ko, topic)
		if !ok || strings.ContainsRune(got, '\uFFFD') || !strings.ContainsAny(got, "다큐") {
			t.Errorf("help %s in Korean (%v):\n%s", topic, ok, got)
		}
	}
	if got := HelpTextIn(msg.Ko); strings.ContainsRune(got, '\uFFFD') || !strings.Contains(got, "샌드 큐") {
		t.Errorf("tcps help in Korean:\n%s", got)
	}
	if got, ok := HelpVerbIn(msg.Ko, "wirte"); ok || !strings.Contains(got, "혹시 write인가?") {
		t.Errorf("help wirte in Korean = %q", got)
	}
}
