package engine

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/quotaplan/quotaplan/plans"
	"github.com/quotaplan/quotaplan/rules"
)

// evaluator evaluates one variant (scenario and variables) of a model.
type evaluator struct {
	p        *plans.Plan
	c        *compiled
	periods  []Period
	quarters []Quarter
	w        *world
	workers  []*worker
	// mach and env are the first worker's, used outside parallel steps
	// (goals, explain, plan tests).
	mach  *rules.Machine
	env   *rules.Frame
	fails failures
	// members is the membership roll-ups follow; roll holds the roll-ups
	// of each measure once it is evaluated.
	members *members
	roll    rollups
	lets    letValues
	series  [][]float64 // the reps' series of the measure being rolled up
	// credit is the crediting of actual, pipeline and forecast blocks
	// (actuals.go); evaluated marks the measures whose quotas are done.
	credit    *creditRun
	evaluated map[string]bool
}

// evaluate computes every let and quota in dependency order, then goals and
// checks.
func (m *Model) evaluate(ctx context.Context, scenario string, vars map[string]any) (*Result, hcl.Diagnostics) {
	e := &evaluator{p: m.Plan, c: m.compiled}
	e.periods, e.quarters = buildPeriods(m.Plan)
	if e.w = m.compiled.prebuilt.take(); e.w == nil {
		e.w = buildWorld(m.Plan, m.compiled.shapes, e.periods)
	}
	e.w.base[rules.SlotVar] = vars
	e.members = e.w.members(len(e.periods))
	nm := len(e.c.schema.Measures)
	e.roll = rollups{territory: make([][]Series, nm), team: make([][]Series, nm), plan: make([]Series, nm)}
	e.lets = letValues{plan: map[string]float64{}, rep: map[string][]float64{}, territory: map[string][]float64{}}
	e.newWorkers()
	log := m.opts.Logger
	progress, steps := m.opts.Progress, len(e.c.steps)+2 // the rules, then goals and checks
	for i, s := range e.c.steps {
		if err := ctx.Err(); err != nil {
			return nil, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Evaluation interrupted", Detail: err.Error()}}
		}
		if s.let != nil {
			if progress != nil {
				progress(s.let.Name, i, steps)
			}
			log.Debug().Str("let", s.let.Name).Msg("evaluate let")
			e.evalLet(s.let)
		} else if s.credit {
			e.evalCredits()
		} else {
			if progress != nil {
				progress(s.measure, i, steps)
			}
			log.Debug().Str("measure", s.measure).Int("reps", len(e.w.reps)).Msg("evaluate quota")
			e.evalMeasure(s.measure, s.quotas)
		}
		e.afterStep(s)
		if e.fails.any() {
			return nil, e.fails.diagnostics()
		}
	}
	if progress != nil {
		progress("goals", steps-2, steps)
	}
	res := e.result(scenario, vars)
	e.attachCredits(res)
	e.evalGoals(res)
	if !e.fails.any() {
		if progress != nil {
			progress("checks", steps-1, steps)
		}
		e.evalChecks(res)
	}
	if e.fails.any() {
		return nil, e.fails.diagnostics()
	}
	return res, e.creditWarnings()
}

// evalLet computes a let for its scope's every subject.
func (e *evaluator) evalLet(l *let) {
	switch l.Scope {
	case plans.ScopeRep:
		vals := make([]float64, len(e.w.reps))
		e.forEach(len(e.w.reps), func(w *worker, i int) {
			rs := e.w.reps[i]
			setRep(w.env, rs)
			vals[i] = w.number(l.rule, func() string { return "rep " + quote(rs.ID) })
		})
		field := e.w.repShape.Field(l.Name)
		for i, rs := range e.w.reps {
			rs.obj.Set(field, vals[i])
		}
		e.lets.rep[l.Name] = vals
	case plans.ScopeTerritory:
		vals := make([]float64, len(e.w.terrs))
		e.forEach(len(e.w.terrs), func(w *worker, i int) {
			w.env.Set(rules.SlotTerritory, e.w.terrs[i].obj)
			vals[i] = w.number(l.rule, func() string { return "territory " + quote(e.w.terrs[i].ID) })
		})
		field := e.w.terrShape.Field(l.Name)
		for i, ts := range e.w.terrs {
			ts.obj.Set(field, vals[i])
		}
		e.lets.territory[l.Name] = vals
	default:
		e.forEach(1, func(w *worker, _ int) {
			v := w.number(l.rule, func() string { return "the plan" })
			e.w.planObj[l.Name] = v
			e.lets.plan[l.Name] = v
		})
	}
}

// number evaluates a number rule, recording a failure for the subject who
// names (and yielding 0).
func (w *worker) number(r *rules.Rule, who func() string) float64 {
	v, err := w.mach.Number(r, w.env)
	if err != nil {
		w.failRule(r, who(), err)
	}
	return v
}

// evalMeasure computes the quota of one measure for every rep, then the
// territory roll-ups rules may read.
func (e *evaluator) evalMeasure(measure string, quotas []*quota) {
	results := make([]*QuotaResult, len(e.w.reps))
	e.forEach(len(e.w.reps), func(w *worker, i int) {
		rs := e.w.reps[i]
		setRep(w.env, rs)
		if q := w.applying(rs, quotas); q != nil {
			results[i] = w.repQuota(rs, q)
		}
	})
	field := e.w.measureShape.Field(measure)
	if e.series == nil {
		e.series = make([][]float64, len(results))
	}
	series := e.series
	for i, rs := range e.w.reps {
		series[i] = nil
		if qr := results[i]; qr != nil {
			rs.quotas[field] = qr
			rs.quota.Set(field, qr.Total)
			rs.full.Set(field, qr.Full)
			if !qr.Restates {
				series[i] = qr.Periods
			}
		}
	}
	e.roll.territory[field], e.roll.team[field], e.roll.plan[field] = e.members.rollUp(series)
	for i, ts := range e.w.terrs {
		ts.quota.Set(field, e.roll.territory[field][i].Total)
	}
}

// applying returns the quota block of a measure that applies to rs, or nil;
// two blocks applying at once is an error.
func (w *worker) applying(rs *repState, quotas []*quota) *quota {
	var found *quota
	for _, q := range quotas {
		if q.appliesTo != nil {
			ok, err := w.mach.Bool(q.appliesTo, w.env)
			if err != nil {
				w.failRule(q.appliesTo, "rep "+quote(rs.ID), err)
				return nil
			}
			if !ok {
				continue
			}
		}
		if found != nil {
			w.fail(fmt.Sprintf("overlap:%s:%s", found.Label, q.Label), q.DefRange, "Two quotas of one measure apply to a rep",
				fmt.Sprintf("Quota blocks %q (%s) and %q both set measure %q for rep %q. Narrow their applies_to rules so that at most one applies to each rep.",
					found.Label, at(found.DefRange), q.Label, q.Measure, rs.ID))
			return nil
		}
		found = q
	}
	return found
}

// repQuota computes one rep's quota for one measure, period by period, with
// the factors of each figure (plans/LANGUAGE.md section 6).
func (w *worker) repQuota(rs *repState, q *quota) *QuotaResult {
	e := w.e
	subject := func() string { return "rep " + quote(rs.ID) }
	n := len(e.periods)
	qr := &QuotaResult{Measure: q.Measure, Unit: q.Unit, Block: q.Label, Restates: !q.Rollup, weights: q.weights,
		presence: rs.presence, days: e.periods, prorate: q.Prorate}
	// With cumulative rounding a month's quota is the rounded running total
	// less the rounded running total before it (plans/LANGUAGE.md section 3, quota).
	cumulative := q.Rounding == plans.RoundCumulative
	var running, rounded float64
	// one allocation for the figures and the values rules produce
	cols := 1
	if q.monthly != nil {
		cols++
	}
	if q.ramp != nil {
		cols++
		qr.tiers = make([]int16, n)
	}
	buf := make([]float64, cols*n)
	qr.Periods, buf = buf[:n:n], buf[n:]
	if q.monthly != nil {
		qr.monthly, buf = buf[:n:n], buf[n:]
	}
	if q.ramp != nil {
		qr.ramp = buf[:n:n]
	}
	if q.annual != nil {
		var err error
		if qr.annual, err = w.mach.Number(q.annual, w.env); err != nil {
			w.failRule(q.annual, subject(), err)
			return nil
		}
		qr.Full = qr.annual
	}
	for i := range e.periods {
		pr := &rs.presence[i]
		e.w.setPeriod(w.env, rs, i)
		where := func() string { return subject() + " in " + e.periods[i].ID }
		full := qr.annual * q.weights[i]
		if q.monthly != nil {
			v, err := w.mach.Number(q.monthly, w.env)
			if err != nil {
				w.failRule(q.monthly, where(), err)
				return nil
			}
			full = v
			qr.monthly[i] = v
			qr.Full += v
		}
		var value float64
		if pr.active > 0 {
			factor := 1.0
			if q.ramp != nil {
				var ok bool
				if factor, ok = w.rampFactor(q.ramp, qr, i, where); !ok {
					return nil
				}
			}
			share := 1.0
			if q.Prorate {
				share = pr.active
			}
			value = roundTo(full*factor*share, q.Round)
			if cumulative {
				running += full * factor * share
				next := roundTo(running, q.Round)
				value, rounded = next-rounded, next
			}
		}
		if math.IsNaN(value) || math.IsInf(value, 0) {
			w.fail("nan:"+q.Label, q.DefRange, "Quota is not a finite number",
				fmt.Sprintf("Quota %q for %s is %v. Check the rules it is made of for a division by zero.", q.Label, where(), value))
			return nil
		}
		qr.Periods[i] = value
		qr.Total += value
	}
	return qr
}

// rampFactor finds the first ramp tier whose when holds in period i and
// records it in qr; the factor is 1 when no tier holds.
func (w *worker) rampFactor(r *ramp, qr *QuotaResult, i int, where func() string) (float64, bool) {
	qr.ramp[i], qr.tiers[i] = 1, -1
	for t, when := range r.when {
		ok, err := w.mach.Bool(when, w.env)
		if err != nil {
			w.failRule(when, where(), err)
			return 0, false
		}
		if !ok {
			continue
		}
		v, err := w.mach.Number(r.factor[t], w.env)
		if err != nil {
			w.failRule(r.factor[t], where(), err)
			return 0, false
		}
		qr.ramp[i], qr.tiers[i] = v, int16(t)
		return v, true
	}
	return 1, true
}

// roundTo rounds v to the nearest multiple of inc, halves away from zero;
// inc 0 leaves v as it is. A quotient within 1e-9 of a half is taken as
// the half, so float noise such as 8.4999999999 rounds like 8.5.
func roundTo(v, inc float64) float64 {
	if inc <= 0 {
		return v
	}
	q := v / inc
	if math.Abs(q) < 1e6 {
		q = math.Round(q*1e9) / 1e9
	}
	return math.Round(q) * inc
}

// quotaOf implements quota(rep_id, measure, period) for rules.
func (e *evaluator) quotaOf(repID, measure, period string) float64 {
	rs := e.w.repByID[repID]
	if rs == nil {
		panic(fmt.Sprintf("quota(): no rep %q in the plan", repID))
	}
	if !contains(e.c.schema.Measures, measure) {
		panic(fmt.Sprintf("quota(): no measure %q in the plan (measures: %s)", measure, strings.Join(e.c.schema.Measures, ", ")))
	}
	if period == "TD" && len(e.c.schema.Credits.Actual) > 0 {
		return e.quotaToDate(rs, measure)
	}
	idx, err := periodSet(period, e.periods, e.quarters)
	if err != nil {
		panic("quota(): " + err.Error())
	}
	qr := rs.quotaOf(measure)
	if qr == nil {
		return 0
	}
	var sum float64
	for _, i := range idx {
		sum += qr.Periods[i]
	}
	return sum
}

func quote(s string) string { return fmt.Sprintf("%q", s) }

func at(r hcl.Range) string { return fmt.Sprintf("%s:%d", r.Filename, r.Start.Line) }

// failures collects evaluation errors, one diagnostic per failing rule with
// the first subject it failed for and how many more.
type failures struct {
	keys  []string
	diags map[string]*hcl.Diagnostic
	more  map[string]int
}

func (f *failures) any() bool { return len(f.keys) > 0 }

func (f *failures) add(key string, rng hcl.Range, summary, detail string) {
	if f.diags == nil {
		f.diags, f.more = map[string]*hcl.Diagnostic{}, map[string]int{}
	}
	if _, ok := f.diags[key]; ok {
		f.more[key]++
		return
	}
	f.keys = append(f.keys, key)
	f.diags[key] = &hcl.Diagnostic{Severity: hcl.DiagError, Summary: summary, Detail: detail, Subject: &rng}
}

// rule records that rule r failed for subject.
func (f *failures) rule(r *rules.Rule, subject string, err error) {
	rf := ruleFailure(r, subject, err)
	f.add(rf.key, rf.rng, rf.summary, rf.detail)
}

// ruleFailure is the failure of rule r for subject: one diagnostic per
// rule, located where err points inside it.
func ruleFailure(r *rules.Rule, subject string, err error) failure {
	return failure{key: fmt.Sprintf("rule:%p", r), rng: r.Located(err), summary: "Rule failed",
		detail: fmt.Sprintf("Evaluating this rule for %s failed: %s.%s", subject, rules.Message(err), rules.Hint(err))}
}

func (f *failures) diagnostics() hcl.Diagnostics {
	out := make(hcl.Diagnostics, 0, len(f.keys))
	for _, k := range f.keys {
		d := *f.diags[k]
		if n := f.more[k]; n > 0 {
			d.Detail += fmt.Sprintf(" The same problem occurs %d more time(s).", n)
		}
		out = append(out, &d)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Subject.Start.Byte < out[j].Subject.Start.Byte })
	return out
}
