package plans

import (
	"fmt"
	"slices"
	"strings"

	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/parser"
	"github.com/hashicorp/hcl/v2"
)

// quotaFuncName is the name rules call quota(rep_id, measure, period) by.
const quotaFuncName = "quota"

// maxCheckedRuleBytes is the longest rule whose quota() calls are checked
// here: the rules package refuses longer ones (rules.MaxSourceBytes), so
// parsing them here would only cost time.
const maxCheckedRuleBytes = 16 << 10

// validateQuotaCalls checks the arguments of every quota(rep_id, measure,
// period) call written with string literals in any rule: the rep must be
// declared (in HCL or an imported CSV), the measure must be a quota
// measure and the period one of the plan's. Without this a test asserting
// quota('nobody', ...) == 0 would pass validate and fail only when run.
// Rules are parsed with expr's parser; one that does not parse is left to
// the rules package to report.
func (l *loader) validateQuotaCalls() {
	var c *quotaCallChecker
	for _, e := range l.plan.rules() {
		if e.literal || len(e.Text) > maxCheckedRuleBytes || !strings.Contains(e.Text, quotaFuncName) &&
			!strings.Contains(e.Text, CreditActual) && !strings.Contains(e.Text, CreditPipeline) {
			continue
		}
		tree, err := parser.Parse(e.Text)
		if err != nil {
			continue
		}
		if c == nil {
			c = l.newQuotaCallChecker()
		}
		c.expr = e
		ast.Walk(&tree.Node, c)
	}
}

// quotaCallChecker visits the nodes of one rule at a time, checking its
// quota() calls against the plan's names.
type quotaCallChecker struct {
	l        *loader
	expr     *Expr
	reps     nameSet // nil when an import failed: the reps are not all known
	measures nameSet
	periods  []string // nil when the plan has no valid start
}

// newQuotaCallChecker collects the names quota() calls may use.
func (l *loader) newQuotaCallChecker() *quotaCallChecker {
	c := &quotaCallChecker{l: l, measures: namesOf(l.plan.Quotas, func(q *Quota) string { return q.Measure })}
	if !l.importFailed {
		c.reps = namesOf(l.plan.Reps, func(r *Rep) string { return r.ID })
	}
	if !l.plan.Start.IsZero() {
		c.periods = l.planPeriods()
		if slices.ContainsFunc(l.plan.Credits, func(c *Credit) bool { return c.Kind == CreditActual }) {
			c.periods = append(c.periods, "TD") // quota to date (SPEC section 8)
		}
	}
	return c
}

// Visit checks a node that is a quota() call with string literal
// arguments.
func (c *quotaCallChecker) Visit(node *ast.Node) {
	call, ok := (*node).(*ast.CallNode)
	if !ok {
		return
	}
	id, ok := call.Callee.(*ast.IdentifierNode)
	if ok && (id.Value == CreditActual || id.Value == CreditPipeline) {
		c.creditCall(id.Value, call.Arguments)
		return
	}
	if !ok || id.Value != quotaFuncName {
		return
	}
	args := call.Arguments
	if rep, rng, ok := c.literal(args, 0); ok && c.reps != nil && !c.reps[rep] {
		c.l.unknownRef("rep", rep, fixedRange(rng), keysOf(c.reps),
			"The first argument of quota() is the id of a rep: declare the rep, or fix the id.")
	}
	if m, rng, ok := c.literal(args, 1); ok && !c.measures[m] {
		c.l.unknownRef("measure", m, fixedRange(rng), keysOf(c.measures),
			"The second argument of quota() is the measure of a quota block (its label unless it sets measure).")
	}
	if p, rng, ok := c.literal(args, 2); ok && c.periods != nil && !slices.Contains(c.periods, p) {
		c.l.errorAt(rng, "Unknown period", fmt.Sprintf(
			"The period %q is not part of the plan. The third argument of quota() is %s.%s",
			clip(p), c.l.describePeriods(), didYouMean(p, c.periods)))
	}
}

// literal returns argument i of a call when it is a string literal, with
// its range in the file.
func (c *quotaCallChecker) literal(args []ast.Node, i int) (string, hcl.Range, bool) {
	if i >= len(args) {
		return "", hcl.Range{}, false
	}
	s, ok := args[i].(*ast.StringNode)
	if !ok {
		return "", hcl.Range{}, false
	}
	loc := s.Location()
	from, to := runeToByte(c.expr.Text, loc.From), runeToByte(c.expr.Text, loc.To)
	return s.Value, c.expr.Locate(from, to), true
}

// runeToByte is the byte offset of rune offset r of s (len(s) past its
// end).
func runeToByte(s string, r int) int {
	for i := range s {
		if r == 0 {
			return i
		}
		r--
	}
	return len(s)
}

// planPeriods lists the periods rules and goals may name: "FY", the
// half years "H1".."Hn", the quarters "Q1".."Qn" and the month ids of the
// plan. The plan must have a valid start.
func (l *loader) planPeriods() []string {
	p := l.plan
	periods := []string{defaultPeriod}
	for h := 1; h <= halfCount(p.Months); h++ {
		periods = append(periods, fmt.Sprintf("H%d", h))
	}
	for q := 1; q <= quarterCount(p.Months); q++ {
		periods = append(periods, fmt.Sprintf("Q%d", q))
	}
	return append(periods, periodIDs(p.Start, p.Months)...)
}

// quarterCount is the number of quarters of a plan of months months.
func quarterCount(months int) int { return (months + 2) / 3 }

// halfCount is the number of half years of a plan of months months: H1
// holds months 1..6, H2 7..12, and so on (the last may hold fewer).
func halfCount(months int) int { return (months + 5) / 6 }

// describePeriods describes the periods of the plan for a detail.
func (l *loader) describePeriods() string {
	months := periodIDs(l.plan.Start, l.plan.Months)
	return fmt.Sprintf("\"FY\", a half year %s, a quarter %s or a month of the plan from %q to %q",
		idSpan("H", halfCount(l.plan.Months)), idSpan("Q", quarterCount(l.plan.Months)), months[0], months[len(months)-1])
}

// idSpan describes the ids prefix1..prefixn: `"H1"` for one, else
// `"H1" to "H3"`.
func idSpan(prefix string, n int) string {
	if n <= 1 {
		return fmt.Sprintf("%q", prefix+"1")
	}
	return fmt.Sprintf("%q to %q", prefix+"1", fmt.Sprintf("%s%d", prefix, n))
}

// rules lists every rule of the plan, in block order.
func (p *Plan) rules() []*Expr {
	var out []*Expr
	add := func(es ...*Expr) {
		for _, e := range es {
			if e != nil {
				out = append(out, e)
			}
		}
	}
	for _, r := range p.Ramps {
		for _, tier := range r.Tiers {
			add(tier.When, tier.Factor)
		}
	}
	for _, q := range p.Quotas {
		add(q.AppliesTo, q.Annual, q.Monthly)
	}
	for _, l := range p.Lets {
		add(l.Expr)
	}
	for _, g := range p.Goals {
		add(g.Target, g.Where)
	}
	for _, c := range p.Checks {
		add(c.Where, c.Assert)
		if c.Message != nil {
			for _, piece := range c.Message.Pieces {
				add(piece.Expr)
			}
		}
	}
	for _, t := range p.Tests {
		add(t.Assert)
	}
	for _, c := range p.Credits {
		add(c.Where, c.Date, c.Amount, c.Rep)
	}
	return out
}
