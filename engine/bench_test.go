package engine_test

import (
	"context"
	"fmt"
	"io"
	"testing"

	"github.com/quotaplan/quotaplan/engine"
	"github.com/quotaplan/quotaplan/engine/render"
	"github.com/quotaplan/quotaplan/plans/plangen"
)

// BenchmarkEval measures `quotaplan eval --format json` end to end (load,
// compile, evaluate, render) on generated plans.
func BenchmarkEval(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("reps=%d", n), func(b *testing.B) {
			dir := b.TempDir()
			if err := plangen.Generate(dir, plangen.Config{Reps: n, Seed: 1}); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				res, _, diags := engine.Run(context.Background(), dir, engine.Options{})
				if diags.HasErrors() {
					b.Fatal(diags)
				}
				if err := render.JSON(io.Discard, res); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
