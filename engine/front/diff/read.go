package diff

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"

	"github.com/quotaplan/quotaplan/engine"
)

// savedResult is the JSON result of `eval --format json` (plans/LANGUAGE.md section 11).
type savedResult struct {
	FormatVersion *string `json:"format_version"`
	Plan          struct {
		ID       string `json:"id"`
		Title    string `json:"title"`
		Start    string `json:"start"`
		Months   int    `json:"months"`
		Currency string `json:"currency"`
	} `json:"plan"`
	Scenario    *string          `json:"scenario"`
	Vars        map[string]any   `json:"vars"`
	Periods     []string         `json:"periods"`
	Reps        []savedRep       `json:"reps"`
	Territories []savedTerritory `json:"territories"`
	Goals       []savedGoal      `json:"goals"`
	Checks      []savedCheck     `json:"checks"`
	AsOf        *string          `json:"as_of"`
}

type savedRep struct {
	ID        string                `json:"id"`
	Name      string                `json:"name"`
	Role      string                `json:"role"`
	Territory *string               `json:"territory"`
	Manager   *string               `json:"manager"`
	Quotas    map[string]savedQuota `json:"quotas"`
	// Actuals is nil for a result of a plan without credit blocks.
	Actuals map[string]savedActual `json:"actuals"`
}

type savedQuota struct {
	Unit string `json:"unit"`
	// Rollup is false (and only then present) for a quota that restates
	// others: it is read back as not rolled up.
	Rollup  *bool              `json:"rollup"`
	Total   float64            `json:"total"`
	Full    float64            `json:"full"`
	Periods map[string]float64 `json:"periods"`
}

type savedTerritory struct {
	ID     string `json:"id"`
	Quotas map[string]struct {
		Total float64 `json:"total"`
	} `json:"quotas"`
}

type savedGoal struct {
	ID       string   `json:"id"`
	Measure  *string  `json:"measure"`
	Period   string   `json:"period"`
	Target   float64  `json:"target"`
	Assigned float64  `json:"assigned"`
	Ratio    *float64 `json:"ratio"`
	Expected float64  `json:"expected"`
}

type savedCheck struct {
	Check    string `json:"check"`
	Severity string `json:"severity"`
	Subject  string `json:"subject"`
	Status   string `json:"status"`
	Message  string `json:"message"`
}

// ReadResult reads a result saved by `quotaplan eval --format json` back
// into an engine.Result, named filename in diagnostics. The result holds
// what the JSON holds: the plan block, scenario, variables, periods (and
// the quarters they make), reps with name, role, territory, manager and
// quotas (total, full, months), territory roll-ups, goals and check
// results. It has no rep attributes beyond those, no description or
// over-assignment of goals, no provenance (Factors), no reports or depths
// and no source ranges. A file that is not such a result is an error
// diagnostic; the Result is then nil.
func ReadResult(data []byte, filename string) (*engine.Result, hcl.Diagnostics) {
	var s savedResult
	dec := json.NewDecoder(bytes.NewReader(data))
	err := dec.Decode(&s)
	if err == nil && dec.More() {
		err = errors.New("unexpected data after the JSON value")
	}
	if err != nil {
		return nil, hcl.Diagnostics{readError(data, filename, err)}
	}
	if d := checkVersion(s.FormatVersion, data, filename); d != nil {
		return nil, hcl.Diagnostics{d}
	}
	periods, err := parsePeriods(s.Periods)
	if err != nil {
		return nil, hcl.Diagnostics{resultDiag(data, filename, 0, "Invalid saved result", err.Error()+".")}
	}
	return buildResult(&s, periods), nil
}

// readError turns a JSON decoding error into a diagnostic at its offset.
func readError(data []byte, filename string, err error) *hcl.Diagnostic {
	var off int64
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	msg := err.Error()
	switch {
	case errors.As(err, &syn):
		off, msg = syn.Offset, "it is not valid JSON: "+syn.Error()
	case errors.As(err, &typ):
		off, msg = typ.Offset, fmt.Sprintf("the value of %q is a JSON %s where a %s belongs", typ.Field, typ.Value, typ.Type)
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		off, msg = int64(len(data)), "it is empty or ends too early"
	}
	return resultDiag(data, filename, off, "Invalid saved result", "The file cannot be read as a saved result: "+msg+".")
}

// checkVersion accepts the format_version of saved results,
// engine.FormatVersion (not the diff format's own FormatVersion).
func checkVersion(v *string, data []byte, filename string) *hcl.Diagnostic {
	switch {
	case v == nil:
		return resultDiag(data, filename, 0, "Not a saved result",
			`The file has no "format_version" key, so it is not a result written by "quotaplan eval --format json".`)
	case *v != engine.FormatVersion:
		return resultDiag(data, filename, 0, "Unsupported result format",
			fmt.Sprintf("The file has format_version %s; this quotaplan reads version %s. Save the result again with this version of quotaplan.", strconv.Quote(*v), strconv.Quote(engine.FormatVersion)))
	}
	return nil
}

// resultDiag is an error diagnostic about a saved result at a byte offset;
// its detail ends with what the file should be.
func resultDiag(data []byte, filename string, off int64, summary, detail string) *hcl.Diagnostic {
	pos := position(data, int(min(max(off, 0), int64(len(data)))))
	return &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  summary,
		Detail:   detail + ` Give a plan directory or a file written by "quotaplan eval --format json".`,
		Subject:  &hcl.Range{Filename: filename, Start: pos, End: pos},
	}
}

// position is the line and column (1-based, in runes) of byte offset off.
func position(data []byte, off int) hcl.Pos {
	line, start := 1, 0
	for i, b := range data[:off] {
		if b == '\n' {
			line, start = line+1, i+1
		}
	}
	return hcl.Pos{Line: line, Column: utf8.RuneCount(data[start:off]) + 1, Byte: off}
}

// parsePeriods turns period ids ("2027-03") into periods, numbered from 1,
// grouped by three into quarters.
func parsePeriods(ids []string) ([]engine.Period, error) {
	out := make([]engine.Period, len(ids))
	for i, id := range ids {
		t, err := time.Parse("2006-01", id)
		if err != nil {
			return nil, fmt.Errorf("period %q is not a month like \"2027-03\"", id)
		}
		end := t.AddDate(0, 1, -1)
		out[i] = engine.Period{ID: id, Index: i + 1, Month: int(t.Month()), Quarter: i/3 + 1, Start: t, End: end, Days: end.Day()}
	}
	return out, nil
}

// quartersOf groups periods by quarter: Q1 holds periods 1..3.
func quartersOf(periods []engine.Period) []engine.Quarter {
	var out []engine.Quarter
	for i := range periods {
		if i%3 == 0 {
			out = append(out, engine.Quarter{ID: "Q" + strconv.Itoa(i/3+1)})
		}
		out[len(out)-1].Periods = append(out[len(out)-1].Periods, i)
	}
	return out
}

// buildResult turns a decoded saved result into an engine.Result.
func buildResult(s *savedResult, periods []engine.Period) *engine.Result {
	r := &engine.Result{
		Plan:     engine.PlanInfo{ID: s.Plan.ID, Title: s.Plan.Title, Start: s.Plan.Start, Months: s.Plan.Months, Currency: s.Plan.Currency},
		Scenario: deref(s.Scenario),
		Vars:     s.Vars,
		Ledger:   engine.Ledger{Periods: periods, Quarters: quartersOf(periods)},
	}
	units := map[string]string{}
	for _, sr := range s.Reps {
		r.Reps = append(r.Reps, savedRepResult(sr, periods, units))
	}
	for _, m := range slices.Sorted(maps.Keys(units)) {
		r.Measures = append(r.Measures, engine.Measure{Name: m, Unit: units[m]})
	}
	for _, st := range s.Territories {
		t := &engine.TerritoryResult{ID: st.ID, Quotas: map[string]float64{}}
		for m, q := range st.Quotas {
			t.Quotas[m] = q.Total
		}
		r.Territories = append(r.Territories, t)
	}
	r.RollUp()
	for _, g := range s.Goals {
		r.Goals = append(r.Goals, &engine.GoalResult{
			ID: g.ID, Measure: deref(g.Measure), Period: g.Period, Target: g.Target,
			Assigned: g.Assigned, Ratio: derefNum(g.Ratio), Expected: g.Expected,
		})
	}
	for _, c := range s.Checks {
		r.Checks = append(r.Checks, &engine.CheckResult{Check: c.Check, Severity: engine.Severity(c.Severity), Subject: c.Subject, Status: c.Status, Message: c.Message})
	}
	readActuals(s, r)
	r.Summary = summarize(r)
	return r
}

// savedRepResult is a rep of a saved result; it records the unit of each
// of its measures in units.
func savedRepResult(sr savedRep, periods []engine.Period, units map[string]string) *engine.RepResult {
	rep := &engine.RepResult{
		ID: sr.ID, Name: sr.Name, Role: sr.Role, Territory: deref(sr.Territory), Manager: deref(sr.Manager),
	}
	for _, m := range slices.Sorted(maps.Keys(sr.Quotas)) {
		q := sr.Quotas[m]
		qr := &engine.QuotaResult{Measure: m, Unit: q.Unit, Total: q.Total, Full: q.Full, Periods: make([]float64, len(periods)),
			Restates: q.Rollup != nil && !*q.Rollup}
		for i, p := range periods {
			qr.Periods[i] = q.Periods[p.ID]
		}
		rep.Quotas = append(rep.Quotas, qr)
		units[m] = q.Unit
	}
	return rep
}

// summarize counts reps and check results by status and severity.
func summarize(r *engine.Result) engine.Summary {
	s := engine.Summary{Reps: len(r.Reps)}
	for _, c := range r.Checks {
		switch {
		case c.Status == engine.StatusWaived:
			s.Waived++
		case c.Status != engine.StatusFail:
			s.Passed++
		case c.Severity == "error":
			s.Errors++
		case c.Severity == "warning":
			s.Warnings++
		default:
			s.Infos++
		}
	}
	return s
}

// deref is *p, or "" for nil.
func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// derefNum is *p, or 0 for nil.
func derefNum(p *float64) float64 {
	if p == nil {
		return 0
	}
	return *p
}
