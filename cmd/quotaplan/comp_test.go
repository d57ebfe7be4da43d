package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
)

// TestCompErrorsExit2 runs the bad plans of the comp_errors script and
// checks that each exits with 2 and writes nothing to stdout.
func TestCompErrorsExit2(t *testing.T) {
	a, err := txtar.ParseFile(filepath.Join("testdata", "script", "comp_errors.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, f := range a.Files {
		path := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		name string
		run  func(context.Context, []string, *bytes.Buffer, *bytes.Buffer) error
	}{
		{"tiers", validateArgs}, {"payout", validateArgs}, {"mixed", validateArgs}, {"cycle", validateArgs}, {"tp", compArgs},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := tc.run(context.Background(), []string{filepath.Join(dir, tc.name)}, &stdout, &stderr)
			if code := exitCode(err, &stderr); code != 2 {
				t.Errorf("exit code %d, want 2; stderr:\n%s", code, stderr.String())
			}
			if stdout.Len() != 0 {
				t.Errorf("stdout = %q, want nothing", stdout.String())
			}
		})
	}
	var stdout, stderr bytes.Buffer
	if err := runComp(context.Background(), []string{filepath.Join(dir, "curve")}, &stdout, &stderr); err != nil {
		t.Errorf("comp of a plan without actuals: %v\n%s", err, stderr.String())
	}
}

func validateArgs(ctx context.Context, args []string, stdout, stderr *bytes.Buffer) error {
	return runValidate(ctx, args, stdout, stderr)
}

func compArgs(ctx context.Context, args []string, stdout, stderr *bytes.Buffer) error {
	return runComp(ctx, args, stdout, stderr)
}
