package engine_test

import (
	"bytes"
	"context"
	"runtime"
	"testing"

	"github.com/quotaplan/quotaplan/engine"
	"github.com/quotaplan/quotaplan/engine/render"
	"github.com/quotaplan/quotaplan/plans/plangen"
)

// TestParallelismDeterministic evaluates a plan large enough to be spread
// over workers with 1 to 4 of them (evaluation and JSON encoding both
// spread work): the JSON must be byte-identical.
func TestParallelismDeterministic(t *testing.T) {
	dir := t.TempDir()
	if err := plangen.Generate(dir, plangen.Config{Reps: 1500, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	var first []byte
	for _, procs := range []int{1, 2, 3, 4} {
		runtime.GOMAXPROCS(procs)
		res, _, diags := engine.Run(context.Background(), dir, engine.Options{})
		if diags.HasErrors() {
			t.Fatal(diags)
		}
		var buf bytes.Buffer
		if err := render.JSON(&buf, res); err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = buf.Bytes()
			continue
		}
		if !bytes.Equal(first, buf.Bytes()) {
			t.Fatalf("output with %d workers differs from 1 worker", procs)
		}
	}
}
