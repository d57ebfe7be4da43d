package main

import (
	"context"
	"errors"
	"io"
	"os"
	"strings"

	"github.com/quotaplan/quotaplan/engine/front/lsp"
)

// runLSP implements `quotaplan lsp`: serve the Language Server Protocol on
// stdin and stdout until the editor says exit.
func runLSP(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("lsp", "", "Serve the Language Server Protocol on stdin and stdout, for editors: diagnostics\n"+
		"on every change, hover with computed quotas, inlay hints, completion in rules,\n"+
		"symbols, formatting and go-to-definition, in plan files and in the CSV files they\nimport. Logs go to stderr.", stderr)
	var pf planFlags
	pf.register(fs)
	pos, err := fs.parse(args, stdout)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return fs.usageError("unexpected arguments: %s (the editor names the files)", strings.Join(pos, " "))
	}
	err = lsp.Serve(ctx, stdio{Reader: os.Stdin, Writer: stdout}, lsp.Options{Engine: pf.options(stderr), Version: version()})
	if errors.Is(err, lsp.ErrExitWithoutShutdown) {
		return exitError{code: 1} // as the protocol asks
	}
	return err
}

// stdio joins stdin and stdout into the stream a language server talks on.
type stdio struct {
	io.Reader
	io.Writer
}

// Close closes stdin, which ends a read blocked on it where the system
// allows; stdout stays open for the rest of the process.
func (s stdio) Close() error {
	if c, ok := s.Reader.(io.Closer); ok {
		return c.Close()
	}
	return nil
}
