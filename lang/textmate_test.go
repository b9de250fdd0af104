package lang

import (
	"bytes"
	"encoding/json"
	"os"
	"testing"
)

// TestTextMateGrammarIsCurrent fails when the VS Code extension's grammar
// differs from what TextMateGrammar makes from the tables.
// GOLDIE_UPDATE=1 go test ./lang rewrites it.
func TestTextMateGrammarIsCurrent(t *testing.T) {
	const path = "../cmd/tcps/editor/vscode/syntaxes/tcps.tmLanguage.json"
	want := TextMateGrammar()
	if !json.Valid(want) {
		t.Fatal("not JSON")
	}
	if v := os.Getenv("GOLDIE_UPDATE"); v != "" && v != "0" && v != "false" {
		if err := os.WriteFile(path, want, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (generate it with GOLDIE_UPDATE=1 go test ./lang)", err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal(path + " is stale: regenerate it with GOLDIE_UPDATE=1 go test ./lang")
	}
}
