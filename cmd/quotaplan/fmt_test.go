package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFmtSymlinkTarget is the regression test for fmt replacing a plan file
// that is a symbolic link with a regular copy: formatTarget names the file
// to rewrite (a link's target when it stays inside the plan directory) and
// refuses, with a reason, what fmt must not read or write.
func TestFmtSymlinkTarget(t *testing.T) {
	root := t.TempDir()
	t.Chdir(root)
	for _, dir := range []string{"plan/sub", "plan/dir.hcl", "outside"} {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range []string{"plan/plain.hcl", "plan/sub/real.hcl", "outside/real.hcl"} {
		if err := os.WriteFile(name, []byte("rep \"x\" {}\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	big, err := os.Create("plan/big.hcl")
	if err != nil {
		t.Fatal(err)
	}
	if err := big.Truncate(maxFormatSize + 1); err != nil { // sparse: no real disk used
		t.Fatal(err)
	}
	big.Close()
	for link, target := range map[string]string{
		"plan/to-sub.hcl":     "sub/real.hcl",
		"plan/to-plain.hcl":   "plain.hcl",
		"plan/to-outside.hcl": "../outside/real.hcl",
		"plan/absolute.hcl":   filepath.Join(root, "outside", "real.hcl"),
		"plan/dangling.hcl":   "nope.hcl",
		"plan-link":           "plan",
	} {
		if err := os.Symlink(target, link); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name, dir, file string
		target          string // the file to rewrite, when accepted
		summary         string // the refusal, when refused
	}{
		{"a regular file", "plan", "plan/plain.hcl", "plan/plain.hcl", ""},
		{"a link into a subdirectory", "plan", "plan/to-sub.hcl", "plan/sub/real.hcl", ""},
		{"a link to another plan file", "plan", "plan/to-plain.hcl", "plan/plain.hcl", ""},
		{"a link through a linked plan directory", "plan-link", "plan-link/to-sub.hcl", "plan/sub/real.hcl", ""},
		{"a link out of the plan directory", "plan", "plan/to-outside.hcl", "", "Symbolic link leaves the plan directory"},
		{"an absolute link out of the plan directory", "plan", "plan/absolute.hcl", "", "Symbolic link leaves the plan directory"},
		{"a broken link", "plan", "plan/dangling.hcl", "", "Broken symbolic link"},
		{"a directory", "plan", "plan/dir.hcl", "", "Not a regular file"},
		{"a file over the size limit", "plan", "plan/big.hcl", "", "Plan file too large"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			target, d := formatTarget(tt.dir, tt.file)
			if tt.summary != "" {
				if d == nil || d.Summary != tt.summary || d.Subject == nil || d.Subject.Filename != tt.file {
					t.Fatalf("formatTarget(%q) = %q, %v; want the error %q at the file", tt.file, target, d, tt.summary)
				}
				if !strings.HasPrefix(d.Detail, tt.file+" is ") {
					t.Errorf("detail %q does not begin with the file name", d.Detail)
				}
				return
			}
			if d != nil {
				t.Fatalf("formatTarget(%q): %s: %s", tt.file, d.Summary, d.Detail)
			}
			if got, _ := filepath.Rel(root, mustAbs(t, target)); got != filepath.FromSlash(tt.target) {
				t.Errorf("formatTarget(%q) = %q, want %q", tt.file, got, tt.target)
			}
		})
	}
}

// mustAbs is the absolute form of path, with symbolic links resolved.
func mustAbs(t *testing.T, path string) string {
	t.Helper()
	abs, err := filepath.Abs(path)
	if err != nil {
		t.Fatal(err)
	}
	if abs, err = filepath.EvalSymlinks(abs); err != nil {
		t.Fatal(err)
	}
	return abs
}
