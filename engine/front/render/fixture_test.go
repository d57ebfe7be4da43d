package render

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"

	"github.com/quotaplan/quotaplan/engine"
)

// fixture builds a Result by hand: a 12-month plan from 2027-02 with two
// measures in different units, two root managers (one with a nested
// manager), a rep without manager or territory whose name needs escaping,
// a territory tree, goals including an informational one and a target of
// 0, checks passing and failing in each severity, and vars of every kind.
func fixture() *engine.Result {
	r := planShell("fy2027", "FY2027 sales plan", "2027-02-01", 12)
	r.Scenario = "stretch"
	r.Vars = map[string]any{
		"growth":  0.35,
		"base":    1500000.0,
		"region":  "EMEA & <NA>",
		"stretch": true,
		"tiers":   []any{0.4, "ramp", false, []any{}},
		"caps":    map[string]any{"z": 1.0, "a": map[string]any{"b": 2.5, "empty": map[string]any{}}},
	}
	r.Measures = []engine.Measure{{Name: "meetings", Unit: "meetings"}, {Name: "new_arr", Unit: "USD"}}
	r.Reps = []*engine.RepResult{
		rep("alice", "Alice Chen", "AE", "emea-ent", "maria",
			quota("new_arr", "USD", 480000, 0, 16000, 24000, 32000, 40000, 40000, 40000, 40000, 40000, 40000, 40000, 40000)),
		rep("bob", "Bob Müller", "AE", "emea-ent", "maria",
			quota("new_arr", "USD", 360000, 30000, 30000, 30000, 30000, 30000, 30000, 30000, 30000, 30000, 30000, 30000, 30000)),
		rep("kai", "Kai Tanaka", "SDR manager", "emea", "maria",
			quota("meetings", "meetings", 60, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5)),
		rep("maria", "Maria Rossi", "manager", "emea", ""),
		rep("sam", "Sam Okafor", "SDR", "emea-ent", "kai",
			quota("meetings", "meetings", 240, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20)),
		rep("tom", "Tom Baker", "manager", "na", "",
			quota("new_arr", "USD", 120000, 10000, 10000, 10000, 10000, 10000, 10000, 10000, 10000, 10000, 10000, 10000, 10000)),
		rep("ursula", "Ursula Stein", "AE", "na", "tom",
			quota("meetings", "meetings", 48, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4),
			quota("new_arr", "USD", 600000, 50000, 50000, 50000, 50000, 50000, 50000, 50000, 50000, 50000, 50000, 50000, 50001.5)),
		rep("zed", `Zoë "Z" O|Neil`, "SDR", "", "",
			quota("meetings", "meetings", 150, 12.5, 12.5, 12.5, 12.5, 12.5, 12.5, 12.5, 12.5, 12.5, 12.5, 12.5, 12.5)),
	}
	for _, x := range r.Reps {
		x.Depth = map[string]int{"alice": 1, "bob": 1, "kai": 1, "sam": 2, "ursula": 1}[x.ID]
	}
	r.Reps[3].Reports = []string{"alice", "bob", "kai"}
	r.Reps[2].Reports = []string{"sam"}
	r.Reps[5].Reports = []string{"ursula"}
	r.Territories = []*engine.TerritoryResult{
		{ID: "emea", Name: "EMEA", Quotas: map[string]float64{"meetings": 300, "new_arr": 1024000}, Reps: 5},
		{ID: "emea-ent", Name: "EMEA Enterprise", Parent: "emea", Depth: 1, Quotas: map[string]float64{"meetings": 240, "new_arr": 1024000}, Reps: 3},
		{ID: "na", Name: "North America", Quotas: map[string]float64{"meetings": 48, "new_arr": 1200001.5}, Reps: 2},
	}
	r.Goals = []*engine.GoalResult{
		{ID: "churn", Description: "Keep churn under 5%", Period: "FY", Target: 0.05, Expected: 0.05},
		{ID: "expansion", Measure: "new_arr", Period: "FY", Target: 0, Expected: 0},
		{ID: "meetings_q1", Measure: "meetings", Period: "Q1", Target: 100, Assigned: 124.5, Ratio: 1.245, Expected: 110, Overassign: 0.1, Reps: 4},
		{ID: "new_arr", Measure: "new_arr", Period: "FY", Target: 2000000, Assigned: 2224001.5, Ratio: 1.1120008, Expected: 2300000, Overassign: 0.15, Reps: 4},
		{ID: "new_arr_q1", Measure: "new_arr", Period: "Q1", Target: 500000, Assigned: 450000, Ratio: 0.9, Expected: 550000, Overassign: 0.1, Reps: 4},
		{ID: "pipeline", Measure: "new_arr", Period: "2027-03", Target: 100000, Assigned: 106000, Ratio: 1.06, Expected: 120000, Overassign: 0.2, Reps: 4},
	}
	r.Checks = []*engine.CheckResult{
		check("capacity_gap", "error", "fy2027", engine.StatusPass, "", "plan.hcl", 20),
		check("coverage", "warning", "alice", engine.StatusPass, "coverage 4x", "checks.hcl", 8),
		check("coverage", "warning", "ursula", engine.StatusFail, "coverage < 3x & falling", "checks.hcl", 8),
		check("meetings_booked", "info", "zed", engine.StatusFail, "only 12.5 meetings\na month", "checks.hcl", 30),
		check("quota_to_ote", "error", "alice", engine.StatusFail, "quota is 3.2x OTE; healthy is 4-5x", "checks.hcl", 12),
		check("quota_to_ote", "error", "bob", engine.StatusFail, "quota is 2.9x OTE; healthy is 4-5x", "checks.hcl", 12),
		check("quota_to_ote", "error", "ursula", engine.StatusPass, "quota is 4.6x OTE; healthy is 4-5x", "checks.hcl", 12),
		check("ramp_sane", "warning", "alice", engine.StatusPass, "", "checks.hcl", 40),
	}
	r.Summary = engine.Summary{Reps: len(r.Reps), Errors: 2, Warnings: 1, Infos: 1, Passed: 4}
	r.RollUp()
	return r
}

// longFixture is a 24-month plan with one rep, for year columns Y1, Y2 and
// quarters Q1..Q8, and no goals, territories or checks.
func longFixture() *engine.Result {
	r := planShell("fy2027_28", "", "2027-01-01", 24)
	var periods []float64
	for i := range 24 {
		periods = append(periods, float64(1000*(i+1)))
	}
	r.Measures = []engine.Measure{{Name: "renewals", Unit: "EUR"}}
	r.Reps = []*engine.RepResult{rep("solo", "Solo", "CSM", "", "", quota("renewals", "EUR", 300000, periods...))}
	r.Summary = engine.Summary{Reps: 1}
	r.RollUp()
	return r
}

// passingFixture is fixture with every check passing.
func passingFixture() *engine.Result {
	r := fixture()
	for _, c := range r.Checks {
		c.Status = engine.StatusPass
	}
	r.Summary = engine.Summary{Reps: len(r.Reps), Passed: len(r.Checks)}
	return r
}

// planShell is an empty Result with the periods and quarters of a plan of
// the given months starting at start.
func planShell(id, title, start string, months int) *engine.Result {
	first, err := time.Parse(time.DateOnly, start)
	if err != nil {
		panic(err)
	}
	r := &engine.Result{Plan: engine.PlanInfo{ID: id, Title: title, Start: start, Months: months, Currency: "USD"}}
	for i := range months {
		s := first.AddDate(0, i, 0)
		end := s.AddDate(0, 1, -1)
		q := i/3 + 1
		r.Periods = append(r.Periods, engine.Period{
			ID: s.Format("2006-01"), Index: i + 1, Month: int(s.Month()), Quarter: q,
			Start: s, End: end, Days: end.Day(),
		})
		if i%3 == 0 {
			r.Quarters = append(r.Quarters, engine.Quarter{ID: fmt.Sprintf("Q%d", q)})
		}
		r.Quarters[q-1].Periods = append(r.Quarters[q-1].Periods, i)
	}
	return r
}

// rep builds a rep with the given quotas, which it sorts by measure as
// the engine does.
func rep(id, name, role, territory, manager string, quotas ...*engine.QuotaResult) *engine.RepResult {
	slices.SortFunc(quotas, func(a, b *engine.QuotaResult) int { return strings.Compare(a.Measure, b.Measure) })
	return &engine.RepResult{ID: id, Name: name, Role: role, Territory: territory, Manager: manager, Quotas: quotas}
}

// quota builds a quota whose total is the sum of its periods.
func quota(measure, unit string, full float64, periods ...float64) *engine.QuotaResult {
	q := &engine.QuotaResult{Measure: measure, Unit: unit, Block: measure, Full: full, Periods: periods}
	for _, v := range periods {
		q.Total += v
	}
	return q
}

// check builds a check result located at file:line.
func check(name, severity, subject, status, message, file string, line int) *engine.CheckResult {
	return &engine.CheckResult{
		Check: name, Severity: engine.Severity(severity), Subject: subject, Status: status, Message: message,
		Range: hcl.Range{Filename: file, Start: hcl.Pos{Line: line, Column: 1}, End: hcl.Pos{Line: line, Column: 10}},
	}
}
