package engine

import (
	"context"
	"fmt"
	"math"
	"slices"
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
	comp      *compRun // the comp step (comp.go)
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
		if s.carve != nil {
			e.evalCarve()
		} else if s.let != nil {
			if progress != nil {
				progress(s.let.Name, i, steps)
			}
			log.Debug().Str("let", s.let.Name).Msg("evaluate let")
			e.evalLet(s.let)
		} else if s.credit {
			e.evalCredits()
		} else if s.comp {
			e.evalComps()
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
	e.attachComps(res)
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
		field := e.w.repShape.Field(l.Name)
		var later [][]float64 // the values of reps' later versions, when some rep has one
		if e.w.versioned {
			later = make([][]float64, len(e.w.reps))
		}
		e.forEach(len(e.w.reps), func(w *worker, i int) {
			rs := e.w.reps[i]
			for v := range rs.versionCount() {
				setVersion(w.env, rs, v)
				val := w.number(l.rule, func() string { return "rep " + quote(rs.ID) + versionNote(rs, v) })
				if v == 0 {
					vals[i] = val
					continue
				}
				// only the rep's own rules read its later versions
				rs.versions[v].obj.Set(field, val)
				later[i] = append(later[i], val)
			}
		})
		if later != nil {
			if e.lets.versions == nil {
				e.lets.versions = map[string][][]float64{}
			}
			e.lets.versions[l.Name] = later
		}
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
		results[i] = w.repQuota(e.w.reps[i], quotas)
	})
	e.lockFigures(measure, results)
	e.adjustFigures(measure, results)
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

// applying returns the quota block of a measure that applies to the rep
// the frame holds, or nil; two blocks applying at once is an error.
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

// quotaSeg is the part of a rep's quota that one of its versions holds: the
// block that applies to the version (nil for none) and its annual amount.
type quotaSeg struct {
	from, to int
	version  int
	block    *quota
	annual   float64
}

// repQuota computes one rep's quota for one measure, period by period, with
// the factors of each figure (plans/LANGUAGE.md section 6); nil when no
// block applies to the rep in any of its versions. A rep with changes is
// taken version by version: in each, the block that applies to the version
// and its annual amount give the periods the version holds.
func (w *worker) repQuota(rs *repState, quotas []*quota) *QuotaResult {
	e := w.e
	n := len(e.periods)
	var one [1]quotaSeg
	segs := one[:0]
	var first *quota
	for v := range rs.versionCount() {
		from, to := rs.span(v, n)
		if from >= to {
			continue
		}
		setVersion(w.env, rs, v)
		q := w.applying(rs, quotas)
		seg := quotaSeg{from: from, to: to, version: v, block: q}
		if q != nil && q.annual != nil {
			var err error
			if seg.annual, err = w.mach.Number(q.annual, w.env); err != nil {
				w.failRule(q.annual, "rep "+quote(rs.ID)+versionNote(rs, v), err)
				return nil
			}
		}
		if q != nil && first == nil {
			first = q
		}
		segs = append(segs, seg)
	}
	if first == nil {
		return nil
	}
	q := first
	qr := &QuotaResult{Measure: q.Measure, Unit: q.Unit, Block: q.Label, Restates: !q.Rollup, weights: q.weights,
		presence: rs.presence, days: e.periods, prorate: q.Prorate, annual: segs[0].annual}
	if len(segs) > 1 {
		qr.segs = slices.Clone(segs)
	}
	// one allocation for the figures and the values rules produce
	monthly, ramp := false, false
	for _, s := range segs {
		monthly = monthly || (s.block != nil && s.block.monthly != nil)
		ramp = ramp || (s.block != nil && s.block.ramp != nil)
	}
	cols := 1
	if monthly {
		cols++
	}
	if ramp {
		cols++
		qr.tiers = make([]int16, n)
	}
	buf := make([]float64, cols*n)
	qr.Periods, buf = buf[:n:n], buf[n:]
	if monthly {
		qr.monthly, buf = buf[:n:n], buf[n:]
	}
	if ramp {
		qr.ramp = buf[:n:n]
	}
	if len(segs) == 1 && q.annual != nil {
		qr.Full = qr.annual
	}
	var st roundState
	for _, s := range segs {
		if s.block == nil {
			continue
		}
		if len(segs) > 1 {
			setVersion(w.env, rs, s.version)
		}
		if !w.periodQuotas(rs, s, qr, &st, len(segs) > 1) {
			return nil
		}
	}
	return qr
}

// roundState is the running total of cumulative rounding.
type roundState struct{ running, rounded float64 }

// periodQuotas computes the periods of segment s of a rep's quota into qr;
// with sumFull the full amounts of the periods add up into qr.Full. It is
// false when a rule failed.
func (w *worker) periodQuotas(rs *repState, s quotaSeg, qr *QuotaResult, st *roundState, sumFull bool) bool {
	e, q := w.e, s.block
	subject := func() string { return "rep " + quote(rs.ID) + versionNote(rs, s.version) }
	cumulative := q.Rounding == plans.RoundCumulative
	for i := s.from; i < s.to; i++ {
		pr := &rs.presence[i]
		e.w.setPeriod(w.env, rs, i)
		where := func() string { return subject() + " in " + e.periods[i].ID }
		full := s.annual * q.weights[i]
		if q.monthly != nil {
			v, err := w.mach.Number(q.monthly, w.env)
			if err != nil {
				w.failRule(q.monthly, where(), err)
				return false
			}
			full = v
			qr.monthly[i] = v
			qr.Full += v
		} else if sumFull {
			qr.Full += full
		}
		var value float64
		if pr.active > 0 {
			factor := 1.0
			if q.ramp != nil {
				var ok bool
				if factor, ok = w.rampFactor(q.ramp, qr, i, where); !ok {
					return false
				}
			} else if qr.ramp != nil {
				qr.ramp[i], qr.tiers[i] = 1, -1
			}
			share := 1.0
			if q.Prorate {
				share = pr.active
			}
			value = roundTo(full*factor*share, q.Round)
			if cumulative {
				st.running += full * factor * share
				next := roundTo(st.running, q.Round)
				value, st.rounded = next-st.rounded, next
			}
		}
		if math.IsNaN(value) || math.IsInf(value, 0) {
			w.fail("nan:"+q.Label, q.DefRange, "Quota is not a finite number",
				fmt.Sprintf("Quota %q for %s is %v. Check the rules it is made of for a division by zero.", q.Label, where(), value))
			return false
		}
		qr.Periods[i] = value
		qr.Total += value
	}
	return true
}

// versionNote names the version of a rep with changes in messages: " (as
// changed on 2027-08-01)"; "" for the rep as declared.
func versionNote(rs *repState, v int) string {
	if v == 0 {
		return ""
	}
	return " (as changed on " + rs.versions[v].change.From.Format("2006-01-02") + ")"
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
