package lsp

import (
	"slices"
	"strconv"

	"github.com/quotaplan/quotaplan/engine"
	"github.com/quotaplan/quotaplan/plans"
	"github.com/quotaplan/quotaplan/rules"
)

// actualsTable writes a rep's actuals, in a plan with actual blocks: per
// measure its quota to date, actual to date and attainment as of as_of
// (SPEC section 8).
func (h *hover) actualsTable(r *engine.RepResult) {
	if h.res.Credits == nil || len(r.Actuals) == 0 {
		return
	}
	h.line("")
	h.line("Actuals as of %s:", h.res.Credits.AsOf)
	h.line("")
	h.line("| measure | quota to date | actual | attainment | ramped |")
	h.line("|---|--:|--:|--:|---|")
	for _, a := range r.Actuals {
		unit := h.unit(a.Measure)
		att := "-"
		if a.HasAttainment {
			att = strconv.FormatFloat(a.Attainment*100, 'f', 1, 64) + "%"
		}
		ramped := "no"
		if a.Ramped {
			ramped = "yes"
		}
		h.line("| %s | %s | **%s** | %s | %s |", a.Measure, h.num(a.ToDate, unit), h.num(a.Total, unit), att, ramped)
	}
}

// The rules of actual, pipeline and forecast blocks read the row they
// credit: deal rows, or forecast rows for a forecast block (its from
// attribute may say otherwise; completion then offers the default's
// names).
func init() {
	for kind, scope := range map[string]rules.Scope{"actual": rules.ScopeDeal, "pipeline": rules.ScopeDeal, "forecast": rules.ScopeForecast} {
		attrs := map[string]ruleAttr{}
		for _, a := range []string{"where", "date", "amount", "rep"} {
			attrs[a] = ruleAttr{scope: scope}
		}
		ruleAttrs[kind] = attrs
	}
}

// rowSubject is the row a rule of scope reads, "" for none.
func rowSubject(scope rules.Scope) string {
	switch scope {
	case rules.ScopeDeal:
		return rules.NameDeal
	case rules.ScopeForecast:
		return rules.NameForecastRow
	}
	return ""
}

// rowColumns returns "id" and the columns of the rows named row ("deal" or
// "forecast") of the evaluated plan, sorted.
func (n *planNames) rowColumns(row string) []string {
	return n.rowCols[row]
}

// creditRowColumns gathers the columns of the plan's deal and forecast
// rows for completion.
func creditRowColumns(p *plans.Plan) map[string][]string {
	out := map[string][]string{}
	for row, kind := range map[string]string{rules.NameDeal: plans.RowsDeals, rules.NameForecastRow: plans.RowsForecasts} {
		seen := map[string]bool{"id": true}
		cols := []string{"id"}
		var last []string
		for _, r := range p.CreditRows(kind) {
			names, _ := r.Attrs.Row()
			if len(names) > 0 && len(last) > 0 && &names[0] == &last[0] {
				continue // rows of one file share their names
			}
			last = names
			for _, name := range names {
				if name != "" && !seen[name] {
					seen[name] = true
					cols = append(cols, name)
				}
			}
		}
		slices.Sort(cols)
		out[row] = cols
	}
	return out
}
