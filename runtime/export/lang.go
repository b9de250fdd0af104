package export

import (
	"strings"

	"github.com/tcps-dev/tcps/lang"
	"github.com/tcps-dev/tcps/lang/msg"
)

// The figures and the Markdown export are in the program's language (set
// lang, tcps --lang): their words come from the message catalog
// (lang/msg/export.go). What they read back from the run's text (the demux
// verdict, the table's result column) may be in either language.

// progLang is the language of prog's output; English without a program.
func progLang(prog *lang.Program) msg.Lang {
	if prog == nil {
		return msg.En
	}
	return prog.Lang
}

// bytesWord is "1 byte", "1500 bytes" in l.
func bytesWord(l msg.Lang, n int64) string {
	if n == 1 {
		return msg.ByteOne.In(l)
	}
	return msg.BytesMany.In(l, n)
}

// isWord reports whether s is the word m in any language: a cell of a
// table the run made.
func isWord(s string, m msg.Msg) bool {
	return s == m.In(msg.En) || s == m.In(msg.Ko)
}

// isVerdict reports whether a line of a demux explanation is its verdict
// (the winner, or no structure matches), in any language.
func isVerdict(line string) bool {
	for _, l := range []msg.Lang{msg.En, msg.Ko} {
		winner, _, _ := strings.Cut(msg.DemuxWinner.Format(l), "%")
		if strings.HasPrefix(line, winner) || strings.HasPrefix(line, msg.DemuxNoMatch.In(l)) {
			return true
		}
	}
	return false
}

// isWideRune reports whether r takes a full em (two terminal columns):
// Hangul, CJK ideographs and kana, full-width forms.
func isWideRune(r rune) bool {
	return r >= 0x1100 && (r <= 0x115F || r >= 0x2E80 && r <= 0xA4CF || r >= 0xAC00 && r <= 0xD7A3 ||
		r >= 0xF900 && r <= 0xFAFF || r >= 0xFE30 && r <= 0xFE4F || r >= 0xFF00 && r <= 0xFF60 || r >= 0xFFE0 && r <= 0xFFE6)
}
