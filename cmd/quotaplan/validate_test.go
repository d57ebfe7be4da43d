package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"

	"github.com/quotaplan/quotaplan/plans"
)

// TestDiagnosticsJSONOrder checks that validate --format json lists the
// diagnostics in the order the text lists them, with their places, and a
// null place for one that is in no file.
func TestDiagnosticsJSONOrder(t *testing.T) {
	at := func(file string, line, col int) *hcl.Range {
		return &hcl.Range{Filename: file, Start: hcl.Pos{Line: line, Column: col}, End: hcl.Pos{Line: line, Column: col + 1}}
	}
	diags := hcl.Diagnostics{
		{Severity: hcl.DiagError, Summary: "Late", Detail: "In b.", Subject: at("plan/b.hcl", 1, 1)},
		{Severity: hcl.DiagWarning, Summary: "Second column", Detail: "Warn.", Subject: at("plan/a.hcl", 3, 9)},
		{Severity: hcl.DiagError, Summary: "First column", Detail: "Err.", Subject: at("plan/a.hcl", 3, 2)},
		{Severity: hcl.DiagError, Summary: "Nowhere", Detail: "No file."},
		{Severity: hcl.DiagError, Summary: "Early", Detail: "In a.", Subject: at("plan/a.hcl", 1, 5)},
	}
	original := slices.Clone(diags)
	var buf bytes.Buffer
	if err := writeDiagnosticsJSON(&buf, diags); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(diags, original) {
		t.Error("writeDiagnosticsJSON reordered its argument")
	}
	var got []map[string]any
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	var text bytes.Buffer
	if err := plans.WriteDiagnostics(&text, diags, nil, false); err != nil {
		t.Fatal(err)
	}
	var want []string
	for line := range strings.SplitSeq(text.String(), "\n") {
		if strings.Contains(line, "error: ") || strings.Contains(line, "warning: ") {
			want = append(want, line)
		}
	}
	if len(got) != len(want) {
		t.Fatalf("%d JSON diagnostics, %d in text", len(got), len(want))
	}
	for i, d := range got {
		line := fmt.Sprintf("%s: %s", d["severity"], d["summary"])
		if d["file"] != nil {
			line = fmt.Sprintf("%s:%v:%v: %s", d["file"], d["line"], d["column"], line)
		}
		if line != want[i] {
			t.Errorf("diagnostic %d: JSON %q, text %q", i, line, want[i])
		}
	}
	if got[0]["file"] != nil || got[0]["line"] != nil || got[0]["column"] != nil || got[0]["detail"] != "No file." {
		t.Errorf("a diagnostic in no file: got %v", got[0])
	}
	var empty bytes.Buffer
	if err := writeDiagnosticsJSON(&empty, nil); err != nil || empty.String() != "[]\n" {
		t.Errorf("no diagnostics: got %q, %v; want []", empty.String(), err)
	}
}
