package main

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestEmitFile(t *testing.T) {
	tests := []struct {
		name     string
		existing string // "" for no file before
		write    string
		fail     bool
		want     string // content after; "" with fail and no existing: no file
	}{
		{name: "new file", write: "new\n", want: "new\n"},
		{name: "replaces", existing: "old\n", write: "new\n", want: "new\n"},
		{name: "failure keeps existing", existing: "old\n", write: "partial", fail: true, want: "old\n"},
		{name: "failure leaves no file", write: "partial", fail: true},
		{name: "failure after streaming leaves no file", write: strings.Repeat("x", 3*outputBufferSize), fail: true},
		{name: "large", write: strings.Repeat("y\n", outputBufferSize), want: strings.Repeat("y\n", outputBufferSize)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "out.json")
			if tt.existing != "" {
				if err := os.WriteFile(path, []byte(tt.existing), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			err := emit(io.Discard, path, func(w io.Writer) error {
				io.WriteString(w, tt.write)
				if tt.fail {
					return errors.New("render failed")
				}
				return nil
			})
			if (err != nil) != tt.fail {
				t.Fatalf("emit error = %v, want failure %v", err, tt.fail)
			}
			got, readErr := os.ReadFile(path)
			switch {
			case tt.want == "" && !errors.Is(readErr, os.ErrNotExist):
				t.Errorf("file exists (%q, %v), want none", got, readErr)
			case tt.want != "" && string(got) != tt.want:
				t.Errorf("file = %q, want %q", got, tt.want)
			}
			entries, _ := os.ReadDir(dir)
			if want := min(1, len(tt.want)); len(entries) != want {
				t.Errorf("directory holds %d entries, want %d (temporary file left behind?)", len(entries), want)
			}
		})
	}
}

func TestWriteFileAtomicKeepsMode(t *testing.T) {
	path := filepath.Join(t.TempDir(), "plan.hcl")
	if err := os.WriteFile(path, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := writeFileAtomic(path, []byte("new"), durable); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Errorf("mode = %v, want 0600", info.Mode().Perm())
	}
}

func TestWriteFileAtomicMissingDir(t *testing.T) {
	path := filepath.Join(t.TempDir(), "missing", "out.csv")
	if err := writeFileAtomic(path, []byte("x"), regenerable); err == nil {
		t.Fatal("want an error for a missing directory")
	}
}

func TestEmitStdout(t *testing.T) {
	big := strings.Repeat("z", 3*outputBufferSize)
	tests := []struct {
		name  string
		write string
		fail  bool
		want  string
	}{
		{name: "small", write: "out\n", want: "out\n"},
		{name: "streams a large output", write: big, want: big},
		{name: "failure writes nothing", write: "partial", fail: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout strings.Builder
			err := emit(&stdout, "", func(w io.Writer) error {
				for chunk := range slices.Chunk([]byte(tt.write), 1000) {
					if _, err := w.Write(chunk); err != nil {
						return err
					}
				}
				if tt.fail {
					return errors.New("render failed")
				}
				return nil
			})
			if (err != nil) != tt.fail {
				t.Fatalf("emit error = %v, want failure %v", err, tt.fail)
			}
			if stdout.String() != tt.want {
				t.Errorf("stdout holds %d bytes, want %d", stdout.Len(), len(tt.want))
			}
		})
	}
}
