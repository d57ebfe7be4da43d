package plans

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// decodeQuota decodes a quota block. The unit default (the plan currency) is
// filled in once every file is read.
func (l *loader) decodeQuota(b *hclsyntax.Block, label string, attrs hclsyntax.Attributes) *Quota {
	q := &Quota{Label: label, Measure: label, Prorate: true, Rollup: true, Rounding: RoundMonth, DefRange: b.DefRange(),
		UnitRange: b.DefRange(), RollupRange: b.DefRange()}
	if l.stringAttr(attrs, "measure", &q.Measure) {
		l.checkIdentifier("quota measure", q.Measure, attrs["measure"].Expr.Range())
	}
	if l.stringAttr(attrs, "unit", &q.Unit) {
		q.UnitRange = attrs["unit"].Expr.Range()
	}
	q.AppliesTo = l.rule(attrs, "applies_to", false)
	q.Annual = l.rule(attrs, "annual", false)
	q.Monthly = l.rule(attrs, "monthly", false)
	l.checkQuotaAmount(b, attrs)
	if l.stringAttr(attrs, "ramp", &q.Ramp) {
		q.RampRange = attrs["ramp"].Expr.Range()
	}
	l.boolAttr(attrs, "prorate", &q.Prorate)
	if attr := attrs["season"]; attr != nil {
		q.Season = l.season(attr)
		q.SeasonRange = attr.Expr.Range()
	}
	l.roundAttr(attrs, &q.Round)
	l.enumAttr(attrs, "rounding", roundings, &q.Rounding)
	if q.Rounding == RoundCumulative && attrs["round"] == nil {
		l.warningAt(attrs["rounding"].Expr.Range(), "Cumulative rounding without round", fmt.Sprintf(
			"The quota %q rounds its running total, but sets no round increment, so nothing is rounded. Add one, e.g. round = 1, or remove rounding.",
			label))
	}
	if l.boolAttr(attrs, "rollup", &q.Rollup) {
		q.RollupRange = attrs["rollup"].Expr.Range()
	}
	return q
}

// roundings are the values of a quota's rounding attribute.
var roundings = []string{RoundMonth, RoundCumulative}

// checkQuotaAmount reports a quota with neither or both of annual and monthly.
func (l *loader) checkQuotaAmount(b *hclsyntax.Block, attrs hclsyntax.Attributes) {
	annual, monthly := attrs["annual"], attrs["monthly"]
	switch {
	case annual == nil && monthly == nil:
		l.errorAt(b.DefRange(), "Missing quota amount", fmt.Sprintf(
			"The quota %q needs exactly one of \"annual\" (the full-productivity amount for the plan year) or \"monthly\" (the amount for one month), e.g. annual = \"rep.ote * 4\".",
			b.Labels[0]))
	case annual != nil && monthly != nil:
		l.errorAt(monthly.NameRange, "Conflicting quota amounts", fmt.Sprintf(
			"The quota %q sets both \"annual\" (at %s) and \"monthly\". Keep only one of them.",
			b.Labels[0], where(annual.SrcRange)))
	}
}

// season decodes a list of non-negative weights. Its length and sum are
// checked once the plan's months are known.
func (l *loader) season(attr *hclsyntax.Attribute) []float64 {
	v, ok := l.value(attr)
	if !ok {
		return nil
	}
	if t := v.Type(); !t.IsTupleType() && !t.IsListType() {
		l.expectType(attr, v, cty.List(cty.Number), "a list of numbers", "season = [0.2, 0.25, 0.25, 0.3]")
		return nil
	}
	items := goList(v)
	ranges := elementRanges(attr.Expr, len(items))
	weights := make([]float64, 0, len(items))
	for i, item := range items {
		w, isNumber := item.(float64)
		if !l.checkWeight(isNumber, w, ranges[i]) {
			return nil
		}
		weights = append(weights, w)
	}
	return weights
}

// checkWeight reports a season weight that is not a number >= 0.
func (l *loader) checkWeight(isNumber bool, w float64, rng hcl.Range) bool {
	switch {
	case !isNumber:
		l.errorAt(rng, "Expected a number", "Every season weight must be a number, e.g. season = [0.2, 0.25, 0.25, 0.3].")
	case w < 0 || w != w:
		l.errorAt(rng, "Negative season weight", fmt.Sprintf(
			"Season weights are shares of the year and must be zero or more, but this one is %s.", formatFloat(w)))
	default:
		return true
	}
	return false
}
