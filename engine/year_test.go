package engine

import (
	"strings"
	"testing"
)

// yearPlan is a six-month plan lived through half a year (LANGUAGE.md
// section 12). Quotas are territory.rate x 6 a year, 1/6 of it a month;
// the ramp halves a rep's first month in a role.
const yearPlan = `plan "h" {
  start  = "2027-01-01"
  months = 6
}
territory "north" {
  rate = 12000
}
territory "south" {
  rate = 20000
}
ramp "move" {
  tier {
    when   = "role_month == 1"
    factor = 0.5
  }
}
rep "mia" {
  role = "manager"
}
rep "ann" {
  territory = "north"
  manager   = "mia"
  change "2027-04-01" {
    territory = "south"
  }
}
rep "ben" {
  territory = "north"
  manager   = "mia"
  end       = "2027-02-14"
}
rep "cat" {
  territory = "south"
  manager   = "mia"
  start     = "2027-05-01"
}
rep "dan" {
  territory = "south"
}
quota "new_arr" {
  applies_to = "rep.role != 'manager'"
  annual     = "territory.rate * 6"
  ramp       = "move"
}
import "leaves" {
  csv = "leaves.csv"
}
adjust "ann_relief" {
  rep     = "ann"
  measure = "new_arr"
  period  = "2027-05"
  amount  = -5000
  reason  = "Acme moved to strategic accounts"
}
adjust "dan_extra" {
  rep     = "dan"
  measure = "new_arr"
  period  = "2027-02"
  amount  = "2500"
  reason  = "inherited Globex renewal"
}
lock {
  result  = "published.json"
  through = "2027-03"
}
`

// yearPublished is the result published in January, before any of the
// year happened: north's rate was 10,000, ben had not left, cat was not
// hired, ann was to stay in north. Only its first quarter is locked.
const yearPublished = `{
  "format_version": "1",
  "plan": {"id": "h", "title": "", "start": "2027-01-01", "months": 6, "currency": "USD"},
  "periods": ["2027-01", "2027-02", "2027-03", "2027-04", "2027-05", "2027-06"],
  "reps": [
    {"id": "ann", "territory": "north", "manager": "mia", "quotas": {"new_arr": {"periods":
      {"2027-01": 10000, "2027-02": 10000, "2027-03": 10000, "2027-04": 10000, "2027-05": 10000, "2027-06": 10000}}}},
    {"id": "ben", "territory": "north", "manager": "mia", "quotas": {"new_arr": {"periods":
      {"2027-01": 10000, "2027-02": 10000, "2027-03": 10000, "2027-04": 10000, "2027-05": 10000, "2027-06": 10000}}}},
    {"id": "dan", "territory": "south", "manager": null, "quotas": {"new_arr": {"periods":
      {"2027-01": 20000, "2027-02": 20000, "2027-03": 20000, "2027-04": 20000, "2027-05": 20000, "2027-06": 20000}}}},
    {"id": "mia", "territory": null, "manager": null, "quotas": {}}
  ]
}
`

// TestYearHandComputed checks every month of every rep and the territory
// roll-ups of yearPlan against figures worked out by hand.
func TestYearHandComputed(t *testing.T) {
	dir := writePlan(t, map[string]string{"plan.hcl": yearPlan, "published.json": yearPublished,
		"leaves.csv": "rep,from,to\ndan,2027-06-16,2027-06-30\n"})
	res, ex := explainDir(t, dir)
	want := map[string][6]float64{
		// ann: Jan-Mar locked at the published 10,000 (north's rate is
		// 12,000 now: the rules give 12,000). From April in south: annual
		// 120,000, 20,000 a month; April is role month 1 of the transfer:
		// 20,000 x 0.5 = 10,000. May 20,000 - 5,000 relief = 15,000.
		"ann": {10000, 10000, 10000, 10000, 15000, 20000},
		// ben left on 2027-02-14: the rules give Jan 12,000, Feb 12,000 x
		// 14/28 = 6,000, Mar 0, but the first quarter stays as published.
		"ben": {10000, 10000, 10000, 0, 0, 0},
		// cat, hired 2027-05-01 and not published: computed in every
		// month. May is tenure (and role) month 1: 20,000 x 0.5.
		"cat": {0, 0, 0, 0, 10000, 20000},
		// dan: published 20,000 a month; Feb + 2,500 on top of the lock;
		// on leave 2027-06-16..30 (CSV): June 20,000 x 15/30 = 10,000.
		"dan": {20000, 22500, 20000, 20000, 20000, 10000},
	}
	totals := map[string]float64{"ann": 75000, "ben": 30000, "cat": 30000, "dan": 112500}
	for _, r := range res.Reps {
		q := r.Quota("new_arr")
		w, ok := want[r.ID]
		if !ok {
			if q != nil {
				t.Errorf("%s carries new_arr", r.ID)
			}
			continue
		}
		for i, v := range w {
			if q.Periods[i] != v {
				t.Errorf("%s %s = %v, want %v", r.ID, res.Periods[i].ID, q.Periods[i], v)
			}
		}
		if q.Total != totals[r.ID] {
			t.Errorf("%s total = %v, want %v", r.ID, q.Total, totals[r.ID])
		}
	}
	// ann's full amount: 72,000 / 6 x 3 in north + 120,000 / 6 x 3 in south.
	if q := repNamed(res, "ann").Quota("new_arr"); q.Full != 96000 || q.Adjusted != -5000 || strings.Join(q.Locked, ",") != "2027-01,2027-02,2027-03" {
		t.Errorf("ann full %v adjusted %v locked %v, want 96000, -5000, the first quarter", q.Full, q.Adjusted, q.Locked)
	}
	if q := repNamed(res, "cat").Quota("new_arr"); q.Locked != nil {
		t.Errorf("cat, not published, has locked months %v", q.Locked)
	}
	// Roll-ups follow the published membership in the locked quarter, then
	// the versions: ann counts for north until March, south from April.
	rollups := map[string][6]float64{
		"north": {20000, 20000, 20000, 0, 0, 0},
		"south": {20000, 22500, 20000, 30000, 45000, 50000},
	}
	for id, w := range rollups {
		s := res.Rollup(SubjectTerritory, id, "new_arr")
		if len(s.Periods) != 6 {
			t.Fatalf("no roll-up of %s", id)
		}
		for i, v := range w {
			if s.Periods[i] != v {
				t.Errorf("%s %s = %v, want %v", id, res.Periods[i].ID, s.Periods[i], v)
			}
		}
	}
	if s := res.Rollup(SubjectTeam, "mia", "new_arr"); s.Total != 135000 {
		t.Errorf("team mia = %v, want 135000 (ann 75,000 + ben 30,000 + cat 30,000)", s.Total)
	}
	if s := res.Rollup(SubjectPlan, "h", "new_arr"); s.Total != 247500 {
		t.Errorf("plan total = %v, want 247500", s.Total)
	}
	// explain says where a figure comes from.
	for _, tt := range []struct {
		rep, period string
		want        []string
	}{
		{"ben", "2027-03", []string{"locked", "published in published.json (lock through 2027-03)", "the rules give now (0)"}},
		{"ann", "2027-04", []string{"as changed on 2027-04-01: territory = south", "role month 1"}},
		{"ann", "2027-05", []string{"adjustment ann_relief", "Acme moved to strategic accounts"}},
		{"dan", "2027-02", []string{"the published figure plus 1 adjustment", "adjustment dan_extra"}},
	} {
		n, err := ex.Rep(tt.rep, "new_arr", tt.period, ExplainOptions{})
		if err != nil {
			t.Fatal(err)
		}
		text := dumpNodes(n)
		for _, w := range tt.want {
			if !strings.Contains(text, w) {
				t.Errorf("explain %s %s lacks %q:\n%s", tt.rep, tt.period, w, text)
			}
		}
	}
}

func repNamed(res *Result, id string) *RepResult {
	for _, r := range res.Reps {
		if r.ID == id {
			return r
		}
	}
	return nil
}

// dumpNodes prints an explanation tree, one node a line.
func dumpNodes(n *Node) string {
	var b strings.Builder
	var walk func(n *Node)
	walk = func(n *Node) {
		b.WriteString(n.Label + " = " + n.Value + " | " + n.Note + " | " + n.At + "\n")
		for _, c := range n.Children {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}
