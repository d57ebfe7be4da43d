package watch

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/quotaplan/quotaplan/cmd/plangen/gen"
)

// BenchmarkSaveToReport measures what a plan author waits for: from an
// atomic save of a 1,000-rep plan to the watcher's report, debounce
// included. It reports the median latency as ms/save.
func BenchmarkSaveToReport(b *testing.B) {
	dir := b.TempDir()
	if err := gen.Generate(dir, gen.Config{Reps: 1000, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	s := start(b, dir, Options{})
	if r := s.next(); !r.OK() {
		b.Fatalf("generated plan is invalid: %v", r.Diagnostics)
	}
	plan := filepath.Join(dir, gen.PlanFile)
	text, err := os.ReadFile(plan)
	if err != nil {
		b.Fatal(err)
	}
	var took []time.Duration
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		// A comment that changes on every save: a real edit, a new report.
		content := strings.TrimRight(string(text), "\n") + fmt.Sprintf("\n# save %d\n", i)
		t0 := time.Now()
		writeAtomic(b, plan, content)
		if r := s.next(); !r.OK() {
			b.Fatalf("save %d: invalid plan: %v", i, r.Diagnostics)
		}
		took = append(took, time.Since(t0))
	}
	b.StopTimer()
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "median-ms/save")
}
