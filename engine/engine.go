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
	// AsOf, a day "YYYY-MM-DD", reads the plan as of that day instead of
	// its as_of attribute (the --as-of flag); "" keeps the plan's.
	AsOf   string
	Logger zerolog.Logger
	// Progress, when set, is called by Evaluate before each step of the
	// evaluation, on the goroutine that called Evaluate: stage names the
	// step (a let or a measure, in dependency order, then "goals" and
	// "checks"), done counts the steps already finished and total is
	// their number. It should return quickly.
	Progress func(stage string, done, total int)
}

// VarOverride is one --var name=value flag.
type VarOverride struct {
	Name, Value string
}

// Model is a loaded plan whose rules are compiled and ordered; Evaluate
// turns it into a Result. A Model evaluates one plan variant at a time.
type Model struct {
	Plan     *plans.Plan
	opts     Options
	compiled *compiled
}

// Load reads the plan directory, compiles every rule and orders them by
// their dependencies. The returned Model is nil when diags has errors; the
// returned sources (file name -> bytes) are always usable for rendering
// diagnostics.
func Load(dir string, opts Options) (*Model, map[string][]byte, hcl.Diagnostics) {
	p, diags := plans.Load(dir, plans.LoadOptions{AllowOutside: opts.AllowOutside, Overlay: opts.Overlay})
	if p.ID == "" && diags.HasErrors() { // nothing to compile against: no plan block or no files
		return nil, p.Sources, diags
	}
	diags = append(diags, applyAsOf(p, opts.AsOf)...)
	c, more := compile(p, !diags.HasErrors())
	diags = append(diags, more...)
	if diags.HasErrors() {
		return nil, p.Sources, diags
	}
	// Check the variant chosen by the options now, so that an unknown
	// scenario or --var is reported by validate too.
	if _, more := effectiveVars(p, opts.Scenario, opts.Vars); more.HasErrors() {
		return nil, p.Sources, append(diags, more...)
	}
	opts.Logger.Debug().Str("plan", p.ID).Int("reps", len(p.Reps)).Int("steps", len(c.steps)).Msg("plan compiled")
	return &Model{Plan: p, opts: opts, compiled: c}, p.Sources, diags
}

// Evaluate computes every quota, let, goal and check of the plan for the
// scenario and variables given in the options.
func (m *Model) Evaluate(ctx context.Context) (*Result, hcl.Diagnostics) {
	return m.EvaluateVariant(ctx, m.opts.Scenario, m.opts.Vars)
}

// EvaluateVariant evaluates the plan with another scenario and variables.
func (m *Model) EvaluateVariant(ctx context.Context, scenario string, flags []VarOverride) (*Result, hcl.Diagnostics) {
	vars, diags := effectiveVars(m.Plan, scenario, flags)
	if diags.HasErrors() {
		return nil, diags
	}
	return m.evaluate(ctx, scenario, vars)
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
