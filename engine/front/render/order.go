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
	if !slices.IsSortedFunc(out, compareCheck) {
		slices.SortStableFunc(out, compareCheck)
	}
	return out
}

// compareCheck orders check results by check, then subject.
func compareCheck(a, b *engine.CheckResult) int {
	return cmp.Or(cmp.Compare(a.Check, b.Check), cmp.Compare(a.Subject, b.Subject))
}

// sortedBy returns the non-nil elements of s sorted by key. The engine's
// slices are sorted already: checking that is a single pass, much cheaper
// than a stable sort of a hundred thousand reps.
func sortedBy[T any](s []*T, key func(*T) string) []*T {
	out := nonNil(s)
	byKey := func(a, b *T) int { return cmp.Compare(key(a), key(b)) }
	if !slices.IsSortedFunc(out, byKey) {
		slices.SortStableFunc(out, byKey)
	}
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
// Result.Measures plus any measure that only appears in a quota of reps
// (the reps of r, sorted).
func measures(r *engine.Result, reps []*engine.RepResult) []engine.Measure {
	seen := map[string]engine.Measure{}
	for _, m := range r.Measures {
		seen[m.Name] = m
	}
	for _, rep := range reps {
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

// measureIndex returns the index of the measure named name in ms (sorted
// by name), -1 when there is none.
func measureIndex(ms []engine.Measure, name string) int {
	i, ok := slices.BinarySearchFunc(ms, name, func(m engine.Measure, name string) int { return cmp.Compare(m.Name, name) })
	if !ok {
		return -1
	}
	return i
}

// unitOf returns the unit of the named measure of ms (sorted by name), ""
// when unknown.
func unitOf(ms []engine.Measure, measure string) string {
	if i := measureIndex(ms, measure); i >= 0 {
		return ms[i].Unit
	}
	return ""
}

// forest is a set of trees over the indexes of a sorted list of ids: reps
// under their managers or territories under their parents. Roots and
// children are sorted by id.
type forest struct {
	roots    []int
	children [][]int // by node
}

// newForest builds the forest of ids (sorted, without repeats) where
// parents[i] names the parent of ids[i]; an id whose parent is empty or
// unknown is a root. A cycle, which the engine rejects, is broken at its
// first member found, which becomes a root, so that no id is lost or shown
// twice.
func newForest(ids, parents []string) forest {
	index := make(map[string]int, len(ids))
	for i, id := range ids {
		index[id] = i
	}
	parent := make([]int, len(ids)) // -1 for none
	f := forest{children: make([][]int, len(ids))}
	for i := range ids {
		p, ok := index[parents[i]]
		if parents[i] == "" || !ok || p == i {
			parent[i] = -1
			f.roots = append(f.roots, i)
			continue
		}
		parent[i] = p
		f.children[p] = append(f.children[p], i)
	}
	reached := make([]bool, len(ids))
	f.preorder(func(i, _ int) { reached[i] = true })
	for i := range ids {
		if !reached[i] {
			root := cycleMember(i, parent)
			p := parent[root]
			f.children[p] = slices.DeleteFunc(f.children[p], func(c int) bool { return c == root })
			f.roots = append(f.roots, root)
			f.walk(root, 0, reached, func(i, _ int) { reached[i] = true })
		}
	}
	slices.Sort(f.roots)
	return f
}

// cycleMember follows parents up from node i, which is not under any root,
// to the first node that repeats: a member of the cycle above i.
func cycleMember(i int, parent []int) int {
	seen := map[int]bool{}
	for !seen[i] {
		seen[i] = true
		i = parent[i]
	}
	return i
}

// preorder calls visit for every node, parents before children, with its
// depth (0 for roots). Each node is visited once.
func (f forest) preorder(visit func(node, depth int)) {
	seen := make([]bool, len(f.children))
	for _, i := range f.roots {
		f.walk(i, 0, seen, visit)
	}
}

// walk visits node i and its subtree, skipping nodes already in seen.
func (f forest) walk(i, depth int, seen []bool, visit func(node, depth int)) {
	if seen[i] {
		return
	}
	seen[i] = true
	visit(i, depth)
	for _, c := range f.children[i] {
		f.walk(c, depth+1, seen, visit)
	}
}

// flatForest is a forest laid out in preorder: node[k] is the node at
// position k, depth[k] its depth and end[k] the position just past its
// subtree, so that its descendants sit at positions k+1..end[k]-1.
type flatForest struct {
	node, depth, end []int
}

// flatten lays f out in preorder, each node once.
func (f forest) flatten() flatForest {
	fl := flatForest{
		node:  make([]int, 0, len(f.children)),
		depth: make([]int, 0, len(f.children)),
		end:   make([]int, 0, len(f.children)),
	}
	seen := make([]bool, len(f.children))
	var walk func(i, depth int)
	walk = func(i, depth int) {
		if seen[i] {
			return
		}
		seen[i] = true
		k := len(fl.node)
		fl.node, fl.depth, fl.end = append(fl.node, i), append(fl.depth, depth), append(fl.end, 0)
		for _, c := range f.children[i] {
			walk(c, depth+1)
		}
		fl.end[k] = len(fl.node)
	}
	for _, i := range f.roots {
		walk(i, 0)
	}
	return fl
}

// lastByID keeps the last of each run of equal ids in s (sorted by id), so
// that a repeated id, which the engine rejects, is shown once.
func lastByID[T any](s []*T, id func(*T) string) []*T {
	out := s[:0:0]
	for i, x := range s {
		if i+1 < len(s) && id(s[i+1]) == id(x) {
			continue
		}
		out = append(out, x)
	}
	return out
}
