package parallel

import (
	"sync/atomic"
	"testing"
)

func TestSpreadCallsEachItemOnce(t *testing.T) {
	for _, tt := range []struct{ n, procs int }{{0, 4}, {10, 4}, {MinItems, 1}, {MinItems, 2}, {1000, 3}, {1001, 8}} {
		calls := make([]atomic.Int32, tt.n)
		var badK atomic.Bool
		Spread(tt.n, tt.procs, func(k, i int) {
			if k < 0 || k >= max(tt.procs, 1) {
				badK.Store(true)
			}
			calls[i].Add(1)
		})
		for i := range calls {
			if c := calls[i].Load(); c != 1 {
				t.Fatalf("n=%d procs=%d: item %d called %d times", tt.n, tt.procs, i, c)
			}
		}
		if badK.Load() {
			t.Errorf("n=%d procs=%d: goroutine number out of range", tt.n, tt.procs)
		}
	}
}

// TestSpreadPanicReachesCaller raises a panic of one goroutine on the
// caller's, where a recover catches it.
func TestSpreadPanicReachesCaller(t *testing.T) {
	defer func() {
		if p := recover(); p != "item 700" {
			t.Errorf("recovered %v, want the panic of item 700", p)
		}
	}()
	Spread(1000, 4, func(_, i int) {
		if i == 700 {
			panic("item 700")
		}
	})
	t.Error("Spread returned after a panic")
}
