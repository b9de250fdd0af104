package web

import (
	"bytes"
	"compress/gzip"
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/tcps-dev/tcps/runtime/export"
)

// The page's static files. tcps.wasm and wasm_exec.js are not here: they
// are built from this module's source by BuildWasm (see its comment).
//
//go:embed assets
var assets embed.FS

// Assets are index.html, app.js and style.css.
func Assets() fs.FS {
	sub, _ := fs.Sub(assets, "assets")
	return sub
}

// WasmPackage is the import path of the page's WebAssembly main.
const WasmPackage = "github.com/tcps-dev/tcps/cmd/tcps/web/wasm"

// BuildWasm compiles the page's WebAssembly (GOOS=js GOARCH=wasm) into
// dir/tcps.wasm and copies the Go toolchain's wasm_exec.js next to it.
//
// The binary is built, not checked in: it is 8 MB, and a checked-in copy
// would be stale the moment lang or runtime changed and differ with every
// Go version. go build is reproducible (-trimpath, no VCS stamp), and it
// needs the module's source, which is there in a checkout, in a course
// repository whose go.mod requires tcps, and in the module cache of go run
// github.com/tcps-dev/tcps/cmd/tcps@VERSION: srcDir is where to run go
// (a directory inside such a module; "" for the current directory).
func BuildWasm(ctx context.Context, srcDir, dir string) error {
	goBin, err := exec.LookPath("go")
	if err != nil {
		return errors.New("the page's WebAssembly is built with the Go toolchain, and go is not on PATH (or pass --wasm FILE)")
	}
	pkg := WasmPackage
	if d, err := moduleDir(ctx, goBin, srcDir); err == nil {
		srcDir, pkg = d, "./cmd/tcps/web/wasm"
	}
	out, err := filepath.Abs(filepath.Join(dir, "tcps.wasm"))
	if err != nil {
		return err
	}
	cmd := exec.CommandContext(ctx, goBin, "build", "-trimpath", "-buildvcs=false", "-ldflags=-s -w", "-o", out, pkg)
	cmd.Dir = srcDir
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm", "CGO_ENABLED=0")
	if msg, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("building the page's WebAssembly (go build %s): %v\n%s", pkg, err, msg)
	}
	root, err := exec.CommandContext(ctx, goBin, "env", "GOROOT").Output()
	if err != nil {
		return fmt.Errorf("go env GOROOT: %v", err)
	}
	r := strings.TrimSpace(string(root))
	for _, p := range []string{filepath.Join(r, "lib", "wasm", "wasm_exec.js"), filepath.Join(r, "misc", "wasm", "wasm_exec.js")} {
		if b, err := os.ReadFile(p); err == nil {
			return os.WriteFile(filepath.Join(dir, "wasm_exec.js"), b, 0o644)
		}
	}
	return errors.New("wasm_exec.js is not in the Go toolchain (" + r + ")")
}

// moduleDir is the directory of the tcps module as seen from dir: the
// checkout itself, or the module cache copy a requiring module uses.
func moduleDir(ctx context.Context, goBin, dir string) (string, error) {
	cmd := exec.CommandContext(ctx, goBin, "list", "-m", "-f", "{{.Dir}}", "github.com/tcps-dev/tcps")
	cmd.Dir = dir
	out, err := cmd.Output()
	d := strings.TrimSpace(string(out))
	if err != nil || d == "" {
		return "", errors.New("not inside the tcps module or a module requiring it")
	}
	return d, nil
}

// WriteSite writes the static site into dir: the page, its WebAssembly
// (built, or copied from wasm when not ""), the JSON Schema of the trace,
// and, when course is not empty, scenarios.json with the course's own
// scenarios for the menu.
func WriteSite(ctx context.Context, dir, srcDir, wasm string, course []Scenario) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	err := fs.WalkDir(Assets(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(Assets(), p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, p), b, 0o644)
	})
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "tcps-trace.schema.json"), export.JSONSchema, 0o644); err != nil {
		return err
	}
	if len(course) > 0 {
		b, _ := json.MarshalIndent(course, "", " ")
		if err := os.WriteFile(filepath.Join(dir, "scenarios.json"), append(b, '\n'), 0o644); err != nil {
			return err
		}
	}
	if wasm != "" {
		b, err := os.ReadFile(wasm)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, "tcps.wasm"), b, 0o644); err != nil {
			return err
		}
		js, err := os.ReadFile(filepath.Join(filepath.Dir(wasm), "wasm_exec.js"))
		if err != nil {
			return fmt.Errorf("--wasm: wasm_exec.js must be next to %s: %v", wasm, err)
		}
		return os.WriteFile(filepath.Join(dir, "wasm_exec.js"), js, 0o644)
	}
	return BuildWasm(ctx, srcDir, dir)
}

// CourseScenarios reads the .tcps files of a directory (not its
// subdirectories) for the menu.
func CourseScenarios(dir string) ([]Scenario, error) {
	if _, err := os.Stat(dir); err != nil {
		return nil, err
	}
	return scenariosOf(os.DirFS(dir), "."), nil
}

// Gzip compresses b (the server sends tcps.wasm compressed: 8 MB become
// about 2).
func Gzip(b []byte) []byte {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.DefaultCompression)
	w.Write(b)
	w.Close()
	return buf.Bytes()
}

// Handler serves a site written by WriteSite from dir. tcps.wasm is
// compressed once, here, and sent gzip-compressed to browsers that accept
// it (10 MB become 2.6). Every response says no-cache, so that a rebuilt
// page is seen at once.
func Handler(dir string) http.Handler {
	files := http.FileServer(http.Dir(dir))
	var gz []byte
	if b, err := os.ReadFile(filepath.Join(dir, "tcps.wasm")); err == nil {
		gz = Gzip(b)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-cache")
		if r.URL.Path == "/tcps.wasm" {
			w.Header().Set("Content-Type", "application/wasm")
			if gz != nil && strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
				w.Header().Set("Content-Encoding", "gzip")
				w.Header().Set("Content-Length", strconv.Itoa(len(gz)))
				w.Write(gz)
				return
			}
		}
		files.ServeHTTP(w, r)
	})
}
