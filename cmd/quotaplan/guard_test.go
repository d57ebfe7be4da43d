package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestOutputOverwritesPlan is the regression test for -o replacing a plan
// file (eval plan -o plan/main.hcl) or adding one (-o plan/out.hcl): every
// way of naming a plan's own file, an imported file or a saved result is
// refused, and other paths are not.
func TestOutputOverwritesPlan(t *testing.T) {
	root := t.TempDir()
	t.Chdir(root)
	for name, content := range map[string]string{
		"plan/main.hcl":      "plan \"p\" {}\n",
		"plan/unloaded.hcl":  "# not read by this run\n",
		"plan/data/reps.csv": "id\n",
		"plan/notes.txt":     "notes\n",
		"outside/deals.csv":  "id\n",
		"base.json":          "{}\n",
		"old.txt":            "an earlier output\n",
	} {
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for link, target := range map[string]string{
		"main-link.hcl": "plan/main.hcl",
		"plan-link":     "plan",
	} {
		if err := os.Symlink(target, link); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Link("plan/main.hcl", "hard.hcl"); err != nil {
		t.Fatal(err)
	}
	var in inputs
	in.addPlan("plan", map[string][]byte{"plan/main.hcl": nil, "plan/data/reps.csv": nil, "outside/deals.csv": nil})
	in.addSaved("base.json", "the saved result BASE")

	const overwrite, join, input = "Output would overwrite the plan", "Output would become part of the plan", "Output would overwrite an input"
	tests := []struct {
		name, path string
		summary    string // "" when the path may be written
		detail     string // part of the detail
	}{
		{"a plan file", "plan/main.hcl", overwrite, "-o plan/main.hcl is a plan file; writing there would destroy it. Nothing was written. Write the output outside the plan directory, for example -o plan.json."},
		{"a plan file by a longer path", "./plan/../plan/main.hcl", overwrite, "is a plan file;"},
		{"a plan file by an absolute path", filepath.Join(root, "plan", "main.hcl"), overwrite, "is a plan file, plan/main.hcl;"},
		{"a symbolic link to a plan file", "main-link.hcl", overwrite, "is a plan file, plan/main.hcl;"},
		{"a plan file through a linked directory", "plan-link/main.hcl", overwrite, "is a plan file, plan/main.hcl;"},
		{"a hard link to a plan file", "hard.hcl", overwrite, "is a plan file, plan/main.hcl;"},
		{"a plan file this run did not read", "plan/unloaded.hcl", overwrite, "is a plan file;"},
		{"an imported file", "plan/data/reps.csv", overwrite, "is a file the plan imports;"},
		{"an imported file outside the plan", "outside/deals.csv", overwrite, "is a file the plan imports;"},
		{"a saved result", "base.json", input, "is the saved result BASE;"},
		{"a new .hcl file in the plan directory", "plan/out.hcl", join, "-o plan/out.hcl is a .hcl file in the plan directory plan: the next run would read the output as part of the plan."},
		{"a new .hcl file through a linked directory", "plan-link/out.hcl", join, "in the plan directory plan:"},
		{"a new .hcl dot-file in the plan directory", "plan/.out.hcl", join, "in the plan directory plan:"},
		{"another file in the plan directory", "plan/out.json", "", ""},
		{"a non-plan file in the plan directory", "plan/notes.txt", "", ""},
		{"a .hcl file in a subdirectory", "plan/data/out.hcl", "", ""},
		{"a new file elsewhere", "out.json", "", ""},
		{"an earlier output", "old.txt", "", ""},
		{"a file in a missing directory", "missing/out.hcl", "", ""},
		{"stdout", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stderr bytes.Buffer
			err := checkOutput(&stderr, "-o", tt.path, "json", in)
			if tt.summary == "" {
				if err != nil || stderr.Len() > 0 {
					t.Errorf("checkOutput(%q) = %v, %q; want it allowed", tt.path, err, stderr.String())
				}
				return
			}
			if code := exitCode(err, &stderr); code != 2 {
				t.Errorf("exit code %d, want 2", code)
			}
			got := stderr.String()
			if !strings.HasPrefix(got, "error: "+tt.summary+"\n") || !strings.Contains(got, tt.detail) {
				t.Errorf("checkOutput(%q) printed\n%s\nwant %q with ...%s...", tt.path, got, tt.summary, tt.detail)
			}
		})
	}
}
