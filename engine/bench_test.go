package engine_test

import (
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/quotaplan/quotaplan/cmd/plangen/baseline"
	"github.com/quotaplan/quotaplan/cmd/plangen/gen"
	"github.com/quotaplan/quotaplan/engine"
	"github.com/quotaplan/quotaplan/engine/front/render"
)

// benchSizes are the plan sizes, in reps, of the end-to-end benchmarks.
var benchSizes = []int{1000, 10000, 100000}

// BenchmarkEval measures `quotaplan eval --format json` end to end (load,
// compile, evaluate, render) on generated plans. Besides time and
// allocations it reports x-baseline: its time per run over the
// hand-written baseline's on the same plan.
func BenchmarkEval(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("reps=%d", n), func(b *testing.B) {
			dir := generatedPlan(b, n)
			base := baselineTime(b, n)
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
			perRun := b.Elapsed() / time.Duration(b.N)
			b.ReportMetric(float64(perRun)/float64(base), "x-baseline")
		})
	}
}

// BenchmarkBaseline measures the hand-written evaluation of the same plans
// (package cmd/plangen/baseline): the speed quotaplan aims at.
func BenchmarkBaseline(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("reps=%d", n), func(b *testing.B) {
			dir := generatedPlan(b, n)
			b.ReportAllocs()
			for b.Loop() {
				if err := baseline.Run(dir, io.Discard); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// benchCache holds, for the whole test binary, one generated plan per size
// and the baseline's median time on it.
var benchCache struct {
	sync.Mutex
	root     string
	dirs     map[int]string
	baseline map[int]time.Duration
}

// TestMain removes the generated plans after the run.
func TestMain(m *testing.M) {
	code := m.Run()
	if benchCache.root != "" {
		os.RemoveAll(benchCache.root)
	}
	if compBench.root != "" {
		os.RemoveAll(compBench.root)
	}
	os.Exit(code)
}

// generatedPlan returns the directory of the plan of n reps (seed 1),
// generating it on first use.
func generatedPlan(b *testing.B, n int) string {
	b.Helper()
	benchCache.Lock()
	defer benchCache.Unlock()
	if dir, ok := benchCache.dirs[n]; ok {
		return dir
	}
	if benchCache.root == "" {
		root, err := os.MkdirTemp("", "quotaplan-bench-")
		if err != nil {
			b.Fatal(err)
		}
		benchCache.root = root
		benchCache.dirs, benchCache.baseline = map[int]string{}, map[int]time.Duration{}
	}
	dir := fmt.Sprintf("%s/reps-%d", benchCache.root, n)
	if err := gen.Generate(dir, gen.Config{Reps: n, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	benchCache.dirs[n] = dir
	return dir
}

// baselineTime returns the baseline's median time over three runs on the
// plan of n reps, measured on first use.
func baselineTime(b *testing.B, n int) time.Duration {
	b.Helper()
	dir := generatedPlan(b, n)
	benchCache.Lock()
	defer benchCache.Unlock()
	if d, ok := benchCache.baseline[n]; ok {
		return d
	}
	times := make([]time.Duration, 3)
	for i := range times {
		start := time.Now()
		if err := baseline.Run(dir, io.Discard); err != nil {
			b.Fatal(err)
		}
		times[i] = time.Since(start)
	}
	slices.Sort(times)
	benchCache.baseline[n] = times[1]
	return times[1]
}
