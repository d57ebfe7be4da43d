package engine

import (
	"slices"
	"strings"
	"testing"
)

// teamPlan is a manager, maria, carrying the number of her two AEs as a
// quota of its own measure that restates theirs (rollup = false). Every
// figure is worked out by hand in TestRollupFalse.
const teamPlan = `plan "p" {
  start = "2027-01-01"
}
territory "east" {}
quota "new_arr" {
  applies_to = "rep.role == 'AE'"
  annual     = "rep.ote * 4"
  round      = 1000
}
quota "team_new_arr" {
  applies_to = "len(rep.reports) > 0"
  monthly    = "sum(rep.team, quota(.id, 'new_arr', period.id))"
  rollup     = false
}
let "east_team" {
  scope = "territory"
  expr  = "territory.quota.team_new_arr"
}
goal "arr" {
  measure = "new_arr"
  target  = 200000
}
goal "team" {
  measure = "team_new_arr"
  target  = 200000
}
rep "maria" {
  role      = "manager"
  territory = "east"
}
rep "alice" {
  role      = "AE"
  territory = "east"
  manager   = "maria"
  ote       = 30000
}
rep "bob" {
  role      = "AE"
  territory = "east"
  manager   = "maria"
  ote       = 15000
}
`

// TestRollupFalse works the roll-ups of teamPlan out by hand. alice:
// 30,000 x 4 = 120,000 a year, 10,000 a month; bob: 15,000 x 4 = 60,000,
// 5,000 a month. maria's team_new_arr is the sum of her team's months:
// 15,000 a month, 180,000 a year, reported for her but added nowhere.
func TestRollupFalse(t *testing.T) {
	res := evalFiles(t, map[string]string{"plan.hcl": teamPlan})
	maria := res.Rep("maria").Quota("team_new_arr")
	if maria == nil || !maria.Restates || maria.Total != 180000 || maria.Periods[0] != 15000 {
		t.Fatalf("maria team_new_arr = %+v, want 15,000 a month, 180,000 a year, restating", maria)
	}
	if q := res.Rep("alice").Quota("new_arr"); q.Restates || q.Total != 120000 {
		t.Errorf("alice new_arr = %+v, want 120,000 rolled up", q)
	}
	tests := []struct {
		kind    SubjectKind
		id      string
		measure string
		want    float64
	}{
		{SubjectTerritory, "east", "new_arr", 180000},
		{SubjectTerritory, "east", "team_new_arr", 0},
		{SubjectTeam, "maria", "new_arr", 180000},
		{SubjectTeam, "maria", "team_new_arr", 0},
		{SubjectPlan, "p", "new_arr", 180000},
		{SubjectPlan, "p", "team_new_arr", 0},
		{SubjectGoal, "arr", "new_arr", 180000},
		{SubjectGoal, "team", "team_new_arr", 0},
	}
	for _, tt := range tests {
		if got := res.Rollup(tt.kind, tt.id, tt.measure).Total; got != tt.want {
			t.Errorf("%s %s %s = %v, want %v", tt.kind, tt.id, tt.measure, got, tt.want)
		}
	}
	if got := res.Territories[0].Quotas["team_new_arr"]; got != 0 {
		t.Errorf("territory east team_new_arr total = %v, want 0", got)
	}
	if v, _ := res.Let(Subject{Kind: SubjectTerritory, ID: "east"}, "east_team"); v != 0 {
		t.Errorf("territory.quota.team_new_arr read by a rule = %v, want 0", v)
	}
	for _, g := range res.Goals {
		want := map[string][2]float64{"arr": {180000, 2}, "team": {0, 0}}[g.ID]
		if g.Assigned != want[0] || float64(g.Reps) != want[1] {
			t.Errorf("goal %s assigned %v from %d reps, want %v from %v", g.ID, g.Assigned, g.Reps, want[0], want[1])
		}
	}
	if groups := res.GroupBy("role"); groups[1].Value != "manager" || groups[1].Quotas[1].Total != 0 {
		t.Errorf("group by role: manager team_new_arr = %+v, want 0", groups[1])
	}
}

// TestCumulativeRounding works out a count quota of 10 a year over 12
// months, round = 1. Each month is 10/12 = 0.8333; the running totals are
// 0.83, 1.67, 2.5, 3.33, 4.17, 5, 5.83, 6.67, 7.5, 8.33, 9.17, 10, rounded
// 1, 2, 3, 3, 4, 5, 6, 7, 8, 8, 9, 10 (2.5 and 7.5 away from zero), so
// the months are their differences and add up to 10. Rounded month by
// month, every 0.8333 is 1: 12 a year.
func TestCumulativeRounding(t *testing.T) {
	res := evalFiles(t, map[string]string{"plan.hcl": `plan "p" {
  start = "2027-01-01"
}
quota "deals" {
  unit     = "deals"
  annual   = "10"
  round    = 1
  rounding = "cumulative"
}
quota "deals_by_month" {
  unit   = "deals"
  annual = "10"
  round  = 1
}
quota "late" {
  unit     = "deals"
  annual   = "12"
  round    = 5
  rounding = "cumulative"
}
rep "alice" {}
rep "bob" {
  start = "2027-07-01"
}
`})
	tests := []struct {
		rep, measure string
		want         [12]float64
		total        float64
	}{
		{"alice", "deals", [12]float64{1, 1, 1, 0, 1, 1, 1, 1, 1, 0, 1, 1}, 10},
		{"alice", "deals_by_month", [12]float64{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, 12},
		// bob starts in July: nothing before; then 1 a month, running
		// totals 1..6 rounded to 5: 0, 0, 5, 5, 5, 5 -> 0, 0, 5, 0, 0, 0.
		{"bob", "late", [12]float64{0, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0}, 5},
	}
	for _, tt := range tests {
		q := res.Rep(tt.rep).Quota(tt.measure)
		if q == nil {
			t.Fatalf("%s has no %s", tt.rep, tt.measure)
		}
		if [12]float64(q.Periods) != tt.want || q.Total != tt.total {
			t.Errorf("%s %s = %v (total %v), want %v (total %v)", tt.rep, tt.measure, q.Periods, q.Total, tt.want, tt.total)
		}
	}
}

// TestHalfYears works out H1 and H2 of an annual 600,000 with season
// [0.2, 0.25, 0.25, 0.3]: Q1 120,000 + Q2 150,000 = 270,000 in H1, Q3
// 150,000 + Q4 180,000 = 330,000 in H2. On a 9-month plan H2 holds the
// three months 7..9.
func TestHalfYears(t *testing.T) {
	res := evalFiles(t, map[string]string{"plan.hcl": `plan "p" {
  start = "2027-01-01"
}
quota "new_arr" {
  annual = "600000"
  season = [0.2, 0.25, 0.25, 0.3]
}
let "h1" {
  expr = "quota('alice', 'new_arr', 'H1')"
}
let "h2" {
  expr = "quota('alice', 'new_arr', 'H2')"
}
goal "second_half" {
  measure = "new_arr"
  target  = 300000
  period  = "H2"
}
rep "alice" {}
`})
	for name, want := range map[string]float64{"h1": 270000, "h2": 330000} {
		if got, _ := res.Let(Subject{Kind: SubjectPlan, ID: "p"}, name); got != want {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}
	if g := res.Goals[0]; g.Assigned != 330000 || res.Rollup(SubjectGoal, g.ID, "new_arr").Total != 330000 {
		t.Errorf("goal over H2 assigned %v, want 330000", g.Assigned)
	}
	halves := res.Halves()
	if len(halves) != 2 || halves[0].ID != "H1" || !slices.Equal(halves[1].Periods, []int{6, 7, 8, 9, 10, 11}) {
		t.Errorf("halves = %+v", halves)
	}
	idx, err := periodSet("H2", make([]Period, 9), nil)
	if err != nil || !slices.Equal(idx, []int{6, 7, 8}) {
		t.Errorf("H2 of a 9-month plan = %v, %v; want [6 7 8]", idx, err)
	}
	for _, bad := range []string{"H0", "H3", "H01", "H+1", "H"} {
		if _, err := periodSet(bad, make([]Period, 12), nil); err == nil {
			t.Errorf("periodSet(%q) on 12 months: no error", bad)
		}
	}
}

// TestWaivers works out a rep check failing for carol and dan, with as_of
// 2027-09-30: carol's waiver holds through 2027-09-30 (that very day), so
// her result is waived; dan's ended 2027-06-30, so his result fails again;
// alice passes, so her waiver is unused.
func TestWaivers(t *testing.T) {
	dir := writePlan(t, map[string]string{"plan.hcl": `plan "p" {
  start = "2027-02-01"
  as_of = "2027-09-30"
}
check "quota_to_ote" {
  scope    = "rep"
  assert   = "rep.ote >= 100"
  severity = "warning"
  message  = "ote {{ rep.ote }}"
}
rep "alice" {
  ote = 100
}
rep "carol" {
  ote = 50
}
rep "dan" {
  ote = 60
}
waive "carol ramps" {
  check   = "quota_to_ote"
  subject = "carol"
  reason  = "new territory"
  until   = "2027-09-30"
}
waive "dan ramps" {
  check   = "quota_to_ote"
  subject = "dan"
  reason  = "new hire"
  until   = "2027-06-30"
}
waive "alice" {
  check   = "quota_to_ote"
  subject = "alice"
  reason  = "just in case"
  until   = "2028-01-31"
}
`})
	res, ex := explainDir(t, dir)
	status := map[string][2]string{}
	for _, c := range res.Checks {
		status[c.Subject] = [2]string{c.Status, c.Waiver}
	}
	wantStatus := map[string][2]string{"alice": {StatusPass, ""}, "carol": {StatusWaived, "carol ramps"}, "dan": {StatusFail, "dan ramps"}}
	for subject, want := range wantStatus {
		if status[subject] != want {
			t.Errorf("%s: status, waiver = %q, want %q", subject, status[subject], want)
		}
	}
	var waivers []string
	for _, w := range res.Waivers {
		waivers = append(waivers, w.ID+" "+w.Status)
	}
	if want := []string{"alice unused", "carol ramps waived", "dan ramps expired"}; !slices.Equal(waivers, want) {
		t.Errorf("waivers = %q, want %q", waivers, want)
	}
	want := Summary{Reps: 3, Warnings: 1, Passed: 1, Waived: 1, Expired: 1}
	if res.Summary != want {
		t.Errorf("summary = %+v, want %+v", res.Summary, want)
	}
	if res.Plan.AsOf != "2027-09-30" {
		t.Errorf("as_of = %q", res.Plan.AsOf)
	}
	for subject, want := range map[string]string{
		"carol": "waiver carol ramps = waived | new territory; holds until 2027-09-30, the plan is read as of 2027-09-30",
		"dan":   "waiver dan ramps = expired | new hire; holds until 2027-06-30, the plan is read as of 2027-09-30, so it no longer waives the failure",
	} {
		n, err := ex.Check("quota_to_ote", subject, ExplainOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if text := dump(n); !strings.Contains(text, want) {
			t.Errorf("explanation of %s lacks %q:\n%s", subject, want, text)
		}
	}
}

// TestExplainLetsAndTerritories explains the lets of every scope and a
// territory of teamPlan with two more lets.
func TestExplainLetsAndTerritories(t *testing.T) {
	dir := writePlan(t, map[string]string{"plan.hcl": teamPlan + `
let "ote_multiple" {
  scope = "rep"
  expr  = "rep.ote == nil ? 0 : rep.quota.new_arr / rep.ote"
}
let "total" {
  expr = "sum(reps, .quota.new_arr)"
}
territory "east-north" {
  parent   = "east"
  accounts = 12
}
rep "carl" {
  role      = "AE"
  territory = "east-north"
  ote       = 6000
}
`})
	_, ex := explainDir(t, dir)
	tests := []struct {
		name, let, subject string
		want               []string
	}{
		{"rep let", "ote_multiple", "alice", []string{
			"let ote_multiple · alice = 4 | rule: rep.ote == nil ? 0 : rep.quota.new_arr / rep.ote | rep let, declared at",
			"rep.quota.new_arr = 120000 | the plan-year total of alice's quota \"new_arr\"",
			"rep.ote = 30000"}},
		{"plan let", "total", "", []string{
			"let total · p = 204000 | rule: sum(reps, .quota.new_arr) | plan let",
			"sum over 4 items"}},
		{"plan let named by the plan id", "total", "p", []string{"let total · p = 204000"}},
		{"territory let", "east_team", "east", []string{"let east_team · east = 0 | rule: territory.quota.team_new_arr"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := ex.Let(tt.let, tt.subject, ExplainOptions{})
			if err != nil {
				t.Fatal(err)
			}
			text := dump(n)
			for _, part := range tt.want {
				if !strings.Contains(text, part) {
					t.Errorf("explanation lacks %q:\n%s", part, text)
				}
			}
		})
	}
	for _, bad := range []struct{ let, subject, want string }{
		{"ote_multipel", "alice", `no let "ote_multipel" in the plan. Did you mean "ote_multiple"?`},
		{"ote_multiple", "", `let "ote_multiple" has rep scope: it has a value for each rep, so name one, e.g. let:ote_multiple alice`},
		{"ote_multiple", "alcie", `no rep "alcie" in the plan. Did you mean "alice"?`},
		{"east_team", "est", `no territory "est" in the plan. Did you mean "east"?`},
		{"total", "alice", `let "total" has plan scope: it has one value, for the plan "p", not one for "alice"`},
	} {
		if _, err := ex.Let(bad.let, bad.subject, ExplainOptions{}); err == nil || !strings.HasPrefix(err.Error(), bad.want) {
			t.Errorf("Let(%q, %q) = %v, want %q", bad.let, bad.subject, err, bad.want)
		}
	}

	n, err := ex.Territory("east", ExplainOptions{})
	if err != nil {
		t.Fatal(err)
	}
	text := dump(n)
	for _, part := range []string{
		"territory east | 4 reps counted in its roll-ups",
		// alice 120,000 + bob 60,000 + carl 6,000 x 4 = 24,000
		"    new_arr = 204000 USD | sum of 3 reps\n      rep alice = 120000 USD\n      rep bob = 60000 USD\n      rep carl = 24000 USD\n      territory east-north = 24000 USD | its own roll-up, included above",
		"team_new_arr = 0 USD | sum of 0 reps; quotas of measure \"team_new_arr\" with rollup = false restate others and are not added",
		"lets\n    east_team = 0 | rule: territory.quota.team_new_arr | let declared at",
	} {
		if !strings.Contains(text, part) {
			t.Errorf("territory explanation lacks %q:\n%s", part, text)
		}
	}
	n, err = ex.Territory("east-north", ExplainOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if text := dumpAt(n); !strings.Contains(text, "accounts @") || !strings.Contains(text, "plan.hcl:") {
		t.Errorf("attributes lack their places:\n%s", text)
	}
	if _, err := ex.Territory("eats", ExplainOptions{}); err == nil || !strings.Contains(err.Error(), `Did you mean "east"?`) {
		t.Errorf("unknown territory: %v", err)
	}
}

// TestExplainCumulative explains month 3 of a count of 10 a year, round
// 1: running totals 2.5 through March and 1.666667 before, rounded 3 - 2.
func TestExplainCumulative(t *testing.T) {
	dir := writePlan(t, map[string]string{"plan.hcl": `plan "p" {
  start = "2027-01-01"
}
quota "deals" {
  unit     = "deals"
  annual   = "10"
  round    = 1
  rounding = "cumulative"
}
rep "alice" {}
`})
	_, ex := explainDir(t, dir)
	n, err := ex.Rep("alice", "deals", "2027-03", ExplainOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if want := "rounded (cumulative) = 1 deals | round(2.5) - round(1.666667) = 3 - 2"; !strings.Contains(dump(n), want) {
		t.Errorf("explanation lacks %q:\n%s", want, dump(n))
	}
	n, err = ex.Rep("alice", "deals", "H1", ExplainOptions{})
	if err != nil || *n.Number != 5 || len(n.Children) != 6 {
		t.Errorf("H1 = %v with %d months (%v), want 5 over 6 months", n, len(n.Children), err)
	}
}
