package diff_test

import (
	"os"

	"github.com/quotaplan/quotaplan/engine"
	"github.com/quotaplan/quotaplan/engine/front/diff"
)

// Compare two evaluated plans and print the summary line and the text
// report. Results usually come from engine.Run or Model.Evaluate; this
// one is built by hand.
func ExampleCompare() {
	result := func(quota float64) *engine.Result {
		r := &engine.Result{
			Plan: engine.PlanInfo{ID: "fy", Currency: "USD"},
			Ledger: engine.Ledger{
				Periods:  []engine.Period{{ID: "2027-01"}},
				Quarters: []engine.Quarter{{ID: "Q1", Periods: []int{0}}},
				Measures: []engine.Measure{{Name: "new_arr", Unit: "USD"}},
				Reps: []*engine.RepResult{{ID: "alice", Name: "Alice Chen", Quotas: []*engine.QuotaResult{
					{Measure: "new_arr", Unit: "USD", Total: quota, Full: quota, Periods: []float64{quota}},
				}}},
			},
		}
		r.RollUp()
		return r
	}
	report := diff.Compare(diff.FromResult("main", result(100000)), diff.FromResult("branch", result(120000)))
	_ = diff.Text(os.Stdout, report, diff.Options{})
	// Output:
	// Plan: 1 quota changed (+$20K, +20.0%)
	// Base: main (plan fy)
	// Head: branch (plan fy)
	//
	// Reps:
	//   ~ alice (Alice Chen)
	//       new_arr: $100,000 -> $120,000 (+$20,000, +20.0%) in Q1
}
