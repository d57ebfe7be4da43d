package plans

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// Defaults of optional attributes.
const (
	defaultMonths   = 12
	defaultCurrency = "USD"
	maxMonths       = 36
	defaultPeriod   = "FY"
	severityError   = "error"
)

// Enumerations of attribute values.
var (
	letScopes   = []string{ScopePlan, ScopeTerritory, ScopeRep}
	checkScopes = []string{ScopePlan, ScopeRep, ScopeTerritory, ScopeGoal}
	severities  = []string{severityError, "warning", "info"}
)

// decodeTopLevel decodes every block of one file body.
func (l *loader) decodeTopLevel(body *hclsyntax.Body) {
	for _, attr := range sortedAttrs(body) {
		l.errorAt(attr.NameRange, "Unexpected attribute", fmt.Sprintf(
			"%q is set outside any block. Attributes belong inside a block such as plan, variable or rep: move it into one.",
			clip(attr.Name)))
	}
	for _, b := range body.Blocks {
		l.decodeBlock(b)
	}
}

// decodeBlock checks a top-level block's schema and label, then decodes it.
func (l *loader) decodeBlock(b *hclsyntax.Block) {
	if !slices.Contains(topLevelKinds, b.Type) {
		l.unsupportedBlock(b, "", topLevelKinds)
		return
	}
	if !l.openBlock(b) {
		return
	}
	label, rng := b.Labels[0], b.LabelRanges[0]
	l.checkLabel(b.Type, label, rng)
	if b.Type != kindPlan && b.Type != kindImport && !l.declare(b.Type, label, &b.LabelRanges[0]) {
		return
	}
	l.decodeKind(b, label)
}

// decodeKind dispatches a block to the decoder of its kind and keeps the
// label range of the result.
func (l *loader) decodeKind(b *hclsyntax.Block, label string) {
	attrs, p := b.Body.Attributes, l.plan
	var model any
	switch b.Type {
	case kindPlan:
		l.decodePlan(b, label)
		return
	case kindVariable:
		model = appendTo(&p.Variables, l.decodeVariable(b, label, attrs))
	case kindScenario:
		model = appendTo(&p.Scenarios, l.decodeScenario(b, label, attrs))
	case kindTerritory:
		model = appendTo(&p.Territories, l.decodeTerritory(b, label))
	case kindRep:
		model = appendTo(&p.Reps, l.decodeRep(b, label))
	case kindImport:
		model = appendTo(&p.Imports, l.decodeImport(b, label, attrs))
	case kindRamp:
		model = appendTo(&p.Ramps, l.decodeRamp(b, label))
	case kindQuota:
		model = appendTo(&p.Quotas, l.decodeQuota(b, label, attrs))
	case kindLet:
		model = appendTo(&p.Lets, l.decodeLet(b, label, attrs))
	case kindGoal:
		model = appendTo(&p.Goals, l.decodeGoal(b, label, attrs))
	case kindCheck:
		model = appendTo(&p.Checks, l.decodeCheck(b, label, attrs))
	case kindTest:
		model = appendTo(&p.Tests, l.decodeTest(b, label, attrs))
	case kindWaive:
		model = appendTo(&p.Waivers, l.decodeWaive(b, label, attrs))
	case CreditActual, CreditPipeline, CreditForecast:
		model = appendTo(&p.Credits, l.decodeCredit(b, label, attrs))
	}
	l.labelRanges[model] = b.LabelRanges[0]
}

// appendTo appends v to *list and returns it.
func appendTo[T any](list *[]T, v T) T {
	*list = append(*list, v)
	return v
}

// decodePlan decodes the plan block; a second one is an error.
func (l *loader) decodePlan(b *hclsyntax.Block, label string) {
	if l.planBlock != nil {
		l.errorAt(b.DefRange(), "Duplicate plan block", fmt.Sprintf(
			"A plan directory holds exactly one plan block, but plan %q is declared here and plan %q at %s. Remove one of them, or move one to another directory.",
			clip(label), clip(l.plan.ID), where(l.planBlock.DefRange())))
		return
	}
	l.planBlock = b
	p, attrs := l.plan, b.Body.Attributes
	p.ID, p.DefRange, p.Currency = label, b.DefRange(), defaultCurrency
	l.stringAttr(attrs, "title", &p.Title)
	l.stringAttr(attrs, "currency", &p.Currency)
	l.decodePlanStart(attrs)
	l.decodePlanMonths(attrs)
	if attr := attrs["holidays"]; attr != nil {
		p.Holidays = l.dateList(attr)
	}
	p.AsOfRange = p.DefRange
	if l.dateAttr(attrs, "as_of", &p.AsOf) {
		p.AsOfRange = attrs["as_of"].Expr.Range()
	}
}

// decodePlanStart decodes plan.start, which must be the first of a month.
func (l *loader) decodePlanStart(attrs hclsyntax.Attributes) {
	if !l.dateAttr(attrs, "start", &l.plan.Start) {
		return
	}
	if start := l.plan.Start; start.Day() != 1 {
		l.errorAt(attrs["start"].Expr.Range(), "Plan start is not the first day of a month", fmt.Sprintf(
			"A plan year starts on the first day of a month, and %s is not. Use %q.",
			start.Format(dateLayout), start.AddDate(0, 0, 1-start.Day()).Format(dateLayout)))
	}
}

// decodePlanMonths decodes plan.months, a whole number in 1..36.
func (l *loader) decodePlanMonths(attrs hclsyntax.Attributes) {
	var months float64
	if !l.numberAttr(attrs, "months", &months) {
		return
	}
	if months != float64(int(months)) || months < 1 || months > maxMonths {
		l.errorAt(attrs["months"].Expr.Range(), "Invalid plan length", fmt.Sprintf(
			"The plan's months must be a whole number from 1 to %d, but it is %s.", maxMonths, formatFloat(months)))
		return
	}
	l.plan.Months = int(months)
}

// dateList decodes a list of dates such as plan.holidays.
func (l *loader) dateList(attr *hclsyntax.Attribute) []time.Time {
	values, ranges, ok := l.stringList(attr)
	if !ok {
		return nil
	}
	var dates []time.Time
	for i, s := range values {
		if t, ok := l.checkDate(s, fixedRange(ranges[i]), "date"); ok {
			dates = append(dates, t)
		}
	}
	slices.SortFunc(dates, time.Time.Compare)
	return slices.CompactFunc(dates, time.Time.Equal)
}

// stringList decodes a string or a list of strings, with the range of each.
func (l *loader) stringList(attr *hclsyntax.Attribute) ([]string, []hcl.Range, bool) {
	v, ok := l.value(attr)
	if !ok {
		return nil, nil, false
	}
	if v.Type() == cty.String {
		return []string{v.AsString()}, []hcl.Range{attr.Expr.Range()}, true
	}
	if t := v.Type(); !t.IsTupleType() && !t.IsListType() {
		l.expectType(attr, v, cty.List(cty.String), "a list of strings", attr.Name+` = ["a", "b"]`)
		return nil, nil, false
	}
	items := goList(v)
	elemRanges := elementRanges(attr.Expr, len(items))
	out := make([]string, 0, len(items))
	for i, item := range items {
		s, isString := item.(string)
		if !isString {
			l.errorAt(elemRanges[i], "Expected a string", fmt.Sprintf(
				"Every element of %q must be a string in double quotes.", attr.Name))
			return nil, nil, false
		}
		out = append(out, s)
	}
	return out, elemRanges, true
}

// elementRanges returns the range of each element of a list literal, or the
// whole value's range for each when the list is not a literal.
func elementRanges(expr hclsyntax.Expression, n int) []hcl.Range {
	ranges := make([]hcl.Range, n)
	tuple, isTuple := expr.(*hclsyntax.TupleConsExpr)
	for i := range ranges {
		ranges[i] = expr.Range()
		if isTuple && i < len(tuple.Exprs) {
			ranges[i] = tuple.Exprs[i].Range()
		}
	}
	return ranges
}

// decodeVariable decodes a variable block.
func (l *loader) decodeVariable(b *hclsyntax.Block, label string, attrs hclsyntax.Attributes) *Variable {
	v := &Variable{Name: label, DefRange: b.DefRange()}
	if attr := attrs["default"]; attr != nil {
		if val, ok := l.value(attr); ok {
			v.Default, _ = goValue(val)
		}
	}
	l.stringAttr(attrs, "description", &v.Description)
	return v
}

// decodeScenario decodes a scenario block.
func (l *loader) decodeScenario(b *hclsyntax.Block, label string, attrs hclsyntax.Attributes) *Scenario {
	s := &Scenario{Name: label, DefRange: b.DefRange(), Vars: map[string]any{}, VarRanges: map[string]hcl.Range{}}
	if attr := attrs["vars"]; attr != nil {
		if vars, ranges, ok := l.mapAttr(attr); ok {
			s.Vars, s.VarRanges = vars, ranges
		}
	}
	return s
}

// decodeImport decodes an import block.
func (l *loader) decodeImport(b *hclsyntax.Block, label string, attrs hclsyntax.Attributes) *Import {
	imp := &Import{Kind: label, DefRange: b.DefRange()}
	k := rowKindNamed(label)
	if k == nil {
		l.errorAt(b.LabelRanges[0], "Unknown import kind", fmt.Sprintf(
			"An import block reads rows of one kind, %s, but %q is none of them. Write the kind as the label, e.g. import \"reps\" { ... }.%s",
			listOr(importKinds), clip(label), didYouMean(label, importKinds)))
	}
	if attr := attrs["csv"]; attr != nil {
		paths, ranges, _ := l.stringList(attr)
		imp.Paths = paths
		l.importPaths[imp] = ranges
	}
	l.decodeImportColumns(imp, k, attrs)
	return imp
}

// decodeRamp decodes a ramp block and its tiers, in order.
func (l *loader) decodeRamp(b *hclsyntax.Block, label string) *Ramp {
	r := &Ramp{Name: label, DefRange: b.DefRange()}
	for _, tb := range b.Body.Blocks {
		if tb.Type != kindTier || !l.openBlock(tb) {
			continue
		}
		attrs := tb.Body.Attributes
		r.Tiers = append(r.Tiers, &Tier{
			When:     l.rule(attrs, "when", false),
			Factor:   l.rule(attrs, "factor", true),
			DefRange: tb.DefRange(),
		})
	}
	if len(r.Tiers) == 0 {
		l.warningAt(b.DefRange(), "Empty ramp", fmt.Sprintf(
			"The ramp %q has no tier blocks, so its factor is always 1. Add tier blocks, each with a when condition and a factor, e.g. when = \"tenure_month == 1\" and factor = 0.4.", label))
	}
	return r
}

// decodeLet decodes a let block.
func (l *loader) decodeLet(b *hclsyntax.Block, label string, attrs hclsyntax.Attributes) *Let {
	let := &Let{Name: label, Scope: ScopePlan, DefRange: b.DefRange()}
	l.enumAttr(attrs, "scope", letScopes, &let.Scope)
	let.Expr = l.rule(attrs, "expr", false)
	return let
}

// decodeGoal decodes a goal block.
func (l *loader) decodeGoal(b *hclsyntax.Block, label string, attrs hclsyntax.Attributes) *Goal {
	g := &Goal{Name: label, Period: defaultPeriod, DefRange: b.DefRange(), PeriodRange: b.DefRange()}
	l.stringAttr(attrs, "description", &g.Description)
	if l.stringAttr(attrs, "measure", &g.Measure) {
		g.MeasureRange = attrs["measure"].Expr.Range()
	}
	g.Target = l.rule(attrs, "target", true)
	l.nonNegativeAttr(attrs, "overassign", &g.Overassign)
	g.Where = l.rule(attrs, "where", false)
	if l.stringAttr(attrs, "period", &g.Period) {
		g.PeriodRange = attrs["period"].Expr.Range()
	}
	return g
}

// decodeCheck decodes a check block.
func (l *loader) decodeCheck(b *hclsyntax.Block, label string, attrs hclsyntax.Attributes) *Check {
	c := &Check{Name: label, Scope: ScopePlan, Severity: severityError, DefRange: b.DefRange()}
	l.enumAttr(attrs, "scope", checkScopes, &c.Scope)
	l.enumAttr(attrs, "severity", severities, &c.Severity)
	c.Where = l.rule(attrs, "where", false)
	c.Assert = l.rule(attrs, "assert", false)
	c.Message = l.message(attrs, "message")
	return c
}

// decodeTest decodes a test block.
func (l *loader) decodeTest(b *hclsyntax.Block, label string, attrs hclsyntax.Attributes) *Test {
	t := &Test{Name: label, DefRange: b.DefRange()}
	t.Assert = l.rule(attrs, "assert", false)
	if l.stringAttr(attrs, "scenario", &t.Scenario) {
		l.testScen[t] = attrs["scenario"].Expr.Range()
	}
	if attr := attrs["vars"]; attr != nil {
		if vars, ranges, ok := l.mapAttr(attr); ok {
			t.Vars = vars
			l.testVars[t] = ranges
		}
	}
	return t
}

// enumAttr decodes an optional string attribute that must be one of allowed.
func (l *loader) enumAttr(attrs hclsyntax.Attributes, name string, allowed []string, dst *string) {
	var s string
	if !l.stringAttr(attrs, name, &s) {
		return
	}
	if !slices.Contains(allowed, s) {
		l.errorAt(attrs[name].Expr.Range(), "Invalid "+name, fmt.Sprintf(
			"The %s must be %s, but it is %q.%s", name, listOr(allowed), clip(s), didYouMean(s, allowed)))
		return
	}
	*dst = s
}

// listOr formats names as `"a", "b" or "c"`.
func listOr(names []string) string {
	s := listNames(names)
	if i := strings.LastIndex(s, " and "); i >= 0 {
		s = s[:i] + " or " + s[i+len(" and "):]
	}
	return s
}
