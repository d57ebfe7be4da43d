package diff

import (
	"cmp"
	"maps"
	"slices"
	"strings"

	"github.com/quotaplan/quotaplan/engine"
	"github.com/quotaplan/quotaplan/plans"
)

// Input is one side of a comparison: an evaluated result and, when it came
// from a plan directory, the attributes of its reps and territories (every
// attribute as written: name, role, start, end, ote, custom ones; a rep's
// leaves under "leaves") and its other blocks as written, whose rules are
// compared. A saved JSON result has no attributes beyond the rep's name,
// role, territory and manager, which the Result holds, and no rules.
type Input struct {
	Label          string // how the side is named in reports, e.g. "main:plan"; may be ""
	Result         *engine.Result
	RepAttrs       map[string]map[string]any // rep id -> attribute -> value; nil when unknown
	TerritoryAttrs map[string]map[string]any // territory id -> attribute -> value; nil when unknown
	// Blocks are the plan's blocks other than reps and territories, as
	// written, sorted by type and label; nil when unknown (a saved result).
	Blocks []Block
}

// FromResult is an Input of a result alone: a saved result, or a result
// whose plan is not at hand.
func FromResult(label string, r *engine.Result) Input {
	return Input{Label: label, Result: r}
}

// FromPlan is an Input of a result and the loaded plan it was evaluated
// from (engine.Model.Plan), so that rep and territory attributes, and the
// rules of the other blocks, are compared too.
func FromPlan(label string, p *plans.Plan, r *engine.Result) Input {
	in := Input{Label: label, Result: r}
	if p == nil {
		return in
	}
	in.Blocks = blocksOf(p)
	in.RepAttrs = map[string]map[string]any{}
	for _, rep := range p.Reps {
		attrs := rep.Attrs.Map()
		if len(rep.Leaves) > 0 {
			attrs["leaves"] = leaves(rep.Leaves)
		}
		in.RepAttrs[rep.ID] = attrs
	}
	in.TerritoryAttrs = map[string]map[string]any{}
	for _, t := range p.Territories {
		in.TerritoryAttrs[t.ID] = t.Attrs.Map()
	}
	return in
}

// leaves prints a rep's leaves as "2027-06-01..2027-08-31, ...".
func leaves(ls []plans.Leave) string {
	parts := make([]string, len(ls))
	for i, l := range ls {
		parts[i] = l.From.Format("2006-01-02") + ".." + l.To.Format("2006-01-02")
	}
	slices.Sort(parts)
	return strings.Join(parts, ", ")
}

// CompareResults compares two results without plan attributes; it is
// Compare(FromResult("", base), FromResult("", head)).
func CompareResults(base, head *engine.Result) *Report {
	return Compare(FromResult("", base), FromResult("", head))
}

// Compare reports what changed from base to head, keyed by id. A nil
// Result counts as an empty plan. The Report is sorted by id.
func Compare(base, head Input) *Report {
	b, h := orEmpty(base.Result), orEmpty(head.Result)
	withAttrs := base.RepAttrs != nil && head.RepAttrs != nil
	r := &Report{
		Base:       source(base.Label, b),
		Head:       source(head.Label, h),
		Attributes: withAttrs,
		Plan:       planChanges(b, h),
		Vars:       attrChanges(b.Vars, h.Vars),
		Totals:     totals(b, h),
	}
	var bt, ht map[string]map[string]any
	if withAttrs {
		bt, ht = base.TerritoryAttrs, head.TerritoryAttrs
	}
	r.Reps = repChanges(b, h, repAttrs(base, withAttrs), repAttrs(head, withAttrs))
	r.Territories = territoryChanges(b, h, bt, ht)
	r.Teams = teamChanges(b, h)
	r.Goals = goalChanges(b, h)
	r.Checks = checkChanges(b, h)
	r.Actuals = actualChanges(b, h)
	if base.Blocks != nil && head.Blocks != nil {
		r.RulesCompared, r.Rules = true, ruleChanges(base.Blocks, head.Blocks)
	}
	r.Counts = count(r)
	return r
}

// orEmpty returns r, or an empty Result for nil.
func orEmpty(r *engine.Result) *engine.Result {
	if r == nil {
		return &engine.Result{}
	}
	return r
}

// source describes a side.
func source(label string, r *engine.Result) Source {
	return Source{Label: label, PlanID: r.Plan.ID, Scenario: r.Scenario, Currency: r.Plan.Currency}
}

// planChanges compares the plan block and the scenario.
func planChanges(b, h *engine.Result) []AttrChange {
	field := func(r *engine.Result) map[string]any {
		return map[string]any{
			"id": r.Plan.ID, "title": r.Plan.Title, "start": r.Plan.Start,
			"months": float64(r.Plan.Months), "currency": r.Plan.Currency,
			"scenario": r.Scenario,
		}
	}
	return attrChanges(dropEmpty(field(b)), dropEmpty(field(h)))
}

// dropEmpty removes the empty strings of m (absent values).
func dropEmpty(m map[string]any) map[string]any {
	maps.DeleteFunc(m, func(_ string, v any) bool { return v == "" })
	return m
}

// attrChanges lists the keys of a and b whose values differ, sorted; a key
// on one side only has a nil value on the other.
func attrChanges(a, b map[string]any) []AttrChange {
	var out []AttrChange
	for _, k := range unionKeys(a, b) {
		old, okOld := a[k]
		nu, okNew := b[k]
		if okOld != okNew || canonical(old) != canonical(nu) {
			out = append(out, AttrChange{Name: k, Old: old, New: nu})
		}
	}
	return out
}

// unionKeys returns the keys of a and b, sorted, without repeats.
func unionKeys[V any](a, b map[string]V) []string {
	keys := slices.Collect(maps.Keys(a))
	for k := range b {
		if _, ok := a[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return keys
}

// repAttrs returns a function giving the comparable attributes of a rep of
// in: its plan attributes when both sides have them, else the fields that
// a Result holds.
func repAttrs(in Input, withAttrs bool) func(*engine.RepResult) map[string]any {
	return func(rep *engine.RepResult) map[string]any {
		if withAttrs {
			if a, ok := in.RepAttrs[rep.ID]; ok {
				return a
			}
		}
		return dropEmpty(map[string]any{"name": rep.Name, "role": rep.Role, "territory": rep.Territory, "manager": rep.Manager})
	}
}

// repChanges compares the reps of b and h by id.
func repChanges(b, h *engine.Result, battrs, hattrs func(*engine.RepResult) map[string]any) []RepChange {
	bm, hm := byID(b.Reps, repID), byID(h.Reps, repID)
	var out []RepChange
	for _, id := range unionKeys(bm, hm) {
		old, nu := bm[id], hm[id]
		c := RepChange{ID: id, Kind: kindOf(old != nil, nu != nil)}
		shown := nu
		if nu == nil {
			shown = old
		}
		c.Name, c.Territory, c.Manager = shown.Name, shown.Territory, shown.Manager
		switch c.Kind {
		case Changed:
			c.Attrs = attrChanges(battrs(old), hattrs(nu))
		case Added:
			c.Attrs = attrChanges(nil, withoutName(hattrs(nu)))
		default:
			c.Attrs = attrChanges(withoutName(battrs(old)), nil)
		}
		c.Quotas = quotaChanges(b, h, old, nu)
		if c.Kind != Changed || len(c.Attrs)+len(c.Quotas) > 0 {
			out = append(out, c)
		}
	}
	return out
}

// withoutName is a copy of attrs without "name", which a rep's heading
// shows already.
func withoutName(attrs map[string]any) map[string]any {
	out := maps.Clone(attrs)
	delete(out, "name")
	return out
}

// repID is the key of a rep.
func repID(r *engine.RepResult) string { return r.ID }

// kindOf is the kind of an entity present in base (inBase) and head.
func kindOf(inBase, inHead bool) Kind {
	switch {
	case !inBase:
		return Added
	case !inHead:
		return Removed
	}
	return Changed
}

// byID indexes the non-nil elements of s by key.
func byID[T any](s []*T, key func(*T) string) map[string]*T {
	m := make(map[string]*T, len(s))
	for _, x := range s {
		if x != nil {
			m[key(x)] = x
		}
	}
	return m
}

// quotaChanges compares the quotas of a rep by measure; old or nu is nil
// for an added or removed rep. An added or removed rep lists all its
// quotas.
func quotaChanges(b, h *engine.Result, old, nu *engine.RepResult) []QuotaChange {
	bq, hq := quotasOf(old), quotasOf(nu)
	var out []QuotaChange
	for _, m := range unionKeys(bq, hq) {
		c := quotaChange(b, h, m, bq[m], hq[m])
		if c.Differs() || c.Full.Differs() || len(c.Quarters)+len(c.Periods) > 0 {
			out = append(out, c)
		}
	}
	return out
}

// quotasOf returns the non-nil quotas of rep (none for nil).
func quotasOf(rep *engine.RepResult) map[string]*engine.QuotaResult {
	out := map[string]*engine.QuotaResult{}
	if rep == nil {
		return out
	}
	for _, q := range rep.Quotas {
		out[q.Measure] = q
	}
	return out
}

// quotaChange compares one measure of a rep; old or nu is nil when the
// measure does not apply on that side.
func quotaChange(b, h *engine.Result, measure string, old, nu *engine.QuotaResult) QuotaChange {
	c := QuotaChange{}
	c.Measure, c.Unit = measure, unitOf(h, measure)
	if c.Unit == "" {
		c.Unit = unitOf(b, measure)
	}
	if old != nil {
		c.Old, c.Full.Old, c.OldSet, c.Full.OldSet = old.Total, old.Full, true, true
	}
	if nu != nil {
		c.New, c.Full.New, c.NewSet, c.Full.NewSet = nu.Total, nu.Full, true, true
	}
	c.Full.Measure, c.Full.Unit = measure, c.Unit
	c.Quarters = changedIDs(quarterAmounts(b, old), quarterAmounts(h, nu), quarterIDs(b, h))
	c.Periods = changedIDs(periodAmounts(b, old), periodAmounts(h, nu), periodIDs(b, h))
	return c
}

// unitOf is the unit of measure in r: from its measures, else from a rep's
// quota; "" when unknown.
func unitOf(r *engine.Result, measure string) string {
	for _, m := range r.Measures {
		if m.Name == measure {
			return m.Unit
		}
	}
	for _, rep := range r.Reps {
		if q := rep.Quota(measure); q != nil {
			return q.Unit
		}
	}
	return ""
}

// quarterAmounts maps quarter id to the amount of q (none for nil), the
// sum of its months as printed, so that a saved result, whose months are
// printed to 6 decimals, and the plan it came from add up the same.
func quarterAmounts(r *engine.Result, q *engine.QuotaResult) map[string]float64 {
	out := map[string]float64{}
	if q == nil {
		return out
	}
	for _, qr := range r.Quarters {
		var s float64
		for _, i := range qr.Periods {
			if i < len(q.Periods) {
				s += printed(q.Periods[i])
			}
		}
		out[qr.ID] = s
	}
	return out
}

// periodAmounts maps period id to the amount of q (none for nil).
func periodAmounts(r *engine.Result, q *engine.QuotaResult) map[string]float64 {
	out := map[string]float64{}
	if q == nil {
		return out
	}
	for i, p := range r.Periods {
		if i < len(q.Periods) {
			out[p.ID] = q.Periods[i]
		}
	}
	return out
}

// quarterIDs lists the quarter ids of both sides in plan order (Q1, Q2 ...
// Q10), without repeats.
func quarterIDs(b, h *engine.Result) []string {
	var ids []string
	for _, r := range []*engine.Result{b, h} {
		for _, q := range r.Quarters {
			ids = append(ids, q.ID)
		}
	}
	return orderedUnique(ids, func(x, y string) int { return cmp.Or(cmp.Compare(len(x), len(y)), cmp.Compare(x, y)) })
}

// periodIDs lists the period ids of both sides in time order.
func periodIDs(b, h *engine.Result) []string {
	var ids []string
	for _, r := range []*engine.Result{b, h} {
		for _, p := range r.Periods {
			ids = append(ids, p.ID)
		}
	}
	return orderedUnique(ids, strings.Compare)
}

// orderedUnique sorts ids by order and drops repeats.
func orderedUnique(ids []string, order func(a, b string) int) []string {
	slices.SortFunc(ids, order)
	return slices.Compact(ids)
}

// changedIDs lists the ids, in order, whose amount differs between a and
// b (a missing amount counts as 0).
func changedIDs(a, b map[string]float64, ids []string) []string {
	var out []string
	for _, id := range ids {
		if !same(a[id], b[id]) {
			out = append(out, id)
		}
	}
	return out
}

// totals sums each measure's FY quota over the reps of both sides.
func totals(b, h *engine.Result) []Amount {
	bs, hs := measureTotals(b), measureTotals(h)
	out := make([]Amount, 0, len(bs)+len(hs))
	for _, m := range unionKeys(bs, hs) {
		old, okOld := bs[m]
		nu, okNew := hs[m]
		a := Amount{Measure: m, Unit: unitOf(h, m), Old: old, New: nu, OldSet: okOld, NewSet: okNew}
		if a.Unit == "" {
			a.Unit = unitOf(b, m)
		}
		out = append(out, a)
	}
	return out
}

// measureTotals maps every measure of r to its plan total, the ledger's
// roll-up of the FY quotas of r's reps.
func measureTotals(r *engine.Result) map[string]float64 {
	out := map[string]float64{}
	for _, m := range r.Measures {
		out[m.Name] = r.Rollup(engine.SubjectPlan, r.Plan.ID, m.Name).Total
	}
	return out
}

// territoryChanges compares territories by id: attributes (when given for
// both sides) and roll-ups by measure.
func territoryChanges(b, h *engine.Result, battrs, hattrs map[string]map[string]any) []RollupChange {
	return compareRollups(b, h, territoryRollups(b), territoryRollups(h), battrs, hattrs)
}

// teamChanges compares the roll-ups of the teams of b and h by manager.
func teamChanges(b, h *engine.Result) []RollupChange {
	return compareRollups(b, h, teamRollups(b), teamRollups(h), nil, nil)
}

// compareRollups compares roll-ups (id -> measure -> FY total) by id, and
// the attributes of each id when both attribute maps are given.
func compareRollups(b, h *engine.Result, bm, hm map[string]map[string]float64, battrs, hattrs map[string]map[string]any) []RollupChange {
	var out []RollupChange
	for _, id := range unionKeys(bm, hm) {
		old, okOld := bm[id]
		nu, okNew := hm[id]
		c := RollupChange{ID: id, Kind: kindOf(okOld, okNew)}
		if c.Kind == Changed && battrs != nil && hattrs != nil {
			c.Attrs = attrChanges(battrs[id], hattrs[id])
		}
		c.Quotas = rollupChanges(b, h, old, nu, c.Kind != Changed)
		if c.Kind != Changed || len(c.Attrs)+len(c.Quotas) > 0 {
			out = append(out, c)
		}
	}
	return out
}

// territoryRollups maps each territory of r to its roll-up.
func territoryRollups(r *engine.Result) map[string]map[string]float64 {
	out := map[string]map[string]float64{}
	for _, t := range r.Territories {
		if t != nil {
			out[t.ID] = orEmptyMap(t.Quotas)
		}
	}
	return out
}

// orEmptyMap returns m, or an empty map for nil.
func orEmptyMap(m map[string]float64) map[string]float64 {
	if m == nil {
		return map[string]float64{}
	}
	return m
}

// teamRollups maps each manager of r (a rep with a team) to the ledger's
// roll-up of its team (itself and everyone below it), by measure; a
// measure the team's total is 0 for is left out.
func teamRollups(r *engine.Result) map[string]map[string]float64 {
	out := map[string]map[string]float64{}
	for _, id := range r.Teams() {
		t := make(map[string]float64, len(r.Measures))
		for _, m := range r.Measures {
			if s := r.Rollup(engine.SubjectTeam, id, m.Name); s.Total != 0 {
				t[m.Name] = s.Total
			}
		}
		out[id] = t
	}
	return out
}

// rollupChanges compares two roll-ups by measure; all lists every
// measure, changed or not.
func rollupChanges(b, h *engine.Result, old, nu map[string]float64, all bool) []Amount {
	var out []Amount
	for _, m := range unionKeys(old, nu) {
		o, okOld := old[m]
		n, okNew := nu[m]
		a := Amount{Measure: m, Unit: unitOf(h, m), Old: o, New: n, OldSet: okOld, NewSet: okNew}
		if a.Unit == "" {
			a.Unit = unitOf(b, m)
		}
		if all || !same(o, n) {
			out = append(out, a)
		}
	}
	return out
}

// goalChanges compares goals by id.
func goalChanges(b, h *engine.Result) []GoalChange {
	bm := byID(b.Goals, func(g *engine.GoalResult) string { return g.ID })
	hm := byID(h.Goals, func(g *engine.GoalResult) string { return g.ID })
	var out []GoalChange
	for _, id := range unionKeys(bm, hm) {
		c := goalChange(b, h, id, bm[id], hm[id])
		if c.Kind != Changed || c.differs() {
			out = append(out, c)
		}
	}
	return out
}

// goalChange compares one goal; old or nu is nil when absent.
func goalChange(b, h *engine.Result, id string, old, nu *engine.GoalResult) GoalChange {
	c := GoalChange{ID: id, Kind: kindOf(old != nil, nu != nil)}
	shown, r := nu, h
	if nu == nil {
		shown, r = old, b
	}
	c.Measure, c.Period = shown.Measure, shown.Period
	c.Unit = unitOf(r, shown.Measure)
	if c.Unit == "" && shown.Measure != "" {
		c.Unit = r.Plan.Currency
	}
	c.Target = goalAmount(old, nu, func(g *engine.GoalResult) float64 { return g.Target })
	c.Assigned = goalAmount(old, nu, func(g *engine.GoalResult) float64 { return g.Assigned })
	c.Ratio = goalAmount(old, nu, func(g *engine.GoalResult) float64 { return g.Ratio })
	c.Expected = goalAmount(old, nu, func(g *engine.GoalResult) float64 { return g.Expected })
	if c.Kind == Changed {
		c.Attrs = attrChanges(goalFields(old), goalFields(nu))
	}
	return c
}

// goalFields are the goal's non-numeric fields that a change may touch.
func goalFields(g *engine.GoalResult) map[string]any {
	return dropEmpty(map[string]any{"measure": g.Measure, "period": g.Period})
}

// goalAmount picks one number of a goal on both sides.
func goalAmount(old, nu *engine.GoalResult, f func(*engine.GoalResult) float64) Amount {
	var a Amount
	if old != nil {
		a.Old, a.OldSet = f(old), true
	}
	if nu != nil {
		a.New, a.NewSet = f(nu), true
	}
	return a
}

// differs reports whether a goal present on both sides changed.
func (c GoalChange) differs() bool {
	return len(c.Attrs) > 0 || c.Target.Differs() || c.Assigned.Differs() || c.Ratio.Differs() || c.Expected.Differs()
}

// checkKey identifies a check result across sides.
type checkKey struct{ check, subject string }

// checkChanges lists the check results that fail on at least one side,
// by check, then subject.
func checkChanges(b, h *engine.Result) []CheckChange {
	bm, hm := checkIndex(b), checkIndex(h)
	keys := slices.Collect(maps.Keys(bm))
	for k := range hm {
		if _, ok := bm[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(x, y checkKey) int {
		return cmp.Or(cmp.Compare(x.check, y.check), cmp.Compare(x.subject, y.subject))
	})
	var out []CheckChange
	for _, k := range keys {
		if c, ok := checkChange(k, bm[k], hm[k]); ok {
			out = append(out, c)
		}
	}
	return out
}

// checkIndex indexes the check results of r by check and subject.
func checkIndex(r *engine.Result) map[checkKey]*engine.CheckResult {
	m := map[checkKey]*engine.CheckResult{}
	for _, c := range r.Checks {
		if c != nil {
			m[checkKey{c.Check, c.Subject}] = c
		}
	}
	return m
}

// checkChange classifies one check result; ok is false when it fails on
// neither side. A result failing on both sides is a new failure when its
// severity rose (a warning that became an error), else still failing.
func checkChange(k checkKey, old, nu *engine.CheckResult) (CheckChange, bool) {
	oldFail, newFail := failed(old), failed(nu)
	if !oldFail && !newFail {
		return CheckChange{}, false
	}
	c := CheckChange{Check: k.check, Subject: k.subject, OldStatus: status(old), NewStatus: status(nu)}
	switch {
	case !newFail:
		c.Status, c.Severity, c.Message = Fixed, old.Severity, old.Message
	case !oldFail || nu.Severity.Rank() > old.Severity.Rank():
		c.Status, c.Severity, c.Message = NewFailure, nu.Severity, nu.Message
	default:
		c.Status, c.Severity, c.Message = StillFailing, nu.Severity, nu.Message
	}
	return c, true
}

// failed reports whether c exists and failed.
func failed(c *engine.CheckResult) bool { return c != nil && c.Status == engine.StatusFail }

// status is c's status, "" for nil.
func status(c *engine.CheckResult) string {
	if c == nil {
		return ""
	}
	return c.Status
}

// count sums up r.
func count(r *Report) Counts {
	var c Counts
	for _, rep := range r.Reps {
		switch rep.Kind {
		case Added:
			c.RepsAdded++
		case Removed:
			c.RepsRemoved++
		default:
			c.Quotas += len(rep.Quotas)
			if len(rep.Attrs) > 0 {
				c.RepsEdited++
			}
		}
	}
	for _, t := range r.Territories {
		switch t.Kind {
		case Added:
			c.TerritoriesAdded++
		case Removed:
			c.TerritoriesRemoved++
		default:
			c.TerritoriesChanged++
		}
	}
	for _, ch := range r.Checks {
		countCheck(&c, ch)
	}
	for _, b := range r.Rules {
		switch b.Kind {
		case Added:
			c.BlocksAdded++
		case Removed:
			c.BlocksRemoved++
		default:
			c.RulesChanged += len(b.Attrs)
		}
	}
	c.GoalsChanged, c.Vars, c.Plan = len(r.Goals), len(r.Vars), len(r.Plan)
	return c
}

// countCheck adds one check change to c.
func countCheck(c *Counts, ch CheckChange) {
	switch ch.Status {
	case NewFailure:
		c.NewFailures++
		if ch.Severity == engine.SeverityError {
			c.NewErrors++
		}
	case Fixed:
		c.Fixed++
	default:
		c.StillFailing++
	}
}
