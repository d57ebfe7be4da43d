package engine

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
)

// The ledger is the result model: figures keyed by subject (rep,
// territory, team, goal, plan) x measure x kind x period, plus each rep's
// membership in each period. Roll-ups are computed once, here, per period;
// renderers, diff, watch and the language server only read them. A new
// capability (actuals, payouts, adjustments ...) is a new Kind, not a new
// result type.

// FormatVersion is the value of "format_version" in a saved result (`eval
// --format json`): what render writes and what a reader of saved results
// accepts. It changes only when a reader of version 1 would misread the
// file, not when keys are added.
const FormatVersion = "1"

// Kind says what a series of figures holds.
type Kind uint8

// The kinds of series.
const (
	// KindQuota is the period quota after ramp, proration and rounding.
	KindQuota Kind = iota
	// KindFull is the full-productivity amount of each period (annual x
	// month weight, or the monthly rule's value); its total is the rep's
	// full quota.
	KindFull
	// KindActual is the credited actuals of each period up to as_of
	// (SPEC section 8); its total is the actual to date.
	KindActual
	// KindQuotaToDate is each period's quota x its elapsed share.
	KindQuotaToDate
	// KindPipeline is the open pipeline of each period after as_of.
	KindPipeline
	// KindForecast is the submitted forecasts of each period.
	KindForecast
	// KindHistory is the credited actuals of the 12 months before the
	// plan: a total only.
	KindHistory
)

var kindNames = [...]string{KindQuota: "quota", KindFull: "full", KindActual: "actual", KindQuotaToDate: "quota_to_date",
	KindPipeline: "pipeline", KindForecast: "forecast", KindHistory: "history"}

// String returns the kind's name as JSON and people read it.
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("kind(%d)", k)
}

// SubjectKind says what a subject of the ledger is.
type SubjectKind uint8

// The kinds of subjects.
const (
	SubjectRep       SubjectKind = iota // one rep, by id
	SubjectTerritory                    // a territory with every territory below it, by id
	SubjectTeam                         // a manager and everyone below it, by the manager's id
	SubjectGoal                         // the reps a goal counts, within its period, by goal id
	SubjectPlan                         // every rep; the id is the plan's
)

var subjectNames = [...]string{SubjectRep: "rep", SubjectTerritory: "territory", SubjectTeam: "team",
	SubjectGoal: "goal", SubjectPlan: "plan"}

// String returns the subject kind's name.
func (k SubjectKind) String() string {
	if int(k) < len(subjectNames) {
		return subjectNames[k]
	}
	return fmt.Sprintf("subject(%d)", k)
}

// Subject names one subject of the ledger.
type Subject struct {
	Kind SubjectKind
	ID   string
}

// Series is the figures of one subject, measure and kind: one per period,
// and their total.
type Series struct {
	Periods []float64 // aligned with the ledger's periods; nil when only the total is known (a result read back from JSON)
	Total   float64
}

// Sum returns the sum of the figures of the given periods (0-based
// indexes). A series that only knows its total answers for every period
// at once (idx covering all n periods) and 0 otherwise.
func (s Series) Sum(idx []int, n int) float64 {
	if s.Periods == nil {
		if len(idx) == n {
			return s.Total
		}
		return 0
	}
	var sum float64
	for _, i := range idx {
		sum += s.Periods[i]
	}
	return sum
}

// Version is a rep's membership from a period on: which territory and
// which manager its figures count for.
type Version struct {
	From      int // 0-based index of the first period it holds for
	Territory string
	Manager   string
}

// Ledger holds every figure of an evaluated plan and its roll-ups.
type Ledger struct {
	Periods     []Period
	Quarters    []Quarter
	Measures    []Measure // every measure of the plan, sorted by name
	Reps        []*RepResult
	Territories []*TerritoryResult

	roll rollups
	lets letValues // nil maps for a result read back from JSON

	groupsMu sync.Mutex
	groups   map[string][]Group // by attribute, made on first use
}

// rollups are the roll-up series, computed once per evaluation.
type rollups struct {
	repIndex  map[string]int
	terrIndex map[string]int
	teamIndex map[string]int // manager id -> index into team
	territory [][]Series     // [measure][territory]
	team      [][]Series     // [measure][team]
	plan      []Series       // [measure]
	goal      map[string]Series
}

// measureIndex returns the index of measure in l.Measures, -1 when the
// plan has no such measure.
func (l *Ledger) measureIndex(measure string) int {
	i, ok := slices.BinarySearchFunc(l.Measures, measure, func(m Measure, name string) int { return strings.Compare(m.Name, name) })
	if !ok {
		return -1
	}
	return i
}

// Rep returns the rep with the given id, nil when there is none.
func (l *Ledger) Rep(id string) *RepResult {
	if i, ok := l.roll.repIndex[id]; ok {
		return l.Reps[i]
	}
	return nil
}

// Series returns the figures of subject s for measure and kind; ok is
// false when the ledger holds none (a rep the measure does not apply to, a
// roll-up of a kind that is not rolled up, an unknown subject).
func (l *Ledger) Series(s Subject, measure string, k Kind) (Series, bool) {
	mi := l.measureIndex(measure)
	if mi < 0 {
		return Series{}, false
	}
	switch s.Kind {
	case SubjectRep:
		rep := l.Rep(s.ID)
		if rep == nil {
			return Series{}, false
		}
		if k >= KindActual {
			return rep.creditSeries(measure, k)
		}
		q := rep.Quota(measure)
		if q == nil {
			return Series{}, false
		}
		return q.series(k)
	}
	if k != KindQuota {
		return Series{}, false
	}
	var (
		at  map[string]int
		set [][]Series
	)
	switch s.Kind {
	case SubjectTerritory:
		at, set = l.roll.terrIndex, l.roll.territory
	case SubjectTeam:
		at, set = l.roll.teamIndex, l.roll.team
	case SubjectPlan:
		if mi < len(l.roll.plan) {
			return l.roll.plan[mi], true
		}
		return Series{}, false
	case SubjectGoal:
		g, ok := l.roll.goal[s.ID]
		return g, ok
	}
	i, ok := at[s.ID]
	if !ok || mi >= len(set) {
		return Series{}, false
	}
	return set[mi][i], true
}

// Rollup is Series for a roll-up of quotas: a territory, a team, a goal
// or the plan; the zero Series when there is none.
func (l *Ledger) Rollup(kind SubjectKind, id, measure string) Series {
	s, _ := l.Series(Subject{Kind: kind, ID: id}, measure, KindQuota)
	return s
}

// HasTeam reports whether a rep leads a team (has reports in some period).
func (l *Ledger) HasTeam(id string) bool {
	_, ok := l.roll.teamIndex[id]
	return ok
}

// Teams returns the ids of every manager with a team, sorted.
func (l *Ledger) Teams() []string {
	ids := make([]string, 0, len(l.roll.teamIndex))
	for id := range l.roll.teamIndex {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// Group is the roll-up of the reps that share one value of an attribute.
type Group struct {
	Value  string   // the attribute's value as text; "" for reps without it
	Reps   int      // reps with the value in at least one period
	Quotas []Series // by measure, aligned with the ledger's measures
}

// GroupBy rolls the quotas of every rep up by the value of one of its
// attributes (role, territory, manager or any attribute of the rep), per
// period: a rep whose territory or manager changes counts for each value in
// the periods it holds. Groups are sorted by value and computed once per
// attribute.
func (l *Ledger) GroupBy(attr string) []Group {
	l.groupsMu.Lock()
	defer l.groupsMu.Unlock()
	if g, ok := l.groups[attr]; ok {
		return g
	}
	n := len(l.Periods)
	index := map[string]int{}
	var groups []Group
	group := func(v string) *Group {
		i, ok := index[v]
		if !ok {
			i = len(groups)
			index[v] = i
			groups = append(groups, Group{Value: v, Quotas: make([]Series, len(l.Measures))})
			for m := range groups[i].Quotas {
				groups[i].Quotas[m].Periods = make([]float64, n)
			}
		}
		return &groups[i]
	}
	for _, rep := range l.Reps {
		counted := map[string]bool{}
		for p := range n {
			g := group(rep.attrAt(attr, p))
			if !counted[g.Value] {
				counted[g.Value] = true
				g.Reps++
			}
			for _, q := range rep.Quotas {
				if !q.Restates {
					s := &g.Quotas[l.measureIndex(q.Measure)]
					s.Periods[p] += q.Periods[p]
					s.Total += q.Periods[p]
				}
			}
		}
	}
	slices.SortFunc(groups, func(a, b Group) int { return strings.Compare(a.Value, b.Value) })
	if l.groups == nil {
		l.groups = map[string][]Group{}
	}
	l.groups[attr] = groups
	return groups
}

// version returns the membership of rep in period p.
func (r *RepResult) version(p int) Version {
	v := Version{Territory: r.Territory, Manager: r.Manager}
	for _, c := range r.Versions {
		if c.From <= p {
			v = c
		}
	}
	return v
}

// TerritoryAt returns the territory the rep's figures of period p count
// for ("" for none).
func (r *RepResult) TerritoryAt(p int) string { return r.version(p).Territory }

// ManagerAt returns the rep's manager in period p ("" for none).
func (r *RepResult) ManagerAt(p int) string { return r.version(p).Manager }

// attrAt returns the value of attribute name of the rep in period p, as
// text ("" when absent).
func (r *RepResult) attrAt(name string, p int) string {
	switch name {
	case "id":
		return r.ID
	case "name":
		return r.Name
	case "role":
		return r.Role
	case "territory":
		return r.TerritoryAt(p)
	case "manager":
		return r.ManagerAt(p)
	}
	if r.Attrs != nil {
		if v, ok := r.Attrs.Get(name); ok {
			return display(v)
		}
	}
	return ""
}

// members is the membership the roll-ups follow, by index: each rep's
// declared territory and manager, and the versions of the reps whose
// membership changes during the year.
type members struct {
	periods    int
	terrParent []int32   // territory -> parent territory, -1 for none
	terr       []int32   // rep -> declared territory, -1 for none
	manager    []int32   // rep -> declared manager, -1 for none
	versions   [][]int32 // rep -> nil, or triples (from period, territory, manager)
	team       []int32   // rep -> its team's index, -1 for a rep nobody reports to
	teams      int
}

// memberOf describes rep i for newMembers: its id, declared territory and
// manager, and its versions.
type memberOf func(i int) (id, territory, manager string, versions []Version)

// newMembers indexes the membership of n reps over territories (ids and
// parent ids, aligned) for a plan of the given number of periods.
func newMembers(n int, rep memberOf, terrIDs, terrParents []string, periods int) *members {
	m := &members{periods: periods, terrParent: make([]int32, len(terrIDs)), terr: make([]int32, n),
		manager: make([]int32, n), team: make([]int32, n)}
	ti := make(map[string]int32, len(terrIDs))
	for i, id := range terrIDs {
		ti[id] = int32(i)
	}
	ri := make(map[string]int32, n)
	for i := range n {
		id, _, _, _ := rep(i)
		ri[id] = int32(i)
	}
	find := func(at map[string]int32, id string) int32 {
		if i, ok := at[id]; ok && id != "" {
			return i
		}
		return -1
	}
	for i, parent := range terrParents {
		m.terrParent[i] = find(ti, parent)
	}
	for i := range m.team {
		m.team[i] = -1
	}
	lead := func(mgr int32) {
		if mgr >= 0 {
			m.team[mgr] = 0 // numbered below, in rep order
		}
	}
	for i := range n {
		_, terr, mgr, versions := rep(i)
		m.terr[i], m.manager[i] = find(ti, terr), find(ri, mgr)
		lead(m.manager[i])
		if len(versions) > 0 {
			m.versions = growTo(m.versions, n)
			for _, v := range versions {
				vm := find(ri, v.Manager)
				m.versions[i] = append(m.versions[i], int32(v.From), find(ti, v.Territory), vm)
				lead(vm)
			}
		}
	}
	for i := range m.team {
		if m.team[i] == 0 {
			m.team[i] = int32(m.teams)
			m.teams++
		}
	}
	return m
}

// membersOf indexes the membership of the reps and territories of l.
func (l *Ledger) membersOf() *members {
	ids, parents := make([]string, len(l.Territories)), make([]string, len(l.Territories))
	for i, t := range l.Territories {
		ids[i], parents[i] = t.ID, t.Parent
	}
	return newMembers(len(l.Reps), func(i int) (string, string, string, []Version) {
		r := l.Reps[i]
		return r.ID, r.Territory, r.Manager, r.Versions
	}, ids, parents, len(l.Periods))
}

func growTo[T any](s []T, n int) []T {
	if len(s) < n {
		s = append(s, make([]T, n-len(s))...)
	}
	return s
}

// at returns the territory and manager of rep r in period p.
func (m *members) at(r, p int) (terr, manager int32) {
	terr, manager = m.terr[r], m.manager[r]
	if r < len(m.versions) {
		for v := m.versions[r]; len(v) >= 3; v = v[3:] {
			if int(v[0]) <= p {
				terr, manager = v[1], v[2]
			}
		}
	}
	return terr, manager
}

// changes reports whether rep r's membership changes during the year.
func (m *members) changes(r int) bool { return r < len(m.versions) && m.versions[r] != nil }

// rollUp sums the series of every rep (nil where the measure does not
// apply or does not roll up) into territories (each with every territory
// below it), teams (a manager and everyone below it) and the plan, period
// by period, following each rep's membership in that period. A cycle of
// managers or territories, which plans reject but a saved result may hold,
// is cut where it closes.
func (m *members) rollUp(series [][]float64) (terr, team []Series, plan Series) {
	n := m.periods
	terr, team = newSeries(len(m.terrParent), n), newSeries(m.teams, n)
	plan = Series{Periods: make([]float64, n)}
	// stamps mark the territories and teams a walk has added to.
	terrStamp, teamStamp := make([]int, len(terr)), make([]int, len(team))
	stamp := 0
	add := func(s *Series, vals []float64, from, to int) {
		for p := from; p < to; p++ {
			s.Periods[p] += vals[p]
		}
	}
	// walk adds periods [from, to) of rep r's vals, held with territory t
	// and manager mgr, to the territories above t and the teams above r.
	walk := func(r int, vals []float64, t, mgr int32, from, to int) {
		stamp++
		for ; t >= 0 && terrStamp[t] != stamp; t = m.terrParent[t] {
			terrStamp[t] = stamp
			add(&terr[t], vals, from, to)
		}
		if k := m.team[r]; k >= 0 {
			teamStamp[k] = stamp
			add(&team[k], vals, from, to)
		}
		for mgr >= 0 {
			k := m.team[mgr]
			if teamStamp[k] == stamp {
				break
			}
			teamStamp[k] = stamp
			add(&team[k], vals, from, to)
			if m.changes(int(mgr)) {
				_, mgr = m.at(int(mgr), from)
			} else {
				mgr = m.manager[mgr]
			}
		}
	}
	for r, vals := range series {
		if vals == nil {
			continue
		}
		add(&plan, vals, 0, n)
		if !m.changes(r) && !m.chainChanges(r) {
			walk(r, vals, m.terr[r], m.manager[r], 0, n)
			continue
		}
		for p := range n { // membership may differ from period to period
			t, mgr := m.at(r, p)
			walk(r, vals, t, mgr, p, p+1)
		}
	}
	for _, set := range [][]Series{terr, team} {
		for i := range set {
			set[i].total()
		}
	}
	plan.total()
	return terr, team, plan
}

// chainChanges reports whether anyone above rep r changes manager during
// the year, so that r's team roll-ups must be followed period by period.
func (m *members) chainChanges(r int) bool {
	if m.versions == nil {
		return false
	}
	for k, mgr := 0, m.manager[r]; mgr >= 0 && k <= len(m.manager); mgr, k = m.manager[mgr], k+1 {
		if m.changes(int(mgr)) {
			return true
		}
	}
	return false
}

func newSeries(count, n int) []Series {
	out := make([]Series, count)
	vals := make([]float64, count*n)
	for i := range out {
		out[i].Periods = vals[i*n : (i+1)*n : (i+1)*n]
	}
	return out
}

// total sets the series' total from its periods.
func (s *Series) total() {
	s.Total = 0
	for _, v := range s.Periods {
		s.Total += v
	}
}

// indexRollups makes the indexes of l and room for the roll-ups of every
// measure.
func (l *Ledger) indexRollups(m *members) {
	l.roll.repIndex = make(map[string]int, len(l.Reps))
	for i, r := range l.Reps {
		l.roll.repIndex[r.ID] = i
	}
	l.roll.terrIndex = make(map[string]int, len(l.Territories))
	for i, t := range l.Territories {
		l.roll.terrIndex[t.ID] = i
	}
	l.roll.teamIndex = make(map[string]int, m.teams)
	for i, t := range m.team {
		if t >= 0 {
			l.roll.teamIndex[l.Reps[i].ID] = int(t)
		}
	}
	nm := len(l.Measures)
	l.roll.territory, l.roll.team, l.roll.plan = make([][]Series, nm), make([][]Series, nm), make([]Series, nm)
	l.roll.goal = map[string]Series{}
}

// RollUp computes the roll-ups of every measure from the reps' figures and
// membership: territories (with the territories below them, as their
// Parent fields say), teams and the plan total, per period; it sets each
// territory's FY totals and rep count. Evaluation rolls up as it goes; a
// result built from other data (read back from a file, made by a test)
// calls RollUp once its reps and territories are in place. A territory
// whose FY totals are already set keeps them, with no periods: a saved
// result holds the totals but not the territory tree they were summed over.
func (l *Ledger) RollUp() {
	m := l.membersOf()
	l.indexRollups(m)
	series := make([][]float64, len(l.Reps))
	for mi, meas := range l.Measures {
		for i, r := range l.Reps {
			series[i] = nil
			if q := r.Quota(meas.Name); q != nil && !q.Restates && q.Periods != nil {
				series[i] = q.Periods
			}
		}
		l.roll.territory[mi], l.roll.team[mi], l.roll.plan[mi] = m.rollUp(series)
	}
	read := make([]bool, len(l.Territories))
	for ti, t := range l.Territories {
		if read[ti] = t.Quotas != nil; read[ti] {
			for mi, meas := range l.Measures {
				l.roll.territory[mi][ti] = Series{Total: t.Quotas[meas.Name]}
			}
			continue
		}
		l.setTerritoryTotals(ti)
	}
	reps := make([]int, len(l.Territories))
	for i, t := range l.Territories {
		reps[i] = t.Reps
	}
	l.countTerritoryReps(m)
	for i, t := range l.Territories {
		if read[i] {
			t.Reps = reps[i]
		}
	}
}

// setTerritoryTotals sets the FY totals of territory ti from its roll-ups.
func (l *Ledger) setTerritoryTotals(ti int) {
	t := l.Territories[ti]
	t.Quotas = make(map[string]float64, len(l.Measures))
	for mi, meas := range l.Measures {
		t.Quotas[meas.Name] = l.roll.territory[mi][ti].Total
	}
}

// countTerritoryReps sets each territory's rep count: the reps that belong
// to it, or to a territory below it, in at least one period.
func (l *Ledger) countTerritoryReps(m *members) {
	counts := make([]int, len(l.Territories))
	seen := make([]int, len(l.Territories)) // the last rep counted, +1
	for r := range l.Reps {
		for p := range max(1, m.periods) {
			t, _ := m.at(r, p)
			for k := 0; t >= 0 && k < len(counts); t, k = m.terrParent[t], k+1 {
				if seen[t] != r+1 {
					seen[t] = r + 1
					counts[t]++
				}
			}
			if !m.changes(r) {
				break
			}
		}
	}
	for i, t := range l.Territories {
		t.Reps = counts[i]
	}
}

// letValues are the values of the plan's lets, by scope and let name.
type letValues struct {
	plan      map[string]float64
	rep       map[string][]float64 // aligned with the ledger's reps
	territory map[string][]float64 // aligned with the ledger's territories
}

// Let returns the value of let name for a rep, a territory or the plan; ok
// is false when the ledger holds none (no such let in that scope, or a
// result read back from JSON).
func (l *Ledger) Let(s Subject, name string) (v float64, ok bool) {
	var (
		vals  []float64
		index map[string]int
	)
	switch s.Kind {
	case SubjectPlan:
		v, ok = l.lets.plan[name]
		return v, ok
	case SubjectRep:
		vals, index = l.lets.rep[name], l.roll.repIndex
	case SubjectTerritory:
		vals, index = l.lets.territory[name], l.roll.terrIndex
	}
	if i, found := index[s.ID]; found && i < len(vals) {
		return vals[i], true
	}
	return 0, false
}

// LetNames returns the names of the lets of one scope (SubjectPlan,
// SubjectRep or SubjectTerritory), sorted: the lets Let answers for. It is
// empty for a plan without lets of that scope and for a result read back
// from JSON.
func (l *Ledger) LetNames(kind SubjectKind) []string {
	switch kind {
	case SubjectPlan:
		return slices.Sorted(maps.Keys(l.lets.plan))
	case SubjectRep:
		return slices.Sorted(maps.Keys(l.lets.rep))
	case SubjectTerritory:
		return slices.Sorted(maps.Keys(l.lets.territory))
	}
	return nil
}
