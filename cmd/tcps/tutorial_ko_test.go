package main

import (
	"path/filepath"
	"testing"
)

// TestKoreanTutorial checks docs/ko/tutorial.md as TestTutorial checks
// docs/tutorial.md, through TCPS_DOCS, the way a course repository checks
// its own notes (TCPS_UPDATE_DOCS=1 rewrites its blocks too).
func TestKoreanTutorial(t *testing.T) {
	t.Setenv("TCPS_DOCS", "docs/ko/tutorial.md")
	t.Setenv("TCPS_DOCS_ROOT", filepath.Join("..", ".."))
	TestTutorial(t)
}
