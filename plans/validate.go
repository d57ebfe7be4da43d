package plans

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
)

// seasonTolerance is how far season weights may sum from 1.
const seasonTolerance = 0.001

// planAttrs are the names plan-scope rules read as plan.<name>.
var planAttrs = []string{"id", "title", "start", "months", "currency"}

// validate checks references and cross-block rules once every file and
// import is read, and fills defaults that depend on other blocks.
func (l *loader) validate() {
	p := l.plan
	for _, q := range p.Quotas {
		if q.Unit == "" {
			q.Unit = p.Currency
		}
	}
	if p.AsOf.IsZero() && !p.Start.IsZero() {
		p.AsOf = p.Start.AddDate(0, p.Months, -1) // the plan's last day
	}
	l.validateReps()
	l.validateTerritories()
	l.validateQuotas()
	l.validateGoals()
	l.validateLets()
	l.validateScenarios()
	l.validateTests()
	l.validateWaivers()
	l.validateQuotaCalls()
	l.validateCredits()
}

// checkRef reports name when it is not in known, with a suggestion.
func (l *loader) checkRef(what, name string, rng hcl.Range, known nameSet, hint string) bool {
	if known[name] {
		return true
	}
	l.unknownRef(what, name, fixedRange(rng), keysOf(known), hint)
	return false
}

// maxSuggestCandidates bounds the work of "did you mean" suggestions in
// one Load: each compares a name with every declared one, and a plan of a
// million reps with a wrong manager column must not compare a thousand
// names with a million each. Once it is spent, unknown names are reported
// without a suggestion.
const maxSuggestCandidates = 10_000_000

// candidates are the declared names an unknown one is compared with: how
// many, and a function that lists them (only called for a suggestion).
type candidates struct {
	n    int
	list func() []string
}

// keysOf lists the keys of a map as candidates.
func keysOf[V any](m map[string]V) candidates {
	return candidates{n: len(m), list: func() []string { return slices.Collect(maps.Keys(m)) }}
}

// unknownRef reports name, written at at, which is none of the declared
// names, with a suggestion while the budget of suggestions lasts. Nothing
// is computed once maxDiagnostics are recorded.
func (l *loader) unknownRef(what, name string, at ranger, declared candidates, hint string) {
	if l.full() {
		l.dropped++
		return
	}
	fix := ""
	if l.suggested+declared.n <= maxSuggestCandidates {
		l.suggested += declared.n
		fix = didYouMean(name, declared.list())
	}
	if fix == "" {
		fix = " " + hint
	}
	l.errorAt(at.Range(), "Unknown "+what, fmt.Sprintf("No %s %q is declared.%s", what, clip(name), fix))
}

// errorAtLazy records an error at the range of at; the range (of a CSV
// cell it reads the row again) and the detail are only computed when the
// error is recorded.
func (l *loader) errorAtLazy(at ranger, summary string, detail func() string) {
	if l.full() {
		l.dropped++
		return
	}
	l.errorAt(at.Range(), summary, detail())
}

// attrAt is the range of an attribute of a rep or territory, as a ranger
// computed when asked.
type attrAt struct {
	attrs *Attrs
	name  string
}

// Range returns where the attribute was written.
func (a attrAt) Range() hcl.Range { return a.attrs.at(a.name) }

// nameSet is a set of declared names, for reference checks in linear time.
type nameSet map[string]bool

// namesOf builds the set of key(v) over list.
func namesOf[T any](list []T, key func(T) string) nameSet {
	set := make(nameSet, len(list))
	for _, v := range list {
		set[key(v)] = true
	}
	return set
}

// territoryIDs is the set of declared territory ids.
func (l *loader) territoryIDs() nameSet {
	return namesOf(l.plan.Territories, func(t *Territory) string { return t.ID })
}

// mapSlice applies f to every element of list.
func mapSlice[T, U any](list []T, f func(T) U) []U {
	out := make([]U, len(list))
	for i, v := range list {
		out[i] = f(v)
	}
	return out
}

// indexOf maps the id of every element of list to its index.
func indexOf[T any](list []T, id func(T) string) map[string]int {
	index := make(map[string]int, len(list))
	for i, v := range list {
		index[id(v)] = i
	}
	return index
}

// parentLinks resolves the parent (manager) id of every element of list to
// its index, -1 for none; an unknown parent is reported by unknown, with the
// declared ids, and counts as none.
func parentLinks[T any](list []T, id, parent func(T) string, unknown func(v T, declared candidates)) []int {
	index := indexOf(list, id)
	declared := keysOf(index)
	next := make([]int, len(list))
	for i, v := range list {
		next[i] = -1
		if p := parent(v); p != "" {
			j, ok := index[p]
			if !ok {
				unknown(v, declared)
				continue
			}
			next[i] = j
		}
	}
	return next
}

// validateReps checks each rep's territory, manager and dates, and that the
// manager graph is a forest.
func (l *loader) validateReps() {
	reps, territories := l.plan.Reps, l.territoryIDs()
	declared := keysOf(territories)
	for _, r := range reps {
		// Ranges of CSV cells are costly: compute them only for a report.
		if r.Territory != "" && !territories[r.Territory] {
			l.unknownRef("territory", r.Territory, attrAt{&r.Attrs, "territory"}, declared,
				"Declare it with a territory block or a row of an imported territories CSV, or fix the name.")
		}
		if r.Start != nil && r.End != nil && r.End.Before(*r.Start) {
			l.errorAtLazy(attrAt{&r.Attrs, "end"}, "Rep ends before it starts", func() string {
				return fmt.Sprintf(
					"The rep %q starts on %s and ends on %s. The end is the last day worked (inclusive) and cannot be before the start.",
					clip(r.ID), r.Start.Format(dateLayout), r.End.Format(dateLayout))
			})
		}
	}
	next := parentLinks(reps, func(r *Rep) string { return r.ID }, func(r *Rep) string { return r.Manager },
		func(r *Rep, declared candidates) {
			l.unknownRef("manager", r.Manager, attrAt{&r.Attrs, "manager"}, declared,
				"A manager is the id of another rep: declare that rep, or fix the name.")
		})
	for _, cycle := range findCycles(next, func(i int) string { return reps[i].ID }) {
		l.errorAtLazy(attrAt{&reps[cycle[0]].Attrs, "manager"}, "Manager cycle", func() string {
			return fmt.Sprintf(
				"The managers of these reps form a cycle: %s (each rep, then its manager). The manager graph must be a forest: remove or change the manager of one of them.",
				formatCycle(mapSlice(cycle, func(i int) string { return reps[i].ID })))
		})
	}
}

// validateTerritories checks that parents exist and do not form a cycle.
func (l *loader) validateTerritories() {
	ts := l.plan.Territories
	next := parentLinks(ts, func(t *Territory) string { return t.ID }, func(t *Territory) string { return t.Parent },
		func(t *Territory, declared candidates) {
			l.unknownRef("parent territory", t.Parent, attrAt{&t.Attrs, "parent"}, declared,
				"A parent is the id of another territory: declare it, or fix the name.")
		})
	for _, cycle := range findCycles(next, func(i int) string { return ts[i].ID }) {
		l.errorAtLazy(attrAt{&ts[cycle[0]].Attrs, "parent"}, "Territory parent cycle", func() string {
			return fmt.Sprintf(
				"The parents of these territories form a cycle: %s (each territory, then its parent). Remove or change the parent of one of them.",
				formatCycle(mapSlice(cycle, func(i int) string { return ts[i].ID })))
		})
	}
}

// findCycles returns each cycle of the graph i -> next[i] (-1: no edge)
// once, as indexes starting at the one with the smallest id, sorted by
// that id.
func findCycles(next []int, id func(int) string) [][]int {
	const (
		unseen = iota
		onPath
		done
	)
	state := make([]uint8, len(next))
	var cycles [][]int
	var path []int
	for start := range next {
		path = path[:0]
		cur := start
		for ; cur >= 0 && state[cur] == unseen; cur = next[cur] {
			state[cur] = onPath
			path = append(path, cur)
		}
		if cur >= 0 && state[cur] == onPath {
			cycles = append(cycles, rotateToMin(path[slices.Index(path, cur):], id))
		}
		for _, i := range path {
			state[i] = done
		}
	}
	slices.SortFunc(cycles, func(a, b []int) int { return strings.Compare(id(a[0]), id(b[0])) })
	return cycles
}

// rotateToMin rotates a cycle so that it starts at its smallest id.
func rotateToMin(cycle []int, id func(int) string) []int {
	i := 0
	for j := range cycle {
		if id(cycle[j]) < id(cycle[i]) {
			i = j
		}
	}
	return append(slices.Clone(cycle[i:]), cycle[:i]...)
}

// maxCycleIDs is how many ids of a cycle a diagnostic lists.
const maxCycleIDs = 20

// formatCycle prints a cycle as `"a" -> "b" -> "a"`; a cycle of more than
// maxCycleIDs ids is cut after that many, with the count of the others.
func formatCycle(cycle []string) string {
	parts := make([]string, 0, min(len(cycle), maxCycleIDs)+1)
	for _, id := range cycle[:min(len(cycle), maxCycleIDs)] {
		parts = append(parts, fmt.Sprintf("%q", clip(id)))
	}
	if len(cycle) > maxCycleIDs {
		return strings.Join(parts, " -> ") + fmt.Sprintf(" -> ... (%d more) -> %q", len(cycle)-maxCycleIDs, clip(cycle[0]))
	}
	return strings.Join(append(parts, fmt.Sprintf("%q", clip(cycle[0]))), " -> ")
}

// validateQuotas checks ramp references, season weights, and that the
// blocks of one measure agree on its unit and roll-up.
func (l *loader) validateQuotas() {
	ramps := namesOf(l.plan.Ramps, func(r *Ramp) string { return r.Name })
	firstOf := map[string]*Quota{} // the first block of each measure, in file order
	for _, q := range l.plan.Quotas {
		if first := firstOf[q.Measure]; first == nil {
			firstOf[q.Measure] = q
		} else {
			l.checkMeasureAgrees(first, q)
		}
		if q.Ramp != "" {
			l.checkRef("ramp", q.Ramp, q.RampRange, ramps, "Declare it with a ramp block, or fix the name.")
		}
		if q.Season != nil {
			l.checkSeason(q)
		}
	}
}

// checkMeasureAgrees reports a quota block whose unit or rollup differs
// from those of the first block of its measure: a measure has one unit
// (different currencies are different measures), and its figures either
// all roll up or none do.
func (l *loader) checkMeasureAgrees(first, q *Quota) {
	if q.Unit != first.Unit {
		l.errorAt(q.UnitRange, "Quota blocks of one measure disagree on the unit", fmt.Sprintf(
			"The quota blocks %q (%s) and %q (%s) both set measure %q, but the unit of the first is %q and of the second %q. A measure has one unit and its figures add up: give both blocks the same unit, or give one of them its own measure (e.g. measure = %q), since different currencies are different measures.",
			first.Label, where(first.UnitRange), q.Label, where(q.UnitRange), q.Measure, clip(first.Unit), clip(q.Unit),
			q.Measure+"_"+strings.ToLower(identifierHint(q.Unit))))
	}
	if q.Rollup != first.Rollup {
		l.errorAt(q.RollupRange, "Quota blocks of one measure disagree on rollup", fmt.Sprintf(
			"The quota blocks %q (%s) and %q (%s) both set measure %q, but one rolls up into territories, teams, goals and the plan total (rollup = true) and the other does not (rollup = false). Give both the same rollup, or give the restating one its own measure.",
			first.Label, where(first.RollupRange), q.Label, where(q.RollupRange), q.Measure))
	}
}

// checkSeason checks the number of season weights against the plan's
// length (plans/LANGUAGE.md section 6) and their sum: one weight per month of the plan,
// or 4 quarter weights on a 12-month plan only (on a plan of another
// length a quarter is not a fixed share of the plan).
func (l *loader) checkSeason(q *Quota) {
	n, months := len(q.Season), l.plan.Months
	switch {
	case n == months || (n == 4 && months == 12):
	case n == 4:
		l.errorAt(q.SeasonRange, "Quarter weights on a plan that is not 12 months", fmt.Sprintf(
			"The season of quota %q has 4 weights, which are read as quarter weights only on a 12-month plan, and this plan has %d months. Give one weight per month instead: %d weights that sum to 1.",
			q.Label, months, months))
		return
	default:
		fix := fmt.Sprintf("Give one weight per month of the plan (%d weights)", months)
		if months == 12 {
			fix = "Give 4 quarter weights or one weight per month of the plan (12 weights)"
		}
		l.errorAt(q.SeasonRange, "Wrong number of season weights", fmt.Sprintf(
			"The season of quota %q has %d weights, but the plan has %d months. %s, summing to 1.",
			q.Label, n, months, fix))
		return
	}
	sum := 0.0
	for _, w := range q.Season {
		sum += w
	}
	if math.Abs(sum-1) > seasonTolerance || math.IsNaN(sum) {
		whole := "year"
		if months != 12 {
			whole = "plan"
		}
		l.errorAt(q.SeasonRange, "Season weights do not sum to 1", fmt.Sprintf(
			"The season weights of quota %q sum to %s. They are shares of the %s and must sum to 1 (within %s): adjust them.",
			q.Label, formatFloat(math.Round(sum*1e6)/1e6), whole, formatFloat(seasonTolerance)))
	}
}

// validateGoals checks goal measures and periods.
func (l *loader) validateGoals() {
	measures := namesOf(l.plan.Quotas, func(q *Quota) string { return q.Measure })
	restating := map[string]*Quota{} // a block of each measure that does not roll up
	for _, q := range l.plan.Quotas {
		if !q.Rollup && restating[q.Measure] == nil {
			restating[q.Measure] = q
		}
	}
	for _, g := range l.plan.Goals {
		if g.Measure != "" {
			l.checkRef("measure", g.Measure, g.MeasureRange, measures,
				"A goal's measure is the measure of a quota block (its label unless it sets measure).")
		}
		if q := restating[g.Measure]; q != nil && g.Measure != "" {
			l.warningAt(g.MeasureRange, "Goal measure does not roll up", fmt.Sprintf(
				"The goal %q sums measure %q, but the quota %q (%s) has rollup = false: its figures restate other quotas and never count for a goal, so the goal's assigned total is 0. Point the goal at the measure the restated quotas carry.",
				g.Name, g.Measure, q.Label, where(q.RollupRange)))
		}
		l.checkGoalPeriod(g)
	}
}

// checkGoalPeriod checks that a goal's period is FY, a quarter of the plan
// or one of its months. It is skipped when the plan has no valid start.
func (l *loader) checkGoalPeriod(g *Goal) {
	if l.plan.Start.IsZero() {
		return
	}
	periods := l.planPeriods()
	if slices.Contains(periods, g.Period) {
		return
	}
	l.errorAt(g.PeriodRange, "Invalid goal period", fmt.Sprintf(
		"The period %q is not part of the plan. Use %s.%s",
		clip(g.Period), l.describePeriods(), didYouMean(g.Period, periods)))
}

// validateLets checks that no let shadows an attribute of its scope.
func (l *loader) validateLets() {
	for _, let := range l.plan.Lets {
		if l.attrTaken(let.Scope, let.Name) {
			l.errorAt(l.labelRanges[let], "Let name clashes with an attribute", fmt.Sprintf(
				"The let %q has scope %q, so rules would read it as %s.%s, but %s.%s is already an attribute there. Rename the let, e.g. %q.",
				let.Name, let.Scope, let.Scope, let.Name, let.Scope, let.Name, let.Name+"_value"))
		}
	}
}

// attrTaken reports whether name is an attribute of the scope: a plan
// attribute, or a known, reserved or set attribute of any rep or territory.
func (l *loader) attrTaken(scope, name string) bool {
	switch scope {
	case ScopePlan:
		return slices.Contains(planAttrs, name)
	case ScopeRep:
		return slices.Contains(knownRepAttrs, name) || slices.Contains(reservedRepAttrs, name) ||
			slices.ContainsFunc(l.plan.Reps, func(r *Rep) bool { return hasAttr(r.Attrs, name) })
	case ScopeTerritory:
		return slices.Contains(knownTerritoryAttrs, name) || slices.Contains(reservedTerritoryAttrs, name) ||
			slices.ContainsFunc(l.plan.Territories, func(t *Territory) bool { return hasAttr(t.Attrs, name) })
	}
	return false
}

// hasAttr reports whether a holds the attribute name.
func hasAttr(a Attrs, name string) bool {
	_, ok := a.Get(name)
	return ok
}

// checkVars reports overrides of undeclared variables.
func (l *loader) checkVars(ranges map[string]hcl.Range) {
	vars := namesOf(l.plan.Variables, func(v *Variable) string { return v.Name })
	for _, name := range slices.Sorted(maps.Keys(ranges)) {
		l.checkRef("variable", name, ranges[name], vars, "Declare it with a variable block, or fix the name.")
	}
}

// validateScenarios checks that scenarios only set declared variables.
func (l *loader) validateScenarios() {
	for _, s := range l.plan.Scenarios {
		l.checkVars(s.VarRanges)
	}
}

// validateTests checks test scenarios and variables.
func (l *loader) validateTests() {
	scenarios := namesOf(l.plan.Scenarios, func(s *Scenario) string { return s.Name })
	for _, t := range l.plan.Tests {
		if t.Scenario != "" {
			l.checkRef("scenario", t.Scenario, l.testScen[t], scenarios, "Declare it with a scenario block, or fix the name.")
		}
		l.checkVars(l.testVars[t])
	}
}
