package lsp

import (
	"sort"

	"github.com/quotaplan/quotaplan/engine"
	"github.com/quotaplan/quotaplan/plans"
)

// find returns the element of a slice sorted by id whose id is id, or nil.
func find[T any](s []*T, id string, idOf func(*T) string) *T {
	i := sort.Search(len(s), func(i int) bool { return idOf(s[i]) >= id })
	if i < len(s) && idOf(s[i]) == id {
		return s[i]
	}
	return nil
}

// findRep returns the rep with the id, or nil.
func findRep(r *engine.Result, id string) *engine.RepResult {
	return find(r.Reps, id, func(x *engine.RepResult) string { return x.ID })
}

// findGoal returns the goal with the id, or nil.
func findGoal(r *engine.Result, id string) *engine.GoalResult {
	return find(r.Goals, id, func(x *engine.GoalResult) string { return x.ID })
}

// findTerritory returns the territory with the id, or nil.
func findTerritory(r *engine.Result, id string) *engine.TerritoryResult {
	return find(r.Territories, id, func(x *engine.TerritoryResult) string { return x.ID })
}

// findQuota returns the quota block with the label, or nil.
func findQuota(p *plans.Plan, label string) *plans.Quota {
	if p == nil {
		return nil
	}
	for _, q := range p.Quotas {
		if q.Label == label {
			return q
		}
	}
	return nil
}
