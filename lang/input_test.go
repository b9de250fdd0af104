package lang

import (
	"strings"
	"testing"
)

// checkErrs checks src and returns its errors as "line:col: message".
func checkErrs(t *testing.T, src string) []string {
	t.Helper()
	_, err := Check("in.tcps", []byte(src))
	if err == nil {
		return nil
	}
	list, ok := err.(ErrorList)
	if !ok {
		t.Fatalf("error is a %T: %v", err, err)
	}
	var out []string
	for _, e := range list {
		out = append(out, strings.TrimPrefix(e.Error(), "in.tcps:"))
	}
	return out
}

func wantErrs(t *testing.T, src string, want ...string) {
	t.Helper()
	got := checkErrs(t, src)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("errors of %q:\ngot:\n%s\nwant:\n%s", src, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestByteOrderMark: a leading UTF-8 BOM is skipped; line 1's columns count
// from after it, and the echoed line does not show it.
func TestByteOrderMark(t *testing.T) {
	wantErrs(t, "\uFEFFhost A ip 10.0.0.1\nlisten 80\n")
	src := "\uFEFFhost A ip 10.0.0.300\n"
	wantErrs(t, src, `1:11: "10.0.0.300" is not an IPv4 address (want four numbers 0-255, as 10.1.2.3)`)
	_, err := Check("b.tcps", []byte(src))
	got := Format(err, &Source{Name: "b.tcps", Text: []byte(src)})
	if !strings.HasSuffix(got, "\n  host A ip 10.0.0.300\n            ^\n") {
		t.Errorf("excerpt:\n%s", got)
	}
	out, err := FormatSource("b.tcps", []byte("\uFEFFhost  A ip 10.0.0.1\n"))
	if err != nil || string(out) != "host A ip 10.0.0.1\n" {
		t.Errorf("fmt = %q, %v", out, err)
	}
}

// TestUnicodeSpaces: a space that is not ASCII, outside a string or a
// comment, is one positioned error per statement that names it.
func TestUnicodeSpaces(t *testing.T) {
	wantErrs(t, "host\u3000A\u3000ip 10.0.0.1\nwait 1ms\n",
		"1:5: a full-width space (U+3000, from a Korean input method) is not a separator here: type an ordinary space")
	wantErrs(t, "host A ip 10.0.0.1\nlisten\u00a080\n",
		"2:7: a no-break space (U+00A0) is not a separator here: type an ordinary space")
	wantErrs(t, "host A ip 10.0.0.1; listen 80\u2003as L\n",
		"1:30: an em space (U+2003) is not a separator here: type an ordinary space")
	wantErrs(t, "host A ip 10.0.0.1\nlisten 80 as\u200bL\n",
		"2:13: a zero-width space (U+200B) is not allowed here: delete it")
	wantErrs(t, "\u3000\n",
		"1:1: a full-width space (U+3000, from a Korean input method) is not a separator here: type an ordinary space")
	wantErrs(t, "repeat 2 as i {\n  note a\u3000b\n}\n",
		"2:9: a full-width space (U+3000, from a Korean input method) is not a separator here: type an ordinary space")
	// Inside strings and comments they are text.
	wantErrs(t, "note \"a\u3000b\u00a0c\" # 주석\u3000입니다\n")
}

// TestUnicodeNames: names are Unicode letters, digits and _, and columns
// count characters.
func TestUnicodeNames(t *testing.T) {
	prog, err := Check("u.tcps", []byte("host 서버 ip 10.0.0.1\nlisten *:80 as 리스너\n서버.리스너.accept as 연결\nrepeat 2 as 번호 { host 손님$번호 ip 10.0.1.$(번호+1) }\n손님1.connect 서버:80 as _c1\nthread 읽기 of 서버\n읽기.연결.read 10\n"))
	if err != nil {
		t.Fatal(Format(err, nil))
	}
	if prog.Hosts[2].Name != "손님1" || prog.Handles[0].Name != "리스너" {
		t.Errorf("names: %s, %s", prog.Hosts[2].Name, prog.Handles[0].Name)
	}
	wantErrs(t, "host 서버 ip 10.0.0.1\nlisten *:80 as 리스너\n서버.리스너x.accept\n",
		`3:4: host 서버 has no socket named "리스너x"; did you mean 리스너?`)
	wantErrs(t, "host 서버 ip 10.0.0.1\n서바.listen 80\n",
		`2:1: unknown host "서바"; did you mean 서버?`)
	wantErrs(t, "host 서버 ip 10.0.0.1\n서버.리슨 80\n",
		`2:4: unknown verb "리슨"`)
	wantErrs(t, "host 서버 ip 10.0.0.1\nhost B ip 10.0.0.2\nhold 서버->C\n",
		`3:10: unknown host "C"; did you mean B?`)
	wantErrs(t, "host 서버 ip 10.0.0.1\nshow queues 서버.소켓\n",
		`2:16: host 서버 has no socket named "소켓"`)
	wantErrs(t, "host 1서버 ip 10.0.0.1\n",
		`1:6: host name "1서버" must start with a letter or _ and hold only letters, digits and _`)
}

// TestNameLength: a name has at most MaxNameLen characters, counted as
// characters, not bytes.
func TestNameLength(t *testing.T) {
	long := strings.Repeat("서", MaxNameLen)
	if errs := checkErrs(t, "host A ip 10.0.0.1\nlisten 80 as "+long+"\n"); errs != nil {
		t.Errorf("a %d-character name: %v", MaxNameLen, errs)
	}
	wantErrs(t, "host A ip 10.0.0.1\nlisten 80 as "+strings.Repeat("a", 1000)+"\n",
		`2:14: socket name "aaaaaaaaaaaaaaaaaaaaaaaa..." is 1000 characters long; a name has at most 64`)
	wantErrs(t, "host "+strings.Repeat("h", 65)+" ip 10.0.0.1\n",
		`1:6: host name "hhhhhhhhhhhhhhhhhhhhhhhh..." is 65 characters long; a name has at most 64`)
	wantErrs(t, "repeat 2 as "+strings.Repeat("i", 65)+" { wait 1ms }\n",
		`1:13: repeat variable "iiiiiiiiiiiiiiiiiiiiiiii..." is 65 characters long; a name has at most 64`)
}

// TestBadBytes: NUL bytes and bytes that are not UTF-8, anywhere (in
// strings and comments too), get an error each at their line and column.
func TestBadBytes(t *testing.T) {
	wantErrs(t, "host A ip 10.0.0.1\nnote a\x00b\n", "2:7: a NUL byte is not allowed in a scenario (is it a binary file?)")
	wantErrs(t, "note \"é\xffx\" # \x00\n",
		"1:8: byte 0xFF is not UTF-8: save the file as UTF-8",
		"1:14: a NUL byte is not allowed in a scenario (is it a binary file?)")
	wantErrs(t, "\uFEFF\x00\n", "1:1: a NUL byte is not allowed in a scenario (is it a binary file?)")
	wantErrs(t, "# \xe4\xb8\n", "1:3: byte 0xE4 is not UTF-8: save the file as UTF-8", "1:4: byte 0xB8 is not UTF-8: save the file as UTF-8")
	got := checkErrs(t, strings.Repeat("\x00\xff\n", 100_000))
	if len(got) != MaxErrors+1 || got[MaxErrors] != "5:2: too many errors" {
		t.Errorf("a binary file: %d errors: %v", len(got), got)
	}
	out, err := FormatSource("b.tcps", []byte("note \x00\n"))
	if err == nil || !strings.Contains(err.Error(), "b.tcps:1:6: a NUL byte") {
		t.Errorf("fmt: %q, %v", out, err)
	}
}

// TestFullWidthPunctuation: a full-width colon, comma or period (from an
// input method in full-width mode) is named, with the character to type.
func TestFullWidthPunctuation(t *testing.T) {
	wantErrs(t, "host A ip 10.0.0.1\nlisten *：80\n",
		`2:9: a full-width "：" (U+FF1A, from an input method in full-width mode) is not ":": type an ordinary ":"`)
	wantErrs(t, "host A ips 10.0.0.1，10.0.0.2\n",
		`1:20: a full-width "，" (U+FF0C, from an input method in full-width mode) is not ",": type an ordinary ","`)
	// Full-width letters are letters: a name may hold them.
	wantErrs(t, "host Ａ ip 10.0.0.1\n")
}

// "opts" is how the usage names a call's options, not a word a call
// takes: the checker once matched tail words against a string that
// listed "opts", and so accepted the word and ignored it.
func TestOptsIsNotAWord(t *testing.T) {
	wantErrs(t, "host S ip 10.0.0.1\nhost C ip 10.0.0.2\nS.listen *:80\nC.connect S:80 opts\n",
		`4:16: unexpected "opts": connect takes IP:PORT|HOST:PORT [from [IP:]PORT] [OPTION]... [as NAME] [expect OUTCOME]`)
}
