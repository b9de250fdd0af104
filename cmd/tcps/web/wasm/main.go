//go:build js && wasm

// Command wasm is the tcps playground's WebAssembly side: it registers
// the functions the page (cmd/tcps/web/assets/app.js) calls, then waits.
// Build it with GOOS=js GOARCH=wasm (tcps serve and tcps site do).
package main

import (
	"encoding/json"
	"syscall/js"

	"github.com/tcps-dev/tcps/cmd/tcps/web"
)

func jsonOf(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func main() {
	var last *web.Play
	api := map[string]func(args []js.Value) any{
		// check(src) -> {"errors":[{line,col,msg}], "lang"}
		"check": func(a []js.Value) any { return jsonOf(web.Check(a[0].String())) },
		// run(src) -> the recorded run (web.Play)
		"run": func(a []js.Value) any {
			last = web.Run(a[0].String())
			return last.JSON()
		},
		// ladder(k) -> the SVG ladder of the packets up to step k of the last run
		"ladder": func(a []js.Value) any {
			if last == nil {
				return ""
			}
			return last.Ladder(a[0].Int())
		},
		"scenarios": func([]js.Value) any { return jsonOf(web.Lecture()) },
		"keywords":  func([]js.Value) any { return jsonOf(web.Keywords()) },
		"encode":    func(a []js.Value) any { return web.Encode(a[0].String()) },
		// decode(fragment) -> {"src"} or {"error"}
		"decode": func(a []js.Value) any {
			src, err := web.Decode(a[0].String())
			if err != nil {
				return jsonOf(map[string]string{"error": err.Error()})
			}
			return jsonOf(map[string]string{"src": src})
		},
	}
	obj := js.Global().Get("Object").New()
	for name, f := range api {
		obj.Set(name, js.FuncOf(func(this js.Value, args []js.Value) any { return f(args) }))
	}
	js.Global().Set("tcps", obj)
	if ready := js.Global().Get("tcpsReady"); ready.Type() == js.TypeFunction {
		ready.Invoke()
	}
	select {}
}
