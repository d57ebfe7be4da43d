package examples_test

import (
	"context"
	"math"
	"path/filepath"
	"testing"

	"github.com/quotaplan/quotaplan/engine"
)

// TestCRMPayouts pins what examples/crm-2017/comp.hcl pays three agents
// for Q1, worked out by hand from their Q1 quota and the bookings the
// other tests pin: target pay is 10% of the FY quota, a quarter of it in
// Q1 (each agent's quota is spread evenly); the factor is 0.5 a point up
// to 50%, 1.5 a point to 100% (1 at 100%), 2 a point above, at most 3.
func TestCRMPayouts(t *testing.T) {
	res, _, diags := engine.Run(context.Background(), filepath.Join(".", crmDir), engine.Options{})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	tests := []struct {
		rep       string
		targetPay float64 // the year's
		payout    float64 // Q1's, to the cent
	}{
		// Q1 quota 42,000 of 168,000, target pay 16,800: Q1's 4,200.
		// 69,082 booked: a = 1.644810, f = 0.25 + 0.75 + 2 x 0.644810 =
		// 2.289619: 4,200 x 2.289619 = 9,616.40.
		{"Wilburn Farren", 16800, 9616.40},
		// 66,000 of 264,000: 6,600 in Q1; 66,224 booked, a = 1.003394,
		// f = 1.006788: 6,644.80.
		{"Moses Frase", 26400, 6644.80},
		// 129,000 of 516,000: 12,900; 55,283 booked, a = 0.428550 below
		// the 50% decelerator, f = 0.214275: 2,764.15.
		{"Markita Hansen", 51600, 2764.15},
		// No bookings in Q1 pays nothing.
		{"Carl Lin", 39600, 0},
	}
	for _, tt := range tests {
		var rep *engine.RepResult
		for _, r := range res.Reps {
			if r.ID == tt.rep {
				rep = r
			}
		}
		if rep == nil {
			t.Fatalf("no rep %q", tt.rep)
		}
		c := rep.CompOf("agents")
		if c == nil || !c.Paid {
			t.Fatalf("%s: comp agents = %+v, want a paid comp", tt.rep, c)
		}
		if math.Abs(c.TargetPay-tt.targetPay) > 1e-6 || math.Abs(c.Payout-tt.payout) > 0.005 {
			t.Errorf("%s: target pay %v, payout %v; want %v and %v", tt.rep, c.TargetPay, c.Payout, tt.targetPay, tt.payout)
		}
	}
}
