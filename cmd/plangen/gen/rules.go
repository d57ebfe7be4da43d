package gen

import (
	"math"
	"time"
)

// Rules holds every figure the rules of a generated plan use. planHCL writes
// them into plan.hcl, and the hand-written baseline evaluator (package
// plangen/baseline) computes with the very same values, so the two cannot
// drift apart. The rules' formulas themselves live in planTemplate, and the
// baseline's tests compare its output with the engine's byte for byte.
type Rules struct {
	PlanID   string
	Title    string
	Start    time.Time // first day of the plan
	Months   int
	Currency string
	Holidays []string // YYYY-MM-DD; they only change workdays, which no rule reads

	// Segments lists the per-segment variables in their order in plan.hcl.
	Segments []SegmentRules

	Growth       float64 // var.growth: the goal is base_arr x (1 + growth)
	Overassign   float64 // the goal's overassign
	MeetingToOpp float64 // var.meeting_to_opp
	SDRBuffer    float64 // var.sdr_buffer

	// Season holds the quarter weights of the AE quota.
	Season [4]float64
	// NewTerritoryFactor is the ramp factor of everyone in a new territory
	// during Q1; TenureFactors those of tenure months 1, 2, 3.
	NewTerritoryFactor float64
	TenureFactors      []float64

	// Rounding increments of the three quotas.
	NewARRRound, MeetingsRound, ExpansionRound float64

	// The quota_to_ote check wants rep.ote_multiple within
	// [OTEMultipleMin, OTEMultipleMax]; the overassignment check wants the
	// goal's ratio within [RatioMin, RatioMax].
	OTEMultipleMin, OTEMultipleMax float64
	RatioMin, RatioMax             float64
}

// SegmentRules are the rule variables of one market segment.
type SegmentRules struct {
	Name          string
	AEQuota       float64 // var.ae_quota[segment]: full annual AE quota
	Coverage      float64 // var.coverage[segment]: pipeline / quota wanted
	ExpansionRate float64 // var.expansion_rate[segment]: CSM book upsell rate
}

// PlanRules returns the figures of every generated plan's rules.
func PlanRules() Rules {
	r := Rules{
		PlanID:             "generated",
		Title:              "Generated plan",
		Start:              planStart,
		Months:             12,
		Currency:           "USD",
		Holidays:           []string{"2027-12-24", "2027-12-31"},
		Growth:             0.25,
		Overassign:         0.12,
		MeetingToOpp:       0.6,
		SDRBuffer:          0.12,
		Season:             [4]float64{0.2, 0.23, 0.25, 0.32},
		NewTerritoryFactor: 0.4,
		TenureFactors:      []float64{0.4, 0.6, 0.8},
		NewARRRound:        1000,
		MeetingsRound:      1,
		ExpansionRound:     1000,
		OTEMultipleMin:     4,
		OTEMultipleMax:     5,
		RatioMin:           1.05,
		RatioMax:           1.25,
	}
	for _, s := range segments {
		r.Segments = append(r.Segments, SegmentRules{Name: s.name, AEQuota: s.quota, Coverage: s.coverage, ExpansionRate: s.expansion})
	}
	return r
}

// BaseARR is the default of var.base_arr for a plan whose AEs' full annual
// quotas sum to fullAEQuota: set so that the AE quotas, about 90% of their
// full amount after ramps and proration, over-assign the goal by roughly its
// cushion.
func BaseARR(fullAEQuota float64) float64 {
	r := PlanRules()
	return round(fullAEQuota*0.9/(1+r.Overassign)/(1+r.Growth), 100000)
}

// round rounds v to the nearest multiple of inc, halves away from zero.
func round(v, inc float64) float64 {
	return math.Round(v/inc) * inc
}
