package engine

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"testing"
)

// TestHandComputed checks every monthly figure of testdata/handcalc against
// values worked out by hand from plans/LANGUAGE.md section 6 (the working is in the
// comments). Months are 2027-01 .. 2027-12; season [0.2, 0.25, 0.25, 0.3]
// gives month weights 0.2/3 (Q1), 0.25/3 (Q2, Q3) and 0.3/3 (Q4).
func TestHandComputed(t *testing.T) {
	res := evalDir(t, "testdata/handcalc")
	want := map[string]map[string][12]float64{
		// alice: annual 4 x 150,000 = 600,000, tenured, never cut:
		// Q1 600,000 x 0.2/3 = 40,000; Q2/Q3 50,000; Q4 60,000.
		"alice": {"new_arr": {40000, 40000, 40000, 50000, 50000, 50000, 50000, 50000, 50000, 60000, 60000, 60000}},
		// bob: annual 480,000, starts 2027-03-16. Full months Q1 32,000,
		// Q2/Q3 40,000, Q4 48,000. Mar: tenure 1 -> 0.4, active 16/31:
		// 32,000 x 0.4 x 16/31 = 6,606.45 -> 6,600. Apr: tenure 2 -> 0.6 x
		// 40,000 = 24,000. May: tenure 3 -> 0.8 x 40,000 = 32,000.
		"bob": {"new_arr": {0, 0, 6600, 24000, 32000, 40000, 40000, 40000, 40000, 48000, 48000, 48000}},
		// carol: annual 400,000: Q1 26,666.67 -> 26,700; Q2/Q3 33,333.33 ->
		// 33,300; Q4 40,000. On leave all June (0) and 2027-07-01..15:
		// July 33,333.33 x 16/31 = 17,204.30 -> 17,200.
		"carol": {"new_arr": {26700, 26700, 26700, 33300, 33300, 0, 17200, 33300, 33300, 40000, 40000, 40000}},
		// dan: annual 400,000 in the new territory "north": Q1 tier 0.5 x
		// 26,666.67 = 13,333.33 -> 13,300. Ends 2027-11-20: Nov 40,000 x
		// 20/30 = 26,666.67 -> 26,700; Dec 0.
		"dan": {"new_arr": {13300, 13300, 13300, 33300, 33300, 33300, 33300, 33300, 33300, 40000, 26700, 0}},
		// sam (SDR in east): east's AEs total 600,000 + 366,600 + 350,500 =
		// 1,317,100; meetings needed = 1,317,100 / 50,000 / 0.2 / 0.5 =
		// 263.42; one SDR, +10% buffer: annual 289.762, monthly 24.1468.
		// Starts 2027-02-01: Jan 0; Feb tenure 1 -> 0.5 x 24.1468 = 12.07 ->
		// 12; then 24 a month.
		"sam": {"meetings": {0, 12, 24, 24, 24, 24, 24, 24, 24, 24, 24, 24}},
	}
	totals := map[string]map[string]float64{
		"alice": {"new_arr": 600000},
		"bob":   {"new_arr": 366600},
		"carol": {"new_arr": 350500},
		"dan":   {"new_arr": 306400},
		"sam":   {"meetings": 252},
	}
	byID := map[string]*RepResult{}
	for _, r := range res.Reps {
		byID[r.ID] = r
	}
	for rep, measures := range want {
		for m, months := range measures {
			q := byID[rep].Quota(m)
			if q == nil {
				t.Fatalf("%s has no %s quota", rep, m)
			}
			for i, w := range months {
				if q.Periods[i] != w {
					t.Errorf("%s %s %s = %v, want %v (factors %+v)", rep, m, res.Periods[i].ID, q.Periods[i], w, q.Factor(i))
				}
			}
			if q.Total != totals[rep][m] {
				t.Errorf("%s %s total = %v, want %v", rep, m, q.Total, totals[rep][m])
			}
		}
	}
	if !approx(byID["sam"].Quota("meetings").Full, 289.762) {
		t.Errorf("sam full meetings = %v, want 289.762", byID["sam"].Quota("meetings").Full)
	}
	// calls: monthly = workdays x 10, not prorated. Jan: not yet started.
	// Feb 2027 starts on a Monday: 20 workdays. Dec 2027: 23 weekdays minus
	// the 2027-12-24 holiday = 22.
	calls := byID["sam"].Quota("calls").Periods
	if calls[0] != 0 || calls[1] != 200 || calls[11] != 220 {
		t.Errorf("sam calls Jan/Feb/Dec = %v/%v/%v, want 0/200/220", calls[0], calls[1], calls[11])
	}
	if byID["maria"].Quota("new_arr") != nil {
		t.Error("maria is a manager: new_arr must not apply")
	}
	// goal: target 1,200,000 x 1.25 = 1,500,000; assigned 600,000 +
	// 366,600 + 350,500 + 306,400 = 1,623,500; expected 1,650,000.
	g := res.Goals[0]
	if g.Target != 1500000 || g.Assigned != 1623500 || !approx(g.Ratio, 1623500.0/1500000) || !approx(g.Expected, 1650000) {
		t.Errorf("goal = %+v", g)
	}
	// territories: east = the three east AEs; north = dan.
	if got := res.Territories[0].Quotas["new_arr"]; got != 1317100 {
		t.Errorf("east new_arr = %v, want 1317100", got)
	}
	// checks: bob 366,600/120,000 = 3.055x and dan 3.064x fail; alice 4x
	// and carol 3.505x pass.
	var failed []string
	for _, c := range res.Checks {
		if c.Status == StatusFail {
			failed = append(failed, c.Subject+": "+c.Message)
		}
	}
	wantFailed := []string{"bob: ramped quota is 3.055x OTE", "dan: ramped quota is 3.064x OTE"}
	if len(failed) != 2 || failed[0] != wantFailed[0] || failed[1] != wantFailed[1] {
		t.Errorf("failed checks = %q, want %q", failed, wantFailed)
	}
	if res.Summary.Warnings != 2 || res.Summary.Passed != 2 {
		t.Errorf("summary = %+v", res.Summary)
	}
}

func approx(a, b float64) bool { return math.Abs(a-b) < 1e-6*math.Max(1, math.Abs(b)) }

// evalFiles writes files (name -> text) into a fresh directory and
// evaluates the plan there.
func evalFiles(t testing.TB, files map[string]string) *Result {
	t.Helper()
	return evalDir(t, writePlan(t, files))
}

// writePlan writes the files of a plan into a new directory and returns it.
func writePlan(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func evalDir(t testing.TB, dir string) *Result {
	t.Helper()
	res, _, diags := Run(context.Background(), dir, Options{})
	if diags.HasErrors() {
		t.Fatalf("evaluate %s: %v", dir, diags)
	}
	return res
}

// explainDir loads and evaluates the plan in dir and returns the result
// with an explainer of it.
func explainDir(t testing.TB, dir string) (*Result, *Explainer) {
	t.Helper()
	m, _, diags := Load(dir, Options{})
	if diags.HasErrors() {
		t.Fatalf("load %s: %v", dir, diags)
	}
	res, diags := m.Evaluate(context.Background())
	if diags.HasErrors() {
		t.Fatalf("evaluate %s: %v", dir, diags)
	}
	return res, m.Explainer(res)
}
