package engine

import (
	"github.com/quotaplan/quotaplan/plans"
	"github.com/quotaplan/quotaplan/rules"
)

// repVersion is a rep as the rules of its own figures see it from a
// period on (LANGUAGE.md section 12): its declared attributes with every
// change up to one applied. Version 0 is the rep as declared.
type repVersion struct {
	from    int           // 0-based index of the first period it holds for
	change  *plans.Change // the change that starts it; nil for version 0
	obj     *rules.Object // what the rep's own rules read as rep
	terr    *terrState
	manager *repState
	roleV   []any // role_month of each period of the version, boxed once
}

// buildVersions gives every rep with changes its versions: each a clone
// of the one before with the change's attributes set, and the territory
// and manager they name. It runs once the objects, teams and territory
// lists are built, so the clones hold them too.
func (w *world) buildVersions(periods []Period) {
	for _, rs := range w.reps {
		if len(rs.Changes) == 0 {
			continue
		}
		w.versioned = true
		rs.versions = []repVersion{{obj: rs.obj, terr: rs.terr, manager: rs.manager}}
		rs.vat = make([]uint8, len(periods))
		for k := range rs.Changes {
			c := &rs.Changes[k]
			prev := rs.versions[len(rs.versions)-1]
			v := repVersion{from: periodIndex(periods, c), change: c, obj: prev.obj.Clone(), terr: prev.terr, manager: prev.manager}
			for name, val := range c.Attrs.All() {
				if f := w.repShape.Field(name); f >= 0 {
					v.obj.Set(f, val)
				}
				switch name {
				case "territory":
					id, _ := val.(string)
					v.terr = w.terrByID[id]
				case "manager":
					id, _ := val.(string)
					v.manager = w.repByID[id]
				}
			}
			rs.versions = append(rs.versions, v)
		}
		for i := range rs.vat {
			for k := len(rs.versions) - 1; k >= 0; k-- {
				if rs.versions[k].from <= i {
					rs.vat[i] = uint8(k)
					break
				}
			}
		}
		for k := range rs.versions {
			v := &rs.versions[k]
			if v.change == nil {
				continue
			}
			v.roleV = make([]any, len(periods))
			for i := range periods {
				v.roleV[i] = rs.presence[i].tenureV
				if rs.vat[i] == uint8(k) && rs.presence[i].tenure > 0 {
					v.roleV[i] = rules.MonthsBetween(v.change.From, periods[i].Start) + 1
				}
			}
		}
	}
}

// periodIndex returns the index of the period a change holds from; plans
// checked that it is the first day of one.
func periodIndex(periods []Period, c *plans.Change) int {
	for i, p := range periods {
		if p.Start.Equal(c.From) {
			return i
		}
	}
	return len(periods)
}

// version returns the index of the rep's version in period i.
func (rs *repState) version(i int) int {
	if rs.vat == nil {
		return 0
	}
	return int(rs.vat[i])
}

// lastActive returns the rep's version in its last active period (the
// last period when it is never active), which rep checks see.
func (rs *repState) lastActive() int {
	if rs.versions == nil {
		return 0
	}
	last := len(rs.presence) - 1
	for i := last; i >= 0; i-- {
		if rs.presence[i].active > 0 {
			return rs.version(i)
		}
	}
	return rs.version(last)
}

// versionCount returns how many versions the rep has: 1 without changes.
func (rs *repState) versionCount() int {
	if rs.versions == nil {
		return 1
	}
	return len(rs.versions)
}

// span returns the periods [from, to) that version v of the rep holds, of
// n periods; a later version from the same period leaves it empty.
func (rs *repState) span(v, n int) (from, to int) {
	if rs.versions == nil {
		return 0, n
	}
	to = n
	if v+1 < len(rs.versions) {
		to = rs.versions[v+1].from
	}
	return rs.versions[v].from, to
}

// setVersion makes version v of rs the current rep of frame f, with the
// territory and manager of that version.
func setVersion(f *rules.Frame, rs *repState, v int) {
	if v == 0 {
		setRep(f, rs)
		return
	}
	ver := &rs.versions[v]
	f.Set(rules.SlotRep, ver.obj)
	f.Set(rules.SlotTerritory, nil)
	if ver.terr != nil {
		f.Set(rules.SlotTerritory, ver.terr.obj)
	}
	f.Set(rules.SlotManager, nil)
	if ver.manager != nil {
		f.Set(rules.SlotManager, ver.manager.obj)
	}
}

// roleMonth returns role_month of rs in period i, boxed.
func (rs *repState) roleMonth(i int) any {
	if v := rs.version(i); v > 0 {
		return rs.versions[v].roleV[i]
	}
	return rs.presence[i].tenureV
}

// memberVersions returns the membership of rs from later periods on, as
// results hold it: where the rep's figures count (LANGUAGE.md section 12).
// In locked months that is the published territory and manager; later,
// the territory and manager of each month's version. It is nil for a rep
// whose membership never differs from the declared one.
func (rs *repState) memberVersions() []Version {
	if rs.versions == nil && rs.published == nil {
		return nil
	}
	var out []Version
	terr, mgr := rs.Territory, rs.Manager
	for i := range rs.presence {
		t, m := rs.memberAt(i)
		if t != terr || m != mgr {
			out = append(out, Version{From: i, Territory: t, Manager: m})
			terr, mgr = t, m
		}
	}
	return out
}

// memberAt returns the ids of the territory and manager the rep's figure
// of period i counts for.
func (rs *repState) memberAt(i int) (terr, manager string) {
	if rs.published != nil && i < len(rs.lockedStarts) {
		return rs.published.TerritoryAt(rs.lockedStarts[i])
	}
	if rs.versions == nil {
		return rs.Territory, rs.Manager
	}
	v := &rs.versions[rs.version(i)]
	if v.terr != nil {
		terr = v.terr.ID
	}
	if v.manager != nil {
		manager = v.manager.ID
	}
	return terr, manager
}

// lockMembers gives every rep of a published result the territory and
// manager it was published with in each locked month.
func (w *world) lockMembers(lk *plans.Lock, periods []Period) {
	if lk == nil || lk.Published == nil || lk.Months == 0 {
		return
	}
	starts := make([]string, lk.Months)
	for i := range starts {
		starts[i] = periods[i].Start.Format("2006-01-02")
	}
	for _, pr := range lk.Published.Reps {
		rs := w.repByID[pr.ID]
		if rs == nil {
			continue
		}
		rs.published, rs.lockedStarts = pr, starts
	}
}
