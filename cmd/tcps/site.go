package main

import (
	"context"
	"fmt"

	"github.com/tcps-dev/tcps/cmd/tcps/web"
)

// siteCmd writes the browser playground as static files (GitHub Pages).
type siteCmd struct {
	Dir       string `arg:"" help:"Directory to write index.html, app.js, style.css, tcps.wasm, wasm_exec.js (and scenarios.json) into." type:"path"`
	Wasm      string `help:"Use this prebuilt tcps.wasm (wasm_exec.js next to it) instead of building it with go build." type:"path" placeholder:"FILE"`
	Scenarios string `help:"Offer the .tcps files of this directory in the page's menu (scenarios.json), after the lecture's." type:"path" placeholder:"DIR"`
}

func (c *siteCmd) run(e *env) int {
	if code := writeSite(e, context.Background(), c.Dir, c.Wasm, c.Scenarios); code != exitOK {
		return code
	}
	fmt.Fprintf(e.stdout, "tcps: wrote the playground to %s (open index.html through a web server; tcps serve does it locally)\n", c.Dir)
	return exitOK
}

// writeSite is what serve and site share: the page's files into dir.
func writeSite(e *env, ctx context.Context, dir, wasm, scenarios string) int {
	var course []web.Scenario
	if scenarios != "" {
		var err error
		if course, err = web.CourseScenarios(scenarios); err != nil {
			fmt.Fprintln(e.stderr, "tcps:", err)
			return exitInput
		}
		for _, s := range course {
			if r := web.Check(s.Src); len(r.Errors) > 0 {
				d := r.Errors[0]
				fmt.Fprintf(e.stderr, "tcps: %s/%s.tcps:%d:%d: %s\n", scenarios, s.Name, d.Line, d.Col, d.Msg)
				return exitInput
			}
		}
	}
	if err := web.WriteSite(ctx, dir, "", wasm, course); err != nil {
		fmt.Fprintln(e.stderr, "tcps:", err)
		return exitInput
	}
	return exitOK
}
