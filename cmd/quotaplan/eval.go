package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/hashicorp/hcl/v2"

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
	res, err := evaluate(ctx, dir, pf.options(stderr), stderr)
	if err != nil {
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
// only returned when evaluation succeeded completely.
func evaluate(ctx context.Context, dir string, opts engine.Options, stderr io.Writer) (*engine.Result, error) {
	_, res, err := evaluateModel(ctx, dir, opts, stderr)
	return res, err
}

// evaluateModel is evaluate that also returns the model, for commands that
// explain the result.
func evaluateModel(ctx context.Context, dir string, opts engine.Options, stderr io.Writer) (*engine.Model, *engine.Result, error) {
	m, sources, diags := engine.Load(dir, opts)
	var res *engine.Result
	if m != nil {
		var more hcl.Diagnostics
		res, more = m.Evaluate(ctx)
		diags = append(diags, more...)
	}
	if err := reportDiags(stderr, diags, sources); err != nil {
		return nil, nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, nil, fmt.Errorf("evaluate %s: %w", dir, err)
	}
	if res == nil {
		return nil, nil, errors.New("evaluate " + dir + ": the engine returned no result")
	}
	return m, res, nil
}
