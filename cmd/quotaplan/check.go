package main

import (
	"context"
	"io"

	"github.com/quotaplan/quotaplan/engine"
	"github.com/quotaplan/quotaplan/engine/front/render"
)

// checkUsage is the summary of `quotaplan check -h`.
const checkUsage = "Evaluate the plan in DIR and print the results of its checks.\n" +
	"--format json adds where each check and each rep or territory subject is declared;\n" +
	"junit, sarif and github are for CI: a JUnit XML report, a SARIF 2.1.0 log for code\n" +
	"scanning, and GitHub Actions annotations on the failed subjects' blocks or CSV rows.\n" +
	"Exit 0 when no check failed, 1 when a check at or above --fail-on failed, 2 when the plan is invalid."

// runCheck implements `quotaplan check [DIR]`: evaluate the plan and print
// its check results.
func runCheck(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("check", "[DIR]", checkUsage, stderr)
	var pf planFlags
	pf.register(fs)
	format := newChoice(fs, "format", "text", "print the results as `FORMAT`", render.CheckFormats()...)
	failOn := newChoice(fs, "fail-on", "error", "exit 1 when a check of `SEVERITY` or above failed", severityNames()...)
	all := fs.Bool("all", false, "list passed check results too (text format)")
	out := fs.String("o", "", "write the results to `FILE` (atomically) instead of stdout")
	dir, err := fs.parseDir(args, stdout)
	if err != nil {
		return err
	}
	sn, err := evaluate(ctx, dir, pf.options(stderr), stderr)
	if err != nil {
		return err
	}
	var in inputs
	in.addPlan(dir, sn.Sources)
	if err := checkOutput(stderr, "-o", *out, checkFormatExt(format.value), in); err != nil {
		return err
	}
	res := sn.Result
	opts := render.CheckOptions{Color: *out == "" && useColor(stdout), ShowPassed: *all}
	if sn.Model != nil {
		opts.Subjects = render.PlanSubjects(sn.Model.Plan)
	}
	err = emit(stdout, *out, func(w io.Writer) error {
		return render.WriteChecks(w, format.value, res, opts)
	})
	if err != nil {
		return err
	}
	if failedAtOrAbove(res.Checks, engine.Severity(failOn.value)) {
		return exitError{code: 1}
	}
	return nil
}

// checkFormatExt is the file extension of a check format, for suggesting
// an output file name.
func checkFormatExt(format string) string {
	switch format {
	case "text", "github":
		return "txt"
	case "junit":
		return "xml"
	}
	return format
}

// failedAtOrAbove reports whether a check failed with a severity of at
// least, the --fail-on severity.
func failedAtOrAbove(checks []*engine.CheckResult, least engine.Severity) bool {
	for _, c := range checks {
		if c.Status == engine.StatusFail && c.Severity.Rank() >= least.Rank() {
			return true
		}
	}
	return false
}

// severityNames lists the severities a --fail-on may name, most severe
// first.
func severityNames() []string {
	names := make([]string, len(engine.Severities))
	for i, s := range engine.Severities {
		names[i] = string(s)
	}
	return names
}
