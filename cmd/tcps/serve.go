package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"time"

	"github.com/tcps-dev/tcps/cmd/tcps/web"
)

// serveCmd serves the browser playground on the loopback interface.
type serveCmd struct {
	Port      int    `help:"TCP port on 127.0.0.1 (0: any free port)." default:"8019"`
	Wasm      string `help:"Use this prebuilt tcps.wasm (wasm_exec.js next to it) instead of building it with go build." type:"path" placeholder:"FILE"`
	Scenarios string `help:"Also offer the .tcps files of this directory in the page's menu." type:"path" placeholder:"DIR"`

	ctx context.Context // stops the server when done (tests); nil: Ctrl-C
}

func (c *serveCmd) run(e *env) int {
	dir, err := os.MkdirTemp("", "tcps-serve-")
	if err != nil {
		fmt.Fprintln(e.stderr, "tcps:", err)
		return exitInput
	}
	defer os.RemoveAll(dir)
	parent := c.ctx
	if parent == nil {
		parent = context.Background()
	}
	ctx, stop := signal.NotifyContext(parent, os.Interrupt)
	defer stop()
	if c.Wasm == "" {
		fmt.Fprintln(e.stderr, "tcps: building the page's WebAssembly (GOOS=js GOARCH=wasm go build)...")
	}
	if code := writeSite(e, ctx, dir, c.Wasm, c.Scenarios); code != exitOK {
		return code
	}
	// Loopback only: the playground is for this machine's browser.
	ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", fmt.Sprint(c.Port)))
	if err != nil {
		fmt.Fprintln(e.stderr, "tcps:", err)
		return exitInput
	}
	fmt.Fprintf(e.stdout, "tcps playground: http://%s/  (Ctrl-C stops it)\n", ln.Addr())
	srv := &http.Server{Handler: web.Handler(dir), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		srv.Shutdown(sctx)
	}()
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintln(e.stderr, "tcps:", err)
		return exitInput
	}
	return exitOK
}
