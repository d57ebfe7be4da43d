package plans_test

import (
	"fmt"
	"testing"

	"github.com/quotaplan/quotaplan/cmd/plangen/gen"
	"github.com/quotaplan/quotaplan/plans"
)

// BenchmarkLoad measures plans.Load on generated plans whose reps and
// territories come from CSV imports.
func BenchmarkLoad(b *testing.B) {
	for _, n := range []int{1000, 10000, 100000} {
		b.Run(fmt.Sprintf("reps=%d", n), func(b *testing.B) {
			dir := b.TempDir()
			if err := gen.Generate(dir, gen.Config{Reps: n, Seed: 1}); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, diags := plans.Load(dir, plans.LoadOptions{}); diags.HasErrors() {
					b.Fatal(diags)
				}
			}
		})
	}
}
