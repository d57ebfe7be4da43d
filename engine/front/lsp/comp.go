package lsp

import (
	"strconv"

	"github.com/quotaplan/quotaplan/engine"
	"github.com/quotaplan/quotaplan/rules"
)

func init() {
	hoverers["comp"] = (*hover).comp
	ruleAttrs["comp"] = map[string]ruleAttr{"applies_to": {scope: rules.ScopeRep}, "target_pay": {scope: rules.ScopeRep}}
}

// comp shows a comp block: its measure and payout period, how many reps
// it applies to, their target pay and payouts to date, and the cost at
// 100% attainment and at the other default points (SPEC section 9).
func (h *hover) comp(id string) {
	if h.res.Comps == nil || h.res.Comps.Comp(id) == nil {
		h.missing("comp", id)
		return
	}
	s := h.res.Comps.Comp(id)
	cur := h.res.Plan.Currency
	period := ""
	if s.Block != nil {
		period = " · paid by " + s.Block.Period
	}
	h.line("**comp %s** · %s%s · %d reps", id, s.Measure, period, s.Reps)
	h.line("")
	h.line("Target pay: **%s**", h.num(s.TargetPay, cur))
	if s.Paid {
		h.line("")
		h.line("Paid to date (as of %s): **%s**", h.res.Comps.AsOf, h.num(s.Payout, cur))
	}
	if s.Block == nil {
		return
	}
	at100 := s.Cost(1)
	h.line("")
	h.line("Cost at 100%%: **%s**%s", h.num(at100.Payout, cur), costOfSale(at100, h.unit(s.Measure) == cur))
	h.line("")
	h.line("| attainment | factor | payout | bookings |")
	h.line("|--:|--:|--:|--:|")
	for _, x := range engine.CostPoints {
		pt := s.Cost(x)
		h.line("| %s%% | %s | %s | %s |", strconv.FormatFloat(x*100, 'f', -1, 64), strconv.FormatFloat(s.Block.Factor(x), 'f', 2, 64),
			h.num(pt.Payout, cur), h.num(pt.Bookings, h.unit(s.Measure)))
	}
}

// costOfSale is " (cost of sale 5.3%)" for a revenue measure, "" otherwise.
func costOfSale(pt engine.CostPoint, revenue bool) string {
	if !pt.HasCost || !revenue {
		return ""
	}
	return " (cost of sale " + strconv.FormatFloat(pt.CostOfSale*100, 'f', 1, 64) + "%)"
}

// compTable writes what each comp pays a rep: target pay and payout to
// date.
func (h *hover) compTable(r *engine.RepResult) {
	if h.res.Comps == nil || len(r.Comp) == 0 {
		return
	}
	cur := h.res.Plan.Currency
	h.line("")
	h.line("Comp as of %s:", h.res.Comps.AsOf)
	h.line("")
	h.line("| comp | target pay | payout |")
	h.line("|---|--:|--:|")
	for _, c := range r.Comp {
		pay := "-"
		if c.Paid {
			pay = "**" + h.num(c.Payout, cur) + "**"
		}
		h.line("| %s | %s | %s |", c.ID, h.num(c.TargetPay, cur), pay)
	}
}
