package rules

import (
	"sort"
	"sync"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/checker/nature"
	"github.com/expr-lang/expr/conf"
	"github.com/expr-lang/expr/parser"
	"github.com/expr-lang/expr/types"
	"github.com/expr-lang/expr/vm"
)

// Scope is the set of names a rule may read.
type Scope int

// The rule scopes of plans/LANGUAGE.md section 4.
const (
	ScopePlan      Scope = iota // var, plan, reps, territories, periods, quota()
	ScopeTerritory              // plan scope + territory
	ScopeRep                    // plan scope + rep, territory, manager
	ScopeRepPeriod              // rep scope + period, tenure_month, active
	ScopeGoal                   // plan scope + goal
	ScopeDeal                   // plan scope + deal (a row of an imported deals CSV)
	ScopeForecast               // plan scope + forecast (a row of an imported forecasts CSV)
	numScopes
)

// String names the scope as plans write it.
func (s Scope) String() string {
	return [...]string{"plan", "territory", "rep", "rep-period", "goal", "deal", "forecast"}[s]
}

// Schema describes the shape of one plan: the variables, the attributes of
// its reps and territories, its lets and its measures. From it Env builds
// the names visible in each scope.
type Schema struct {
	Vars           map[string]types.Type // variable name -> type of its value
	RepAttrs       map[string]types.Type // attribute name -> type (union over all reps)
	TerritoryAttrs map[string]types.Type
	PlanLets       []string
	TerritoryLets  []string
	RepLets        []string
	Measures       []string
	// Credits describes the actual, pipeline and forecast blocks; the
	// zero value for a plan without any.
	Credits Credits

	envs    [numScopes]*Env
	hoisted int // hoisted parts named so far, for unique names
}

// Env is the compile-time description of the names visible in one scope.
type Env struct {
	scope  Scope
	schema *Schema
	types  types.Map
	elems  []types.Map      // types of list elements (reps, territories, periods), for predicate fields
	lets   map[string]Scope // every let of the plan, for dependency extraction
	// nature is types as the expr checker sees it, worked out on first use:
	// expr.Env would work it out again for every rule, and it is the larger
	// part of compiling a short rule. The checker fills caches inside it,
	// so compilations against one Env hold mu.
	nature *nature.Nature
	mu     sync.Mutex
}

// option gives an expr compilation the scope's names, as expr.Env(e.types)
// does but with the nature worked out once per scope. The nature is shared
// by every compilation in the scope and the expr checker fills caches
// inside it, so the caller holds e.mu from option until the compilation
// is done (see Env.build): explain and evaluation-error reports compile
// parts of rules from many goroutines at once.
func (e *Env) option() expr.Option {
	if e.nature == nil {
		nt := e.types.Nature()
		e.nature = &nt
	}
	return func(c *conf.Config) {
		c.EnvObject, c.Env, c.Strict = e.types, *e.nature, e.nature.Strict
	}
}

// Names visible to every rule besides the scope's own.
const (
	NameVar         = "var"
	NamePlan        = "plan"
	NameReps        = "reps"
	NameTerritories = "territories"
	NamePeriods     = "periods"
	NameRep         = "rep"
	NameTerritory   = "territory"
	NameManager     = "manager"
	NamePeriod      = "period"
	NameTenure      = "tenure_month"
	NameActive      = "active"
	NameGoal        = "goal"
	NameQuotaFunc   = "quota"
)

// TypeOfValue returns the rule type of a plain value (float64, string, bool,
// []any, map[string]any).
func TypeOfValue(v any) types.Type {
	switch v.(type) {
	case float64:
		return types.Float64
	case string:
		return types.String
	case bool:
		return types.Bool
	case nil:
		return types.Any
	default:
		return types.TypeOf(v)
	}
}

// Env returns the names visible in scope s.
func (sc *Schema) Env(s Scope) *Env {
	if sc.envs[s] == nil {
		sc.envs[s] = sc.build(s)
	}
	return sc.envs[s]
}

func (sc *Schema) build(s Scope) *Env {
	measures := types.Map{}
	for _, m := range sc.Measures {
		measures[m] = types.Float64
	}
	repObj := func(nested types.Type) types.Map {
		t := typeMap(RepFields, measures, types.Array(nested))
		addAll(t, sc.RepAttrs)
		addLets(t, sc.RepLets)
		sc.Credits.addRepFields(t)
		return t
	}
	repLite := repObj(types.Any)
	repFull := repObj(repLite)
	territoryObj := typeMap(TerritoryFields, measures, types.Array(repLite))
	addAll(territoryObj, sc.TerritoryAttrs)
	addLets(territoryObj, sc.TerritoryLets)
	period := typeMap(PeriodFields, measures, types.Any)
	plan := typeMap(PlanFields, measures, types.Any)
	addLets(plan, sc.PlanLets)
	vars := types.Map{}
	addAll(vars, sc.Vars)

	env := types.Map{
		NameVar: vars, NamePlan: plan,
		NameReps: types.Array(repFull), NameTerritories: types.Array(territoryObj),
		NamePeriods:   types.Array(period),
		NameQuotaFunc: types.TypeOf(QuotaFunc(nil)),
	}
	switch s {
	case ScopeTerritory:
		env[NameTerritory] = territoryObj
	case ScopeRep, ScopeRepPeriod:
		env[NameRep] = repFull
		env[NameTerritory] = territoryObj
		env[NameManager] = repFull
		if s == ScopeRepPeriod {
			env[NamePeriod] = period
			env[NameTenure] = types.Int
			env[NameActive] = types.Float64
		}
	case ScopeGoal:
		env[NameGoal] = typeMap(GoalFields, measures, types.Any)
	}
	sc.Credits.addNames(env, s)
	lets := map[string]Scope{}
	for _, n := range sc.PlanLets {
		lets[n] = ScopePlan
	}
	for _, n := range sc.TerritoryLets {
		lets[n] = ScopeTerritory
	}
	for _, n := range sc.RepLets {
		lets[n] = ScopeRep
	}
	return &Env{scope: s, schema: sc, types: env, lets: lets, elems: []types.Map{repFull, territoryObj, period}}
}

// QuotaFunc is the Go type of the quota(rep_id, measure, period) function
// that rules call; the engine supplies the implementation in the run-time
// environment under the name "quota".
type QuotaFunc func(rep, measure, period string) float64

func addAll(m types.Map, from map[string]types.Type) {
	for k, v := range from {
		m[k] = v
	}
}

// addLets adds lets, which are numbers (plans/LANGUAGE.md section 6).
func addLets(m types.Map, lets []string) {
	for _, l := range lets {
		m[l] = types.Float64
	}
}

// build compiles root, a tree parsed from text (or text itself when root
// is nil), with the options opts returns, holding e.mu from making the
// options to the end; see the package function build.
func (e *Env) build(text string, root ast.Node, opts func() []expr.Option) (*vm.Program, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	return build(text, root, opts())
}

// parse parses text as build would, with the options of a rule of kind
// want in this scope.
func (e *Env) parse(text string, want Kind) (*parser.Tree, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	return parser.ParseWithConfig(text, newConfig(append(kindOptions(want), e.option())))
}

// Scope reports the scope the environment describes.
func (e *Env) Scope() Scope { return e.scope }

// fieldsOf returns the field names of a map type, sorted.
func fieldsOf(t types.Type) []string {
	m, ok := t.(types.Map)
	if !ok {
		return nil
	}
	out := make([]string, 0, len(m))
	for k := range m {
		if k != types.Extra {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}
