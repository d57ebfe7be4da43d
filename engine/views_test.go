package engine

import (
	"testing"
)

// TestVMReadsValuesSetLater checks that a rule run on the expr VM reads
// reps as they are when it runs. The first let runs on the VM and so
// makes the VM's view of every rep; the lets and quotas computed after it
// must still show in those views.
func TestVMReadsValuesSetLater(t *testing.T) {
	plan := `
plan "p" {
  title    = "Views"
  start    = "2027-01-01"
  months   = 12
  currency = "USD"
}
territory "east" {}
rep "a" {
  role      = "AE"
  territory = "east"
  ote       = 100
}
rep "b" {
  role = "AE"
  ote  = 200
}
rep "s" {
  role = "SDR"
}
let "aes" {
  scope = "plan"
  expr  = "len(filter(reps, .role == 'AE'))"
}
let "share" {
  scope = "rep"
  expr  = "rep.role == 'AE' ? rep.ote / plan.aes : 0"
}
quota "new_arr" {
  applies_to = "rep.role == 'AE'"
  annual     = "rep.share * 1200"
}
quota "meetings" {
  applies_to = "rep.role == 'SDR'"
  annual     = "reduce(filter(reps, .role == 'AE'), #acc + #.share + #.quota.new_arr, 0) + territories[0].quota.new_arr"
}
`
	res := evalFiles(t, map[string]string{"plan.hcl": plan})
	want := map[string]map[string]float64{
		"a": {"new_arr": 60000},  // share 100 / 2 aes = 50
		"b": {"new_arr": 120000}, // share 100
		// (50 + 60,000) + (100 + 120,000) + east's 60,000
		"s": {"meetings": 240150},
	}
	for _, r := range res.Reps {
		for m, total := range want[r.ID] {
			if q := r.Quota(m); q == nil || !approx(q.Total, total) {
				t.Errorf("%s %s = %+v, want total %v", r.ID, m, q, total)
			}
		}
	}
}
