package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"math"
	"strings"

	"github.com/quotaplan/quotaplan/engine"
)

// ExplainInlineReps is the most reps a report carries every explanation
// tree for (each rep, measure and month): about 2 KB a tree, so 50 reps of
// one measure add some 1.2 MB. Larger plans' reports show the factor table
// of every month (full amount, ramp, active days, rounding), which is the
// same derivation without the rules' text; `quotaplan serve` and
// `quotaplan explain` give the trees.
const ExplainInlineReps = 50

// reportBundle is the data a report inlines: the view, every rep's detail
// and, for small plans, every explanation.
type reportBundle struct {
	View    *View                                      `json:"view"`
	Reps    map[string]*reportRep                      `json:"reps"`
	Explain map[string]map[string]map[string]*NodeView `json:"explain,omitempty"` // rep -> measure -> period
	Sources map[string]string                          `json:"sources,omitempty"` // the plan's HCL files, for excerpts
}

// WriteReport writes the web view of in as one self-contained HTML file:
// the stylesheet, the chart library, the view's scripts and the data are
// inlined, and a Content-Security-Policy in the page allows exactly those
// inline scripts and styles (by hash) and no network. The same input
// gives the same bytes: nothing in it depends on the clock or on map
// order. in.Model may be nil (no explanations then).
func WriteReport(w io.Writer, in *Input) error {
	v := buildView(in)
	v.Status = Status{Seq: 1, OK: true, Diagnostics: []DiagnosticView{}}
	b := reportBundle{View: v, Reps: make(map[string]*reportRep, len(in.Result.Reps))}
	for _, rep := range in.Result.Reps {
		b.Reps[rep.ID] = compactRep(repDetail(in.Result, rep, nil))
	}
	if in.Model != nil {
		b.Sources = reportSources(in.Model.Plan.Sources)
	}
	if in.Model != nil && len(in.Result.Reps) <= ExplainInlineReps {
		x := in.Model.Explainer(in.Result)
		b.Explain = map[string]map[string]map[string]*NodeView{}
		for _, rep := range in.Result.Reps {
			byMeasure := map[string]map[string]*NodeView{}
			for _, q := range rep.Quotas {
				byPeriod := map[string]*NodeView{}
				for _, p := range append(periodIDs(in.Result), "FY") {
					n, err := explain(x, rep.ID, q.Measure, p)
					if err != nil {
						return fmt.Errorf("explain %s %s %s: %w", rep.ID, q.Measure, p, err)
					}
					byPeriod[p] = n
				}
				byMeasure[q.Measure] = byPeriod
			}
			b.Explain[rep.ID] = byMeasure
		}
	}
	data, err := json.Marshal(b)
	if err != nil {
		return fmt.Errorf("encode report data: %w", err)
	}
	d := shellData{
		Title:  in.Result.Plan.Title,
		Report: true,
		CSS:    template.CSS(appCSS),
		Data:   template.JS(data),
		Chart:  template.JS(chartJS),
		App:    template.JS(appJS),
	}
	d.CSP = reportCSP(chartJS, appJS, appCSS)
	var buf bytes.Buffer
	if err := writeShell(&buf, d); err != nil {
		return fmt.Errorf("render report: %w", err)
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// reportCSP allows the report's own inline scripts and stylesheet, by
// hash, images from data: URLs (a chart saved as a picture) and nothing
// else: no network at all.
func reportCSP(chart, app, css []byte) string {
	return strings.Join([]string{
		"default-src 'none'",
		"script-src " + cspHash(chart) + " " + cspHash(app),
		"style-src " + cspHash(css),
		"img-src data:",
		"base-uri 'none'",
		"form-action 'none'",
	}, "; ")
}

// reportRep is a RepDetail as a report carries it, for ten thousand reps
// to fit in a few megabytes: the row and the checks are the View's (the
// page finds them by id), quarters are summed by the page, and factors
// are rows of numbers (see compactFactor) only for quotas where some month
// is not the full amount.
type reportRep struct {
	Reports []string       `json:"reports,omitempty"`
	Quotas  []reportQuota  `json:"quotas"`
	Actuals []reportActual `json:"actuals,omitempty"`
	Changes []ChangeView   `json:"changes,omitempty"`
}

// reportActual is a RepActualView as a report carries it: short keys,
// the unit and as_of left to the view, series without their trailing
// zeros (a month after as_of has no actual), and what is zero or false
// left out. app.js (reportRep) puts it back together.
type reportActual struct {
	Measure    string    `json:"m"`
	Carries    bool      `json:"c,omitempty"`
	Actual     []float64 `json:"a,omitempty"`
	QTD        []float64 `json:"q,omitempty"`
	Total      float64   `json:"t,omitempty"`
	ToDate     float64   `json:"d,omitempty"`
	Attainment *float64  `json:"x,omitempty"`
	Ramped     bool      `json:"r,omitempty"`
	History    float64   `json:"h,omitempty"`
	Pipeline   []float64 `json:"p,omitempty"`
	Forecast   []float64 `json:"f,omitempty"`
}

// compactActual shrinks a RepActualView for a report.
func compactActual(a RepActualView) reportActual {
	ra := reportActual{Measure: a.Measure, Carries: a.Carries, Actual: trimZeros(a.Actual), Total: a.Total, ToDate: a.ToDate,
		Attainment: a.Attainment, Ramped: a.Ramped, History: a.History, Pipeline: trimZeros(a.Pipeline), Forecast: trimZeros(a.Forecast)}
	if a.Carries {
		ra.QTD = trimZeros(a.QuotaToDate)
	}
	return ra
}

// trimZeros drops the trailing zeros of v (nil when all are zero).
func trimZeros(v []float64) []float64 {
	n := len(v)
	for n > 0 && v[n-1] == 0 {
		n--
	}
	if n == 0 {
		return nil
	}
	return v[:n]
}

// reportQuota is a QuotaDetail as a report carries it.
type reportQuota struct {
	Measure     string           `json:"measure"`
	Unit        string           `json:"unit"`
	Block       string           `json:"block"`
	Total       float64          `json:"total"`
	Full        float64          `json:"full"`
	Periods     []float64        `json:"periods"`
	Factors     [][]float64      `json:"f,omitempty"`
	Restates    bool             `json:"restates,omitempty"`
	Lock        *LockView        `json:"lock,omitempty"`
	Adjustments []AdjustmentView `json:"adjustments,omitempty"`
}

// compactRep shrinks a RepDetail for a report.
func compactRep(d *RepDetail) *reportRep {
	r := &reportRep{Reports: d.Reports, Quotas: []reportQuota{}, Changes: d.Changes}
	for _, a := range d.Actuals {
		r.Actuals = append(r.Actuals, compactActual(a))
	}
	for _, q := range d.Quotas {
		rq := reportQuota{Measure: q.Measure, Unit: q.Unit, Block: q.Block, Total: q.Total, Full: q.Full, Periods: q.Periods, Restates: q.Restates,
			Lock: q.Lock, Adjustments: q.Adjustments}
		if !trivialFactors(q.Factors) {
			for _, f := range q.Factors {
				rq.Factors = append(rq.Factors, compactFactor(f))
			}
		}
		r.Quotas = append(r.Quotas, rq)
	}
	return r
}

// compactFactor is a FactorView as a row: full, weight, ramp, tier,
// tenure, active, active days, days, cut (1 start, 2 end, 4 leave),
// prorated (0 or 1), unrounded; fractions to 6 decimals, as explain
// prints them.
func compactFactor(f FactorView) []float64 {
	cut := 0.0
	for _, c := range f.Cut {
		switch c {
		case "start":
			cut += 1
		case "end":
			cut += 2
		case "leave":
			cut += 4
		}
	}
	prorated := 0.0
	if f.Prorated {
		prorated = 1
	}
	return []float64{round6(f.Full), round6(f.Weight), round6(f.Ramp), float64(f.Tier), float64(f.Tenure), round6(f.Active),
		float64(f.ActiveDays), float64(f.Days), cut, prorated, round6(f.Unrounded)}
}

// round6 rounds to 6 decimals.
func round6(v float64) float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v) > 1e15 {
		return v
	}
	return math.Round(v*1e6) / 1e6
}

// trivialFactors reports whether every month of a quota is its full
// amount: no ramp below 1, no partial month.
func trivialFactors(fs []FactorView) bool {
	for _, f := range fs {
		if f.Ramp != 1 || f.Active != 1 || f.Tier != 0 {
			return false
		}
	}
	return true
}

// periodIDs lists the result's period ids.
func periodIDs(r *engine.Result) []string {
	out := make([]string, len(r.Periods))
	for i, p := range r.Periods {
		out[i] = p.ID
	}
	return out
}
