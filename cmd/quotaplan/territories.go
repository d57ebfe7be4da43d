package main

import (
	"context"
	"io"
	"maps"

	"github.com/quotaplan/quotaplan/engine"
	"github.com/quotaplan/quotaplan/engine/front/render"
)

// runTerritories implements `quotaplan territories DIR`: every territory
// as a tree with its book measured by --metric, the reps that share it,
// the per-rep metric, the balance, a bar chart and the moves against the
// accounts' territory column.
func runTerritories(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("territories", "[DIR]", "Measure the territories of the plan in DIR by their accounts: accounts, metric, reps and metric per rep,\n"+
		"the balance over the territories without children, and the accounts the carve moves.", stderr)
	var pf planFlags
	pf.register(fs)
	metric := fs.String("metric", "", "sum `EXPR` (account scope, a number) over each book; default 1, the account count")
	per := fs.String("per", "", "count the reps where `EXPR` (rep scope, a bool) holds; default the reps that carry a quota")
	format := newChoice(fs, "format", "table", "print the report as `FORMAT`", render.DesignFormats()...)
	out := fs.String("o", "", "write the output to `FILE` (atomically) instead of stdout")
	dir, err := fs.parseDir(args, stdout)
	if err != nil {
		return err
	}
	d, sn, err := designer(ctx, dir, pf, engine.DesignOptions{Metric: *metric, Per: *per}, stderr)
	if err != nil {
		return err
	}
	var in inputs
	in.addPlan(dir, sn)
	if err := checkOutput(stderr, "-o", *out, formatExt(format.value), in); err != nil {
		return err
	}
	design := d.Territories()
	color := *out == "" && format.value == "table" && useColor(stdout)
	return emit(stdout, *out, func(w io.Writer) error { return render.WriteDesign(w, format.value, design, color) })
}

// runBalance implements `quotaplan balance DIR`: account moves between
// territories without children that lower the cv of the per-rep metric.
func runBalance(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("balance", "[DIR]", "Propose account moves between the territories without children of the plan in DIR that balance\n"+
		"the metric per rep (each move lowers its coefficient of variation), and print the balance before and after.\n"+
		"-o writes the moves as an account,territory CSV for the overrides of the carve block.", stderr)
	var pf planFlags
	pf.register(fs)
	metric := fs.String("metric", "", "sum `EXPR` (account scope, a number) over each book; default 1, the account count")
	per := fs.String("per", "", "count the reps where `EXPR` (rep scope, a bool) holds; default the reps that carry a quota")
	within := fs.String("within", "", "move an account only between territories where `EXPR` (territory scope) gives the same value")
	maxMoves := fs.Int("max-moves", engine.DefaultMaxMoves, "propose at most `N` moves")
	format := newChoice(fs, "format", "table", "print the report as `FORMAT`", render.DesignFormats()...)
	out := fs.String("o", "", "write the moves to `FILE` as an account,territory CSV (atomically)")
	dir, err := fs.parseDir(args, stdout)
	if err != nil {
		return err
	}
	if *maxMoves < 0 {
		return fs.usageError("--max-moves must be 0 or more, not %d", *maxMoves)
	}
	d, sn, err := designer(ctx, dir, pf, engine.DesignOptions{Metric: *metric, Per: *per, Within: *within}, stderr)
	if err != nil {
		return err
	}
	var in inputs
	in.addPlan(dir, sn)
	if err := checkOutput(stderr, "-o", *out, "csv", in); err != nil {
		return err
	}
	p := d.Balance(*maxMoves)
	if *out != "" {
		if err := emit(stdout, *out, func(w io.Writer) error { return render.WriteOverrides(w, p) }); err != nil {
			return err
		}
	}
	color := format.value == "table" && useColor(stdout)
	return emit(stdout, "", func(w io.Writer) error { return render.WriteProposal(w, format.value, p, color) })
}

// designer evaluates the plan in dir and prepares its design, printing
// the diagnostics of the plan or of the rules of the flags; it returns
// the files read as well.
func designer(ctx context.Context, dir string, pf planFlags, o engine.DesignOptions, stderr io.Writer) (*engine.Designer, map[string][]byte, error) {
	sn, err := evaluate(ctx, dir, pf.options(stderr), stderr)
	if err != nil {
		return nil, nil, err
	}
	d, diags := sn.Model.Designer(sn.Result, o)
	if diags.HasErrors() {
		sources := maps.Clone(sn.Sources)
		sources[engine.FlagMetric], sources[engine.FlagPer], sources[engine.FlagWithin] = []byte(o.Metric), []byte(o.Per), []byte(o.Within)
		return nil, nil, reportDiags(stderr, diags, sources)
	}
	return d, sn.Sources, nil
}
