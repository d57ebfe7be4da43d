package render

import (
	"slices"
	"strconv"

	"github.com/quotaplan/quotaplan/engine"
)

// withActuals adds the columns "Actual" (actual to date) and "Attain."
// (attainment) to the grid of measure m when the plan has actual blocks
// for it; the total row shows the actual and attainment of the reps that
// carry the measure, and team rows none (a manager's roll-up credit is
// its own figure, on its own row). Other grids are returned as they are.
func withActuals(r *engine.Result, m engine.Measure, g grid) grid {
	if r.Credits == nil {
		return g
	}
	if cm := r.Credits.Measure(m.Name); cm == nil || !cm.Actual {
		return g
	}
	cur := isCurrency(m.Unit, r.Plan.Currency)
	g.headers = append(slices.Clip(g.headers), header{title: "Actual", right: true}, header{title: "Attain.", right: true})
	var actual, toDate float64
	for _, rep := range r.Reps {
		if a := rep.Actual(m.Name); a != nil && a.Carries {
			actual += a.Total
			toDate += a.ToDate
		}
	}
	for i := range g.rows {
		rw := &g.rows[i]
		extra := []cell{{text: "-"}, {text: "-"}}
		switch rw.kind {
		case rowItem:
			if rep := r.Rep(rw.cells[0].text); rep != nil {
				if a := rep.Actual(m.Name); a != nil {
					extra[0] = cell{text: string(appendHuman(nil, a.Total, cur))}
					if a.HasAttainment {
						extra[1] = attainmentCell(a.Attainment)
					}
				}
			}
		case rowTotal:
			extra[0] = cell{text: string(appendHuman(nil, actual, cur))}
			if toDate != 0 {
				extra[1] = attainmentCell(actual / toDate)
			}
		}
		rw.cells = append(slices.Clip(rw.cells), extra...)
		g.widths = widen(g.widths, rw.cells, rw.depth)
	}
	g.widths = maxWidths(g.widths, g.headerWidths())
	return g
}

// attainmentCell shows an attainment as a percentage with one decimal:
// green at or above 100%, red below 50%.
func attainmentCell(a float64) cell {
	c := cell{text: strconv.FormatFloat(a*100, 'f', 1, 64) + "%"}
	switch {
	case a >= 1:
		c.style = green
	case a < 0.5:
		c.style = red
	}
	return c
}
