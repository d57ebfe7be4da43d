//go:build unix

package watch

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestRunStopsWithNamedPipePlanFile is the regression test for watch
// ignoring SIGTERM with a named pipe as a plan file: whether the loader
// blocks reading the pipe or refuses it, Run returns soon after ctx ends.
func TestRunStopsWithNamedPipePlanFile(t *testing.T) {
	dir := fixture(t)
	fifo := filepath.Join(dir, "zz.hcl")
	must(t, syscall.Mkfifo(fifo, 0o644))
	s := start(t, dir, Options{})
	if w := waitForReader(t, s, fifo); w != nil {
		// The loader has the pipe open: with a writer that writes nothing,
		// its read blocks until the writer closes, after Run returned.
		defer w.Close()
	}
	s.stop() // fails the test unless Run returns within 5s
}

// waitForReader waits until the watcher opens the named pipe for reading
// and returns its writing end, or returns nil when a report comes first (a
// loader that does not read named pipes).
func waitForReader(t *testing.T, s *watching, fifo string) *os.File {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		select {
		case r := <-s.reports:
			t.Logf("the plan was evaluated without reading the pipe: report %d, %v", r.Seq, r.Diagnostics)
			return nil
		default:
		}
		// Opening the writing end without blocking succeeds only once a
		// reader has the pipe open.
		if w, err := os.OpenFile(fifo, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			return w
		}
	}
	t.Fatal("the watcher neither read the named pipe nor reported within 5s")
	return nil
}
