package engine

import (
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"

	"github.com/quotaplan/quotaplan/plans"
)

// Result is the evaluated plan: its ledger (reps x periods x measures and
// their roll-ups), goals and check results. It is plain data: it holds no
// state of the evaluation that made it, so a result read back from JSON is
// the same type as a computed one, and explain works from the model and a
// result (Model.Explainer). Every slice is sorted by id (checks by check,
// then subject) and every map is only ever rendered in sorted key order, so
// the same plan always renders to the same bytes. A Result must not be
// copied.
type Result struct {
	Plan     PlanInfo
	Scenario string         // "" when no scenario was chosen
	Vars     map[string]any // effective variable values after overrides
	Ledger
	Goals  []*GoalResult
	Checks []*CheckResult
	// Waivers are the plan's waive blocks, sorted by id, each with what
	// it did to its check result; nil when the plan has none.
	Waivers []*WaiverResult
	// Credits holds what the plan's actual, pipeline and forecast blocks
	// give beyond each rep's figures; nil for a plan without them.
	Credits *CreditsResult
	Summary Summary
}

// PlanInfo is the plan block as it appears in results.
type PlanInfo struct {
	ID       string
	Title    string
	Start    string // "2027-02-01"
	Months   int
	Currency string
	AsOf     string // "2027-09-30": the plan's as_of, or its last day; "" for a result read back from JSON without one
}

// Period is one month of the plan.
type Period struct {
	ID       string // "2027-03"
	Index    int    // 1-based
	Month    int    // calendar month 1..12
	Quarter  int    // 1-based quarter of the plan (Q1 holds periods 1..3); may exceed 4 for plans over 12 months
	Start    time.Time
	End      time.Time // last day, inclusive
	Days     int
	Workdays int // Monday..Friday minus plan holidays
}

// Quarter groups three consecutive periods (the last one may hold fewer).
type Quarter struct {
	ID      string // "Q1"
	Periods []int  // 0-based indexes into Result.Periods
}

// Measure is a quota measure of the plan.
type Measure struct {
	Name string
	Unit string
}

// RepResult is one rep with its quotas.
type RepResult struct {
	ID        string
	Name      string
	Role      string
	Territory string
	Manager   string
	Depth     int          // 0 for a rep without manager, 1 for its reports, ...
	Reports   []string     // ids of direct reports, sorted
	Versions  []Version    // membership from later periods on, by From; nil when it holds all year
	Attrs     *plans.Attrs // the rep's attributes as declared; nil for a result read back from JSON
	// Quotas holds the quotas of the measures that apply to the rep, sorted
	// by measure.
	Quotas []*QuotaResult
	// Actuals holds the credited figures of each measure with actual,
	// pipeline or forecast blocks that the rep carries or was credited
	// for, sorted by measure; nil without any.
	Actuals []*ActualResult
}

// repOwnAttrs are the rep attributes that results hold outside the
// custom ones: name, role, territory and manager have fields (and JSON
// keys) of their own; start and end are dates whose effect the periods
// show.
var repOwnAttrs = []string{"name", "role", "territory", "manager", "start", "end"}

// Attr is one attribute: its name and its value (float64, string, bool,
// []any or map[string]any).
type Attr struct {
	Name  string
	Value any
}

// CustomAttrs returns the rep's custom attributes (every attribute but
// name, role, territory, manager, start and end), sorted by name; nil for a
// rep without any and for a rep read back from JSON.
func (r *RepResult) CustomAttrs() []Attr {
	if r.Attrs == nil {
		return nil
	}
	var out []Attr
	for name, v := range r.Attrs.All() {
		if !slices.Contains(repOwnAttrs, name) {
			out = append(out, Attr{Name: name, Value: v})
		}
	}
	slices.SortFunc(out, func(a, b Attr) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// HasCustomAttrs reports whether some rep of the ledger has a custom
// attribute (see RepResult.CustomAttrs).
func (l *Ledger) HasCustomAttrs() bool {
	for _, r := range l.Reps {
		if r.Attrs == nil {
			continue
		}
		for name := range r.Attrs.All() {
			if !slices.Contains(repOwnAttrs, name) {
				return true
			}
		}
	}
	return false
}

// Quota returns the rep's quota for measure, nil when none applies.
func (r *RepResult) Quota(measure string) *QuotaResult {
	for _, q := range r.Quotas {
		if q.Measure == measure {
			return q
		}
	}
	return nil
}

// QuotaResult is a rep's quota for one measure.
type QuotaResult struct {
	Measure string
	Unit    string
	Block   string // label of the quota block that applied
	Total   float64
	Full    float64   // full-productivity annual amount
	Periods []float64 // aligned with Result.Periods
	// Restates marks a quota that restates other quotas: it is reported
	// for the rep but never rolled up.
	Restates bool

	// What each figure was made of, kept compact (a hundred thousand reps
	// make over a million figures): the values rules produced, per period,
	// and the shared inputs the rest is derived from. Factor(i) assembles
	// them.
	annual   float64
	monthly  []float64 // the monthly rule's values, nil for an annual amount
	ramp     []float64 // ramp factors, nil without a ramp
	tiers    []int16   // tiers matched, aligned with ramp
	weights  []float64 // month weights of the quota block (shared)
	presence []presence
	days     []Period
	prorate  bool
}

// Factor returns the provenance of the figure of period i.
func (q *QuotaResult) Factor(i int) Factors {
	pr := q.presence[i]
	f := Factors{Weight: 1, TenureMonth: int32(pr.tenure), RampTier: -1, RampFactor: 1, Active: pr.active,
		ActiveDays: int16(pr.activeDays), Days: int16(q.days[i].Days), Cut: pr.cut, Prorated: q.prorate}
	if q.monthly != nil {
		f.FullMonthly = q.monthly[i]
	} else {
		f.Weight = q.weights[i]
		f.FullMonthly = q.annual * q.weights[i]
	}
	if pr.active > 0 {
		if q.ramp != nil {
			f.RampFactor, f.RampTier = q.ramp[i], q.tiers[i]
		}
		f.Unrounded = f.FullMonthly * f.RampFactor * f.share()
		f.Value = q.Periods[i]
	}
	return f
}

// series returns the figures of kind k; ok is false for a kind the quota
// does not hold.
func (q *QuotaResult) series(k Kind) (Series, bool) {
	switch k {
	case KindQuota:
		return Series{Periods: q.Periods, Total: q.Total}, true
	case KindFull:
		s := Series{Total: q.Full}
		if q.presence != nil {
			s.Periods = make([]float64, len(q.Periods))
			for i := range s.Periods {
				s.Periods[i] = q.Factor(i).FullMonthly
			}
		}
		return s, true
	}
	return Series{}, false
}

// Factors returns the provenance of every figure, aligned with Periods;
// nil for a result read back from JSON, which has none.
func (q *QuotaResult) Factors() []Factors {
	if q.presence == nil {
		return nil
	}
	out := make([]Factors, len(q.Periods))
	for i := range out {
		out[i] = q.Factor(i)
	}
	return out
}

// Quarter returns the sum of the rounded periods of quarter q (0-based).
func (q *QuotaResult) Quarter(r *Result, qi int) float64 {
	var s float64
	for _, i := range r.Quarters[qi].Periods {
		s += q.Periods[i]
	}
	return s
}

// Factors is the provenance of one period quota:
// Value = round(FullMonthly x RampFactor x share), where share is Active
// when Prorated, else 1.
type Factors struct {
	FullMonthly float64 // annual x Weight, or the monthly rule's value
	Weight      float64 // month weight (1 for a monthly rule)
	RampFactor  float64 // 1 when no tier matched
	Active      float64 // active days / days in the period
	Unrounded   float64
	Value       float64
	TenureMonth int32
	ActiveDays  int16
	Days        int16
	RampTier    int16 // 0-based index of the tier that matched; -1 when none matched or no ramp
	Cut         Cut   // what made Active < 1
	Prorated    bool  // whether Active multiplied the amount (prorate = true)
}

// share is the part of the full amount an active rep carries.
func (f *Factors) share() float64 {
	if f.Prorated {
		return f.Active
	}
	return 1
}

// Cut says what made a rep inactive for part of a period.
type Cut uint8

// Reasons a period is cut.
const (
	CutStart Cut = 1 << iota // the rep starts during or after the period
	CutEnd                   // the rep ends during or before the period
	CutLeave                 // the rep is on leave
)

// Names lists the reasons as "start", "end", "leave".
func (c Cut) Names() []string {
	var out []string
	for _, r := range []struct {
		c    Cut
		name string
	}{{CutStart, "start"}, {CutEnd, "end"}, {CutLeave, "leave"}} {
		if c&r.c != 0 {
			out = append(out, r.name)
		}
	}
	return out
}

// TerritoryResult is a territory with the roll-up of its reps' quotas
// (reps of the territory and of every territory below it); its periods
// are in the ledger (Ledger.Rollup).
type TerritoryResult struct {
	ID     string
	Name   string
	Parent string
	Depth  int
	Quotas map[string]float64 // FY total by measure, from the ledger's roll-up
	Reps   int                // reps counted in the roll-up
}

// GoalResult is an evaluated goal.
type GoalResult struct {
	ID          string
	Description string
	Measure     string // "" for an informational goal
	Period      string
	Target      float64
	Assigned    float64
	Ratio       float64 // Assigned / Target (0 when Target is 0)
	Expected    float64 // Target x (1 + overassign)
	Overassign  float64
	Reps        int // reps that contribute to Assigned
}

// Check statuses.
const (
	StatusPass = "pass"
	StatusFail = "fail"
	// StatusWaived is a failed result that a waiver in force accepts: it
	// is reported, but it is not a failure (it counts in Summary.Waived,
	// not by its severity, and makes no command exit 1).
	StatusWaived = "waived"
)

// CheckResult is the outcome of one check for one subject.
type CheckResult struct {
	Check    string
	Severity Severity
	Subject  string
	Status   string // StatusPass, StatusFail or StatusWaived
	Message  string // rendered message ("" when the check has none)
	Range    hcl.Range
	// Waiver is the id of the waiver that names this failed result: in
	// force when Status is StatusWaived, expired when it is StatusFail; ""
	// when no waiver names it or the result passed.
	Waiver string
}

// Waiver statuses.
const (
	// WaiverInForce: the waiver holds on the plan's as_of and its result
	// failed, so the result is waived.
	WaiverInForce = "waived"
	// WaiverExpired: the waiver's until is before the plan's as_of, so
	// its result counts as it is (failed, if it fails).
	WaiverExpired = "expired"
	// WaiverUnused: the waiver holds, but its result passed or the check's
	// where left its subject out: the waiver can go.
	WaiverUnused = "unused"
)

// WaiverResult is a waive block and what it did.
type WaiverResult struct {
	ID      string // the block's label
	Check   string
	Subject string
	Reason  string
	Until   string // "2027-09-30", the last day it holds
	Status  string // WaiverInForce, WaiverExpired or WaiverUnused
	Range   hcl.Range
}

// Summary counts reps and check results by outcome: failed ones by
// severity, passed ones, and failed ones that a waiver accepts.
type Summary struct {
	Reps     int
	Errors   int // failed checks of severity error
	Warnings int // failed checks of severity warning
	Infos    int // failed checks of severity info
	Passed   int
	Waived   int // failed checks that a waiver in force accepts (not counted above)
	Expired  int // waivers whose until is before the plan's as_of
}

// Severity is how much a failed check matters. Severities are ordered:
// info < warning < error, and a command's --fail-on, the order of check
// reports and whether a change of check is worse all read that one order.
type Severity string

// The severities of checks.
const (
	SeverityError   Severity = "error"
	SeverityWarning Severity = "warning"
	SeverityInfo    Severity = "info"
)

// Severities lists the severities from the most to the least severe.
var Severities = []Severity{SeverityError, SeverityWarning, SeverityInfo}

// Rank orders severities: 3 for error, 2 for warning, 1 for info and 0
// for anything else.
func (s Severity) Rank() int {
	switch s {
	case SeverityError:
		return 3
	case SeverityWarning:
		return 2
	case SeverityInfo:
		return 1
	}
	return 0
}
