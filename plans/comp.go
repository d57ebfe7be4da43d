package plans

import (
	"fmt"
	"slices"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// kindComp is the block kind of compensation plans (SPEC section 9).
const kindComp = "comp"

// Payout periods of a comp block: how often attainment is paid.
const (
	CompMonth   = "month"
	CompQuarter = "quarter"
	CompYear    = "year"
)

// compPeriods are the values of a comp block's period attribute.
var compPeriods = []string{CompMonth, CompQuarter, CompYear}

// Comp is a comp block: what a plan pays the reps it applies to for
// attaining the quota of one measure.
type Comp struct {
	Label        string
	AppliesTo    *Expr // rep scope, bool; nil: every rep carrying the measure
	Measure      string
	MeasureRange hcl.Range
	// TargetPay is the rule (rep scope, number) of the year's incentive at
	// 100% attainment.
	TargetPay   *Expr
	Period      string // CompMonth, CompQuarter (default) or CompYear
	PeriodRange hcl.Range
	// Tiers are the pieces of the payout curve, sorted by From; the first
	// starts at 0.
	Tiers    []CompTier
	Cap      float64 // the most a period pays, as a multiple of its target pay
	HasCap   bool
	CapRange hcl.Range
	DefRange hcl.Range
}

// CompTier is one piece of a payout curve: from attainment From up to the
// next tier's From, each point of attainment pays Rate points of target
// pay.
type CompTier struct {
	From, Rate float64
	DefRange   hcl.Range
}

// Factor is the payout factor f(a) of attainment a: the sum over tiers of
// rate x the part of a that falls in the tier, capped (SPEC section 9).
// Attainment below 0 gives 0.
func (c *Comp) Factor(a float64) float64 {
	f := 0.0
	for i, t := range c.Tiers {
		hi := a
		if i+1 < len(c.Tiers) {
			hi = min(a, c.Tiers[i+1].From)
		}
		f += t.Rate * max(0, hi-t.From)
	}
	if c.HasCap {
		f = min(f, c.Cap)
	}
	return f
}

// TierSlice is the part of attainment a that falls in tier i: max(0,
// min(a, next from) - from).
func (c *Comp) TierSlice(i int, a float64) float64 {
	hi := a
	if i+1 < len(c.Tiers) {
		hi = min(a, c.Tiers[i+1].From)
	}
	return max(0, hi-c.Tiers[i].From)
}

// compSchema is the schema of comp blocks; compTierSchema that of their
// tiers.
var (
	compSchema = blockSchema{labels: 1, attrs: []string{"applies_to", "measure", "target_pay", "period", "cap"},
		blocks: []string{kindTier}, required: []string{"target_pay"}}
	compTierSchema = blockSchema{attrs: []string{"from", "rate"}, required: []string{"from", "rate"}}
)

// CompFields are the rep fields comp blocks give rules, which no rep
// attribute or rep let may then be called.
var CompFields = []string{"target_pay", "payout"}

func init() {
	schemas[kindComp] = compSchema
	topLevelKinds = append(topLevelKinds, kindComp)
	identifierKinds = append(identifierKinds, kindComp)
	requiredExamples["comp.target_pay"] = `target_pay = "rep.ote * 0.5"`
	requiredExamples["tier.from"] = `from = 0`
	requiredExamples["tier.rate"] = `rate = 1`
}

// decodeComp decodes a comp block and its tiers.
func (l *loader) decodeComp(b *hclsyntax.Block, label string, attrs hclsyntax.Attributes) *Comp {
	c := &Comp{Label: label, Measure: label, Period: CompQuarter, DefRange: b.DefRange(),
		MeasureRange: b.LabelRanges[0], PeriodRange: b.DefRange(), CapRange: b.DefRange()}
	c.AppliesTo = l.rule(attrs, "applies_to", false)
	if l.stringAttr(attrs, "measure", &c.Measure) {
		c.MeasureRange = attrs["measure"].Expr.Range()
	}
	c.TargetPay = l.rule(attrs, "target_pay", true)
	if attrs["period"] != nil {
		c.PeriodRange = attrs["period"].Expr.Range()
	}
	l.enumAttr(attrs, "period", compPeriods, &c.Period)
	if attr := attrs["cap"]; attr != nil && l.numberAttr(attrs, "cap", &c.Cap) {
		c.HasCap, c.CapRange = true, attr.Expr.Range()
		if c.Cap < 0 {
			l.errorAt(c.CapRange, "Negative cap", fmt.Sprintf(
				"The comp %q caps a period's payout at %s x its target pay, but a cap must be zero or more. Remove the minus sign, e.g. cap = 2, or remove cap.",
				label, formatFloat(c.Cap)))
		}
	}
	for _, tb := range b.Body.Blocks {
		if tb.Type != kindTier || !l.openBlockAs(tb, compTierSchema) {
			continue
		}
		t := CompTier{DefRange: tb.DefRange()}
		ta := tb.Body.Attributes
		okFrom := l.numberAttr(ta, "from", &t.From)
		okRate := l.numberAttr(ta, "rate", &t.Rate)
		if okRate && t.Rate < 0 {
			l.errorAt(ta["rate"].Expr.Range(), "Negative rate", fmt.Sprintf(
				"A tier of comp %q pays %s points of target pay per point of attainment; a rate must be zero or more (a decelerator is a rate below 1, e.g. rate = 0.5).",
				label, formatFloat(t.Rate)))
		}
		if okFrom && okRate {
			c.Tiers = append(c.Tiers, t)
		}
	}
	l.checkTiers(b, c)
	return c
}

// checkTiers reports a comp whose tiers do not start at 0, or are out of
// order or repeat a from.
func (l *loader) checkTiers(b *hclsyntax.Block, c *Comp) {
	if len(c.Tiers) == 0 {
		if len(b.Body.Blocks) == 0 {
			l.errorAt(c.DefRange, "No tier at 0", fmt.Sprintf(
				"The comp %q has no tier blocks, so it pays nothing. Add at least one, starting at 0: a tier block with from = 0 and rate = 1 (one attribute per line).", c.Label))
		}
		return
	}
	if first := c.Tiers[0]; first.From != 0 {
		l.errorAt(first.DefRange, "No tier at 0", fmt.Sprintf(
			"The first tier of comp %q starts at %s, so attainment below it has no rate. Make the first tier start at 0 (from = 0), with rate = 0 if that range should pay nothing.",
			c.Label, formatFloat(first.From)))
	}
	for i := 1; i < len(c.Tiers); i++ {
		prev, t := c.Tiers[i-1], c.Tiers[i]
		switch {
		case t.From == prev.From:
			l.errorAt(t.DefRange, "Duplicate tier", fmt.Sprintf(
				"Two tiers of comp %q start at %s (the other at %s). Give each tier its own from, or merge the two.",
				c.Label, formatFloat(t.From), where(prev.DefRange)))
		case t.From < prev.From:
			l.errorAt(t.DefRange, "Tiers out of order", fmt.Sprintf(
				"This tier of comp %q starts at %s, below the tier before it (from = %s at %s). Write tiers in increasing order of from.",
				c.Label, formatFloat(t.From), formatFloat(prev.From), where(prev.DefRange)))
		}
	}
}

// CompMeasures returns the measures of the plan's comp blocks, sorted and
// without repeats.
func (p *Plan) CompMeasures() []string {
	var out []string
	for _, c := range p.Comps {
		if !slices.Contains(out, c.Measure) {
			out = append(out, c.Measure)
		}
	}
	slices.Sort(out)
	return out
}

// validateComps checks the measure of every comp block and that no rep
// attribute or rep let takes a name comp blocks give reps.
func (l *loader) validateComps() {
	p := l.plan
	if len(p.Comps) == 0 {
		return
	}
	measures := namesOf(p.Quotas, func(q *Quota) string { return q.Measure })
	for _, c := range p.Comps {
		if l.checkIdentifier("comp measure", c.Measure, c.MeasureRange) && !measures[c.Measure] {
			l.unknownRef("measure", c.Measure, fixedRange(c.MeasureRange), keysOf(measures), fmt.Sprintf(
				"A comp block pays for attaining a quota measure: declare a quota block with measure %q, or set measure to one of the plan's.", c.Measure))
		}
	}
	first := p.Comps[0]
	for _, name := range CompFields {
		detail := func(what string) string {
			return fmt.Sprintf(
				"The comp block %q (%s) gives every rep the field rep.%s, so rules could not read this %s. Rename the %s, e.g. %q.",
				first.Label, where(first.DefRange), name, what, what, name+"_value")
		}
		for _, r := range p.Reps {
			if hasAttr(r.Attrs, name) {
				l.errorAtLazy(attrAt{&r.Attrs, name}, "Attribute clashes with comp figures", func() string { return detail("attribute") })
				break
			}
		}
		for _, let := range p.Lets {
			if let.Scope == ScopeRep && let.Name == name {
				l.errorAt(l.labelRanges[let], "Let clashes with comp figures", detail("let"))
				break
			}
		}
	}
}
