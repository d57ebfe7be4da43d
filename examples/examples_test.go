package examples_test

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"

	"github.com/quotaplan/quotaplan/engine"
	"github.com/quotaplan/quotaplan/engine/front/render"
	"github.com/quotaplan/quotaplan/plans/golden"
)

// variant is one way of evaluating an example.
type variant struct {
	name     string // golden file name in testdata, without .json
	dir      string
	scenario string
	vars     []engine.VarOverride
	// wantWarnings is whether some warning check should fail: the shipped
	// examples show one on purpose.
	wantWarnings bool
	// wantErrors is whether some error check should fail. The shipped
	// plans pass `quotaplan check`; the starter's stretch scenario shows
	// a failing one on purpose (its pipeline does not cover the stretch).
	wantErrors bool
}

var variants = []variant{
	{name: "starter", dir: "starter", wantWarnings: true},
	{name: "starter-stretch", dir: "starter", scenario: "stretch", wantWarnings: true, wantErrors: true},
	{name: "saas-fy2027", dir: "saas-fy2027", wantWarnings: true},
	{name: "saas-fy2027-stretch", dir: "saas-fy2027", scenario: "stretch", wantWarnings: true},
	{name: "saas-fy2027-conservative", dir: "saas-fy2027", scenario: "conservative", wantWarnings: true},
	{name: "saas-fy2027-h2", dir: "saas-fy2027-h2", wantWarnings: true},
}

// evaluate runs one variant and fails the test on any diagnostic.
func evaluate(t *testing.T, v variant) *engine.Result {
	t.Helper()
	res, _, diags := engine.Run(context.Background(), v.dir, engine.Options{Scenario: v.scenario, Vars: v.vars})
	if len(diags) > 0 {
		t.Fatalf("diagnostics:\n%v", diags)
	}
	return res
}

func TestExamples(t *testing.T) {
	for _, v := range variants {
		t.Run(v.name, func(t *testing.T) {
			res := evaluate(t, v)
			if got := res.Summary.Errors > 0; got != v.wantErrors {
				t.Errorf("failed error checks = %d, want some: %v", res.Summary.Errors, v.wantErrors)
			}
			if got := res.Summary.Warnings > 0; got != v.wantWarnings {
				t.Errorf("failed warning checks = %d, want some: %v", res.Summary.Warnings, v.wantWarnings)
			}
			var buf bytes.Buffer
			if err := render.JSON(&buf, res); err != nil {
				t.Fatal(err)
			}
			golden.Check(t, filepath.Join("testdata", v.name+".json"), buf.Bytes())
		})
	}
}

// TestHandComputed pins the numbers worked out by hand in the examples'
// comments, the README and plans/LANGUAGE.md.
func TestHandComputed(t *testing.T) {
	tests := []struct {
		name    string
		dir     string
		rep     string
		measure string
		period  string // a month id, "Q1".."Q4" or "FY"
		want    float64
	}{
		{"alice full year", "starter", "alice", "new_arr", "FY", 600000},
		{"alice Q4 month", "starter", "alice", "new_arr", "2027-11", 64000},
		{"bob half of September on leave", "starter", "bob", "new_arr", "2027-09", 25000},
		{"bob 16 of 31 October days", "starter", "bob", "new_arr", "2027-10", 26000},
		{"bob full year", "starter", "bob", "new_arr", "FY", 551000},
		{"carol before her start", "starter", "carol", "new_arr", "Q1", 0},
		{"carol first month ramped and prorated", "starter", "carol", "new_arr", "2027-05", 10000},
		{"carol second month", "starter", "carol", "new_arr", "2027-06", 28000},
		{"carol third month", "starter", "carol", "new_arr", "2027-07", 37000},
		{"carol Q2", "starter", "carol", "new_arr", "Q2", 75000},
		{"carol full year", "starter", "carol", "new_arr", "FY", 417000},
		{"sam meetings a month", "starter", "sam", "meetings", "2027-02", 29},
		{"sam meetings a year", "starter", "sam", "meetings", "FY", 348},
		{"new hire first month", "saas-fy2027", "cwright", "new_arr", "2027-04", 17000},
		{"new territory Q1", "saas-fy2027", "yito", "new_arr", "Q1", 81000},
		{"new hire in new territory Q1", "saas-fy2027", "wzhang", "new_arr", "Q1", 54000},
		{"leave in July", "saas-fy2027", "pdubois", "new_arr", "2027-07", 0},
		{"leave in Q2", "saas-fy2027", "pdubois", "new_arr", "Q2", 154000},
		{"after the end date", "saas-fy2027", "nsmith", "new_arr", "2027-10", 0},
		{"enterprise full year rounds up", "saas-fy2027", "ehall", "new_arr", "FY", 1002000},
		{"CSM expansion", "saas-fy2027", "gevans", "expansion_arr", "FY", 672000},
		{"CSM joining in July", "saas-fy2027", "nwong", "expansion_arr", "FY", 126000},
		{"manager carries the team", "saas-fy2027", "mkim", "team_new_arr", "FY", 5429000},
		// The H2 re-plan (examples/saas-fy2027-h2): mid-market's target is
		// 660,000 now, but March stays as published: 600,000 x 0.2 / 3.
		{"locked month keeps the published figure", "saas-fy2027-h2", "lgarcia", "new_arr", "2027-03", 40000},
		// August is not locked: 660,000 x 0.25 / 3 = 55,000.
		{"after the lock the new target counts", "saas-fy2027-h2", "lgarcia", "new_arr", "2027-08", 55000},
		// Marco moves to EMEA Enterprise in August and re-ramps: 1,000,000
		// x 0.25 / 3 x 0.5 = 41,666.67, rounded to 42,000.
		{"transfer re-ramps", "saas-fy2027-h2", "mrossi", "new_arr", "2027-08", 42000},
		// James moves in September: August is mid-market (55,000), then
		// 42,000 in his first two enterprise months.
		{"transfer in September", "saas-fy2027-h2", "jmorris", "new_arr", "Q3", 139000},
		// Anke's leave from the HRIS CSV covers September and October.
		{"leave from CSV", "saas-fy2027-h2", "ajansen", "new_arr", "2027-09", 0},
		// Hannah's September: round(1,000,000 x 0.25 / 3) = 83,000 less
		// the Globex relief of 40,000.
		{"relief for a lost account", "saas-fy2027-h2", "hmuller", "new_arr", "2027-09", 43000},
		// Sofia is a manager from October: no AE quota after it.
		{"promotion ends the AE quota", "saas-fy2027-h2", "spatel", "new_arr", "Q4", 0},
	}
	results := map[string]*engine.Result{}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, ok := results[tt.dir]
			if !ok {
				res = evaluate(t, variant{dir: tt.dir})
				results[tt.dir] = res
			}
			got, ok := quotaOf(res, tt.rep, tt.measure, tt.period)
			if !ok {
				t.Fatalf("no %s quota for rep %s in %s", tt.measure, tt.rep, tt.period)
			}
			if got != tt.want {
				t.Errorf("%s %s %s = %v, want %v", tt.rep, tt.measure, tt.period, got, tt.want)
			}
		})
	}
}

// quotaOf returns a rep's quota of measure within period.
func quotaOf(res *engine.Result, rep, measure, period string) (float64, bool) {
	for _, r := range res.Reps {
		q := r.Quota(measure)
		if r.ID != rep || q == nil {
			continue
		}
		if period == "FY" {
			return q.Total, true
		}
		for i, p := range res.Periods {
			if p.ID == period {
				return q.Periods[i], true
			}
		}
		for i, qu := range res.Quarters {
			if qu.ID == period {
				return q.Quarter(res, i), true
			}
		}
	}
	return 0, false
}

// TestGoals pins the goals of the shipped examples.
func TestGoals(t *testing.T) {
	tests := []struct {
		name     string
		dir      string
		goal     string
		target   float64
		assigned float64
		expected float64
	}{
		{"starter new ARR", "starter", "new_arr", 1400000, 1568000, 1540000},
		{"saas new ARR", "saas-fy2027", "new_arr", 11500000, 13124000, 12880000},
		{"saas informational goal", "saas-fy2027", "net_retention", 1.1, 0, 1.1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := evaluate(t, variant{dir: tt.dir})
			for _, g := range res.Goals {
				if g.ID != tt.goal {
					continue
				}
				if g.Target != tt.target || g.Assigned != tt.assigned || engine.FormatNumber(g.Expected) != engine.FormatNumber(tt.expected) {
					t.Errorf("goal %s = target %v assigned %v expected %v; want %v %v %v",
						g.ID, g.Target, g.Assigned, g.Expected, tt.target, tt.assigned, tt.expected)
				}
				return
			}
			t.Errorf("no goal %s", tt.goal)
		})
	}
}

// TestPlanTests runs the test blocks every example plan ships: they pin the
// plans' key numbers, and each example must have some.
func TestPlanTests(t *testing.T) {
	for _, dir := range []string{"starter", "saas-fy2027"} {
		t.Run(dir, func(t *testing.T) {
			m, _, diags := engine.Load(dir, engine.Options{})
			if diags.HasErrors() {
				t.Fatal(diags)
			}
			results, diags := m.RunTests(context.Background(), nil)
			if diags.HasErrors() {
				t.Fatal(diags)
			}
			if len(results) < 3 {
				t.Errorf("%d tests, want at least 3", len(results))
			}
			for _, r := range results {
				if r.Status != engine.TestPass {
					t.Errorf("test %q (%s) %s: %s", r.Name, r.At, r.Status, r.Message)
				}
			}
		})
	}
}
