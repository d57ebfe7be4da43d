package engine

import (
	"fmt"
	"math"
	"runtime"
	"sort"
	"strings"

	"github.com/expr-lang/expr/types"
	"github.com/hashicorp/hcl/v2"

	"github.com/quotaplan/quotaplan/plans"
	"github.com/quotaplan/quotaplan/rules"
)

// compiled holds every rule of a plan, compiled, and the order in which lets
// and quota measures are evaluated.
type compiled struct {
	schema   *rules.Schema
	shapes   shapes
	prebuilt *prebuilt // the world of the first evaluation, built while the rules compile
	steps    []step
	ramps    map[string]*ramp
	goals    []*goal
	checks   []*check
	tests    []*planTest
	credits  []*creditBlock // actual, pipeline and forecast blocks
}

// step is one node of the dependency order: a let or a quota measure.
type step struct {
	let     *let
	measure string
	quotas  []*quota // the quota blocks of measure
	credit  bool     // the crediting of every actual, pipeline and forecast block
}

type let struct {
	*plans.Let
	rule *rules.Rule
}

type quota struct {
	*plans.Quota
	appliesTo, annual, monthly *rules.Rule
	ramp                       *ramp
	weights                    []float64 // of the months, from the season
}

type ramp struct {
	*plans.Ramp
	when, factor []*rules.Rule
}

type goal struct {
	*plans.Goal
	target, where *rules.Rule
}

type planTest struct {
	*plans.Test
	assert *rules.Rule
}

type check struct {
	*plans.Check
	where, assert *rules.Rule
	pieces        []piece
}

// piece is a part of a check message: literal text or a rule.
type piece struct {
	text string
	rule *rules.Rule
}

// MaxRuleSteps bounds the work one rule may do over a whole evaluation:
// the times it is evaluated (once per rep, per rep and month, ...) times
// the size of the largest list it may loop over, raised to how deeply it
// nests loops. The bound is computed before anything runs, so a plan that
// would take hours is rejected at once, and always for the same input.
const MaxRuleSteps = 5e8

// compiler accumulates diagnostics while compiling a plan's rules.
type compiler struct {
	schema *rules.Schema
	diags  hcl.Diagnostics
	// evaluations is how often a rule of each scope runs; list the size of
	// the largest list a predicate may range over.
	evaluations map[rules.Scope]float64
	list        float64
	local       float64 // average size of a subject's own list (rep.team, territory.reps); 0 until needed
	plan        *plans.Plan
	workers     int
}

func newCompiler(p *plans.Plan, schema *rules.Schema) *compiler {
	reps, terrs := float64(len(p.Reps)), float64(len(p.Territories))
	return &compiler{schema: schema,
		evaluations: map[rules.Scope]float64{rules.ScopePlan: 1, rules.ScopeGoal: float64(len(p.Goals)),
			rules.ScopeTerritory: terrs, rules.ScopeRep: reps, rules.ScopeRepPeriod: reps * float64(p.Months)},
		list: max(reps, terrs, float64(p.Months), 1), plan: p, workers: runtime.GOMAXPROCS(0)}
}

// localList returns the average size of a subject's own list, worked out
// (a walk of both trees) the first time a rule loops over one.
func (c *compiler) localList() float64 {
	if c.local == 0 {
		c.local = averageOwnList(c.plan)
	}
	return c.local
}

// averageOwnList is the average size of the lists a subject owns: a rep's
// team (everyone below it) and a territory's reps (its own and its
// children's). Each rep is in the team of each of its managers and in the
// reps of each territory above it, so the sums are the depths.
func averageOwnList(p *plans.Plan) float64 {
	managers := make(map[string]string, len(p.Reps))
	for _, r := range p.Reps {
		managers[r.ID] = r.Manager
	}
	parents := make(map[string]string, len(p.Territories))
	for _, t := range p.Territories {
		parents[t.ID] = t.Parent
	}
	repDepth, terrDepth := depths(managers), depths(parents)
	var team, terr float64
	for _, r := range p.Reps {
		team += float64(repDepth[r.ID])
		if r.Territory != "" {
			terr += 1 + float64(terrDepth[r.Territory])
		}
	}
	return max(1, team/max(1, float64(len(p.Reps))), terr/max(1, float64(len(p.Territories))))
}

// depths returns how many ancestors each id has in a tree given as child ->
// parent, remembering each answer so the whole tree costs one walk. Cycles,
// which the loader rejects, stop at the nodes already on the path.
func depths(up map[string]string) map[string]int {
	out := make(map[string]int, len(up))
	var path []string
	onPath := map[string]bool{}
	for id := range up {
		path = path[:0]
		clear(onPath)
		cur, base := id, 0
		for {
			if d, ok := out[cur]; ok {
				base = d + 1
				break
			}
			parent, ok := up[cur]
			if !ok { // an outside parent: an ancestor with none of its own
				base = 1
				break
			}
			if onPath[cur] { // a cycle
				base = 0
				break
			}
			path = append(path, cur)
			onPath[cur] = true
			if parent == "" {
				break
			}
			cur = parent
		}
		for i := len(path) - 1; i >= 0; i-- {
			out[path[i]] = base
			base++
		}
	}
	return out
}

func (c *compiler) rule(e *plans.Expr, scope rules.Scope, want rules.Kind) *rules.Rule {
	if e == nil {
		return nil
	}
	r, diags := rules.Compile(rules.Source{Text: e.Text, Range: e.Range, Locate: e.Locate}, c.schema.Env(scope), want)
	c.diags = append(c.diags, diags...)
	if r != nil && (r.Loops > 0 || r.HoistedLoops > 0) {
		// hoisted parts run once per worker, not once per subject
		local := 1.0
		if r.LocalLoops > 0 {
			local = c.localList()
		}
		steps := c.evaluations[scope]*math.Pow(c.list, float64(r.GlobalLoops))*math.Pow(local, float64(r.LocalLoops)) +
			float64(c.workers)*math.Pow(c.list, float64(r.HoistedLoops))
		if steps > MaxRuleSteps {
			rng := e.Range
			c.diags = append(c.diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Rule would take too long",
				Detail: fmt.Sprintf("This %s rule runs %s times and, each time, loops %d deep over lists of up to %s items: about %s steps, over the limit of %s. A loop that reads the current %s cannot be shared between runs; compute what does not depend on it once in a plan or territory let (e.g. let \"sdr_count\" { expr = \"count(reps, .role == 'SDR')\" }) and read the let here.",
					scope, FormatNumber(c.evaluations[scope]), r.Loops, FormatNumber(c.list), FormatNumber(math.Round(steps)), FormatNumber(MaxRuleSteps), scope),
				Subject: &rng})
		}
	}
	return r
}

// compile builds the schema of p, compiles every rule and orders lets and
// measures by what they read. With orderable false (the plan has errors of
// its own) it only compiles, so that rule errors are reported together
// with the plan's.
func compile(p *plans.Plan, orderable bool) (*compiled, hcl.Diagnostics) {
	schema, diags := buildSchema(p)
	c := newCompiler(p, schema)
	c.diags = diags
	out := &compiled{schema: schema, shapes: shapesOf(schema), ramps: map[string]*ramp{}}
	if orderable {
		out.prebuilt = prebuild(p, out.shapes)
	}
	for _, r := range p.Ramps {
		cr := &ramp{Ramp: r}
		for _, t := range r.Tiers {
			cr.when = append(cr.when, c.rule(t.When, rules.ScopeRepPeriod, rules.KindBool))
			cr.factor = append(cr.factor, c.rule(t.Factor, rules.ScopeRepPeriod, rules.KindNumber))
		}
		out.ramps[r.Name] = cr
	}
	lets := map[string]*let{}
	for _, l := range p.Lets {
		lets[l.Name] = &let{Let: l, rule: c.rule(l.Expr, letScope(l.Scope), rules.KindNumber)}
	}
	measures := map[string][]*quota{}
	for _, q := range p.Quotas {
		cq := &quota{Quota: q, ramp: out.ramps[q.Ramp], weights: weights(q.Season, p.Months),
			appliesTo: c.rule(q.AppliesTo, rules.ScopeRep, rules.KindBool),
			annual:    c.rule(q.Annual, rules.ScopeRep, rules.KindNumber),
			monthly:   c.rule(q.Monthly, rules.ScopeRepPeriod, rules.KindNumber),
		}
		measures[q.Measure] = append(measures[q.Measure], cq)
	}
	for _, g := range p.Goals {
		out.goals = append(out.goals, &goal{Goal: g,
			target: c.rule(g.Target, rules.ScopePlan, rules.KindNumber),
			where:  c.rule(g.Where, rules.ScopeRep, rules.KindBool)})
	}
	for _, ch := range p.Checks {
		scope := checkScope(ch.Scope)
		cc := &check{Check: ch, where: c.rule(ch.Where, scope, rules.KindBool), assert: c.rule(ch.Assert, scope, rules.KindBool)}
		if ch.Message != nil {
			for _, mp := range ch.Message.Pieces {
				cc.pieces = append(cc.pieces, piece{text: mp.Text, rule: c.rule(mp.Expr, scope, rules.KindAny)})
			}
		}
		out.checks = append(out.checks, cc)
	}
	for _, t := range p.Tests {
		out.tests = append(out.tests, &planTest{Test: t, assert: c.rule(t.Assert, rules.ScopePlan, rules.KindBool)})
	}
	out.credits = c.creditBlocks(p)
	if c.diags.HasErrors() || !orderable {
		return nil, c.diags
	}
	steps, more := order(lets, measures, out.credits)
	out.steps = steps
	return out, append(c.diags, more...)
}

func letScope(s string) rules.Scope {
	switch s {
	case plans.ScopeTerritory:
		return rules.ScopeTerritory
	case plans.ScopeRep:
		return rules.ScopeRep
	}
	return rules.ScopePlan
}

func checkScope(s string) rules.Scope {
	switch s {
	case plans.ScopeRep:
		return rules.ScopeRep
	case plans.ScopeTerritory:
		return rules.ScopeTerritory
	case plans.ScopeGoal:
		return rules.ScopeGoal
	}
	return rules.ScopePlan
}

// buildSchema collects the names rules may read: variables with the types
// of their defaults, the union of rep and territory attributes, lets and
// measures.
func buildSchema(p *plans.Plan) (*rules.Schema, hcl.Diagnostics) {
	s := &rules.Schema{Vars: map[string]types.Type{}}
	for _, v := range p.Variables {
		s.Vars[v.Name] = rules.TypeOfValue(v.Default)
	}
	repAttrs, terrAttrs := make([]*plans.Attrs, len(p.Reps)), make([]*plans.Attrs, len(p.Territories))
	for i, r := range p.Reps {
		repAttrs[i] = &r.Attrs
	}
	for i, t := range p.Territories {
		terrAttrs[i] = &t.Attrs
	}
	s.RepAttrs = attrTypes(repAttrs, rules.RepReserved)
	s.TerritoryAttrs = attrTypes(terrAttrs, rules.TerritoryReserved)
	for _, l := range p.Lets {
		switch l.Scope {
		case plans.ScopeTerritory:
			s.TerritoryLets = append(s.TerritoryLets, l.Name)
		case plans.ScopeRep:
			s.RepLets = append(s.RepLets, l.Name)
		default:
			s.PlanLets = append(s.PlanLets, l.Name)
		}
	}
	seen := map[string]bool{}
	for _, q := range p.Quotas {
		if !seen[q.Measure] {
			seen[q.Measure] = true
			s.Measures = append(s.Measures, q.Measure)
		}
	}
	sort.Strings(s.Measures)
	creditSchema(p, s)
	return s, nil
}

// attrTypes gives each attribute the type its values share (number, string,
// bool) or any when they differ; empty cells do not count, and a column
// of a CSV whose cells are all empty is any. Reserved names, which the
// loader reports, are left out.
func attrTypes(all []*plans.Attrs, reserved []string) map[string]types.Type {
	type state struct {
		t     types.Type // nil until a non-nil value is seen
		code  int        // scalarCode of the values so far
		mixed bool
	}
	seen := map[string]*state{}
	var names []string // of the last row, and the state of each
	var states []*state
	for _, a := range all {
		row, values := a.Row()
		if !sameSlice(row, names) { // rows of one CSV share their names
			names, states = row, make([]*state, len(row))
			for i, name := range row {
				if states[i] = seen[name]; states[i] == nil {
					states[i] = &state{}
					seen[name] = states[i]
				}
			}
		}
		for i, v := range values {
			if v == nil {
				continue // absent, or a column that sets no attribute
			}
			st := states[i]
			code := scalarCode(v)
			if st.mixed || (code != 0 && code == st.code) {
				continue // nothing changes
			}
			t := rules.TypeOfValue(v)
			switch {
			case st.t == nil:
				st.t, st.code = t, code
			case !st.t.Equal(t):
				st.t, st.mixed = types.Any, true
			}
		}
	}
	out := make(map[string]types.Type, len(seen))
	for name, st := range seen {
		if name == "" || contains(reserved, name) {
			continue
		}
		out[name] = st.t
		if st.t == nil {
			out[name] = types.Any
		}
	}
	return out
}

// sameSlice reports whether a and b are the same slice (not merely equal).
func sameSlice(a, b []string) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

// scalarCode tells the Go types of attribute values apart cheaply: 1 to 3
// for numbers, strings and booleans, 0 for anything else.
func scalarCode(v any) int {
	switch v.(type) {
	case float64:
		return 1
	case string:
		return 2
	case bool:
		return 3
	}
	return 0
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// order sorts lets and measures so that each comes after everything it
// reads; a cycle is an error listing it with locations.
func order(lets map[string]*let, measures map[string][]*quota, credits []*creditBlock) ([]step, hcl.Diagnostics) {
	type node struct {
		key  string
		step step
		refs []rules.Ref
		rng  hcl.Range
		name string
	}
	nodes := map[string]*node{}
	var keys []string
	for name, l := range lets {
		k := "let:" + name
		nodes[k] = &node{key: k, step: step{let: l}, refs: l.rule.Refs, rng: l.DefRange, name: fmt.Sprintf("let %q", name)}
		keys = append(keys, k)
	}
	var measureNames []string
	for m, qs := range measures {
		measureNames = append(measureNames, m)
		n := &node{key: "measure:" + m, step: step{measure: m, quotas: qs}, rng: qs[0].DefRange, name: fmt.Sprintf("quota %q", qs[0].Label)}
		for _, q := range qs {
			n.refs = append(n.refs, ruleRefs(q.appliesTo, q.annual, q.monthly)...)
			if q.ramp != nil {
				n.refs = append(n.refs, ruleRefs(append(q.ramp.when, q.ramp.factor...)...)...)
			}
		}
		nodes[n.key] = n
		keys = append(keys, n.key)
	}
	if n := creditNode(credits); n != nil {
		nodes[creditKey] = &node{key: creditKey, step: step{credit: true}, refs: n.refs, rng: n.rng, name: n.name}
		keys = append(keys, creditKey)
	}
	sort.Strings(keys)
	sort.Strings(measureNames)
	deps := func(n *node) []string {
		var out []string
		for _, r := range n.refs {
			switch r.Kind {
			case rules.RefLet:
				out = append(out, "let:"+r.Name)
			case rules.RefMeasure:
				out = append(out, "measure:"+r.Name)
			case rules.RefAllMeasures:
				for _, m := range measureNames {
					out = append(out, "measure:"+m)
				}
			case rules.RefCredit:
				out = append(out, creditKey)
			}
		}
		sort.Strings(out)
		return out
	}
	const (
		unvisited = iota
		visiting
		done
	)
	state := map[string]int{}
	var steps []step
	var stack []*node
	var diags hcl.Diagnostics
	var visit func(k string) bool
	visit = func(k string) bool {
		n, ok := nodes[k]
		if !ok { // a measure no quota block defines reads as 0
			return true
		}
		switch state[k] {
		case done:
			return true
		case visiting:
			// report the cycle: the stack from k's first appearance
			i := len(stack) - 1
			for stack[i].key != k {
				i--
			}
			cyc := stack[i:]
			var parts []string
			for _, c := range cyc {
				parts = append(parts, fmt.Sprintf("%s (%s:%d)", c.name, c.rng.Filename, c.rng.Start.Line))
			}
			parts = append(parts, cyc[0].name)
			rng := cyc[0].rng
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Dependency cycle",
				Detail:  fmt.Sprintf("These rules read each other in a circle: %s. Break the cycle by computing one of them from plan inputs instead.", strings.Join(parts, " reads ")),
				Subject: &rng})
			return false
		}
		state[k] = visiting
		stack = append(stack, n)
		ok = true
		for _, d := range deps(n) {
			if !visit(d) {
				ok = false
				break
			}
		}
		stack = stack[:len(stack)-1]
		state[k] = done
		steps = append(steps, n.step)
		return ok
	}
	for _, k := range keys {
		if state[k] == unvisited && !visit(k) {
			break
		}
	}
	return steps, diags
}

func ruleRefs(rs ...*rules.Rule) []rules.Ref {
	var out []rules.Ref
	for _, r := range rs {
		if r != nil {
			out = append(out, r.Refs...)
		}
	}
	return out
}
