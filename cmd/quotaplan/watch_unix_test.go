//go:build unix

package main

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestWatchStopsWithNamedPipePlanFile is the regression test for watch
// ignoring SIGTERM with a named pipe as a plan file: the signal cancels the
// command's context (signal.NotifyContext in Main), and watch returns nil
// soon after even while the evaluation is stuck reading the pipe.
func TestWatchStopsWithNamedPipePlanFile(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("../../examples/starter")); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "zz.hcl")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr syncBuffer
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- runWatch(ctx, []string{dir}, &stdout, &stderr) }()
	// Wait until the loader holds the pipe open for reading (then a writer
	// that writes nothing keeps its read blocked) or until watch printed
	// something (a loader that refuses named pipes).
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		if w, err := os.OpenFile(fifo, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			defer w.Close()
			break
		}
		if stdout.String() != "" || stderr.String() != "" {
			t.Logf("the plan was evaluated without reading the pipe:\n%s%s", stdout.String(), stderr.String())
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("watch neither read the named pipe nor printed anything within 5s")
		}
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("watch returned %v after an interrupt, want nil", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("watch did not return within 5s of the interrupt")
	}
}
