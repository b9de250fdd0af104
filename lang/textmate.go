package lang

import (
	"bytes"
	"encoding/json"
	"regexp"
	"sort"
	"strings"
)

// TextMateGrammar is the TextMate grammar of .tcps files that editors
// colour with (cmd/tcps/editor/vscode/syntaxes/tcps.tmLanguage.json, kept
// current by a test). It is made from the scanner's tokens (lexer.go) and
// from the tables: the verbs of the verb table as a statement's head, the
// lower-case words of their usage lines (as, backlog, expect, ...), the
// socket options, settings, views, properties, connection states and
// errnos, so that it cannot drift from the language.
func TextMateGrammar() []byte {
	word := `[^\s.,"#;{}]+`
	alt := func(words []string) string {
		w := append([]string(nil), words...)
		// Longest first: Oniguruma takes the first alternative that matches.
		sort.SliceStable(w, func(i, j int) bool { return len(w[i]) > len(w[j]) })
		for i := range w {
			w[i] = regexp.QuoteMeta(w[i])
		}
		return strings.Join(w, "|")
	}
	// A whole word: not inside a longer one, nor a part of HOST.x.
	whole := func(words []string) string {
		return `(?<![^\s,;{}])(?:` + alt(words) + `)(?![^\s,;#{}])`
	}
	var verbs, usage []string
	seen := map[string]bool{}
	lower := regexp.MustCompile(`[a-z]+`)
	for _, v := range Verbs {
		verbs = append(verbs, v.Name)
		for _, w := range lower.FindAllString(v.Usage, -1) {
			if !seen[w] {
				seen[w] = true
				usage = append(usage, w)
			}
		}
	}
	usage = append(usage, optionWords...)
	usage = append(usage, "ok")
	var settings, views, props []string
	for _, s := range Settings {
		settings = append(settings, s.Key)
	}
	for _, v := range Views {
		views = append(views, string(v.View))
	}
	for _, p := range Props {
		props = append(props, string(p.Prop))
	}
	type capture struct {
		Name string `json:"name"`
	}
	type pattern struct {
		Name     string             `json:"name,omitempty"`
		Comment  string             `json:"comment,omitempty"`
		Match    string             `json:"match,omitempty"`
		Begin    string             `json:"begin,omitempty"`
		End      string             `json:"end,omitempty"`
		Captures map[string]capture `json:"captures,omitempty"`
		Patterns []pattern          `json:"patterns,omitempty"`
	}
	g := struct {
		Comment   string    `json:"comment"`
		Name      string    `json:"name"`
		ScopeName string    `json:"scopeName"`
		FileTypes []string  `json:"fileTypes"`
		Patterns  []pattern `json:"patterns"`
	}{
		Comment:   "Generated from lang (TextMateGrammar) by `GOLDIE_UPDATE=1 go test ./lang`. Do not edit.",
		Name:      "tcps",
		ScopeName: "source.tcps",
		FileTypes: []string{"tcps"},
		Patterns: []pattern{
			{Name: "comment.line.number-sign.tcps", Comment: "# to the end of the line", Match: `#.*$`},
			{Name: "string.quoted.double.tcps", Comment: "a string, Go's escapes, ended on its line", Begin: `"`, End: `"|$`,
				Patterns: []pattern{{Name: "constant.character.escape.tcps", Match: `\\.`}}},
			{Comment: "a statement's head: [HOST.[SOCK.]]verb, at the start of a line or after ; { }",
				Match: `(?:^|(?<=[;{}]))\s*(?:(` + word + `)\.)?(?:(` + word + `)\.)?(` + alt(verbs) + `)(?![^\s;#{}])`,
				Captures: map[string]capture{
					"1": {"entity.name.type.host.tcps"},
					"2": {"variable.other.socket.tcps"},
					"3": {"keyword.control.verb.tcps"},
				}},
			{Name: "variable.other.substitution.tcps", Comment: "$NAME and $(EXPR) of repeat", Match: `\$(?:\([^)\s]*\)|[A-Za-z_][A-Za-z0-9_]*)`},
			{Name: "constant.language.state.tcps", Comment: "connection states", Match: whole(StateNames)},
			{Name: "constant.language.errno.tcps", Comment: "errors a call can return", Match: whole(Errnos)},
			{Name: "support.type.property-name.setting.tcps", Comment: "settings", Match: whole(settings)},
			{Name: "support.constant.view.tcps", Comment: "views of show", Match: whole(views)},
			{Name: "support.function.property.tcps", Comment: "properties of expect", Match: whole(props)},
			{Name: "keyword.other.tcps", Comment: "the words of the verbs' usage lines, and socket options", Match: whole(usage)},
			{Name: "constant.numeric.address.tcps", Comment: "IPv4 addresses and ports: 10.0.0.1:80, *:80", Match: `(?:\b\d{1,3}(?:\.\d{1,3}){3}|\*)(?::\d+)?\b|(?<=:)\d+\b`},
			{Name: "constant.numeric.tcps", Comment: "counts, sizes and durations: 1500, 8K, 64KiB, 200ms, 1.5s", Match: `(?<![\w.])\d+(?:\.\d+)?(?:[KMG]i?B?|ns|us|ms|s|m)?(?![\w.])`},
			{Name: "punctuation.section.block.tcps", Match: `[{}]`},
			{Name: "punctuation.terminator.statement.tcps", Match: `;`},
			{Name: "punctuation.separator.list.tcps", Match: `,`},
		},
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false) // keep (?<= readable
	enc.SetIndent("", "  ")
	if err := enc.Encode(g); err != nil {
		panic(err)
	}
	return b.Bytes()
}
