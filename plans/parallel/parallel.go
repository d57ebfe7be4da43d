// Package parallel spreads independent work over the CPUs in a way that
// keeps results deterministic: each item writes only its own state, and
// callers merge in item order.
package parallel

import (
	"sync"
	"sync/atomic"
)

// MinItems is the number of items below which Spread runs on the caller's
// goroutine: fewer are not worth the hand-over.
const MinItems = 256

// chunk is how many items a goroutine takes at a time.
const chunk = 64

// Spread calls fn(k, i) for i in 0..n-1 on procs goroutines, handing out
// chunks of items in turn; k (0..procs-1) numbers the goroutine so that fn
// can use state of its own. Fewer than MinItems items, or one proc, run on
// the caller's goroutine as k 0. fn must only write state that belongs to
// i or to k. A panic in fn stops the other goroutines at their next chunk
// and is raised again on the caller's goroutine once they have stopped, so
// that a recover around Spread catches it as if fn had run there.
func Spread(n, procs int, fn func(k, i int)) {
	if n < MinItems || procs <= 1 {
		for i := 0; i < n; i++ {
			fn(0, i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	var failed atomic.Pointer[panicked]
	for k := 0; k < procs; k++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() {
				if p := recover(); p != nil {
					failed.CompareAndSwap(nil, &panicked{p})
				}
			}()
			for failed.Load() == nil {
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
	if p := failed.Load(); p != nil {
		panic(p.value)
	}
}

// panicked holds the value a goroutine of Spread panicked with.
type panicked struct{ value any }
