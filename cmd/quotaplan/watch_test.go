package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe for one writer and one reader.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// waitFor waits until b holds want, failing the test after 5s.
func waitFor(t *testing.T, b *syncBuffer, want string) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !strings.Contains(b.String(), want); {
		if time.Now().After(deadline) {
			t.Fatalf("output never contained %q:\n%s", want, b.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestWatchCommand(t *testing.T) {
	const quota = "default     = 600000"
	tests := []struct {
		name           string
		args           []string
		old, new       string // the edit made to plan.hcl after the first report
		first, changed string // what stdout shows before and after it
		stderr         string // what stderr shows after it
	}{
		{"text", nil, quota, "default     = 700000",
			"14:03:07 evaluated in", "~ alice  new_arr  $600,000 -> $702,000", ""},
		{"json", []string{"--json"}, quota, "default     = 700000",
			`{"seq":1,"time":"2027-03-01T14:03:07Z"`, `"changes":{"changed":true,"summary":"Plan: 4 quotas changed`, ""},
		{"scenario", []string{"--scenario", "stretch"}, "# Reps.", "# Reps!",
			"14:03:07 evaluated in", "changes since 14:03:07: no changes", ""},
		{"broken save", nil, `annual     = "var.ae_quota"`, `annual     = "var.ae_qutoa"`,
			"14:03:07 evaluated in", "plan invalid", `Did you mean "ae_quota"?`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.CopyFS(dir, os.DirFS("../../examples/starter")); err != nil {
				t.Fatal(err)
			}
			var stdout, stderr syncBuffer
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan error, 1)
			clock := func() time.Time { return time.Date(2027, 3, 1, 14, 3, 7, 0, time.UTC) }
			go func() {
				done <- watchWithClock(ctx, append(tt.args, "--debounce", "20ms", dir), &stdout, &stderr, clock)
			}()
			waitFor(t, &stdout, tt.first)
			plan := filepath.Join(dir, "plan.hcl")
			src, err := os.ReadFile(plan)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(plan, []byte(strings.Replace(string(src), tt.old, tt.new, 1)), 0o644); err != nil {
				t.Fatal(err)
			}
			waitFor(t, &stdout, tt.changed)
			waitFor(t, &stderr, tt.stderr)
			cancel()
			if err := <-done; err != nil {
				t.Errorf("watch returned %v after an interrupt, want nil", err)
			}
		})
	}
}

// TestWatchPlanDirRecreated is the regression test for watch going silent
// for good once its plan directory was deleted and re-created: it says on
// stderr that the directory disappeared and is back, and evaluates it again.
func TestWatchPlanDirRecreated(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		report string // what each valid report shows on stdout
	}{
		{"text", nil, " evaluated in "},
		{"json", []string{"--json"}, `"status":"ok"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "plan")
			if err := os.CopyFS(dir, os.DirFS("../../examples/starter")); err != nil {
				t.Fatal(err)
			}
			var stdout, stderr syncBuffer
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan error, 1)
			clock := func() time.Time { return time.Date(2027, 3, 1, 14, 3, 7, 0, time.UTC) }
			go func() {
				done <- watchWithClock(ctx, append(tt.args, "--debounce", "20ms", dir), &stdout, &stderr, clock)
			}()
			waitForCount(t, &stdout, tt.report, 1)
			if err := os.RemoveAll(dir); err != nil {
				t.Fatal(err)
			}
			waitFor(t, &stderr, "quotaplan watch: 14:03:07 the plan directory "+dir+" disappeared; waiting for it to come back\n")
			if err := os.CopyFS(dir, os.DirFS("../../examples/starter")); err != nil {
				t.Fatal(err)
			}
			waitFor(t, &stderr, "quotaplan watch: 14:03:07 the plan directory "+dir+" is back; watching it again\n")
			waitForCount(t, &stdout, tt.report, 2)
			cancel()
			if err := <-done; err != nil {
				t.Errorf("watch returned %v after an interrupt, want nil", err)
			}
		})
	}
}

// waitForCount waits until b holds want at least n times, failing the test
// after 5s.
func waitForCount(t *testing.T, b *syncBuffer, want string, n int) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); strings.Count(b.String(), want) < n; {
		if time.Now().After(deadline) {
			t.Fatalf("output never contained %q %d times:\n%s", want, n, b.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
}
