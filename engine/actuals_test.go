package engine

import (
	"context"
	"math"
	"strings"
	"testing"
)

// TestActualsHandComputed checks the credited figures of testdata/actuals
// against values worked out by hand from SPEC section 8.
//
// The plan runs 2027-01 .. 2027-12 with as_of 2027-04-15, so e(p) is 1
// for January to March, 15/30 = 0.5 for April and 0 after. Every AE
// carries 120,000 a year = 10,000 a month (no season, no rounding).
// bob is on leave 2027-02-01..14: February is 14/28 = 0.5 active, so his
// February quota is 5,000 and he is not ramped.
//
// Quota to date: alice and carol 10,000 x 3 + 10,000 x 0.5 = 35,000;
// bob 10,000 + 5,000 + 10,000 + 5,000 = 30,000.
//
// Deals (the actual block takes Closed Won, credits a split as a map, an
// overlay as a list, and credits managers):
//
//	D1  alice 2027-01-10  10,000         alice Jan +10,000; maria +10,000
//	D2  alice 0.6 / bob 0.4, 2027-02-20, 20,000
//	                                     alice Feb +12,000, bob Feb +8,000;
//	                                     maria min(1, 0.6 + 0.4) = 1: +20,000
//	D3  bob + overlay sam, 2027-03-05, 6,000
//	                                     bob Mar +6,000, sam Mar +6,000;
//	                                     maria once: min(1, 1 + 1) = 1: +6,000
//	D4  alice 2027-03-10  -2,000 (credit note): alice Mar -2,000; maria -2,000
//	D5  alice 2027-04-20  5,000: after as_of, not counted
//	D6  alice 2026-01-01  3,000: first day of the history window: history
//	D7  alice 2025-12-31  4,000: the day before the window: ignored
//	D8  bob   2026-12-31  1,000: last day before the plan: history
//	D12 "alise" 2027-02-01 7,000: no such rep: unassigned (did you mean alice)
//	D13 alice 2027-04-10  1,500: the partial month April, before as_of
//	D14 carol 2027-02-10 40,000; D15 carol Closed Lost: not an actual
//
// Actual to date: alice 10,000 + 12,000 - 2,000 + 1,500 = 21,500, so
// attainment 21,500 / 35,000 = 0.6142857; bob 8,000 + 6,000 = 14,000,
// 14,000 / 30,000 = 0.4666667 (not ramped); carol 40,000 / 35,000 =
// 1.1428571; sam 6,000 with no quota (attainment nil); maria 10,000 +
// 20,000 + 6,000 - 2,000 + 1,500 = 35,500 with no quota, and history
// 3,000 + 1,000 = 4,000 as the manager of alice and bob.
//
// Pipeline (Open deals after as_of within the plan): D9 (2027-04-10) is
// before as_of, D11 (2028-01-05) after the plan: only D10, alice May
// 40,000.
//
// Distribution over ramped reps with a quota to date: alice 0.6142857 in
// [0.5, 0.8) and carol 1.1428571 in [1, 1.2): reps 2, at_or_above 1,
// share 0.5, median (0.6142857 + 1.1428571) / 2 = 61,500 / 70,000 =
// 0.8785714.
//
// Forecast accuracy, over the fully elapsed months (April is half gone,
// so carol's April forecast does not count):
//
//	Jan: alice F 12,000, A 10,000, Q 10,000: (12,000 - 10,000) / 10,000 = 20 points
//	Feb: alice + bob F 19,000, A 12,000 + 8,000 = 20,000, Q 10,000 + 5,000 = 15,000:
//	     -1,000 / 15,000 = -6.666667 points
//	Mar: alice + bob F 13,000, A -2,000 + 6,000 = 4,000, Q 20,000: 9,000 / 20,000 = 45 points
func TestActualsHandComputed(t *testing.T) {
	res := evalDir(t, "testdata/actuals")
	if res.Credits == nil || res.Credits.AsOf != "2027-04-15" {
		t.Fatalf("credits = %+v, want as_of 2027-04-15", res.Credits)
	}
	const eps = 1e-6
	near := func(what string, got, want float64) {
		t.Helper()
		if math.Abs(got-want) > eps {
			t.Errorf("%s = %v, want %v", what, got, want)
		}
	}
	type figures struct {
		actual, toDate, attainment float64
		hasAtt, ramped, carries    bool
		history, pipeline          float64
		forecast                   float64
	}
	want := map[string]figures{
		"alice": {actual: 21500, toDate: 35000, attainment: 21500.0 / 35000, hasAtt: true, ramped: true, carries: true, history: 3000, pipeline: 40000, forecast: 31000},
		"bob":   {actual: 14000, toDate: 30000, attainment: 14000.0 / 30000, hasAtt: true, carries: true, history: 1000, forecast: 13000},
		"carol": {actual: 40000, toDate: 35000, attainment: 40000.0 / 35000, hasAtt: true, ramped: true, carries: true, forecast: 30000},
		"sam":   {actual: 6000},
		"maria": {actual: 35500, history: 4000},
	}
	for id, w := range want {
		rep := res.Rep(id)
		a := rep.Actual("new_arr")
		if a == nil {
			t.Fatalf("%s has no actuals", id)
		}
		near(id+" actual", a.Total, w.actual)
		near(id+" quota to date", a.ToDate, w.toDate)
		near(id+" attainment", a.Attainment, w.attainment)
		near(id+" history", a.History, w.history)
		if a.Pipeline == nil {
			t.Fatalf("%s has no pipeline series", id)
		}
		p, _ := rep.creditSeries("new_arr", KindPipeline)
		near(id+" pipeline", p.Total, w.pipeline)
		f, _ := rep.creditSeries("new_arr", KindForecast)
		near(id+" forecast", f.Total, w.forecast)
		if a.HasAttainment != w.hasAtt || a.Ramped != w.ramped || a.Carries != w.carries {
			t.Errorf("%s: has attainment %v ramped %v carries %v, want %v %v %v", id, a.HasAttainment, a.Ramped, a.Carries, w.hasAtt, w.ramped, w.carries)
		}
	}
	// alice by month: Jan 10,000, Feb 12,000, Mar -2,000, Apr 1,500; the
	// ledger answers with the same series.
	s, ok := res.Series(Subject{Kind: SubjectRep, ID: "alice"}, "new_arr", KindActual)
	if !ok {
		t.Fatal("no actual series for alice")
	}
	for i, v := range []float64{10000, 12000, -2000, 1500, 0, 0, 0, 0, 0, 0, 0, 0} {
		near("alice actual "+res.Periods[i].ID, s.Periods[i], v)
	}
	qtd, _ := res.Series(Subject{Kind: SubjectRep, ID: "bob"}, "new_arr", KindQuotaToDate)
	for i, v := range []float64{10000, 5000, 10000, 5000, 0} {
		near("bob quota to date "+res.Periods[i].ID, qtd.Periods[i], v)
	}
	alicePipe, _ := res.Series(Subject{Kind: SubjectRep, ID: "alice"}, "new_arr", KindPipeline)
	near("alice pipeline 2027-05", alicePipe.Periods[4], 40000)
	near("alice pipeline 2027-04", alicePipe.Periods[3], 0)

	if len(res.Credits.Distribution) != 1 {
		t.Fatalf("distribution = %+v", res.Credits.Distribution)
	}
	d := res.Credits.Distribution[0]
	if d.Reps != 2 || d.AtOrAbove != 1 || d.Share != 0.5 || !d.HasMedian {
		t.Errorf("distribution = %+v, want 2 reps, 1 at or above, share 0.5", d)
	}
	near("median", d.Median, 61500.0/70000)
	for i, n := range []int{0, 1, 0, 1, 0} {
		if d.Bands[i].Reps != n {
			t.Errorf("band %v..%v holds %d reps, want %d", d.Bands[i].From, d.Bands[i].To, d.Bands[i].Reps, n)
		}
	}

	if len(res.Credits.Accuracy) != 1 || len(res.Credits.Accuracy[0].Periods) != 3 {
		t.Fatalf("accuracy = %+v, want three months", res.Credits.Accuracy)
	}
	for i, w := range []struct {
		period           string
		forecast, actual float64
		quota, gap       float64
	}{
		{"2027-01", 12000, 10000, 10000, 20},
		{"2027-02", 19000, 20000, 15000, -1000.0 / 15000 * 100},
		{"2027-03", 13000, 4000, 20000, 45},
	} {
		p := res.Credits.Accuracy[0].Periods[i]
		if p.Period != w.period || !p.HasGap {
			t.Errorf("accuracy %d = %+v, want %s", i, p, w.period)
		}
		near(w.period+" forecast", p.Forecast, w.forecast)
		near(w.period+" actual", p.Actual, w.actual)
		near(w.period+" quota", p.Quota, w.quota)
		near(w.period+" gap", p.GapPoints, w.gap)
	}

	u := res.Credits.Unassigned
	if len(u) != 1 || u[0].Row != "D12" || u[0].Amount != 7000 || u[0].Reason != `no rep "alise"` || u[0].Block != "actual.new_arr" {
		t.Errorf("unassigned = %+v, want D12 7,000 for no rep \"alise\"", u)
	}
}

// TestActualsInRules checks that rules read the credited figures: the
// rep let coverage reads rep.pipeline and quota(..., "TD"), the plan test
// calls actual(), and --as-of moves every figure.
func TestActualsInRules(t *testing.T) {
	m, _, diags := Load("testdata/actuals", Options{})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	res, diags := m.Evaluate(context.Background())
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	// alice: pipeline 40,000 against 120,000 - 35,000 = 85,000 left.
	if v, _ := res.Let(Subject{Kind: SubjectRep, ID: "alice"}, "coverage"); math.Abs(v-40000.0/85000) > 1e-9 {
		t.Errorf("alice coverage = %v, want 40,000 / 85,000", v)
	}
	results, diags := m.RunTests(context.Background(), nil)
	if diags.HasErrors() || len(results) != 1 || results[0].Status != TestPass {
		for _, r := range results {
			t.Errorf("plan test %s: %s %s %v", r.Name, r.Status, r.Message, r.Detail)
		}
		t.Errorf("plan tests: %d, %v", len(results), diags)
	}
	// As of 2027-02-28 alice has 10,000 + 12,000 = 22,000 against 20,000.
	res2, _, diags := Run(context.Background(), "testdata/actuals", Options{AsOf: "2027-02-28"})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	a := res2.Rep("alice").Actual("new_arr")
	if a.Total != 22000 || a.ToDate != 20000 || res2.Credits.AsOf != "2027-02-28" {
		t.Errorf("as of 2027-02-28: actual %v, to date %v, as_of %s; want 22,000, 20,000", a.Total, a.ToDate, res2.Credits.AsOf)
	}
}

// TestActualsExplained checks that explain lists the rows behind an
// actual, largest first, with the share credited, and how the quota to
// date was prorated (figures of TestActualsHandComputed).
func TestActualsExplained(t *testing.T) {
	_, x := explainDir(t, "testdata/actuals")
	find := func(n *Node, label string) *Node {
		for _, c := range n.Children {
			if c.Label == label {
				return c
			}
		}
		t.Fatalf("%q has no child %q", n.Label, label)
		return nil
	}
	n, err := x.Rep("alice", "new_arr", "", ExplainOptions{})
	if err != nil {
		t.Fatal(err)
	}
	a := find(n, "actual · new_arr")
	if a.Number == nil || *a.Number != 21500 {
		t.Errorf("alice's actual = %v, want 21,500", a.Value)
	}
	td := find(a, "quota to date")
	// April: 10,000 x 15/30 = 5,000
	if td.Number == nil || *td.Number != 35000 || td.Table[4][2] != "0.5" || td.Table[4][3] != "5000" {
		t.Errorf("quota to date = %v, table %v", td.Value, td.Table)
	}
	rows := find(a, "rows").Table
	// D2 (20,000 x 0.6 = 12,000) first, the credit note D4 (-2,000) last
	if len(rows) != 5 || rows[1][0] != "D2" || rows[1][5] != "0.6" || rows[1][6] != "12000" || rows[4][0] != "D4" {
		t.Errorf("rows = %v", rows)
	}
	if !strings.HasSuffix(rows[1][1], "data/deals.csv:3") {
		t.Errorf("D2 is at %s, want data/deals.csv:3", rows[1][1])
	}
	// maria carries no quota: her actual is her manager credit, once per
	// deal (D3 credits bob and sam below her: 6,000 once).
	m, err := x.Rep("maria", "new_arr", "", ExplainOptions{})
	if err != nil {
		t.Fatal(err)
	}
	mrows := find(m, "rows").Table
	if m.Number == nil || *m.Number != 35500 || len(mrows) != 6 || mrows[3][0] != "D3" || mrows[3][6] != "6000" {
		t.Errorf("maria: %v %v", m.Value, mrows)
	}
}
