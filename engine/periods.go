package engine

import (
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/quotaplan/quotaplan/plans"
)

const day = 24 * time.Hour

// buildPeriods lays out the plan's months and quarters (plans/LANGUAGE.md section 6).
func buildPeriods(p *plans.Plan) ([]Period, []Quarter) {
	holidays := map[time.Time]bool{}
	for _, h := range p.Holidays {
		holidays[h] = true
	}
	periods := make([]Period, p.Months)
	var quarters []Quarter
	for i := range periods {
		start := p.Start.AddDate(0, i, 0)
		end := start.AddDate(0, 1, -1)
		pr := Period{
			ID:      start.Format("2006-01"),
			Index:   i + 1,
			Month:   int(start.Month()),
			Quarter: i/3 + 1,
			Start:   start,
			End:     end,
			Days:    daysBetween(start, end),
		}
		for d := start; !d.After(end); d = d.Add(day) {
			if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday && !holidays[d] {
				pr.Workdays++
			}
		}
		periods[i] = pr
		if i%3 == 0 {
			quarters = append(quarters, Quarter{ID: fmt.Sprintf("Q%d", i/3+1)})
		}
		quarters[len(quarters)-1].Periods = append(quarters[len(quarters)-1].Periods, i)
	}
	return periods, quarters
}

// halfYears groups n periods into half years: H1 holds periods 1..6, H2
// 7..12 and so on, the last one holding fewer when n is not a multiple of
// 6 (a 9-month plan has H1 of 6 months and H2 of 3).
func halfYears(n int) []Quarter {
	var out []Quarter
	for i := range n {
		if i%6 == 0 {
			out = append(out, Quarter{ID: fmt.Sprintf("H%d", i/6+1)})
		}
		out[len(out)-1].Periods = append(out[len(out)-1].Periods, i)
	}
	return out
}

// Halves returns the half years of the ledger's periods, as Quarters are
// its quarters: H1 holds the periods 1..6, H2 7..12, and so on, the last
// one holding fewer on a plan whose length is not a multiple of 6. It is
// worked out from the periods, so a result read back from JSON has them
// too; rules name them "H1", "H2" ... in quota() and goal periods.
func (l *Ledger) Halves() []Quarter { return halfYears(len(l.Periods)) }

// daysBetween counts the days of the inclusive interval [a, b]; 0 when b is
// before a.
func daysBetween(a, b time.Time) int {
	if b.Before(a) {
		return 0
	}
	return int(b.Sub(a)/day) + 1
}

// presence is when a rep is at work in one period.
type presence struct {
	tenure     int
	activeDays int
	active     float64
	cut        Cut
	// tenure and active as rules read them, boxed once rather than on
	// every rule run
	tenureV, activeV any
}

// presenceCache shares the presence of reps with the same start and end
// dates and no leaves (most reps of a large plan): it is computed once for
// each pair of dates. The slices it hands out are read-only.
type presenceCache struct {
	periods []Period
	seen    map[[2]int64][]presence
}

// of returns the presence of r in every period.
func (c *presenceCache) of(r *plans.Rep) []presence {
	if len(r.Leaves) > 0 {
		return repPresence(r, c.periods)
	}
	key := [2]int64{math.MinInt64, math.MaxInt64}
	if r.Start != nil {
		key[0] = r.Start.Unix()
	}
	if r.End != nil {
		key[1] = r.End.Unix()
	}
	if pr, ok := c.seen[key]; ok {
		return pr
	}
	pr := repPresence(r, c.periods)
	c.seen[key] = pr
	return pr
}

// repPresence computes tenure_month and the active fraction of a rep in
// every period: days inside [start, end] and not on leave, over the days of
// the period.
func repPresence(r *plans.Rep, periods []Period) []presence {
	leaves := mergeLeaves(r.Leaves)
	out := make([]presence, len(periods))
	for i, p := range periods {
		pr := &out[i]
		pr.tenure = tenureMonth(r.Start, p)
		from, to := p.Start, p.End
		if r.Start != nil && r.Start.After(from) {
			from = *r.Start
			pr.cut |= CutStart
		}
		if r.End != nil && r.End.Before(to) {
			to = *r.End
			pr.cut |= CutEnd
		}
		days := daysBetween(from, to)
		onLeave := 0
		for _, l := range leaves {
			onLeave += daysBetween(maxTime(from, l.From), minTime(to, l.To))
		}
		if onLeave > 0 {
			pr.cut |= CutLeave
		}
		pr.activeDays = days - onLeave
		pr.active = float64(pr.activeDays) / float64(p.Days)
		pr.tenureV, pr.activeV = pr.tenure, pr.active
	}
	return out
}

// tenureMonth is calendar months from the start month to the period's month,
// plus 1; 0 before the start month; a rep without start counts as started
// ten years before the plan.
func tenureMonth(start *time.Time, p Period) int {
	if start == nil {
		return 120 + p.Index
	}
	m := (p.Start.Year()-start.Year())*12 + int(p.Start.Month()) - int(start.Month()) + 1
	if m < 0 {
		return 0
	}
	return m
}

// mergeLeaves sorts leaves and merges overlapping ones so no day counts
// twice.
func mergeLeaves(ls []plans.Leave) []plans.Leave {
	if len(ls) == 0 {
		return nil
	}
	s := append([]plans.Leave(nil), ls...)
	sort.Slice(s, func(i, j int) bool { return s[i].From.Before(s[j].From) })
	out := []plans.Leave{s[0]}
	for _, l := range s[1:] {
		last := &out[len(out)-1]
		if !l.From.After(last.To.Add(day)) {
			if l.To.After(last.To) {
				last.To = l.To
			}
			continue
		}
		out = append(out, l)
	}
	return out
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// weights returns the month weights of a quota (plans/LANGUAGE.md section 6): with one
// season weight per month of the plan, that weight; with 4 weights on a
// 12-month plan, each month gets its quarter's weight / 3; without a
// season, 1/months each. plans.Load rejects a season of any other length,
// but a plan with errors is still compiled (to report its rule errors
// too), so such a season falls back to even weights here instead of
// indexing out of range.
func weights(season []float64, months int) []float64 {
	w := make([]float64, months)
	for i := range w {
		switch {
		case len(season) == months:
			w[i] = season[i]
		case len(season) == 4 && months == 12:
			w[i] = season[i/3] / 3
		default:
			w[i] = 1 / float64(months)
		}
	}
	return w
}
