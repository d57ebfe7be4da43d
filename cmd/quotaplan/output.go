package main

import (
	"bufio"
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

// outputBufferSize is the size of the buffer between a renderer and
// stdout or the output file.
const outputBufferSize = 64 << 10

// emit streams what write renders to stdout, or to the file path when it is
// not empty (atomically, see writeFileWith), through a buffer, so that a
// large result never has to fit in memory as text. Renderers check
// everything a user can get wrong before their first byte; a render error
// drops what is still buffered and leaves no output file, and on stdout
// output that is not flushed yet.
func emit(stdout io.Writer, path string, write func(io.Writer) error) error {
	if path != "" {
		return writeFileWith(path, regenerable, write)
	}
	bw := bufio.NewWriterSize(stdout, outputBufferSize)
	if err := write(bw); err != nil {
		return err
	}
	return bw.Flush()
}

// writeFileAtomic replaces the file at path with data, atomically (see
// writeFileWith).
func writeFileAtomic(path string, data []byte, d durability) error {
	return writeFileWith(path, d, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// durability says whether a written file must be on disk before it
// replaces the old one, so that it survives the machine crashing.
type durability bool

const (
	// regenerable files are outputs that running quotaplan again gives back
	// (eval -o, diff -o, JUnit reports). They are not synced: a sync waits
	// for the disk on every run, and the rename alone already keeps readers
	// from ever seeing a partial file.
	regenerable durability = false
	// durable files are the user's own (the plan files fmt rewrites):
	// synced before the rename, so that a crash leaves the old or the new
	// text and never an empty file.
	durable durability = true
)

// writeFileWith replaces the file at path with what write writes: it
// streams into a temporary file in the same directory, syncs it when d is
// durable, and renames it over path, so a reader sees the old or the new
// content and a failure (of write or of the disk) leaves no file behind and
// an existing file untouched. An existing file keeps its permissions; a new
// one gets 0644.
func writeFileWith(path string, d durability, write func(io.Writer) error) (err error) {
	mode, err := outputMode(path)
	if err != nil {
		return err
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
	bw := bufio.NewWriterSize(tmp, outputBufferSize)
	if err = write(bw); err != nil {
		if ioErr := bw.Flush(); ioErr != nil {
			err = fmt.Errorf("write %s: %w", path, pathless(ioErr)) // the disk failed, not the renderer
		}
		return err
	}
	if err = bw.Flush(); err == nil {
		err = tmp.Chmod(mode)
	}
	if err == nil && d == durable {
		err = tmp.Sync()
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

// outputMode is the permission for the file written at path: that of the
// existing file, or 0644 for a new one. An existing path that is not a
// regular file is an error.
func outputMode(path string) (fs.FileMode, error) {
	info, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return 0o644, nil
	case err != nil:
		return 0, fmt.Errorf("write %s: %w", path, err)
	case !info.Mode().IsRegular():
		return 0, fmt.Errorf("write %s: not a regular file", path)
	}
	return info.Mode().Perm(), nil
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
