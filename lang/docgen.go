package lang

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/tcps-dev/tcps/lang/msg"
)

// HelpText is `tcps help`: every verb with its usage and summary, by
// section, then the settings.
func HelpText() string { return HelpTextIn(msg.En) }

// HelpTextIn is HelpText in language l.
func HelpTextIn(l msg.Lang) string {
	var b strings.Builder
	b.WriteString(msg.HelpIntro.In(l))
	for _, sec := range Sections {
		fmt.Fprintf(&b, "\n%s:\n", msg.Doc(l, sec))
		for _, v := range Verbs {
			if v.Section != sec {
				continue
			}
			fmt.Fprintf(&b, "  %-9s %s\n", v.Name, msg.Doc(l, v.Summary))
		}
	}
	b.WriteString("\n" + msg.HelpSettings.In(l) + "\n")
	for _, st := range Settings {
		fmt.Fprintf(&b, "  %-9s %s\n", st.Key, msg.HelpDefault.In(l, firstSentence(msg.Doc(l, st.Help)), st.Default))
	}
	b.WriteString("\n" + msg.HelpViews.In(l) + "\n")
	for _, v := range Views {
		fmt.Fprintf(&b, "  %-9s %s\n", v.View, firstSentence(msg.Doc(l, v.Help)))
	}
	b.WriteString("\n" + msg.HelpProps.In(l) + "\n")
	for _, p := range Props {
		fmt.Fprintf(&b, "  %-9s %s\n", p.Prop, firstSentence(msg.Doc(l, p.Help)))
	}
	return b.String()
}

// HelpVerb is `tcps help NAME`. NAME is a verb, a setting (sndbuf), a
// view of show (queues), a property of expect (recvq), or one of the lists
// settings, views, properties, states and errors; a name that is more than
// one of these (sockets) gets each. For an unknown name it returns a
// message with a suggestion among every topic, and false.
func HelpVerb(name string) (string, bool) { return HelpVerbIn(msg.En, name) }

// HelpVerbIn is HelpVerb in language l.
func HelpVerbIn(l msg.Lang, name string) (string, bool) {
	var parts []string
	switch name {
	case "settings":
		var b strings.Builder
		for _, st := range Settings {
			fmt.Fprintf(&b, "%s\n  %s\n", msg.HelpDefault.In(l, st.Key+" "+settingValue(st), st.Default), msg.Doc(l, st.Help))
		}
		return b.String(), true
	case "views":
		var b strings.Builder
		for _, v := range Views {
			fmt.Fprintf(&b, "%s\n  %s\n", viewSynopsis(v), msg.Doc(l, v.Help))
		}
		return b.String(), true
	case "properties":
		var b strings.Builder
		for _, p := range Props {
			fmt.Fprintf(&b, "%s\n  %s\n", propSynopsis(p), msg.Doc(l, p.Help))
		}
		return b.String(), true
	case "states":
		return msg.HelpStates.In(l, strings.Join(StateNames, ", ")), true
	case "errors":
		return msg.HelpErrors.In(l, strings.Join(Errnos, ", ")), true
	}
	if v := VerbByName(name); v != nil {
		var b strings.Builder
		fmt.Fprintf(&b, "%s\n\n  %s.\n", synopsis(v), capitalize(msg.Doc(l, v.Summary)))
		if v.Help != "" {
			fmt.Fprintf(&b, "  %s\n", msg.Doc(l, v.Help))
		}
		fmt.Fprintf(&b, "\n%s\n  %s\n", msg.HelpExample.In(l), v.Example)
		parts = append(parts, b.String())
	}
	if st := settingByKey(name); st != nil {
		parts = append(parts, fmt.Sprintf("%s\n\n  %s\n  %s\n\n%s\n  set %s %s\n",
			msg.HelpASetting.In(l, st.Key, settingValue(*st)), msg.Doc(l, st.Help), settingFacts(l, *st), msg.HelpExample.In(l), st.Key, st.Default))
	}
	for _, v := range Views {
		if string(v.View) == name {
			parts = append(parts, fmt.Sprintf("%s\n\n  %s\n\n%s\n  %s\n", msg.HelpAView.In(l, viewSynopsis(v)), msg.Doc(l, v.Help), msg.HelpExample.In(l), v.Example))
		}
	}
	for _, p := range Props {
		if string(p.Prop) == name {
			parts = append(parts, fmt.Sprintf("%s\n\n  %s\n\n%s\n  %s\n", msg.HelpAProp.In(l, propSynopsis(p)), msg.Doc(l, p.Help), msg.HelpExample.In(l), p.Example))
		}
	}
	if len(parts) > 0 {
		return strings.Join(parts, "\n"), true
	}
	text := msg.HelpNoTopic.In(l, strconvQuote(name))
	if sug := suggest(name, helpTopics()); sug != "" {
		text += msg.DidYouMean.In(l, sug)
	} else {
		text += msg.HelpTopicsHint.In(l)
	}
	return text, false
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
func settingRange(l msg.Lang, st Setting) string {
	r, _ := settingRangeKind(l, st)
	return r
}

// settingRangeKind is settingRange and which kind of range it is: "list"
// (one of, at least), "range" or "any".
func settingRangeKind(l msg.Lang, st Setting) (string, string) {
	r := ""
	switch {
	case st.Kind == WordSetting:
		return msg.RangeOneOf.In(l, strings.Join(st.Words, ", ")), "list"
	case st.Max > 0:
		r = strconv.FormatInt(st.Min, 10) + "-" + strconv.FormatInt(st.Max, 10)
	case st.Kind == SizeSetting || st.Kind == CountSetting:
		r = msg.RangeAtLeast.In(l, strconv.FormatInt(st.Min, 10))
		if st.Kind == SizeSetting {
			r = msg.RangeAtLeast.In(l, msg.RangeBytes.In(l, strconv.FormatInt(st.Min, 10)))
		}
		return r, "list"
	case st.Key == "delay":
		return msg.RangeAtLeast.In(l, "1us"), "list"
	default:
		return msg.RangeAny.In(l), "any"
	}
	if st.Kind == SizeSetting {
		r = msg.RangeBytes.In(l, r)
	}
	return r, "range"
}

// settingFacts is a setting's default, range and scope, as a sentence.
func settingFacts(l msg.Lang, st Setting) string {
	facts := msg.FactsDefault.In(l, st.Default)
	switch r, kind := settingRangeKind(l, st); kind {
	case "list":
		facts += "; " + r
	case "range":
		facts += msg.FactsRange.In(l, r)
	}
	if st.PerHost {
		return msg.FactsPerHost.In(l, facts, st.Key)
	}
	return msg.FactsGlobal.In(l, facts, st.Key)
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

// capitalize upper-cases the first letter of s (a Korean summary has
// none, and its first character is more than one byte).
func capitalize(s string) string {
	if s == "" || s[0] >= utf8.RuneSelf {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// Reference renders docs/language.md from the verb, settings, view and
// property tables.
// A test fails when the file in docs/ differs.
func Reference() string { return ReferenceIn(msg.En) }

// ReferenceIn is the language reference in l: docs/language.md in
// English, docs/ko/language.md in Korean, from the same tables.
func ReferenceIn(l msg.Lang) string {
	var b strings.Builder
	b.WriteString(msg.RefGenerated.In(l) + "\n\n")
	b.WriteString(msg.RefTitle.In(l) + "\n\n")
	b.WriteString(intro(l))
	b.WriteString(grammarSection(l))
	for _, sec := range Sections {
		fmt.Fprintf(&b, "\n## %s\n", msg.Doc(l, sec))
		for _, v := range Verbs {
			if v.Section != sec {
				continue
			}
			fmt.Fprintf(&b, "\n### %s\n\n```\n%s\n```\n\n%s.", v.Name, synopsis(v), capitalize(msg.Doc(l, v.Summary)))
			if v.Help != "" {
				b.WriteString(" " + msg.Doc(l, v.Help))
			}
			fmt.Fprintf(&b, "\n\n%s\n", msg.RefExample.In(l, v.Example))
		}
	}
	fmt.Fprintf(&b, "\n%s\n\n%s\n|---|---|---|---|---|---|\n", msg.RefSettings.In(l), msg.RefSettingsHead.In(l))
	for _, st := range Settings {
		per := msg.RefNo.In(l)
		if st.PerHost {
			per = msg.RefYes.In(l)
		}
		fmt.Fprintf(&b, "| `%s` | %s | `%s` | %s | %s | %s |\n", st.Key, cell(settingValue(st)), st.Default, settingRange(l, st), per, msg.Doc(l, st.Help))
	}
	fmt.Fprintf(&b, "\n%s\n\n%s\n|---|---|---|\n", msg.RefViews.In(l), msg.RefViewsHead.In(l))
	for _, v := range Views {
		fmt.Fprintf(&b, "| `%s` | `%s` | %s |\n", v.View, cell(viewSynopsis(v)), msg.Doc(l, v.Help))
	}
	fmt.Fprintf(&b, "\n%s\n\n%s\n|---|---|---|\n", msg.RefProps.In(l), msg.RefPropsHead.In(l))
	for _, p := range Props {
		fmt.Fprintf(&b, "| `%s` | `%s` | %s |\n", p.Prop, propSynopsis(p), msg.Doc(l, p.Help))
	}
	b.WriteString("\n" + msg.RefErrnos.In(l) + "\n\n")
	for _, e := range Errnos {
		b.WriteString("`" + e + "` ")
	}
	b.WriteString("\n\n" + msg.RefStates.In(l))
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
func intro(lang msg.Lang) string {
	l := DefaultLimits
	return strings.NewReplacer("MAXERRORS", itoa(MaxErrors), "MAXSTMTS", commas(l.MaxStmts), "MAXBYTES", fmtBytes(l.MaxBytes),
		"MAXHOSTS", commas(l.MaxHosts), "MAXDEPTH", itoa(l.MaxDepth), "MAXTOKENS", commas(l.MaxTokens), "NAMELEN", itoa(MaxNameLen)).Replace(msg.Doc(lang, referenceIntro))
}

// grammarSection is the EBNF of lang/grammar.go and the scanner's tokens.
func grammarSection(l msg.Lang) string {
	return "\n" + msg.RefGrammarHead.In(l) + "\n\n```ebnf\n" + Grammar() + "\n```\n\n" +
		msg.RefTokensHead.In(l) + "\n|---|---|\n" +
		"| `<word>` | " + msg.RefTokWord.In(l) + " |\n" +
		"| `<endpoint>` | " + msg.RefTokEndpoint.In(l) + " |\n" +
		"| `<subst>` | " + msg.RefTokSubst.In(l) + " |\n" +
		"| `<string>` | " + msg.RefTokString.In(l) + " |\n" +
		"| `<comma>` | `,` |\n" +
		"| `<comment>` | " + msg.RefTokComment.In(l) + " |\n" +
		"| `<eol>` | " + msg.RefTokEOL.In(l) + " |\n\n" +
		msg.RefGrammarTail.In(l) + "\n"
}

// commas writes n with thousands separators: 2,000,000.
func commas(n int) string {
	s := itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
