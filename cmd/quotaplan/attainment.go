package main

import (
	"context"
	"io"

	"github.com/quotaplan/quotaplan/engine/front/render"
)

// runAttainment implements `quotaplan attainment [DIR]`: actuals against
// quota to date per rep, the attainment distribution, the forecast
// accuracy and the unassigned rows (SPEC section 8).
func runAttainment(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("attainment", "[DIR]", "Print each rep's actual against its quota to date, the attainment distribution of the ramped reps, the forecast accuracy and the rows no rep was credited for.", stderr)
	var pf planFlags
	pf.register(fs)
	format := newChoice(fs, "format", "table", "print the report as `FORMAT`", render.Formats()...)
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
	var in inputs
	in.addPlan(dir, sn.Sources)
	if err := checkOutput(stderr, "-o", *out, formatExt(format.value), in); err != nil {
		return err
	}
	opts := render.Options{Color: *out == "" && format.value == "table" && useColor(stdout)}
	return emit(stdout, *out, func(w io.Writer) error {
		return render.Attainment(w, format.value, sn.Result, opts)
	})
}
