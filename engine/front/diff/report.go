package diff

import "github.com/quotaplan/quotaplan/engine"

// Kind says how an entity (rep, territory, goal, variable) changed between
// base and head.
type Kind string

// The kinds of change of an entity.
const (
	Added   Kind = "added"   // only in head
	Removed Kind = "removed" // only in base
	Changed Kind = "changed" // in both, with differences
)

// Symbol is the one-character mark of the kind in text output: "+", "-"
// or "~".
func (k Kind) Symbol() string {
	switch k {
	case Added:
		return "+"
	case Removed:
		return "-"
	}
	return "~"
}

// CheckChange statuses.
const (
	NewFailure   = "new_failure"   // fails in head, did not fail (at this severity or above) in base
	Fixed        = "fixed"         // failed in base, passes in head or is no longer evaluated
	StillFailing = "still_failing" // fails on both sides
)

// Report is the difference between two evaluated plans. Every slice is
// sorted by id (checks by check, then subject) unless SortByDelta
// reordered it, so the same inputs always give the same Report.
type Report struct {
	Base, Head Source
	// Attributes is true when both sides came from plan directories, so
	// that every rep and territory attribute (start, end, OTE, custom ones)
	// was compared; otherwise only what a saved result holds (name, role,
	// territory, manager) was.
	Attributes bool

	Plan        []AttrChange // plan block fields and the scenario
	Vars        []AttrChange // variables, by name
	Totals      []Amount     // plan total of each measure (sum over reps), every measure
	Reps        []RepChange
	Territories []RollupChange
	Teams       []RollupChange // by manager
	Goals       []GoalChange
	Checks      []CheckChange  // new failures, fixes and checks still failing
	Actuals     []ActualChange // actuals and attainment that changed, by rep and measure
	// RulesCompared is true when both sides came with their blocks as
	// written (plan directories); Rules then lists every block other than
	// reps and territories added, removed or with attributes changed,
	// sorted by block type and label. A saved result has no rules: Rules is
	// empty and nothing is said about them.
	RulesCompared bool
	Rules         []BlockChange
	Counts        Counts
}

// Source describes one side of the comparison.
type Source struct {
	Label    string // what the user named: a directory, a file, "REF:dir"; may be ""
	PlanID   string
	Scenario string // "" when none
	Currency string
}

// Counts sums up a Report. Quotas counts the (rep, measure) pairs of reps
// present on both sides whose quota changed.
type Counts struct {
	RepsAdded, RepsRemoved, RepsEdited int // RepsEdited: reps on both sides with attribute changes
	Quotas                             int
	TerritoriesAdded                   int
	TerritoriesRemoved                 int
	TerritoriesChanged                 int // on both sides, attributes or roll-ups changed
	GoalsChanged                       int // added, removed or changed
	NewFailures, Fixed, StillFailing   int
	NewErrors                          int // new failures of severity error
	Vars                               int
	Plan                               int
	RulesChanged                       int // attributes changed, added or removed in blocks on both sides
	BlocksAdded, BlocksRemoved         int // blocks other than reps and territories
}

// AttrChange is a named value that changed; Old or New is nil when the
// value is absent on that side.
type AttrChange struct {
	Name     string
	Old, New any
}

// Amount is a number on both sides. OldSet / NewSet are false when the
// number does not exist on that side (a measure that newly applies, an
// added rep); the missing side's value is then 0.
type Amount struct {
	Measure        string // measure name, for quotas and totals
	Unit           string
	Old, New       float64
	OldSet, NewSet bool
}

// Delta is New - Old.
func (a Amount) Delta() float64 { return a.New - a.Old }

// Percent is the change relative to Old, in percent; ok is false when Old
// is 0.
func (a Amount) Percent() (pct float64, ok bool) {
	if a.Old == 0 {
		return 0, false
	}
	return (a.New - a.Old) / a.Old * 100, true
}

// Differs reports whether the amount changed as printed (at most 6
// decimals) or exists on one side only.
func (a Amount) Differs() bool {
	return a.OldSet != a.NewSet || !same(a.Old, a.New)
}

// QuotaChange is the change of one rep's quota for one measure.
type QuotaChange struct {
	Amount            // FY totals
	Full     Amount   // full-productivity annual amounts
	Quarters []string // ids of the quarters whose amount changed, in plan order
	Periods  []string // ids of the months whose amount changed, in order
}

// RepChange is a rep added, removed or changed.
type RepChange struct {
	ID        string
	Kind      Kind
	Name      string // head's name, base's when removed
	Territory string // head's territory, base's when removed
	Manager   string // head's manager, base's when removed
	Attrs     []AttrChange
	Quotas    []QuotaChange
}

// Delta is the absolute FY change summed over the rep's measures, the key
// of SortByDelta.
func (c RepChange) Delta() float64 {
	var s float64
	for _, q := range c.Quotas {
		s += abs(q.Delta())
	}
	return s
}

// RollupChange is a territory or a team added, removed or changed: its
// attributes (territories only, and only when both sides came from plan
// directories) and the roll-up of its quotas by measure. A territory rolls
// up the reps of itself and of every territory below it; a team, named by
// its manager's rep id, rolls up every rep below the manager (not the
// manager's own quota). A rollup that exists on one side lists every
// measure; one on both sides lists the measures whose total changed.
type RollupChange struct {
	ID     string
	Kind   Kind
	Attrs  []AttrChange
	Quotas []Amount
}

// Delta is the absolute roll-up change summed over measures.
func (c RollupChange) Delta() float64 {
	var s float64
	for _, q := range c.Quotas {
		s += abs(q.Delta())
	}
	return s
}

// GoalChange is a goal added, removed or changed.
type GoalChange struct {
	ID       string
	Kind     Kind
	Measure  string // head's, base's when removed
	Period   string // head's, base's when removed
	Unit     string // unit of the measure, "" when unknown
	Target   Amount
	Assigned Amount
	Ratio    Amount
	Expected Amount
	Attrs    []AttrChange // measure or period changes
}

// CheckChange is one check result for one subject that fails on at least
// one side.
type CheckChange struct {
	Check     string
	Subject   string
	Severity  engine.Severity // head's severity, base's when fixed
	Status    string          // NewFailure, Fixed or StillFailing
	OldStatus string          // "pass", "fail" or "" when not evaluated in base
	NewStatus string          // "pass", "fail" or "" when not evaluated in head
	Message   string          // head's message, base's when fixed
}

// Changed reports whether anything differs between base and head. Checks
// that fail on both sides are not a change.
func (r *Report) Changed() bool {
	c := r.Counts
	return len(r.Plan)+len(r.Vars)+len(r.Rules)+len(r.Reps)+len(r.Territories)+len(r.Goals)+c.NewFailures+c.Fixed+len(r.Actuals) > 0
}
