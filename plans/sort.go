package plans

import (
	"cmp"
	"slices"
)

// sortPlan sorts the plan's slices: reps and territories by id, everything
// else by label (imports by kind, keeping their declaration order), so that
// everything built from a Plan is deterministic.
func (l *loader) sortPlan() {
	p := l.plan
	sortBy(p.Variables, func(v *Variable) string { return v.Name })
	sortBy(p.Scenarios, func(s *Scenario) string { return s.Name })
	sortBy(p.Territories, func(t *Territory) string { return t.ID })
	sortBy(p.Reps, func(r *Rep) string { return r.ID })
	sortBy(p.Ramps, func(r *Ramp) string { return r.Name })
	sortBy(p.Quotas, func(q *Quota) string { return q.Label })
	sortBy(p.Lets, func(l *Let) string { return l.Name })
	sortBy(p.Goals, func(g *Goal) string { return g.Name })
	sortBy(p.Checks, func(c *Check) string { return c.Name })
	sortBy(p.Tests, func(t *Test) string { return t.Name })
	sortBy(p.Waivers, func(w *Waiver) string { return w.Label })
	sortBy(p.Imports, func(i *Import) string { return i.Kind })
	sortBy(p.Credits, func(c *Credit) string { return c.Kind + "\x00" + c.Label })
}

// sortBy sorts list stably by key.
func sortBy[T any](list []T, key func(T) string) {
	slices.SortStableFunc(list, func(a, b T) int { return cmp.Compare(key(a), key(b)) })
}
