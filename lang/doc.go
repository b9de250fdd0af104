// Package lang reads .tcps scenarios.
//
// It is split the way go.starlark.net splits syntax from resolution:
//
//   - lexer.go and grammar.go hold the participle grammar. It is
//     deliberately loose: a file is a sequence of runs of lines (statements
//     and comments) and { blocks }, and a run is one token, because
//     participle's cost is per node. words.go cuts a statement into words,
//     comma lists and strings with their positions. For the checker, a
//     top-level run of lines keeps the scanner's pieces, and the expander
//     cuts each statement when it reaches it, so a large file's words are
//     never all held at once. The grammar structs never leave this package.
//   - langtest generates the large scenarios the benchmarks share.
//   - expand.go unrolls repeat blocks and substitutes $i and $(expr).
//   - check.go is strict. Driven by the verb table in verbs.go, it validates
//     every word (names, addresses, ports, sizes, durations), resolves socket
//     names, and lowers the file to a plain Program (program.go) whose
//     statements carry netip addresses, time.Durations and one Pos each.
//   - errors.go collects every problem in the file as an ErrorList, sorted by
//     position and printed as file:line:col: message, the source line and a
//     caret. Errors never cascade: as Go's compiler does, a check stops at
//     the error after MaxErrors (10) and ends the list with a plain
//     "file:line:col: too many errors" at the position of the last error
//     kept (no source line is echoed for it). A limit error (hosts,
//     statements, iterations, nesting, bytes; see Limits) ends the check
//     at once, after the errors found before it. A message that lists
//     candidates (ambiguous sockets, settings, views, properties) names
//     the first five and counts the rest.
//   - suggest.go finds "did you mean" names; over a long list (200,000
//     hosts) it looks at a bounded number of them.
//   - topics.go holds the tables of show's views and expect's properties.
//   - format.go prints the canonical form used by `tcps fmt`.
//   - docgen.go renders the verb table as docs/language.md and as `tcps help`.
package lang
