package watch

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/quotaplan/quotaplan/engine"
)

// fixture copies testdata/plan into a fresh temporary directory and
// returns its path.
func fixture(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	err := os.CopyFS(dir, os.DirFS("testdata/plan"))
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// watching is a running Run with its reports and notices on channels.
type watching struct {
	t       testing.TB
	reports chan Report
	notices chan Notice
	cancel  context.CancelFunc
	done    chan error
}

// start runs the watcher on dir in the background with a short debounce
// and poll interval.
func start(t testing.TB, dir string, opts Options) *watching {
	t.Helper()
	if opts.Debounce == 0 {
		opts.Debounce = 20 * time.Millisecond
	}
	if opts.Poll == 0 {
		opts.Poll = 20 * time.Millisecond
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &watching{t: t, reports: make(chan Report, 4096), notices: make(chan Notice, 64), cancel: cancel, done: make(chan error, 1)}
	opts.Notify = func(n Notice) { s.notices <- n }
	go func() { s.done <- Run(ctx, dir, opts, func(r Report) { s.reports <- r }) }()
	t.Cleanup(s.stop)
	return s
}

// notice waits for the next notice.
func (s *watching) notice() Notice {
	s.t.Helper()
	select {
	case n := <-s.notices:
		return n
	case <-time.After(5 * time.Second):
		s.t.Fatal("no notice within 5s")
	}
	return Notice{}
}

// nextOK waits for the next valid report, skipping invalid ones.
func (s *watching) nextOK() Report {
	s.t.Helper()
	return s.nextWhere(Report.OK)
}

// nextChange waits for the next valid report with changes, skipping others
// (evaluations that more file events may cause first).
func (s *watching) nextChange() Report {
	s.t.Helper()
	return s.nextWhere(func(r Report) bool { return r.OK() && r.Changes != nil && r.Changes.Changed() })
}

// nextWhere waits for the next report for which ok holds.
func (s *watching) nextWhere(ok func(Report) bool) Report {
	s.t.Helper()
	timeout := time.After(5 * time.Second)
	for {
		select {
		case r := <-s.reports:
			if ok(r) {
				return r
			}
		case <-timeout:
			s.t.Fatal("no matching report within 5s")
			return Report{}
		}
	}
}

// next waits for the next report.
func (s *watching) next() Report {
	s.t.Helper()
	select {
	case r := <-s.reports:
		return r
	case <-time.After(5 * time.Second):
		s.t.Fatal("no report within 5s")
	}
	return Report{}
}

// quiet waits until no report has come for d and returns the last report
// seen (the zero Report when none came).
func (s *watching) quiet(d time.Duration) Report {
	var last Report
	for {
		select {
		case r := <-s.reports:
			last = r
		case <-time.After(d):
			return last
		}
	}
}

// stop cancels the watcher and waits for Run to return.
func (s *watching) stop() {
	s.cancel()
	select {
	case err := <-s.done:
		if err != nil {
			s.t.Errorf("Run: %v", err)
		}
		s.done <- nil // let a second stop return at once
	case <-time.After(5 * time.Second):
		s.t.Error("Run did not return within 5s of cancel")
	}
}

// writeAtomic saves a file the way vim and JetBrains do: write a
// temporary file next to it, then rename it over the original.
func writeAtomic(t testing.TB, path, content string) {
	t.Helper()
	tmp := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".tmp")
	if err := os.WriteFile(tmp, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
}

// writeTruncating saves a file the way VS Code does: truncate, then write.
func writeTruncating(t testing.TB, path, content string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, fs.FileMode(0o644))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(content); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// read returns the content of a file.
func read(t testing.TB, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// fresh evaluates dir from scratch, as `quotaplan eval` would.
func fresh(t testing.TB, dir string) *engine.Result {
	t.Helper()
	res, _, diags := engine.Run(context.Background(), dir, engine.Options{})
	if diags.HasErrors() {
		t.Fatalf("fresh evaluation: %v", diags)
	}
	return res
}

// settleGoroutines waits until the number of goroutines is back to at most
// want, and fails the test if it does not get there.
func settleGoroutines(t testing.TB, want int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > want {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<16)
			t.Fatalf("goroutines leaked: %d > %d\n%s", runtime.NumGoroutine(), want, buf[:runtime.Stack(buf, true)])
		}
		time.Sleep(10 * time.Millisecond)
	}
}
