package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/tcps-dev/tcps/cmd/tcps/web"
	"github.com/tcps-dev/tcps/lang"
)

// chromium finds Debian's chromium. Without it the browser test skips,
// except in CI (CI=true), where .ci/run installs it and a skip would hide
// a broken page.
func chromium(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("chromium is not installed (CI installs it: apt-get install chromium)")
	}
	t.Skip("chromium is not installed: apt-get install chromium to run the browser test")
	return ""
}

// screenshotDir is where the test saves what the page looked like
// (TCPS_SCREENSHOTS, or a temporary directory it logs).
func screenshotDir(t *testing.T) string {
	if d := os.Getenv("TCPS_SCREENSHOTS"); d != "" {
		os.MkdirAll(d, 0o755)
		return d
	}
	d, err := os.MkdirTemp("", "tcps-screenshots-")
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// pollAcrossNavigation polls expr until it is truthy, as chromedp.Poll
// does, right after a navigation. chromedp keeps the frame's execution
// context from the page it left until the new document's context is
// announced; a poll sent in between fails with "Cannot find context with
// specified id" (or "Execution context was destroyed"), which CI hit once
// on a loaded machine. Such a failure says nothing about the page, so the
// poll is sent again, after an evaluation that makes chromedp pick up the
// new context, up to five times.
func pollAcrossNavigation(expr string, res any) chromedp.ActionFunc {
	return func(ctx context.Context) error {
		var err error
		for try := 0; try < 5; try++ {
			err = chromedp.Poll(expr, res, chromedp.WithPollingTimeout(60*time.Second)).Do(ctx)
			if err == nil || !staleContext(err) {
				return err
			}
			time.Sleep(100 * time.Millisecond)
			chromedp.Evaluate(`1`, nil).Do(ctx)
		}
		return err
	}
}

// staleContext reports whether err is the browser saying the page's
// JavaScript context went away under a navigation.
func staleContext(err error) bool {
	s := err.Error()
	return strings.Contains(s, "Cannot find context with specified id") ||
		strings.Contains(s, "Execution context was destroyed")
}

// TestPlaygroundInBrowser drives the page in a real browser: it builds the
// WebAssembly as tcps site does, serves the site as tcps serve does, picks
// the lecture's write-write deadlock, runs it, steps to the deadlock and
// checks what the page shows; types an error and checks the message at its
// line and column; opens a shared link; and switches to Korean.
func TestPlaygroundInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the WebAssembly and starts a browser")
	}
	exe := chromium(t)
	site := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	if err := web.WriteSite(ctx, site, "", "", nil); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(web.Handler(site))
	defer srv.Close()
	shots := screenshotDir(t)

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe), chromedp.NoSandbox, chromedp.DisableGPU, chromedp.WindowSize(1400, 1000))
	actx, acancel := chromedp.NewExecAllocator(ctx, opts...)
	defer acancel()
	bctx, bcancel := chromedp.NewContext(actx)
	defer bcancel()

	shot := func(name string) {
		var png []byte
		if err := chromedp.Run(bctx, chromedp.FullScreenshot(&png, 100)); err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(shots, name)
		if err := os.WriteFile(p, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot %s", p)
	}
	var interactive int
	waitReady := pollAcrossNavigation(`window.tcpsInteractiveMs`, &interactive)

	// 1. Load the page, choose 05-deadlock-write-write, run, step to the deadlock.
	// The browser starts on a blank page first: the time measured is the
	// page's, from an empty cache, not the browser's start.
	if err := chromedp.Run(bctx, chromedp.Navigate("about:blank"), chromedp.Navigate(srv.URL+"/"), waitReady); err != nil {
		t.Fatal(err)
	}
	var loadMs int
	chromedp.Run(bctx, chromedp.Evaluate(`window.tcpsLoadMs`, &loadMs))
	var compiled int
	chromedp.Run(bctx, chromedp.Evaluate(`window.tcpsCompiledMs`, &compiled))
	t.Logf("page: WebAssembly compiled at %d ms, Go ready at %d ms, interactive at %d ms", compiled, loadMs, interactive)
	// The target is 2 s; docs/performance.md records the measurements.
	// The test only logs the time: a helper's build beside it once made
	// the same page take 12.5 s, and a timed unit test that fails under
	// load says nothing about the page.
	var steps int
	err := chromedp.Run(bctx,
		chromedp.SetValue("#scenario", "lecture/05-deadlock-write-write", chromedp.ByID),
		chromedp.Evaluate(`document.getElementById("scenario").dispatchEvent(new Event("change"))`, nil),
		chromedp.Click("#run", chromedp.ByID),
		chromedp.WaitVisible("#stepinfo", chromedp.ByID),
		// step forward, one event at a time, until the deadlock report shows
		chromedp.Evaluate(`(() => { let n = 0;
			while (document.getElementById("deadlockpanel").hidden && n < 1000) { document.getElementById("fwd").click(); n++; }
			return n; })()`, &steps),
	)
	if err != nil {
		t.Fatal(err)
	}
	var runMs int
	chromedp.Run(bctx, chromedp.Evaluate(`window.tcpsRunMs`, &runMs))
	t.Logf("running 05-deadlock-write-write in the page took %d ms", runMs)
	if steps == 0 || steps >= 1000 {
		t.Fatalf("stepped %d times without reaching the deadlock", steps)
	}
	var blocked []string
	var sendq, recvq []string
	var deadlock, stepinfo string
	err = chromedp.Run(bctx,
		chromedp.Evaluate(`[...document.querySelectorAll("#blocked .blk")].map(e => e.dataset.call)`, &blocked),
		chromedp.Evaluate(`[...document.querySelectorAll("#queues .sendq")].map(e => e.querySelector(".txt").textContent)`, &sendq),
		chromedp.Evaluate(`[...document.querySelectorAll("#queues .recvq")].map(e => e.querySelector(".txt").textContent)`, &recvq),
		chromedp.Text("#deadlock", &deadlock, chromedp.ByID),
		chromedp.Text("#stepinfo", &stepinfo, chromedp.ByID),
	)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("at the deadlock: %s; blocked %q; %q %q", stepinfo, blocked, sendq, recvq)
	if strings.Join(blocked, ",") != "A.s.write(1500),B.c.write(1500)" {
		t.Errorf("blocked calls shown: %q, want both writes", blocked)
	}
	if len(sendq) != 2 || len(recvq) != 2 {
		t.Fatalf("queues shown: SendQ %q RecvQ %q, want two directions", sendq, recvq)
	}
	for _, q := range append(sendq, recvq...) {
		if !strings.HasSuffix(q, " 500/500") {
			t.Errorf("queue shows %q, want 500/500", q)
		}
	}
	if !strings.Contains(deadlock, "cycle: A waits for B, B waits for A") {
		t.Errorf("deadlock report without the cycle:\n%s", deadlock)
	}
	shot("playground-deadlock.png")

	// The timeline: one step back leaves the deadlock; jump to a time
	// lands on the first step at or after it.
	var backInfo, jumpInfo string
	var dlHidden bool
	err = chromedp.Run(bctx,
		chromedp.Click("#back", chromedp.ByID),
		chromedp.Text("#stepinfo", &backInfo, chromedp.ByID),
		chromedp.Evaluate(`document.getElementById("deadlockpanel").hidden`, &dlHidden),
		chromedp.SetValue("#jump", "3ms", chromedp.ByID),
		chromedp.Click("#go", chromedp.ByID),
		chromedp.Text("#stepinfo", &jumpInfo, chromedp.ByID),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !dlHidden || !strings.HasPrefix(backInfo, fmt.Sprintf("step %d of", steps)) {
		t.Errorf("one step back from the deadlock: %q (report hidden: %v)", backInfo, dlHidden)
	}
	if !strings.HasSuffix(jumpInfo, "t=3.000ms") {
		t.Errorf("jump to 3ms: %q", jumpInfo)
	}

	// 2. Type an error: the checker's message appears at its line and column.
	bad := "host A ip 10.0.0.1\nlisten *:9000 as L\nA.L.acept\n"
	_, cerr := lang.Check("scenario.tcps", []byte(bad))
	var want *lang.Error
	if list, ok := cerr.(lang.ErrorList); ok && len(list) > 0 {
		want = list[0]
	} else if e, ok := cerr.(*lang.Error); ok {
		want = e
	}
	if want == nil {
		t.Fatalf("the bad scenario checks: %v", cerr)
	}
	var diag struct {
		Line, Col int
		Text      string
		Top, Left float64
		ErrText   string
	}
	// The page checks as the keys arrive: on a loaded machine a check runs
	// in the middle of the typing and shows that text's error ("A.L." has
	// no verb). Wait for the error of the whole text; if it never comes,
	// the comparison below reports what the page shows.
	wantMsg, _ := json.Marshal(want.Msg)
	err = chromedp.Run(bctx,
		chromedp.Evaluate(`document.getElementById("editor").value = ""`, nil),
		chromedp.Click("#editor", chromedp.ByID),
		chromedp.SendKeys("#editor", bad, chromedp.ByID),
	)
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Run(bctx, chromedp.Poll(`(() => { const d = document.querySelector("#inline .diag");
			return d !== null && d.textContent.includes(`+string(wantMsg)+`); })()`, nil, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Logf("waiting for the whole text's error: %v", err)
	}
	err = chromedp.Run(bctx,
		chromedp.Evaluate(`(() => { const d = document.querySelector("#inline .diag"), r = d.getBoundingClientRect(),
			w = document.getElementById("editorwrap").getBoundingClientRect(), e = document.querySelector("#hl .err");
			return {Line: +d.dataset.line, Col: +d.dataset.col, Text: d.textContent, Top: r.top - w.top, Left: r.left - w.left,
			        ErrText: e ? e.textContent : ""}; })()`, &diag),
	)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("inline error: %+v", diag)
	if diag.Line != int(want.Pos.Line) || diag.Col != int(want.Pos.Col) || !strings.Contains(diag.Text, want.Msg) {
		t.Errorf("inline error %d:%d %q, want %d:%d %q", diag.Line, diag.Col, diag.Text, want.Pos.Line, want.Pos.Col, want.Msg)
	}
	// Placed under its line (18px lines, 8px padding), from its column.
	if wantTop := float64(8 + 18*want.Pos.Line); diag.Top < wantTop-4 || diag.Top > wantTop+4 {
		t.Errorf("inline error at y=%.0f, want about %.0f (under line %d)", diag.Top, wantTop, want.Pos.Line)
	}
	if diag.Left < float64(want.Pos.Col-1)*5 {
		t.Errorf("inline error at x=%.0f, left of column %d", diag.Left, want.Pos.Col)
	}
	if diag.ErrText == "" {
		t.Error("the error's column is not underlined in the editor")
	}
	shot("playground-error.png")

	// 3. Open a shared link: the scenario is in the fragment, and it runs.
	src, err := os.ReadFile(filepath.Join("..", "..", "scenarios", "lecture", "04-deadlock-read-read.tcps"))
	if err != nil {
		t.Fatal(err)
	}
	var value, status string
	var nsteps, again int
	err = chromedp.Run(bctx,
		chromedp.Navigate("about:blank"),
		chromedp.Navigate(srv.URL+"/#"+web.Encode(string(src))),
		pollAcrossNavigation(`window.tcpsInteractiveMs`, &again),
		chromedp.Value("#editor", &value, chromedp.ByID),
		chromedp.Text("#status", &status, chromedp.ByID),
		chromedp.Evaluate(`document.getElementById("log").children.length`, &nsteps),
	)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("second visit (shared link, browser caches warm): interactive and run at %d ms", again)
	if value != string(src) {
		t.Errorf("the shared link opened with another scenario:\n%s", value)
	}
	if nsteps == 0 || !strings.HasPrefix(status, "Ran: ") {
		t.Errorf("the shared link did not run: status %q, %d steps", status, nsteps)
	}

	// 4. set lang ko turns the interface Korean.
	var runLabel, htmlLang string
	err = chromedp.Run(bctx,
		chromedp.Evaluate(`document.getElementById("editor").value = ""`, nil),
		chromedp.SendKeys("#editor", "set lang ko\nhost A ip 10.0.0.1\n", chromedp.ByID),
		chromedp.Poll(`document.documentElement.lang === "ko"`, nil, chromedp.WithPollingTimeout(10*time.Second)),
		chromedp.Text("#run", &runLabel, chromedp.ByID),
		chromedp.Evaluate(`document.documentElement.lang`, &htmlLang),
	)
	if err != nil {
		t.Fatal(err)
	}
	shot("playground-ko.png")
	if runLabel != "실행" {
		t.Errorf("with set lang ko the Run button says %q", runLabel)
	}
	if b, err := os.ReadFile(filepath.Join(site, "tcps.wasm")); err == nil {
		t.Logf("tcps.wasm: %d bytes, %d gzip-compressed", len(b), len(web.Gzip(b)))
	}
	fmt.Fprintf(os.Stderr, "browser test: first visit interactive at %d ms, second at %d ms; screenshots in %s\n", interactive, again, shots)
}
