package engine

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/hashicorp/hcl/v2"

	"github.com/quotaplan/quotaplan/rules"
)

// worker evaluates rules for a share of the subjects of one step. Each has
// its own VM and environment; everything else it reads is shared and not
// written while workers run.
type worker struct {
	e    *evaluator
	mach *rules.Machine
	env  *rules.Frame
	errs *[]failure // the failures of the subject being evaluated
}

// failure is one evaluation error, recorded per subject and merged in
// subject order so that reports do not depend on scheduling.
type failure struct {
	key             string
	rng             hcl.Range
	summary, detail string
}

func (w *worker) fail(key string, rng hcl.Range, summary, detail string) {
	*w.errs = append(*w.errs, failure{key, rng, summary, detail})
}

// failRule records that rule r failed for subject.
func (w *worker) failRule(r *rules.Rule, subject string, err error) {
	w.fail(fmt.Sprintf("rule:%p", r), r.Located(err), "Rule failed",
		fmt.Sprintf("Evaluating this rule for %s failed: %s.%s", subject, rules.Message(err), hintFor(err)))
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

// minParallel is the number of subjects below which a step runs on one
// goroutine: fewer are not worth the hand-over.
const minParallel = 256

// forEach calls fn for subjects 0..n-1, spread over the workers, then
// merges the failures in subject order. fn must only write state that
// belongs to subject i.
func (e *evaluator) forEach(n int, fn func(w *worker, i int)) {
	errs := make([][]failure, n)
	spread(n, len(e.workers), func(k, i int) {
		w := e.workers[k]
		w.errs = &errs[i]
		fn(w, i)
	})
	for _, list := range errs {
		for _, f := range list {
			e.fails.add(f.key, f.rng, f.summary, f.detail)
		}
	}
}

// spread calls fn(k, i) for i in 0..n-1 on procs goroutines, handing out
// chunks of subjects in turn; k (0..procs-1) numbers the goroutine so that
// fn can use state of its own. Fewer than minParallel subjects, or one
// proc, run on the caller's goroutine as k 0. fn must only write state that
// belongs to i or to k.
func spread(n, procs int, fn func(k, i int)) {
	if n < minParallel || procs <= 1 {
		for i := 0; i < n; i++ {
			fn(0, i)
		}
		return
	}
	const chunk = 64
	var next atomic.Int64
	var wg sync.WaitGroup
	for k := 0; k < procs; k++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				start := int(next.Add(chunk)) - chunk
				if start >= n {
					return
				}
				for i := start; i < min(start+chunk, n); i++ {
					fn(k, i)
				}
			}
		}()
	}
	wg.Wait()
}
