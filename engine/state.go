package engine

import (
	"fmt"
	"maps"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/expr-lang/expr/types"

	"github.com/quotaplan/quotaplan/plans"
	"github.com/quotaplan/quotaplan/plans/parallel"
	"github.com/quotaplan/quotaplan/rules"
)

// repState is a rep during evaluation: its object as rules see it, and its
// results so far.
type repState struct {
	*plans.Rep
	index    int           // in world.reps
	obj      *rules.Object // what rules read as rep / manager / an element of reps
	quota    *rules.Object // obj.quota: measure -> FY total
	full     *rules.Object // obj.full_quota
	terr     *terrState
	manager  *repState
	reports  []*repState
	depth    int
	presence []presence
	quotas   []*QuotaResult // by measure, in the order of world.measureShape; nil where none applies
}

// quotaOf returns the rep's quota for measure, nil when none applies.
func (rs *repState) quotaOf(measure string) *QuotaResult {
	for _, qr := range rs.quotas {
		if qr != nil && qr.Measure == measure {
			return qr
		}
	}
	return nil
}

// measures returns the measures that apply to the rep, sorted.
func (rs *repState) measures() []string {
	var out []string
	for _, qr := range rs.quotas {
		if qr != nil {
			out = append(out, qr.Measure)
		}
	}
	return out
}

// terrState is a territory during evaluation.
type terrState struct {
	*plans.Territory
	obj   *rules.Object
	quota *rules.Object
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
	base       map[rules.Slot]any // names visible everywhere but var, which each evaluation sets
	shapes
}

// shapes are the shapes of rep, territory and quota objects.
type shapes struct {
	repShape, terrShape, measureShape *rules.Shape
	credit                            creditShapes // of the credit fields of reps
}

// shapesOf returns the shapes of the objects of a plan with schema s.
func shapesOf(s *rules.Schema) shapes {
	return shapes{
		credit:       creditShapesOf(s),
		repShape:     objectShape(s.RepAttrs, s.RepLets, append(slices.Clone(rules.RepReserved), creditFieldNames(s)...)...),
		terrShape:    objectShape(s.TerritoryAttrs, s.TerritoryLets, rules.TerritoryReserved...),
		measureShape: rules.NewShape(s.Measures...),
	}
}

// prebuilt is a world built ahead, while the rules compile, for the first
// evaluation of a model: building a big plan's world takes about as long as
// compiling its rules, and the two need nothing from each other.
type prebuilt struct {
	once  sync.Once
	world chan built
}

// built is a world built ahead, or the panic that building it raised.
type built struct {
	world    *world
	panicked any
}

// prebuild starts building the world of p.
func prebuild(p *plans.Plan, s shapes) *prebuilt {
	pb := &prebuilt{world: make(chan built, 1)}
	go func() {
		var b built
		defer func() {
			if v := recover(); v != nil {
				b = built{panicked: v}
			}
			pb.world <- b
		}()
		periods, _ := buildPeriods(p)
		b.world = buildWorld(p, s, periods)
	}()
	return pb
}

// take returns the world built ahead the first time it is called, nil
// after that: a world is changed by the evaluation that uses it. A panic
// while building it is raised again here, on the evaluating goroutine,
// where the front-ends recover from it.
func (pb *prebuilt) take() *world {
	if pb == nil {
		return nil
	}
	var b built
	pb.once.Do(func() { b = <-pb.world })
	if b.panicked != nil {
		panic(b.panicked)
	}
	return b.world
}

// Fields of rep and territory objects besides attributes and lets, as
// rules.RepFields and rules.TerritoryFields declare them (a test checks
// that the two agree).
const (
	fieldID        = "id"
	fieldQuota     = "quota"
	fieldFullQuota = "full_quota"
	fieldReports   = "reports"
	fieldTeam      = "team"
	fieldReps      = "reps"
)

// buildWorld turns the plan's reps, territories and periods into the
// objects that rules read, with their manager and territory trees.
func buildWorld(p *plans.Plan, s shapes, periods []Period) *world {
	w := &world{repByID: make(map[string]*repState, len(p.Reps)), terrByID: make(map[string]*terrState, len(p.Territories)),
		shapes: s}
	w.planObj = map[string]any{"id": p.ID, "title": p.Title, "start": p.Start.Format("2006-01-02"),
		"months": p.Months, "currency": p.Currency}
	// Objects and their values come from slabs: a few allocations for any
	// number of reps.
	terrObjs, terrQuotas := w.terrShape.Objects(len(p.Territories)), w.zeroQuotas(len(p.Territories))
	var terrFields attrFields
	for i, t := range p.Territories {
		ts := &terrState{Territory: t, obj: &terrObjs[i], quota: &terrQuotas[i]}
		terrFields.set(ts.obj, t.ID, &t.Attrs)
		ts.obj.Set(w.terrShape.Field(fieldQuota), ts.quota)
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
	states := make([]repState, len(p.Reps))
	repObjs, quotas := w.repShape.Objects(len(p.Reps)), w.zeroQuotas(2*len(p.Reps))
	quotaField, fullField := w.repShape.Field(fieldQuota), w.repShape.Field(fieldFullQuota)
	nm := w.measureShape.Len()
	results := make([]*QuotaResult, nm*len(p.Reps))
	repFields := make([]attrFields, runtime.GOMAXPROCS(0))
	parallel.Spread(len(p.Reps), len(repFields), func(k, i int) {
		rs := &states[i]
		*rs = repState{Rep: p.Reps[i], index: i, obj: &repObjs[i], quota: &quotas[2*i], full: &quotas[2*i+1],
			presence: presences[i], quotas: results[i*nm : (i+1)*nm : (i+1)*nm], terr: w.terrByID[p.Reps[i].Territory]}
		repFields[k].set(rs.obj, rs.ID, &rs.Attrs)
		rs.obj.Set(quotaField, rs.quota)
		rs.obj.Set(fullField, rs.full)
		w.reps[i] = rs
	})
	for _, rs := range w.reps {
		w.repByID[rs.ID] = rs
	}
	for _, rs := range w.reps {
		rs.manager = w.repByID[rs.Manager]
		if rs.manager != nil {
			rs.manager.reports = append(rs.manager.reports, rs)
		}
	}
	// The manager tree and the territory tree touch different objects:
	// build them at once.
	teams := make(chan struct{})
	go func() {
		w.setTeams()
		close(teams)
	}()
	parents := make(map[string]string, len(w.terrs))
	for _, ts := range w.terrs {
		parents[ts.ID] = ts.Parent
	}
	depth := depths(parents)
	for _, ts := range w.terrs {
		ts.depth = depth[ts.ID]
	}
	for _, rs := range w.reps {
		for t, n := rs.terr, 0; t != nil && n <= len(w.terrs); t, n = w.terrByID[t.Parent], n+1 {
			t.reps = append(t.reps, rs)
		}
	}
	repsField := w.terrShape.Field(fieldReps)
	for _, ts := range w.terrs {
		ts.obj.Set(repsField, objects(ts.reps))
	}
	<-teams
	for _, pr := range periods {
		w.periodObjs = append(w.periodObjs, map[string]any{"id": pr.ID, "index": pr.Index, "month": pr.Month,
			"quarter": (pr.Quarter-1)%4 + 1, "start": pr.Start.Format("2006-01-02"), "end": pr.End.Format("2006-01-02"),
			"days": pr.Days, "workdays": pr.Workdays})
	}
	terrs := make([]any, len(w.terrs))
	for i, ts := range w.terrs {
		terrs[i] = ts.obj
	}
	periodList := make([]any, len(w.periodObjs))
	for i, po := range w.periodObjs {
		periodList[i] = po
	}
	w.base = map[rules.Slot]any{rules.SlotPlan: w.planObj, rules.SlotReps: objects(w.reps),
		rules.SlotTerritories: rules.NewList(terrs), rules.SlotPeriods: periodList}
	return w
}

// objectShape is the shape of rep or territory objects: id, the attributes
// (sorted), the given fields, then the lets of the scope. A field named
// twice keeps one place, and the value set last wins, as in a map.
func objectShape(attrs map[string]types.Type, lets []string, fields ...string) *rules.Shape {
	names := append([]string{fieldID}, slices.Sorted(maps.Keys(attrs))...)
	names = append(names, fields...)
	return rules.NewShape(append(names, lets...)...)
}

// attrFields remembers where the attributes of the last entity go in its
// object: rows of one CSV share their names, so the fields are found once
// per file rather than once per row. One attrFields serves objects of one
// shape.
type attrFields struct {
	names  []string
	fields []int
}

// set gives an object its id and attributes.
func (af *attrFields) set(o *rules.Object, id string, attrs *plans.Attrs) {
	names, values := attrs.Row()
	if !sameSlice(names, af.names) {
		af.names, af.fields = names, make([]int, len(names))
		for i, name := range names {
			af.fields[i] = o.Shape().Field(name) // -1 for reserved names, which plans reports
		}
	}
	for i, v := range values {
		if v != nil && af.fields[i] >= 0 {
			o.Set(af.fields[i], v)
		}
	}
	o.Set(o.Shape().Field(fieldID), id)
}

// zeroQuotas returns n quota tables, each with 0 for every measure.
func (w *world) zeroQuotas(n int) []rules.Object {
	objs := w.measureShape.Objects(n)
	for i := range objs {
		for m := range w.measureShape.Len() {
			objs[i].Set(m, zero)
		}
	}
	return objs
}

// zero is 0.0 boxed once.
var zero any = 0.0

// objects returns the objects of reps as a rule list.
func objects(rs []*repState) *rules.List {
	out := make([]any, len(rs))
	for i, r := range rs {
		out[i] = r.obj
	}
	return rules.NewList(out)
}

// setTeams gives every rep its depth, its reports and its team: everyone
// below it, depth first with reports in id order. In that order of all
// reps, each rep's team follows it, so every team is a slice of one list.
func (w *world) setTeams() {
	order := make([]any, 0, len(w.reps))
	noOne := rules.NewList([]any{})
	reportsField, teamField := w.repShape.Field(fieldReports), w.repShape.Field(fieldTeam)
	var visit func(rs *repState, depth int)
	visit = func(rs *repState, depth int) {
		rs.depth = depth
		order = append(order, rs.obj)
		from := len(order)
		for _, c := range rs.reports {
			visit(c, depth+1)
		}
		if len(rs.reports) == 0 {
			rs.obj.Set(reportsField, noOne)
			rs.obj.Set(teamField, noOne)
			return
		}
		rs.obj.Set(reportsField, objects(rs.reports))
		rs.obj.Set(teamField, rules.NewList(order[from:len(order):len(order)]))
	}
	for _, rs := range w.reps {
		if rs.manager == nil { // plans rejects manager cycles: every rep is below one of these
			visit(rs, 0)
		}
	}
}

// members indexes the membership of the world's reps for roll-ups over n
// periods, by the indexes the world already holds.
func (w *world) members(n int) *members {
	terrAt := make(map[*terrState]int32, len(w.terrs))
	for i, ts := range w.terrs {
		terrAt[ts] = int32(i)
	}
	m := &members{periods: n, terrParent: make([]int32, len(w.terrs)), terr: make([]int32, len(w.reps)),
		manager: make([]int32, len(w.reps)), team: make([]int32, len(w.reps))}
	for i, ts := range w.terrs {
		m.terrParent[i] = -1
		if p := w.terrByID[ts.Parent]; p != nil && ts.Parent != "" {
			m.terrParent[i] = terrAt[p]
		}
	}
	for i, rs := range w.reps {
		m.terr[i], m.manager[i], m.team[i] = -1, -1, -1
		if rs.terr != nil {
			m.terr[i] = terrAt[rs.terr]
		}
		if rs.manager != nil {
			m.manager[i] = int32(rs.manager.index)
		}
		if len(rs.reports) > 0 {
			m.team[i] = int32(m.teams)
			m.teams++
		}
	}
	return m
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

// periodSet resolves "FY", a half year "Hn", a quarter "Qn" or a month id
// to period indexes.
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
	halves := (len(periods) + 5) / 6
	if n, err := strconv.Atoi(strings.TrimPrefix(id, "H")); err == nil && n >= 1 && n <= halves && id == "H"+strconv.Itoa(n) {
		idx := make([]int, 0, 6)
		for i := 6 * (n - 1); i < min(6*n, len(periods)); i++ {
			idx = append(idx, i)
		}
		return idx, nil
	}
	for i, p := range periods {
		if p.ID == id {
			return []int{i}, nil
		}
	}
	return nil, fmt.Errorf("no period %q in the plan (use FY, H1..H%d, Q1..Q%d or a month id from %s to %s)", id, halves, len(quarters), periods[0].ID, periods[len(periods)-1].ID)
}
