package main

// `tcps lsp`: a Language Server over stdin and stdout, for VS Code
// (cmd/tcps/editor/vscode), Neovim and Helix (docs/editors.md). It keeps
// the open documents' text, checks a document on every change and
// publishes the checker's errors as diagnostics, and answers hover (the
// help of `tcps help NAME`), completion (verbs, hosts, sockets, settings,
// views, properties, states, errnos), go to declaration of a host or
// socket, formatting (tcps fmt) and document symbols (hosts and their
// sockets). The transport is in lsp_rpc.go.

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/tcps-dev/tcps/lang"
	"github.com/tcps-dev/tcps/lang/msg"
)

type lspCmd struct{}

func (c *lspCmd) run(e *env) int {
	if err := serveLSP(os.Stdin, e.stdout); err != nil {
		fmt.Fprintln(e.stderr, "tcps lsp:", err)
		return exitInput
	}
	return exitOK
}

// lspServer is the state of one session.
type lspServer struct {
	conn     *rpcConn
	docs     map[string]*lspDoc // open documents by URI
	shutdown bool               // shutdown was asked: exit ends with 0
}

// lspDoc is an open document.
type lspDoc struct {
	uri, name string
	version   int
	text      string
	lines     []string // text cut at line ends (without them)
}

func (d *lspDoc) set(text string) {
	d.text = text
	d.lines = strings.Split(text, "\n")
}

// serveLSP answers the messages on in until exit or the end of in.
func serveLSP(in io.Reader, out io.Writer) error {
	s := &lspServer{conn: newRPCConn(in, out), docs: map[string]*lspDoc{}}
	for {
		body, err := s.conn.read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		var m rpcMessage
		if err := json.Unmarshal(body, &m); err != nil {
			s.conn.write(&rpcFailure{JSONRPC: "2.0", ID: json.RawMessage("null"), Error: &rpcError{codeParseError, err.Error()}})
			continue
		}
		if m.Method == "" {
			continue // a response to a request of ours: we make none
		}
		if m.Method == "exit" {
			if !s.shutdown {
				return errors.New("exit before shutdown")
			}
			return nil
		}
		result, rerr := s.handle(m.Method, m.Params)
		if m.ID == nil {
			continue // a notification
		}
		if rerr != nil {
			err = s.conn.write(&rpcFailure{JSONRPC: "2.0", ID: m.ID, Error: rerr})
		} else {
			err = s.conn.write(&rpcResult{JSONRPC: "2.0", ID: m.ID, Result: result})
		}
		if err != nil {
			return err
		}
	}
}

// LSP's structures, as far as the server uses them.
type (
	lspPosition struct {
		Line      int `json:"line"`
		Character int `json:"character"` // in UTF-16 code units
	}
	lspRange struct {
		Start lspPosition `json:"start"`
		End   lspPosition `json:"end"`
	}
	lspLocation struct {
		URI   string   `json:"uri"`
		Range lspRange `json:"range"`
	}
	lspDocID struct {
		URI     string `json:"uri"`
		Version int    `json:"version,omitempty"`
		Text    string `json:"text,omitempty"`
	}
	lspPositionParams struct {
		TextDocument lspDocID    `json:"textDocument"`
		Position     lspPosition `json:"position"`
	}
	lspChange struct {
		Range *lspRange `json:"range,omitempty"`
		Text  string    `json:"text"`
	}
	lspDiagnostic struct {
		Range    lspRange `json:"range"`
		Severity int      `json:"severity"`
		Source   string   `json:"source"`
		Message  string   `json:"message"`
	}
	lspMarkup struct {
		Kind  string `json:"kind"`
		Value string `json:"value"`
	}
	lspHover struct {
		Contents lspMarkup `json:"contents"`
		Range    lspRange  `json:"range"`
	}
	lspCompletion struct {
		Label         string     `json:"label"`
		Kind          int        `json:"kind"`
		Detail        string     `json:"detail,omitempty"`
		Documentation *lspMarkup `json:"documentation,omitempty"`
	}
	lspTextEdit struct {
		Range   lspRange `json:"range"`
		NewText string   `json:"newText"`
	}
	lspSymbol struct {
		Name           string      `json:"name"`
		Detail         string      `json:"detail,omitempty"`
		Kind           int         `json:"kind"`
		Range          lspRange    `json:"range"`
		SelectionRange lspRange    `json:"selectionRange"`
		Children       []lspSymbol `json:"children,omitempty"`
	}
)

// LSP's enumerations used here.
const (
	severityError = 1

	completionFunction   = 3
	completionField      = 5
	completionVariable   = 6
	completionClass      = 7
	completionProperty   = 10
	completionValue      = 12
	completionKeyword    = 14
	completionEnumMember = 20
	completionConstant   = 21

	symbolClass    = 5
	symbolFunction = 12
	symbolVariable = 13

	syncFull = 1
)

// handle answers one request or notification.
func (s *lspServer) handle(method string, params json.RawMessage) (any, *rpcError) {
	switch method {
	case "initialize":
		return map[string]any{
			"capabilities": map[string]any{
				"textDocumentSync":           map[string]any{"openClose": true, "change": syncFull},
				"hoverProvider":              true,
				"completionProvider":         map[string]any{"triggerCharacters": []string{"."}},
				"definitionProvider":         true,
				"declarationProvider":        true,
				"documentFormattingProvider": true,
				"documentSymbolProvider":     true,
			},
			"serverInfo": map[string]any{"name": "tcps", "version": versionString(readBuildInfo())},
		}, nil
	case "initialized", "$/cancelRequest", "$/setTrace", "workspace/didChangeConfiguration":
		return nil, nil
	case "shutdown":
		s.shutdown = true
		return nil, nil
	case "textDocument/didOpen":
		var p struct {
			TextDocument lspDocID `json:"textDocument"`
		}
		if err := json.Unmarshal(params, &p); err != nil {
			return nil, invalidParams(err)
		}
		d := &lspDoc{uri: p.TextDocument.URI, name: uriName(p.TextDocument.URI), version: p.TextDocument.Version}
		d.set(p.TextDocument.Text)
		s.docs[d.uri] = d
		return nil, s.publish(d)
	case "textDocument/didChange":
		var p struct {
			TextDocument   lspDocID    `json:"textDocument"`
			ContentChanges []lspChange `json:"contentChanges"`
		}
		if err := json.Unmarshal(params, &p); err != nil {
			return nil, invalidParams(err)
		}
		d := s.docs[p.TextDocument.URI]
		if d == nil {
			return nil, nil
		}
		for _, ch := range p.ContentChanges {
			if ch.Range == nil {
				d.set(ch.Text)
				continue
			}
			a, b := d.offset(ch.Range.Start), d.offset(ch.Range.End)
			if a > b {
				a, b = b, a
			}
			d.set(d.text[:a] + ch.Text + d.text[b:])
		}
		d.version = p.TextDocument.Version
		return nil, s.publish(d)
	case "textDocument/didClose":
		var p struct {
			TextDocument lspDocID `json:"textDocument"`
		}
		if err := json.Unmarshal(params, &p); err != nil {
			return nil, invalidParams(err)
		}
		delete(s.docs, p.TextDocument.URI)
		// Clear the closed document's diagnostics.
		s.conn.write(&rpcNotification{JSONRPC: "2.0", Method: "textDocument/publishDiagnostics",
			Params: map[string]any{"uri": p.TextDocument.URI, "diagnostics": []lspDiagnostic{}}})
		return nil, nil
	case "textDocument/hover", "textDocument/completion", "textDocument/definition", "textDocument/declaration":
		var p lspPositionParams
		if err := json.Unmarshal(params, &p); err != nil {
			return nil, invalidParams(err)
		}
		d := s.docs[p.TextDocument.URI]
		if d == nil {
			return nil, nil
		}
		switch method {
		case "textDocument/hover":
			return d.hover(p.Position), nil
		case "textDocument/completion":
			return d.complete(p.Position), nil
		default:
			return d.definition(p.Position), nil
		}
	case "textDocument/formatting":
		var p struct {
			TextDocument lspDocID `json:"textDocument"`
		}
		if err := json.Unmarshal(params, &p); err != nil {
			return nil, invalidParams(err)
		}
		if d := s.docs[p.TextDocument.URI]; d != nil {
			return d.format(), nil
		}
		return nil, nil
	case "textDocument/documentSymbol":
		var p struct {
			TextDocument lspDocID `json:"textDocument"`
		}
		if err := json.Unmarshal(params, &p); err != nil {
			return nil, invalidParams(err)
		}
		if d := s.docs[p.TextDocument.URI]; d != nil {
			return d.symbols(), nil
		}
		return nil, nil
	}
	if strings.HasPrefix(method, "$/") {
		return nil, nil // optional notifications may be ignored
	}
	return nil, &rpcError{codeMethodNotFound, "method not supported: " + method}
}

func invalidParams(err error) *rpcError { return &rpcError{codeInvalidParams, err.Error()} }

// uriName is the file name a URI's path ends in, for the checker's
// messages; the URI itself when it is not a file URI.
func uriName(uri string) string {
	if u, err := url.Parse(uri); err == nil && u.Path != "" {
		return filepath.Base(u.Path)
	}
	return uri
}

// publish checks d and sends its diagnostics.
func (s *lspServer) publish(d *lspDoc) *rpcError {
	diags := []lspDiagnostic{}
	if _, err := lang.CheckLimits(d.name, []byte(d.text), lang.Limits{Lang: outLang}); err != nil {
		var list lang.ErrorList
		if errors.As(err, &list) {
			for _, e := range list {
				diags = append(diags, lspDiagnostic{Range: d.wordRange(e.Pos), Severity: severityError, Source: "tcps", Message: e.Msg})
			}
		} else {
			diags = append(diags, lspDiagnostic{Severity: severityError, Source: "tcps", Message: err.Error()})
		}
	}
	s.conn.write(&rpcNotification{JSONRPC: "2.0", Method: "textDocument/publishDiagnostics",
		Params: map[string]any{"uri": d.uri, "version": d.version, "diagnostics": diags}})
	return nil
}

// position converts a checker position (line, column in characters, from
// 1) to LSP's (from 0, in UTF-16 code units).
func (d *lspDoc) position(p lang.Pos) lspPosition {
	n := int(p.Line)
	if n < 1 || n > len(d.lines) {
		return lspPosition{}
	}
	line := d.lines[n-1]
	units, col := 0, 1
	for _, r := range line {
		if col >= int(p.Col) {
			break
		}
		units += utf16.RuneLen(r)
		col++
	}
	return lspPosition{Line: n - 1, Character: units}
}

// byteCol is the byte offset in its line of an LSP position.
func (d *lspDoc) byteCol(p lspPosition) int {
	if p.Line < 0 || p.Line >= len(d.lines) {
		return 0
	}
	line := d.lines[p.Line]
	units := 0
	for i, r := range line {
		if units >= p.Character {
			return i
		}
		units += utf16.RuneLen(r)
	}
	return len(line)
}

// offset is the byte offset in the text of an LSP position.
func (d *lspDoc) offset(p lspPosition) int {
	if p.Line >= len(d.lines) {
		return len(d.text)
	}
	off := 0
	for i := 0; i < p.Line && i < len(d.lines); i++ {
		off += len(d.lines[i]) + 1
	}
	return off + d.byteCol(p)
}

// lspAt is the LSP position of byte col of line (0-based).
func (d *lspDoc) lspAt(line, col int) lspPosition {
	return lspPosition{Line: line, Character: len(utf16.Encode([]rune(d.lines[line][:col])))}
}

// endsWordByte reports whether c ends a word, as the scanner cuts them.
func endsWordByte(c byte) bool {
	return strings.IndexByte(" \t\r\v\f,\"#;{}", c) >= 0
}

// wordAt is the word around byte col of line: its text and byte bounds.
func (d *lspDoc) wordAt(line, col int) (string, int, int) {
	if line < 0 || line >= len(d.lines) {
		return "", 0, 0
	}
	l := d.lines[line]
	a, b := min(col, len(l)), min(col, len(l))
	for a > 0 && !endsWordByte(l[a-1]) {
		a--
	}
	for b < len(l) && !endsWordByte(l[b]) {
		b++
	}
	return l[a:b], a, b
}

// wordRange is the range of the word at a checker position, or of one
// character when there is no word there.
func (d *lspDoc) wordRange(p lang.Pos) lspRange {
	start := d.position(p)
	n := int(p.Line)
	if n < 1 || n > len(d.lines) {
		return lspRange{Start: start, End: start}
	}
	col := d.byteCol(start)
	_, _, b := d.wordAt(n-1, col)
	if b <= col {
		b = col
		if l := d.lines[n-1]; b < len(l) {
			_, w := utf8.DecodeRuneInString(l[b:])
			b += w
		}
	}
	return lspRange{Start: start, End: d.lspAt(n-1, b)}
}

// segmentAt cuts the word at an LSP position at its dots and colons: the
// parts, the index of the part under the position, and its byte bounds in
// the line.
func (d *lspDoc) segmentAt(p lspPosition) (parts []string, idx, a, b int) {
	col := d.byteCol(p)
	w, wa, _ := d.wordAt(p.Line, col)
	if w == "" {
		return nil, -1, 0, 0
	}
	start := wa
	for i := 0; i <= len(w); i++ {
		if i == len(w) || w[i] == '.' || w[i] == ':' {
			parts = append(parts, w[start-wa:i])
			if col >= start && col <= wa+i && idx == 0 && a == 0 && b == 0 {
				idx, a, b = len(parts)-1, start, wa+i
			}
			start = wa + i + 1
		}
	}
	return parts, idx, a, b
}

// hover is the help of the verb, setting, view or property under the
// position, or what a host, socket, state or errno name is, in the
// document's language (its set lang, else tcps --lang).
func (d *lspDoc) hover(p lspPosition) any {
	l, ok := lang.ScenarioLang([]byte(d.text))
	if !ok {
		l = outLang
	}
	parts, idx, a, b := d.segmentAt(p)
	if idx < 0 || parts[idx] == "" {
		return nil
	}
	name := parts[idx]
	rng := lspRange{Start: d.lspAt(p.Line, a), End: d.lspAt(p.Line, b)}
	text := ""
	if sym, ok := d.declaration(parts, idx, p.Line+1); ok {
		text = msg.HoverDeclared.In(l, sym.Kind, sym.Name, sym.Pos.Line)
		if sym.Kind == "socket" && sym.Host != "" {
			text = msg.HoverSocket.In(l, sym.Name, sym.Host, sym.Pos.Line)
		}
	} else if help, ok := lang.HelpVerbIn(l, name); ok {
		text = "```text\n" + strings.TrimRight(help, "\n") + "\n```"
	} else if st := lang.CanonicalState(name); st != "" {
		text = msg.HoverState.In(l, st)
	} else if contains(lang.Errnos, name) {
		text = msg.HoverErrno.In(l, name)
	}
	if text == "" {
		return nil
	}
	return lspHover{Contents: lspMarkup{Kind: "markdown", Value: text}, Range: rng}
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

// outline is the document's declarations; nil when it does not parse.
func (d *lspDoc) outline() []lang.Symbol {
	syms, _ := lang.Outline(d.name, []byte(d.text))
	return syms
}

// declaration finds the host or socket that parts[idx] names, seen from
// line: a host for the first part of HOST.x or a lone word, a socket of
// the host for the second part, the latest declared before line first.
func (d *lspDoc) declaration(parts []string, idx, line int) (lang.Symbol, bool) {
	name := parts[idx]
	syms := d.outline()
	find := func(ok func(lang.Symbol) bool) (lang.Symbol, bool) {
		var found lang.Symbol
		seen := false
		for _, s := range syms {
			if !ok(s) {
				continue
			}
			if !seen || int(s.Pos.Line) <= line {
				found, seen = s, true
			}
		}
		return found, seen
	}
	isHost := func(s lang.Symbol) bool { return s.Kind != "socket" && s.Name == name }
	if idx == 1 && len(parts) > 2 {
		if s, ok := find(func(s lang.Symbol) bool { return s.Kind == "socket" && s.Name == name && s.Host == parts[0] }); ok {
			return s, true
		}
	}
	if idx == 0 {
		if s, ok := find(isHost); ok {
			return s, true
		}
	}
	if len(parts) == 1 || idx > 0 {
		return find(func(s lang.Symbol) bool { return s.Kind == "socket" && s.Name == name })
	}
	return lang.Symbol{}, false
}

// definition is where the host or socket under the position is declared.
func (d *lspDoc) definition(p lspPosition) any {
	parts, idx, _, _ := d.segmentAt(p)
	if idx < 0 {
		return nil
	}
	sym, ok := d.declaration(parts, idx, p.Line+1)
	if !ok {
		return nil
	}
	return lspLocation{URI: d.uri, Range: d.wordRange(sym.Pos)}
}

// complete offers what may be typed at the position: after HOST. the
// host's sockets and the verbs; as a statement's first word the verbs and
// hosts; after set the settings; after show the views; in expect the
// hosts, properties, states and errnos; elsewhere names and values.
func (d *lspDoc) complete(p lspPosition) any {
	col := d.byteCol(p)
	line := ""
	if p.Line >= 0 && p.Line < len(d.lines) {
		line = d.lines[p.Line]
	}
	_, wa, _ := d.wordAt(p.Line, col)
	prefix := line[wa:col]
	before := strings.Fields(line[:wa])
	syms := d.outline()
	var items []lspCompletion
	seen := map[string]bool{}
	add := func(label string, kind int, detail string, doc string) {
		key := fmt.Sprint(kind, label)
		if label == "" || seen[key] || strings.Contains(label, "$") {
			return
		}
		seen[key] = true
		it := lspCompletion{Label: label, Kind: kind, Detail: detail}
		if doc != "" {
			it.Documentation = &lspMarkup{Kind: "markdown", Value: doc}
		}
		items = append(items, it)
	}
	verbs := func() {
		for _, v := range lang.Verbs {
			add(v.Name, completionKeyword, v.Summary, "")
		}
	}
	hosts := func() {
		for _, s := range syms {
			if s.Kind != "socket" {
				add(s.Name, completionClass, s.Kind, "")
			}
		}
	}
	sockets := func(host string) {
		for _, s := range syms {
			if s.Kind == "socket" && (host == "" || s.Host == host) {
				add(s.Name, completionVariable, "socket of "+s.Host, "")
			}
		}
	}
	settings := func() {
		for _, st := range lang.Settings {
			add(st.Key, completionProperty, "default "+st.Default, st.Help)
		}
	}
	values := func() {
		for _, st := range lang.StateNames {
			add(st, completionEnumMember, "connection state", "")
		}
		for _, e := range lang.Errnos {
			add(e, completionConstant, "errno", "")
		}
	}
	head := ""
	if len(before) > 0 {
		hp := strings.Split(before[0], ".")
		head = hp[len(hp)-1]
	}
	switch {
	case strings.Contains(prefix, "."):
		parts := strings.Split(prefix, ".")
		if len(parts) == 2 {
			sockets(parts[0])
		}
		verbs()
	case len(before) == 0:
		verbs()
		hosts()
	case head == "set" || head == "host" && len(before) >= 3:
		settings()
	case head == "show":
		for _, v := range lang.Views {
			add(string(v.View), completionValue, "view", v.Help)
		}
		hosts()
		sockets("")
	case head == "expect":
		if len(before) >= 2 {
			for _, pr := range lang.Props {
				add(string(pr.Prop), completionField, "property", pr.Help)
			}
		}
		hosts()
		sockets("")
		values()
	default:
		hosts()
		sockets("")
		values()
		settings()
	}
	sort.SliceStable(items, func(i, j int) bool { return items[i].Kind < items[j].Kind })
	return items
}

// format is tcps fmt's output as one edit of the whole document, or no
// edit when the document is already formatted or does not parse.
func (d *lspDoc) format() any {
	out, err := lang.FormatSource(d.name, []byte(d.text))
	if err != nil || string(out) == d.text {
		return []lspTextEdit{}
	}
	last := len(d.lines) - 1
	end := d.lspAt(last, len(d.lines[last]))
	return []lspTextEdit{{Range: lspRange{End: end}, NewText: string(out)}}
}

// symbols lists hosts, processes and threads, each with its sockets.
func (d *lspDoc) symbols() any {
	out := []lspSymbol{}
	index := map[string]int{}
	for _, s := range d.outline() {
		line := int(s.Stmt.Line) - 1
		if line < 0 || line >= len(d.lines) {
			continue
		}
		full := lspRange{Start: d.position(s.Stmt), End: d.lspAt(line, len(d.lines[line]))}
		sym := lspSymbol{Name: s.Name, Detail: s.Kind, Kind: symbolClass, Range: full, SelectionRange: d.wordRange(s.Pos)}
		switch s.Kind {
		case "socket":
			sym.Kind = symbolVariable
		case "thread":
			sym.Kind = symbolFunction
		}
		if i, ok := index[s.Host]; ok && s.Host != "" {
			out[i].Children = append(out[i].Children, sym)
			continue
		}
		if s.Kind != "socket" && s.Kind != "thread" {
			index[s.Name] = len(out)
		}
		out = append(out, sym)
	}
	return out
}
