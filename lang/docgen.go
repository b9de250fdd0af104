package lang

import (
	"fmt"
	"strings"
)

// HelpText is `tcps help`: every verb with its usage and summary, by
// section, then the settings.
func HelpText() string {
	var b strings.Builder
	b.WriteString("A .tcps scenario is a list of statements, one per line or separated by ;.\n")
	b.WriteString("# starts a comment. Socket calls are written HOST.verb or HOST.SOCKET.verb;\n")
	b.WriteString("a bare call is made by the host declared last. `tcps help VERB` says more.\n")
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
	return b.String()
}

// HelpVerb is `tcps help VERB`. For an unknown verb it returns a message
// with a suggestion and false.
func HelpVerb(name string) (string, bool) {
	if name == "settings" {
		var b strings.Builder
		for _, st := range Settings {
			fmt.Fprintf(&b, "%s %s (default %s)\n  %s\n", st.Key, settingValue(st), st.Default, st.Help)
		}
		return b.String(), true
	}
	v := VerbByName(name)
	if v == nil {
		msg := "no verb " + strconvQuote(name)
		if sug := suggest(name, verbNames()); sug != "" {
			msg += "; did you mean " + sug + "?"
		}
		return msg, false
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s\n\n  %s.\n", synopsis(v), "", capitalize(v.Summary))
	if v.Help != "" {
		fmt.Fprintf(&b, "  %s\n", v.Help)
	}
	fmt.Fprintf(&b, "\nExample:\n  %s\n", v.Example)
	return strings.Replace(b.String(), " \n", "\n", 1), true
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

// Reference renders docs/language.md from the verb and settings tables.
// A test fails when the file in docs/ differs.
func Reference() string {
	var b strings.Builder
	b.WriteString("<!-- Generated from lang/verbs.go and lang/settings.go by `GOLDIE_UPDATE=1 go test ./lang`. Do not edit. -->\n\n")
	b.WriteString("# The .tcps language\n\n")
	b.WriteString(referenceIntro)
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
	b.WriteString("\n## Settings\n\n| key | value | default | per host | meaning |\n|---|---|---|---|---|\n")
	for _, st := range Settings {
		per := "no"
		if st.PerHost {
			per = "yes"
		}
		fmt.Fprintf(&b, "| `%s` | %s | `%s` | %s | %s |\n", st.Key, settingValue(st), st.Default, per, st.Help)
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
`
