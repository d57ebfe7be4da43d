package diff

import (
	"fmt"
	"time"

	"github.com/quotaplan/quotaplan/engine"
)

// fixture builds a small evaluated plan by hand: a 12-month plan from
// 2027-01 with one measure, new_arr (USD), reps maria (manager), alice and
// bob, territories west and east, a goal and two checks.
func fixture() *engine.Result {
	r := &engine.Result{
		Plan:    engine.PlanInfo{ID: "p", Title: "Plan", Start: "2027-01-01", Months: 12, Currency: "USD"},
		Vars:    map[string]any{"growth": 0.25, "regions": []any{"west", "east"}},
		Ledger:  engine.Ledger{Measures: []engine.Measure{{Name: "new_arr", Unit: "USD"}}},
		Summary: engine.Summary{Reps: 3, Warnings: 1, Passed: 2},
	}
	for i := range 12 {
		start := time.Date(2027, time.Month(i+1), 1, 0, 0, 0, 0, time.UTC)
		r.Periods = append(r.Periods, engine.Period{ID: start.Format("2006-01"), Index: i + 1, Month: i + 1, Quarter: i/3 + 1, Start: start})
		if i%3 == 0 {
			r.Quarters = append(r.Quarters, engine.Quarter{ID: fmt.Sprintf("Q%d", i/3+1)})
		}
		r.Quarters[i/3].Periods = append(r.Quarters[i/3].Periods, i)
	}
	r.Reps = []*engine.RepResult{
		rep("alice", "west", "maria", 120000),
		rep("bob", "east", "maria", 240000),
		rep("maria", "", "", 0),
	}
	r.Territories = []*engine.TerritoryResult{
		{ID: "east", Quotas: map[string]float64{"new_arr": 240000}},
		{ID: "west", Quotas: map[string]float64{"new_arr": 120000}},
	}
	r.RollUp()
	r.Goals = []*engine.GoalResult{{ID: "new_arr", Measure: "new_arr", Period: "FY", Target: 300000, Assigned: 360000, Ratio: 1.2, Expected: 345000}}
	r.Checks = []*engine.CheckResult{
		{Check: "coverage", Severity: "warning", Subject: "alice", Status: engine.StatusPass},
		{Check: "coverage", Severity: "warning", Subject: "bob", Status: engine.StatusFail, Message: "coverage is 2x"},
		{Check: "total", Severity: "error", Subject: "p", Status: engine.StatusPass},
	}
	return r
}

// rep is a rep with an even new_arr quota of annual over 12 months; a
// zero annual means the measure does not apply.
func rep(id, territory, manager string, annual float64) *engine.RepResult {
	r := &engine.RepResult{ID: id, Name: "Rep " + id, Role: "AE", Territory: territory, Manager: manager}
	if annual == 0 {
		r.Role = "manager"
		return r
	}
	q := &engine.QuotaResult{Measure: "new_arr", Unit: "USD", Total: annual, Full: annual, Periods: make([]float64, 12)}
	for i := range q.Periods {
		q.Periods[i] = annual / 12
	}
	r.Quotas = []*engine.QuotaResult{q}
	return r
}

// findRep returns the rep id of r.
func findRep(r *engine.Result, id string) *engine.RepResult {
	for _, x := range r.Reps {
		if x.ID == id {
			return x
		}
	}
	return nil
}

// findCheck returns the check result of check and subject in r.
func findCheck(r *engine.Result, check, subject string) *engine.CheckResult {
	for _, c := range r.Checks {
		if c.Check == check && c.Subject == subject {
			return c
		}
	}
	return nil
}

// setQuota gives rep id of r the annual total annual, spread evenly, and
// updates the roll-ups the way the engine would for the fixture.
func setQuota(r *engine.Result, id string, annual float64) {
	x := findRep(r, id)
	old := x.Quota("new_arr").Total
	*x = *rep(x.ID, x.Territory, x.Manager, annual)
	for _, t := range r.Territories {
		if t.ID == x.Territory {
			t.Quotas["new_arr"] += annual - old
		}
	}
	g := r.Goals[0]
	g.Assigned += annual - old
	g.Ratio = g.Assigned / g.Target
}
