package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/quotaplan/quotaplan/engine"
	"github.com/quotaplan/quotaplan/engine/render"
)

// runEval implements `quotaplan eval [DIR]`: evaluate the plan and print
// its quotas in one of the render formats.
func runEval(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("eval", "[DIR]", "Evaluate the plan in DIR and print every rep's quotas, the roll-ups, goals and checks.", stderr)
	var pf planFlags
	pf.register(fs)
	format := newChoice(fs, "format", "table", "print the result as `FORMAT`", render.Formats()...)
	by := newChoice(fs, "by", "quarter", "group the period columns of table, csv and markdown by `PERIOD`", render.Groupings()...)
	out := fs.String("o", "", "write the output to `FILE` (atomically) instead of stdout")
	dir, err := fs.parseDir(args, stdout)
	if err != nil {
		return err
	}
	res, sources, err := evaluate(ctx, dir, pf.options(stderr), stderr)
	if err != nil {
		return err
	}
	var in inputs
	in.addPlan(dir, sources)
	if err := checkOutput(stderr, "-o", *out, formatExt(format.value), in); err != nil {
		return err
	}
	opts := render.Options{
		By:    by.value,
		Color: *out == "" && format.value == "table" && useColor(stdout),
	}
	return emit(stdout, *out, func(w io.Writer) error {
		return render.Write(w, format.value, res, opts)
	})
}

// evaluate loads and evaluates the plan in dir, printing its diagnostics
// to stderr. It returns exit code 2 when the plan is invalid: a result is
// only returned when evaluation succeeded completely, with the files it
// read (file name -> content).
func evaluate(ctx context.Context, dir string, opts engine.Options, stderr io.Writer) (*engine.Result, map[string][]byte, error) {
	res, sources, diags := engine.Run(ctx, dir, opts)
	if err := reportDiags(stderr, diags, sources); err != nil {
		return nil, nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, nil, fmt.Errorf("evaluate %s: %w", dir, err)
	}
	if res == nil {
		return nil, nil, errors.New("evaluate " + dir + ": the engine returned no result")
	}
	return res, sources, nil
}

// formatExt is the file extension of a render format, for suggesting an
// output file name.
func formatExt(format string) string {
	switch format {
	case "table":
		return "txt"
	case "markdown":
		return "md"
	}
	return format
}
