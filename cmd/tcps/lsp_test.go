package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"
)

// lspClient speaks JSON-RPC to a server running serveLSP over pipes.
type lspClient struct {
	t      *testing.T
	w      io.WriteCloser
	conn   *rpcConn
	nextID int
	notes  []rpcIncoming // notifications received so far
	done   chan error
}

// rpcIncoming is any message from the server.
type rpcIncoming struct {
	ID     json.RawMessage `json:"id"`
	Method string          `json:"method"`
	Params json.RawMessage `json:"params"`
	Result json.RawMessage `json:"result"`
	Error  *rpcError       `json:"error"`
}

func startLSP(t *testing.T) *lspClient {
	t.Helper()
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	c := &lspClient{t: t, w: inW, conn: newRPCConn(outR, inW), done: make(chan error, 1)}
	go func() {
		err := serveLSP(inR, outW)
		outW.Close()
		c.done <- err
	}()
	t.Cleanup(func() { inW.Close() })
	return c
}

// next reads one message, failing after 10 s.
func (c *lspClient) next() rpcIncoming {
	c.t.Helper()
	type res struct {
		b   []byte
		err error
	}
	ch := make(chan res, 1)
	go func() { b, err := c.conn.read(); ch <- res{b, err} }()
	select {
	case r := <-ch:
		if r.err != nil {
			c.t.Fatalf("read: %v", r.err)
		}
		var m rpcIncoming
		if err := json.Unmarshal(r.b, &m); err != nil {
			c.t.Fatalf("bad message %s: %v", r.b, err)
		}
		return m
	case <-time.After(10 * time.Second):
		c.t.Fatal("no message from the server in 10 s")
	}
	return rpcIncoming{}
}

// notify sends a notification.
func (c *lspClient) notify(method string, params any) {
	c.t.Helper()
	if err := c.conn.write(map[string]any{"jsonrpc": "2.0", "method": method, "params": params}); err != nil {
		c.t.Fatal(err)
	}
}

// call sends a request and returns its response, keeping the
// notifications that come before it.
func (c *lspClient) call(method string, params any) rpcIncoming {
	c.t.Helper()
	c.nextID++
	id := c.nextID
	if err := c.conn.write(map[string]any{"jsonrpc": "2.0", "id": id, "method": method, "params": params}); err != nil {
		c.t.Fatal(err)
	}
	for {
		m := c.next()
		if m.Method != "" {
			c.notes = append(c.notes, m)
			continue
		}
		if string(m.ID) != fmt.Sprint(id) {
			c.t.Fatalf("response to %s for id %s", method, m.ID)
		}
		return m
	}
}

// diagnostics waits for the next publishDiagnostics of uri.
func (c *lspClient) diagnostics(uri string) []lspDiagnostic {
	c.t.Helper()
	for {
		var m rpcIncoming
		if len(c.notes) > 0 {
			m, c.notes = c.notes[0], c.notes[1:]
		} else {
			m = c.next()
		}
		if m.Method != "textDocument/publishDiagnostics" {
			continue
		}
		var p struct {
			URI         string          `json:"uri"`
			Diagnostics []lspDiagnostic `json:"diagnostics"`
		}
		if err := json.Unmarshal(m.Params, &p); err != nil {
			c.t.Fatal(err)
		}
		if p.URI == uri {
			return p.Diagnostics
		}
	}
}

func decode[T any](t *testing.T, m rpcIncoming) T {
	t.Helper()
	if m.Error != nil {
		t.Fatalf("error response: %d %s", m.Error.Code, m.Error.Message)
	}
	var v T
	if err := json.Unmarshal(m.Result, &v); err != nil {
		t.Fatalf("result %s: %v", m.Result, err)
	}
	return v
}

const lspURI = "file:///work/s.tcps"

func pos(line, char int) map[string]any {
	return map[string]any{"textDocument": map[string]any{"uri": lspURI}, "position": map[string]any{"line": line, "character": char}}
}

// TestLSPSession drives a whole session over pipes: initialize, open a
// document with an error, fix it as a user types, then hover, complete,
// go to declaration, format, list symbols, shut down and exit.
func TestLSPSession(t *testing.T) {
	c := startLSP(t)
	init := decode[struct {
		Capabilities map[string]any `json:"capabilities"`
	}](t, c.call("initialize", map[string]any{"processId": nil, "rootUri": nil, "capabilities": map[string]any{}}))
	for _, k := range []string{"hoverProvider", "completionProvider", "definitionProvider", "documentFormattingProvider", "documentSymbolProvider"} {
		if init.Capabilities[k] == nil {
			t.Errorf("capability %s missing", k)
		}
	}
	c.notify("initialized", map[string]any{})

	bad := "host A ip 10.0.0.1\n  A.listen  *:80 as L\nhost B ip 10.0.0.2\nB.connect A:80 as c\nB.c.wrte 10\n"
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": lspURI, "languageId": "tcps", "version": 1, "text": bad}})
	diags := c.diagnostics(lspURI)
	if len(diags) != 1 || !strings.Contains(diags[0].Message, `unknown verb "wrte"; did you mean write?`) {
		t.Fatalf("diagnostics %+v", diags)
	}
	if r := diags[0].Range; r.Start != (lspPosition{4, 4}) || r.End != (lspPosition{4, 8}) {
		t.Errorf("diagnostic range %+v, want 4:4-4:8 (the verb)", r)
	}

	good := strings.Replace(bad, "wrte", "write", 1)
	c.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": lspURI, "version": 2},
		"contentChanges": []any{map[string]any{"text": good}}})
	if diags := c.diagnostics(lspURI); len(diags) != 0 {
		t.Fatalf("diagnostics after the fix: %+v", diags)
	}

	hover := decode[*lspHover](t, c.call("textDocument/hover", pos(4, 5)))
	if hover == nil || !strings.Contains(hover.Contents.Value, "write") || !strings.Contains(hover.Contents.Value, "Example") {
		t.Errorf("hover on write: %+v", hover)
	}
	if h := decode[*lspHover](t, c.call("textDocument/hover", pos(3, 0))); h == nil || !strings.Contains(h.Contents.Value, "host **B**, declared on line 3") {
		t.Errorf("hover on B: %+v", h)
	}
	if h := decode[*lspHover](t, c.call("textDocument/hover", pos(0, 20))); h != nil {
		t.Errorf("hover past the end of a line: %+v", h)
	}

	labels := func(items []lspCompletion) string {
		var l []string
		for _, it := range items {
			l = append(l, it.Label)
		}
		return " " + strings.Join(l, " ") + " "
	}
	// After "B." the host's socket and the verbs.
	c.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": lspURI, "version": 3},
		"contentChanges": []any{map[string]any{"text": good + "B.\nset \nexpect B.c \n"}}})
	c.diagnostics(lspURI)
	got := labels(decode[[]lspCompletion](t, c.call("textDocument/completion", pos(5, 2))))
	for _, want := range []string{" c ", " write ", " connect "} {
		if !strings.Contains(got, want) {
			t.Errorf("completion after B.: %q lacks %q", got, want)
		}
	}
	if strings.Contains(got, " L ") {
		t.Errorf("completion after B. offers A's socket L: %s", got)
	}
	if got := labels(decode[[]lspCompletion](t, c.call("textDocument/completion", pos(6, 4)))); !strings.Contains(got, " sndbuf ") || strings.Contains(got, " write ") {
		t.Errorf("completion after set: %s", got)
	}
	got = labels(decode[[]lspCompletion](t, c.call("textDocument/completion", pos(7, 11))))
	for _, want := range []string{" state ", " ESTABLISHED ", " ECONNREFUSED ", " A "} {
		if !strings.Contains(got, want) {
			t.Errorf("completion in expect: %q lacks %q", got, want)
		}
	}

	// Go to declaration: B in B.c.write is declared on line 3, c on line 4.
	loc := decode[*lspLocation](t, c.call("textDocument/definition", pos(4, 0)))
	if loc == nil || loc.Range.Start != (lspPosition{2, 5}) {
		t.Errorf("definition of B: %+v", loc)
	}
	loc = decode[*lspLocation](t, c.call("textDocument/definition", pos(4, 2)))
	if loc == nil || loc.Range.Start != (lspPosition{3, 18}) || loc.Range.End != (lspPosition{3, 19}) {
		t.Errorf("definition of c: %+v", loc)
	}

	c.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": lspURI, "version": 4},
		"contentChanges": []any{map[string]any{"text": good}}})
	c.diagnostics(lspURI)
	edits := decode[[]lspTextEdit](t, c.call("textDocument/formatting", map[string]any{"textDocument": map[string]any{"uri": lspURI}, "options": map[string]any{"tabSize": 2, "insertSpaces": true}}))
	if len(edits) != 1 || !strings.Contains(edits[0].NewText, "\nA.listen *:80 as L\n") {
		t.Errorf("formatting: %+v", edits)
	}

	syms := decode[[]lspSymbol](t, c.call("textDocument/documentSymbol", map[string]any{"textDocument": map[string]any{"uri": lspURI}}))
	var outline []string
	for _, s := range syms {
		var ch []string
		for _, k := range s.Children {
			ch = append(ch, k.Name)
		}
		outline = append(outline, s.Name+"("+strings.Join(ch, ",")+")")
	}
	if got := strings.Join(outline, " "); got != "A(L) B(c)" {
		t.Errorf("symbols: %s", got)
	}

	if m := c.call("textDocument/noSuchThing", map[string]any{}); m.Error == nil || m.Error.Code != codeMethodNotFound {
		t.Errorf("unknown method: %+v", m)
	}
	c.call("shutdown", nil)
	c.notify("exit", nil)
	select {
	case err := <-c.done:
		if err != nil {
			t.Errorf("server ended with %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("server did not exit")
	}
}

// TestLSPUnicodeColumns checks that positions are counted in UTF-16 code
// units, as LSP counts them, when a line holds Korean text and an emoji.
func TestLSPUnicodeColumns(t *testing.T) {
	c := startLSP(t)
	c.call("initialize", map[string]any{"capabilities": map[string]any{}})
	src := "host A ip 10.0.0.1\nnote \"한글 😀\"; A.wrte 1\n"
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": lspURI, "languageId": "tcps", "version": 1, "text": src}})
	diags := c.diagnostics(lspURI)
	if len(diags) != 1 {
		t.Fatalf("diagnostics %+v", diags)
	}
	// note "한글 😀"; is 5+1+2+1+2+1+1 = 13 code units, then a space: A at 14.
	if r := diags[0].Range; r.Start != (lspPosition{1, 16}) || r.End != (lspPosition{1, 20}) {
		t.Errorf("range %+v, want 1:16-1:20", r)
	}
}

// TestLSPBadFrame checks that a message that is not JSON gets a parse
// error and the session goes on.
func TestLSPBadFrame(t *testing.T) {
	c := startLSP(t)
	bw := bufio.NewWriter(c.w)
	fmt.Fprintf(bw, "Content-Length: 5\r\n\r\n{nope")
	bw.Flush()
	if m := c.next(); m.Error == nil || m.Error.Code != codeParseError {
		t.Errorf("got %+v", m)
	}
	if m := c.call("initialize", map[string]any{"capabilities": map[string]any{}}); m.Error != nil {
		t.Errorf("initialize after a bad frame: %+v", m.Error)
	}
}

// TestLSPRangeChange checks an edit sent as a range (clients may send one
// even with full sync) and hover on a setting.
func TestLSPRangeChange(t *testing.T) {
	c := startLSP(t)
	c.call("initialize", map[string]any{"capabilities": map[string]any{}})
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": lspURI, "languageId": "tcps", "version": 1,
		"text": "host A ip 10.0.0.1\nset sndbuf 4K\nA.listn *:80\n"}})
	if d := c.diagnostics(lspURI); len(d) != 1 || !strings.Contains(d[0].Message, "listn") {
		t.Fatalf("diagnostics %+v", d)
	}
	// Insert the missing e of listen: line 2, after "A.list".
	c.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": lspURI, "version": 2},
		"contentChanges": []any{map[string]any{"range": map[string]any{"start": map[string]any{"line": 2, "character": 6},
			"end": map[string]any{"line": 2, "character": 6}}, "text": "e"}}})
	if d := c.diagnostics(lspURI); len(d) != 0 {
		t.Fatalf("diagnostics after the edit: %+v", d)
	}
	h := decode[*lspHover](t, c.call("textDocument/hover", pos(1, 6)))
	if h == nil || !strings.Contains(h.Contents.Value, "sndbuf") || !strings.Contains(h.Contents.Value, "Default 16K") {
		t.Errorf("hover on sndbuf: %+v", h)
	}
}

// TestLSPHoverKorean: a document with set lang ko gets its hover in
// Korean (a verb's help, a declaration, a state, an errno), as its
// diagnostics are; the same document without it stays English.
func TestLSPHoverKorean(t *testing.T) {
	c := startLSP(t)
	c.call("initialize", map[string]any{"capabilities": map[string]any{}})
	text := "set lang ko\nhost A ip 10.0.0.1\nA.listen *:80 as L\nexpect A.L state LISTEN\nA.L.accept expect ECONNREFUSED\n"
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": lspURI, "languageId": "tcps", "version": 1, "text": text}})
	c.diagnostics(lspURI)
	for _, h := range []struct {
		line, char int
		want       string
	}{
		{2, 3, "예:"}, // the help of listen: 예: (Example:)
		{1, 5, "host **A**: 2번 줄에서 선언했다"},            // a declaration
		{3, 18, "연결 상태 **LISTEN**"},                  // a state
		{4, 20, "**ECONNREFUSED**: 호출이 반환할 수 있는 오류"}, // an errno
	} {
		got := decode[*lspHover](t, c.call("textDocument/hover", pos(h.line, h.char)))
		if got == nil || !strings.Contains(got.Contents.Value, h.want) {
			t.Errorf("hover %d:%d = %+v, want %q", h.line, h.char, got, h.want)
		}
	}
	en := strings.TrimPrefix(text, "set lang ko\n")
	c.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": lspURI, "version": 2},
		"contentChanges": []any{map[string]any{"text": en}}})
	c.diagnostics(lspURI)
	if got := decode[*lspHover](t, c.call("textDocument/hover", pos(2, 18))); got == nil || !strings.Contains(got.Contents.Value, "connection state **LISTEN**") {
		t.Errorf("English hover: %+v", got)
	}
}
