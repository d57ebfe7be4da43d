package engine

import (
	"context"

	"github.com/hashicorp/hcl/v2"
	"github.com/rs/zerolog"

	"github.com/quotaplan/quotaplan/plans"
)

// Options configure loading and evaluating a plan.
type Options struct {
	Scenario     string            // scenario block to apply, "" for none
	Vars         []VarOverride     // --var flags, later wins
	AllowOutside bool              // let imports read files outside the plan directory
	Overlay      map[string][]byte // file path -> unsaved content, read instead of the disk (editors)
	Logger       zerolog.Logger
}

// VarOverride is one --var name=value flag.
type VarOverride struct {
	Name, Value string
}

// Model is a loaded plan whose rules are compiled and ordered; Evaluate
// turns it into a Result. A Model evaluates one plan variant at a time.
type Model struct {
	Plan *plans.Plan
	opts Options
}

// Load reads the plan directory, compiles every rule and orders them by
// their dependencies. The returned Model is nil when diags has errors; the
// returned sources (file name -> bytes) are always usable for rendering
// diagnostics.
func Load(dir string, opts Options) (*Model, map[string][]byte, hcl.Diagnostics) {
	p, diags := plans.Load(dir, plans.LoadOptions{AllowOutside: opts.AllowOutside, Overlay: opts.Overlay})
	if diags.HasErrors() {
		return nil, p.Sources, diags
	}
	return &Model{Plan: p, opts: opts}, p.Sources, diags
}

// Evaluate computes every quota, let, goal and check of the plan.
func (m *Model) Evaluate(ctx context.Context) (*Result, hcl.Diagnostics) {
	return nil, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Evaluation is being built"}}
}

// Run loads and evaluates the plan in dir. sources is always usable for
// rendering diags.
func Run(ctx context.Context, dir string, opts Options) (*Result, map[string][]byte, hcl.Diagnostics) {
	m, src, diags := Load(dir, opts)
	if m == nil {
		return nil, src, diags
	}
	res, more := m.Evaluate(ctx)
	return res, src, append(diags, more...)
}
