package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sebdah/goldie/v2"
)

// TestGolden runs every scenario under scenarios/ through exactly the code
// path of `tcps run` (GoldenOutput, which `tcps test` uses too) and compares
// the output with golden/<area>/<name>.golden. GOLDIE_UPDATE=1 go test ./...
// rewrites the golden files.
func TestGolden(t *testing.T) {
	root := filepath.Join("..", "..")
	files, err := scenarioFiles([]string{filepath.Join(root, "scenarios")})
	if err != nil || len(files) == 0 {
		t.Fatalf("no scenarios: %v", err)
	}
	for _, path := range files {
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		t.Run(strings.TrimSuffix(strings.TrimPrefix(rel, "scenarios/"), ".tcps"), func(t *testing.T) {
			got := goldenFor(path, rel)
			golden := GoldenPath(rel)
			g := goldie.New(t,
				goldie.WithFixtureDir(filepath.Join(root, filepath.Dir(golden))),
				goldie.WithNameSuffix(".golden"))
			g.Assert(t, strings.TrimSuffix(filepath.Base(golden), ".golden"), got)
		})
	}
}

// TestGoldenTreesMirror checks that every golden file has its scenario:
// the two trees mirror each other.
func TestGoldenTreesMirror(t *testing.T) {
	root := filepath.Join("..", "..")
	filepath.WalkDir(filepath.Join(root, "golden"), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(filepath.Join(root, "golden"), path)
		scen := filepath.Join(root, "scenarios", strings.TrimSuffix(rel, ".golden")+".tcps")
		if _, err := os.Stat(scen); err != nil {
			t.Errorf("golden/%s has no scenario %s", rel, scen)
		}
		return nil
	})
}

func TestGoldenPath(t *testing.T) {
	for in, want := range map[string]string{
		"scenarios/lecture/03-byte-stream.tcps": "golden/lecture/03-byte-stream.golden",
		"course/scenarios/a/b.tcps":             "course/golden/a/b.golden",
		"x/y.tcps":                              "x/y.golden",
	} {
		if got := filepath.ToSlash(GoldenPath(in)); got != want {
			t.Errorf("GoldenPath(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestGoldenFilesRecordNoFailure: outside golden/errors/, a golden file
// records a passing run (no "exit status" line), and every scenario
// outside scenarios/errors/ exits 0 through tcps run.
func TestGoldenFilesRecordNoFailure(t *testing.T) {
	root := filepath.Join("..", "..")
	filepath.WalkDir(filepath.Join(root, "golden"), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		if strings.HasPrefix(filepath.ToSlash(rel), "golden/errors/") {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(data, []byte("\nexit status ")) || bytes.HasPrefix(data, []byte("exit status ")) {
			t.Errorf("%s records a failure; only golden/errors/ may", rel)
		}
		return nil
	})
	for _, path := range allScenarios(t) {
		rel, _ := filepath.Rel(root, path)
		if strings.HasPrefix(filepath.ToSlash(rel), "scenarios/errors/") {
			continue
		}
		if code, _, stderr := runMain("run", path); code != 0 {
			t.Errorf("tcps run %s: exit %d (only scenarios/errors/ may fail): %s", rel, code, stderr)
		}
	}
}
