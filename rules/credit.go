package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/types"
)

// Credits describes what a plan's actual, pipeline and forecast blocks
// (SPEC section 8) add to rules: the rep fields actual, attainment,
// ramped and history (for the measures with actual blocks), pipeline and
// forecast; the functions actual() and pipeline(); the row scopes deal
// and forecast.
type Credits struct {
	Actual, Pipeline, Forecast []string // measures with blocks of each kind, sorted
	// DealAttrs and ForecastAttrs type the columns of the imported rows
	// (the union over their files); nil without such imports.
	DealAttrs, ForecastAttrs map[string]types.Type
}

// Names of the credit figures and functions.
const (
	NameDeal         = "deal"     // the row of a deal-scope rule
	NameForecastRow  = "forecast" // the row of a forecast-scope rule
	NameActualFunc   = "actual"   // actual(rep_id, measure, period)
	NamePipelineFunc = "pipeline" // pipeline(rep_id, measure, period)
)

// CreditFields are the rep fields credit blocks add: each maps the
// measures with blocks of its kind to a figure.
var CreditFields = []Field{
	{"actual", FieldMeasures, "actual to date of each measure with actual blocks (sum of credited rows up to as_of)"},
	{"attainment", FieldMeasures, "actual to date / quota to date, nil when the quota to date is 0"},
	{"ramped", FieldMeasures, "true when the rep carries the measure at full ramp and fully active in every elapsed period"},
	{"history", FieldMeasures, "credited actuals of the 12 months before the plan"},
	{"pipeline", FieldMeasures, "open pipeline dated after as_of, within the plan"},
	{"forecast", FieldMeasures, "submitted forecasts over the plan"},
}

// CreditFunc is the Go type of actual() and pipeline(): the credited sum
// of a rep, measure and period (a month id, Qn, Hn or FY).
type CreditFunc func(rep, measure, period string) float64

// Any reports whether the plan has credit blocks.
func (c *Credits) Any() bool {
	return len(c.Actual)+len(c.Pipeline)+len(c.Forecast) > 0
}

// FieldMeasures returns the measures the rep field name (one of
// CreditFields) holds; nil for another name.
func (c *Credits) FieldMeasures(name string) []string {
	switch name {
	case "actual", "attainment", "ramped", "history":
		return c.Actual
	case "pipeline":
		return c.Pipeline
	case "forecast":
		return c.Forecast
	}
	return nil
}

// addRepFields adds the credit fields to a rep object type.
func (c *Credits) addRepFields(t types.Map) {
	for _, f := range CreditFields {
		ms := c.FieldMeasures(f.Name)
		if len(ms) == 0 {
			continue
		}
		m := types.Map{}
		for _, name := range ms {
			switch f.Name {
			case "attainment":
				m[name] = types.Any // nil when the quota to date is 0
			case "ramped":
				m[name] = types.Bool
			default:
				m[name] = types.Float64
			}
		}
		t[f.Name] = m
	}
}

// addNames adds the credit functions, and in the row scopes the row, to
// the names of scope s.
func (c *Credits) addNames(env types.Map, s Scope) {
	fn := types.TypeOf(CreditFunc(nil))
	if len(c.Actual) > 0 {
		env[NameActualFunc] = fn
	}
	if len(c.Pipeline) > 0 {
		env[NamePipelineFunc] = fn
	}
	switch s {
	case ScopeDeal:
		env[NameDeal] = rowType(c.DealAttrs)
	case ScopeForecast:
		env[NameForecastRow] = rowType(c.ForecastAttrs)
	}
}

// rowType is the type of a row object: its id and its columns.
func rowType(attrs map[string]types.Type) types.Map {
	m := types.Map{"id": types.String}
	for k, v := range attrs {
		if k != "id" {
			m[k] = v
		}
	}
	return m
}

// creditKindOf names the block kind that gives a credit field.
func creditKindOf(field string) string {
	switch field {
	case "pipeline", "forecast":
		return field
	}
	return "actual"
}

// creditHint is the hint of an unknown field name read on chain: a
// measure without the block that gives a credit field, or a credit field
// in a plan without such blocks; "" otherwise.
func creditHint(chain, name string, sc *Schema) string {
	if sc == nil {
		return ""
	}
	last := chain[strings.LastIndex(chain, ".")+1:]
	if slices.ContainsFunc(CreditFields, func(f Field) bool { return f.Name == last }) && slices.Contains(sc.Measures, name) {
		kind := creditKindOf(last)
		return fmt.Sprintf(" The measure %q has no %s block, so there is no %s figure for it: add one, e.g. %s %q { date = \"deal.close_date\", amount = \"deal.amount\", rep = \"deal.owner\" } (one attribute per line).",
			name, kind, last, kind, name)
	}
	if slices.ContainsFunc(CreditFields, func(f Field) bool { return f.Name == name }) && len(sc.Credits.FieldMeasures(name)) == 0 {
		kind := creditKindOf(name)
		return fmt.Sprintf(" %s.%s exists only for measures with %s blocks: add one, e.g. %s \"new_arr\" { date = \"deal.close_date\", amount = \"deal.amount\", rep = \"deal.owner\" } (one attribute per line).",
			cmpOr(chain, "rep"), name, kind, kind)
	}
	return ""
}

func cmpOr(a, b string) string {
	if a == "" || a == "." {
		return b
	}
	return a
}

// creditRefs adds what member n or call n reads of the credit figures:
// every credit figure depends on the crediting step (RefCredit), and
// attainment and ramped on their measure's quotas too.
func creditRefs(n ast.Node, seen map[Ref]bool) {
	switch n := n.(type) {
	case *ast.MemberNode:
		inner, ok := n.Node.(*ast.MemberNode)
		if !ok {
			return
		}
		field, ok := inner.Property.(*ast.StringNode)
		if !ok || !slices.ContainsFunc(CreditFields, func(f Field) bool { return f.Name == field.Value }) {
			return
		}
		seen[Ref{Kind: RefCredit}] = true
		if field.Value == "attainment" || field.Value == "ramped" {
			if prop, ok := n.Property.(*ast.StringNode); ok {
				seen[Ref{Kind: RefMeasure, Name: prop.Value}] = true
			} else {
				seen[Ref{Kind: RefAllMeasures}] = true
			}
		}
	case *ast.CallNode:
		if id, ok := n.Callee.(*ast.IdentifierNode); ok && (id.Value == NameActualFunc || id.Value == NamePipelineFunc) {
			seen[Ref{Kind: RefCredit}] = true
		}
	}
}

// creditFuncHint is the hint of an unknown name that is a credit function
// of a plan without the blocks that give it; "" otherwise.
func creditFuncHint(name string) string {
	kind := ""
	switch name {
	case NameActualFunc:
		kind = "actual"
	case NamePipelineFunc:
		kind = "pipeline"
	default:
		return ""
	}
	return fmt.Sprintf(" %s() exists only in a plan with %s blocks: add one, e.g. %s \"new_arr\" { date = \"deal.close_date\", amount = \"deal.amount\", rep = \"deal.owner\" } (one attribute per line).",
		name, kind, kind)
}
