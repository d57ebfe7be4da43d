package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
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
	Reps    map[string]*RepDetail                      `json:"reps"`
	Explain map[string]map[string]map[string]*NodeView `json:"explain,omitempty"` // rep -> measure -> period
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
	b := reportBundle{View: v, Reps: make(map[string]*RepDetail, len(in.Result.Reps))}
	failed := failedBySubject(in.Result.Checks)
	for _, rep := range in.Result.Reps {
		d := repDetail(in.Result, rep, failed[rep.ID])
		for i := range d.Quotas {
			if trivialFactors(d.Quotas[i].Factors) {
				d.Quotas[i].Factors = nil // every month is the full amount: nothing to show
			}
		}
		b.Reps[rep.ID] = d
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
