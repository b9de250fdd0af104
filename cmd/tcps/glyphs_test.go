package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// glyphCheckJS draws every character of the figure's text in the figure's
// own font stack and compares it with a character no font has (U+0378,
// unassigned): a character whose pixels are that same box has no glyph in
// any font of the stack or of the system. It returns those characters.
const glyphCheckJS = `(() => {
	const root = document.documentElement;
	const family = getComputedStyle(root).fontFamily;
	const chars = [...new Set([...root.textContent].filter(c => c.trim() !== ""))];
	const canvas = document.createElementNS("http://www.w3.org/1999/xhtml", "canvas");
	canvas.width = 64; canvas.height = 64;
	const ctx = canvas.getContext("2d");
	const draw = (c) => {
		ctx.clearRect(0, 0, 64, 64);
		ctx.font = "40px " + family;
		ctx.fillStyle = "#000";
		ctx.fillText(c, 4, 48);
		return Array.from(ctx.getImageData(0, 0, 64, 64).data).join(",");
	};
	const tofu = draw("\u0378");
	return JSON.stringify({family, n: chars.length, missing: chars.filter(c => draw(c) === tofu)});
})()`

// TestKoreanFiguresInBrowser renders the Korean lecture figures (tcps
// render svg of scenarios/lecture-ko) in headless Chromium, saves a
// screenshot of each (TCPS_SCREENSHOTS keeps them) and fails when a
// character of a figure has no glyph: the SVG font stack must reach a
// Korean font (CI installs fonts-noto-cjk).
func TestKoreanFiguresInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a browser")
	}
	exe := chromium(t)
	dir := t.TempDir()
	var figs []string
	for _, sc := range []string{"05-deadlock-write-write", "15-demux", "07-zero-window-rfc"} {
		out := filepath.Join(dir, sc)
		var stdout, stderr strings.Builder
		if code := Main([]string{"render", "svg", "-o", out, filepath.Join("..", "..", "scenarios", "lecture-ko", sc+".tcps")}, &stdout, &stderr); code != 0 {
			t.Fatalf("render svg %s: exit %d: %s", sc, code, stderr.String())
		}
		m, _ := filepath.Glob(filepath.Join(out, "*.svg"))
		figs = append(figs, m...)
	}
	if len(figs) == 0 {
		t.Fatal("no figures rendered")
	}
	shots := screenshotDir(t)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe), chromedp.NoSandbox, chromedp.DisableGPU, chromedp.WindowSize(1280, 720))
	actx, acancel := chromedp.NewExecAllocator(ctx, opts...)
	defer acancel()
	bctx, bcancel := chromedp.NewContext(actx)
	defer bcancel()
	// The check itself: a character no font has is found missing, Hangul
	// is not.
	probe := filepath.Join(dir, "probe.svg")
	os.WriteFile(probe, []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="200" height="50" font-family="`+
		"DejaVu Sans, 'Noto Sans CJK KR', 'Nanum Gothic', NanumGothic, sans-serif"+`"><text x="5" y="30">가 `+"\U0010FFFD"+`</text></svg>`), 0o644)
	var res string
	if err := chromedp.Run(bctx, chromedp.Navigate("file://"+probe), chromedp.Evaluate(glyphCheckJS, &res)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(res, `"missing":["`+"\U0010FFFD"+`"]`) {
		t.Fatalf("the glyph check does not find a missing glyph (or finds Hangul missing: install fonts-noto-cjk): %s", res)
	}
	hangul := 0
	for _, f := range figs {
		svg, _ := os.ReadFile(f)
		for _, r := range string(svg) {
			if r >= 0xAC00 && r <= 0xD7A3 {
				hangul++
			}
		}
		var res string
		var png []byte
		if err := chromedp.Run(bctx, chromedp.Navigate("file://"+f), chromedp.Evaluate(glyphCheckJS, &res), chromedp.FullScreenshot(&png, 100)); err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(shots, "ko-"+filepath.Base(filepath.Dir(f))+"-"+strings.TrimSuffix(filepath.Base(f), ".svg")+".png")
		os.WriteFile(p, png, 0o644)
		t.Logf("%s: %s (screenshot %s)", filepath.Base(f), res, p)
		if !strings.Contains(res, `"missing":[]`) {
			t.Errorf("%s: characters without a glyph: %s", f, res)
		}
	}
	if hangul == 0 {
		t.Error("the Korean figures hold no Hangul: are they translated?")
	}
}
