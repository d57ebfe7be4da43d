package diff

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"

	"github.com/quotaplan/quotaplan/engine"
)

// FormatVersion is the value of "format_version" in the JSON diff. It
// changes only when a key is removed or changes meaning.
const FormatVersion = "1"

// JSON writes the Report as stable JSON: the keys below in this order,
// 2-space indentation, numbers printed with engine.FormatNumber, map keys
// sorted, a trailing newline. A number absent on one side (an added rep's
// old quota, the percent of a change from 0) is null.
//
//	{"format_version": "1", "summary": "Plan: ...", "changed": bool,
//	 "base": {"label", "plan", "scenario", "currency"}, "head": {...},
//	 "attributes_compared": bool,
//	 "counts": {"reps_added", "reps_removed", "reps_edited", "quotas_changed",
//	            "territories_added", "territories_removed", "territories_changed",
//	            "goals_changed", "checks_new_failures", "checks_new_errors",
//	            "checks_fixed", "checks_still_failing", "vars_changed", "plan_changed",
//	            "rules_changed", "blocks_added", "blocks_removed"},
//	 "plan": [{"name", "old", "new"}], "vars": [{"name", "old", "new"}],
//	 "rules": [{"block", "label", "attribute", "change", "old", "new", "old_at", "new_at", "block_change"}],
//	 "totals": [{"measure", "unit", "old", "new", "delta", "percent"}],
//	 "reps": [{"id", "change", "name", "territory", "manager",
//	           "attributes": [{"name", "old", "new"}],
//	           "quotas": [{"measure", "unit", "old", "new", "delta", "percent",
//	                       "full_old", "full_new", "quarters": [...], "periods": [...]}]}],
//	 "territories": [{"id", "change", "attributes": [...], "quotas": [{"measure", "unit", "old", "new", "delta", "percent"}]}],
//	 "teams": [{"id", "change", "quotas": [...]}],
//	 "goals": [{"id", "change", "measure", "period", "unit", "attributes": [...],
//	            "target": {"old", "new", "delta", "percent"}, "assigned": {...},
//	            "ratio": {...}, "expected": {...}}],
//	 "checks": [{"check", "subject", "severity", "change", "old_status", "new_status", "message"}]}
//
// "change" is "added", "removed" or "changed" ("new_failure", "fixed" or
// "still_failing" for checks); a status absent on one side is null.
// "rules" lists one entry per attribute of a block added, removed or
// changed (reps and territories aside), sorted by block, label and
// attribute: its text as written on each side and where ("file:line"),
// null on the side it is absent, and "block_change", how the block
// changed; a block added or removed without attributes has one entry whose
// attribute is null. "rules" is null when a side is a saved result, which
// holds no rules.
func JSON(w io.Writer, r *Report) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(jsonReport(r)); err != nil {
		return fmt.Errorf("render json diff: %w", err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// The types below fix the keys and their order of the JSON diff.

type jReport struct {
	FormatVersion string    `json:"format_version"`
	Summary       string    `json:"summary"`
	Changed       bool      `json:"changed"`
	Base          jSource   `json:"base"`
	Head          jSource   `json:"head"`
	Attributes    bool      `json:"attributes_compared"`
	Counts        jCounts   `json:"counts"`
	Plan          []jAttr   `json:"plan"`
	Vars          []jAttr   `json:"vars"`
	Rules         []jRule   `json:"rules"`
	Totals        []jAmount `json:"totals"`
	Reps          []jRep    `json:"reps"`
	Territories   []jRollup `json:"territories"`
	Teams         []jRollup `json:"teams"`
	Goals         []jGoal   `json:"goals"`
	Checks        []jCheck  `json:"checks"`
	Actuals       []jActual `json:"actuals,omitempty"` // only when some actual changed
}

type jSource struct {
	Label    *string `json:"label"`
	Plan     *string `json:"plan"`
	Scenario *string `json:"scenario"`
	Currency *string `json:"currency"`
}

type jCounts struct {
	RepsAdded          int `json:"reps_added"`
	RepsRemoved        int `json:"reps_removed"`
	RepsEdited         int `json:"reps_edited"`
	Quotas             int `json:"quotas_changed"`
	TerritoriesAdded   int `json:"territories_added"`
	TerritoriesRemoved int `json:"territories_removed"`
	TerritoriesChanged int `json:"territories_changed"`
	GoalsChanged       int `json:"goals_changed"`
	NewFailures        int `json:"checks_new_failures"`
	NewErrors          int `json:"checks_new_errors"`
	Fixed              int `json:"checks_fixed"`
	StillFailing       int `json:"checks_still_failing"`
	Vars               int `json:"vars_changed"`
	Plan               int `json:"plan_changed"`
	RulesChanged       int `json:"rules_changed"`
	BlocksAdded        int `json:"blocks_added"`
	BlocksRemoved      int `json:"blocks_removed"`
}

type jRule struct {
	Block       string  `json:"block"`
	Label       string  `json:"label"`
	Attribute   *string `json:"attribute"`
	Change      Kind    `json:"change"`
	Old         *string `json:"old"`
	New         *string `json:"new"`
	OldAt       *string `json:"old_at"`
	NewAt       *string `json:"new_at"`
	BlockChange Kind    `json:"block_change"`
}

type jAttr struct {
	Name string `json:"name"`
	Old  any    `json:"old"`
	New  any    `json:"new"`
}

type jAmount struct {
	Measure string       `json:"measure"`
	Unit    string       `json:"unit"`
	Old     *json.Number `json:"old"`
	New     *json.Number `json:"new"`
	Delta   json.Number  `json:"delta"`
	Percent *json.Number `json:"percent"`
}

type jQuota struct {
	jAmount
	FullOld  *json.Number `json:"full_old"`
	FullNew  *json.Number `json:"full_new"`
	Quarters []string     `json:"quarters"`
	Periods  []string     `json:"periods"`
}

type jRep struct {
	ID        string   `json:"id"`
	Change    Kind     `json:"change"`
	Name      *string  `json:"name"`
	Territory *string  `json:"territory"`
	Manager   *string  `json:"manager"`
	Attrs     []jAttr  `json:"attributes"`
	Quotas    []jQuota `json:"quotas"`
}

type jRollup struct {
	ID     string    `json:"id"`
	Change Kind      `json:"change"`
	Attrs  []jAttr   `json:"attributes"`
	Quotas []jAmount `json:"quotas"`
}

type jNumbers struct {
	Old     *json.Number `json:"old"`
	New     *json.Number `json:"new"`
	Delta   json.Number  `json:"delta"`
	Percent *json.Number `json:"percent"`
}

type jGoal struct {
	ID       string   `json:"id"`
	Change   Kind     `json:"change"`
	Measure  *string  `json:"measure"`
	Period   string   `json:"period"`
	Unit     *string  `json:"unit"`
	Attrs    []jAttr  `json:"attributes"`
	Target   jNumbers `json:"target"`
	Assigned jNumbers `json:"assigned"`
	Ratio    jNumbers `json:"ratio"`
	Expected jNumbers `json:"expected"`
}

type jCheck struct {
	Check     string  `json:"check"`
	Subject   string  `json:"subject"`
	Severity  string  `json:"severity"`
	Change    string  `json:"change"`
	OldStatus *string `json:"old_status"`
	NewStatus *string `json:"new_status"`
	Message   string  `json:"message"`
}

// jsonReport lays out r for encoding.
func jsonReport(r *Report) jReport {
	c := r.Counts
	return jReport{
		FormatVersion: FormatVersion, Summary: r.Summary(), Changed: r.Changed(),
		Base: jsonSource(r.Base), Head: jsonSource(r.Head), Attributes: r.Attributes,
		Counts: jCounts{
			RepsAdded: c.RepsAdded, RepsRemoved: c.RepsRemoved, RepsEdited: c.RepsEdited, Quotas: c.Quotas,
			TerritoriesAdded: c.TerritoriesAdded, TerritoriesRemoved: c.TerritoriesRemoved, TerritoriesChanged: c.TerritoriesChanged,
			GoalsChanged: c.GoalsChanged, NewFailures: c.NewFailures, NewErrors: c.NewErrors, Fixed: c.Fixed,
			StillFailing: c.StillFailing, Vars: c.Vars, Plan: c.Plan,
			RulesChanged: c.RulesChanged, BlocksAdded: c.BlocksAdded, BlocksRemoved: c.BlocksRemoved,
		},
		Plan:        mapSlice(r.Plan, jsonAttr),
		Vars:        mapSlice(r.Vars, jsonAttr),
		Rules:       jsonRules(r),
		Totals:      mapSlice(r.Totals, jsonAmount),
		Reps:        mapSlice(r.Reps, jsonRep),
		Territories: mapSlice(r.Territories, jsonRollup),
		Teams:       mapSlice(r.Teams, jsonRollup),
		Goals:       mapSlice(r.Goals, jsonGoal),
		Checks:      mapSlice(r.Checks, jsonCheck),
		Actuals:     mapSlice(r.Actuals, jsonActual),
	}
}

// mapSlice applies f to every element of s; never nil, so that an empty
// list encodes as [].
func mapSlice[T, U any](s []T, f func(T) U) []U {
	out := make([]U, 0, len(s))
	for _, x := range s {
		out = append(out, f(x))
	}
	return out
}

// jsonRules flattens the rule changes to one entry per attribute; nil
// (null) when the rules were not compared.
func jsonRules(r *Report) []jRule {
	if !r.RulesCompared {
		return nil
	}
	out := []jRule{}
	for _, b := range r.Rules {
		if len(b.Attrs) == 0 {
			out = append(out, jRule{Block: b.Block, Label: b.Label, Change: b.Kind, BlockChange: b.Kind,
				OldAt: str(b.OldAt.String()), NewAt: str(b.NewAt.String())})
		}
		for _, a := range b.Attrs {
			j := jRule{Block: b.Block, Label: b.Label, Attribute: &a.Attribute, Change: a.Kind, BlockChange: b.Kind,
				OldAt: str(a.OldAt.String()), NewAt: str(a.NewAt.String())}
			if a.Kind != Added {
				j.Old = &a.Old
			}
			if a.Kind != Removed {
				j.New = &a.New
			}
			out = append(out, j)
		}
	}
	return out
}

// jsonSource describes a side; empty strings are null.
func jsonSource(s Source) jSource {
	return jSource{Label: str(s.Label), Plan: str(s.PlanID), Scenario: str(s.Scenario), Currency: str(s.Currency)}
}

// str is nil for "", else &s.
func str(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// jsonAttr is a changed value with its numbers printed as the engine does.
func jsonAttr(a AttrChange) jAttr {
	return jAttr{Name: a.Name, Old: jsonValue(a.Old), New: jsonValue(a.New)}
}

// jsonValue replaces the numbers inside a plain value by json.Numbers
// printed with engine.FormatNumber.
func jsonValue(v any) any {
	switch v := v.(type) {
	case float64:
		return num(v)
	case int:
		return num(float64(v))
	case []any:
		return mapSlice(v, jsonValue)
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[k] = jsonValue(x)
		}
		return out
	}
	return v
}

// num prints v as a JSON number; NaN and infinities, which JSON cannot
// hold, become 0.
func num(v float64) json.Number {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "0"
	}
	return json.Number(engine.FormatNumber(v))
}

// optNum is num(v) when set, else nil (null).
func optNum(v float64, set bool) *json.Number {
	if !set {
		return nil
	}
	n := num(v)
	return &n
}

// jsonNumbers is an amount without measure and unit.
func jsonNumbers(a Amount) jNumbers {
	p, ok := a.Percent()
	return jNumbers{Old: optNum(a.Old, a.OldSet), New: optNum(a.New, a.NewSet), Delta: num(a.Delta()), Percent: optNum(p, ok && a.OldSet)}
}

// jsonAmount is an amount of a measure.
func jsonAmount(a Amount) jAmount {
	n := jsonNumbers(a)
	return jAmount{Measure: a.Measure, Unit: a.Unit, Old: n.Old, New: n.New, Delta: n.Delta, Percent: n.Percent}
}

// jsonRep is a rep change.
func jsonRep(c RepChange) jRep {
	return jRep{
		ID: c.ID, Change: c.Kind, Name: str(c.Name), Territory: str(c.Territory), Manager: str(c.Manager),
		Attrs: mapSlice(c.Attrs, jsonAttr),
		Quotas: mapSlice(c.Quotas, func(q QuotaChange) jQuota {
			return jQuota{
				jAmount: jsonAmount(q.Amount),
				FullOld: optNum(q.Full.Old, q.Full.OldSet), FullNew: optNum(q.Full.New, q.Full.NewSet),
				Quarters: mapSlice(q.Quarters, func(s string) string { return s }),
				Periods:  mapSlice(q.Periods, func(s string) string { return s }),
			}
		}),
	}
}

// jsonRollup is a territory or team change.
func jsonRollup(c RollupChange) jRollup {
	return jRollup{ID: c.ID, Change: c.Kind, Attrs: mapSlice(c.Attrs, jsonAttr), Quotas: mapSlice(c.Quotas, jsonAmount)}
}

// jsonGoal is a goal change.
func jsonGoal(g GoalChange) jGoal {
	return jGoal{
		ID: g.ID, Change: g.Kind, Measure: str(g.Measure), Period: g.Period, Unit: str(g.Unit),
		Attrs:  mapSlice(g.Attrs, jsonAttr),
		Target: jsonNumbers(g.Target), Assigned: jsonNumbers(g.Assigned),
		Ratio: jsonNumbers(g.Ratio), Expected: jsonNumbers(g.Expected),
	}
}

// jsonCheck is a check change.
func jsonCheck(c CheckChange) jCheck {
	return jCheck{
		Check: c.Check, Subject: c.Subject, Severity: string(c.Severity), Change: c.Status,
		OldStatus: str(c.OldStatus), NewStatus: str(c.NewStatus), Message: c.Message,
	}
}
