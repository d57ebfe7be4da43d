package baseline

import (
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/quotaplan/quotaplan/cmd/plangen/gen"
)

// The plan's measures, in the sorted order of the JSON result.
const (
	measureExpansion = iota
	measureMeetings
	measureNewARR
	numMeasures
)

// measures names the measures by index.
var measures = [numMeasures]string{"expansion_arr", "meetings", "new_arr"}

// period is one month of the plan.
type period struct {
	id         string
	start, end time.Time
	days       int
	quarter    int // 1-based quarter of the plan year
}

// quarter is "Qn" with the 0-based indexes of its periods.
type quarter struct {
	id      string
	periods []int
}

// segmentVars are the per-segment variables of the plan.
type segmentVars struct {
	aeQuota, coverage, expansionRate float64
}

// checkResult is one check for one subject.
type checkResult struct {
	check, subject, message string
	pass                    bool
}

// goalResult is the evaluated goal "new_arr".
type goalResult struct {
	target, assigned, ratio, expected float64
}

// evaluation is the generated plan, loaded and evaluated.
type evaluation struct {
	rules       gen.Rules
	segments    map[string]segmentVars
	periods     []period
	quarters    []quarter
	territories []*territory
	reps        []*rep
	baseARR     float64
	goal        goalResult
	checks      []checkResult
	warnings    int
	act         *actuals // nil for a plan without deals
}

// newEvaluation lays out the calendar of the plan.
func newEvaluation(r gen.Rules) *evaluation {
	e := &evaluation{rules: r, segments: map[string]segmentVars{}}
	for _, s := range r.Segments {
		e.segments[s.Name] = segmentVars{aeQuota: s.AEQuota, coverage: s.Coverage, expansionRate: s.ExpansionRate}
	}
	for i := range r.Months {
		start := r.Start.AddDate(0, i, 0)
		end := start.AddDate(0, 1, -1)
		e.periods = append(e.periods, period{id: start.Format("2006-01"), start: start, end: end,
			days: daysBetween(start, end), quarter: i/3 + 1})
		if i%3 == 0 {
			e.quarters = append(e.quarters, quarter{id: fmt.Sprintf("Q%d", i/3+1)})
		}
		q := &e.quarters[len(e.quarters)-1]
		q.periods = append(q.periods, i)
	}
	return e
}

// evaluate computes the quotas in dependency order (new_arr, the
// territory lets that read it, meetings, expansion_arr), then the goal and
// the checks.
func (e *evaluation) evaluate() error {
	flat := make([]float64, len(e.reps)*len(e.periods))
	for i, r := range e.reps {
		r.periods = flat[i*len(e.periods) : (i+1)*len(e.periods) : (i+1)*len(e.periods)]
	}
	if err := e.newARR(); err != nil {
		return err
	}
	e.territoryLets()
	e.meetings()
	if err := e.expansion(); err != nil {
		return err
	}
	e.evalGoal()
	e.evalChecks()
	return nil
}

// newARR is quota "new_arr": the segment's AE quota, seasonal, ramped by
// "new_hire", prorated and rounded.
func (e *evaluation) newARR() error {
	w := make([]float64, len(e.periods))
	for i := range w {
		w[i] = e.rules.Season[(i/3)%4] / 3
	}
	var fullAE float64
	for _, r := range e.reps {
		if r.role != "AE" {
			continue
		}
		if r.terr == nil {
			return fmt.Errorf("baseline: AE %s has no territory", r.id)
		}
		annual := e.segments[r.terr.segment].aeQuota
		fullAE += annual
		e.setQuota(r, measureNewARR, annual, w, e.rules.NewARRRound, e.ramp)
	}
	e.baseARR = gen.BaseARR(fullAE)
	return nil
}

// territoryLets computes "capacity" and "meetings_needed" of every
// territory.
func (e *evaluation) territoryLets() {
	for _, t := range e.territories {
		if !t.hasAccounts {
			continue
		}
		t.capacity = t.accounts * t.winRate * t.dealSize
		t.meetingsNeeded = t.totals[measureNewARR] / t.dealSize / t.winRate / e.rules.MeetingToOpp
	}
}

// meetings is quota "meetings": every territory's meetings needed plus the
// buffer, shared among all SDRs, spread evenly and rounded.
func (e *evaluation) meetings() {
	var needed float64
	for _, t := range e.territories {
		needed += t.meetingsNeeded
	}
	sdrs := 0
	for _, r := range e.reps {
		if r.role == "SDR" {
			sdrs++
		}
	}
	annual := needed * (1 + e.rules.SDRBuffer) / float64(sdrs)
	w := even(len(e.periods))
	for _, r := range e.reps {
		if r.role == "SDR" {
			e.setQuota(r, measureMeetings, annual, w, e.rules.MeetingsRound, nil)
		}
	}
}

// expansion is quota "expansion_arr": the CSM's book times the segment's
// expansion rate, spread evenly and rounded.
func (e *evaluation) expansion() error {
	w := even(len(e.periods))
	for _, r := range e.reps {
		if r.role != "CSM" {
			continue
		}
		if r.terr == nil {
			return fmt.Errorf("baseline: CSM %s has no territory", r.id)
		}
		annual := r.book * e.segments[r.terr.segment].expansionRate
		e.setQuota(r, measureExpansion, annual, w, e.rules.ExpansionRound, nil)
	}
	return nil
}

// even returns n equal month weights.
func even(n int) []float64 {
	w := make([]float64, n)
	for i := range w {
		w[i] = 1 / float64(n)
	}
	return w
}

// setQuota computes a rep's period quotas from its annual amount and the
// month weights (plans/LANGUAGE.md section 6), and adds its total to its territory and
// every territory above it.
func (e *evaluation) setQuota(r *rep, m int, annual float64, w []float64, inc float64, ramp func(*rep, int, int) float64) {
	r.measure, r.full, r.total = m, annual, 0
	for i := range e.periods {
		r.periods[i] = 0
		activeDays, tenure := e.presence(r, i)
		if activeDays == 0 {
			continue
		}
		factor := 1.0
		if ramp != nil {
			factor = ramp(r, i, tenure)
		}
		active := float64(activeDays) / float64(e.periods[i].days)
		monthly := annual * w[i]
		v := roundTo(monthly*factor*active, inc)
		r.periods[i] = v
		r.total += v
	}
	for t := r.terr; t != nil; t = t.up {
		t.totals[m] += r.total
	}
}

// presence returns the days of period i inside [start, end] and the
// tenure month of the rep in it.
func (e *evaluation) presence(r *rep, i int) (activeDays, tenure int) {
	p := e.periods[i]
	from, to := p.start, p.end
	tenure = 120 + i + 1
	if r.start != nil {
		tenure = max(0, (p.start.Year()-r.start.Year())*12+int(p.start.Month())-int(r.start.Month())+1)
		if r.start.After(from) {
			from = *r.start
		}
	}
	if r.end != nil && r.end.Before(to) {
		to = *r.end
	}
	return daysBetween(from, to), tenure
}

// ramp is ramp "new_hire": the new-territory tier in Q1, then the tiers of
// tenure months 1, 2, 3; 1 when none holds.
func (e *evaluation) ramp(r *rep, i, tenure int) float64 {
	if r.terr != nil && r.terr.isNew && (e.periods[i].quarter-1)%4+1 == 1 {
		return e.rules.NewTerritoryFactor
	}
	if tenure >= 1 && tenure <= len(e.rules.TenureFactors) {
		return e.rules.TenureFactors[tenure-1]
	}
	return 1
}

// evalGoal computes goal "new_arr" over the whole year.
func (e *evaluation) evalGoal() {
	g := &e.goal
	g.target = e.baseARR * (1 + e.rules.Growth)
	for _, r := range e.reps {
		if r.measure != measureNewARR {
			continue
		}
		for _, v := range r.periods {
			g.assigned += v
		}
	}
	if g.target != 0 {
		g.ratio = g.assigned / g.target
	}
	g.expected = g.target * (1 + e.rules.Overassign)
}

// evalChecks runs the checks, sorted by check, then subject: overassignment
// (the goal), pipeline_coverage and quota_to_ote (every AE).
func (e *evaluation) evalChecks() {
	rt := e.rules
	ratio := e.goal.ratio
	e.addCheck("overassignment", "new_arr", ratio >= rt.RatioMin && ratio <= rt.RatioMax,
		func() string { return "quotas total " + formatNumber(math.Round(ratio*100)) + "% of the target" })
	for _, r := range e.reps {
		if r.role != "AE" || !r.hasPipeline || !(r.total > 0) {
			continue
		}
		cov := e.segments[r.terr.segment].coverage
		e.addCheck("pipeline_coverage", r.id, r.pipeline >= cov*r.total, func() string {
			return "pipeline covers " + formatNumber(math.Round(r.pipeline/r.total*10)/10) + "x of the quota"
		})
	}
	for _, r := range e.reps {
		if r.role != "AE" {
			continue
		}
		m := oteMultiple(r)
		e.addCheck("quota_to_ote", r.id, m >= rt.OTEMultipleMin && m <= rt.OTEMultipleMax, func() string {
			return "quota is " + formatNumber(math.Round(m*100)/100) + "x OTE; healthy is " +
				literal(rt.OTEMultipleMin) + "-" + literal(rt.OTEMultipleMax) + "x"
		})
	}
}

// oteMultiple is let "ote_multiple": the full new ARR quota over OTE.
func oteMultiple(r *rep) float64 {
	if !r.hasOTE || r.ote == 0 {
		return 0
	}
	full := 0.0
	if r.measure == measureNewARR {
		full = r.full
	}
	return full / r.ote
}

// literal prints v as plan.hcl writes it into the rule text.
func literal(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// addCheck records a check result; message renders it when it fails.
func (e *evaluation) addCheck(check, subject string, pass bool, message func() string) {
	c := checkResult{check: check, subject: subject, pass: pass}
	if !pass {
		c.message = message()
		e.warnings++
	}
	e.checks = append(e.checks, c)
}

// daysBetween counts the days of the inclusive interval [a, b]; 0 when b is
// before a.
func daysBetween(a, b time.Time) int {
	if b.Before(a) {
		return 0
	}
	return int(b.Sub(a)/(24*time.Hour)) + 1
}

// roundTo rounds v to the nearest multiple of inc, halves away from zero,
// taking a quotient within 1e-9 of a half as the half (float noise).
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
