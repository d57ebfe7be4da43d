package watch

import (
	"bytes"
	"encoding/json"
	"io"
	"time"

	"github.com/hashicorp/hcl/v2"

	"github.com/quotaplan/quotaplan/engine"
	"github.com/quotaplan/quotaplan/engine/front/diff"
	"github.com/quotaplan/quotaplan/plans"
)

// Statuses of a JSON report.
const (
	StatusOK      = "ok"      // the plan is valid and was evaluated
	StatusInvalid = "invalid" // the plan has errors; the last good result is kept
)

// WriteJSON writes a report as one line of JSON (NDJSON: one object per
// evaluation) with stable keys, for tools and editors:
//
//	{"seq", "time", "duration_ms", "status": "ok"|"invalid",
//	 "plan", "scenario", "summary": {"reps", "errors", "warnings", "infos", "passed"} | null,
//	 "goals": [{"id", "measure", "period", "target", "assigned", "ratio", "expected"}],
//	 "diagnostics": [{"severity", "summary", "detail", "file", "line", "column"}],
//	 "last_good_time": null | time,
//	 "changes": null | {"changed", "summary",
//	     "reps": [{"id", "change", "quotas": [{"measure", "unit", "old", "new", "delta"}]}],
//	     "goals": [{"id", "change", "ratio": {"old", "new"}, "assigned": {"old", "new"}}],
//	     "checks": [{"check", "subject", "severity", "status", "message"}]}}
//
// Times are RFC 3339 with nanoseconds, numbers are printed as in
// `eval --format json`, arrays are sorted by id and "changes" is null on
// the first valid evaluation and while the plan is invalid.
func WriteJSON(w io.Writer, r Report) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false) // "->" stays readable in summaries
	if err := enc.Encode(jsonReportOf(r)); err != nil {
		return err
	}
	_, err := w.Write(b.Bytes())
	return err
}

// jsonReport is the JSON form of a Report; field order is key order.
type jsonReport struct {
	Seq          int              `json:"seq"`
	Time         string           `json:"time"`
	DurationMS   json.Number      `json:"duration_ms"`
	Status       string           `json:"status"`
	Plan         *string          `json:"plan"`
	Scenario     *string          `json:"scenario"`
	Summary      *jsonSummary     `json:"summary"`
	Goals        []jsonGoal       `json:"goals"`
	Diagnostics  []jsonDiagnostic `json:"diagnostics"`
	LastGoodTime *string          `json:"last_good_time"`
	Changes      *jsonChanges     `json:"changes"`
}

// jsonSummary counts reps and check results.
type jsonSummary struct {
	Reps     int `json:"reps"`
	Errors   int `json:"errors"`
	Warnings int `json:"warnings"`
	Infos    int `json:"infos"`
	Passed   int `json:"passed"`
}

// jsonGoal is a goal's coverage.
type jsonGoal struct {
	ID       string      `json:"id"`
	Measure  string      `json:"measure"`
	Period   string      `json:"period"`
	Target   json.Number `json:"target"`
	Assigned json.Number `json:"assigned"`
	Ratio    json.Number `json:"ratio"`
	Expected json.Number `json:"expected"`
}

// jsonDiagnostic is an error or warning at a place in a file.
type jsonDiagnostic struct {
	Severity string `json:"severity"`
	Summary  string `json:"summary"`
	Detail   string `json:"detail"`
	File     string `json:"file"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
}

// jsonChanges is what changed since the last good result.
type jsonChanges struct {
	Changed bool              `json:"changed"`
	Summary string            `json:"summary"`
	Reps    []jsonRepChange   `json:"reps"`
	Goals   []jsonGoalChange  `json:"goals"`
	Checks  []jsonCheckChange `json:"checks"`
}

// jsonRepChange is a rep added, removed or with changed quotas.
type jsonRepChange struct {
	ID     string            `json:"id"`
	Change string            `json:"change"`
	Quotas []jsonQuotaChange `json:"quotas"`
}

// jsonQuotaChange is one measure's FY quota, old and new.
type jsonQuotaChange struct {
	Measure string      `json:"measure"`
	Unit    string      `json:"unit"`
	Old     json.Number `json:"old"`
	New     json.Number `json:"new"`
	Delta   json.Number `json:"delta"`
}

// jsonGoalChange is a goal whose coverage changed.
type jsonGoalChange struct {
	ID       string     `json:"id"`
	Change   string     `json:"change"`
	Ratio    jsonOldNew `json:"ratio"`
	Assigned jsonOldNew `json:"assigned"`
}

// jsonOldNew is a number before and after.
type jsonOldNew struct {
	Old json.Number `json:"old"`
	New json.Number `json:"new"`
}

// jsonCheckChange is a check result that newly fails or was fixed.
type jsonCheckChange struct {
	Check    string `json:"check"`
	Subject  string `json:"subject"`
	Severity string `json:"severity"`
	Status   string `json:"status"`
	Message  string `json:"message"`
}

// jsonReportOf converts a Report.
func jsonReportOf(r Report) jsonReport {
	j := jsonReport{
		Seq:         r.Seq,
		Time:        r.Time.Format(time.RFC3339Nano),
		DurationMS:  num(float64(r.Duration.Microseconds()) / 1000),
		Status:      StatusInvalid,
		Goals:       []jsonGoal{},
		Diagnostics: diagnosticsOf(r.Diagnostics),
		Changes:     changesOf(r.Changes),
	}
	if !r.LastGoodTime.IsZero() {
		t := r.LastGoodTime.Format(time.RFC3339Nano)
		j.LastGoodTime = &t
	}
	if res := r.Result; res != nil {
		j.Status = StatusOK
		j.Plan = &res.Plan.ID
		if res.Scenario != "" {
			j.Scenario = &res.Scenario
		}
		s := res.Summary
		j.Summary = &jsonSummary{Reps: s.Reps, Errors: s.Errors, Warnings: s.Warnings, Infos: s.Infos, Passed: s.Passed}
		j.Goals = goalsOf(res.Goals)
	}
	return j
}

// num prints a number as every quotaplan JSON output does.
func num(v float64) json.Number { return json.Number(engine.FormatNumber(v)) }

// goalsOf converts the goals of a result.
func goalsOf(goals []*engine.GoalResult) []jsonGoal {
	out := make([]jsonGoal, len(goals))
	for i, g := range goals {
		out[i] = jsonGoal{ID: g.ID, Measure: g.Measure, Period: g.Period, Target: num(g.Target),
			Assigned: num(g.Assigned), Ratio: num(g.Ratio), Expected: num(g.Expected)}
	}
	return out
}

// diagnosticsOf converts diagnostics, sorted as they are printed.
func diagnosticsOf(diags hcl.Diagnostics) []jsonDiagnostic {
	sorted := append(hcl.Diagnostics(nil), diags...)
	plans.SortDiagnostics(sorted)
	out := make([]jsonDiagnostic, len(sorted))
	for i, d := range sorted {
		out[i] = jsonDiagnostic{Severity: severityName(d.Severity), Summary: d.Summary, Detail: d.Detail}
		if d.Subject != nil {
			out[i].File, out[i].Line, out[i].Column = d.Subject.Filename, d.Subject.Start.Line, d.Subject.Start.Column
		}
	}
	return out
}

// severityName is "error" or "warning".
func severityName(s hcl.DiagnosticSeverity) string {
	if s == hcl.DiagError {
		return "error"
	}
	return "warning"
}

// changesOf converts the changes since the last good result; nil stays
// nil (JSON null).
func changesOf(c *diff.Report) *jsonChanges {
	if c == nil {
		return nil
	}
	j := &jsonChanges{Changed: c.Changed(), Summary: c.Summary(),
		Reps: []jsonRepChange{}, Goals: []jsonGoalChange{}, Checks: []jsonCheckChange{}}
	for _, rc := range c.Reps {
		if len(rc.Quotas) > 0 {
			j.Reps = append(j.Reps, jsonRepChange{ID: rc.ID, Change: string(rc.Kind), Quotas: quotaChangesOf(rc.Quotas)})
		}
	}
	for _, g := range c.Goals {
		j.Goals = append(j.Goals, jsonGoalChange{ID: g.ID, Change: string(g.Kind),
			Ratio: oldNew(g.Ratio), Assigned: oldNew(g.Assigned)})
	}
	for _, cc := range c.Checks {
		if cc.Status == diff.NewFailure || cc.Status == diff.Fixed {
			j.Checks = append(j.Checks, jsonCheckChange{Check: cc.Check, Subject: cc.Subject,
				Severity: string(cc.Severity), Status: cc.Status, Message: cc.Message})
		}
	}
	return j
}

// quotaChangesOf converts the quota changes of a rep.
func quotaChangesOf(qs []diff.QuotaChange) []jsonQuotaChange {
	out := make([]jsonQuotaChange, len(qs))
	for i, q := range qs {
		out[i] = jsonQuotaChange{Measure: q.Measure, Unit: q.Unit, Old: num(q.Old), New: num(q.New), Delta: num(q.Delta())}
	}
	return out
}

// oldNew converts an amount.
func oldNew(a diff.Amount) jsonOldNew { return jsonOldNew{Old: num(a.Old), New: num(a.New)} }
