package engine_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"sync"
	"testing"

	"github.com/quotaplan/quotaplan/cmd/plangen/gen"
	"github.com/quotaplan/quotaplan/engine"
)

// compBenchFile is the comp block the benchmark adds to a generated plan:
// a quarterly AE plan with a decelerator, an accelerator and a cap.
const compBenchFile = `comp "ae" {
  applies_to = "rep.role == 'AE'"
  measure    = "new_arr"
  target_pay = "(rep.ote ?? 0) * 0.5"
  period     = "quarter"
  tier {
    from = 0
    rate = 0.5
  }
  tier {
    from = 0.5
    rate = 1.5
  }
  tier {
    from = 1
    rate = 1.5
  }
  cap = 2
}
`

// compBench holds the generated plans of BenchmarkComp, made once per
// test binary.
var compBench struct {
	sync.Mutex
	root, without, with string
}

// compBenchPlans returns a generated plan of n reps with two deals each
// (actual and pipeline blocks) and the same plan with a comp block.
func compBenchPlans(b *testing.B, n int) (without, with string) {
	b.Helper()
	compBench.Lock()
	defer compBench.Unlock()
	if compBench.without != "" {
		return compBench.without, compBench.with
	}
	root, err := os.MkdirTemp("", "quotaplan-comp-bench-")
	if err != nil {
		b.Fatal(err)
	}
	for _, dir := range []string{"without", "with"} {
		if err := gen.Generate(filepath.Join(root, dir), gen.Config{Reps: n, Seed: 1, Deals: 2}); err != nil {
			b.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(root, "with", "comp.hcl"), []byte(compBenchFile), 0o644); err != nil {
		b.Fatal(err)
	}
	compBench.without, compBench.with = filepath.Join(root, "without"), filepath.Join(root, "with")
	compBench.root = root
	return compBench.without, compBench.with
}

// BenchmarkComp measures the evaluation (load, compile, evaluate) of a
// generated plan of 100k reps with deals, without and with a quarterly
// comp block, as sub-benchmarks of one run: the comp's cost is the ratio
// of their times (SPEC section 9: under 10%). cpu-ns/op is the process's
// CPU time per evaluation, steadier than wall time on a shared machine.
func BenchmarkComp(b *testing.B) {
	const n = 100000
	without, with := compBenchPlans(b, n)
	// the garbage collector as `quotaplan eval` sets it (cmd/quotaplan:
	// GOGC 4000, a soft limit of 1 GiB), so that the figure is the
	// command's, not the collector's default on a 600 MB heap
	defer debug.SetGCPercent(debug.SetGCPercent(4000))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(1 << 30))
	for _, c := range []struct {
		name string
		dir  string
	}{{"comp=off", without}, {"comp=on", with}} {
		b.Run(fmt.Sprintf("reps=%d/%s", n, c.name), func(b *testing.B) {
			b.ReportAllocs()
			cpu0, cpuOK := cpuTime()
			for b.Loop() {
				res, _, diags := engine.Run(context.Background(), c.dir, engine.Options{})
				if diags.HasErrors() {
					b.Fatal(diags)
				}
				if c.name == "comp=on" && (res.Comps == nil || res.Comps.Comps[0].Reps == 0) {
					b.Fatal("the comp pays no rep")
				}
			}
			if cpu1, ok := cpuTime(); ok && cpuOK {
				b.ReportMetric(float64(cpu1-cpu0)/float64(b.N), "cpu-ns/op")
			}
		})
	}
	// the comp step alone (its rules for every rep, the payouts, the rep
	// fields), on the world of one evaluation restored: steadier than the
	// difference of two evaluations on a loaded machine
	b.Run(fmt.Sprintf("reps=%d/comp-step", n), func(b *testing.B) {
		m, _, diags := engine.Load(with, engine.Options{})
		if diags.HasErrors() {
			b.Fatal(diags)
		}
		res, diags := m.Evaluate(context.Background())
		if diags.HasErrors() {
			b.Fatal(diags)
		}
		step, err := engine.CompStep(m, res)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		cpu0, cpuOK := cpuTime()
		for b.Loop() {
			step()
		}
		if cpu1, ok := cpuTime(); ok && cpuOK {
			b.ReportMetric(float64(cpu1-cpu0)/float64(b.N), "cpu-ns/op")
		}
	})
}
