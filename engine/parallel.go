package engine

import (
	"cmp"
	"runtime"
	"slices"

	"github.com/hashicorp/hcl/v2"

	"github.com/quotaplan/quotaplan/plans/parallel"
	"github.com/quotaplan/quotaplan/rules"
)

// worker evaluates rules for a share of the subjects of one step. Each has
// its own VM and environment; everything else it reads is shared and not
// written while workers run.
type worker struct {
	e       *evaluator
	mach    *rules.Machine
	env     *rules.Frame
	subject int       // the index of the subject being evaluated
	errs    []failure // the failures of this worker's subjects, in their order
}

// failure is one evaluation error, recorded per subject and merged in
// subject order so that reports do not depend on scheduling.
type failure struct {
	subject         int
	key             string
	rng             hcl.Range
	summary, detail string
}

func (w *worker) fail(key string, rng hcl.Range, summary, detail string) {
	w.errs = append(w.errs, failure{w.subject, key, rng, summary, detail})
}

// failRule records that rule r failed for subject.
func (w *worker) failRule(r *rules.Rule, subject string, err error) {
	f := ruleFailure(r, subject, err)
	w.fail(f.key, f.rng, f.summary, f.detail)
}

// newWorkers makes one worker per CPU; the first also serves explain and
// plan tests after evaluation.
func (e *evaluator) newWorkers() {
	n := runtime.GOMAXPROCS(0)
	for i := 0; i < n; i++ {
		env := e.w.frame()
		env.Set(rules.SlotQuotaFunc, rules.QuotaFunc(e.quotaOf))
		e.workers = append(e.workers, &worker{e: e, mach: rules.NewMachine(), env: env})
	}
	e.mach, e.env = e.workers[0].mach, e.workers[0].env
}

// forEach calls fn for subjects 0..n-1, spread over the workers, then
// merges the failures in subject order. fn must only write state that
// belongs to subject i.
func (e *evaluator) forEach(n int, fn func(w *worker, i int)) {
	parallel.Spread(n, len(e.workers), func(k, i int) {
		w := e.workers[k]
		w.subject = i
		fn(w, i)
	})
	var errs []failure
	for _, w := range e.workers {
		errs = append(errs, w.errs...)
		w.errs = w.errs[:0]
	}
	// each worker's are in subject order already; a stable sort merges them
	slices.SortStableFunc(errs, func(a, b failure) int { return cmp.Compare(a.subject, b.subject) })
	for _, f := range errs {
		e.fails.add(f.key, f.rng, f.summary, f.detail)
	}
}
