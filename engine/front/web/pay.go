package web

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/quotaplan/quotaplan/engine"
	"github.com/quotaplan/quotaplan/plans"
	"github.com/quotaplan/quotaplan/rules"
)

// The pay page (SPEC section 9): for a plan with comp blocks, each comp's
// payout curve (attainment -> payout factor, from the block's own
// factor function), its cost curve at the plan's cost points (the figures
// of `quotaplan comp --format json`), target pay against payout by
// period, and each rep's target pay and payouts to date. The rep page
// shows a card per comp of the rep from the same data.
func init() {
	Register(Page{
		ID:    "pay",
		Title: "Pay",
		Order: 70,
		Has:   func(in *Input) bool { return in.Result.Comps != nil && len(in.Result.Comps.Comps) > 0 },
		Data:  payData,
	})
}

// PayData is the pay page's data.
type PayData struct {
	AsOf     string    `json:"as_of"`
	Currency string    `json:"currency"`
	Comps    []PayComp `json:"comps"`
}

// PayComp is one comp block over the reps it applies to.
type PayComp struct {
	ID        string    `json:"id"`
	Measure   string    `json:"measure"`
	Unit      string    `json:"unit"`
	Period    string    `json:"period"` // month, quarter or year
	At        string    `json:"at,omitempty"`
	Paid      bool      `json:"paid"` // the measure has actual blocks
	Reps      int       `json:"reps"`
	TargetPay float64   `json:"target_pay"`
	Payout    *float64  `json:"payout"` // null when nothing can be paid
	Tiers     []PayTier `json:"tiers"`
	Cap       *float64  `json:"cap"`
	// CapAt is the attainment from which the cap binds, null without a cap
	// or when the curve never reaches it.
	CapAt *float64 `json:"cap_at"`
	// Curve samples the payout factor every point of attainment from 0 to
	// past the last tier and the cap, plus each tier's start and the cap's.
	Curve []PayPoint `json:"curve"`
	// Cost is the cost curve at engine.CostPoints.
	Cost []PayCost `json:"cost"`
	// Periods are the payout periods, each with the target pay and the
	// payout (null until paid) of every rep together.
	Periods []PayPeriod `json:"periods"`
	Rows    []PayRow    `json:"rows"`
}

// PayTier is one tier of a payout curve.
type PayTier struct {
	From float64 `json:"from"`
	Rate float64 `json:"rate"`
}

// PayPoint is one point of a payout curve.
type PayPoint struct {
	A float64 `json:"a"` // attainment
	F float64 `json:"f"` // payout factor
}

// PayCost is the cost of a comp at one uniform attainment, as `quotaplan
// comp --format json` gives it (cost_of_sale null when nothing is booked).
type PayCost struct {
	Attainment float64  `json:"attainment"`
	Factor     float64  `json:"factor"`
	Payout     float64  `json:"payout"`
	Bookings   float64  `json:"bookings"`
	CostOfSale *float64 `json:"cost_of_sale"`
}

// PayPeriod is one payout period over every rep of a comp: its months
// (0-based), and the target pay and the payout (null until paid) of every
// rep together.
type PayPeriod struct {
	ID        string   `json:"id"`
	Months    []int    `json:"months"`
	TargetPay float64  `json:"target_pay"`
	Payout    *float64 `json:"payout"`
}

// PayRow is one rep of a comp, compact as a report inlines it for ten
// thousand reps: the year's target pay, and for the paid periods (the
// first ones) their payout and attainment as the whole percent the
// terminal prints (math.Round(a x 100)); Out is the payout to date. A
// period's target pay is the rep page's to work out from the rep's quota
// months (target pay x quota(P) / quota(FY), as the engine does).
type PayRow struct {
	ID        string    `json:"id"`
	TargetPay float64   `json:"tp"`
	Payouts   []float64 `json:"p"`
	Percent   []float64 `json:"a"`
	Out       float64   `json:"out"`
}

// payData builds the page's data from the result's comps.
func payData(in *Input) any {
	r := in.Result
	d := &PayData{AsOf: r.Comps.AsOf, Currency: r.Plan.Currency, Comps: []PayComp{}}
	for _, s := range r.Comps.Comps {
		pc := PayComp{ID: s.ID, Measure: s.Measure, Unit: unitOf(r, s.Measure), Period: plans.CompQuarter, Paid: s.Paid,
			Reps: s.Reps, TargetPay: s.TargetPay, Tiers: []PayTier{}, Curve: []PayPoint{}, Cost: []PayCost{}, Periods: []PayPeriod{}, Rows: []PayRow{}}
		if s.Paid {
			p := s.Payout
			pc.Payout = &p
		}
		if b := s.Block; b != nil {
			pc.Period, pc.At = b.Period, rangeAt(b.DefRange)
			for _, t := range b.Tiers {
				pc.Tiers = append(pc.Tiers, PayTier{From: t.From, Rate: t.Rate})
			}
			if b.HasCap {
				c := b.Cap
				pc.Cap = &c
				if at, ok := capAt(b); ok {
					at = round6(at)
					pc.CapAt = &at
				}
			}
			pc.Curve = payCurve(b, pc.CapAt)
			for _, x := range engine.CostPoints {
				pt := s.Cost(x)
				cv := PayCost{Attainment: x, Factor: b.Factor(x), Payout: pt.Payout, Bookings: pt.Bookings}
				if pt.HasCost {
					c := pt.CostOfSale
					cv.CostOfSale = &c
				}
				pc.Cost = append(pc.Cost, cv)
			}
		}
		for _, rep := range r.Reps {
			c := rep.CompOf(s.ID)
			if c == nil {
				continue
			}
			if len(pc.Periods) == 0 {
				for _, p := range c.Periods {
					pc.Periods = append(pc.Periods, PayPeriod{ID: p.ID, Months: p.Months})
				}
			}
			row := PayRow{ID: rep.ID, TargetPay: c.TargetPay, Payouts: []float64{}, Percent: []float64{}, Out: c.Payout}
			for k, p := range c.Periods {
				if k < len(pc.Periods) {
					pc.Periods[k].TargetPay += p.TargetPay
				}
				if p.Paid {
					row.Payouts = append(row.Payouts, p.Payout)
					row.Percent = append(row.Percent, math.Round(p.Attainment*100))
					if k < len(pc.Periods) {
						sum := p.Payout
						if pc.Periods[k].Payout != nil {
							sum += *pc.Periods[k].Payout
						}
						pc.Periods[k].Payout = &sum
					}
				}
			}
			pc.Rows = append(pc.Rows, row)
		}
		for k := range pc.Periods {
			pc.Periods[k].TargetPay = roundCents(pc.Periods[k].TargetPay)
			if p := pc.Periods[k].Payout; p != nil {
				*p = roundCents(*p)
			}
		}
		d.Comps = append(d.Comps, pc)
	}
	return d
}

// capAt is the smallest attainment at which the comp's factor reaches its
// cap, walking the tiers (each adds rate x the attainment it spans).
func capAt(b *plans.Comp) (float64, bool) {
	if !b.HasCap {
		return 0, false
	}
	if b.Cap <= 0 {
		return 0, true
	}
	f := 0.0
	for i, t := range b.Tiers {
		hi := math.Inf(1)
		if i+1 < len(b.Tiers) {
			hi = b.Tiers[i+1].From
		}
		if t.Rate > 0 {
			if reach := t.From + (b.Cap-f)/t.Rate; reach <= hi {
				return reach, true
			}
		}
		if !math.IsInf(hi, 1) {
			f += t.Rate * (hi - t.From)
		}
	}
	return 0, false
}

// maxCurvePoints bounds the samples of a payout curve: a plan's tiers
// are its own, and a tier starting at 1e9 must not make a billion points.
const maxCurvePoints = 400

// payCurve samples b's payout factor: every 0.01 of attainment from 0 to
// past the last tier's start and the cap (at least 150%, at most 300%,
// as the terminal's chart), plus each tier's start and the cap's point
// within that range, sorted.
func payCurve(b *plans.Comp, capFrom *float64) []PayPoint {
	top := 1.5
	if n := len(b.Tiers); n > 0 {
		top = max(top, b.Tiers[n-1].From+0.5)
	}
	if capFrom != nil {
		top = max(top, *capFrom+0.2)
	}
	top = min(top, 3)
	steps := min(int(math.Round(top*100)), maxCurvePoints)
	xs := make([]float64, 0, steps+len(b.Tiers)+2)
	for i := 0; i <= steps; i++ {
		xs = append(xs, float64(i)/100)
	}
	for _, t := range b.Tiers {
		if t.From >= 0 && t.From <= top {
			xs = append(xs, round6(t.From))
		}
	}
	if capFrom != nil && *capFrom <= top {
		xs = append(xs, *capFrom)
	}
	slices.Sort(xs)
	xs = slices.Compact(xs)
	out := make([]PayPoint, 0, len(xs))
	for _, x := range xs {
		out = append(out, PayPoint{A: x, F: round6(b.Factor(x))})
	}
	return out
}

// roundCents rounds v to 0.01, as payouts are.
func roundCents(v float64) float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v) > 1e15 {
		return v
	}
	return math.Round(v*100) / 100
}

// Money formats an amount of pay as `quotaplan comp` prints it: whole
// amounts with thousands separators ("9,000"), others with two decimals
// and no separator ("1234.50"). QP.money in the page script is the same.
func Money(v float64) string {
	if v == math.Trunc(v) {
		return rules.Human(v, true)
	}
	return strconv.FormatFloat(v, 'f', 2, 64)
}

// payAmount is Money with the plan currency, as a letter reads it:
// "$24,000", "EUR 1234.50".
func payAmount(v float64, currency string) string {
	s := Money(math.Abs(v))
	sign := ""
	if v < 0 && s != "0" && s != "0.00" {
		sign = "-"
	}
	switch currency {
	case "":
		return sign + s
	case "USD":
		return sign + "$" + s
	}
	return sign + currency + " " + s
}

// The letter's comp section: what each comp pays the rep, in plain words,
// and what attainment pays at the cost points.
func init() { RegisterLetterSection(paySection) }

// payPeriodWords says how often a comp pays.
var payPeriodWords = map[string]string{plans.CompMonth: "each month", plans.CompQuarter: "each quarter", plans.CompYear: "once, for the year"}

// paySection is rep's comp plan: per comp its target pay a year, how
// often it is paid and on which measure, the payout curve in words and,
// once paid, the payouts to date; the table gives the payout factor and
// the year's payout at 50%, 80%, 100%, 120% and 150% attainment in every
// period. nil for a rep no comp applies to.
func paySection(in *Input, rep *engine.RepResult) *LetterSection {
	r := in.Result
	if r.Comps == nil || len(rep.Comp) == 0 {
		return nil
	}
	cur := r.Plan.Currency
	money := func(v float64) string { return payAmount(v, cur) }
	s := &LetterSection{Order: 30, Title: "Your compensation plan"}
	many := len(rep.Comp) > 1
	header := []string{"Attainment", "Payout factor", "Payout a year"}
	if many {
		header = append([]string{"Comp"}, header...)
	}
	s.Table = [][]string{header}
	for _, c := range rep.Comp {
		sum := r.Comps.Comp(c.ID)
		var b *plans.Comp
		if sum != nil {
			b = sum.Block
		}
		period := plans.CompQuarter
		if b != nil {
			period = b.Period
		}
		unit := unitOf(r, c.Measure)
		para := fmt.Sprintf("Comp %s: your target pay is %s a year, the incentive at 100%% attainment of your %s quota (%s). It is paid %s on your attainment of that period's %s quota",
			c.ID, money(c.TargetPay), c.Measure, rules.FormatAmount(c.QuotaFY, unit), payPeriodWords[period], c.Measure)
		if len(c.Periods) > 1 {
			var parts []string
			for _, p := range c.Periods {
				parts = append(parts, p.ID+" "+money(roundCents(p.TargetPay)))
			}
			para += "; each period's target pay is its share of your quota: " + strings.Join(parts, ", ")
		}
		s.Paragraphs = append(s.Paragraphs, para+".")
		if b != nil && len(b.Tiers) > 0 {
			var steps []string
			for i, t := range b.Tiers {
				step := fmt.Sprintf("%s from %s", strconv.FormatFloat(t.Rate, 'f', -1, 64), percent(t.From))
				if i == 0 {
					step = fmt.Sprintf("%s points of the period's target pay from %s", strconv.FormatFloat(t.Rate, 'f', -1, 64), percent(t.From))
				}
				steps = append(steps, step)
			}
			curve := "Each point of attainment pays " + joinAnd(steps)
			if b.HasCap {
				curve += fmt.Sprintf(", up to %s times the period's target pay", strconv.FormatFloat(b.Cap, 'f', -1, 64))
				if at, ok := capAt(b); ok {
					curve += " (reached at " + percent(round6(at)) + " attainment)"
				}
			}
			s.Paragraphs = append(s.Paragraphs, curve+".")
		}
		switch {
		case !c.Paid:
			s.Paragraphs = append(s.Paragraphs, fmt.Sprintf("Nothing is paid yet: the plan has no %s actuals.", c.Measure))
		default:
			var paid []string
			for _, p := range c.Periods {
				if p.Paid {
					paid = append(paid, fmt.Sprintf("%s %s at %s", p.ID, money(p.Payout), percent(p.Attainment)))
				}
			}
			if len(paid) == 0 {
				s.Paragraphs = append(s.Paragraphs, fmt.Sprintf("As of %s no period has ended yet: nothing is paid so far.", r.Comps.AsOf))
			} else {
				s.Paragraphs = append(s.Paragraphs, fmt.Sprintf("Paid to date as of %s: %s (%s).", r.Comps.AsOf, money(c.Payout), strings.Join(paid, ", ")))
			}
		}
		if b == nil {
			continue
		}
		for _, x := range engine.CostPoints {
			f := b.Factor(x)
			pay := 0.0
			if c.QuotaFY > 0 {
				pay = roundCents(max(0, c.TargetPay*f))
			}
			row := []string{percent(x), strconv.FormatFloat(f, 'f', 2, 64), money(pay)}
			if many {
				row = append([]string{c.ID}, row...)
			}
			s.Table = append(s.Table, row)
		}
	}
	if len(s.Table) == 1 {
		s.Table = nil
	} else {
		s.Paragraphs = append(s.Paragraphs, "If you attain the same share of your quota in every period, the year pays:")
	}
	return s
}
