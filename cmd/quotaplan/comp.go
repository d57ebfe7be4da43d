package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/quotaplan/quotaplan/engine/front/render"
)

// runComp implements `quotaplan comp [DIR]`: each rep's target pay and
// payouts to date by period, the payout curve and the plan's cost at
// uniform attainment (SPEC section 9).
func runComp(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("comp", "[DIR]", "Print each rep's target pay and payouts to date by period, the payout curve of every comp, and what the plan costs at uniform attainment (payout, bookings, cost of sale).", stderr)
	var pf planFlags
	pf.register(fs)
	format := newChoice(fs, "format", "table", "print the report as `FORMAT`", render.Formats()...)
	points := fs.String("attainment", "0.5,0.8,1,1.2,1.5", "the attainment `POINTS` of the cost curve, comma-separated (1 is 100%)")
	out := fs.String("o", "", "write the output to `FILE` (atomically) instead of stdout")
	dir, err := fs.parseDir(args, stdout)
	if err != nil {
		return err
	}
	xs, err := parseAttainment(*points)
	if err != nil {
		return fs.usageError("invalid --attainment: %v", err)
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
		return render.Comp(w, format.value, sn.Result, xs, opts)
	})
}

// maxAttainmentPoints bounds the points of a cost curve.
const maxAttainmentPoints = 100

// parseAttainment reads the --attainment list: numbers from 0 to 100,
// comma-separated.
func parseAttainment(s string) ([]float64, error) {
	var out []float64
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		v, err := strconv.ParseFloat(part, 64)
		if err != nil || math.IsNaN(v) || v < 0 || v > 100 {
			return nil, fmt.Errorf("%q is not an attainment: write numbers of 0 or more, 1 for 100%%, e.g. --attainment 0.5,0.8,1,1.2,1.5", part)
		}
		out = append(out, v)
	}
	if len(out) > maxAttainmentPoints {
		return nil, fmt.Errorf("%d points, at most %d", len(out), maxAttainmentPoints)
	}
	return out, nil
}
