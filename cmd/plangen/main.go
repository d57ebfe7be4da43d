package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

func main() { os.Exit(Main(os.Args[1:], os.Stdout, os.Stderr)) }

// errUsage marks an error in the command line: exit code 2.
var errUsage = errors.New("usage")

// Main runs plangen with args and returns the exit code: 0 on success, 1
// when the work failed, 2 for a wrong command line.
func Main(args []string, stdout, stderr io.Writer) int {
	run := runGenerate
	if len(args) > 0 {
		switch args[0] {
		case "baseline":
			run, args = runBaseline, args[1:]
		case "bench":
			run, args = runBench, args[1:]
		}
	}
	err := run(args, stdout, stderr)
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		fmt.Fprintf(stderr, "plangen: %v\n", err)
		return 2
	}
	fmt.Fprintf(stderr, "plangen: %v\n", err)
	return 1
}

// usageError wraps a command-line problem.
func usageError(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{errUsage}, args...)...)
}

// newFlags returns a flag set that reports errors as values, not on exit.
func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// parse parses args with flags allowed before and after the positional
// arguments, and returns the positional ones.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, usageError("%v", err)
		}
		if fs.NArg() == 0 {
			return positional, nil
		}
		positional = append(positional, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// writeAtomic writes the output of write to path through a temporary file
// in the same directory, renamed into place only when write succeeded.
func writeAtomic(path string, write func(io.Writer) error) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}
