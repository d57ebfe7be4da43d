package plans

import (
	"math"
	"testing"
)

// TestCompDecode checks the defaults and decoded values of a comp block.
func TestCompDecode(t *testing.T) {
	dir := writeDir(t, withPlan(`
quota "new_arr" {
  annual = "100"
}
comp "new_arr" {
  target_pay = "1000"
  tier {
    from = 0
    rate = 0.5
  }
  tier {
    from = 1
    rate = 2
  }
  cap = 3
}
comp "yearly" {
  measure    = "new_arr"
  applies_to = "rep.id != ''"
  target_pay = "rep.ote"
  period     = "year"
  tier {
    from = 0
    rate = 1
  }
}
`))
	p, diags := Load(dir, LoadOptions{})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	if len(p.Comps) != 2 {
		t.Fatalf("%d comps, want 2", len(p.Comps))
	}
	c := p.Comps[0]
	if c.Label != "new_arr" || c.Measure != "new_arr" || c.Period != CompQuarter || c.AppliesTo != nil ||
		c.TargetPay.Text != "1000" || !c.HasCap || c.Cap != 3 || len(c.Tiers) != 2 || c.Tiers[1].From != 1 || c.Tiers[1].Rate != 2 {
		t.Errorf("comp new_arr = %+v", c)
	}
	y := p.Comps[1]
	if y.Label != "yearly" || y.Measure != "new_arr" || y.Period != CompYear || y.AppliesTo == nil || y.HasCap {
		t.Errorf("comp yearly = %+v", y)
	}
	if got := p.CompMeasures(); len(got) != 1 || got[0] != "new_arr" {
		t.Errorf("CompMeasures = %v", got)
	}
}

// FuzzCompFactor checks the payout curve of any tiers with rates >= 0: 0
// at and below attainment 0, never decreasing, never above the cap, and
// the sum of the tiers' slices.
func FuzzCompFactor(f *testing.F) {
	f.Add(0.5, 1.0, 1.5, 0.5, 1.0, 2.0, 1.2)
	f.Add(1.0, 1.2, 1.4, 1.0, 1.25, 0.0, 1.5)
	f.Fuzz(func(t *testing.T, r1, r2, r3, f2, f3, cap, a float64) {
		for _, v := range []float64{r1, r2, r3, f2, f3, cap, a} {
			if math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v) > 1e6 {
				return
			}
		}
		c := &Comp{Tiers: []CompTier{{From: 0, Rate: math.Abs(r1)}, {From: math.Abs(f2), Rate: math.Abs(r2)}, {From: math.Abs(f2) + math.Abs(f3), Rate: math.Abs(r3)}}}
		if cap > 0 {
			c.Cap, c.HasCap = cap, true
		}
		got := c.Factor(a)
		if a <= 0 && got != 0 {
			t.Fatalf("f(%v) = %v, want 0", a, got)
		}
		if got < 0 || (c.HasCap && got > c.Cap) {
			t.Fatalf("f(%v) = %v outside [0, cap %v]", a, got, c.Cap)
		}
		if next := c.Factor(a + 0.01); next < got-1e-9*math.Max(1, got) {
			t.Fatalf("f decreases: f(%v) = %v, f(%v) = %v", a, got, a+0.01, next)
		}
		sum := 0.0
		for i, tier := range c.Tiers {
			sum += tier.Rate * c.TierSlice(i, a)
		}
		if c.HasCap {
			sum = math.Min(sum, c.Cap)
		}
		if math.Abs(sum-got) > 1e-9*math.Max(1, sum) {
			t.Fatalf("slices sum to %v, factor %v", sum, got)
		}
	})
}
