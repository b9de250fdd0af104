// Package msg is the message catalog of tcps: every sentence a person
// reads, in English and in Korean (the lecture's language).
//
// It is a typed table of its own, not golang.org/x/text's message/catalog.
// tcps has a fixed set of two languages chosen per run, its messages need
// no plural or gender rules (Korean has none, and the English ones are
// written to need none), and a Go variable per message lets the compiler
// find every use: a message is defined once, with both languages side by
// side on adjacent lines, as
//
//	var NoSuchSocket = def("%[1]s has no socket named %[2]s",
//		"%[1]s에는 %[2]s(이)라는 소켓이 없다")
//
// and used as NoSuchSocket.In(lang, owner, name). The catalog test
// (msg_test.go) fails when an entry lacks a language, when the two
// languages' placeholders differ (every placeholder is numbered, %[1]s,
// so a translation may reorder them), and when an entry is never used
// anywhere in the module. x/text would add a dependency, a generated
// catalog and a printer per language for no gain at this size.
//
// Documentation texts (the verb, setting, view and property tables of
// package lang) are translated by Doc, keyed by their English text: the
// tables stay plain English Go, and a test in lang fails when one of
// their texts has no Korean.
//
// The package imports nothing of tcps, so lang, runtime and cmd all use it.
package msg

import (
	"fmt"
	"strings"
)

// Lang is an output language.
type Lang uint8

// The languages.
const (
	En Lang = iota // English, the default
	Ko             // Korean, the lecture's language
)

// Langs are the names --lang and set lang accept, in Lang order.
var Langs = []string{"en", "ko"}

// ParseLang reads a language name: en or ko.
func ParseLang(s string) (Lang, bool) {
	for i, n := range Langs {
		if n == s {
			return Lang(i), true
		}
	}
	return En, false
}

// String is the language's name, as ParseLang reads it.
func (l Lang) String() string {
	if int(l) < len(Langs) {
		return Langs[l]
	}
	return "en"
}

// entry is one message in both languages.
type entry struct {
	en, ko string
}

// entries is the catalog, in definition order (files in name order).
var entries []entry

// Msg is one message of the catalog: a format with numbered placeholders.
type Msg struct{ id int }

// def adds a message to the catalog.
func def(en, ko string) Msg {
	entries = append(entries, entry{en, ko})
	return Msg{len(entries) - 1}
}

// Format is the message's format string in l.
func (m Msg) Format(l Lang) string {
	e := entries[m.id]
	if l == Ko && e.ko != "" {
		return e.ko
	}
	return e.en
}

// In formats the message in l. An argument that is a Text (a deferred
// message, an error made by Err) is rendered in l too.
func (m Msg) In(l Lang, args ...any) string {
	f := m.Format(l)
	if len(args) == 0 && !strings.Contains(f, "%") {
		return f
	}
	for i, a := range args {
		if t, ok := a.(Text); ok {
			args[i] = t.Text(l)
		}
	}
	return fmt.Sprintf(f, args...)
}

// Text is something rendered in a language when it is printed.
type Text interface {
	Text(Lang) string
}

// Text is a message without arguments as a Text: m itself, nothing to
// allocate (the checker names what it reads next on every statement, and
// renders it only in an error).
func (m Msg) Text(l Lang) string { return m.In(l) }

// Of is the message with its arguments, rendered when it is printed: an
// argument of another message, or an error (its Error is English).
func (m Msg) Of(args ...any) *Deferred {
	return &Deferred{M: m, Args: args}
}

// Err is Of as an error.
func (m Msg) Err(args ...any) error { return m.Of(args...) }

// Deferred is a message and its arguments, not yet rendered.
type Deferred struct {
	M    Msg
	Args []any
}

// Text renders d in l.
func (d *Deferred) Text(l Lang) string {
	args := append([]any(nil), d.Args...)
	return d.M.In(l, args...)
}

// Error renders d in English.
func (d *Deferred) Error() string { return d.Text(En) }

// String renders d in English.
func (d *Deferred) String() string { return d.Text(En) }

// Local renders v in l: a Text in l, an error or a Stringer as itself.
// It is how a message reaches a caller that holds an error of unknown
// kind.
func Local(l Lang, v any) string {
	switch v := v.(type) {
	case Text:
		return v.Text(l)
	case error:
		return v.Error()
	case fmt.Stringer:
		return v.String()
	case string:
		return v
	}
	return fmt.Sprint(v)
}
