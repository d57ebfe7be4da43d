package engine_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/quotaplan/quotaplan/cmd/plangen/gen"
	"github.com/quotaplan/quotaplan/engine"
)

// accountSizes are the account counts of the design benchmarks, over
// 1,000 territories and 4,000 reps (the 1M figures of the README are
// measured on the commands, with plangen -accounts 1000000).
var accountSizes = []int{10000, 100000}

// designModel generates a plan with n accounts and evaluates it.
func designModel(b *testing.B, n int) (*engine.Model, *engine.Result) {
	b.Helper()
	dir := b.TempDir()
	if err := gen.Generate(dir, gen.Config{Reps: 4000, Territories: 1000, Seed: 1, Accounts: n}); err != nil {
		b.Fatal(err)
	}
	m, _, diags := engine.Load(dir, engine.Options{})
	if diags.HasErrors() {
		b.Fatal(diags)
	}
	res, diags := m.Evaluate(context.Background())
	if diags.HasErrors() {
		b.Fatal(diags)
	}
	return m, res
}

// BenchmarkTerritories measures a design by potential: compiling the
// metric, evaluating it for every account, and measuring every book.
func BenchmarkTerritories(b *testing.B) {
	for _, n := range accountSizes {
		b.Run(fmt.Sprintf("accounts=%d", n), func(b *testing.B) {
			m, res := designModel(b, n)
			b.ReportAllocs()
			for b.Loop() {
				d, diags := m.Designer(res, engine.DesignOptions{Metric: "account.potential"})
				if diags.HasErrors() {
					b.Fatal(diags)
				}
				d.Territories()
			}
		})
	}
}

// BenchmarkBalance measures a proposal of 100 moves, within regions.
func BenchmarkBalance(b *testing.B) {
	for _, n := range accountSizes {
		b.Run(fmt.Sprintf("accounts=%d", n), func(b *testing.B) {
			m, res := designModel(b, n)
			b.ReportAllocs()
			for b.Loop() {
				d, diags := m.Designer(res, engine.DesignOptions{Metric: "account.potential", Within: "territory.parent"})
				if diags.HasErrors() {
					b.Fatal(diags)
				}
				d.Balance(100)
			}
		})
	}
}

// BenchmarkEvalAccounts measures loading and evaluating a plan with
// accounts carved by a rule (the part of `territories` before the design).
func BenchmarkEvalAccounts(b *testing.B) {
	for _, n := range accountSizes {
		b.Run(fmt.Sprintf("accounts=%d", n), func(b *testing.B) {
			dir := b.TempDir()
			if err := gen.Generate(dir, gen.Config{Reps: 4000, Territories: 1000, Seed: 1, Accounts: n}); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, _, diags := engine.Run(context.Background(), dir, engine.Options{}); diags.HasErrors() {
					b.Fatal(diags)
				}
			}
		})
	}
}
