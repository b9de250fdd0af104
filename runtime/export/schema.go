package export

import _ "embed"

// JSONSchema is the JSON Schema (draft 2020-12) of the document WriteJSON
// writes: a course that builds its own views can validate against it.
//
//go:embed tcps-trace.schema.json
var JSONSchema []byte
