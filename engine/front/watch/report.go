package watch

import (
	"time"

	"github.com/hashicorp/hcl/v2"

	"github.com/quotaplan/quotaplan/engine"
	"github.com/quotaplan/quotaplan/engine/front/diff"
	"github.com/quotaplan/quotaplan/engine/front/session"
)

// Report is the outcome of one evaluation of the watched plan.
type Report struct {
	Seq      int           // 1 for the first evaluation, then 2, 3, ...
	Time     time.Time     // when the evaluation finished (Options.Clock)
	Duration time.Duration // how long loading and evaluating took

	// Result is this evaluation's result; nil when the plan is invalid.
	Result *engine.Result
	// Diagnostics are the errors and warnings of this evaluation, with the
	// file contents they point into.
	Diagnostics hcl.Diagnostics
	Sources     map[string][]byte

	// LastGood is the last valid result before this evaluation and
	// LastGoodTime when it was reported; nil and zero when there was none.
	// An invalid plan keeps it; the next valid one is compared with it.
	LastGood     *engine.Result
	LastGoodTime time.Time
	// Changes is what changed from LastGood to Result; nil unless both are
	// set.
	Changes *diff.Report
	// Snapshot is the session's snapshot of this evaluation, with the
	// model the result came from (the web view explains from it).
	Snapshot *session.Snapshot
}

// OK reports whether the plan was valid and evaluated.
func (r Report) OK() bool { return r.Result != nil }

// reportOf is the Report of snapshot sn, whose last good snapshot before
// it was lastGood (nil for none): a valid result is compared with the last
// good one.
func reportOf(sn, lastGood *session.Snapshot) Report {
	r := Report{Seq: sn.Seq, Time: sn.At, Duration: sn.Took, Diagnostics: sn.Diagnostics, Sources: sn.Sources, Snapshot: sn}
	if lastGood != nil {
		r.LastGood, r.LastGoodTime = lastGood.Result, lastGood.At
	}
	if !sn.OK() {
		return r
	}
	r.Result = sn.Result
	if r.LastGood != nil {
		r.Changes = diff.CompareResults(r.LastGood, sn.Result)
	}
	return r
}
