package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/hashicorp/hcl/v2"

	"github.com/quotaplan/quotaplan/plans"
)

// reportDiags writes diags (errors and warnings) to stderr, with colour on
// a terminal, and returns exit code 2 when any of them is an error.
func reportDiags(stderr io.Writer, diags hcl.Diagnostics, sources map[string][]byte) error {
	if len(diags) == 0 {
		return nil
	}
	if err := plans.WriteDiagnostics(stderr, diags, sources, useColor(stderr)); err != nil {
		return fmt.Errorf("write diagnostics: %w", err)
	}
	if diags.HasErrors() {
		return exitError{code: 2}
	}
	return nil
}

// emit renders with write into memory, then copies the whole text to
// stdout, or to the file path when it is not empty (atomically). Nothing is
// written when rendering fails.
func emit(stdout io.Writer, path string, write func(io.Writer) error) error {
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		return err
	}
	if path != "" {
		return writeFileAtomic(path, buf.Bytes())
	}
	_, err := stdout.Write(buf.Bytes())
	return err
}

// writeFileAtomic replaces the file at path with data: it writes a
// temporary file in the same directory and renames it over path, so a
// reader sees the old or the new content and a failure leaves no file
// behind and an existing file untouched. An existing file keeps its
// permissions; a new one gets 0644.
func writeFileAtomic(path string, data []byte) (err error) {
	mode := fs.FileMode(0o644)
	if info, statErr := os.Stat(path); statErr == nil {
		if !info.Mode().IsRegular() {
			return fmt.Errorf("write %s: not a regular file", path)
		}
		mode = info.Mode().Perm()
	} else if !errors.Is(statErr, fs.ErrNotExist) {
		return fmt.Errorf("write %s: %w", path, statErr)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("write %s: the directory %s does not exist", path, filepath.Dir(path))
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", path, pathless(err))
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err == nil {
		err = tmp.Chmod(mode)
	}
	if err == nil {
		err = tmp.Close()
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", path, pathless(err))
	}
	return nil
}

// pathless strips the file name from a *fs.PathError or *os.LinkError, so
// that messages name the user's file rather than the temporary one.
func pathless(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}
