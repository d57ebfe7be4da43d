package render_test

import (
	"os"

	"github.com/quotaplan/quotaplan/engine"
	"github.com/quotaplan/quotaplan/engine/front/render"
)

func ExampleWrite() {
	r := &engine.Result{
		Plan: engine.PlanInfo{ID: "q1", Title: "Q1 plan", Start: "2027-01-01", Months: 3, Currency: "USD"},
		Ledger: engine.Ledger{
			Periods:  []engine.Period{{ID: "2027-01", Index: 1}, {ID: "2027-02", Index: 2}, {ID: "2027-03", Index: 3}},
			Quarters: []engine.Quarter{{ID: "Q1", Periods: []int{0, 1, 2}}},
			Measures: []engine.Measure{{Name: "new_arr", Unit: "USD"}},
			Reps: []*engine.RepResult{{
				ID: "alice", Name: "Alice Chen", Role: "AE",
				Quotas: []*engine.QuotaResult{{
					Measure: "new_arr", Unit: "USD", Total: 90000, Full: 360000,
					Periods: []float64{20000, 30000, 40000},
				}},
			}},
		},
		Summary: engine.Summary{Reps: 1},
	}
	r.RollUp()
	if err := render.Write(os.Stdout, "csv", r, render.Options{By: render.ByMonth}); err != nil {
		panic(err)
	}
	// Output:
	// rep,name,role,territory,manager,measure,unit,2027-01,2027-02,2027-03,total,full
	// alice,Alice Chen,AE,,,new_arr,USD,20000,30000,40000,90000,360000
}

func ExampleChecks() {
	r := &engine.Result{
		Checks: []*engine.CheckResult{
			{Check: "quota_to_ote", Severity: "error", Subject: "alice", Status: engine.StatusFail, Message: "quota is 3.2x OTE; healthy is 4-5x"},
			{Check: "quota_to_ote", Severity: "error", Subject: "bob", Status: engine.StatusPass},
		},
		Summary: engine.Summary{Errors: 1, Passed: 1},
	}
	if err := render.Checks(os.Stdout, r, render.CheckOptions{}); err != nil {
		panic(err)
	}
	// Output:
	// error: quota_to_ote — 1 failed
	//   alice  quota is 3.2x OTE; healthy is 4-5x
	//
	// Checks: 1 error, 0 warnings, 0 info, 1 passed
}
