package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/quotaplan/quotaplan/cmd/plangen/baseline"
	"github.com/quotaplan/quotaplan/cmd/plangen/gen"
	"github.com/quotaplan/quotaplan/plans/golden"
)

func TestMainCommands(t *testing.T) {
	tests := []struct {
		name       string
		setup      func(t *testing.T, dir string)
		args       []string // "DIR" stands for the test's directory
		wantCode   int
		wantStdout string
		wantStderr string
		wantFiles  []string
	}{
		{name: "generate", args: []string{"-reps", "20", "-seed", "2", "-o", "DIR/plan"}, wantCode: 0,
			wantStdout: "wrote a plan of 20 reps", wantFiles: []string{"plan/plan.hcl", "plan/data/reps.csv"}},
		{name: "generate into an empty directory", args: []string{"-o", "DIR", "-reps", "10"}, wantCode: 0,
			wantFiles: []string{"plan.hcl"}},
		{name: "refuse a non-empty directory", setup: writeNote, args: []string{"-reps", "10", "-o", "DIR"},
			wantCode: 1, wantStderr: "is not empty; use -force"},
		{name: "force", setup: writeNote, args: []string{"-reps", "10", "-o", "DIR", "-force"}, wantCode: 0,
			wantFiles: []string{"plan.hcl", "note.txt"}},
		{name: "missing -o", args: []string{"-reps", "10"}, wantCode: 2, wantStderr: "-o DIR is required"},
		{name: "too few reps", args: []string{"-reps", "3", "-o", "DIR"}, wantCode: 2, wantStderr: "at least 4"},
		{name: "stray argument", args: []string{"plan", "-o", "DIR"}, wantCode: 2, wantStderr: `unexpected argument "plan"`},
		{name: "unknown flag", args: []string{"-size", "10"}, wantCode: 2, wantStderr: "flag provided but not defined"},
		{name: "help", args: []string{"-h"}, wantCode: 0, wantStderr: "-reps"},
		{name: "baseline with flags after the directory", setup: generate, args: []string{"baseline", "DIR", "-o", "DIR/out.json"},
			wantCode: 0, wantFiles: []string{"out.json"}},
		{name: "baseline to stdout", setup: generate, args: []string{"baseline", "DIR"}, wantCode: 0,
			wantStdout: `"format_version": "1"`},
		{name: "baseline without directory", args: []string{"baseline"}, wantCode: 2, wantStderr: "one plan directory"},
		{name: "baseline of a missing plan", args: []string{"baseline", "DIR/none"}, wantCode: 1, wantStderr: "territories.csv"},
		{name: "bench with a bad size", args: []string{"bench", "-reps", "1000,ten"}, wantCode: 2, wantStderr: `"ten" is not a plan size`},
		{name: "bench without runs", args: []string{"bench", "-runs", "0"}, wantCode: 2, wantStderr: "-runs must be at least 1"},
		{name: "bench with an argument", args: []string{"bench", "plan"}, wantCode: 2, wantStderr: "bench takes no arguments"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if tt.setup != nil {
				tt.setup(t, dir)
			}
			args := make([]string, len(tt.args))
			for i, a := range tt.args {
				args[i] = strings.Replace(a, "DIR", dir, 1)
			}
			var stdout, stderr bytes.Buffer
			if code := Main(args, &stdout, &stderr); code != tt.wantCode {
				t.Errorf("exit code %d, want %d; stderr: %s", code, tt.wantCode, stderr.String())
			}
			if !strings.Contains(stdout.String(), tt.wantStdout) {
				t.Errorf("stdout %q does not contain %q", stdout.String(), tt.wantStdout)
			}
			if !strings.Contains(stderr.String(), tt.wantStderr) {
				t.Errorf("stderr %q does not contain %q", stderr.String(), tt.wantStderr)
			}
			for _, f := range tt.wantFiles {
				if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
					t.Error(err)
				}
			}
		})
	}
}

// TestBaselineFile checks that plangen baseline -o writes what
// baseline.Run writes, and nothing else in the directory.
func TestBaselineFile(t *testing.T) {
	dir := t.TempDir()
	generate(t, dir)
	out := filepath.Join(t.TempDir(), "result.json")
	var stdout, stderr bytes.Buffer
	if code := Main([]string{"baseline", "-o", out, dir}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit code %d: %s", code, stderr.String())
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	if err := baseline.Run(dir, &want); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want.Bytes()) {
		t.Error("plangen baseline -o wrote other bytes than baseline.Run")
	}
	entries, err := os.ReadDir(filepath.Dir(out))
	if err != nil || len(entries) != 1 {
		t.Errorf("output directory holds %v (%v), want only the result", entries, err)
	}
}

func TestParseSizes(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    []int
		wantErr bool
	}{
		{name: "default", in: "1000,10000,100000", want: []int{1000, 10000, 100000}},
		{name: "spaces", in: "10, 20", want: []int{10, 20}},
		{name: "too small", in: "3", wantErr: true},
		{name: "empty", in: "", wantErr: true},
		{name: "not a number", in: "1k", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseSizes(tt.in)
			if (err != nil) != tt.wantErr || !equalInts(got, tt.want) {
				t.Errorf("parseSizes(%q) = %v, %v; want %v, error %v", tt.in, got, err, tt.want, tt.wantErr)
			}
		})
	}
}

func TestPrintTable(t *testing.T) {
	run := func(ms, kib int64) measurement {
		return measurement{wall: time.Duration(ms) * time.Millisecond, rssKiB: kib}
	}
	rows := []benchRow{
		{reps: 1000, identical: true,
			quotaplan: []measurement{run(30, 40960), run(20, 30720), run(40, 51200)},
			baseline:  []measurement{run(10, 10240), run(10, 10240), run(12, 12288)}},
		{reps: 100000, failed: "exit status 2: plan.hcl:1: rule would take too long",
			baseline: []measurement{run(900, 204800)}},
		{reps: 10, quotaplan: []measurement{run(2, 1024), run(4, 2048)}, baseline: []measurement{run(1, 1024), run(1, 1024)}},
	}
	var out bytes.Buffer
	if err := printTable(&out, rows); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, filepath.Join("testdata", "table.golden"), out.Bytes())
}

// writeNote puts an unrelated file into dir.
func writeNote(t *testing.T, dir string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, "note.txt"), []byte("keep me\n"), 0o644); err != nil {
		t.Fatal(err)
	}
}

// generate writes a small plan into dir.
func generate(t *testing.T, dir string) {
	t.Helper()
	if err := gen.Generate(dir, gen.Config{Reps: 30, Seed: 1}); err != nil {
		t.Fatal(err)
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
