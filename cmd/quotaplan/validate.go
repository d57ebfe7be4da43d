package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/quotaplan/quotaplan/engine"
	"github.com/quotaplan/quotaplan/plans"
)

// runValidate implements `quotaplan validate [DIR]`: load the plan and
// type-check every rule without evaluating it.
func runValidate(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("validate", "[DIR]", "Load the plan in DIR and type-check every rule, without evaluating it.", stderr)
	var pf planFlags
	pf.register(fs)
	dir, err := fs.parseDir(args, stdout)
	if err != nil {
		return err
	}
	m, sources, diags := engine.Load(dir, pf.options(stderr))
	if err := reportDiags(stderr, diags, sources); err != nil {
		return err
	}
	if m == nil || m.Plan == nil {
		return fmt.Errorf("validate %s: the engine returned no model", dir)
	}
	_, err = fmt.Fprintf(stdout, "%s: valid (%s)\n", filepath.ToSlash(filepath.Clean(dir)), planCounts(m.Plan))
	return err
}

// planCounts summarises the size of a plan, e.g.
// "5 reps, 2 territories, 2 quotas, 1 goal, 2 checks".
func planCounts(p *plans.Plan) string {
	return strings.Join([]string{
		plural(len(p.Reps), "rep", "reps"),
		plural(len(p.Territories), "territory", "territories"),
		plural(len(p.Quotas), "quota", "quotas"),
		plural(len(p.Goals), "goal", "goals"),
		plural(len(p.Checks), "check", "checks"),
	}, ", ")
}

// plural formats n with the singular or plural noun.
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
