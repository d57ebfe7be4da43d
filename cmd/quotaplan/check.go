package main

import (
	"context"
	"io"

	"github.com/quotaplan/quotaplan/engine"
	"github.com/quotaplan/quotaplan/engine/front/render"
)

// severityRank orders check severities; a failed check whose rank reaches
// the --fail-on rank makes `check` exit 1.
var severityRank = map[string]int{"info": 1, "warning": 2, "error": 3}

// runCheck implements `quotaplan check [DIR]`: evaluate the plan and print
// its check results.
func runCheck(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("check", "[DIR]", "Evaluate the plan in DIR and print the results of its checks.\nExit 0 when no check failed, 1 when a check at or above --fail-on failed, 2 when the plan is invalid.", stderr)
	var pf planFlags
	pf.register(fs)
	format := newChoice(fs, "format", "text", "print the results as `FORMAT`", "text", "json")
	failOn := newChoice(fs, "fail-on", "error", "exit 1 when a check of `SEVERITY` or above failed", "error", "warning", "info")
	all := fs.Bool("all", false, "list passed check results too (text format)")
	dir, err := fs.parseDir(args, stdout)
	if err != nil {
		return err
	}
	sn, err := evaluate(ctx, dir, pf.options(stderr), stderr)
	if err != nil {
		return err
	}
	res := sn.Result
	err = emit(stdout, "", func(w io.Writer) error {
		if format.value == "json" {
			return render.ChecksJSON(w, res)
		}
		return render.Checks(w, res, render.CheckOptions{Color: useColor(stdout), ShowPassed: *all})
	})
	if err != nil {
		return err
	}
	if failedAtOrAbove(res.Checks, severityRank[failOn.value]) {
		return exitError{code: 1}
	}
	return nil
}

// failedAtOrAbove reports whether a check failed with a severity of at
// least rank.
func failedAtOrAbove(checks []*engine.CheckResult, rank int) bool {
	for _, c := range checks {
		if c.Status == engine.StatusFail && severityRank[c.Severity] >= rank {
			return true
		}
	}
	return false
}
