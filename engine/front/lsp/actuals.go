package lsp

import (
	"strconv"

	"github.com/quotaplan/quotaplan/engine"
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
