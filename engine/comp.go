package engine

import (
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/quotaplan/quotaplan/plans"
	"github.com/quotaplan/quotaplan/plans/parallel"
	"github.com/quotaplan/quotaplan/rules"
)

// Compensation (SPEC section 9, plans/LANGUAGE.md "comp"): a comp block
// pays the reps it applies to for attaining the quota of one measure. The
// comp step of the dependency order (compKey) comes after the quotas of
// every comp's measure and the crediting of actuals; rules that read
// rep.target_pay or rep.payout come after it. Its figures are kept per
// rep in RepResult.Comp and read through the ledger as KindTargetPay and
// KindPayout series keyed by comp id.

// compKey is the dependency-order key of the comp step.
const compKey = "comp:"

// compBlock is a compiled comp block.
type compBlock struct {
	*plans.Comp
	appliesTo, targetPay *rules.Rule
	// paid tells that the comp's measure has actual blocks, so that its
	// periods can be paid.
	paid bool
}

// compSchema adds what the comp blocks of p give rules to s.
func compSchema(p *plans.Plan, s *rules.Schema) {
	actual := p.CreditMeasures(plans.CreditActual)
	for _, c := range p.Comps { // sorted by label
		s.Comps.IDs = append(s.Comps.IDs, c.Label)
		s.Comps.Measures = append(s.Comps.Measures, c.Measure)
		if slices.Contains(actual, c.Measure) {
			s.Comps.Paid = append(s.Comps.Paid, c.Label)
		}
	}
}

// compBlocks compiles the rules of every comp block.
func (c *compiler) compBlocks(p *plans.Plan) []*compBlock {
	var out []*compBlock
	for _, cp := range p.Comps {
		out = append(out, &compBlock{Comp: cp, paid: slices.Contains(c.schema.Comps.Paid, cp.Label),
			appliesTo: c.rule(cp.AppliesTo, rules.ScopeRep, rules.KindBool),
			targetPay: c.rule(cp.TargetPay, rules.ScopeRep, rules.KindNumber)})
	}
	return out
}

// compNodeRefs is what the comp step reads: its rules' references, the
// quotas of every comp's measure and, for paid comps, the crediting.
func compNodeRefs(blocks []*compBlock) []rules.Ref {
	var refs []rules.Ref
	for _, b := range blocks {
		refs = append(refs, ruleRefs(b.appliesTo, b.targetPay)...)
		refs = append(refs, rules.Ref{Kind: rules.RefMeasure, Name: b.Measure})
		if b.paid {
			refs = append(refs, rules.Ref{Kind: rules.RefCredit})
		}
	}
	return refs
}

// compFieldNames are the rep fields the comp blocks of s give reps.
func compFieldNames(s *rules.Schema) []string {
	var out []string
	for _, f := range rules.CompFields {
		if len(s.Comps.FieldComps(f.Name)) > 0 {
			out = append(out, f.Name)
		}
	}
	return out
}

// CompResult is what one comp pays one rep it applies to.
type CompResult struct {
	ID      string // the comp block's label
	Measure string
	// TargetPay is the year's incentive at 100% attainment, as the comp's
	// target_pay rule gives it.
	TargetPay float64
	// Paid tells that the comp's measure has actual blocks; without, no
	// period is ever paid and Payout is 0.
	Paid bool
	// Payout is the sum of the payouts of the paid periods.
	Payout float64
	// QuotaFY is the rep's quota of the measure over the plan.
	QuotaFY float64
	Periods []CompPeriod
}

// PayoutPeriod is a payout period of the plan: a month, a quarter or the
// year. Every rep's CompPeriod of it shares it.
type PayoutPeriod struct {
	ID     string // a month id, "Q1".. or "FY"
	Months []int  // 0-based indexes of its months
	End    time.Time
}

// CompPeriod is one payout period of a rep's comp.
type CompPeriod struct {
	*PayoutPeriod
	// TargetPay is target_pay x quota / quota(FY), 0 when quota(FY) is 0.
	TargetPay     float64
	Quota, Actual float64
	// Paid: the period ended on or before as_of (and the comp is paid);
	// Attainment, Factor and Payout hold only then.
	Paid       bool
	Attainment float64 // actual / quota; 0 when the quota is 0
	Factor     float64 // f(attainment), capped
	Payout     float64 // TargetPay x Factor, rounded to 0.01, never negative
}

// CompOf returns the rep's result of comp id, nil when it does not apply.
func (r *RepResult) CompOf(id string) *CompResult {
	for _, c := range r.Comp {
		if c.ID == id {
			return c
		}
	}
	return nil
}

// compSeries is Ledger.Series for KindTargetPay and KindPayout of a rep:
// target pay spread over the months by their quota, and each paid
// period's payout in its last month.
func (r *RepResult) compSeries(id string, k Kind, months int) (Series, bool) {
	c := r.CompOf(id)
	if c == nil {
		return Series{}, false
	}
	s := Series{Periods: make([]float64, months)}
	for _, p := range c.Periods {
		switch k {
		case KindTargetPay:
			if c.QuotaFY != 0 {
				for _, m := range p.Months {
					if q := r.Quota(c.Measure); q != nil && q.Periods != nil {
						s.Periods[m] = c.TargetPay * q.Periods[m] / c.QuotaFY
					}
				}
			}
		case KindPayout:
			if p.Paid && len(p.Months) > 0 {
				s.Periods[p.Months[len(p.Months)-1]] = p.Payout
			}
		}
	}
	switch k {
	case KindTargetPay:
		s.Total = c.TargetPay
	case KindPayout:
		s.Total = c.Payout
	}
	return s, true
}

// CompsResult is what the plan's comp blocks give the plan as a whole.
type CompsResult struct {
	AsOf  string // "2027-08-31"
	Comps []*CompSummary
}

// Comp returns the summary of comp id, nil for none.
func (c *CompsResult) Comp(id string) *CompSummary {
	for _, s := range c.Comps {
		if s.ID == id {
			return s
		}
	}
	return nil
}

// CompSummary is one comp over every rep it applies to.
type CompSummary struct {
	ID, Measure string
	// Block is the comp block (its tiers and cap make the payout curve);
	// nil for a result read back from JSON.
	Block     *plans.Comp
	Paid      bool
	Reps      int
	TargetPay float64 // sum over its reps
	Payout    float64 // sum of the reps' payouts to date
	// Quota is the sum of its reps' quota(FY); Earning is the target pay
	// of the reps with a quota(FY) above 0, which is what a uniform
	// attainment pays on.
	Quota, Earning float64
}

// CostPoints are the default attainment points of a cost curve (SPEC
// section 9): what finance asks a plan costs at.
var CostPoints = []float64{0.5, 0.8, 1, 1.2, 1.5}

// CostPoint is the cost of a comp at one uniform attainment.
type CostPoint struct {
	Attainment float64
	Payout     float64 // Earning x f(attainment), rounded to 0.01
	Bookings   float64 // attainment x sum of quota(FY)
	CostOfSale float64 // Payout / Bookings
	HasCost    bool    // false when Bookings is 0
}

// Cost returns the cost of the comp if every rep attained x in every
// period (SPEC section 9, cost curve); the zero point without a block.
func (s *CompSummary) Cost(x float64) CostPoint {
	pt := CostPoint{Attainment: x}
	if s.Block == nil {
		return pt
	}
	pt.Payout = roundCents(max(0, s.Earning*s.Block.Factor(x)))
	pt.Bookings = x * s.Quota
	if pt.Bookings != 0 {
		pt.CostOfSale, pt.HasCost = pt.Payout/pt.Bookings, true
	}
	return pt
}

// roundCents rounds v to 0.01, halves away from zero; a value within
// 1e-6 cents of a half counts as the half (float noise).
func roundCents(v float64) float64 {
	c := v * 100
	if math.Abs(c) < 1e12 {
		c = math.Round(c*1e6) / 1e6
	}
	return math.Round(c) / 100
}

// payoutPeriods returns the payout periods of kind (plans.CompMonth,
// CompQuarter or CompYear).
func (e *evaluator) payoutPeriods(kind string) []*PayoutPeriod {
	var out []*PayoutPeriod
	switch kind {
	case plans.CompMonth:
		for i, p := range e.periods {
			out = append(out, &PayoutPeriod{p.ID, []int{i}, p.End})
		}
	case plans.CompYear:
		all := make([]int, len(e.periods))
		for i := range all {
			all[i] = i
		}
		out = append(out, &PayoutPeriod{"FY", all, e.periods[len(e.periods)-1].End})
	default:
		for _, q := range e.quarters {
			out = append(out, &PayoutPeriod{q.ID, q.Periods, e.periods[q.Periods[len(q.Periods)-1]].End})
		}
	}
	return out
}

// compRun is the state of the comp step of one evaluation.
type compRun struct {
	results [][]*CompResult // [comp][rep], nil where the comp does not apply
}

// evalComps computes every comp for every rep, then sets rep.target_pay
// and rep.payout on the rep objects rules read.
func (e *evaluator) evalComps() {
	run := &compRun{results: make([][]*CompResult, len(e.c.comps))}
	e.comp = run
	asOf := e.p.AsOf
	for ci, b := range e.c.comps {
		periods := e.payoutPeriods(b.Period)
		out := make([]*CompResult, len(e.w.reps))
		// Two passes: the rules first (target pay, -1 where the comp does
		// not apply), then the payouts into one slab of results and one of
		// periods, sized by the reps the comp applies to.
		tps := make([]float64, len(e.w.reps))
		fig := -1
		if b.paid && e.credit != nil {
			fig = e.credit.fig(b.Measure, plans.CreditActual)
		}
		e.forEach(len(e.w.reps), func(w *worker, i int) {
			rs := e.w.reps[i]
			tps[i] = -1
			if rs.quotaOf(b.Measure) == nil {
				return
			}
			setRep(w.env, rs)
			who := func() string { return "rep " + quote(rs.ID) }
			if b.appliesTo != nil {
				ok, err := w.mach.Bool(b.appliesTo, w.env)
				if err != nil {
					w.failRule(b.appliesTo, who(), err)
					return
				}
				if !ok {
					return
				}
			}
			tp, err := w.mach.Number(b.targetPay, w.env)
			if err != nil {
				w.failRule(b.targetPay, who(), err)
				return
			}
			if tp < 0 {
				w.fail("comp-negative:"+b.Label, b.TargetPay.Range, "Negative target pay", fmt.Sprintf(
					"The target_pay of comp %q is %s for %s; target pay is the year's incentive at 100%% attainment and must be zero or more. Check the rule and the rep's attributes.",
					b.Label, FormatNumber(tp), who()))
				return
			}
			tps[i] = tp
		})
		at := make([]int32, len(e.w.reps)) // index into the slabs
		k := int32(0)
		for i, tp := range tps {
			at[i] = k
			if tp >= 0 {
				k++
			}
		}
		slab := make([]CompResult, k)
		pslab := make([]CompPeriod, int(k)*len(periods))
		parallel.Spread(len(e.w.reps), max(1, len(e.workers)), func(_, i int) {
			if tps[i] < 0 {
				return
			}
			rs, j := e.w.reps[i], int(at[i])
			qr := rs.quotaOf(b.Measure)
			var actual []float64
			if fig >= 0 {
				n := e.credit.n
				actual = e.credit.sums[fig][rs.index*n : (rs.index+1)*n]
			}
			r := &slab[j]
			r.Periods = pslab[j*len(periods) : (j+1)*len(periods) : (j+1)*len(periods)]
			compRepInto(r, b, tps[i], qr.Periods, qr.Total, actual, periods, asOf)
			out[i] = r
		})
		run.results[ci] = out
	}
	e.setCompFields()
}

// compRep computes what comp b pays a rep with target pay tp, quotas of
// the measure by month (total quotaFY) and actuals by month (nil when the
// comp is not paid).
func compRep(b *compBlock, tp float64, quotas []float64, quotaFY float64, actual []float64, periods []*PayoutPeriod, asOf time.Time) *CompResult {
	r := &CompResult{Periods: make([]CompPeriod, len(periods))}
	compRepInto(r, b, tp, quotas, quotaFY, actual, periods, asOf)
	return r
}

// compRepInto is compRep into r, whose Periods holds one element per
// payout period.
func compRepInto(r *CompResult, b *compBlock, tp float64, quotas []float64, quotaFY float64, actual []float64, periods []*PayoutPeriod, asOf time.Time) {
	r.ID, r.Measure, r.TargetPay, r.Paid, r.QuotaFY = b.Label, b.Measure, tp, b.paid && actual != nil, quotaFY
	for k, pp := range periods {
		p := &r.Periods[k]
		p.PayoutPeriod = pp
		for _, m := range pp.Months {
			p.Quota += quotas[m]
			if actual != nil {
				p.Actual += actual[m]
			}
		}
		if quotaFY != 0 {
			p.TargetPay = tp * p.Quota / quotaFY
		}
		if !r.Paid || pp.End.After(asOf) {
			continue
		}
		p.Paid = true
		if p.Quota != 0 {
			p.Attainment = p.Actual / p.Quota
		}
		p.Factor = b.Factor(p.Attainment)
		p.Payout = roundCents(max(0, p.TargetPay*p.Factor))
		r.Payout += p.Payout
	}
	r.Payout = roundCents(r.Payout)
}

// setCompFields sets rep.target_pay and rep.payout on every rep object:
// 0 for a comp that does not apply to the rep.
func (e *evaluator) setCompFields() {
	s := e.c.schema.Comps
	tpShape, payShape := rules.NewShape(s.IDs...), (*rules.Shape)(nil)
	if len(s.Paid) > 0 {
		payShape = rules.NewShape(s.Paid...)
	}
	tps := tpShape.Objects(len(e.w.reps))
	var pays []rules.Object
	if payShape != nil {
		pays = payShape.Objects(len(e.w.reps))
	}
	rf := e.w.repShape.Field
	tpField, payField := rf(rules.NameTargetPay), rf(rules.NamePayout)
	tpFields := make([]int, len(e.c.comps))
	payFields := make([]int, len(e.c.comps))
	for ci, b := range e.c.comps {
		tpFields[ci], payFields[ci] = tpShape.Field(b.Label), -1
		if payShape != nil && b.paid {
			payFields[ci] = payShape.Field(b.Label)
		}
	}
	parallel.Spread(len(e.w.reps), max(1, len(e.workers)), func(_, i int) {
		rs := e.w.reps[i]
		for ci := range e.c.comps {
			r := e.comp.results[ci][i]
			var tp, pay float64
			if r != nil {
				tp, pay = r.TargetPay, r.Payout
			}
			tps[i].Set(tpFields[ci], tp)
			if payFields[ci] >= 0 {
				pays[i].Set(payFields[ci], pay)
			}
		}
		rs.obj.Set(tpField, &tps[i])
		if payShape != nil {
			rs.obj.Set(payField, &pays[i])
		}
	})
}

// attachComps gives res every rep's comp results and the plan's comp
// summaries.
func (e *evaluator) attachComps(res *Result) {
	run := e.comp
	if run == nil {
		return
	}
	out := &CompsResult{AsOf: e.p.AsOf.Format("2006-01-02")}
	// each rep's list of comps, cut from one backing array
	counts := make([]int32, len(res.Reps))
	total := 0
	for ci := range e.c.comps {
		for i, r := range run.results[ci] {
			if r != nil {
				counts[i]++
				total++
			}
		}
	}
	backing := make([]*CompResult, total)
	for i := range res.Reps {
		if counts[i] > 0 {
			res.Reps[i].Comp, backing = backing[:0:counts[i]], backing[counts[i]:]
		}
	}
	for ci, b := range e.c.comps {
		s := &CompSummary{ID: b.Label, Measure: b.Measure, Block: b.Comp, Paid: b.paid}
		for i, r := range run.results[ci] {
			if r == nil {
				continue
			}
			res.Reps[i].Comp = append(res.Reps[i].Comp, r)
			s.Reps++
			s.TargetPay += r.TargetPay
			s.Payout += r.Payout
			s.Quota += r.QuotaFY
			if r.QuotaFY > 0 {
				s.Earning += r.TargetPay
			}
		}
		s.Payout = roundCents(s.Payout)
		out.Comps = append(out.Comps, s)
	}
	res.Comps = out
}

// restoreComps sets, in a world restored from res (explain, plan tests),
// the comp figures res holds.
func (e *evaluator) restoreComps(res *Result) {
	if len(e.c.comps) == 0 || res.Comps == nil {
		return
	}
	run := &compRun{results: make([][]*CompResult, len(e.c.comps))}
	for ci, b := range e.c.comps {
		run.results[ci] = make([]*CompResult, len(e.w.reps))
		for i, rep := range res.Reps {
			if i < len(e.w.reps) {
				run.results[ci][i] = rep.CompOf(b.Label)
			}
		}
	}
	e.comp = run
	e.setCompFields()
}
