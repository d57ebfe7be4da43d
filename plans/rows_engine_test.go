package plans_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/quotaplan/quotaplan/engine"
)

// TestLeavesFromCSVFigure evaluates a rep whose leave comes from a leaves
// CSV, and checks the figure by hand: on leave 2027-06-01..2027-06-15, 15
// of June's 30 days, the rep is active 0.5 in June, and a quota of 1000 a
// month, prorated, is 500 there and 1000 in the months around it. The
// export names its columns its own way, and its employee ids are numbers.
func TestLeavesFromCSVFigure(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"plan.hcl": `plan "p" {
  start = "2027-02-01"
}
import "reps" {
  csv = "data/hris.csv"
  id  = "employee_id"
}
import "leaves" {
  csv     = "data/leaves.csv"
  columns = { rep = "employee", from = "first_day", to = "last_day" }
}
quota "calls" {
  unit    = "calls"
  monthly = "1000"
}
`,
		"data/hris.csv":   "Employee ID,Name\n7,Maria Lopez\n",
		"data/leaves.csv": "Employee,First Day,Last Day\n7,2027-06-01,2027-06-15\n",
	}
	for name, content := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	res, _, diags := engine.Run(context.Background(), dir, engine.Options{})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	q := res.Rep("7").Quota("calls")
	const may, june, july = 3, 4, 5 // periods from February
	if res.Periods[june].ID != "2027-06" || res.Periods[june].Days != 30 {
		t.Fatalf("period %d is %+v, want June 2027", june, res.Periods[june])
	}
	if got := q.Factor(june).Active; got != 0.5 {
		t.Errorf("active in June = %v, want 0.5 (15 of 30 days on leave)", got)
	}
	for p, want := range map[int]float64{may: 1000, june: 500, july: 1000} {
		if got := q.Periods[p]; got != want {
			t.Errorf("quota of %s = %v, want %v", res.Periods[p].ID, got, want)
		}
	}
}
