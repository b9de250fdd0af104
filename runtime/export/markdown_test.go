package export

import (
	"regexp"
	"strings"
	"testing"
)

// mdTables splits Markdown into its tables, each a list of rows of cells
// (unescaping \|), the delimiter row left out but checked.
func mdTables(t *testing.T, md string) [][][]string {
	t.Helper()
	var tables [][][]string
	var cur [][]string
	delim := regexp.MustCompile(`^\|(-{3,}:?\|)+$`)
	flush := func() {
		if cur != nil {
			tables = append(tables, cur)
			cur = nil
		}
	}
	for i, line := range strings.Split(md, "\n") {
		if !strings.HasPrefix(line, "|") {
			flush()
			continue
		}
		if !strings.HasSuffix(line, "|") {
			t.Fatalf("line %d: table row without a closing pipe: %q", i+1, line)
		}
		if len(cur) == 1 {
			if !delim.MatchString(line) {
				t.Fatalf("line %d: want a delimiter row after the header, got %q", i+1, line)
			}
			cur = append(cur, nil) // placeholder for the delimiter
			continue
		}
		var cells []string
		var cell strings.Builder
		body := line[1:]
		for j := 0; j < len(body); j++ {
			switch {
			case body[j] == '\\' && j+1 < len(body):
				cell.WriteByte(body[j])
				cell.WriteByte(body[j+1])
				j++
			case body[j] == '|':
				cells = append(cells, strings.TrimSpace(cell.String()))
				cell.Reset()
			default:
				cell.WriteByte(body[j])
			}
		}
		cur = append(cur, cells)
	}
	flush()
	for ti, tb := range tables {
		for ri, r := range tb {
			if ri != 1 && len(r) != len(tb[0]) {
				t.Errorf("table %d row %d has %d cells, the header %d: %q", ti+1, ri, len(r), len(tb[0]), r)
			}
		}
	}
	return tables
}

func TestMarkdownByteStream(t *testing.T) {
	prog, res, _ := runFile(t, byteStream)
	md := Markdown(prog, res)
	if !strings.HasPrefix(md, "### after three writes · t=4.000ms · show queues · line 21\n") {
		t.Errorf("first heading:\n%s", md[:min(len(md), 200)])
	}
	tables := mdTables(t, md)
	if len(tables) != 3 {
		t.Fatalf("%d tables, want one per show queues (3)", len(tables))
	}
	first := tables[0]
	want := [][]string{
		{"Queue", "Bytes", "Contents"},
		nil,
		{"C.0 SendQ", "6500", "write 2: 1500-2999, write 3: 3000-7999"},
		{"of which in flight", "6500", "write 2: 1500-2999, write 3: 3000-7999"},
		{"S.1 RecvQ", "1500", "write 1: 0-999, write 2: 1000-1499"},
		{"S.1 Delivered", "0", ""},
	}
	if len(first) != len(want) {
		t.Fatalf("first table %q, want %q", first, want)
	}
	for i := range want {
		if strings.Join(first[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("first table row %d: %q, want %q", i, first[i], want[i])
		}
	}
	if !strings.Contains(md, "|---|---:|---|") {
		t.Error("the Bytes column is not right-aligned")
	}
}

func TestMarkdownEveryView(t *testing.T) {
	prog, res, _ := run(t, "everything.tcps", []byte(everything))
	md := Markdown(prog, res)
	tables := mdTables(t, md)
	var titles []string
	for _, l := range strings.Split(md, "\n") {
		if strings.HasPrefix(l, "### ") {
			titles = append(titles, l)
		}
	}
	if len(titles) != len(res.Shows) {
		t.Fatalf("%d headings for %d shows", len(titles), len(res.Shows))
	}
	// sockets: 3 tables (L has none yet), netstat 3 (X and L have none),
	// ss 3, demux 1, windows 1, queues 2 directions.
	count := 0
	for _, r := range res.Shows {
		for _, tb := range r.Tables {
			if len(tb.Rows) > 1 {
				count++
			}
		}
		for _, c := range r.Conns {
			count += len(c.Dirs)
		}
	}
	if len(tables) != count {
		t.Errorf("%d tables, want %d", len(tables), count)
	}
	for _, want := range []string{
		"**S$ netstat -an**",
		"| tcp | 0 | 0 | 0.0.0.0:99 | 0.0.0.0:\\* | LISTEN |",
		"| 1 | ESTABLISHED | 99 = | 10.1.2.3 = | 32768 x | 172.16.1.10 = | 0 | no match |",
		"winner: S.0 (LISTEN \\*:99)",
		`### a \<note> & "quotes" | pipes \*stars\* \_under\_ · t=`,
		"```text\n               C ", // the ladder keeps its text (its time column fits t=127008.000ms)
		"socket structures of L**\n\n(none)\n",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("the Markdown lacks %q", want)
		}
	}
	// SYN_RECV-like words keep their underscores unescaped.
	if strings.Contains(md, `TIME\_WAIT`) || strings.Contains(md, `SYN\_`) {
		t.Error("an underscore inside a word was escaped")
	}
}

func TestMarkdownEscaping(t *testing.T) {
	for in, want := range map[string]string{
		"a|b":           `a\|b`,
		"SYN_RECV":      "SYN_RECV",
		"_x_":           `\_x\_`,
		"*:99":          `\*:99`,
		"<b>bold</b>":   `\<b>bold\</b>`,
		"1 < 2 <-> 3":   "1 < 2 <-> 3",
		"`code`":        "\\`code\\`",
		"[link](x)":     `\[link\](x)`,
		"line\nbreak":   "line break",
		"&amp; & other": `\&amp; & other`,
	} {
		if got := mdCell(in); got != want {
			t.Errorf("mdCell(%q) = %q, want %q", in, got, want)
		}
	}
}
