package engine

import (
	"fmt"
	"maps"
	"runtime"

	"github.com/quotaplan/quotaplan/plans"
	"github.com/quotaplan/quotaplan/plans/parallel"
	"github.com/quotaplan/quotaplan/rules"
)

// repState is a rep during evaluation: its object as rules see it, and its
// results so far.
type repState struct {
	*plans.Rep
	index    int            // in world.reps
	obj      map[string]any // what rules read as rep / manager / an element of reps
	quota    map[string]any // obj["quota"]: measure -> FY total
	full     map[string]any // obj["full_quota"]
	terr     *terrState
	manager  *repState
	reports  []*repState
	depth    int
	presence []presence
	quotas   map[string]*QuotaResult
}

// terrState is a territory during evaluation.
type terrState struct {
	*plans.Territory
	obj   map[string]any
	quota map[string]any
	reps  []*repState // reps of the territory and of every territory below it
	depth int
}

// world holds the objects rules read, built once per evaluation.
type world struct {
	planObj    map[string]any
	reps       []*repState
	repByID    map[string]*repState
	terrs      []*terrState
	terrByID   map[string]*terrState
	periodObjs []map[string]any
	base       map[rules.Slot]any // names visible everywhere
}

// buildWorld turns the plan's reps, territories and periods into the maps
// that rules read, with their manager and territory trees.
func buildWorld(p *plans.Plan, measures []string, periods []Period, vars map[string]any) *world {
	w := &world{repByID: make(map[string]*repState, len(p.Reps)), terrByID: make(map[string]*terrState, len(p.Territories))}
	w.planObj = map[string]any{"id": p.ID, "title": p.Title, "start": p.Start.Format("2006-01-02"),
		"months": p.Months, "currency": p.Currency}
	zeros := make(map[string]any, len(measures))
	for _, name := range measures {
		zeros[name] = 0.0
	}
	for _, t := range p.Territories {
		ts := &terrState{Territory: t, quota: maps.Clone(zeros)}
		ts.obj = objectOf(t.ID, t.Attrs.Values, 1)
		ts.obj["quota"] = ts.quota
		w.terrs = append(w.terrs, ts)
		w.terrByID[t.ID] = ts
	}
	presences := make([][]presence, len(p.Reps))
	cache := presenceCache{periods: periods, seen: map[[2]int64][]presence{}}
	for i, r := range p.Reps {
		presences[i] = cache.of(r)
	}
	// Reps are many and independent: build their objects on every CPU.
	w.reps = make([]*repState, len(p.Reps))
	parallel.Spread(len(p.Reps), runtime.GOMAXPROCS(0), func(_, i int) {
		r := p.Reps[i]
		rs := &repState{Rep: r, index: i, quota: maps.Clone(zeros), full: maps.Clone(zeros), presence: presences[i],
			quotas: make(map[string]*QuotaResult, len(measures))}
		rs.obj = objectOf(r.ID, r.Attrs.Values, 4)
		rs.obj["quota"], rs.obj["full_quota"] = rs.quota, rs.full
		w.reps[i] = rs
	})
	for _, rs := range w.reps {
		w.repByID[rs.ID] = rs
	}
	for _, rs := range w.reps {
		rs.terr = w.terrByID[rs.Territory]
		rs.manager = w.repByID[rs.Manager]
		if rs.manager != nil {
			rs.manager.reports = append(rs.manager.reports, rs)
		}
	}
	parallel.Spread(len(w.reps), runtime.GOMAXPROCS(0), func(_, i int) {
		rs := w.reps[i]
		rs.obj["reports"] = objects(rs.reports)
		// reports are in id order, so the depth-first team order is stable
		rs.obj["team"] = objects(rs.team(nil))
		for m := rs.manager; m != nil; m = m.manager {
			rs.depth++
		}
	})
	for _, ts := range w.terrs {
		for t := ts; t != nil; t = w.terrByID[t.Parent] {
			if t != ts {
				ts.depth++
			}
			if ts.depth > len(w.terrs) { // cycles are rejected by plans; stay safe anyway
				break
			}
		}
	}
	for _, rs := range w.reps {
		for t, n := rs.terr, 0; t != nil && n <= len(w.terrs); t, n = w.terrByID[t.Parent], n+1 {
			t.reps = append(t.reps, rs)
		}
	}
	for _, ts := range w.terrs {
		ts.obj["reps"] = objects(ts.reps)
	}
	for _, pr := range periods {
		w.periodObjs = append(w.periodObjs, map[string]any{"id": pr.ID, "index": pr.Index, "month": pr.Month,
			"quarter": (pr.Quarter-1)%4 + 1, "start": pr.Start.Format("2006-01-02"), "end": pr.End.Format("2006-01-02"),
			"days": pr.Days, "workdays": pr.Workdays})
	}
	reps := make([]any, len(w.reps))
	for i, rs := range w.reps {
		reps[i] = rs.obj
	}
	terrs := make([]any, len(w.terrs))
	for i, ts := range w.terrs {
		terrs[i] = ts.obj
	}
	periodList := make([]any, len(w.periodObjs))
	for i, po := range w.periodObjs {
		periodList[i] = po
	}
	w.base = map[rules.Slot]any{rules.SlotVar: vars, rules.SlotPlan: w.planObj, rules.SlotReps: reps,
		rules.SlotTerritories: terrs, rules.SlotPeriods: periodList}
	return w
}

// objectOf builds a rule object: id and attributes, with room for extra
// fields (and the lets evaluation adds).
func objectOf(id string, attrs map[string]any, extra int) map[string]any {
	obj := make(map[string]any, len(attrs)+extra+4)
	for k, v := range attrs {
		obj[k] = v
	}
	obj["id"] = id
	return obj
}

func objects(rs []*repState) []any {
	out := make([]any, len(rs))
	for i, r := range rs {
		out[i] = r.obj
	}
	return out
}

// team lists everyone below r.
func (r *repState) team(acc []*repState) []*repState {
	for _, c := range r.reports {
		acc = append(acc, c)
		acc = c.team(acc)
	}
	return acc
}

// frame returns a fresh run-time environment holding the names visible
// everywhere; scope-specific names are set on it as evaluation moves from
// subject to subject.
func (w *world) frame() *rules.Frame {
	f := rules.NewFrame()
	for s, v := range w.base {
		f.Set(s, v)
	}
	return f
}

// setRep makes rs the current rep of frame f.
func setRep(f *rules.Frame, rs *repState) {
	f.Set(rules.SlotRep, rs.obj)
	f.Set(rules.SlotTerritory, nil)
	if rs.terr != nil {
		f.Set(rules.SlotTerritory, rs.terr.obj)
	}
	f.Set(rules.SlotManager, nil)
	if rs.manager != nil {
		f.Set(rules.SlotManager, rs.manager.obj)
	}
}

// setPeriod makes period i the current period of frame f for rep rs.
func (w *world) setPeriod(f *rules.Frame, rs *repState, i int) {
	f.Set(rules.SlotPeriod, w.periodObjs[i])
	f.Set(rules.SlotTenure, rs.presence[i].tenureV)
	f.Set(rules.SlotActive, rs.presence[i].activeV)
}

// periodSet resolves "FY", "Qn" or a month id to period indexes.
func periodSet(id string, periods []Period, quarters []Quarter) ([]int, error) {
	if id == "FY" {
		all := make([]int, len(periods))
		for i := range all {
			all[i] = i
		}
		return all, nil
	}
	for _, q := range quarters {
		if q.ID == id {
			return q.Periods, nil
		}
	}
	for i, p := range periods {
		if p.ID == id {
			return []int{i}, nil
		}
	}
	return nil, fmt.Errorf("no period %q in the plan (use FY, Q1..Q%d or a month id from %s to %s)", id, len(quarters), periods[0].ID, periods[len(periods)-1].ID)
}
