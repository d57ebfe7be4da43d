package diff

import (
	"slices"
	"strconv"
	"testing"

	"github.com/quotaplan/quotaplan/engine"
)

func TestCompare(t *testing.T) {
	tests := []struct {
		name    string
		edit    func(*engine.Result)
		summary string
		check   func(*testing.T, *Report)
	}{
		{
			name:    "identical",
			edit:    func(*engine.Result) {},
			summary: "Plan: no changes",
			check: func(t *testing.T, r *Report) {
				if r.Changed() || len(r.Checks) != 1 || r.Checks[0].Status != StillFailing {
					t.Errorf("want no change and bob still failing, got %+v", r.Checks)
				}
			},
		},
		{
			name: "re-ordered",
			edit: func(r *engine.Result) {
				slices.Reverse(r.Reps)
				slices.Reverse(r.Territories)
				slices.Reverse(r.Checks)
			},
			summary: "Plan: no changes",
		},
		{
			name: "float noise below the printed precision",
			edit: func(r *engine.Result) {
				findRep(r, "alice").Quota("new_arr").Total += 1e-9
				r.Goals[0].Ratio += 1e-9
			},
			summary: "Plan: no changes",
		},
		{
			name:    "quota changed",
			edit:    func(r *engine.Result) { setQuota(r, "alice", 132000) },
			summary: "Plan: 1 quota changed (+$12K, +3.3%); goal new_arr 1.20x -> 1.24x",
			check: func(t *testing.T, r *Report) {
				q := r.Reps[0].Quotas[0]
				if q.Old != 120000 || q.New != 132000 || !slices.Equal(q.Quarters, []string{"Q1", "Q2", "Q3", "Q4"}) {
					t.Errorf("quota change = %+v", q)
				}
				if p, ok := q.Percent(); !ok || p != 10 {
					t.Errorf("percent = %v, %v; want 10", p, ok)
				}
				if len(r.Territories) != 1 || r.Territories[0].ID != "west" || len(r.Teams) != 1 || r.Teams[0].ID != "maria" {
					t.Errorf("roll-ups = %+v / %+v", r.Territories, r.Teams)
				}
			},
		},
		{
			name: "quarters moved, FY unchanged",
			edit: func(r *engine.Result) {
				p := findRep(r, "alice").Quota("new_arr").Periods
				p[0], p[11] = p[0]-5000, p[11]+5000
			},
			summary: "Plan: 1 quota changed",
			check: func(t *testing.T, r *Report) {
				q := r.Reps[0].Quotas[0]
				if !slices.Equal(q.Quarters, []string{"Q1", "Q4"}) || !slices.Equal(q.Periods, []string{"2027-01", "2027-12"}) || q.Differs() {
					t.Errorf("quota change = %+v", q)
				}
			},
		},
		{
			name: "rep added and removed",
			edit: func(r *engine.Result) {
				r.Reps = slices.DeleteFunc(r.Reps, func(x *engine.RepResult) bool { return x.ID == "bob" })
				r.Reps = append(r.Reps, rep("carol", "east", "maria", 240000))
				r.Checks = slices.DeleteFunc(r.Checks, func(c *engine.CheckResult) bool { return c.Subject == "bob" })
			},
			summary: "Plan: 1 rep added, 1 rep removed; checks: 1 fixed",
			check: func(t *testing.T, r *Report) {
				kinds := []Kind{}
				for _, c := range r.Reps {
					kinds = append(kinds, c.Kind)
				}
				if !slices.Equal(kinds, []Kind{Removed, Added}) || r.Checks[0].NewStatus != "" {
					t.Errorf("kinds = %v, checks = %+v", kinds, r.Checks)
				}
			},
		},
		{
			name:    "attributes a result holds",
			edit:    func(r *engine.Result) { findRep(r, "alice").Territory = "east" },
			summary: "Plan: 1 rep edited",
			check: func(t *testing.T, r *Report) {
				want := []AttrChange{{Name: "territory", Old: "west", New: "east"}}
				if !slices.Equal(r.Reps[0].Attrs, want) {
					t.Errorf("attrs = %+v, want %+v", r.Reps[0].Attrs, want)
				}
			},
		},
		{
			name: "checks newly failing, fixed, escalated",
			edit: func(r *engine.Result) {
				findCheck(r, "coverage", "alice").Status = engine.StatusFail
				findCheck(r, "total", "p").Status = engine.StatusFail
			},
			summary: "Plan: checks: 2 new failures",
			check: func(t *testing.T, r *Report) {
				if r.Counts.NewFailures != 2 || r.Counts.NewErrors != 1 || r.Counts.StillFailing != 1 {
					t.Errorf("counts = %+v", r.Counts)
				}
			},
		},
		{
			name:    "warning raised to error",
			edit:    func(r *engine.Result) { findCheck(r, "coverage", "bob").Severity = "error" },
			summary: "Plan: checks: 1 new failure",
		},
		{
			name: "variables, scenario and goal target",
			edit: func(r *engine.Result) {
				r.Vars = map[string]any{"growth": 0.3, "regions": []any{"west", "east"}, "seats": 4.0}
				r.Scenario = "stretch"
				g := r.Goals[0]
				g.Target, g.Ratio = 400000, 0.9
			},
			summary: "Plan: goal new_arr 1.20x -> 0.90x; vars growth 0.25 -> 0.3, seats (none) -> 4; plan scenario (none) -> stretch",
		},
		{
			name: "goal target with the same coverage",
			edit: func(r *engine.Result) {
				r.Goals[0].Target, r.Goals[0].Expected = 300100, 345115
			},
			summary: "Plan: goal new_arr 1.20x (target +$100)",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			head := fixture()
			tt.edit(head)
			head.RollUp()
			r := CompareResults(fixture(), head)
			if got := r.Summary(); got != tt.summary {
				t.Errorf("Summary() = %q\nwant        %q", got, tt.summary)
			}
			if tt.check != nil {
				tt.check(t, r)
			}
		})
	}
}

// TestCompareSavedMonths: a saved result prints each month to 6 decimals;
// its quarters add up to the same amounts as the unrounded months of the
// plan it came from.
func TestCompareSavedMonths(t *testing.T) {
	base, head := fixture(), fixture()
	for _, r := range []*engine.Result{base, head} {
		q := findRep(r, "alice").Quota("new_arr")
		for i := range q.Periods {
			q.Periods[i] = 1000.0000004 // printed 1000; a quarter of them 3000.000001
		}
	}
	for i, v := range findRep(head, "alice").Quota("new_arr").Periods {
		saved, err := strconv.ParseFloat(engine.FormatNumber(v), 64)
		if err != nil {
			t.Fatal(err)
		}
		findRep(head, "alice").Quota("new_arr").Periods[i] = saved
	}
	if r := CompareResults(base, head); r.Changed() {
		t.Errorf("Summary() = %q, want no changes; reps %+v", r.Summary(), r.Reps)
	}
}

func TestComparePlanAttributes(t *testing.T) {
	attrs := func(ote float64) map[string]map[string]any {
		return map[string]map[string]any{"alice": {"name": "Rep alice", "ote": ote, "start": "2027-03-01"}}
	}
	base := Input{Result: fixture(), RepAttrs: attrs(100000), TerritoryAttrs: map[string]map[string]any{}}
	head := Input{Result: fixture(), RepAttrs: attrs(110000), TerritoryAttrs: map[string]map[string]any{}}
	tests := []struct {
		name       string
		base, head Input
		want       string
	}{
		{"both from plans", base, head, "Plan: 1 rep edited"},
		{"one saved result", FromResult("", fixture()), head, "Plan: no changes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Compare(tt.base, tt.head).Summary(); got != tt.want {
				t.Errorf("Summary() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestSortByDelta(t *testing.T) {
	head := fixture()
	setQuota(head, "alice", 130000)
	setQuota(head, "bob", 200000)
	head.RollUp()
	r := CompareResults(fixture(), head)
	r.SortByDelta()
	var ids []string
	for _, c := range r.Reps {
		ids = append(ids, c.ID)
	}
	if want := []string{"bob", "alice"}; !slices.Equal(ids, want) {
		t.Errorf("reps by delta = %v, want %v", ids, want)
	}
}

func TestShort(t *testing.T) {
	tests := []struct {
		in   float64
		want string
	}{
		{999, "999"}, {12.5, "12.5"}, {1000, "1K"}, {12345, "12.3K"}, {300000, "300K"},
		{999960, "1M"}, {1049000, "1.05M"}, {1200000, "1.2M"}, {2.5e9, "2.5B"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := short(tt.in); got != tt.want {
				t.Errorf("short(%v) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
