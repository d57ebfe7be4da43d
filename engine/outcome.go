package engine

import (
	"cmp"
	"fmt"
	"github.com/quotaplan/quotaplan/plans/words"
	"runtime"
	"slices"
	"strings"

	"github.com/quotaplan/quotaplan/plans"
	"github.com/quotaplan/quotaplan/plans/parallel"
	"github.com/quotaplan/quotaplan/rules"
)

// result assembles the evaluated reps, territories and periods.
func (e *evaluator) result(scenario string, vars map[string]any) *Result {
	p := e.p
	res := &Result{
		Plan: PlanInfo{ID: p.ID, Title: p.Title, Start: p.Start.Format("2006-01-02"), Months: p.Months, Currency: p.Currency,
			AsOf: p.AsOf.Format("2006-01-02")},
		Scenario: scenario, Vars: vars, Ledger: Ledger{Periods: e.periods, Quarters: e.quarters},
	}
	units := map[string]string{}
	for _, q := range p.Quotas {
		if _, ok := units[q.Measure]; !ok {
			units[q.Measure] = q.Unit
		}
	}
	for _, m := range e.c.schema.Measures {
		res.Measures = append(res.Measures, Measure{Name: m, Unit: units[m]})
	}
	// One allocation for every rep's result, one for their quotas and one
	// for their reports; each rep's share of the last two is found first,
	// so the results can be filled on every CPU.
	reps := make([]RepResult, len(e.w.reps))
	quotaAt, reportAt := make([]int, len(e.w.reps)+1), make([]int, len(e.w.reps)+1)
	for i, rs := range e.w.reps {
		quotaAt[i+1], reportAt[i+1] = quotaAt[i], reportAt[i]+len(rs.reports)
		for _, qr := range rs.quotas {
			if qr != nil {
				quotaAt[i+1]++
			}
		}
	}
	quotas := make([]*QuotaResult, quotaAt[len(e.w.reps)])
	reports := make([]string, reportAt[len(e.w.reps)])
	res.Reps = make([]*RepResult, len(e.w.reps))
	parallel.Spread(len(e.w.reps), runtime.GOMAXPROCS(0), func(_, i int) {
		rs := e.w.reps[i]
		own := quotas[quotaAt[i]:quotaAt[i]:quotaAt[i+1]]
		for _, qr := range rs.quotas {
			if qr != nil {
				own = append(own, qr)
			}
		}
		reps[i] = RepResult{ID: rs.ID, Name: rs.Name, Role: rs.Role, Territory: rs.Territory, Manager: rs.Manager,
			Depth: rs.depth, Quotas: own, Versions: rs.memberVersions()}
		if len(rs.reports) > 0 {
			ids := reports[reportAt[i]:reportAt[i+1]:reportAt[i+1]]
			for k, c := range rs.reports {
				ids[k] = c.ID
			}
			reps[i].Reports = ids
		}
		reps[i].Attrs = &rs.Attrs
		reps[i].Changes = repChanges(rs.Rep)
		res.Reps[i] = &reps[i]
	})
	for _, ts := range e.w.terrs {
		res.Territories = append(res.Territories, &TerritoryResult{ID: ts.ID, Name: ts.Name, Parent: ts.Parent, Depth: ts.depth})
	}
	res.indexRollups(e.members)
	res.roll.territory, res.roll.team, res.roll.plan = e.roll.territory, e.roll.team, e.roll.plan
	for ti := range res.Territories {
		res.setTerritoryTotals(ti)
	}
	res.countTerritoryReps(e.members)
	res.lets = e.lets
	res.Accounts = e.w.accountsResult(e.c.carve != nil)
	res.Summary.Reps = len(res.Reps)
	return res
}

// evalGoals computes target, assigned, ratio and expected of every goal.
func (e *evaluator) evalGoals(res *Result) {
	for _, g := range e.c.goals {
		gr := &GoalResult{ID: g.Name, Description: g.Description, Measure: g.Measure, Period: g.Period, Overassign: g.Overassign}
		target, err := e.mach.Number(g.target, e.env)
		if err != nil {
			e.fails.rule(g.target, fmt.Sprintf("goal %q", g.Name), err)
			continue
		}
		gr.Target = target
		idx, err := periodSet(g.Period, e.periods, e.quarters)
		if err != nil {
			e.fails.add("goal-period:"+g.Name, g.PeriodRange, "Unknown goal period", words.UpperFirst(err.Error())+".")
			continue
		}
		assigned := Series{Periods: make([]float64, len(e.periods))}
		for _, rs := range e.w.reps {
			qr := rs.quotaOf(g.Measure)
			if qr == nil || qr.Restates { // a restating quota never counts for a goal
				continue
			}
			// Each version of the rep counts with the periods it holds, if
			// it matches where.
			counted := false
			for v := range rs.versionCount() {
				if g.where != nil {
					setVersion(e.env, rs, v)
					ok, err := e.mach.Bool(g.where, e.env)
					if err != nil {
						e.fails.rule(g.where, "rep "+quote(rs.ID)+versionNote(rs, v), err)
						return
					}
					if !ok {
						continue
					}
				}
				from, to := rs.span(v, len(e.periods))
				for _, i := range idx {
					if from <= i && i < to {
						counted = true
						gr.Assigned += qr.Periods[i]
						assigned.Periods[i] += qr.Periods[i]
					}
				}
			}
			if counted {
				gr.Reps++
			}
		}
		assigned.total()
		res.roll.goal[g.Name] = assigned
		if gr.Target != 0 {
			gr.Ratio = gr.Assigned / gr.Target
		}
		gr.Expected = gr.Target * (1 + g.Overassign)
		res.Goals = append(res.Goals, gr)
	}
}

// goalObject is a goal as goal-scope rules read it.
func goalObject(g *GoalResult) map[string]any {
	return map[string]any{"id": g.ID, "description": g.Description, "measure": g.Measure, "period": g.Period,
		"target": g.Target, "assigned": g.Assigned, "ratio": g.Ratio, "expected": g.Expected,
		"overassign": g.Overassign, "reps": g.Reps}
}

// evalChecks runs every check for every subject in its scope.
func (e *evaluator) evalChecks(res *Result) {
	for _, c := range e.c.checks {
		var ids []string
		var set func(f *rules.Frame, i int)
		switch checkScope(c.Scope) {
		case rules.ScopeRep:
			ids = repIDs(e.w.reps)
			set = func(f *rules.Frame, i int) { rs := e.w.reps[i]; setVersion(f, rs, rs.lastActive()) }
		case rules.ScopeTerritory:
			for _, ts := range e.w.terrs {
				ids = append(ids, ts.ID)
			}
			set = func(f *rules.Frame, i int) { f.Set(rules.SlotTerritory, e.w.terrs[i].obj) }
		case rules.ScopeGoal:
			for _, g := range res.Goals {
				ids = append(ids, g.ID)
			}
			set = func(f *rules.Frame, i int) { f.Set(rules.SlotGoal, goalObject(res.Goals[i])) }
		default:
			ids = []string{e.p.ID}
			set = func(*rules.Frame, int) {}
		}
		results := make([]*CheckResult, len(ids))
		e.forEach(len(ids), func(w *worker, i int) {
			set(w.env, i)
			results[i] = w.runCheck(c, ids[i])
		})
		for _, cr := range results {
			if cr != nil {
				res.Checks = append(res.Checks, cr)
			}
		}
	}
	slices.SortStableFunc(res.Checks, func(a, b *CheckResult) int {
		return cmp.Or(strings.Compare(a.Check, b.Check), strings.Compare(a.Subject, b.Subject))
	})
	res.Waivers = applyWaivers(e.p, res.Checks)
	for _, w := range res.Waivers {
		if w.Status == WaiverExpired {
			res.Summary.Expired++
		}
	}
	for _, cr := range res.Checks {
		switch cr.Status {
		case StatusPass:
			res.Summary.Passed++
			continue
		case StatusWaived:
			res.Summary.Waived++
			continue
		}
		switch cr.Severity {
		case "error":
			res.Summary.Errors++
		case "warning":
			res.Summary.Warnings++
		default:
			res.Summary.Infos++
		}
	}
}

// runCheck evaluates one check for the current subject; it returns nil when
// the subject is filtered out by where or on an evaluation error.
func (w *worker) runCheck(c *check, subject string) *CheckResult {
	who := func() string { return fmt.Sprintf("check %q, subject %q", c.Name, subject) }
	if c.where != nil {
		ok, err := w.mach.Bool(c.where, w.env)
		if err != nil {
			w.failRule(c.where, who(), err)
			return nil
		}
		if !ok {
			return nil
		}
	}
	pass, err := w.mach.Bool(c.assert, w.env)
	if err != nil {
		w.failRule(c.assert, who(), err)
		return nil
	}
	cr := &CheckResult{Check: c.Name, Severity: Severity(c.Severity), Subject: subject, Status: StatusPass, Range: c.DefRange}
	if pass {
		return cr
	}
	cr.Status = StatusFail
	var msg strings.Builder
	for _, p := range c.pieces {
		if p.rule == nil {
			msg.WriteString(p.text)
			continue
		}
		v, err := w.mach.Run(p.rule, w.env)
		if err != nil {
			w.failRule(p.rule, who(), err)
			return nil
		}
		msg.WriteString(display(v))
	}
	cr.Message = msg.String()
	return cr
}

// display renders a value inside a check message.
func display(v any) string {
	if f, ok := rules.ToFloat(v); ok {
		return FormatNumber(f)
	}
	if v == nil {
		return "nil"
	}
	return fmt.Sprint(v)
}

// applyWaivers applies the plan's waivers to the check results (sorted by
// check, then subject): a waiver in force on the plan's as_of turns its
// failed result into a waived one; an expired waiver leaves its result as
// it is. Every failed result a waiver names records the waiver's id. It returns
// the waivers with what each did, by id; nil when the plan has none.
func applyWaivers(p *plans.Plan, checks []*CheckResult) []*WaiverResult {
	if len(p.Waivers) == 0 {
		return nil
	}
	out := make([]*WaiverResult, 0, len(p.Waivers))
	for _, w := range p.Waivers {
		wr := &WaiverResult{ID: w.Label, Check: w.Check, Subject: w.Subject, Reason: w.Reason,
			Until: w.Until.Format("2006-01-02"), Status: WaiverUnused, Range: w.DefRange}
		if w.Expired(p.AsOf) {
			wr.Status = WaiverExpired
		}
		i, found := slices.BinarySearchFunc(checks, w, func(c *CheckResult, w *plans.Waiver) int {
			return cmp.Or(strings.Compare(c.Check, w.Check), strings.Compare(c.Subject, w.Subject))
		})
		if found && checks[i].Status == StatusFail {
			cr := checks[i]
			cr.Waiver = w.Label
			if wr.Status != WaiverExpired {
				cr.Status, wr.Status = StatusWaived, WaiverInForce
			}
		}
		out = append(out, wr)
	}
	return out
}

// repChanges returns the changes of r as results hold them.
func repChanges(r *plans.Rep) []RepChange {
	if len(r.Changes) == 0 {
		return nil
	}
	out := make([]RepChange, len(r.Changes))
	for k, c := range r.Changes {
		rc := RepChange{From: c.From.Format("2006-01-02"), At: at(c.DefRange)}
		for name, v := range c.Attrs.All() {
			rc.Attrs = append(rc.Attrs, Attr{Name: name, Value: v})
		}
		slices.SortFunc(rc.Attrs, func(a, b Attr) int { return strings.Compare(a.Name, b.Name) })
		out[k] = rc
	}
	return out
}
