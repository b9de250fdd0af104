package main

// The JSON-RPC 2.0 transport of `tcps lsp`, as the Language Server
// Protocol frames it: each message is a header "Content-Length: N", a
// blank line, and N bytes of JSON. It is written by hand rather than taken
// from github.com/tliron/glsp or go.lsp.dev/protocol: the server needs a
// dozen methods and a handful of types, which fit in a page, while either
// library would bring a logging framework and several other modules into
// go.mod for every user of the simulator.

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/textproto"
	"strconv"
	"strings"
	"sync"
)

// rpcMessage is a request or a notification (no ID) from the client, or
// a response to one of the server's requests (ignored).
type rpcMessage struct {
	JSONRPC string          `json:"jsonrpc"`
	ID      json.RawMessage `json:"id,omitempty"`
	Method  string          `json:"method,omitempty"`
	Params  json.RawMessage `json:"params,omitempty"`
}

// rpcResult is a successful response; Result null is a valid answer
// ("nothing here").
type rpcResult struct {
	JSONRPC string          `json:"jsonrpc"`
	ID      json.RawMessage `json:"id"`
	Result  any             `json:"result"`
}

// rpcFailure is a response with an error.
type rpcFailure struct {
	JSONRPC string          `json:"jsonrpc"`
	ID      json.RawMessage `json:"id"`
	Error   *rpcError       `json:"error"`
}

// rpcNotification is a message from the server that wants no answer.
type rpcNotification struct {
	JSONRPC string `json:"jsonrpc"`
	Method  string `json:"method"`
	Params  any    `json:"params"`
}

// rpcError is a response's error.
type rpcError struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
}

// JSON-RPC and LSP error codes.
const (
	codeParseError     = -32700
	codeInvalidParams  = -32602
	codeMethodNotFound = -32601
	codeInvalidRequest = -32600
)

// maxMessage bounds one message's body: a scenario is at most 64 MiB.
const maxMessage = 80 << 20

// rpcConn reads and writes framed messages.
type rpcConn struct {
	r  *bufio.Reader
	mu sync.Mutex
	w  io.Writer
}

func newRPCConn(r io.Reader, w io.Writer) *rpcConn {
	return &rpcConn{r: bufio.NewReader(r), w: w}
}

// read returns the next message's body.
func (c *rpcConn) read() ([]byte, error) {
	tp := textproto.NewReader(c.r)
	h, err := tp.ReadMIMEHeader()
	if err != nil {
		if err == io.EOF || len(h) == 0 && strings.Contains(err.Error(), "EOF") {
			return nil, io.EOF
		}
		return nil, err
	}
	n, err := strconv.Atoi(h.Get("Content-Length"))
	if err != nil || n < 0 || n > maxMessage {
		return nil, fmt.Errorf("bad Content-Length %q", h.Get("Content-Length"))
	}
	body := make([]byte, n)
	if _, err := io.ReadFull(c.r, body); err != nil {
		return nil, err
	}
	return body, nil
}

// write sends one message.
func (c *rpcConn) write(m any) error {
	body, err := json.Marshal(m)
	if err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, err := fmt.Fprintf(c.w, "Content-Length: %d\r\n\r\n", len(body)); err != nil {
		return err
	}
	_, err = c.w.Write(body)
	return err
}
