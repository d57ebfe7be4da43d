//go:build unix

package plans

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"
)

// secret is the content of a file outside the plan directory, which no
// diagnostic may show.
const secret = "AWS_SECRET=hunter2\n"

// specialDir makes a plan directory (plan.hcl plus files) inside a
// temporary root that also holds outside/secret.txt, and runs setup to
// add links, fifos and other special files to it.
func specialDir(t *testing.T, files map[string]string, setup func(dir, outside string)) string {
	t.Helper()
	root := t.TempDir()
	outside := filepath.Join(root, "outside")
	if err := os.MkdirAll(outside, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(outside, "secret.txt"), []byte(secret), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(root, "plan")
	for name, content := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	setup(dir, outside)
	return dir
}

// must fails the test on err.
func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// loadWithin loads dir, failing the test if Load does not return within a
// few seconds (a fifo or device read would block or never end).
func loadWithin(t *testing.T, dir string, opts LoadOptions) (*Plan, []string, string) {
	t.Helper()
	type result struct {
		p    *Plan
		sums []string
		out  string
	}
	done := make(chan result, 1)
	go func() {
		p, diags := Load(dir, opts)
		var out bytes.Buffer
		_ = WriteDiagnostics(&out, diags, p.Sources, false)
		done <- result{p, summarize(dir, diags), out.String()}
	}()
	select {
	case r := <-done:
		return r.p, r.sums, r.out
	case <-time.After(10 * time.Second):
		t.Fatal("Load did not return: it is reading a special file")
		return nil, nil, ""
	}
}

func TestLoadRefusesSpecialFiles(t *testing.T) {
	importCSV := func(path string) string {
		return basePlan + "import \"reps\" {\n  csv = \"" + path + "\"\n}\n"
	}
	tests := []struct {
		name    string
		files   map[string]string
		setup   func(t *testing.T, dir, outside string)
		outside bool // LoadOptions.AllowOutside
		want    []string
	}{
		{
			name:  "plan file linked to /dev/zero",
			files: map[string]string{"plan.hcl": basePlan},
			setup: func(t *testing.T, dir, _ string) { must(t, os.Symlink("/dev/zero", filepath.Join(dir, "zz.hcl"))) },
			want:  []string{"zz.hcl:1:1: Not a regular file"},
		},
		{
			name:    "plan file linked to /dev/zero with allow outside",
			files:   map[string]string{"plan.hcl": basePlan},
			setup:   func(t *testing.T, dir, _ string) { must(t, os.Symlink("/dev/zero", filepath.Join(dir, "zz.hcl"))) },
			outside: true,
			want:    []string{"zz.hcl:1:1: Not a regular file"},
		},
		{
			name:  "plan file that is a fifo",
			files: map[string]string{"plan.hcl": basePlan},
			setup: func(t *testing.T, dir, _ string) { must(t, syscall.Mkfifo(filepath.Join(dir, "zz.hcl"), 0o644)) },
			want:  []string{"zz.hcl:1:1: Not a regular file"},
		},
		{
			name:  "plan file linked to a directory",
			files: map[string]string{"plan.hcl": basePlan},
			setup: func(t *testing.T, dir, outside string) { must(t, os.Symlink(outside, filepath.Join(dir, "zz.hcl"))) },
			want:  []string{"zz.hcl:1:1: Not a regular file"},
		},
		{
			name:  "plan file linked outside the plan directory",
			files: map[string]string{"plan.hcl": basePlan},
			setup: func(t *testing.T, dir, outside string) {
				must(t, os.Symlink(filepath.Join(outside, "secret.txt"), filepath.Join(dir, "zz.hcl")))
			},
			want: []string{"zz.hcl:1:1: Plan file outside the plan directory"},
		},
		{
			name:  "plan file linked inside the plan directory",
			files: map[string]string{"plan.hcl": basePlan, "data/rep.txt": "rep \"a\" {}\n"},
			setup: func(t *testing.T, dir, _ string) {
				must(t, os.Symlink(filepath.Join("data", "rep.txt"), filepath.Join(dir, "zz.hcl")))
			},
			want: []string{},
		},
		{
			name:  "import of /dev/zero with allow outside",
			files: map[string]string{"plan.hcl": importCSV("/dev/zero")},
			setup: func(*testing.T, string, string) {},
			// even with --allow-outside: a device is not a regular file
			outside: true,
			want:    []string{"plan.hcl:5:9: Not a regular file"},
		},
		{
			name:  "import that is a fifo",
			files: map[string]string{"plan.hcl": importCSV("reps.csv")},
			setup: func(t *testing.T, dir, _ string) { must(t, syscall.Mkfifo(filepath.Join(dir, "reps.csv"), 0o644)) },
			want:  []string{"plan.hcl:5:9: Not a regular file"},
		},
		{
			name:  "import that is a directory",
			files: map[string]string{"plan.hcl": importCSV("data"), "data/x": ""},
			setup: func(*testing.T, string, string) {},
			want:  []string{"plan.hcl:5:9: Not a regular file"},
		},
		{
			name:  "import linked outside the plan directory",
			files: map[string]string{"plan.hcl": importCSV("reps.csv")},
			setup: func(t *testing.T, dir, outside string) {
				must(t, os.Symlink(filepath.Join(outside, "secret.txt"), filepath.Join(dir, "reps.csv")))
			},
			want: []string{"plan.hcl:5:9: Import path outside the plan directory"},
		},
		{
			name:  "plan file over the size limit",
			files: map[string]string{"plan.hcl": basePlan},
			setup: func(t *testing.T, dir, _ string) {
				must(t, os.WriteFile(filepath.Join(dir, "zz.hcl"), nil, 0o644))
				must(t, os.Truncate(filepath.Join(dir, "zz.hcl"), maxPlanFileBytes+1)) // sparse: nothing to write
			},
			want: []string{"zz.hcl:1:1: File too large"},
		},
		{
			name:  "import over the size limit",
			files: map[string]string{"plan.hcl": importCSV("reps.csv")},
			setup: func(t *testing.T, dir, _ string) {
				must(t, os.WriteFile(filepath.Join(dir, "reps.csv"), nil, 0o644))
				must(t, os.Truncate(filepath.Join(dir, "reps.csv"), maxCSVFileBytes+1))
			},
			want: []string{"plan.hcl:5:9: File too large"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := specialDir(t, tc.files, func(dir, outside string) { tc.setup(t, dir, outside) })
			p, got, out := loadWithin(t, dir, LoadOptions{AllowOutside: tc.outside})
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("diagnostics %q, want %q", got, tc.want)
			}
			if strings.Contains(out, "hunter2") {
				t.Errorf("the diagnostics show the content of a file outside the plan:\n%s", out)
			}
			for name, src := range p.Sources {
				if bytes.Contains(src, []byte("hunter2")) || len(src) > maxPlanFileBytes {
					t.Errorf("Sources holds %s (%d bytes), which was refused", name, len(src))
				}
			}
		})
	}
}

func TestLoadAllowOutsideReadsLinkedPlanFile(t *testing.T) {
	dir := specialDir(t, map[string]string{"plan.hcl": basePlan}, func(dir, outside string) {
		must(t, os.WriteFile(filepath.Join(outside, "reps.hcl"), []byte("rep \"zed\" {}\n"), 0o644))
		must(t, os.Symlink(filepath.Join(outside, "reps.hcl"), filepath.Join(dir, "reps.hcl")))
	})
	p, got, _ := loadWithin(t, dir, LoadOptions{AllowOutside: true})
	if len(got) != 0 || len(p.Reps) != 1 || p.Reps[0].ID != "zed" {
		t.Errorf("diagnostics %q, reps %v; want the linked file read", got, p.Reps)
	}
}

func TestReadPlanFile(t *testing.T) {
	dir := specialDir(t, map[string]string{"plan.hcl": basePlan}, func(dir, outside string) {
		must(t, os.Symlink(filepath.Join(outside, "secret.txt"), filepath.Join(dir, "link.hcl")))
		must(t, syscall.Mkfifo(filepath.Join(dir, "fifo.hcl"), 0o644))
	})
	tests := []struct {
		name, file, want string
		outside          bool
	}{
		{"regular file", "plan.hcl", "", false},
		{"link outside", "link.hcl", "Plan file outside the plan directory", false},
		{"link outside allowed", "link.hcl", "", true},
		{"fifo", "fifo.hcl", "Not a regular file", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src, diags := ReadPlanFile(dir, filepath.Join(dir, tc.file), tc.outside)
			switch {
			case tc.want == "" && (len(diags) > 0 || src == nil):
				t.Errorf("ReadPlanFile: %v", diags)
			case tc.want != "" && (len(diags) != 1 || diags[0].Summary != tc.want || src != nil):
				t.Errorf("ReadPlanFile: %d bytes, %v; want %q", len(src), diags, tc.want)
			}
		})
	}
}
