package plans

import (
	"fmt"
	"slices"

	"github.com/expr-lang/expr/ast"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// Credit block kinds (SPEC section 8): each credits the amounts of
// imported rows to reps, for one quota measure.
const (
	CreditActual   = "actual"   // closed deals: what happened
	CreditPipeline = "pipeline" // open opportunities dated after as_of
	CreditForecast = "forecast" // submitted forecasts
)

// CreditKinds are the credit block kinds, in the order results list them.
var CreditKinds = []string{CreditActual, CreditPipeline, CreditForecast}

// Row kinds credit blocks read.
const (
	RowsDeals     = "deals"
	RowsForecasts = "forecasts"
)

// Credit is an actual, pipeline or forecast block: which rows it reads,
// which of them count, and how each row's amount is credited to reps.
type Credit struct {
	Kind         string // CreditActual, CreditPipeline or CreditForecast
	Label        string
	Measure      string // a quota measure; defaults to Label
	MeasureRange hcl.Range
	From         string // RowsDeals or RowsForecasts; the default depends on Kind
	FromRange    hcl.Range
	Where        *Expr // row scope, bool; nil: every row
	Date         *Expr // row scope: "YYYY-MM-DD", "YYYY-MM" or a date()
	Amount       *Expr // row scope, number; negative subtracts
	Rep          *Expr // row scope: a rep id, a list of ids or a map id -> share
	// Managers also credits every manager above a credited rep, at most
	// once per row.
	Managers bool
	DefRange hcl.Range
}

// RowName is what rules of the block call the current row: "deal" or
// "forecast".
func (c *Credit) RowName() string {
	if c.From == RowsForecasts {
		return "forecast"
	}
	return "deal"
}

// CreditMeasures returns the measures fed by credit blocks of kind, sorted
// and without repeats.
func (p *Plan) CreditMeasures(kind string) []string {
	var out []string
	for _, c := range p.Credits {
		if c.Kind == kind && !slices.Contains(out, c.Measure) {
			out = append(out, c.Measure)
		}
	}
	slices.Sort(out)
	return out
}

// CreditRows returns the rows of every import of kind ("deals" or
// "forecasts"), file after file in declaration order.
func (p *Plan) CreditRows(kind string) []*Row {
	var rows []*Row
	for _, imp := range p.Imports {
		if imp.Kind == kind {
			rows = append(rows, imp.Rows...)
		}
	}
	return rows
}

// CreditRowCount returns how many rows the imports of kind hold.
func (p *Plan) CreditRowCount(kind string) int {
	n := 0
	for _, imp := range p.Imports {
		if imp.Kind == kind {
			n += len(imp.Rows)
		}
	}
	return n
}

// creditSchema is the schema of actual, pipeline and forecast blocks.
var creditSchema = blockSchema{labels: 1, attrs: []string{"measure", "from", "where", "date", "amount", "rep", "managers"},
	required: []string{"date", "amount", "rep"}}

// creditExamples show how to write a missing attribute of a credit block.
var creditExamples = map[string]string{
	"date":   `date = "deal.close_date"`,
	"amount": `amount = "deal.amount"`,
	"rep":    `rep = "deal.owner"`,
}

func init() {
	for _, k := range CreditKinds {
		schemas[k] = creditSchema
		topLevelKinds = append(topLevelKinds, k)
		for attr, ex := range creditExamples {
			requiredExamples[k+"."+attr] = ex
		}
	}
}

// decodeCredit decodes an actual, pipeline or forecast block.
func (l *loader) decodeCredit(b *hclsyntax.Block, label string, attrs hclsyntax.Attributes) *Credit {
	c := &Credit{Kind: b.Type, Label: label, Measure: label, From: RowsDeals, DefRange: b.DefRange(),
		MeasureRange: b.LabelRanges[0], FromRange: b.DefRange()}
	if c.Kind == CreditForecast {
		c.From = RowsForecasts
	}
	if l.stringAttr(attrs, "measure", &c.Measure) {
		c.MeasureRange = attrs["measure"].Expr.Range()
	}
	if l.stringAttr(attrs, "from", &c.From) {
		c.FromRange = attrs["from"].Expr.Range()
		if c.From != RowsDeals && c.From != RowsForecasts {
			l.errorAt(c.FromRange, "Invalid from", fmt.Sprintf(
				"An %s block reads imported rows of kind \"deals\" or \"forecasts\", but from is %q.%s",
				c.Kind, clip(c.From), didYouMean(c.From, []string{RowsDeals, RowsForecasts})))
			c.From = RowsDeals
		}
	}
	c.Where = l.rule(attrs, "where", false)
	c.Date = l.rule(attrs, "date", false)
	c.Amount = l.rule(attrs, "amount", true)
	c.Rep = l.rule(attrs, "rep", false)
	l.boolAttr(attrs, "managers", &c.Managers)
	return c
}

// creditFields are the rep fields credit blocks of each kind add, which
// no rep attribute or rep let may then be called.
var creditFields = map[string][]string{
	CreditActual:   {"actual", "attainment", "ramped", "history"},
	CreditPipeline: {"pipeline"},
	CreditForecast: {"forecast"},
}

// validateCredits checks the measure and rows of every credit block, and
// that no rep attribute or rep let takes a name the blocks give reps.
func (l *loader) validateCredits() {
	p := l.plan
	if len(p.Credits) == 0 {
		return
	}
	measures := namesOf(p.Quotas, func(q *Quota) string { return q.Measure })
	imported := namesOf(p.Imports, func(i *Import) string { return i.Kind })
	firstOf := map[string]*Credit{}
	for _, c := range p.Credits {
		if l.checkIdentifier(c.Kind+" measure", c.Measure, c.MeasureRange) && !measures[c.Measure] {
			l.unknownRef("measure", c.Measure, fixedRange(c.MeasureRange), keysOf(measures), fmt.Sprintf(
				"An %s block feeds a quota measure: declare a quota block with measure %q, or set measure to one of the plan's.", c.Kind, c.Measure))
		}
		if !imported[c.From] {
			l.errorAt(c.FromRange, "No rows to read", fmt.Sprintf(
				"The %s block %q reads %s, but the plan imports none. Add an import block, e.g. import %q { csv = \"data/%s.csv\" }.",
				c.Kind, c.Label, c.From, c.From, c.From))
		}
		if firstOf[c.Kind] == nil {
			firstOf[c.Kind] = c
		}
	}
	for _, kind := range CreditKinds {
		c := firstOf[kind]
		if c == nil {
			continue
		}
		for _, name := range creditFields[kind] {
			l.creditClash(c, name)
		}
	}
}

// creditClash reports a rep attribute or rep let called name, which the
// credit block c gives every rep.
func (l *loader) creditClash(c *Credit, name string) {
	detail := func(what string) string {
		return fmt.Sprintf(
			"The %s block %q (%s) gives every rep the field %s.%s, so rules could not read this %s. Rename the %s, e.g. %q.",
			c.Kind, c.Label, where(c.DefRange), "rep", name, what, what, name+"_value")
	}
	for _, r := range l.plan.Reps {
		if hasAttr(r.Attrs, name) {
			l.errorAtLazy(attrAt{&r.Attrs, name}, "Attribute clashes with "+c.Kind+" figures", func() string {
				return detail("attribute")
			})
			return
		}
	}
	for _, let := range l.plan.Lets {
		if let.Scope == ScopeRep && let.Name == name {
			l.errorAt(l.labelRanges[let], "Let clashes with "+c.Kind+" figures", detail("let"))
			return
		}
	}
}

// creditCall checks the string literal arguments of an actual() or
// pipeline() call (fn), as quota() calls are checked: a declared rep, a
// measure with blocks of that kind, one of the plan's periods.
func (c *quotaCallChecker) creditCall(fn string, args []ast.Node) {
	l := c.l
	if len(l.plan.Credits) == 0 {
		return // the rule does not compile: the rules package says why
	}
	if rep, rng, ok := c.literal(args, 0); ok && c.reps != nil && !c.reps[rep] {
		l.unknownRef("rep", rep, fixedRange(rng), keysOf(c.reps),
			fmt.Sprintf("The first argument of %s() is the id of a rep: declare the rep, or fix the id.", fn))
	}
	if m, rng, ok := c.literal(args, 1); ok {
		with := l.plan.CreditMeasures(fn)
		if !slices.Contains(with, m) {
			l.errorAt(rng, "No "+fn+" block for the measure", fmt.Sprintf(
				"%s() sums what %s blocks credit, and no %s block feeds the measure %q. Add one, e.g. %s %q { date = \"deal.close_date\", amount = \"deal.amount\", rep = \"deal.owner\" } (one attribute per line), or use one of the measures with such blocks: %s.",
				fn, fn, fn, clip(m), fn, clip(m), listNames(with)))
		}
	}
	if p, rng, ok := c.literal(args, 2); ok && c.periods != nil && (!slices.Contains(c.periods, p) || p == "TD") {
		l.errorAt(rng, "Unknown period", fmt.Sprintf(
			"The period %q is not part of the plan. The third argument of %s() is %s.%s",
			clip(p), fn, l.describePeriods(), didYouMean(p, c.periods)))
	}
}
