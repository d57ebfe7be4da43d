package diff

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"

	"github.com/quotaplan/quotaplan/engine"
	"github.com/quotaplan/quotaplan/plans/words"
)

// ActualChange is the change of one rep's actual to date and attainment
// for one measure with actual blocks (SPEC section 8), e.g. between last
// week's deals export and this week's.
type ActualChange struct {
	Rep, Measure string
	Actual       Amount // actual to date; OldSet/NewSet false where the rep has no actuals of the measure
	ToDate       Amount // quota to date
	// OldAttainment and NewAttainment are the attainments, nil where
	// there is none (no actuals, or a quota to date of 0).
	OldAttainment, NewAttainment *float64
}

// actualChanges compares the actuals of every rep on both sides, by rep
// and measure.
func actualChanges(b, h *engine.Result) []ActualChange {
	if b.Credits == nil && h.Credits == nil {
		return nil
	}
	bm, hm := byID(b.Reps, repID), byID(h.Reps, repID)
	var out []ActualChange
	for _, id := range unionKeys(bm, hm) {
		var measures []string
		for _, r := range []*engine.RepResult{bm[id], hm[id]} {
			if r == nil {
				continue
			}
			for _, a := range r.Actuals {
				if !slices.Contains(measures, a.Measure) {
					measures = append(measures, a.Measure)
				}
			}
		}
		slices.Sort(measures)
		for _, m := range measures {
			c := ActualChange{Rep: id, Measure: m}
			if a := actualOf(bm[id], m); a != nil {
				c.Actual.Old, c.Actual.OldSet, c.ToDate.Old, c.ToDate.OldSet = a.Total, true, a.ToDate, true
				if a.HasAttainment {
					v := a.Attainment
					c.OldAttainment = &v
				}
			}
			if a := actualOf(hm[id], m); a != nil {
				c.Actual.New, c.Actual.NewSet, c.ToDate.New, c.ToDate.NewSet = a.Total, true, a.ToDate, true
				if a.HasAttainment {
					v := a.Attainment
					c.NewAttainment = &v
				}
			}
			if c.Actual.Differs() || c.ToDate.Differs() || !sameRatio(c.OldAttainment, c.NewAttainment) {
				out = append(out, c)
			}
		}
	}
	return out
}

// actualOf is the actuals of measure of r, nil for none or no rep.
func actualOf(r *engine.RepResult, measure string) *engine.ActualResult {
	if r == nil {
		return nil
	}
	return r.Actual(measure)
}

// sameRatio reports whether two attainments print the same.
func sameRatio(a, b *float64) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return same(*a, *b)
}

// percentText shows an attainment as "61.4%", "-" for none.
func percentText(a *float64) string {
	if a == nil {
		return "-"
	}
	return strconv.FormatFloat(*a*100, 'f', 1, 64) + "%"
}

// actualLine describes one change: "alice new_arr: actual 21,500 -> 28,500
// (+7,000), attainment 61.4% -> 81.4%".
func (n numbers) actualLine(c ActualChange) string {
	line := fmt.Sprintf("%s %s: actual %s", c.Rep, c.Measure, n.change(c.Actual))
	if !sameRatio(c.OldAttainment, c.NewAttainment) {
		line += fmt.Sprintf(", attainment %s -> %s", percentText(c.OldAttainment), percentText(c.NewAttainment))
	}
	if c.ToDate.Differs() {
		line += ", quota to date " + n.change(c.ToDate)
	}
	return line
}

// actuals writes the actual changes of the text format.
func (t *textWriter) actuals(cs []ActualChange) {
	if len(cs) == 0 {
		return
	}
	t.section("Actuals")
	for _, c := range cs {
		t.buf.WriteString("  ~ " + t.n.actualLine(c) + "\n")
	}
}

// actualTable is the markdown table of the actual changes.
func actualTable(cs []ActualChange, n numbers) mdTable {
	t := newTable("Actuals", "Rep", "Measure", "Actual", "Attainment")
	for _, c := range cs {
		t.addRow(c.Rep, c.Measure, n.change(c.Actual),
			arrow(percentText(c.OldAttainment), percentText(c.NewAttainment)))
	}
	return t
}

// jActual is an actual change in the JSON diff.
type jActual struct {
	Rep           string       `json:"rep"`
	Measure       string       `json:"measure"`
	Old           *json.Number `json:"old"`
	New           *json.Number `json:"new"`
	OldAttainment *json.Number `json:"old_attainment"`
	NewAttainment *json.Number `json:"new_attainment"`
}

// jsonActual lays out an actual change for encoding.
func jsonActual(c ActualChange) jActual {
	ratio := func(a *float64) *json.Number {
		if a == nil {
			return nil
		}
		return optNum(*a, true)
	}
	return jActual{Rep: c.Rep, Measure: c.Measure, Old: optNum(c.Actual.Old, c.Actual.OldSet), New: optNum(c.Actual.New, c.Actual.NewSet),
		OldAttainment: ratio(c.OldAttainment), NewAttainment: ratio(c.NewAttainment)}
}

// actualClause is "actuals: 2 reps changed" for the summary line.
func (r *Report) actualClause() string {
	if len(r.Actuals) == 0 {
		return ""
	}
	reps := map[string]bool{}
	for _, c := range r.Actuals {
		reps[c.Rep] = true
	}
	return "actuals: " + words.Plural(len(reps), "rep changed", "reps changed")
}

// savedActual is a rep's "actuals" of one measure in a saved result.
type savedActual struct {
	QuotaToDate float64  `json:"quota_to_date"`
	Total       float64  `json:"total"`
	Attainment  *float64 `json:"attainment"`
	Ramped      bool     `json:"ramped"`
	History     float64  `json:"history"`
}

// readActuals gives the reps of r the actuals s holds, and r its as_of:
// enough to compare actuals and attainment between saved results.
func readActuals(s *savedResult, r *engine.Result) {
	has := false
	for i, sr := range s.Reps {
		if sr.Actuals == nil {
			continue
		}
		has = true
		for _, m := range slices.Sorted(maps.Keys(sr.Actuals)) {
			a := sr.Actuals[m]
			ar := &engine.ActualResult{Measure: m, Total: a.Total, ToDate: a.QuotaToDate, Ramped: a.Ramped, History: a.History,
				Carries: r.Reps[i].Quota(m) != nil}
			if a.Attainment != nil {
				ar.Attainment, ar.HasAttainment = *a.Attainment, true
			}
			r.Reps[i].Actuals = append(r.Reps[i].Actuals, ar)
		}
	}
	if has {
		r.Credits = &engine.CreditsResult{AsOf: deref(s.AsOf)}
	}
}
