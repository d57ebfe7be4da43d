package diff

import (
	"bytes"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/diff"

	"github.com/quotaplan/quotaplan/engine"
	"github.com/quotaplan/quotaplan/engine/front/render"
)

func TestReadResultRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	if err := render.JSON(&buf, fixture()); err != nil {
		t.Fatal(err)
	}
	saved, diags := ReadResult(buf.Bytes(), "saved.json")
	if diags.HasErrors() {
		t.Fatalf("diagnostics: %v", diags)
	}
	if r := Compare(FromResult("saved.json", saved), FromResult("", fixture())); r.Changed() {
		t.Errorf("a saved result differs from its source: %s", r.Summary())
	}
	var again bytes.Buffer
	if err := render.JSON(&again, saved); err != nil || again.String() != buf.String() {
		t.Errorf("re-rendering the read result differs (err %v):\n%s", err, diff.Diff("source", buf.Bytes(), "read", again.Bytes()))
	}
}

func TestReadResultErrors(t *testing.T) {
	tests := []struct {
		name    string
		data    string
		summary string
		line    int
		column  int
		detail  string
	}{
		{"not json", "plan \"p\" {}\n", "Invalid saved result", 1, 2, "not valid JSON"},
		{"empty", "", "Invalid saved result", 1, 1, "empty"},
		{"no version", `{"plan": {"id": "p"}}`, "Not a saved result", 1, 1, `no "format_version"`},
		{"future version", `{"format_version": "9"}`, "Unsupported result format", 1, 1, `format_version "9"`},
		{"wrong type", "{\"format_version\": \"1\",\n  \"reps\": {\"id\": 1}}", "Invalid saved result", 2, 12, `"reps"`},
		{"bad period", `{"format_version": "1", "periods": ["May"]}`, "Invalid saved result", 1, 1, `period "May"`},
		{"trailing data", `{"format_version": "1"} {}`, "Invalid saved result", 1, 1, "after the JSON value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, diags := ReadResult([]byte(tt.data), "x.json")
			if res != nil || len(diags) != 1 {
				t.Fatalf("ReadResult = %v, %v; want nil and one diagnostic", res, diags)
			}
			d := diags[0]
			if d.Summary != tt.summary || !strings.Contains(d.Detail, tt.detail) || !strings.HasSuffix(d.Detail, `"quotaplan eval --format json".`) {
				t.Errorf("diagnostic = %q / %q", d.Summary, d.Detail)
			}
			if d.Subject == nil || d.Subject.Filename != "x.json" || d.Subject.Start.Line != tt.line || d.Subject.Start.Column != tt.column {
				t.Errorf("subject = %+v, want x.json:%d:%d", d.Subject, tt.line, tt.column)
			}
		})
	}
}

// TestReadResultVersion accepts exactly the version saved results are
// written with, engine.FormatVersion, whatever the diff format's own
// version is.
func TestReadResultVersion(t *testing.T) {
	var buf bytes.Buffer
	if err := render.JSON(&buf, fixture()); err != nil {
		t.Fatal(err)
	}
	written := `"format_version": "` + engine.FormatVersion + `"`
	if !strings.Contains(buf.String(), written) {
		t.Fatalf("render.JSON does not write %s", written)
	}
	for _, v := range []string{"0", "2", FormatVersion + ".1"} {
		data := strings.Replace(buf.String(), written, `"format_version": "`+v+`"`, 1)
		if _, diags := ReadResult([]byte(data), "saved.json"); !diags.HasErrors() ||
			!strings.Contains(diags[0].Detail, `reads version "`+engine.FormatVersion+`"`) {
			t.Errorf("format_version %q: %v, want a refusal naming version %q", v, diags, engine.FormatVersion)
		}
	}
}
