// Package golden compares the output of tests with golden files, and
// rewrites the files instead when the tests run with -update:
//
//	go test ./engine/front/render -update
//
// Every package whose tests use it gets the -update flag from here, so a
// package must not define its own.
package golden

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/diff"
)

var update = flag.Bool("update", false, "rewrite the golden files with the actual output")

// Check compares got with the golden file at path and reports a difference
// as a unified diff. Under -update it writes got to path instead, making
// its directory if needed.
func Check(t testing.TB, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (run go test -update if the change is intended):\n%s",
			path, diff.Diff(path, want, "got", got))
	}
}
