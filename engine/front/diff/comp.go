package diff

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/quotaplan/quotaplan/engine"
	"github.com/quotaplan/quotaplan/plans/words"
)

// CompChange is the change of what one comp pays one rep (SPEC section
// 9): its target pay and its payout to date.
type CompChange struct {
	Rep, Comp string
	TargetPay Amount // OldSet/NewSet false where the comp does not apply to the rep
	Payout    Amount // OldSet/NewSet false where nothing is paid (no actual blocks, or not applying)
}

// CostChange is the change of a comp's cost curve at the default
// attainment points: what a new accelerator costs at 120%.
type CostChange struct {
	Comp   string
	Points []CostPointChange
}

// CostPointChange is one point of a cost curve on both sides.
type CostPointChange struct {
	Attainment float64
	Payout     Amount
	// OldCost and NewCost are the costs of sale, nil without bookings.
	OldCost, NewCost *float64
}

// compChanges compares the comps of every rep on both sides, by rep and
// comp.
func compChanges(b, h *engine.Result) []CompChange {
	if b.Comps == nil && h.Comps == nil {
		return nil
	}
	bm, hm := byID(b.Reps, repID), byID(h.Reps, repID)
	var out []CompChange
	for _, id := range unionKeys(bm, hm) {
		var comps []string
		for _, r := range []*engine.RepResult{bm[id], hm[id]} {
			if r == nil {
				continue
			}
			for _, c := range r.Comp {
				if !slices.Contains(comps, c.ID) {
					comps = append(comps, c.ID)
				}
			}
		}
		slices.Sort(comps)
		for _, cid := range comps {
			c := CompChange{Rep: id, Comp: cid, TargetPay: Amount{Unit: currencyOf(b, h)}, Payout: Amount{Unit: currencyOf(b, h)}}
			if r := compOf(bm[id], cid); r != nil {
				c.TargetPay.Old, c.TargetPay.OldSet = r.TargetPay, true
				c.Payout.Old, c.Payout.OldSet = r.Payout, r.Paid
			}
			if r := compOf(hm[id], cid); r != nil {
				c.TargetPay.New, c.TargetPay.NewSet = r.TargetPay, true
				c.Payout.New, c.Payout.NewSet = r.Payout, r.Paid
			}
			if c.TargetPay.Differs() || c.Payout.Differs() {
				out = append(out, c)
			}
		}
	}
	return out
}

// currencyOf is the plan currency of the head, else of the base.
func currencyOf(b, h *engine.Result) string {
	if h.Plan.Currency != "" {
		return h.Plan.Currency
	}
	return b.Plan.Currency
}

// compOf is comp id of r, nil for none or no rep.
func compOf(r *engine.RepResult, id string) *engine.CompResult {
	if r == nil {
		return nil
	}
	return r.CompOf(id)
}

// costChanges compares the cost curves of the comps whose payout curve is
// known on a side (plan directories, not saved results).
func costChanges(b, h *engine.Result) []CostChange {
	if b.Comps == nil && h.Comps == nil {
		return nil
	}
	// cost of sale is a share of revenue: only for measures in the plan
	// currency
	inCurrency := func(r *engine.Result, measure string) bool {
		for _, m := range r.Measures {
			if m.Name == measure {
				return m.Unit == r.Plan.Currency
			}
		}
		return false
	}
	summary := func(r *engine.Result, id string) *engine.CompSummary {
		if r.Comps == nil {
			return nil
		}
		if s := r.Comps.Comp(id); s != nil && s.Block != nil {
			return s
		}
		return nil
	}
	var ids []string
	for _, r := range []*engine.Result{b, h} {
		if r.Comps != nil {
			for _, s := range r.Comps.Comps {
				if s.Block != nil && !slices.Contains(ids, s.ID) {
					ids = append(ids, s.ID)
				}
			}
		}
	}
	slices.Sort(ids)
	var out []CostChange
	for _, id := range ids {
		bs, hs := summary(b, id), summary(h, id)
		c := CostChange{Comp: id}
		changed := false
		for _, x := range engine.CostPoints {
			p := CostPointChange{Attainment: x, Payout: Amount{Unit: currencyOf(b, h)}}
			if bs != nil {
				pt := bs.Cost(x)
				p.Payout.Old, p.Payout.OldSet = pt.Payout, true
				if pt.HasCost && inCurrency(b, bs.Measure) {
					v := pt.CostOfSale
					p.OldCost = &v
				}
			}
			if hs != nil {
				pt := hs.Cost(x)
				p.Payout.New, p.Payout.NewSet = pt.Payout, true
				if pt.HasCost && inCurrency(h, hs.Measure) {
					v := pt.CostOfSale
					p.NewCost = &v
				}
			}
			changed = changed || p.Payout.Differs() || !sameRatio(p.OldCost, p.NewCost)
			c.Points = append(c.Points, p)
		}
		if changed {
			out = append(out, c)
		}
	}
	return out
}

// compLine describes one change: "ann ae: target pay 24,000 -> 30,000
// (+6,000, +25.0%), payout 9,000 -> 11,250 (+2,250, +25.0%)".
func (n numbers) compLine(c CompChange) string {
	var parts []string
	if c.TargetPay.Differs() {
		parts = append(parts, "target pay "+n.change(c.TargetPay))
	}
	if c.Payout.Differs() {
		parts = append(parts, "payout "+n.change(c.Payout))
	}
	return fmt.Sprintf("%s %s: %s", c.Rep, c.Comp, strings.Join(parts, ", "))
}

// sameOrChange is change, or the amount and "(unchanged)" when it is the
// same on both sides.
func (n numbers) sameOrChange(a Amount) string {
	if !a.Differs() {
		return n.amount(a.New, a.Unit) + " (unchanged)"
	}
	return n.change(a)
}

// costText is "120%: 126,000 -> 144,000 (+18,000, +14.3%), cost of sale
// 6.1% -> 7.0%".
func (n numbers) costText(p CostPointChange) string {
	s := strconv.FormatFloat(p.Attainment*100, 'f', -1, 64) + "%: " + n.sameOrChange(p.Payout)
	switch {
	case !sameRatio(p.OldCost, p.NewCost):
		s += ", cost of sale " + percentText(p.OldCost) + " -> " + percentText(p.NewCost)
	case p.NewCost != nil:
		s += ", cost of sale " + percentText(p.NewCost)
	}
	return s
}

// comps writes the comp and cost-curve changes of the text format.
func (t *textWriter) comps(cs []CompChange, costs []CostChange) {
	if len(costs) > 0 {
		t.section("Comp cost curve (every rep at the same attainment)")
		for _, c := range costs {
			t.buf.WriteString("  ~ comp " + c.Comp + "\n")
			for _, p := range c.Points {
				t.detail(t.n.costText(p))
			}
		}
	}
	if len(cs) > 0 {
		t.section("Comp")
		for _, c := range cs {
			t.buf.WriteString("  ~ " + t.n.compLine(c) + "\n")
		}
	}
}

// compTables are the markdown tables of the comp changes.
func compTables(cs []CompChange, costs []CostChange, n numbers) []mdTable {
	ct := newTable("Comp cost curve", "Comp", "Attainment", "Payout", "Cost of sale")
	for _, c := range costs {
		for _, p := range c.Points {
			ct.addRow(c.Comp, strconv.FormatFloat(p.Attainment*100, 'f', -1, 64)+"%", n.sameOrChange(p.Payout),
				arrow(percentText(p.OldCost), percentText(p.NewCost)))
		}
	}
	t := newTable("Comp", "Rep", "Comp", "Target pay", "Payout")
	for _, c := range cs {
		t.addRow(c.Rep, c.Comp, n.sameOrChange(c.TargetPay), n.sameOrChange(c.Payout))
	}
	return []mdTable{ct, t}
}

// jComp is a comp change in the JSON diff.
type jComp struct {
	Rep          string       `json:"rep"`
	Comp         string       `json:"comp"`
	OldTargetPay *json.Number `json:"old_target_pay"`
	NewTargetPay *json.Number `json:"new_target_pay"`
	OldPayout    *json.Number `json:"old_payout"`
	NewPayout    *json.Number `json:"new_payout"`
}

// jCost is a cost-curve change in the JSON diff.
type jCost struct {
	Comp  string       `json:"comp"`
	Curve []jCostPoint `json:"curve"`
}

type jCostPoint struct {
	Attainment    json.Number  `json:"attainment"`
	OldPayout     *json.Number `json:"old_payout"`
	NewPayout     *json.Number `json:"new_payout"`
	OldCostOfSale *json.Number `json:"old_cost_of_sale"`
	NewCostOfSale *json.Number `json:"new_cost_of_sale"`
}

// jsonComp lays out a comp change for encoding.
func jsonComp(c CompChange) jComp {
	return jComp{Rep: c.Rep, Comp: c.Comp, OldTargetPay: optNum(c.TargetPay.Old, c.TargetPay.OldSet), NewTargetPay: optNum(c.TargetPay.New, c.TargetPay.NewSet),
		OldPayout: optNum(c.Payout.Old, c.Payout.OldSet), NewPayout: optNum(c.Payout.New, c.Payout.NewSet)}
}

// jsonCost lays out a cost-curve change for encoding.
func jsonCost(c CostChange) jCost {
	ratio := func(a *float64) *json.Number {
		if a == nil {
			return nil
		}
		return optNum(*a, true)
	}
	out := jCost{Comp: c.Comp}
	for _, p := range c.Points {
		out.Curve = append(out.Curve, jCostPoint{Attainment: *optNum(p.Attainment, true), OldPayout: optNum(p.Payout.Old, p.Payout.OldSet),
			NewPayout: optNum(p.Payout.New, p.Payout.NewSet), OldCostOfSale: ratio(p.OldCost), NewCostOfSale: ratio(p.NewCost)})
	}
	return out
}

// compClause is "comp: 2 reps changed, 1 cost curve" for the summary line.
func (r *Report) compClause() string {
	if len(r.Comp)+len(r.Costs) == 0 {
		return ""
	}
	reps := map[string]bool{}
	for _, c := range r.Comp {
		reps[c.Rep] = true
	}
	s := "comp: " + words.Plural(len(reps), "rep changed", "reps changed")
	if len(r.Costs) > 0 {
		s += ", " + words.Plural(len(r.Costs), "cost curve", "cost curves")
	}
	return s
}

// savedComp is a rep's "comp" of one comp in a saved result.
type savedComp struct {
	Measure   string   `json:"measure"`
	TargetPay float64  `json:"target_pay"`
	Payout    *float64 `json:"payout"`
}

// readComps gives the reps of r the comps s holds: enough to compare
// target pay and payouts between saved results (a saved result has no
// payout curve, so no cost curve).
func readComps(s *savedResult, r *engine.Result) {
	has := false
	for i, sr := range s.Reps {
		if sr.Comp == nil {
			continue
		}
		has = true
		for _, id := range slices.Sorted(maps.Keys(sr.Comp)) {
			c := sr.Comp[id]
			cr := &engine.CompResult{ID: id, Measure: c.Measure, TargetPay: c.TargetPay}
			if c.Payout != nil {
				cr.Payout, cr.Paid = *c.Payout, true
			}
			r.Reps[i].Comp = append(r.Reps[i].Comp, cr)
		}
	}
	if has {
		r.Comps = &engine.CompsResult{AsOf: deref(s.AsOf)}
	}
}
