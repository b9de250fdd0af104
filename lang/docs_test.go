package lang

import (
	"os"
	"strings"
	"testing"

	"github.com/tcps-dev/tcps/lang/msg"
)

// TestLanguageDocIsCurrent fails when docs/language.md differs from what
// the verb table generates. GOLDIE_UPDATE=1 go test ./... rewrites it.
func TestLanguageDocIsCurrent(t *testing.T) {
	const path = "../docs/language.md"
	want := Reference()
	if v := os.Getenv("GOLDIE_UPDATE"); v != "" && v != "0" && v != "false" {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (generate it with GOLDIE_UPDATE=1 go test ./lang)", err)
	}
	if string(got) != want {
		t.Fatal("docs/language.md is stale: regenerate it with GOLDIE_UPDATE=1 go test ./lang")
	}
}

// TestEveryVerbDocumented keeps the table honest: each verb has a usage
// line where it takes arguments, a summary and an example that checks.
func TestEveryVerbDocumented(t *testing.T) {
	for _, v := range Verbs {
		if v.Summary == "" || v.Example == "" || v.Section == "" {
			t.Errorf("verb %s lacks a summary, example or section", v.Name)
		}
		if !strings.HasPrefix(strings.TrimLeft(v.Example, "ABCDEFGHIJKLMNOPQRSTUVWXYZ."), v.Name) &&
			!strings.Contains(v.Example, v.Name) {
			t.Errorf("verb %s: example %q does not use it", v.Name, v.Example)
		}
		prelude := "host A ips 10.1.2.3,192.168.3.2\nhost B ip 172.16.1.10\nA.listen *:98 as L\nB.connect A:98 as c\n"
		if _, err := Check("example.tcps", []byte(prelude+v.Example+"\n")); err != nil {
			t.Errorf("verb %s: example %q does not check: %v", v.Name, v.Example, err)
		}
	}
}

// TestKoreanLanguageDocIsCurrent is TestLanguageDocIsCurrent for the
// Korean reference, generated from the same tables and their Korean in
// lang/msg.
func TestKoreanLanguageDocIsCurrent(t *testing.T) {
	const path = "../docs/ko/language.md"
	want := ReferenceIn(msg.Ko)
	if v := os.Getenv("GOLDIE_UPDATE"); v != "" && v != "0" && v != "false" {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (generate it with GOLDIE_UPDATE=1 go test ./lang)", err)
	}
	if string(got) != want {
		t.Fatal("docs/ko/language.md is stale: regenerate it with GOLDIE_UPDATE=1 go test ./lang")
	}
}

// docTexts is every text of the tables that msg.Doc translates.
func docTexts() []string {
	out := append([]string(nil), Sections...)
	for _, v := range Verbs {
		out = append(out, v.Summary, v.Help)
	}
	for _, s := range Settings {
		out = append(out, s.Help)
	}
	for _, v := range Views {
		out = append(out, v.Help)
	}
	for _, p := range Props {
		out = append(out, p.Help)
	}
	for _, n := range spaceNames {
		out = append(out, n)
	}
	for _, n := range invisibles {
		out = append(out, n)
	}
	return append(out, referenceIntro)
}

// TestEveryDocTranslated fails when a text of the verb, setting, view or
// property tables has no Korean in lang/msg (a changed English text
// needs its Korean changed too), or when lang/msg translates a text no
// table holds any more.
func TestEveryDocTranslated(t *testing.T) {
	have := map[string]bool{}
	for _, s := range docTexts() {
		if s == "" {
			continue
		}
		have[s] = true
		if !msg.HasDoc(s) {
			t.Errorf("no Korean for %q (add it to lang/msg/docs_lang.go)", s)
		}
	}
	for _, k := range msg.DocKeys() {
		if !have[k] && !msg.DocUsedElsewhere(k) {
			t.Errorf("lang/msg translates %q, which no table holds", k)
		}
	}
}
