package engine

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
)

// ledgerOf builds a 4-month ledger by hand: territories west and east
// under na, managers vp > (m1, m2), and the reps' quotas.
func ledgerOf(reps ...*RepResult) *Ledger {
	l := &Ledger{Measures: []Measure{{Name: "new_arr", Unit: "USD"}}}
	for i := range 4 {
		l.Periods = append(l.Periods, Period{ID: fmt.Sprintf("2027-%02d", i+1), Index: i + 1})
	}
	l.Quarters = []Quarter{{ID: "Q1", Periods: []int{0, 1, 2}}, {ID: "Q2", Periods: []int{3}}}
	l.Territories = []*TerritoryResult{{ID: "east", Parent: "na"}, {ID: "na"}, {ID: "west", Parent: "na"}}
	l.Reps = reps
	l.RollUp()
	return l
}

func repWith(id, territory, manager string, periods ...float64) *RepResult {
	r := &RepResult{ID: id, Territory: territory, Manager: manager}
	if periods != nil {
		q := &QuotaResult{Measure: "new_arr", Unit: "USD", Periods: periods}
		for _, v := range periods {
			q.Total += v
		}
		r.Quotas = []*QuotaResult{q}
	}
	return r
}

// TestLedgerRollupsPerPeriod rolls up a rep who moves from west (under m1)
// to east (under m2) from the third period on: its first two months count
// for west and m1, the last two for east and m2; na, vp and the plan get
// all four.
func TestLedgerRollupsPerPeriod(t *testing.T) {
	mover := repWith("bob", "west", "m1", 100, 200, 300, 400)
	mover.Versions = []Version{{From: 2, Territory: "east", Manager: "m2"}}
	l := ledgerOf(
		repWith("vp", "", "", 1000, 1000, 1000, 1000),
		repWith("m1", "west", "vp"),
		repWith("m2", "east", "vp", 10, 10, 10, 10),
		repWith("alice", "west", "m1", 50, 50, 50, 50),
		mover,
	)
	tests := []struct {
		kind SubjectKind
		id   string
		want []float64
	}{
		{SubjectTerritory, "west", []float64{150, 250, 50, 50}},
		{SubjectTerritory, "east", []float64{10, 10, 310, 410}},
		{SubjectTerritory, "na", []float64{160, 260, 360, 460}},
		{SubjectTeam, "m1", []float64{150, 250, 50, 50}},
		{SubjectTeam, "m2", []float64{10, 10, 310, 410}},
		{SubjectTeam, "vp", []float64{1160, 1260, 1360, 1460}},
		{SubjectPlan, "", []float64{1160, 1260, 1360, 1460}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s %s", tt.kind, tt.id), func(t *testing.T) {
			s, ok := l.Series(Subject{Kind: tt.kind, ID: tt.id}, "new_arr", KindQuota)
			if !ok {
				t.Fatal("no series")
			}
			if !slices.Equal(s.Periods, tt.want) {
				t.Errorf("periods = %v, want %v", s.Periods, tt.want)
			}
			var total float64
			for _, v := range tt.want {
				total += v
			}
			if s.Total != total {
				t.Errorf("total = %v, want %v", s.Total, total)
			}
			if q1 := s.Sum(l.Quarters[0].Periods, 4); q1 != tt.want[0]+tt.want[1]+tt.want[2] {
				t.Errorf("Q1 = %v, want %v", q1, tt.want[0]+tt.want[1]+tt.want[2])
			}
		})
	}
	counts := map[string]int{}
	for _, tr := range l.Territories {
		counts[tr.ID] = tr.Reps
	}
	// bob counts for both west and east: he belongs to each for part of the year.
	if want := map[string]int{"west": 3, "east": 2, "na": 4}; fmt.Sprint(counts) != fmt.Sprint(want) {
		t.Errorf("territory reps = %v, want %v", counts, want)
	}
	if got := l.Territories[1].Quotas["new_arr"]; got != 1240 {
		t.Errorf("na FY total = %v, want 1240", got)
	}
	if !l.HasTeam("m2") || l.HasTeam("alice") {
		t.Errorf("HasTeam(m2) = %v, HasTeam(alice) = %v", l.HasTeam("m2"), l.HasTeam("alice"))
	}
	if got, want := l.Teams(), []string{"m1", "m2", "vp"}; !slices.Equal(got, want) {
		t.Errorf("Teams() = %v, want %v", got, want)
	}
}

// TestLedgerGroupBy groups by territory, following the mover's versions,
// and by an attribute no rep has.
func TestLedgerGroupBy(t *testing.T) {
	mover := repWith("bob", "west", "", 100, 200, 300, 400)
	mover.Versions = []Version{{From: 2, Territory: "east"}}
	l := ledgerOf(repWith("alice", "west", "", 50, 50, 50, 50), mover, repWith("zed", "", ""))
	got := map[string][]float64{}
	reps := map[string]int{}
	for _, g := range l.GroupBy("territory") {
		got[g.Value], reps[g.Value] = g.Quotas[0].Periods, g.Reps
	}
	want := map[string][]float64{"": {0, 0, 0, 0}, "east": {0, 0, 300, 400}, "west": {150, 250, 50, 50}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("by territory = %v, want %v", got, want)
	}
	if fmt.Sprint(reps) != fmt.Sprint(map[string]int{"": 1, "east": 1, "west": 2}) {
		t.Errorf("reps by territory = %v", reps)
	}
	if g := l.GroupBy("segment"); len(g) != 1 || g[0].Value != "" || g[0].Quotas[0].Total != 1200 || g[0].Reps != 3 {
		t.Errorf("by segment = %+v, want one group of 3 reps and 1200", g)
	}
}

// TestLedgerRollupsCutCycles rolls up a saved result whose managers form a
// cycle (plans reject one, a file may hold one): each rep counts once for
// each team.
func TestLedgerRollupsCutCycles(t *testing.T) {
	l := ledgerOf(repWith("a", "", "b", 1, 1, 1, 1), repWith("b", "", "a", 10, 10, 10, 10))
	for _, id := range []string{"a", "b"} {
		if got := l.Rollup(SubjectTeam, id, "new_arr").Total; got != 44 {
			t.Errorf("team %s = %v, want 44", id, got)
		}
	}
}

// TestExplainConcurrently explains every figure of every rep of the saas
// example from several goroutines at once (run with -race), and compares
// each explanation with the one made alone.
func TestExplainConcurrently(t *testing.T) {
	m, _, diags := Load("../examples/saas-fy2027", Options{})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	res, diags := m.Evaluate(context.Background())
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	alone := map[string]string{}
	ex := m.Explainer(res)
	for _, r := range res.Reps {
		n, err := ex.Rep(r.ID, "", "", ExplainOptions{})
		if err != nil {
			t.Fatal(err)
		}
		alone[r.ID] = dump(n)
	}
	ex = m.Explainer(res) // a fresh one, so that its objects are rebuilt under load too
	var wg sync.WaitGroup
	errs := make(chan string, len(res.Reps))
	for i, r := range res.Reps {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n, err := ex.Rep(r.ID, "", "", ExplainOptions{})
			if err != nil {
				errs <- err.Error()
				return
			}
			if got := dump(n); got != alone[r.ID] {
				errs <- fmt.Sprintf("rep %s explained differently under load:\n%s\nwant\n%s", r.ID, got, alone[r.ID])
			}
			if i%4 == 0 {
				if _, err := ex.Goal(res.Goals[0].ID, ExplainOptions{}); err != nil {
					errs <- err.Error()
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

// TestExplainNeedsItsPlan refuses a result that is not of the model's plan.
func TestExplainNeedsItsPlan(t *testing.T) {
	m, _, _ := Load("../examples/starter", Options{})
	other := evalDir(t, "testdata/handcalc")
	if _, err := m.Explainer(other).Rep("bob", "", "", ExplainOptions{}); err == nil {
		t.Error("explaining a result of another plan succeeded")
	}
	saved := &Result{}
	if _, err := m.Explainer(saved).Rep("bob", "", "", ExplainOptions{}); err != ErrNotExplainable {
		t.Errorf("explaining a result without figures = %v, want ErrNotExplainable", err)
	}
}

// TestSeverityOrder is the one order of check severities that --fail-on,
// check reports and diff read.
func TestSeverityOrder(t *testing.T) {
	order := []Severity{"", "unknown", SeverityInfo, SeverityWarning, SeverityError}
	for i := 1; i < len(order); i++ {
		if a, b := order[i-1], order[i]; a.Rank() > b.Rank() || (i > 1 && a.Rank() == b.Rank()) {
			t.Errorf("%q ranks %d, %q ranks %d", a, a.Rank(), b, b.Rank())
		}
	}
	for i, s := range Severities {
		if i > 0 && Severities[i-1].Rank() <= s.Rank() {
			t.Errorf("Severities is not most severe first: %v", Severities)
		}
	}
}
