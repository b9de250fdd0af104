package main

import (
	"runtime/debug"
	"strings"
)

// readBuildInfo is debug.ReadBuildInfo, or nil when the binary has none.
func readBuildInfo() *debug.BuildInfo {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return nil
	}
	return bi
}

// versionString is what tcps version prints after "tcps": the module
// version ("v1.2.0", or "dev" for a build from a clone, which Go records as
// "(devel)"), then, when the build recorded them, the commit (12 hex
// digits, "+dirty" when the work tree had changes) and the commit time:
//
//	v1.2.0
//	dev 3f2a9c1d4e5b+dirty 2026-11-30T21:04:00Z
func versionString(bi *debug.BuildInfo) string {
	v := "dev"
	if bi != nil && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		v = bi.Main.Version
	}
	if bi == nil {
		return v
	}
	var rev, at string
	dirty := false
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		case "vcs.time":
			at = s.Value
		}
	}
	parts := []string{v}
	if rev != "" {
		if len(rev) > 12 {
			rev = rev[:12]
		}
		if dirty {
			rev += "+dirty"
		}
		parts = append(parts, rev)
	}
	if at != "" {
		parts = append(parts, at)
	}
	return strings.Join(parts, " ")
}
