package plans

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func TestFormat(t *testing.T) {
	tests := []struct {
		name    string
		src     string
		want    string
		summary string // first diagnostic when Format refuses
	}{
		{"aligns attributes", "plan \"p\" {\ntitle = \"x\"\n  start=\"2027-01-01\"\n}\n",
			"plan \"p\" {\n  title = \"x\"\n  start = \"2027-01-01\"\n}\n", ""},
		{"already formatted", "rep \"a\" {\n  name = \"A\"\n}\n", "rep \"a\" {\n  name = \"A\"\n}\n", ""},
		{"keeps heredocs", "let \"x\" {\nexpr = <<-EXPR\n    a +\n      b\n    EXPR\n}\n",
			"let \"x\" {\n  expr = <<-EXPR\n    a +\n      b\n    EXPR\n}\n", ""},
		{"refuses syntax errors", "plan \"p\" {\n  title = \n}\n", "", "Invalid expression"},
		{"refuses unclosed blocks", "plan \"p\" {\n", "", "Unclosed configuration block"},
		{"refuses binary", "plan \x00", "", "Not a text file"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, diags := Format([]byte(tc.src), "x.hcl")
			if tc.summary != "" {
				if got != nil || len(diags) == 0 || diags[0].Summary != tc.summary {
					t.Errorf("Format = %q, %v; want refusal %q", got, diags, tc.summary)
				}
				return
			}
			if diags.HasErrors() || string(got) != tc.want {
				t.Errorf("Format = %q, %v; want %q", got, diags, tc.want)
			}
		})
	}
}

func TestFormatTestdataIsCanonical(t *testing.T) {
	files, err := PlanFiles(filepath.Join("testdata", "full"))
	if err != nil || len(files) != 3 {
		t.Fatalf("PlanFiles = %v, %v", files, err)
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := Format(src, f); string(got) != string(src) {
			t.Errorf("%s is not canonically formatted:\n%s", f, got)
		}
	}
}

func TestPlanFiles(t *testing.T) {
	dir := writeDir(t, map[string]string{
		"b.hcl": "", "a.hcl": "", ".#a.hcl": "", "notes.txt": "", "sub/c.hcl": "", "x.hcl.bak": "",
	})
	if err := os.Mkdir(filepath.Join(dir, "d.hcl"), 0o755); err != nil {
		t.Fatal(err)
	}
	got, err := PlanFiles(dir)
	want := []string{filepath.Join(dir, "a.hcl"), filepath.Join(dir, "b.hcl")}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("PlanFiles = %v, %v; want %v", got, err, want)
	}
	if _, err := PlanFiles(filepath.Join(dir, "missing")); err == nil {
		t.Error("PlanFiles of a missing directory: no error")
	}
}
