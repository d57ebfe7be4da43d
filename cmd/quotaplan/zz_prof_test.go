package main

import (
	"context"
	"io"
	"os"
	"runtime/debug"
	"testing"
)

func TestZZProf(t *testing.T) {
	dir := os.Getenv("QP_PROF_DIR")
	if dir == "" {
		t.Skip()
	}
	debug.SetGCPercent(batchGCPercent)
	debug.SetMemoryLimit(batchMemoryLimit)
	if code := run(context.Background(), []string{"eval", dir, "--format", "json", "-o", "/tmp/x/prof.json"}, io.Discard, io.Discard); code != 0 {
		t.Fatal(code)
	}
}
