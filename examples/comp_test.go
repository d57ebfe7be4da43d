package examples_test

import (
	"math"
	"testing"
)

// TestSaaSComp pins the comp figures of the saas example worked out by
// hand from data/reps.csv and reps.hcl: the 22 AEs of the CSV have OTEs
// adding up to 3,172,000 and pdubois 240,000, so the AE target pay (half
// of OTE) is 3,412,000 x 0.5 = 1,706,000; the 7 SDRs' OTEs add up to
// 528,000, x 0.3 = 158,400. At a uniform 120% the AE curve gives 0.5 x
// 0.5 + 1.5 x 0.5 + 2 x 0.2 = 1.4 and the SDR curve 0 + 2 x 0.5 + 1.25
// x 0.2 = 1.25: 1,706,000 x 1.4 = 2,388,400 and 158,400 x 1.25 = 198,000.
// The plan has no actuals, so nothing is paid.
func TestSaaSComp(t *testing.T) {
	res := evaluate(t, variants[2])
	if res.Comps == nil {
		t.Fatal("no comps")
	}
	for _, tc := range []struct {
		id        string
		reps      int
		targetPay float64
		at120     float64
	}{{"ae_new_arr", 23, 1706000, 2388400}, {"sdr_meetings", 7, 158400, 198000}} {
		s := res.Comps.Comp(tc.id)
		if s == nil {
			t.Fatalf("no comp %s", tc.id)
		}
		if s.Reps != tc.reps || s.Paid {
			t.Errorf("%s: %d reps, paid %v; want %d, false", tc.id, s.Reps, s.Paid, tc.reps)
		}
		if math.Abs(s.TargetPay-tc.targetPay) > 1e-6 {
			t.Errorf("%s: target pay %v, want %v", tc.id, s.TargetPay, tc.targetPay)
		}
		if got := s.Cost(1.2).Payout; math.Abs(got-tc.at120) > 1e-6 {
			t.Errorf("%s: payout at 120%% = %v, want %v", tc.id, got, tc.at120)
		}
		if got := s.Cost(1).Payout; math.Abs(got-tc.targetPay) > 1e-6 {
			t.Errorf("%s: payout at 100%% = %v, want the target pay %v", tc.id, got, tc.targetPay)
		}
	}
	if c := res.Rep("ajansen").CompOf("ae_new_arr"); c == nil || c.TargetPay != 70000 {
		t.Errorf("ajansen: %+v, want target pay 140,000 x 0.5 = 70,000", c)
	}
}
