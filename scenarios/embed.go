// Package scenarios embeds the lecture scenarios, so that the browser page
// (cmd/tcps/web) offers them in its menu without a server.
package scenarios

import "embed"

// Lecture holds lecture/*.tcps, the scenarios of the lecture's slides.
//
//go:embed lecture/*.tcps
var Lecture embed.FS
