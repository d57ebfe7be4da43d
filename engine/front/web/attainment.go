package web

import (
	"math"

	"github.com/quotaplan/quotaplan/engine"
	"github.com/quotaplan/quotaplan/engine/front/render"
)

// The attainment page (SPEC section 8): for a plan with actual, pipeline
// or forecast blocks, the attainment distribution of each measure with
// the healthy range of the share at or above quota, quota to date against
// actual per rep, the forecast accuracy by month and the rows no rep was
// credited for, each with its file:line.
func init() {
	Register(Page{
		ID:    "attainment",
		Title: "Attainment",
		Order: 60,
		Has:   func(in *Input) bool { return in.Result.Credits != nil },
		Data:  attainmentData,
	})
}

// HealthyFrom and HealthyTo bound the healthy share of ramped reps at or
// above quota (60-70%), as `quotaplan attainment` reads it.
const HealthyFrom, HealthyTo = render.HealthyFrom, render.HealthyTo

// AttainmentData is the attainment page's data.
type AttainmentData struct {
	AsOf       string              `json:"as_of"`
	Elapsed    []float64           `json:"elapsed"` // e(p) of each period, to 6 decimals
	Healthy    [2]float64          `json:"healthy"` // HealthyFrom, HealthyTo
	Measures   []AttainmentMeasure `json:"measures"`
	Unassigned []UnassignedView    `json:"unassigned"`
}

// AttainmentMeasure is one measure with credit blocks: its distribution
// (when it has actual blocks), its reps, the plan's monthly actual against
// quota, and its forecast accuracy (with forecast blocks too).
type AttainmentMeasure struct {
	Measure   string     `json:"measure"`
	Unit      string     `json:"unit"`
	Actual    bool       `json:"actual"`
	Pipeline  bool       `json:"pipeline"`
	Forecast  bool       `json:"forecast"`
	Reps      int        `json:"reps"` // ramped reps with a quota to date: the distribution's
	AtOrAbove int        `json:"at_or_above"`
	Share     float64    `json:"share"`
	Median    *float64   `json:"median"`
	Verdict   string     `json:"verdict"` // the share against the healthy range, in the terminal's words
	Bands     []BandView `json:"bands"`
	// Months are the plan's monthly actual and quota of the reps who carry
	// the measure, for the periods with e(p) > 0.
	Months   []AttainmentMonth `json:"months"`
	Rows     []AttainmentRow   `json:"rows"`
	Accuracy []AccuracyView    `json:"accuracy"`
	// Totals over the reps who carry the measure (the terminal's total row).
	QuotaToDate float64 `json:"quota_to_date"`
	ActualTotal float64 `json:"actual_total"`
	FY          float64 `json:"fy"`
}

// BandView is one band of a distribution: reps with From <= attainment <
// To; To is null for the last band.
type BandView struct {
	From  float64  `json:"from"`
	To    *float64 `json:"to"`
	Reps  int      `json:"reps"`
	Label string   `json:"label"` // "50%-80%", "120%+"
}

// AttainmentMonth is one elapsed period of a measure over the reps who
// carry it: the quota of the month times its elapsed share, and the
// actual.
type AttainmentMonth struct {
	Period      string  `json:"period"`
	QuotaToDate float64 `json:"quota_to_date"`
	Actual      float64 `json:"actual"`
}

// AttainmentRow is one rep's figures of a measure, as the terminal's table
// shows them (to 6 decimals, as a report must stay small); a rep credited for a measure it does not carry (a manager
// credited with its team) has no quota to date, attainment or FY quota.
type AttainmentRow struct {
	ID          string   `json:"id"`
	Carries     bool     `json:"carries,omitempty"`
	QuotaToDate float64  `json:"qtd"`
	Actual      float64  `json:"actual"`
	Attainment  *float64 `json:"att"`
	FY          float64  `json:"fy"`
	Ramped      bool     `json:"ramped,omitempty"`
	Pipeline    float64  `json:"pipe,omitempty"`
	Forecast    float64  `json:"fcst,omitempty"`
}

// AccuracyView is the forecast accuracy of one elapsed period.
type AccuracyView struct {
	Period    string   `json:"period"`
	Reps      int      `json:"reps"`
	Forecast  float64  `json:"forecast"`
	Actual    float64  `json:"actual"`
	Quota     float64  `json:"quota"`
	GapPoints *float64 `json:"gap_points"` // null when the quota is 0
}

// UnassignedView is a row no rep was credited for, with its file:line.
type UnassignedView struct {
	Row     string  `json:"row"`
	Block   string  `json:"block"`
	Measure string  `json:"measure"`
	At      string  `json:"at"`
	Amount  float64 `json:"amount"`
	Reason  string  `json:"reason"`
}

// attainmentData builds the page's data from the result's credits.
func attainmentData(in *Input) any {
	r := in.Result
	c := r.Credits
	d := &AttainmentData{AsOf: c.AsOf, Healthy: [2]float64{HealthyFrom, HealthyTo}, Measures: []AttainmentMeasure{}, Unassigned: []UnassignedView{}}
	for _, e := range c.Elapsed {
		d.Elapsed = append(d.Elapsed, round6(e))
	}
	for _, cm := range c.Measures {
		am := AttainmentMeasure{Measure: cm.Name, Unit: unitOf(r, cm.Name), Actual: cm.Actual, Pipeline: cm.Pipeline, Forecast: cm.Forecast,
			Bands: []BandView{}, Months: []AttainmentMonth{}, Rows: []AttainmentRow{}, Accuracy: []AccuracyView{}}
		for _, dist := range c.Distribution {
			if dist.Measure != cm.Name {
				continue
			}
			am.Reps, am.AtOrAbove, am.Share = dist.Reps, dist.AtOrAbove, dist.Share
			if dist.HasMedian {
				m := dist.Median
				am.Median = &m
			}
			am.Verdict = render.Verdict(dist)
			for _, b := range dist.Bands {
				bv := BandView{From: b.From, Reps: b.Reps, Label: percentLabel(b.From) + "+"}
				if !math.IsInf(b.To, 1) {
					to := b.To
					bv.To, bv.Label = &to, percentLabel(b.From)+"-"+percentLabel(b.To)
				}
				am.Bands = append(am.Bands, bv)
			}
		}
		months := make([]AttainmentMonth, len(r.Periods))
		for _, rep := range r.Reps {
			a := rep.Actual(cm.Name)
			if a == nil {
				continue
			}
			row := AttainmentRow{ID: rep.ID, Carries: a.Carries, Actual: round6(a.Total), Ramped: a.Ramped}
			if a.Carries {
				row.QuotaToDate = round6(a.ToDate)
				if q := rep.Quota(cm.Name); q != nil {
					row.FY = q.Total
				}
				am.QuotaToDate += a.ToDate
				am.ActualTotal += a.Total
				am.FY += row.FY
				for p := range months {
					months[p].QuotaToDate += a.QuotaToDate[p]
					months[p].Actual += a.Actual[p]
				}
			}
			if a.HasAttainment {
				att := round6(a.Attainment)
				row.Attainment = &att
			}
			for _, x := range a.Pipeline {
				row.Pipeline += x
			}
			for _, x := range a.Forecast {
				row.Forecast += x
			}
			row.Pipeline, row.Forecast = round6(row.Pipeline), round6(row.Forecast)
			am.Rows = append(am.Rows, row)
		}
		for p, e := range c.Elapsed {
			if e > 0 {
				months[p].Period = r.Periods[p].ID
				am.Months = append(am.Months, months[p])
			}
		}
		for _, acc := range c.Accuracy {
			if acc.Measure != cm.Name {
				continue
			}
			for _, p := range acc.Periods {
				av := AccuracyView{Period: p.Period, Reps: p.Reps, Forecast: p.Forecast, Actual: p.Actual, Quota: p.Quota}
				if p.HasGap {
					g := p.GapPoints
					av.GapPoints = &g
				}
				am.Accuracy = append(am.Accuracy, av)
			}
		}
		d.Measures = append(d.Measures, am)
	}
	for _, u := range c.Unassigned {
		d.Unassigned = append(d.Unassigned, UnassignedView{Row: u.Row, Block: u.Block, Measure: u.Measure, At: u.At, Amount: u.Amount, Reason: u.Reason})
	}
	return d
}

// percentLabel is a band bound as a whole percent: 0.5 -> "50%".
func percentLabel(v float64) string {
	return engine.FormatNumber(math.Round(v*1000)/10) + "%"
}

// RepActualView is what the rep page shows of one measure with credit
// blocks that the rep carries or was credited for: the actual and quota
// to date by period (quota to date is each month's quota times its
// elapsed share), their totals, attainment, and the pipeline and
// forecast by period when the measure has such blocks.
type RepActualView struct {
	Measure     string    `json:"measure"`
	Unit        string    `json:"unit"`
	Carries     bool      `json:"carries"`
	AsOf        string    `json:"as_of"`
	Actual      []float64 `json:"actual"`
	QuotaToDate []float64 `json:"qtd"`
	Total       float64   `json:"total"`
	ToDate      float64   `json:"to_date"`
	Attainment  *float64  `json:"attainment"`
	Ramped      bool      `json:"ramped"`
	History     float64   `json:"history,omitempty"`
	Pipeline    []float64 `json:"pipeline,omitempty"`
	Forecast    []float64 `json:"forecast,omitempty"`
}

// repActuals is the rep page's view of rep's credited figures; nil for a
// plan without credit blocks.
func repActuals(r *engine.Result, rep *engine.RepResult) []RepActualView {
	if r.Credits == nil {
		return nil
	}
	var out []RepActualView
	for _, a := range rep.Actuals {
		v := RepActualView{Measure: a.Measure, Unit: unitOf(r, a.Measure), Carries: a.Carries, AsOf: r.Credits.AsOf,
			Actual: roundAll(a.Actual), QuotaToDate: roundAll(a.QuotaToDate), Total: a.Total, ToDate: a.ToDate,
			Ramped: a.Ramped, History: a.History, Pipeline: roundAll(a.Pipeline), Forecast: roundAll(a.Forecast)}
		if a.HasAttainment {
			att := a.Attainment
			v.Attainment = &att
		}
		out = append(out, v)
	}
	return out
}

// roundAll rounds every figure to 6 decimals (quota to date is a share of
// a month); nil stays nil.
func roundAll(v []float64) []float64 {
	if v == nil {
		return nil
	}
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = round6(x)
	}
	return out
}
