package render

import (
	"cmp"
	"maps"
	"slices"

	"github.com/quotaplan/quotaplan/engine"
)

// The helpers below return sorted copies of the Result's slices, dropping
// nil entries. The engine already sorts them; sorting again here keeps every
// output deterministic even for a hand-built Result.

// reps returns the reps sorted by id.
func reps(r *engine.Result) []*engine.RepResult {
	return sortedBy(r.Reps, func(x *engine.RepResult) string { return x.ID })
}

// territories returns the territories sorted by id.
func territories(r *engine.Result) []*engine.TerritoryResult {
	return sortedBy(r.Territories, func(x *engine.TerritoryResult) string { return x.ID })
}

// goals returns the goals sorted by id.
func goals(r *engine.Result) []*engine.GoalResult {
	return sortedBy(r.Goals, func(x *engine.GoalResult) string { return x.ID })
}

// checks returns the check results sorted by check, then subject.
func checks(r *engine.Result) []*engine.CheckResult {
	out := nonNil(r.Checks)
	slices.SortStableFunc(out, compareCheck)
	return out
}

// compareCheck orders check results by check, then subject.
func compareCheck(a, b *engine.CheckResult) int {
	return cmp.Or(cmp.Compare(a.Check, b.Check), cmp.Compare(a.Subject, b.Subject))
}

// sortedBy returns the non-nil elements of s sorted by key.
func sortedBy[T any](s []*T, key func(*T) string) []*T {
	out := nonNil(s)
	slices.SortStableFunc(out, func(a, b *T) int { return cmp.Compare(key(a), key(b)) })
	return out
}

// nonNil returns a copy of s without its nil elements.
func nonNil[T any](s []*T) []*T {
	out := make([]*T, 0, len(s))
	for _, x := range s {
		if x != nil {
			out = append(out, x)
		}
	}
	return out
}

// sortedKeys returns the keys of m in increasing order.
func sortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}

// measures returns every measure of the plan sorted by name: those of
// Result.Measures plus any measure that only appears in a rep's quotas.
func measures(r *engine.Result) []engine.Measure {
	seen := map[string]engine.Measure{}
	for _, m := range r.Measures {
		seen[m.Name] = m
	}
	for _, rep := range reps(r) {
		for _, q := range rep.Quotas {
			if _, ok := seen[q.Measure]; !ok {
				seen[q.Measure] = engine.Measure{Name: q.Measure, Unit: q.Unit}
			}
		}
	}
	out := make([]engine.Measure, 0, len(seen))
	for _, name := range sortedKeys(seen) {
		out = append(out, seen[name])
	}
	return out
}

// unitOf returns the unit of the named measure, "" when unknown.
func unitOf(r *engine.Result, measure string) string {
	for _, m := range measures(r) {
		if m.Name == measure {
			return m.Unit
		}
	}
	return ""
}

// forest is a set of trees over ids: reps under their managers or
// territories under their parents. Roots and children are sorted by id.
type forest struct {
	roots    []string
	children map[string][]string
}

// newForest builds the forest of ids (sorted) where parent[id] names the
// parent; an id whose parent is empty or unknown is a root. A cycle, which
// the engine rejects, is broken at its first member found, which becomes a
// root, so that no id is lost or shown twice.
func newForest(ids []string, parent map[string]string) forest {
	known := map[string]bool{}
	for _, id := range ids {
		known[id] = true
	}
	f := forest{children: map[string][]string{}}
	for _, id := range ids {
		if p := parent[id]; p != "" && known[p] && p != id {
			f.children[p] = append(f.children[p], id)
		} else {
			f.roots = append(f.roots, id)
		}
	}
	reached := map[string]bool{}
	f.preorder(func(id string, _ int) { reached[id] = true })
	for _, id := range ids {
		if !reached[id] {
			root := cycleMember(id, parent)
			f.children[parent[root]] = slices.DeleteFunc(f.children[parent[root]], func(c string) bool { return c == root })
			f.roots = append(f.roots, root)
			f.walk(root, 0, reached, func(id string, _ int) { reached[id] = true })
		}
	}
	slices.Sort(f.roots)
	return f
}

// cycleMember follows parents up from id, which is not under any root, to
// the first id that repeats: a member of the cycle above id.
func cycleMember(id string, parent map[string]string) string {
	seen := map[string]bool{}
	for !seen[id] {
		seen[id] = true
		id = parent[id]
	}
	return id
}

// preorder calls visit for every node, parents before children, with its
// depth (0 for roots). Each node is visited once.
func (f forest) preorder(visit func(id string, depth int)) {
	seen := map[string]bool{}
	for _, id := range f.roots {
		f.walk(id, 0, seen, visit)
	}
}

// walk visits id and its subtree, skipping nodes already in seen.
func (f forest) walk(id string, depth int, seen map[string]bool, visit func(id string, depth int)) {
	if seen[id] {
		return
	}
	seen[id] = true
	visit(id, depth)
	for _, c := range f.children[id] {
		f.walk(c, depth+1, seen, visit)
	}
}
