package plans

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"

	"github.com/quotaplan/quotaplan/plans/golden"
)

// testdataDir is absolute because some tests change the working directory.
var testdataDir, _ = filepath.Abs("testdata")

// renderCase loads an error case from a temporary working directory, so
// that file names in the output are relative and stable.
func renderCase(t *testing.T, files map[string]string, color bool) []byte {
	t.Helper()
	t.Chdir(writeDir(t, files))
	p, diags := Load(".", LoadOptions{})
	var buf bytes.Buffer
	if err := WriteDiagnostics(&buf, diags, p.Sources, color); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestWriteDiagnosticsGolden(t *testing.T) {
	t.Run("every error case", func(t *testing.T) {
		var all bytes.Buffer
		for _, tc := range loadCases(t) {
			t.Run(tc.name, func(t *testing.T) {
				fmt.Fprintf(&all, "=== %s\n%s\n", tc.name, renderCase(t, tc.files, false))
			})
		}
		golden.Check(t, filepath.Join(testdataDir, "diagnostics.golden"), all.Bytes())
	})
	t.Run("color", func(t *testing.T) {
		files := withPlan("rep \"a\" {\n  territory = \"emea-ent2\"\n}\nterritory \"emea-ent\" {}\nramp \"empty\" {}\n")
		golden.Check(t, filepath.Join(testdataDir, "diagnostics_color.golden"), renderCase(t, files, true))
	})
}

func TestWriteDiagnosticsShapes(t *testing.T) {
	src := map[string][]byte{
		"a.hcl":    []byte("plan \"p\" {\n\ttitle = \"x\"\n  rule = \"é + é\"\n  text = <<EOF\nline\nEOF\n}\n"),
		"long.csv": []byte("id,note\nalice," + strings.Repeat("0123456789", 20) + "WRONG" + strings.Repeat("é", 200) + "\n"),
	}
	at := func(file string, l1, c1, b1, l2, c2, b2 int) *hcl.Range {
		return &hcl.Range{Filename: file, Start: hcl.Pos{Line: l1, Column: c1, Byte: b1}, End: hcl.Pos{Line: l2, Column: c2, Byte: b2}}
	}
	diags := hcl.Diagnostics{
		{Severity: hcl.DiagWarning, Summary: "Tab line", Detail: "Carets keep the tab.", Subject: at("a.hcl", 2, 2, 12, 2, 7, 17)},
		{Severity: hcl.DiagError, Summary: "Multi-line subject", Detail: "Carets run to the end of the first line.\n\nSecond paragraph.", Subject: at("a.hcl", 4, 10, 52, 6, 4, 66)},
		{Severity: hcl.DiagError, Summary: "No byte offsets", Detail: "Columns count runes.", Subject: at("a.hcl", 3, 15, 0, 3, 16, 0)},
		{Severity: hcl.DiagError, Summary: "Empty subject", Detail: "At least one caret.", Subject: at("a.hcl", 1, 1, 0, 1, 1, 0)},
		{Severity: hcl.DiagError, Summary: "Unknown source", Detail: "No snippet.", Subject: at("missing.hcl", 3, 1, 0, 3, 2, 1)},
		{Severity: hcl.DiagError, Summary: "Line out of range", Detail: "No snippet.", Subject: at("a.hcl", 99, 1, 0, 99, 2, 0)},
		{Severity: hcl.DiagError, Summary: "No subject", Detail: "Printed first."},
		{Severity: hcl.DiagError, Summary: "Long line", Detail: "A window around the subject.", Subject: at("long.csv", 2, 207, 214, 2, 212, 219)},
	}
	var buf bytes.Buffer
	if err := WriteDiagnostics(&buf, diags, src, false); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, filepath.Join(testdataDir, "diagnostics_shapes.golden"), buf.Bytes())
	if diags[0].Summary != "Tab line" {
		t.Error("WriteDiagnostics reordered its input")
	}
}

func TestSortDiagnostics(t *testing.T) {
	mk := func(file string, line, col int, summary string) *hcl.Diagnostic {
		return &hcl.Diagnostic{Summary: summary, Subject: &hcl.Range{Filename: file, Start: hcl.Pos{Line: line, Column: col}}}
	}
	diags := hcl.Diagnostics{
		mk("b.hcl", 1, 1, "A"), mk("a.hcl", 2, 1, "B"), mk("a.hcl", 1, 5, "C"), mk("a.hcl", 1, 5, "A"),
		{Summary: "Z"}, mk("a.hcl", 1, 2, "D"), {Summary: "Y"},
	}
	SortDiagnostics(diags)
	var got []string
	for _, d := range diags {
		got = append(got, d.Summary)
	}
	if want := "[Y Z D A C B A]"; fmt.Sprint(got) != want {
		t.Errorf("order = %v, want %s", got, want)
	}
}
