package engine

import (
	"fmt"
	"math"
	"strings"
)

// Comp explains what comp id pays a rep: its target pay and the rule
// that gives it; without period, every payout period in a table; with
// period (a payout period's id: a month id, Qn or FY), that period's
// target pay and its share of the year, the attainment with the actual
// and quota behind it, each tier's slice with its rate and file:line, the
// cap and the payout.
func (ex *Explainer) Comp(repID, id, period string, o ExplainOptions) (*Node, error) {
	x, err := ex.explainer(o)
	if err != nil {
		return nil, err
	}
	e := x.e
	rs := e.w.repByID[repID]
	if rs == nil {
		ids := make([]string, len(e.w.reps))
		for i, r := range e.w.reps {
			ids[i] = r.ID
		}
		return nil, &UnknownError{What: "rep", Name: repID, Known: ids}
	}
	ci := -1
	for i, b := range e.c.comps {
		if b.Label == id {
			ci = i
		}
	}
	if ci < 0 {
		return nil, &UnknownError{What: "comp", Name: id, Known: e.c.schema.Comps.IDs}
	}
	b := e.c.comps[ci]
	var r *CompResult
	if e.comp != nil && rs.index < len(e.comp.results[ci]) {
		r = e.comp.results[ci][rs.index]
	}
	if r == nil {
		why := fmt.Sprintf("rep %q does not carry its measure %q", repID, b.Measure)
		if rs.quotaOf(b.Measure) != nil {
			why = fmt.Sprintf("its applies_to (%s) is false for rep %q", at(b.AppliesTo.Range), repID)
		}
		return nil, fmt.Errorf("comp %q does not apply to rep %q: %s", id, repID, why)
	}
	unit := e.p.Currency
	root := &Node{Label: fmt.Sprintf("comp %s · %s", id, repID), At: at(b.DefRange)}
	tp := numberNode("target pay", r.TargetPay, unit)
	tp.Rule, tp.At = b.TargetPay.Text, at(b.TargetPay.Range)
	tp.Note = "the year's incentive at 100% attainment"
	if period == "" {
		if r.Paid {
			setNumber(root, r.Payout, unit)
			root.Note = fmt.Sprintf("payout to date: the periods ended on or before as_of %s", e.p.AsOf.Format("2006-01-02"))
		} else {
			root.Value = "not paid"
			root.Note = fmt.Sprintf("the measure %q has no actual block, so no period is paid", b.Measure)
		}
		table := [][]string{{"period", "target pay", "share of year", "quota", "actual", "attainment", "factor", "payout"}}
		for _, p := range r.Periods {
			row := []string{p.ID, FormatNumber(p.TargetPay), shareOf(p.Quota, r.QuotaFY), FormatNumber(p.Quota), "-", "-", "-", "open"}
			if r.Paid {
				row[4] = FormatNumber(p.Actual)
			} else {
				row[7] = "-"
			}
			if p.Paid {
				row[5], row[6], row[7] = FormatNumber(p.Attainment), FormatNumber(p.Factor), FormatNumber(p.Payout)
			}
			table = append(table, row)
		}
		periods := &Node{Label: "payout periods", Value: b.Period, Table: table,
			Note: fmt.Sprintf("explain %s comp:%s PERIOD for one period's tiers", repID, id)}
		root.Children = append(root.Children, tp, periods, curveNode(b))
		return root, nil
	}
	var p *CompPeriod
	var ids []string
	for k := range r.Periods {
		ids = append(ids, r.Periods[k].ID)
		if r.Periods[k].ID == period {
			p = &r.Periods[k]
		}
	}
	if p == nil {
		return nil, &UnknownError{What: "payout period of comp " + id, Name: period, Known: ids}
	}
	root.Label += " · " + p.ID
	tpp := numberNode("target pay · "+p.ID, p.TargetPay, unit)
	tpp.Note = fmt.Sprintf("target_pay x quota(%s) / quota(FY) = %s x %s / %s", p.ID, FormatNumber(r.TargetPay), FormatNumber(p.Quota), FormatNumber(r.QuotaFY))
	if r.QuotaFY == 0 {
		tpp.Note = "0: the rep has no quota of " + b.Measure + " in the year"
	}
	share := &Node{Label: "share of the year", Value: shareOf(p.Quota, r.QuotaFY), Note: "quota(" + p.ID + ") / quota(FY)"}
	tpp.Children = []*Node{tp, share}
	root.Children = append(root.Children, tpp)
	if !p.Paid {
		root.Value = "open"
		root.Note = fmt.Sprintf("the period ends on %s, after as_of %s: no payout yet", p.End.Format("2006-01-02"), e.p.AsOf.Format("2006-01-02"))
		if !r.Paid {
			root.Value = "not paid"
			root.Note = fmt.Sprintf("the measure %q has no actual block, so no period is paid", b.Measure)
		}
		if r.Paid {
			root.Children = append(root.Children, numberNode("actual so far · "+p.ID, p.Actual, ""))
		}
		return root, nil
	}
	setNumber(root, p.Payout, unit)
	root.Note = fmt.Sprintf("target pay x factor = %s x %s, rounded to 0.01 and never below 0", FormatNumber(p.TargetPay), FormatNumber(p.Factor))
	att := numberNode("attainment · "+p.ID, p.Attainment, "")
	att.Note = "actual / quota; 0 when the quota is 0"
	act := numberNode("actual", p.Actual, "")
	act.Note = fmt.Sprintf("credited rows of %s in %s: explain %s %s lists them", b.Measure, p.ID, repID, b.Measure)
	att.Children = []*Node{act, numberNode("quota", p.Quota, "")}
	root.Children = append(root.Children, att, factorNode(b, p.Attainment))
	return root, nil
}

// factorNode explains f(a): each tier's slice of attainment a, with its
// rate, the points it adds and its file:line, then the cap.
func factorNode(b *compBlock, a float64) *Node {
	n := numberNode("factor", b.Factor(a), "")
	n.Note = "sum over tiers of rate x the part of the attainment in the tier"
	table := [][]string{{"tier", "from", "to", "rate", "slice", "points", "at"}}
	raw := 0.0
	for i, t := range b.Tiers {
		to := "-"
		if i+1 < len(b.Tiers) {
			to = FormatNumber(b.Tiers[i+1].From)
		}
		slice := b.TierSlice(i, a)
		raw += t.Rate * slice
		table = append(table, []string{fmt.Sprint(i + 1), FormatNumber(t.From), to, FormatNumber(t.Rate), FormatNumber(slice),
			FormatNumber(t.Rate * slice), at(t.DefRange)})
	}
	n.Table = table
	if b.HasCap {
		c := numberNode("cap", b.Cap, "")
		c.At = at(b.CapRange)
		if raw > b.Cap {
			c.Note = fmt.Sprintf("binds: the tiers give %s, a period pays at most %s x its target pay", FormatNumber(raw), FormatNumber(b.Cap))
		} else {
			c.Note = fmt.Sprintf("does not bind: the tiers give %s", FormatNumber(raw))
		}
		n.Children = append(n.Children, c)
	}
	return n
}

// curveNode lists a comp's tiers and cap.
func curveNode(b *compBlock) *Node {
	n := &Node{Label: "payout curve", Value: fmt.Sprintf("%d tiers", len(b.Tiers)), Note: "rate: points of target pay per point of attainment in the tier"}
	table := [][]string{{"from", "rate", "at"}}
	for _, t := range b.Tiers {
		table = append(table, []string{FormatNumber(t.From), FormatNumber(t.Rate), at(t.DefRange)})
	}
	n.Table = table
	if b.HasCap {
		c := numberNode("cap", b.Cap, "")
		c.At = at(b.CapRange)
		n.Children = append(n.Children, c)
	}
	return n
}

// shareOf formats part / whole as a percentage, "-" when whole is 0.
func shareOf(part, whole float64) string {
	if whole == 0 {
		return "-"
	}
	s := FormatNumber(math.Round(part/whole*10000) / 100)
	return strings.TrimSuffix(s, ".0") + "%"
}
