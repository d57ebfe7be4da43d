//go:build unix

package lsp

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestServeStopsWithNamedPipePlanFile is the regression test for the
// language server not stopping with a named pipe as a plan file: whether
// the loader blocks reading the pipe or refuses it, Serve returns soon
// after its context ends.
func TestServeStopsWithNamedPipePlanFile(t *testing.T) {
	dir := writePlan(t, map[string]string{"plan.hcl": planText, "data/reps.csv": repsCSV})
	fifo := filepath.Join(dir, "zz.hcl")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	serveCtx, cancel := context.WithCancel(context.Background())
	c := connectContext(t, serveCtx, Options{})
	c.open(filepath.Join(dir, "plan.hcl"), planText)
	if w := waitForReader(t, c, fifo); w != nil {
		defer w.Close()
	}
	cancel()
	select {
	case err := <-c.done:
		if err != nil {
			t.Errorf("Serve = %v after its context ended, want nil", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Serve did not return within 5s of its context ending")
	}
	c.done <- nil // for the cleanup's close
}

// waitForReader waits until the server opens the named pipe for reading
// and returns its writing end (a writer that writes nothing keeps the read
// blocked), or returns nil when diagnostics come first (a loader that does
// not read named pipes).
func waitForReader(t *testing.T, c *testClient, fifo string) *os.File {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		select {
		case p := <-c.diags:
			t.Logf("the plan was evaluated without reading the pipe: %+v", p.Diagnostics)
			return nil
		default:
		}
		// Opening the writing end without blocking succeeds only once a
		// reader has the pipe open.
		if w, err := os.OpenFile(fifo, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			return w
		}
	}
	t.Fatal("the server neither read the named pipe nor published diagnostics within 5s")
	return nil
}
