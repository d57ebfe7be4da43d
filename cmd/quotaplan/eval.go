package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/quotaplan/quotaplan/engine"
	"github.com/quotaplan/quotaplan/engine/front/render"
	"github.com/quotaplan/quotaplan/engine/front/session"
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
	eopts := pf.options(stderr)
	p := newProgress(stderr, eopts.Logger, "loading "+dir)
	defer p.stop()
	sn, err := evaluate(withProgress(ctx, p), dir, eopts, stderr)
	if err != nil {
		return err
	}
	res := sn.Result
	var in inputs
	in.addPlan(dir, sn.Sources)
	if err := checkOutput(stderr, "-o", *out, formatExt(format.value), in); err != nil {
		return err
	}
	opts := render.Options{
		By:    by.value,
		Color: *out == "" && format.value == "table" && useColor(stdout),
	}
	if *out != "" || !isTerminal(stdout) { // on the terminal, the output shows itself
		p.set("writing " + format.value)
	}
	return emit(stdout, *out, func(w io.Writer) error {
		return render.Write(w, format.value, res, opts)
	})
}

// evaluate loads and evaluates the plan in dir, printing its diagnostics
// to stderr. It returns exit code 2 when the plan is invalid: a snapshot is
// only returned when evaluation succeeded completely; it holds the model,
// the result and the files read (file name -> content).
//
// Past a second, stderr shows what is being evaluated (on a terminal
// only): the progress of ctx, which the command goes on to use, or else
// one of evaluate's own. The line is cleared before evaluate returns.
func evaluate(ctx context.Context, dir string, opts engine.Options, stderr io.Writer) (*session.Snapshot, error) {
	p := progressOf(ctx)
	if p == nil {
		p = newProgress(stderr, opts.Logger, "loading "+dir)
		defer p.stop()
	}
	opts.Progress = p.engine()
	sn, _, err := session.New(dir, session.Options{Engine: opts}).Evaluate(ctx, nil)
	p.pause()
	if err != nil {
		return nil, fmt.Errorf("evaluate %s: %w", dir, err)
	}
	if err := reportDiags(stderr, sn.Diagnostics, sn.Sources); err != nil {
		return nil, err
	}
	if !sn.OK() {
		return nil, errors.New("evaluate " + dir + ": the engine returned no result")
	}
	return sn, nil
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
