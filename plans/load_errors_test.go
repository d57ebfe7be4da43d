package plans

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/rogpeppe/go-internal/txtar"
)

// withPlan returns the files of a plan directory whose plan.hcl is basePlan
// followed by extra (which therefore starts on line 4), plus more files.
func withPlan(extra string, more ...string) map[string]string {
	files := map[string]string{"plan.hcl": basePlan + extra}
	for i := 0; i+1 < len(more); i += 2 {
		files[more[i]] = more[i+1]
	}
	return files
}

// loadCase is a plan directory and the diagnostics (file:line:col: summary,
// sorted) that Load must report for it.
type loadCase struct {
	name  string
	files map[string]string
	want  []string
}

// loadCases reads the cases of testdata/load/*.txtar: the archive comment
// names the case, the file "want" lists the diagnostics, every other file is
// part of the plan directory. Cases with binary content are written here.
func loadCases(t testing.TB) []loadCase {
	t.Helper()
	cases := []loadCase{
		{"binary file", withPlan("", "b.hcl", "rep \"a\" {}\n\x00\x01"), []string{"b.hcl:2:1: Not a text file"}},
		{"invalid utf8", withPlan("", "b.hcl", "# caf\xe9\n"), []string{"b.hcl:1:6: Not a text file"}},
	}
	paths, err := filepath.Glob(filepath.Join(testdataDir, "load", "*.txtar"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no load cases: %v", err)
	}
	for _, path := range paths {
		a, err := txtar.ParseFile(path)
		if err != nil {
			t.Fatal(err)
		}
		c := loadCase{name: strings.TrimSpace(string(a.Comment)), files: map[string]string{}, want: []string{}}
		for _, f := range a.Files {
			if f.Name != "want" {
				c.files[f.Name] = string(f.Data)
				continue
			}
			for line := range strings.Lines(string(f.Data)) {
				if line = strings.TrimSpace(line); line != "" {
					c.want = append(c.want, line)
				}
			}
		}
		cases = append(cases, c)
	}
	return cases
}

func TestLoadErrors(t *testing.T) {
	for _, tc := range loadCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeDir(t, tc.files)
			p, diags := Load(dir, LoadOptions{})
			if got := summarize(dir, diags); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("diagnostics:\n got %q\nwant %q", got, tc.want)
			}
			if p == nil || p.Sources == nil {
				t.Fatal("Load returned no plan or no sources")
			}
			checkDiagnosticShape(t, diags)
		})
	}
}

// checkDiagnosticShape asserts the house style of diagnostics: a short
// capitalised summary without final period and a detail in full sentences.
func checkDiagnosticShape(t *testing.T, diags hcl.Diagnostics) {
	t.Helper()
	for _, d := range diags {
		if d.Summary == "" || strings.HasSuffix(d.Summary, ".") || strings.ToUpper(d.Summary[:1]) != d.Summary[:1] {
			t.Errorf("summary %q is not a short capitalised phrase", d.Summary)
		}
		if d.Detail == "" || !strings.HasSuffix(strings.TrimSpace(d.Detail), ".") && !strings.HasSuffix(d.Detail, "?") && !strings.HasSuffix(d.Detail, "}") {
			t.Errorf("detail %q of %q does not end a sentence", d.Detail, d.Summary)
		}
	}
}

func TestLoadMissingDirectory(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "nope")
	p, diags := Load(dir, LoadOptions{})
	if got := summarize(dir, diags); !reflect.DeepEqual(got, []string{"Plan directory not found"}) {
		t.Errorf("diagnostics = %q", got)
	}
	if p == nil || p.Sources == nil {
		t.Error("Load returned no plan")
	}
}

func TestLoadImportOptions(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "plan")
	files := map[string]string{
		"outside.csv":   "id,name\nzed,Zed\n",
		"plan/plan.hcl": basePlan + "import \"reps\" {\n  csv = [\"../outside.csv\", \"link.csv\"]\n}\n",
	}
	for name, content := range files {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(root, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(root, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(filepath.Join(root, "outside.csv"), filepath.Join(dir, "link.csv")); err != nil {
		t.Skip("symlinks not supported:", err)
	}
	t.Run("refused", func(t *testing.T) {
		_, diags := Load(dir, LoadOptions{})
		want := []string{"plan.hcl:5:10: Import path outside the plan directory", "plan.hcl:5:28: Import path outside the plan directory"}
		if got := summarize(dir, diags); !reflect.DeepEqual(got, want) {
			t.Errorf("diagnostics = %q, want %q", got, want)
		}
	})
	t.Run("allowed", func(t *testing.T) {
		p, diags := Load(dir, LoadOptions{AllowOutside: true})
		// zed is read twice (the file and the link to it): a duplicate.
		want := []string{"link.csv:2:1: Duplicate rep"}
		if got := summarize(dir, diags); !reflect.DeepEqual(got, want) {
			t.Errorf("diagnostics = %q, want %q", got, want)
		}
		if len(p.Reps) != 1 || p.Reps[0].ID != "zed" {
			t.Errorf("reps = %v", p.Reps)
		}
	})
}

func TestLoadOverlay(t *testing.T) {
	dir := writeDir(t, withPlan("rep \"a\" {}\n"))
	overlay := map[string][]byte{
		filepath.Join(dir, "plan.hcl"):  []byte(basePlan + "rep \"b\" {}\nimport \"reps\" {\n  csv = \"r.csv\"\n}\n"),
		filepath.Join(dir, "extra.hcl"): []byte("rep \"c\" {}\n"),
		filepath.Join(dir, "r.csv"):     []byte("id\nd\n"),
	}
	p, diags := Load(dir, LoadOptions{Overlay: overlay})
	if len(diags) > 0 {
		t.Fatalf("diagnostics: %v", diags)
	}
	var ids []string
	for _, r := range p.Reps {
		ids = append(ids, r.ID)
	}
	if !reflect.DeepEqual(ids, []string{"b", "c", "d"}) {
		t.Errorf("reps = %v, want [b c d]", ids)
	}
	if string(p.Sources[filepath.Join(dir, "r.csv")]) != "id\nd\n" {
		t.Error("overlay CSV not in Sources")
	}
}

func TestLoadRelativeDirFilenames(t *testing.T) {
	p, _ := Load(filepath.Join("testdata", "full"), LoadOptions{})
	want := filepath.Join("testdata", "full", "org.hcl")
	if got := p.Reps[0].DefRange.Filename; got != want {
		t.Errorf("filename = %q, want %q", got, want)
	}
}
