package export

import (
	"strconv"
	"strings"

	"github.com/tcps-dev/tcps/lang"
	"github.com/tcps-dev/tcps/lang/msg"
	"github.com/tcps-dev/tcps/runtime"
)

// Markdown renders every show of a recorded run of prog as
// GitHub-flavoured Markdown, in the order the shows ran: a heading per
// show ("t=4.000ms · show queues · line 21", preceded by the text of a
// note statement right before the show, when there is one), then one table per host for netstat, ss and
// sockets, the windows and demux tables, and for queues one small table
// per direction of each connection (queue, bytes, the write ranges).
// Views without a table (ladder, time, "demux HOST all") keep their text
// in a fenced code block.
func Markdown(prog *lang.Program, res *runtime.Result) string {
	var b strings.Builder
	notes := showNotes(prog, res.Shows)
	for i := range res.Shows {
		if i > 0 {
			b.WriteString("\n")
		}
		writeShowMarkdown(&b, progLang(prog), &res.Shows[i], notes[i])
	}
	if res.ShowsOmitted > 0 {
		b.WriteString("\n" + msg.MdOmitted.In(progLang(prog), res.ShowsOmitted, len(res.Shows)) + "\n")
	}
	return b.String()
}

func writeShowMarkdown(b *strings.Builder, l msg.Lang, r *runtime.ShowRecord, note string) {
	b.WriteString("### ")
	if note != "" {
		b.WriteString(mdInline(note) + " · ")
	}
	b.WriteString("t=" + r.At.String() + " · show " + r.View)
	if r.Line > 0 {
		b.WriteString(msg.MdLine.In(l, r.Line))
	}
	b.WriteString("\n\n")
	switch {
	case r.View == "queues":
		if len(r.Conns) == 0 {
			b.WriteString(msg.FigNoConnections.In(l) + "\n")
		}
		for ci, c := range r.Conns {
			if ci > 0 {
				b.WriteString("\n")
			}
			b.WriteString("**" + mdInline(c.Title) + "**\n")
			for _, d := range c.Dirs {
				b.WriteString("\n" + mdInline(d.Sender+" -> "+d.Receiver) + "\n\n")
				rows := [][]string{{msg.MdQueue.In(l), msg.MdBytes.In(l), msg.MdContents.In(l)}}
				rows = append(rows, []string{msg.FigSendQ.In(l, d.Sender), itoa(sum(d.SendQ)), rangeText(d.SendQ)})
				if d.InFlight > 0 {
					fl := inFlight(d)
					rows = append(rows, []string{msg.MdOfWhich.In(l), itoa(sum(fl)), rangeText(fl)})
				}
				if d.Receiver != "(gone)" {
					rows = append(rows, []string{msg.FigRecvQ.In(l, d.Receiver), itoa(sum(d.RecvQ)), rangeText(d.RecvQ)})
					rows = append(rows, []string{msg.FigDelivered.In(l, d.Receiver), itoa(sum(d.Delivered)), rangeText(d.Delivered)})
				}
				writeMarkdownTable(b, rows)
			}
		}
	case len(r.Tables) > 0:
		for ti, t := range r.Tables {
			if ti > 0 {
				b.WriteString("\n")
			}
			b.WriteString("**" + mdInline(t.Title) + "**\n\n")
			if len(t.Rows) <= 1 {
				b.WriteString(msg.None.In(l) + "\n")
				continue
			}
			writeMarkdownTable(b, t.Rows)
		}
		if r.View == "demux" {
			for _, line := range strings.Split(r.Text, "\n") {
				line = strings.TrimSpace(line)
				if isVerdict(line) {
					b.WriteString("\n" + mdInline(line) + "\n")
				}
			}
		}
	default:
		text := strings.TrimRight(r.Text, "\n")
		if text == "" {
			text = msg.MdNothing.In(l)
		}
		fence := "```"
		for strings.Contains(text, fence) {
			fence += "`"
		}
		b.WriteString(fence + "text\n" + text + "\n" + fence + "\n")
	}
}

// writeMarkdownTable writes rows (the first is the header) as a GitHub
// table; columns whose cells are all numbers are right-aligned.
func writeMarkdownTable(b *strings.Builder, rows [][]string) {
	ncol := 0
	for _, r := range rows {
		ncol = max(ncol, len(r))
	}
	right := numericColumns(rows, ncol)
	line := func(cells []string) {
		b.WriteString("|")
		for i := 0; i < ncol; i++ {
			c := ""
			if i < len(cells) {
				c = cells[i]
			}
			b.WriteString(" " + mdCell(c) + " |")
		}
		b.WriteString("\n")
	}
	line(rows[0])
	b.WriteString("|")
	for i := 0; i < ncol; i++ {
		if right[i] {
			b.WriteString("---:|")
		} else {
			b.WriteString("---|")
		}
	}
	b.WriteString("\n")
	for _, r := range rows[1:] {
		line(r)
	}
}

// numericColumns reports, per column, whether every body cell is an
// integer (and there is at least one); a wildcard "*" or "inf" may stand
// among the numbers (a port, ssthresh).
func numericColumns(rows [][]string, ncol int) []bool {
	out := make([]bool, ncol)
	for i := range out {
		seen := false
		out[i] = true
		for _, r := range rows[1:] {
			if i >= len(r) || r[i] == "" || r[i] == "*" || r[i] == "inf" {
				continue
			}
			seen = true
			if _, err := strconv.ParseInt(r[i], 10, 64); err != nil {
				out[i] = false
				break
			}
		}
		out[i] = out[i] && seen
	}
	return out
}

// mdCell escapes a table cell: pipes and line ends as well as inline
// markup.
func mdCell(s string) string {
	s = strings.NewReplacer("\n", " ", "\r", " ").Replace(s)
	return strings.ReplaceAll(mdInline(s), "|", `\|`)
}

// mdInline escapes what Markdown would take for markup: emphasis, code,
// links, HTML tags and entities. An underscore inside a word (SYN_RECV) is left as
// it is, since it cannot start emphasis there.
func mdInline(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '*', '`', '[', ']', '\\':
			b.WriteByte('\\')
		case '_':
			if i == 0 || i == len(s)-1 || !isAlnum(s[i-1]) || !isAlnum(s[i+1]) {
				b.WriteByte('\\')
			}
		case '<', '&':
			if i+1 < len(s) && (isAlnum(s[i+1]) || strings.IndexByte("/!?#", s[i+1]) >= 0) {
				b.WriteByte('\\')
			}
		}
		b.WriteByte(c)
	}
	return b.String()
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func sum(rs []runtime.ByteRange) int64 {
	var n int64
	for _, r := range rs {
		n += r.Len()
	}
	return n
}

// rangeText labels ranges as the slides do: "write 2: 1500-2999, write 3:
// 3000-7999".
func rangeText(rs []runtime.ByteRange) string {
	parts := make([]string, 0, len(rs))
	for _, r := range rs {
		parts = append(parts, rangeLabel(r))
	}
	return strings.Join(parts, ", ")
}

func rangeLabel(r runtime.ByteRange) string {
	span := itoa(r.First) + "-" + itoa(r.Last)
	if r.Write == 0 {
		return "bytes " + span
	}
	return "write " + strconv.Itoa(r.Write) + ": " + span
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
