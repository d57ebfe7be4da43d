package engine

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/quotaplan/quotaplan/plans"
)

// maxExplainedRows is how many credited rows explain lists, largest first.
const maxExplainedRows = 25

// creditedRow is one row credited to the rep being explained.
type creditedRow struct {
	block  *creditBlock
	row    *plans.Row
	period int     // -1: history
	amount float64 // credited
	share  float64
	total  float64 // the row's amount
}

// actualNode explains a rep's actual of measure (periods idx, nil for the
// whole plan): the actual to date, how the quota to date was prorated,
// the attainment and the rows credited, largest first, each with its
// file:line, amount and share. It is nil when the measure has no actual
// blocks. The rows are credited again, with a machine of the explainer's
// own, so the figures are those the rules give.
func (x *explainer) actualNode(rs *repState, measure string, idx []int) *Node {
	cr := x.e.credit
	if cr == nil || cr.fig(measure, plans.CreditActual) < 0 {
		return nil
	}
	in := func(p int) bool { return idx == nil || slices.Contains(idx, p) }
	f := cr.fig(measure, plans.CreditActual)
	var actual float64
	for p := range cr.n {
		if in(p) {
			actual += cr.sums[f][rs.index*cr.n+p]
		}
	}
	root := numberNode(fmt.Sprintf("actual · %s", measure), actual, "")
	root.Note = fmt.Sprintf("credited rows dated on or before as_of %s", x.e.p.AsOf.Format("2006-01-02"))
	if qr := rs.quotaOf(measure); qr != nil {
		td := &Node{Label: "quota to date", Note: "sum of quota(p) x e(p), unrounded: e(p) is 1 for a month ended by as_of, the share of its days up to as_of for the month holding it, 0 after"}
		table := [][]string{{"period", "quota", "elapsed", "quota to date"}}
		var sum float64
		for p, e := range cr.elapsed {
			if e <= 0 || !in(p) {
				continue
			}
			sum += qr.Periods[p] * e
			table = append(table, []string{x.e.periods[p].ID, FormatNumber(qr.Periods[p]), FormatNumber(e), FormatNumber(qr.Periods[p] * e)})
		}
		td.Table = table
		setNumber(td, sum, qr.Unit)
		root.Children = append(root.Children, td)
		att := &Node{Label: "attainment", Value: "nil", Note: "actual / quota to date; nil while the quota to date is 0"}
		if sum != 0 {
			setNumber(att, actual/sum, "")
		}
		root.Children = append(root.Children, att)
	}
	rows := x.creditedRows(rs, measure)
	rows = slices.DeleteFunc(rows, func(c creditedRow) bool { return c.period < 0 || !in(c.period) })
	slices.SortStableFunc(rows, func(a, b creditedRow) int { return cmp.Compare(b.amount, a.amount) })
	rn := &Node{Label: "rows", Note: fmt.Sprintf("%s credited, largest first", plural(len(rows), "row", "rows"))}
	if len(rows) > maxExplainedRows {
		rn.Note += fmt.Sprintf("; the first %d shown", maxExplainedRows)
	}
	table := [][]string{{"row", "at", "block", "period", "amount", "share", "credited"}}
	for _, c := range rows[:min(len(rows), maxExplainedRows)] {
		table = append(table, []string{c.row.ID, at(c.row.DefRange), c.block.Name(), x.e.periods[c.period].ID,
			FormatNumber(c.total), FormatNumber(c.share), FormatNumber(c.amount)})
	}
	if len(rows) > 0 {
		rn.Table = table
	}
	root.Children = append(root.Children, rn)
	return root
}

// creditedRows credits every row of the actual blocks of measure again
// and returns those credited to rs, manager credit included.
func (x *explainer) creditedRows(rs *repState, measure string) []creditedRow {
	cr := x.e.credit
	w := &worker{e: x.e, mach: x.mach, env: x.env}
	acc := &creditAcc{}
	var out []creditedRow
	for _, b := range cr.blocks {
		if b.Kind != plans.CreditActual || b.Measure != measure {
			continue
		}
		rows := cr.rowsOf(x.e.p, b.From)
		shapes := rowShapes(rows, b.readsID)
		for i, row := range rows {
			amountOf := 0.0
			var hits []creditedRow
			cr.creditRow(w, acc, b, row, shapes.at(i), i, func(rep int32, p int, amount float64) {
				if int(rep) == rs.index {
					hits = append(hits, creditedRow{block: b, row: row, period: p, amount: amount})
				}
			}, nil)
			if len(hits) == 0 {
				continue
			}
			// the row's own amount, for the share: the rule's value
			if v, err := w.mach.Run(b.amount, w.env); err == nil {
				amountOf, _ = v.(float64)
			}
			for _, h := range hits {
				h.total = amountOf
				if amountOf != 0 {
					h.share = h.amount / amountOf
				}
				if math.IsNaN(h.share) {
					h.share = 0
				}
				out = append(out, h)
			}
		}
	}
	return out
}

// withActual adds the explanation of the actual (actualNode) to the
// explanation of a quota, when the measure has actual blocks.
func (x *explainer) withActual(rs *repState, measure string, idx []int) func(*Node, error) (*Node, error) {
	return func(n *Node, err error) (*Node, error) {
		if err != nil || n == nil {
			return n, err
		}
		if a := x.actualNode(rs, measure, idx); a != nil {
			n.Children = append(n.Children, a)
		}
		return n, nil
	}
}

// hasCredits reports whether rs was credited for measure.
func (x *explainer) hasCredits(rs *repState, measure string) bool {
	cr := x.e.credit
	for _, kind := range plans.CreditKinds {
		if f := cr.fig(measure, kind); f >= 0 {
			for p := range cr.n {
				if cr.sums[f][rs.index*cr.n+p] != 0 {
					return true
				}
			}
			if cr.history[f] != nil && cr.history[f][rs.index] != 0 {
				return true
			}
		}
	}
	return false
}
