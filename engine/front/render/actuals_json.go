package render

import (
	"math"

	"github.com/quotaplan/quotaplan/engine"
)

// The JSON keys of actuals (SPEC section 8), written only for a plan with
// actual, pipeline or forecast blocks: "as_of", each rep's "actuals",
// and "attainment", "forecast_accuracy" and "unassigned" at the top.

// repActuals writes a rep's "actuals": for each measure with credit
// blocks that the rep carries or was credited for, its quota to date,
// actual to date, actuals by elapsed period and quarter, attainment,
// ramped, history, and pipeline and forecast when the measure has such
// blocks.
func (e *jsonWriter) repActuals(r *engine.Result, rep *engine.RepResult) {
	c := r.Credits
	e.key("actuals")
	e.open('{')
	for _, a := range rep.Actuals {
		cm := c.Measure(a.Measure)
		e.key(a.Measure)
		e.open('{')
		e.key("quota_to_date")
		e.num(a.ToDate)
		e.key("total")
		e.num(a.Total)
		e.key("periods")
		e.open('{')
		for i, x := range c.Elapsed {
			if x > 0 {
				e.rawKey(e.periodKeys[i])
				e.num(a.Actual[i])
			}
		}
		e.close('}')
		e.key("quarters")
		e.open('{')
		for qi, q := range r.Quarters {
			elapsed, sum := false, 0.0
			for _, p := range q.Periods {
				if c.Elapsed[p] > 0 {
					elapsed = true
					sum += a.Actual[p]
				}
			}
			if elapsed {
				e.rawKey(e.quarterKeys[qi])
				e.num(sum)
			}
		}
		e.close('}')
		e.key("attainment")
		if a.HasAttainment {
			e.num(a.Attainment)
		} else {
			e.null()
		}
		e.key("ramped")
		e.bool(a.Ramped)
		e.key("history")
		e.num(a.History)
		if cm != nil && cm.Pipeline {
			e.key("pipeline")
			e.num(sumOf(a.Pipeline))
		}
		if cm != nil && cm.Forecast {
			e.key("forecast")
			e.num(sumOf(a.Forecast))
		}
		e.close('}')
	}
	e.close('}')
}

func sumOf(v []float64) float64 {
	var s float64
	for _, x := range v {
		s += x
	}
	return s
}

// bool writes true or false.
func (e *jsonWriter) bool(b bool) {
	if b {
		e.buf = append(e.buf, "true"...)
	} else {
		e.buf = append(e.buf, "false"...)
	}
}

// creditKeys writes "attainment", "forecast_accuracy" and "unassigned".
func (e *jsonWriter) creditKeys(r *engine.Result) {
	c := r.Credits
	e.key("attainment")
	e.open('[')
	for _, d := range c.Distribution {
		e.next()
		e.open('{')
		e.key("measure")
		e.str(d.Measure)
		e.key("as_of")
		e.str(c.AsOf)
		e.distribution(d)
		e.close('}')
	}
	e.close(']')
	e.key("forecast_accuracy")
	e.open('[')
	for _, a := range c.Accuracy {
		e.next()
		e.open('{')
		e.key("measure")
		e.str(a.Measure)
		e.key("periods")
		e.open('[')
		for _, p := range a.Periods {
			e.next()
			e.open('{')
			e.key("period")
			e.str(p.Period)
			e.key("forecast")
			e.num(p.Forecast)
			e.key("actual")
			e.num(p.Actual)
			e.key("quota")
			e.num(p.Quota)
			e.key("gap_points")
			if p.HasGap {
				e.num(p.GapPoints)
			} else {
				e.null()
			}
			e.close('}')
		}
		e.close(']')
		e.close('}')
	}
	e.close(']')
	e.key("unassigned")
	e.open('[')
	for _, u := range c.Unassigned {
		e.next()
		e.open('{')
		e.key("row")
		e.str(u.Row)
		e.key("block")
		e.str(u.Block)
		e.key("measure")
		e.str(u.Measure)
		e.key("amount")
		e.num(u.Amount)
		e.key("reason")
		e.str(u.Reason)
		e.close('}')
	}
	e.close(']')
}

// distribution writes the keys of an attainment distribution (SPEC
// section 8): reps, at_or_above, share, median and the bands, the last
// band's "to" null.
func (e *jsonWriter) distribution(d engine.Distribution) {
	e.key("reps")
	e.int(d.Reps)
	e.key("at_or_above")
	e.int(d.AtOrAbove)
	e.key("share")
	e.num(d.Share)
	e.key("median")
	if d.HasMedian {
		e.num(d.Median)
	} else {
		e.null()
	}
	e.key("bands")
	e.open('[')
	for _, b := range d.Bands {
		e.next()
		e.open('{')
		e.key("from")
		e.num(b.From)
		e.key("to")
		if math.IsInf(b.To, 1) {
			e.null()
		} else {
			e.num(b.To)
		}
		e.key("reps")
		e.int(b.Reps)
		e.close('}')
	}
	e.close(']')
}
