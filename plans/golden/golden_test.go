package golden

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// recorder is a testing.TB that keeps what Check reports.
type recorder struct {
	testing.TB
	errors []string
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

// Fatalf records and stops the goroutine, as testing's does.
func (r *recorder) Fatalf(format string, args ...any) {
	r.Errorf(format, args...)
	runtime.Goexit()
}

// check runs Check in its own goroutine, which Fatalf may end.
func check(r *recorder, path string, got []byte) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		Check(r, path, got)
	}()
	<-done
}

func TestCheck(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.golden")
	if err := os.WriteFile(path, []byte("a\nb\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		path    string
		got     string
		wantErr string // "" when Check must pass
	}{
		{name: "same bytes", path: path, got: "a\nb\n"},
		{name: "a line changed", path: path, got: "a\nc\n", wantErr: "+c"},
		{name: "no golden file", path: filepath.Join(dir, "none.golden"), got: "x", wantErr: "run go test -update to create it"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := &recorder{TB: t}
			check(r, tc.path, []byte(tc.got))
			switch {
			case tc.wantErr == "" && len(r.errors) > 0:
				t.Errorf("Check reported %q, want nothing", r.errors)
			case tc.wantErr != "" && (len(r.errors) != 1 || !strings.Contains(r.errors[0], tc.wantErr)):
				t.Errorf("Check reported %q, want one report holding %q", r.errors, tc.wantErr)
			}
		})
	}
}

func TestCheckUpdate(t *testing.T) {
	defer func(was bool) { *update = was }(*update)
	*update = true
	path := filepath.Join(t.TempDir(), "new", "out.golden")
	Check(t, path, []byte("fresh\n"))
	if got, err := os.ReadFile(path); err != nil || string(got) != "fresh\n" {
		t.Errorf("golden file holds %q (%v), want the output written", got, err)
	}
}
