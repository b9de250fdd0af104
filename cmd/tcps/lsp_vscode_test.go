package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestVSCodeGrammar runs the VS Code extension's grammar test
// (editor/vscode/test/grammar.test.js): the generated TextMate grammar
// colours the lecture scenarios as the language says. It needs node and
// the extension's npm packages (npm install in editor/vscode); without
// them it skips, except in CI, where .ci/run installs them.
func TestVSCodeGrammar(t *testing.T) {
	dir := filepath.Join("editor", "vscode")
	skip := func(why string) {
		if os.Getenv("CI") == "true" {
			t.Fatal(why)
		}
		t.Skip(why)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		skip("node is not installed (apt-get install nodejs npm)")
	}
	for _, pkg := range []string{"vscode-textmate", "vscode-oniguruma"} {
		if _, err := os.Stat(filepath.Join(dir, "node_modules", pkg)); err != nil {
			skip("npm package " + pkg + " is missing: run npm install in cmd/tcps/editor/vscode")
		}
	}
	cmd := exec.Command(node, filepath.Join("test", "grammar.test.js"))
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	t.Logf("%s", out)
}
