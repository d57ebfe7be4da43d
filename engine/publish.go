package engine

import (
	"fmt"

	"github.com/quotaplan/quotaplan/plans"
	"github.com/quotaplan/quotaplan/rules"
)

// adjust is an adjustment with its amount compiled.
type adjust struct {
	*plans.Adjustment
	amount *rules.Rule
}

// Adjustment is one adjustment of a rep's quota as results hold it.
type Adjustment struct {
	ID     string
	Period int // 0-based index into Result.Periods
	Amount float64
	Reason string
	At     string // "plan.hcl:12", where it is written
}

// lockFigures gives the periods of the lock their published figures, for
// the reps and measures the published result holds (LANGUAGE.md section
// 12): the figure the rules give now is kept for explain. A rep that was
// published with the measure but no longer carries it is an error at the
// lock.
func (e *evaluator) lockFigures(measure string, results []*QuotaResult) {
	lk := e.p.Lock
	if lk == nil || lk.Published == nil || lk.Months == 0 {
		return
	}
	// Every locked quota holds the same month ids, and the figures the
	// rules give come from one slab.
	ids := make([]string, lk.Months)
	for i := range ids {
		ids[i] = e.periods[i].ID
	}
	var slab []float64
	for _, pr := range lk.Published.Reps {
		vals, ok := pr.Quota(measure)
		if !ok {
			continue
		}
		rs := e.w.repByID[pr.ID]
		if rs == nil {
			continue // plans reported it
		}
		qr := results[rs.index]
		if qr == nil {
			e.fails.add("lock-measure:"+measure, lk.ResultRange, "Published quota missing from the plan", fmt.Sprintf(
				"The locked result %s publishes a %s quota for rep %q, but no quota block of %s applies to that rep now, so its published months would be lost. Keep a quota block that applies to the rep for the whole year (a rep who moves keeps its measure; one who leaves keeps it until its end date).",
				lk.Result, measure, rs.ID, measure))
			continue
		}
		if len(slab) < lk.Months {
			slab = make([]float64, lk.Months*1024)
		}
		qr.computed, slab = slab[:lk.Months:lk.Months], slab[lk.Months:]
		for i := range lk.Months {
			qr.computed[i] = qr.Periods[i]
			qr.Total += vals[i] - qr.Periods[i]
			qr.Periods[i] = vals[i]
		}
		qr.lockFile, qr.Locked = lk.Result, ids
	}
}

// adjustFigures adds the adjustments of measure to the reps' figures,
// after rounding and after the lock. An adjustment of a measure that does
// not apply to its rep, or one that makes a figure negative, is an error
// naming it.
func (e *evaluator) adjustFigures(measure string, results []*QuotaResult) {
	for _, a := range e.c.adjusts[measure] {
		rs := e.w.repByID[a.Rep]
		idx, err := periodSet(a.Period, e.periods, e.quarters)
		if rs == nil || err != nil || len(idx) != 1 {
			continue // plans reported it
		}
		qr := results[rs.index]
		if qr == nil {
			e.fails.add("adjust-measure:"+a.ID, a.MeasureRange, "Adjustment of a measure that does not apply", fmt.Sprintf(
				"Adjustment %q changes rep %q's %s quota, but no quota block of %s applies to that rep, so there is nothing to adjust. Fix the rep or the measure, or make a quota block apply to the rep.",
				a.ID, a.Rep, measure, measure))
			continue
		}
		amount, err := e.mach.Number(a.amount, e.env)
		if err != nil {
			e.fails.rule(a.amount, fmt.Sprintf("adjustment %q", a.ID), err)
			continue
		}
		p := idx[0]
		qr.adjustments = append(qr.adjustments, Adjustment{ID: a.ID, Period: p, Amount: amount, Reason: a.Reason, At: at(a.DefRange)})
		qr.Adjusted += amount
		qr.Periods[p] += amount
		qr.Total += amount
		if qr.Periods[p] < -1e-9 {
			e.fails.add("adjust-negative:"+a.ID, a.AmountRange, "Adjustment makes a quota negative", fmt.Sprintf(
				"Adjustment %q adds %s to rep %q's %s quota of %s, which leaves %s. A quota cannot be negative: relieve at most %s in that month, or spread the relief over several months.",
				a.ID, FormatNumber(amount), a.Rep, measure, a.Period, FormatNumber(qr.Periods[p]), FormatNumber(qr.Periods[p]-amount)))
		}
	}
}
