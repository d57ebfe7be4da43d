package watch

import (
	"time"

	"github.com/hashicorp/hcl/v2"

	"github.com/quotaplan/quotaplan/engine"
	"github.com/quotaplan/quotaplan/engine/diff"
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
}

// OK reports whether the plan was valid and evaluated.
func (r Report) OK() bool { return r.Result != nil }

// outcome is what one evaluation produced.
type outcome struct {
	result  *engine.Result
	sources map[string][]byte
	diags   hcl.Diagnostics
	took    time.Duration
	at      time.Time
}

// history numbers the evaluations and remembers the last good result.
type history struct {
	seq          int
	lastGood     *engine.Result
	lastGoodTime time.Time
}

// record turns an outcome into a Report, comparing a valid result with the
// last good one, and makes it the last good result.
func (h *history) record(o outcome) Report {
	h.seq++
	r := Report{
		Seq: h.seq, Time: o.at, Duration: o.took,
		Diagnostics: o.diags, Sources: o.sources,
		LastGood: h.lastGood, LastGoodTime: h.lastGoodTime,
	}
	if o.result == nil || o.diags.HasErrors() {
		return r
	}
	r.Result = o.result
	if h.lastGood != nil {
		r.Changes = diff.CompareResults(h.lastGood, o.result)
	}
	h.lastGood, h.lastGoodTime = o.result, o.at
	return r
}
