package engine

import (
	"fmt"
	"math"
	"slices"

	"github.com/hashicorp/hcl/v2"

	"github.com/quotaplan/quotaplan/plans"
	"github.com/quotaplan/quotaplan/plans/words"
)

// attachCredits gives res the credited figures of every rep and what the
// credit blocks give the plan as a whole: the attainment distribution,
// the forecast accuracy and the unassigned rows.
func (e *evaluator) attachCredits(res *Result) {
	cr := e.credit
	if cr == nil {
		return
	}
	out := &CreditsResult{AsOf: e.p.AsOf.Format("2006-01-02"), Elapsed: cr.elapsed, Unassigned: cr.unassigned}
	for _, f := range cr.figs {
		m := out.Measure(f.measure)
		if m == nil {
			out.Measures = append(out.Measures, CreditMeasure{Name: f.measure})
			m = &out.Measures[len(out.Measures)-1]
		}
		switch f.kind {
		case plans.CreditActual:
			m.Actual = true
		case plans.CreditPipeline:
			m.Pipeline = true
		case plans.CreditForecast:
			m.Forecast = true
		}
	}
	n := cr.n
	zeros := make([]float64, n) // the actuals of a measure without actual blocks, shared
	for i, rs := range e.w.reps {
		rep := res.Reps[i]
		for _, cm := range out.Measures {
			qr := rs.quotaOf(cm.Name)
			credited := false
			for _, kind := range plans.CreditKinds {
				if f := cr.fig(cm.Name, kind); f >= 0 && cr.rows[f][i] > 0 {
					credited = true
				}
			}
			if qr == nil && !credited {
				continue
			}
			// the series are the run's sums, which nothing changes any more
			a := &ActualResult{Measure: cm.Name, Carries: qr != nil, QuotaToDate: make([]float64, n)}
			a.Actual = zeros[:n:n]
			if f := cr.fig(cm.Name, plans.CreditActual); f >= 0 {
				a.Actual = cr.sums[f][i*n : (i+1)*n : (i+1)*n]
				a.History = cr.history[f][i]
				a.Rows += int(cr.rows[f][i])
			}
			for _, v := range a.Actual {
				a.Total += v
			}
			a.ToDate, a.Attainment, a.HasAttainment, a.Ramped = cr.toDate(rs, qr, a.Total, a.QuotaToDate)
			if f := cr.fig(cm.Name, plans.CreditPipeline); f >= 0 {
				a.Pipeline = cr.sums[f][i*n : (i+1)*n : (i+1)*n]
				a.Rows += int(cr.rows[f][i])
			}
			if f := cr.fig(cm.Name, plans.CreditForecast); f >= 0 {
				a.Forecast = cr.sums[f][i*n : (i+1)*n : (i+1)*n]
				a.Forecasted = cr.seen[f][i]
				a.Rows += int(cr.rows[f][i])
			}
			rep.Actuals = append(rep.Actuals, a)
		}
	}
	for _, cm := range out.Measures {
		if cm.Actual {
			out.Distribution = append(out.Distribution, distribution(res, cm.Name))
		}
		if cm.Actual && cm.Forecast {
			out.Accuracy = append(out.Accuracy, accuracy(res, cm.Name, cr.elapsed))
		}
	}
	res.Credits = out
}

// distribution is the attainment distribution of measure over the reps
// ramped for it with a quota to date above 0.
func distribution(res *Result, measure string) Distribution {
	d := Distribution{Measure: measure}
	for _, from := range attainmentBands {
		d.Bands = append(d.Bands, Band{From: from})
	}
	for i := range d.Bands {
		d.Bands[i].To = math.Inf(1)
		if i+1 < len(d.Bands) {
			d.Bands[i].To = d.Bands[i+1].From
		}
	}
	var atts []float64
	for _, rep := range res.Reps {
		a := rep.Actual(measure)
		if a == nil || !a.Ramped || a.ToDate <= 0 {
			continue
		}
		d.Reps++
		d.RepsBanded = append(d.RepsBanded, rep.ID)
		atts = append(atts, a.Attainment)
		if a.Attainment >= 1 {
			d.AtOrAbove++
		}
		band := 0
		for b := range d.Bands {
			if a.Attainment >= d.Bands[b].From {
				band = b
			}
		}
		d.Bands[band].Reps++
	}
	if d.Reps > 0 {
		d.Share = float64(d.AtOrAbove) / float64(d.Reps)
		slices.Sort(atts)
		mid := len(atts) / 2
		d.Median, d.HasMedian = atts[mid], true
		if len(atts)%2 == 0 {
			d.Median = (atts[mid-1] + atts[mid]) / 2
		}
	}
	return d
}

// accuracy is the forecast accuracy of measure in each fully elapsed
// period in which some rep submitted a forecast.
func accuracy(res *Result, measure string, elapsed []float64) Accuracy {
	acc := Accuracy{Measure: measure}
	for p, e := range elapsed {
		if e != 1 {
			continue
		}
		ap := AccuracyPeriod{Period: res.Periods[p].ID}
		for _, rep := range res.Reps {
			a := rep.Actual(measure)
			if a == nil || a.Forecasted&(1<<p) == 0 {
				continue
			}
			ap.Reps++
			ap.Forecast += a.Forecast[p]
			ap.Actual += a.Actual[p]
			if q := rep.Quota(measure); q != nil {
				ap.Quota += q.Periods[p]
			}
		}
		if ap.Reps == 0 {
			continue
		}
		if ap.Quota != 0 {
			ap.GapPoints, ap.HasGap = (ap.Forecast-ap.Actual)/ap.Quota*100, true
		}
		acc.Periods = append(acc.Periods, ap)
	}
	return acc
}

// maxUnassignedWarnings is how many unassigned rows are warned about one
// by one; the rest are counted in one more warning.
const maxUnassignedWarnings = 5

// creditWarnings warns about the rows no rep was credited for: the first
// few with the row's place and a suggestion, then how many more.
func (e *evaluator) creditWarnings() hcl.Diagnostics {
	cr := e.credit
	if cr == nil || len(cr.unassigned) == 0 {
		return nil
	}
	var ids []string
	if len(cr.unassigned) > 0 {
		ids = make([]string, len(e.w.reps))
		for i, rs := range e.w.reps {
			ids[i] = rs.ID
		}
	}
	var diags hcl.Diagnostics
	for k, u := range cr.unassigned {
		if k == maxUnassignedWarnings {
			first := cr.blocks[0].DefRange
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagWarning, Summary: "More unassigned rows",
				Detail: fmt.Sprintf("%s more row(s) credit no rep; `quotaplan attainment` lists them all.",
					FormatNumber(float64(len(cr.unassigned)-k))), Subject: &first})
			break
		}
		b := cr.blocks[slices.IndexFunc(cr.blocks, func(b *creditBlock) bool { return b.Name() == u.Block })]
		row := cr.rowsOf(e.p, b.From)[u.index]
		rng := row.DefRange
		hint := ""
		if len(u.Reason) > 8 && u.Reason[:7] == "no rep " && u.Reason[7] == '"' {
			var id string
			if _, err := fmt.Sscanf(u.Reason[7:], "%q", &id); err == nil {
				hint = words.DidYouMean(id, ids)
			}
		}
		diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagWarning, Summary: "Unassigned " + b.RowName(),
			Detail: fmt.Sprintf("The %s block %q (%s) credits %s %q (%s) to %s, so its amount %s counts for no rep.%s Fix the id in the export, declare the rep, or map the id in the rep rule.",
				b.Kind, b.Label, at(b.DefRange), b.RowName(), u.Row, u.At, u.Reason, FormatNumber(u.Amount), hint),
			Subject: &rng})
	}
	return diags
}
