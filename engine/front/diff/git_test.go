package diff

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
)

// gitRepo creates a repository with plan/plan.hcl and plan/data/reps.csv
// committed, then edits plan.hcl in the working tree. It returns the
// repository's top.
func gitRepo(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	top := t.TempDir()
	write := func(name, text string) {
		path := filepath.Join(top, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	run := func(args ...string) {
		cmd := exec.Command("git", append([]string{"-C", top, "-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false"}, args...)...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	write("plan/plan.hcl", "committed\n")
	write("plan/data/reps.csv", "id\nalice\n")
	run("init", "-q")
	run("add", ".")
	run("commit", "-q", "-m", "plan")
	write("plan/plan.hcl", "edited\n")
	return top
}

func TestCheckout(t *testing.T) {
	top := gitRepo(t)
	tree, diags := Checkout(context.Background(), filepath.Join(top, "plan"), "HEAD")
	if diags.HasErrors() {
		t.Fatalf("diagnostics: %v", diags)
	}
	for name, want := range map[string]string{"plan.hcl": "committed\n", "data/reps.csv": "id\nalice\n"} {
		got, err := os.ReadFile(filepath.Join(tree.Dir, filepath.FromSlash(name)))
		if err != nil || string(got) != want {
			t.Errorf("%s = %q, %v; want %q", name, got, err, want)
		}
	}
	if tree.Label != "HEAD:plan" {
		t.Errorf("Label = %q, want HEAD:plan", tree.Label)
	}
	d := &hcl.Diagnostic{Summary: "x", Detail: "In " + tree.Dir + ".", Subject: &hcl.Range{Filename: filepath.Join(tree.Dir, "plan.hcl")}}
	got, src := tree.Relabel(hcl.Diagnostics{d}, map[string][]byte{filepath.Join(tree.Dir, "plan.hcl"): nil})
	if _, ok := src["HEAD:plan/plan.hcl"]; !ok || got[0].Subject.Filename != "HEAD:plan/plan.hcl" || got[0].Detail != "In HEAD:plan." {
		t.Errorf("Relabel = %q / %q / %v", got[0].Subject.Filename, got[0].Detail, src)
	}
	if err := tree.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(tree.Root); !os.IsNotExist(err) {
		t.Errorf("the temporary tree %s is still there after Close", tree.Root)
	}
}

func TestCheckoutErrors(t *testing.T) {
	top := gitRepo(t)
	tests := []struct {
		name, dir, ref, summary string
	}{
		{"unknown ref", filepath.Join(top, "plan"), "nope", "Unknown git revision"},
		{"option as ref", filepath.Join(top, "plan"), "--output=x", "Unknown git revision"},
		{"not a repository", t.TempDir(), "HEAD", "Not a git repository"},
		{"missing dir", filepath.Join(top, "missing"), "HEAD", "Plan directory not found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tree, diags := Checkout(context.Background(), tt.dir, tt.ref)
			if tree != nil || len(diags) != 1 || diags[0].Summary != tt.summary {
				t.Fatalf("Checkout = %v, %v; want %q", tree, diags, tt.summary)
			}
			if !strings.HasSuffix(diags[0].Detail, ".") {
				t.Errorf("detail %q does not end a sentence", diags[0].Detail)
			}
		})
	}
}
