package engine

import (
	"fmt"

	"github.com/quotaplan/quotaplan/rules"
)

// restore rebuilds, for explain and plan tests, the objects rules read when
// res was evaluated: the world of m's plan with every quota, territory
// roll-up and let set as res holds them. The state it returns is only read.
func (m *Model) restore(res *Result) (*evaluator, error) {
	if res.lets.rep == nil {
		return nil, ErrNotExplainable
	}
	e := &evaluator{p: m.Plan, c: m.compiled}
	e.periods, e.quarters = buildPeriods(m.Plan)
	e.w = buildWorld(m.Plan, m.compiled.shapes, e.periods)
	if len(e.w.reps) != len(res.Reps) || len(e.w.terrs) != len(res.Territories) || len(e.periods) != len(res.Periods) {
		return nil, fmt.Errorf("this result is not a result of plan %q as loaded", m.Plan.ID)
	}
	e.w.base[rules.SlotVar] = res.Vars
	ms := e.w.measureShape
	for i, rs := range e.w.reps {
		rep := res.Reps[i]
		if rep.ID != rs.ID {
			return nil, fmt.Errorf("this result is not a result of plan %q as loaded (rep %q where %q was expected)", m.Plan.ID, rep.ID, rs.ID)
		}
		for _, qr := range rep.Quotas {
			f := ms.Field(qr.Measure)
			rs.quotas[f] = qr
			rs.quota.Set(f, qr.Total)
			rs.full.Set(f, qr.Full)
		}
	}
	for ti, ts := range e.w.terrs {
		for mi := range res.Measures {
			ts.quota.Set(ms.Field(res.Measures[mi].Name), res.roll.territory[mi][ti].Total)
		}
	}
	for name, vals := range res.lets.rep {
		f := e.w.repShape.Field(name)
		for i, rs := range e.w.reps {
			rs.obj.Set(f, vals[i])
		}
	}
	for name, vals := range res.lets.territory {
		f := e.w.terrShape.Field(name)
		for i, ts := range e.w.terrs {
			ts.obj.Set(f, vals[i])
		}
	}
	for name, v := range res.lets.plan {
		e.w.planObj[name] = v
	}
	e.restoreCredits(res)
	return e, nil
}
