package export

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/tcps-dev/tcps/lang"
	"github.com/tcps-dev/tcps/runtime"
)

func compiledSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(JSONSchema))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("tcps-trace.schema.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("tcps-trace.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

// TestJSONMatchesSchema validates the JSON of every scenario (and of the
// everything scenario) against the schema file.
func TestJSONMatchesSchema(t *testing.T) {
	sch := compiledSchema(t)
	files, _ := filepath.Glob(filepath.Join("..", "..", "scenarios", "*", "*.tcps"))
	srcs := map[string][]byte{"everything": []byte(everything)}
	names := []string{"everything"}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		srcs[f] = b
		names = append(names, f)
	}
	checked := 0
	for _, f := range names {
		prog, err := lang.Check(f, srcs[f])
		if err != nil {
			continue
		}
		res := runtime.Run(prog, runtime.Options{Record: true})
		var buf bytes.Buffer
		if err := WriteJSON(&buf, prog, res); err != nil {
			t.Fatal(err)
		}
		v, err := jsonschema.UnmarshalJSON(&buf)
		if err != nil {
			t.Fatal(err)
		}
		if err := sch.Validate(v); err != nil {
			t.Errorf("%s: %v", f, err)
		}
		checked++
	}
	if checked < 20 {
		t.Fatalf("only %d scenarios checked", checked)
	}
}

// TestSchemaRejects: the schema is not vacuous: a document with an
// unknown event kind, or a return event without its result, fails.
func TestSchemaRejects(t *testing.T) {
	sch := compiledSchema(t)
	prog, err := lang.Check("t.tcps", []byte(everything))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteJSON(&buf, prog, runtime.Run(prog, runtime.Options{Record: true})); err != nil {
		t.Fatal(err)
	}
	good := buf.String()
	for _, bad := range []struct{ from, to string }{
		{`"kind": "return"`, `"kind": "returned"`},
		{`"result": {`, `"outcome": {`},
		{`"schema": "tcps-trace/1"`, `"schema": "tcps-trace/0"`},
	} {
		doc := strings.Replace(good, bad.from, bad.to, 1)
		if doc == good {
			t.Fatalf("%q not in the document", bad.from)
		}
		var v any
		if err := json.Unmarshal([]byte(doc), &v); err != nil {
			t.Fatal(err)
		}
		if err := sch.Validate(v); err == nil {
			t.Errorf("the schema accepts %q", bad.to)
		}
	}
}
