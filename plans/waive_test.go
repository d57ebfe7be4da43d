package plans

import (
	"testing"
	"time"
)

func TestWaivers(t *testing.T) {
	day := func(s string) time.Time {
		d, ok := ParseDate(s)
		if !ok {
			t.Fatalf("bad date %q", s)
		}
		return d
	}
	tests := []struct {
		name        string
		plan        string // the plan block
		wantAsOf    string
		wantSubject string // of the only waiver
		wantExpired bool
	}{
		{
			name:        "as_of defaults to the plan's last day",
			plan:        "plan \"p\" {\n  start = \"2027-02-01\"\n}\n",
			wantAsOf:    "2028-01-31",
			wantSubject: "carol",
			wantExpired: true, // 2027-09-30 is before 2028-01-31
		},
		{
			name:        "until is the last day the waiver holds",
			plan:        "plan \"p\" {\n  start = \"2027-02-01\"\n  as_of = \"2027-09-30\"\n}\n",
			wantAsOf:    "2027-09-30",
			wantSubject: "carol",
		},
		{
			name:        "a day later it has expired",
			plan:        "plan \"p\" {\n  start  = \"2027-02-01\"\n  months = 6\n  as_of  = \"2027-10-01\"\n}\n",
			wantAsOf:    "2027-10-01",
			wantSubject: "carol",
			wantExpired: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeDir(t, map[string]string{"plan.hcl": tt.plan + `
check "quota_to_ote" {
  scope  = "rep"
  assert = "rep.ote > 0"
}
rep "carol" {
  ote = 0
}
waive "carol ramps" {
  check   = "quota_to_ote"
  subject = "carol"
  reason  = "ramping in a new territory"
  until   = "2027-09-30"
}
`})
			p, diags := Load(dir, LoadOptions{})
			if diags.HasErrors() {
				t.Fatal(diags)
			}
			if got := p.AsOf.Format(dateLayout); got != tt.wantAsOf {
				t.Errorf("AsOf = %s, want %s", got, tt.wantAsOf)
			}
			if len(p.Waivers) != 1 {
				t.Fatalf("%d waivers, want 1", len(p.Waivers))
			}
			w := p.Waivers[0]
			if w.Label != "carol ramps" || w.Check != "quota_to_ote" || w.Subject != tt.wantSubject ||
				w.Reason != "ramping in a new territory" || !w.Until.Equal(day("2027-09-30")) {
				t.Errorf("waiver = %+v", w)
			}
			if got := w.Expired(p.AsOf); got != tt.wantExpired {
				t.Errorf("Expired(%s) = %v, want %v", tt.wantAsOf, got, tt.wantExpired)
			}
			if w.UntilRange.Start.Line == w.DefRange.Start.Line {
				t.Errorf("UntilRange %v is the block's header, want the until attribute", w.UntilRange)
			}
		})
	}
}

func TestWaiverOfPlanCheckNamesThePlan(t *testing.T) {
	dir := writeDir(t, map[string]string{"plan.hcl": basePlan + `
check "total" {
  assert = "false"
}
waive "known" {
  check  = "total"
  reason = "accepted for now"
  until  = "2027-06-30"
}
`})
	p, diags := Load(dir, LoadOptions{})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	if got := p.Waivers[0].Subject; got != "p" {
		t.Errorf("subject = %q, want the plan id %q", got, "p")
	}
}

func TestQuotaRoundingAndRollup(t *testing.T) {
	dir := writeDir(t, map[string]string{"plan.hcl": basePlan + `
quota "new_arr" {
  annual = "1"
}
quota "team_new_arr" {
  annual   = "1"
  rollup   = false
  round    = 1
  rounding = "cumulative"
}
`})
	p, diags := Load(dir, LoadOptions{})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	got := map[string][2]any{}
	for _, q := range p.Quotas {
		got[q.Label] = [2]any{q.Rounding, q.Rollup}
	}
	want := map[string][2]any{"new_arr": {RoundMonth, true}, "team_new_arr": {RoundCumulative, false}}
	for label, w := range want {
		if got[label] != w {
			t.Errorf("quota %s: rounding, rollup = %v, want %v", label, got[label], w)
		}
	}
}
