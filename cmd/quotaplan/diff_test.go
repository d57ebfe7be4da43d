package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
)

// extract writes the files of a script archive into a new directory and
// returns it.
func extract(t *testing.T, script string) string {
	t.Helper()
	ar, err := txtar.ParseFile(filepath.Join("testdata", "script", script))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, f := range ar.Files {
		path := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestDiffExitCodes asserts the exit codes of diff, which the scripts can
// only tell apart from zero: 0 no change, 3 changes (a rule that changed
// without moving a number among them), 1 under --fail-on new-errors, 2
// invalid input.
func TestDiffExitCodes(t *testing.T) {
	changes, errs, rules := extract(t, "diff_changes.txtar"), extract(t, "diff_errors.txtar"), extract(t, "diff_rules.txtar")
	tests := []struct {
		name string
		args []string
		want int
	}{
		{"identical", []string{filepath.Join(changes, "base"), filepath.Join(changes, "base")}, 0},
		{"changes", []string{filepath.Join(changes, "base"), filepath.Join(changes, "head")}, 3},
		{"changes as json", []string{"--format", "json", filepath.Join(changes, "base"), filepath.Join(changes, "head")}, 3},
		{"new errors", []string{"--fail-on", "new-errors", filepath.Join(changes, "base"), filepath.Join(changes, "head")}, 1},
		{"new errors none", []string{"--fail-on", "new-errors", filepath.Join(changes, "head"), filepath.Join(changes, "base")}, 3},
		{"a rule changed without effect", []string{filepath.Join(rules, "base"), filepath.Join(rules, "message")}, 3},
		{"invalid", []string{filepath.Join(errs, "base"), filepath.Join(errs, "broken")}, 2},
		{"usage", []string{filepath.Join(errs, "base")}, 2},
		{"help", []string{"-h"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), append([]string{"diff"}, tt.args...), &stdout, &stderr)
			if code != tt.want {
				t.Errorf("exit code = %d, want %d\nstderr:\n%s", code, tt.want, stderr.String())
			}
			if tt.want == 2 && stdout.Len() > 0 {
				t.Errorf("invalid input printed to stdout:\n%s", stdout.String())
			}
		})
	}
}

// TestDiffGitCleansUp checks that --git leaves no temporary directory
// behind, whether the revision's plan is valid or not.
func TestDiffGitCleansUp(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	repo := extract(t, "diff_changes.txtar")
	gitCmd := func(args ...string) {
		cmd := exec.Command("git", append([]string{"-C", repo, "-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false"}, args...)...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	gitCmd("init", "-q")
	gitCmd("add", ".")
	gitCmd("commit", "-q", "-m", "plans")
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	for _, dir := range []string{"base", "want.md"} { // a plan, and a path that is no plan
		var stdout, stderr bytes.Buffer
		run(context.Background(), []string{"diff", "--git", "HEAD", filepath.Join(repo, dir)}, &stdout, &stderr)
		if left, _ := os.ReadDir(tmp); len(left) > 0 {
			t.Errorf("diff --git HEAD %s left %d entries in the temporary directory", dir, len(left))
		}
	}
}
