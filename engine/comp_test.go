package engine

import (
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/quotaplan/quotaplan/plans"
)

// tiers builds a comp curve from pairs of from, rate.
func tiers(cap float64, fromRate ...float64) *plans.Comp {
	c := &plans.Comp{Label: "c", Measure: "m", Period: plans.CompQuarter}
	for i := 0; i+1 < len(fromRate); i += 2 {
		c.Tiers = append(c.Tiers, plans.CompTier{From: fromRate[i], Rate: fromRate[i+1]})
	}
	if cap > 0 {
		c.Cap, c.HasCap = cap, true
	}
	return c
}

// TestCompWorkedExamples reproduces the worked examples of a comp period by
// hand, one quarter each (quota and actual of the quarter in one month).
func TestCompWorkedExamples(t *testing.T) {
	asOf := time.Date(2027, 12, 31, 0, 0, 0, 0, time.UTC)
	ended := []*PayoutPeriod{{ID: "Q1", Months: []int{0}, End: time.Date(2027, 3, 31, 0, 0, 0, 0, time.UTC)}}
	// "5% of bookings, +1 point above 100%, +1 more above 125%" on a
	// quota of 100,000: target pay 5,000, rates 1, 6/5 = 1.2 and
	// 7/5 = 1.4 of target pay per point of attainment.
	accel := tiers(0, 0, 1, 1, 1.2, 1.25, 1.4)
	// An AE plan: 0.5 below 50%, 1 to 100%, 1.5 above, capped at 2.
	ae := tiers(2, 0, 0.5, 0.5, 1, 1, 1.5)
	cases := []struct {
		name                      string
		comp                      *plans.Comp
		targetPay, quota, quotaFY float64
		actual                    float64
		wantTP, wantAtt, wantF    float64
		wantPay                   float64
	}{
		// 150,000 / 100,000 = 1.5: 1 x 1 + 1.2 x 0.25 + 1.4 x 0.25 = 1.65;
		// 5,000 x 1.65 = 5,000 + 1,500 + 1,750 = 8,250.
		{"accelerators", accel, 5000, 100000, 100000, 150000, 5000, 1.5, 1.65, 8250},
		// at quota: 5,000 x 1 = 5,000
		{"at quota", accel, 5000, 100000, 100000, 100000, 5000, 1, 1, 5000},
		// 300,000 / 100,000 = 3: 0.5 x 0.5 + 1 x 0.5 + 1.5 x 2 = 3.75,
		// capped at 2: 5,000 x 2 = 10,000.
		{"cap binds", ae, 5000, 100000, 100000, 300000, 5000, 3, 2, 10000},
		// 150,000: 0.25 + 0.5 + 0.75 = 1.5, under the cap: 7,500.
		{"cap does not bind", ae, 5000, 100000, 100000, 150000, 5000, 1.5, 1.5, 7500},
		// 30,000 / 100,000 = 0.3, all below 50%: 0.5 x 0.3 = 0.15: 750.
		{"decelerator", ae, 5000, 100000, 100000, 30000, 5000, 0.3, 0.15, 750},
		// no quota in the quarter (the rep starts later): target pay
		// 20,000 x 0 / 300,000 = 0, attainment 0, nothing paid.
		{"no quota in the quarter", ae, 20000, 0, 300000, 5000, 0, 0, 0, 0},
		// a credit note takes the quarter to 20,000 - 50,000 = -30,000:
		// attainment -0.3, no tier pays below 0, payout 0 (never negative).
		{"credit note below zero", ae, 5000, 100000, 100000, -30000, 5000, -0.3, 0, 0},
		// a rep with no quota in the whole year has no target pay.
		{"no quota in the year", ae, 20000, 0, 0, 10000, 0, 0, 0, 0},
		// 6,000 x 1/3 of the year's quota: 2,000 of target pay at
		// 41,000 / 30,000 = 1.3666667: 0.25 + 0.5 + 1.5 x 0.3666667 = 1.3:
		// 2,000 x 1.3 = 2,600.
		{"a quarter's share of the year", ae, 6000, 30000, 90000, 41000, 2000, 41000.0 / 30000, 1.3, 2600},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b := &compBlock{Comp: tc.comp, paid: true}
			r := compRep(b, tc.targetPay, []float64{tc.quota}, tc.quotaFY, []float64{tc.actual}, ended, asOf)
			p := r.Periods[0]
			if !p.Paid {
				t.Fatalf("period not paid")
			}
			for _, c := range []struct {
				what      string
				got, want float64
			}{{"target pay", p.TargetPay, tc.wantTP}, {"attainment", p.Attainment, tc.wantAtt},
				{"factor", p.Factor, tc.wantF}, {"payout", p.Payout, tc.wantPay}, {"total", r.Payout, tc.wantPay}} {
				if math.Abs(c.got-c.want) > 1e-9 {
					t.Errorf("%s = %v, want %v", c.what, c.got, c.want)
				}
			}
		})
	}
}

// TestCompOpenPeriod checks that a period ending after as_of is not paid.
func TestCompOpenPeriod(t *testing.T) {
	asOf := time.Date(2027, 3, 30, 0, 0, 0, 0, time.UTC)
	open := []*PayoutPeriod{{ID: "Q1", Months: []int{0}, End: time.Date(2027, 3, 31, 0, 0, 0, 0, time.UTC)}}
	r := compRep(&compBlock{Comp: tiers(0, 0, 1), paid: true}, 5000, []float64{100000}, 100000, []float64{150000}, open, asOf)
	if p := r.Periods[0]; p.Paid || p.Payout != 0 || r.Payout != 0 || p.TargetPay != 5000 || p.Actual != 150000 {
		t.Errorf("open period = %+v, payout %v; want unpaid, target pay 5000, actual 150000", p, r.Payout)
	}
}

// TestCompFactor checks the payout curve at the bounds of its tiers.
func TestCompFactor(t *testing.T) {
	c := tiers(2, 0, 0.5, 0.5, 1, 1, 1.5)
	for _, tc := range []struct{ a, want float64 }{
		{-1, 0}, {0, 0}, {0.5, 0.25}, {0.8, 0.55}, {1, 0.75}, {1.2, 1.05}, {1.5, 1.5}, {1.8333333333333333, 2}, {5, 2},
	} {
		if got := c.Factor(tc.a); math.Abs(got-tc.want) > 1e-9 {
			t.Errorf("f(%v) = %v, want %v", tc.a, got, tc.want)
		}
	}
}

// TestRoundCents checks rounding to cents, halves away from zero.
func TestRoundCents(t *testing.T) {
	for _, tc := range []struct{ v, want float64 }{
		{333.3333, 333.33}, {666.6667, 666.67}, {0.005, 0.01}, {1.005, 1.01}, {-0.005, -0.01}, {8250, 8250},
	} {
		if got := roundCents(tc.v); got != tc.want {
			t.Errorf("roundCents(%v) = %v, want %v", tc.v, got, tc.want)
		}
	}
}

// TestCompHandComputed checks the payouts of testdata/comp against values
// worked out by hand from SPEC section 9.
//
// The plan runs 2027-01 .. 2027-12 with as_of 2027-05-15: Q1 (ends
// 2027-03-31) is paid, Q2 (ends 2027-06-30) is open. Every AE carries
// 360,000 a year = 30,000 a month = 90,000 a quarter, and the comp "ae"
// pays rep.ote x 0.5 = 24,000 a year, so 24,000 x 90,000 / 360,000 =
// 6,000 a quarter, on the curve 0.5 below 50%, 1 to 100%, 1.5 above,
// capped at 2:
//
//	ann  Q1 90,000 + 45,000 = 135,000: a = 1.5, f = 0.25 + 0.5 + 0.75 = 1.5: 9,000
//	     Q2 30,000 so far (2027-04-05): open, no payout
//	ben  Q1 270,000: a = 3, f = 0.25 + 0.5 + 3 = 3.75, capped at 2: 12,000
//	cat  Q1 27,000: a = 0.3, f = 0.5 x 0.3 = 0.15: 900
//	dan  starts 2027-04-01: quota Q1 0, FY 270,000; target pay of Q1 0, of
//	     Q2 24,000 x 90,000 / 270,000 = 8,000; a deal of 5,000 in March:
//	     a(Q1) = 0 (no quota), payout 0
//	eve  Q1 20,000 - 50,000 (credit note) = -30,000: a = -1/3, f = 0: 0
//
// ae: 5 reps, target pay 120,000, payout 9,000 + 12,000 + 900 = 21,900;
// quota 4 x 360,000 + 270,000 = 1,710,000. At a uniform 1.2: f = 0.25 +
// 0.5 + 0.3 = 1.05, payout 120,000 x 1.05 = 126,000 on bookings 1.2 x
// 1,710,000 = 2,052,000: cost of sale 126,000 / 2,052,000 = 0.0614035.
//
// sam (SDR) carries 120 meetings a year = 10 a month; the comp "sdr" pays
// 40,000 x 0.3 = 12,000 a year by month: 12,000 x 10 / 120 = 1,000 a
// month, rate 1 to 100% and 2 above. January to April are paid (May ends
// after as_of): Jan 10 (a = 1, 1,000), Feb 15 (a = 1.5, f = 1 + 0.5 x 2 =
// 2: 2,000), Mar 0 (0), Apr 5 (a = 0.5: 500): 3,500. May holds 8 meetings,
// unpaid.
func TestCompHandComputed(t *testing.T) {
	res := evalDir(t, "testdata/comp")
	if res.Comps == nil || res.Comps.AsOf != "2027-05-15" {
		t.Fatalf("comps = %+v, want as_of 2027-05-15", res.Comps)
	}
	near := func(what string, got, want float64) {
		t.Helper()
		if math.Abs(got-want) > 1e-6 {
			t.Errorf("%s = %v, want %v", what, got, want)
		}
	}
	type quarter struct{ tp, att, factor, pay float64 }
	wantAE := map[string]struct {
		q1     quarter
		q2TP   float64
		payout float64
	}{
		"ann": {quarter{6000, 1.5, 1.5, 9000}, 6000, 9000},
		"ben": {quarter{6000, 3, 2, 12000}, 6000, 12000},
		"cat": {quarter{6000, 0.3, 0.15, 900}, 6000, 900},
		"dan": {quarter{0, 0, 0, 0}, 8000, 0},
		"eve": {quarter{6000, -1.0 / 3, 0, 0}, 6000, 0},
	}
	for id, w := range wantAE {
		rep := res.Rep(id)
		c := rep.CompOf("ae")
		if c == nil || len(c.Periods) != 4 {
			t.Fatalf("%s: comp ae = %+v", id, c)
		}
		q1, q2 := c.Periods[0], c.Periods[1]
		if !q1.Paid || q2.Paid {
			t.Errorf("%s: Q1 paid %v, Q2 paid %v; want true, false", id, q1.Paid, q2.Paid)
		}
		near(id+" target pay", c.TargetPay, 24000)
		near(id+" Q1 target pay", q1.TargetPay, w.q1.tp)
		near(id+" Q1 attainment", q1.Attainment, w.q1.att)
		near(id+" Q1 factor", q1.Factor, w.q1.factor)
		near(id+" Q1 payout", q1.Payout, w.q1.pay)
		near(id+" Q2 target pay", q2.TargetPay, w.q2TP)
		near(id+" Q2 payout", q2.Payout, 0)
		near(id+" payout", c.Payout, w.payout)
		if s, ok := res.Series(Subject{Kind: SubjectRep, ID: id}, "ae", KindPayout); !ok || s.Total != w.payout || s.Periods[2] != w.q1.pay {
			t.Errorf("%s: ledger payout = %+v, %v; want total %v in March", id, s, ok, w.payout)
		}
		if rep.CompOf("sdr") != nil {
			t.Errorf("%s: the sdr comp applies", id)
		}
	}
	near("ann Q2 actual", res.Rep("ann").CompOf("ae").Periods[1].Actual, 30000)
	sam := res.Rep("sam").CompOf("sdr")
	if sam == nil || len(sam.Periods) != 12 {
		t.Fatalf("sam: comp sdr = %+v", sam)
	}
	for i, want := range []float64{1000, 2000, 0, 500} {
		near("sam "+sam.Periods[i].ID+" payout", sam.Periods[i].Payout, want)
		near("sam "+sam.Periods[i].ID+" target pay", sam.Periods[i].TargetPay, 1000)
	}
	if sam.Periods[4].Paid || sam.Periods[4].Actual != 8 {
		t.Errorf("sam May = %+v, want unpaid with 8 meetings", sam.Periods[4])
	}
	near("sam payout", sam.Payout, 3500)
	ae := res.Comps.Comp("ae")
	if ae.Reps != 5 {
		t.Errorf("ae reps = %d, want 5", ae.Reps)
	}
	near("ae target pay", ae.TargetPay, 120000)
	near("ae payout", ae.Payout, 21900)
	near("ae quota", ae.Quota, 1710000)
	pt := ae.Cost(1.2)
	near("ae payout at 1.2", pt.Payout, 126000)
	near("ae bookings at 1.2", pt.Bookings, 2052000)
	near("ae cost of sale at 1.2", pt.CostOfSale, 126000.0/2052000)
	// checks read rep.target_pay and rep.payout: ben's 12,000 is over
	// 0.4 x 24,000 = 9,600; ann's 9,000 is not.
	failing := map[string]bool{}
	for _, c := range res.Checks {
		if c.Check == "accelerator_exposure" && c.Status == "fail" {
			failing[c.Subject] = true
		}
	}
	if len(failing) != 1 || !failing["ben"] {
		t.Errorf("accelerator_exposure fails for %v, want ben only", failing)
	}
}

// TestCompCombination: two comps apply to one rep (revenue and meetings),
// each with its own share of target pay, and rules read both.
//
// The plan runs 2027-01 .. 2027-03 (3 months, one quarter) with as_of
// 2027-03-31. kim carries 30,000 of new_arr (10,000 a month) and 30
// meetings (10 a month); her OTE is 20,000, 60% on revenue (12,000) and
// 40% on meetings (8,000), both paid by the quarter at rate 1. She books
// 36,000 (a = 1.2: 12,000 x 1.2 = 14,400) and holds 15 meetings (a = 0.5:
// 8,000 x 0.5 = 4,000); the check reads 14,400 + 4,000 = 18,400.
func TestCompCombination(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"plan.hcl": `plan "combo" {
  start  = "2027-01-01"
  months = 3
}

import "deals" {
  csv = "deals.csv"
}

rep "kim" {
  ote = 20000
}

quota "new_arr" {
  annual = "30000"
}

quota "meetings" {
  unit   = "meetings"
  annual = "30"
}

actual "new_arr" {
  where  = "deal.kind == 'deal'"
  date   = "deal.date"
  amount = "deal.amount"
  rep    = "deal.owner"
}

actual "meetings" {
  where  = "deal.kind == 'meeting'"
  date   = "deal.date"
  amount = "deal.amount"
  rep    = "deal.owner"
}

comp "revenue" {
  measure    = "new_arr"
  target_pay = "rep.ote * 0.6"
  tier {
    from = 0
    rate = 1
  }
}

comp "meetings" {
  target_pay = "rep.ote * 0.4"
  tier {
    from = 0
    rate = 1
  }
}

check "paid" {
  scope  = "rep"
  assert = "rep.payout.revenue + rep.payout.meetings == 18400 && rep.target_pay.revenue + rep.target_pay.meetings == rep.ote"
}
`,
		"deals.csv": "id,owner,kind,date,amount\nD1,kim,deal,2027-02-01,36000\nM1,kim,meeting,2027-03-01,15\n",
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	res := evalDir(t, dir)
	kim := res.Rep("kim")
	if len(kim.Comp) != 2 {
		t.Fatalf("kim has %d comps, want 2", len(kim.Comp))
	}
	for _, tc := range []struct {
		id                string
		targetPay, payout float64
	}{{"meetings", 8000, 4000}, {"revenue", 12000, 14400}} {
		c := kim.CompOf(tc.id)
		if c == nil || c.TargetPay != tc.targetPay || c.Payout != tc.payout || !c.Periods[0].Paid {
			t.Errorf("%s: %+v, want target pay %v and payout %v", tc.id, c, tc.targetPay, tc.payout)
		}
	}
	if len(res.Checks) != 1 || res.Checks[0].Status != "pass" {
		t.Errorf("checks = %+v, want the paid check to pass", res.Checks)
	}
}
