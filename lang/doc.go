// Package lang reads .tcps scenarios.
//
// It is split the way go.starlark.net splits syntax from resolution:
//
//   - grammar.go is the grammar, as participle structs: a scenario is
//     lines; a line is a statement, a comment, a line end or a block; a
//     statement is a head and arguments (words, comma lists of words,
//     strings, words with $ substitutions) and maybe a block. It is
//     deliberately loose: the verb table decides what each verb takes.
//     lexer.go is its scanner, written by hand for its errors (unterminated
//     strings, the nesting limit, checked before participle recurses).
//     Grammar() prints the EBNF that docs/language.md shows. parse.go
//     lowers the nodes to items: blocks joined to their statements, strings
//     unquoted, lists cut into words, each with its position; words.go
//     holds the helpers for words (escapes, look-alike spaces). The grammar
//     structs never leave this package.
//   - langtest generates the large scenarios the benchmarks share.
//   - expand.go unrolls repeat blocks and substitutes $i and $(expr).
//   - check.go is strict. (It is split by what it checks, as go/types
//     splits its checker: check_hosts.go hosts and settings, check_calls.go
//     socket calls, check_net.go the network and time, check_show.go show
//     and note, check_expect.go expect; check.go the checker and what every
//     statement shares.) Driven by the verb table in verbs.go, it validates
//     every word (names, addresses, ports, sizes, durations), resolves socket
//     names, and lowers the file to a plain Program (program.go) whose
//     statements carry netip addresses, time.Durations and one Pos each.
//     loops.go keeps a repeat whose iterations lower alike (a million
//     clients, one like the next) as one Repeat, checked iteration by
//     iteration but stored once; Program.All unrolls it for every reader,
//     and Program.Stream for the runtime, without a value per statement.
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
//   - hostnames.go and addrtable.go are the checker's tables of host
//     names and addresses. A repeat's clients (C0 … C999999, 10.1.0.0 and
//     up) are neighbours in both, so both keep 16 neighbours in a block
//     (blocks.go): a million hosts take 62,500 blocks and the cache, not
//     a cache miss each.
//   - suggest.go finds "did you mean" names; over a long list (200,000
//     hosts) it looks at a bounded number of them.
//   - topics.go holds the tables of show's views and expect's properties.
//   - format.go prints the canonical form used by `tcps fmt`.
//   - docgen.go renders the verb table as docs/language.md and as `tcps help`.
//   - outline.go lists the names a scenario declares (hosts, processes,
//     threads, sockets) for editors; textmate.go makes the TextMate grammar
//     of the VS Code extension from the tables (see docs/editors.md).
package lang
