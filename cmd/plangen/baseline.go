package main

import (
	"io"

	"github.com/quotaplan/quotaplan/cmd/plangen/baseline"
)

// runBaseline evaluates a generated plan with the hand-written baseline:
// plangen baseline DIR [-o FILE].
func runBaseline(args []string, stdout, stderr io.Writer) error {
	flags := newFlags("plangen baseline", stderr)
	out := flags.String("o", "", "write the JSON result to this file instead of stdout")
	rest, err := parse(flags, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usageError("baseline takes one plan directory, got %d arguments", len(rest))
	}
	dir := rest[0]
	if *out == "" {
		return baseline.Run(dir, stdout)
	}
	return writeAtomic(*out, func(w io.Writer) error { return baseline.Run(dir, w) })
}
