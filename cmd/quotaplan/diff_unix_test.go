//go:build unix

package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestDiffRefusesNamedPipe is the regression test for diff reading a
// saved result with no check: a named pipe given as BASE blocked the
// command for ever. It is refused at once, with exit 2.
func TestDiffRefusesNamedPipe(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "base.json")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	done := make(chan int, 1)
	go func() {
		done <- run(context.Background(), []string{"diff", fifo, "../../examples/starter"}, &stdout, &stderr)
	}()
	select {
	case code := <-done:
		if code != 2 || !strings.Contains(stderr.String(), "not a regular file") || stdout.Len() != 0 {
			t.Errorf("exit %d, stdout %q, stderr %q; want exit 2 saying it is not a regular file", code, stdout.String(), stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("diff blocked on a named pipe")
	}
}
