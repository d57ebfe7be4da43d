package main

import (
	"context"
	"encoding/json"
	"fmt"
	"github.com/quotaplan/quotaplan/plans/words"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/quotaplan/quotaplan/engine"
	"github.com/quotaplan/quotaplan/plans"
)

// runValidate implements `quotaplan validate [DIR]`: load the plan and
// type-check every rule without evaluating it.
func runValidate(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("validate", "[DIR]", "Load the plan in DIR and type-check every rule, without evaluating it.\n"+
		"--format json prints the errors and warnings to stdout as a JSON array instead.\n"+
		"Exit 0 when the plan is valid, 2 when it is not.", stderr)
	var pf planFlags
	pf.register(fs)
	format := newChoice(fs, "format", "text", "print the problems as `FORMAT` (json: to stdout, [] when there are none)", "text", "json")
	dir, err := fs.parseDir(args, stdout)
	if err != nil {
		return err
	}
	m, sources, diags := engine.Load(dir, pf.options(stderr))
	if !diags.HasErrors() && (m == nil || m.Plan == nil) {
		return fmt.Errorf("validate %s: the engine returned no model", dir)
	}
	if format.value == "json" {
		if err := emit(stdout, "", func(w io.Writer) error { return writeDiagnosticsJSON(w, diags) }); err != nil {
			return err
		}
		if diags.HasErrors() {
			return exitError{code: 2}
		}
		return nil
	}
	if err := reportDiags(stderr, diags, sources); err != nil {
		return err
	}
	_, err = fmt.Fprintf(stdout, "%s: valid (%s)\n", filepath.ToSlash(filepath.Clean(dir)), planCounts(m.Plan))
	return err
}

// jsonDiagnostic is one diagnostic of `validate --format json`. The place
// is null for a problem that is not in a file (a missing directory, say).
type jsonDiagnostic struct {
	Severity string  `json:"severity"` // "error" or "warning"
	Summary  string  `json:"summary"`
	Detail   string  `json:"detail"`
	File     *string `json:"file"`
	Line     *int    `json:"line"`
	Column   *int    `json:"column"`
}

// writeDiagnosticsJSON writes diags as a JSON array, in the order the
// text diagnostics are printed (plans.SortDiagnostics), indented, with a
// trailing newline; an empty array when there are none.
func writeDiagnosticsJSON(w io.Writer, diags hcl.Diagnostics) error {
	sorted := slices.Clone(diags)
	plans.SortDiagnostics(sorted)
	out := make([]jsonDiagnostic, 0, len(sorted))
	for _, d := range sorted {
		jd := jsonDiagnostic{Severity: "error", Summary: d.Summary, Detail: d.Detail}
		if d.Severity == hcl.DiagWarning {
			jd.Severity = "warning"
		}
		if s := d.Subject; s != nil {
			file, line, col := filepath.ToSlash(s.Filename), s.Start.Line, s.Start.Column
			jd.File, jd.Line, jd.Column = &file, &line, &col
		}
		out = append(out, jd)
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return fmt.Errorf("write diagnostics: %w", err)
	}
	return nil
}

// planCounts summarises the size of a plan, e.g.
// "5 reps, 2 territories, 2 quotas, 1 goal, 2 checks".
func planCounts(p *plans.Plan) string {
	return strings.Join([]string{
		words.Plural(len(p.Reps), "rep", "reps"),
		words.Plural(len(p.Territories), "territory", "territories"),
		words.Plural(len(p.Quotas), "quota", "quotas"),
		words.Plural(len(p.Goals), "goal", "goals"),
		words.Plural(len(p.Checks), "check", "checks"),
	}, ", ")
}
