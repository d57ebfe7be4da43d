package plans

import (
	"iter"
	"maps"
	"slices"
	"time"

	"github.com/hashicorp/hcl/v2"
)

// Plan is a loaded, validated plan directory: every block of every *.hcl file
// plus the rows of the CSV files its import blocks name. Slices are sorted by
// label (reps and territories by id) so that everything built from a Plan is
// deterministic.
type Plan struct {
	Dir string // the plan directory as given to Load

	ID       string
	Title    string
	Start    time.Time // first day of the first month, UTC midnight
	Months   int       // 1..36
	Currency string
	Holidays []time.Time
	// AsOf is the day the plan is read at: the plan block's as_of, or the
	// plan's last day when it sets none. Waivers expire against it; it is
	// never the clock, so the same files give the same result on any day.
	AsOf      time.Time
	AsOfRange hcl.Range // where as_of is written; the plan block's header when it is not
	DefRange  hcl.Range // the plan block's header

	Variables   []*Variable
	Scenarios   []*Scenario
	Territories []*Territory
	Reps        []*Rep
	Ramps       []*Ramp
	Quotas      []*Quota
	Lets        []*Let
	Goals       []*Goal
	Checks      []*Check
	Tests       []*Test
	Waivers     []*Waiver
	Imports     []*Import
	Credits     []*Credit // actual, pipeline and forecast blocks, by kind then label

	// Sources holds the bytes of every file that was read (HCL and CSV),
	// keyed by the file name used in hcl.Range.Filename, for rendering
	// diagnostics with a source snippet.
	Sources map[string][]byte
}

// Expr is an expr-lang rule written inside an HCL attribute, or a plain
// number literal written where a rule is allowed (its Text is then the
// number's canonical text, e.g. "0.4").
type Expr struct {
	Attr  string    // the attribute name, e.g. "annual"
	Text  string    // the rule source after HCL string decoding
	Range hcl.Range // the attribute value's range in the file

	// offsets[i] is the file byte offset of byte i of Text when the text
	// maps exactly onto the file (plain strings and heredocs); nil when it
	// does not (strings with escapes, literals), in which case positions fall
	// back to Range.
	offsets []int
	// lineStarts are the file byte offsets of each line start, for turning a
	// byte offset back into line and column.
	lineStarts []int
	// literal is set when the attribute was a number rather than a rule.
	literal bool
}

// Literal reports whether the expression was written as a plain number.
func (e *Expr) Literal() bool { return e != nil && e.literal }

// Variable is a `variable` block.
type Variable struct {
	Name        string
	Default     any // float64, string, bool, []any or map[string]any
	Description string
	DefRange    hcl.Range
}

// Scenario is a named set of variable overrides.
type Scenario struct {
	Name      string
	Vars      map[string]any
	VarRanges map[string]hcl.Range // where each override is written
	DefRange  hcl.Range
}

// Attrs holds the attributes of a rep or territory, known and custom alike,
// as plain values (float64, string, bool, []any, map[string]any), with the
// range each was written at (an HCL attribute or a CSV cell): ask Range.
//
// The values are kept as a row aligned with a list of names, which every
// row of one CSV file shares: a hundred thousand imported reps make a
// hundred thousand short slices, not maps.
type Attrs struct {
	names  []string // the name of each value; "" for a column that sets none
	values []any    // nil where the attribute is absent (an empty cell)
	// Ranges holds the ranges of attributes written in HCL. It is nil for a
	// row of an imported CSV, whose cell ranges Range computes on demand.
	Ranges map[string]hcl.Range
	row    csvRow // the CSV row the attributes come from, if any
}

// AttrsOf returns attributes with the given names and values (nil: absent),
// as a CSV row holds them.
func AttrsOf(names []string, values []any) Attrs {
	return Attrs{names: names, values: values}
}

// Get returns the value of attribute name; ok is false when it is absent.
func (a *Attrs) Get(name string) (v any, ok bool) {
	if i := slices.Index(a.names, name); i >= 0 && name != "" {
		return a.values[i], a.values[i] != nil
	}
	return nil, false
}

// All yields every attribute present, in the order written.
func (a *Attrs) All() iter.Seq2[string, any] {
	return func(yield func(string, any) bool) {
		for i, v := range a.values {
			if v != nil && !yield(a.names[i], v) {
				return
			}
		}
	}
}

// Map returns the attributes as a new map.
func (a *Attrs) Map() map[string]any {
	return maps.Collect(a.All())
}

// Row returns the attributes as a row of values aligned with names (nil
// where absent, and in columns that set no attribute, named ""). Rows of
// one imported CSV share their names slice, so a reader converting many
// rows can work out where each name goes once per distinct slice. Neither
// may be modified.
func (a *Attrs) Row() (names []string, values []any) { return a.names, a.values }

// set gives attribute name the value v (not nil).
func (a *Attrs) set(name string, v any) {
	if i := slices.Index(a.names, name); i >= 0 {
		a.values[i] = v
		return
	}
	a.names = append(a.names, name)
	a.values = append(a.values, v)
}

// Territory is a `territory` block or a row of an imported territories CSV.
type Territory struct {
	ID       string
	Name     string // "" when absent
	Parent   string // "" when absent
	Attrs    Attrs  // every attribute including name, parent and custom ones (not id)
	DefRange hcl.Range
}

// Leave is a `leave` block of a rep: inclusive days on leave.
type Leave struct {
	From, To time.Time
	DefRange hcl.Range
}

// Rep is a `rep` block or a row of an imported reps CSV.
type Rep struct {
	ID        string
	Name      string
	Role      string
	Territory string     // territory id or ""
	Manager   string     // rep id or ""
	Start     *time.Time // nil: active since before the plan
	End       *time.Time // nil: active to the end; inclusive last day
	Leaves    []Leave
	Attrs     Attrs // every attribute including name, role, territory, manager, start, end and custom ones (not id)
	DefRange  hcl.Range
}

// Tier is one `tier` of a ramp.
type Tier struct {
	When     *Expr
	Factor   *Expr // literal number or rule
	DefRange hcl.Range
}

// Ramp is a `ramp` block.
type Ramp struct {
	Name     string
	Tiers    []*Tier
	DefRange hcl.Range
}

// Rounding modes of a quota.
const (
	// RoundMonth rounds each month's amount on its own (the default).
	RoundMonth = "month"
	// RoundCumulative rounds the running total of the months: a month's
	// quota is round(sum of months 1..p) - round(sum of months 1..p-1).
	RoundCumulative = "cumulative"
)

// Quota is a `quota` block.
type Quota struct {
	Label       string
	Measure     string    // defaults to Label
	Unit        string    // defaults to the plan currency
	UnitRange   hcl.Range // where unit is written; the block's header when it is not
	AppliesTo   *Expr     // nil means every rep
	Annual      *Expr     // exactly one of Annual and Monthly is set
	Monthly     *Expr
	Ramp        string // ramp label or ""
	RampRange   hcl.Range
	Prorate     bool      // default true
	Season      []float64 // nil, 4 quarter weights or one weight per month
	SeasonRange hcl.Range
	Round       float64 // the rounding increment, > 0; 0: absent (no rounding)
	Rounding    string  // RoundMonth (default) or RoundCumulative
	// Rollup is false for a quota that restates other quotas (a manager
	// carrying the team's number, an overlay): it is reported per rep but
	// never added into territories, teams, goals or the plan total.
	Rollup      bool      // default true
	RollupRange hcl.Range // where rollup is written; the block's header when it is not
	DefRange    hcl.Range
}

// Let scopes.
const (
	ScopePlan      = "plan"
	ScopeTerritory = "territory"
	ScopeRep       = "rep"
	ScopeGoal      = "goal"
)

// Let is a `let` block: a derived value in plan, territory or rep scope.
type Let struct {
	Name     string
	Scope    string // ScopePlan, ScopeTerritory or ScopeRep
	Expr     *Expr
	DefRange hcl.Range
}

// Goal is a `goal` block.
type Goal struct {
	Name         string
	Description  string
	Measure      string // "" for an informational goal
	MeasureRange hcl.Range
	Target       *Expr // literal number or plan-scope rule
	Overassign   float64
	Where        *Expr  // nil: every rep
	Period       string // "FY", "Q1".."Qn" or a month id "2027-05"
	PeriodRange  hcl.Range
	DefRange     hcl.Range
}

// Check is a `check` block.
type Check struct {
	Name     string
	Scope    string // ScopePlan, ScopeRep, ScopeTerritory or ScopeGoal
	Where    *Expr  // nil: every subject
	Assert   *Expr
	Severity string // "error", "warning" or "info"
	Message  *Message
	DefRange hcl.Range
}

// Message is a check message: literal text with `{{ expr }}` pieces.
type Message struct {
	Text   string
	Pieces []MessagePiece
	Range  hcl.Range
}

// MessagePiece is either literal text or a rule to evaluate.
type MessagePiece struct {
	Text string // literal text when Expr is nil
	Expr *Expr
}

// Test is a `test` block: a plan-scope assertion run by `quotaplan test`.
type Test struct {
	Name     string
	Assert   *Expr
	Scenario string
	Vars     map[string]any
	DefRange hcl.Range
}

// Import is an `import` block: CSV files of rows of one kind.
type Import struct {
	// Kind is the label: "reps", "territories", "accounts", "deals",
	// "forecasts", "changes", "leaves" or "adjustments".
	Kind  string
	Paths []string // as written, relative to the plan directory
	// ID is the normalised header of the column that holds each row's id,
	// from the id attribute; "" for the default, "id".
	ID string
	// Columns maps attributes to the normalised headers of the columns
	// they are read from, from the columns attribute; nil without one.
	Columns map[string]string
	// Rows holds the rows read, file after file, in order, for every kind
	// but reps and territories (whose rows are the plan's Reps and
	// Territories). Leaves rows also become Leaves of the reps they name.
	Rows     []*Row
	DefRange hcl.Range

	idRange      hcl.Range            // where ID is written
	columnRanges map[string]hcl.Range // where each column of Columns is written
}
