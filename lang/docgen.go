package lang

import (
	"fmt"
	"strconv"
	"strings"
)

// HelpText is `tcps help`: every verb with its usage and summary, by
// section, then the settings.
func HelpText() string {
	var b strings.Builder
	b.WriteString("A .tcps scenario is a list of statements, one per line or separated by ;.\n")
	b.WriteString("# starts a comment. Socket calls are written HOST.verb or HOST.SOCKET.verb;\n")
	b.WriteString("a bare call is made by the host declared last. `tcps help NAME` says more about a\n")
	b.WriteString("verb, setting, view or property; `tcps help states` and `tcps help errors` list those.\n")
	for _, sec := range Sections {
		fmt.Fprintf(&b, "\n%s:\n", sec)
		for _, v := range Verbs {
			if v.Section != sec {
				continue
			}
			fmt.Fprintf(&b, "  %-9s %s\n", v.Name, v.Summary)
		}
	}
	b.WriteString("\nSettings (set KEY VALUE, HOST.set KEY VALUE, or host ... KEY VALUE):\n")
	for _, st := range Settings {
		fmt.Fprintf(&b, "  %-9s %s (default %s)\n", st.Key, firstSentence(st.Help), st.Default)
	}
	b.WriteString("\nViews (show VIEW):\n")
	for _, v := range Views {
		fmt.Fprintf(&b, "  %-9s %s\n", v.View, firstSentence(v.Help))
	}
	b.WriteString("\nProperties (expect TARGET PROPERTY VALUE):\n")
	for _, p := range Props {
		fmt.Fprintf(&b, "  %-9s %s\n", p.Prop, firstSentence(p.Help))
	}
	return b.String()
}

// HelpVerb is `tcps help NAME`. NAME is a verb, a setting (sndbuf), a
// view of show (queues), a property of expect (recvq), or one of the lists
// settings, views, properties, states and errors; a name that is more than
// one of these (sockets) gets each. For an unknown name it returns a
// message with a suggestion among every topic, and false.
func HelpVerb(name string) (string, bool) {
	var parts []string
	switch name {
	case "settings":
		var b strings.Builder
		for _, st := range Settings {
			fmt.Fprintf(&b, "%s %s (default %s)\n  %s\n", st.Key, settingValue(st), st.Default, st.Help)
		}
		return b.String(), true
	case "views":
		var b strings.Builder
		for _, v := range Views {
			fmt.Fprintf(&b, "%s\n  %s\n", viewSynopsis(v), v.Help)
		}
		return b.String(), true
	case "properties":
		var b strings.Builder
		for _, p := range Props {
			fmt.Fprintf(&b, "%s\n  %s\n", propSynopsis(p), p.Help)
		}
		return b.String(), true
	case "states":
		return "Connection states, as netstat prints them: " + strings.Join(StateNames, ", ") + ".\n" +
			"expect also takes ss's spellings (ESTAB, SYN-RECV, FIN-WAIT-1, UNCONN) and RFC 9293's\n" +
			"(SYN-RECEIVED, FIN-WAIT-1, CLOSED), in any case.\n", true
	case "errors":
		return "Errors a call can return (expect ERRNO): " + strings.Join(Errnos, ", ") + ".\n", true
	}
	if v := VerbByName(name); v != nil {
		var b strings.Builder
		fmt.Fprintf(&b, "%s\n\n  %s.\n", synopsis(v), capitalize(v.Summary))
		if v.Help != "" {
			fmt.Fprintf(&b, "  %s\n", v.Help)
		}
		fmt.Fprintf(&b, "\nExample:\n  %s\n", v.Example)
		parts = append(parts, b.String())
	}
	if st := settingByKey(name); st != nil {
		parts = append(parts, fmt.Sprintf("%s %s (a setting)\n\n  %s\n  %s\n\nExample:\n  set %s %s\n",
			st.Key, settingValue(*st), st.Help, settingFacts(*st), st.Key, st.Default))
	}
	for _, v := range Views {
		if string(v.View) == name {
			parts = append(parts, fmt.Sprintf("%s (a view of show)\n\n  %s\n\nExample:\n  %s\n", viewSynopsis(v), v.Help, v.Example))
		}
	}
	for _, p := range Props {
		if string(p.Prop) == name {
			parts = append(parts, fmt.Sprintf("%s (a property of expect)\n\n  %s\n\nExample:\n  %s\n", propSynopsis(p), p.Help, p.Example))
		}
	}
	if len(parts) > 0 {
		return strings.Join(parts, "\n"), true
	}
	msg := "no verb, setting, view or property " + strconvQuote(name)
	if sug := suggest(name, helpTopics()); sug != "" {
		msg += "; did you mean " + sug + "?"
	} else {
		msg += " (tcps help lists the verbs and settings; tcps help views, properties, states and errors list those)"
	}
	return msg, false
}

// helpTopics is every name tcps help answers for.
func helpTopics() []string {
	out := append(verbNames(), "settings", "views", "properties", "states", "errors")
	for _, st := range Settings {
		out = append(out, st.Key)
	}
	out = append(out, viewNames...)
	for _, p := range Props {
		out = append(out, string(p.Prop))
	}
	return out
}

// settingRange is what values a setting takes: "1-65495 bytes",
// "one of linux, rfc", "at least 1us", or "" for any duration.
func settingRange(st Setting) string {
	r := ""
	switch {
	case st.Kind == WordSetting:
		return "one of " + strings.Join(st.Words, ", ")
	case st.Max > 0:
		r = strconv.FormatInt(st.Min, 10) + "-" + strconv.FormatInt(st.Max, 10)
	case st.Kind == SizeSetting || st.Kind == CountSetting:
		r = "at least " + strconv.FormatInt(st.Min, 10)
	case st.Key == "delay":
		return "at least 1us"
	default:
		return "any"
	}
	if st.Kind == SizeSetting {
		r += " bytes"
	}
	return r
}

// settingFacts is a setting's default, range and scope, as a sentence.
func settingFacts(st Setting) string {
	facts := "Default " + st.Default
	switch r := settingRange(st); {
	case strings.HasPrefix(r, "one of"), strings.HasPrefix(r, "at least"):
		facts += "; " + r
	case r != "any":
		facts += "; range " + r
	}
	if st.PerHost {
		return facts + ". Set for every host with set " + st.Key + " VALUE, or per host with HOST.set " + st.Key +
			" VALUE or host ... " + st.Key + " VALUE."
	}
	return facts + ". Set for every host at once: set " + st.Key + " VALUE (not per host)."
}

// cell escapes the | of a markdown table cell.
func cell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }

func viewSynopsis(v ViewDoc) string {
	return strings.TrimSpace("show " + string(v.View) + " " + v.Target)
}

func propSynopsis(p PropDoc) string {
	s := "expect "
	switch p.Of {
	case "socket":
		s += "HOST.SOCK "
	case "host":
		s += "HOST "
	}
	return strings.TrimSpace(s + string(p.Prop) + " " + p.Value)
}

func synopsis(v *Verb) string {
	head := v.Name
	switch v.Target {
	case HostTarget:
		head = "[HOST.]" + v.Name
	case SocketTarget:
		head = "[HOST.[SOCKET.]]" + v.Name
	}
	if v.Usage == "" {
		return head
	}
	return head + " " + v.Usage
}

func settingValue(st Setting) string {
	switch st.Kind {
	case SizeSetting:
		return "SIZE"
	case CountSetting:
		return "N"
	case DurationSetting:
		return "DURATION"
	}
	return strings.Join(st.Words, "|")
}

func firstSentence(s string) string {
	if i := strings.Index(s, ". "); i >= 0 {
		return s[:i+1]
	}
	return s
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// Reference renders docs/language.md from the verb, settings, view and
// property tables.
// A test fails when the file in docs/ differs.
func Reference() string {
	var b strings.Builder
	b.WriteString("<!-- Generated from lang/verbs.go, lang/settings.go and lang/topics.go by `GOLDIE_UPDATE=1 go test ./lang`. Do not edit. -->\n\n")
	b.WriteString("# The .tcps language\n\n")
	b.WriteString(intro())
	b.WriteString(grammarSection())
	for _, sec := range Sections {
		fmt.Fprintf(&b, "\n## %s\n", sec)
		for _, v := range Verbs {
			if v.Section != sec {
				continue
			}
			fmt.Fprintf(&b, "\n### %s\n\n```\n%s\n```\n\n%s.", v.Name, synopsis(v), capitalize(v.Summary))
			if v.Help != "" {
				b.WriteString(" " + v.Help)
			}
			fmt.Fprintf(&b, "\n\nExample: `%s`\n", v.Example)
		}
	}
	b.WriteString("\n## Settings\n\n| key | value | default | range | per host | meaning |\n|---|---|---|---|---|---|\n")
	for _, st := range Settings {
		per := "no"
		if st.PerHost {
			per = "yes"
		}
		fmt.Fprintf(&b, "| `%s` | %s | `%s` | %s | %s | %s |\n", st.Key, cell(settingValue(st)), st.Default, settingRange(st), per, st.Help)
	}
	b.WriteString("\n## Views of show\n\n| view | usage | what it prints |\n|---|---|---|\n")
	for _, v := range Views {
		fmt.Fprintf(&b, "| `%s` | `%s` | %s |\n", v.View, cell(viewSynopsis(v)), v.Help)
	}
	b.WriteString("\n## Properties of expect\n\n| property | usage | meaning |\n|---|---|---|\n")
	for _, p := range Props {
		fmt.Fprintf(&b, "| `%s` | `%s` | %s |\n", p.Prop, propSynopsis(p), p.Help)
	}
	b.WriteString("\n## Errors a call can return\n\n")
	for _, e := range Errnos {
		b.WriteString("`" + e + "` ")
	}
	b.WriteString("\n\n## Connection states\n\nAs netstat prints them (expect also accepts the RFC 9293 and ss spellings): ")
	for i, s := range StateNames {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("`" + s + "`")
	}
	b.WriteString(".\n")
	return b.String()
}

const referenceIntro = `A scenario is a list of statements, one per line or separated by ` + "`;`" + `.
` + "`#`" + ` starts a comment that runs to the end of the line. A statement is words separated by blanks;
a list is words joined by commas (` + "`10.1.2.3,192.168.3.2`" + `); a string is in double quotes with Go's
escapes (` + "`\\\"`, `\\n`" + `). A ` + "`{ }`" + ` block belongs to the statement before it (only repeat takes one).

**Words.** Sizes are bytes: ` + "`1500`, `8K` (8192), `64KiB`, `1MiB`, `2GB`" + ` (K, M, G are 1024-based;
KB, MB, GB are 1000-based). Durations: ` + "`200ms`, `2s`, `1.5s`, `500us`, `1m`" + `. Addresses are IPv4:
` + "`10.1.2.3:99`" + `; ` + "`*:99`" + ` or a bare ` + "`99`" + ` is the wildcard address; ` + "`B:99`" + ` means host B's first address.

**Hosts and sockets.** Socket calls are made by a host's thread: ` + "`A.write 1500`" + `. A call written
without a host (` + "`listen *:99`" + `) is made by the host declared last. A socket is named with
` + "`as NAME`" + ` when a call creates it and used as ` + "`A.NAME.write 1500`" + `; the name may be left out when
exactly one socket of the host fits the call (a connected one for write and read, a listener for
accept); when several fit, the checker lists them. When a host needs a connected socket and has
only one listener, the call first accepts implicitly (the trace says so): the design card's
` + "`listen *:99; A.write 1500`" + ` runs. ` + "`A.2`" + ` names socket structure 2 of host A, numbered per host in
creation order as the book's figures do; structures derived from a listener get numbers too.

**Threads and time.** Each host runs its calls in order on one thread, as its program would. A
call that blocks holds that host's thread and the host's later calls queue behind it; ` + "`thread NAME of A`" + `
gives A's program another thread, with its own queue of calls and A's sockets (` + "`NAME.s.read 10`" + `). The script
itself never waits, so the hosts' programs run concurrently. Statements take no virtual time and
see the model after everything due at the current instant; ` + "`wait`" + ` advances virtual time and
` + "`settle`" + ` runs until nothing more can happen. At the end the model settles; a call still blocked
then is a deadlock, reported with what each call waits for (exit 1), unless ` + "`expect deadlock`" + `
or ` + "`expect HOST blocked`" + ` accepted it.

**Repetition.** ` + "`repeat N as i { ... }`" + ` unrolls its block N times with i = 0..N-1; ` + "`$i`" + ` and
` + "`$(i*2+1)`" + ` (+ - * / % and parentheses) may appear inside any word: names, addresses, ports, sizes.
Arithmetic is on 64-bit integers; a result out of their range is an error, never a wrapped value.

**Names and text.** A name (host, process, thread, socket, repeat variable) is letters of any
script, digits and ` + "`_`" + `, starting with a letter or ` + "`_`" + `, at most NAMELEN characters: ` + "`host 서버 ip 10.0.0.1`" + `.
A file is UTF-8 (a leading byte order mark is skipped); a NUL byte, a byte that is not UTF-8, or a
Unicode space or full-width punctuation outside a string (the full-width space or colon of a Korean
input method, a no-break space) is an error at its line and column that names the character.

**Errors and limits.** ` + "`tcps check`" + ` reports every error, sorted, up to MAXERRORS; then it stops with
` + "`too many errors`" + `. A scenario may unroll to at most MAXSTMTS statements and MAXBYTES of statement
text, declare at most MAXHOSTS hosts, processes and threads, and nest blocks MAXDEPTH deep; a file may hold MAXTOKENS words, strings and symbols as written; reaching a
limit ends the check with an error at the statement that reached it.
`

// intro is referenceIntro with the limits filled in from the code.
func intro() string {
	l := DefaultLimits
	return strings.NewReplacer("MAXERRORS", itoa(MaxErrors), "MAXSTMTS", commas(l.MaxStmts), "MAXBYTES", fmtBytes(l.MaxBytes),
		"MAXHOSTS", commas(l.MaxHosts), "MAXDEPTH", itoa(l.MaxDepth), "MAXTOKENS", commas(l.MaxTokens), "NAMELEN", itoa(MaxNameLen)).Replace(referenceIntro)
}

// grammarSection is the EBNF of lang/grammar.go and the scanner's tokens.
func grammarSection() string {
	return "\n## Grammar\n\nThe grammar as participle prints it from lang/grammar.go. It is loose on purpose: what each\n" +
		"verb takes is the verb table's business (below), and the checker explains a wrong word. The tokens in\n" +
		"`<angle brackets>` are the scanner's (lang/lexer.go):\n\n```ebnf\n" + Grammar() + "\n```\n\n" +
		"| token | what it is |\n|---|---|\n" +
		"| `<word>` | a run of characters other than blanks and `,` `\"` `#` `;` `{` `}` and line ends |\n" +
		"| `<endpoint>` | a word that holds a `:`: `10.0.0.1:80`, `B:99`, `*:80` |\n" +
		"| `<subst>` | a word that holds a `$` substitution: `$i`, `$(2*i+1)` (see repeat) |\n" +
		"| `<string>` | a `\"quoted string\"` with Go's escapes, ended on its line |\n" +
		"| `<comma>` | `,` |\n" +
		"| `<comment>` | `#` to the end of the line |\n" +
		"| `<eol>` | a line end or `;` |\n\n" +
		"Blanks (space, tab, CR) separate tokens. A statement's first argument is its head: a verb, or\n" +
		"`HOST.verb`, or `HOST.SOCK.verb`.\n"
}

// commas writes n with thousands separators: 2,000,000.
func commas(n int) string {
	s := itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
