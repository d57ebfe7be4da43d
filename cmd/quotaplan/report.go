package main

import (
	"context"
	"io"

	"github.com/quotaplan/quotaplan/engine/front/web"
)

// reportUsage is the summary of `quotaplan report -h`.
const reportUsage = `Write the web view of the plan in DIR as one self-contained HTML file: the overview, reps, each
rep's months, teams, territories and checks, with their charts (and attainment, the books of the
territories, the changes of the year and pay when the plan has actuals, accounts, changes or comp blocks). Scripts, styles and data are
inlined, so the file opens from disk without a network, and can be attached to a pull request or
an e-mail. The same plan gives the same bytes.`

// runReport implements `quotaplan report [DIR] -o FILE`.
func runReport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("report", "[DIR] -o FILE", reportUsage, stderr)
	var pf planFlags
	pf.register(fs)
	out := fs.String("o", "", "write the report to `FILE` (atomically); - for stdout")
	dir, err := fs.parseDir(args, stdout)
	if err != nil {
		return err
	}
	if *out == "" {
		return fs.usageError("report needs -o FILE (for example -o report.html), or -o - for stdout")
	}
	sn, err := evaluate(ctx, dir, pf.options(stderr), stderr)
	if err != nil {
		return err
	}
	path := *out
	if path == "-" {
		path = ""
	}
	var in inputs
	in.addPlan(dir, sn.Sources)
	if err := checkOutput(stderr, "-o", path, "html", in); err != nil {
		return err
	}
	return emit(stdout, path, func(w io.Writer) error {
		return web.WriteReport(w, &web.Input{Model: sn.Model, Result: sn.Result})
	})
}
