package lsp

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"go.lsp.dev/protocol"

	"github.com/quotaplan/quotaplan/cmd/plangen/gen"
)

// BenchmarkDidChangeToDiagnostics measures what an editor user waits for
// in a 1,000-rep plan: from a didChange to the diagnostics of that version.
// It reports the median as ms/change.
func BenchmarkDidChangeToDiagnostics(b *testing.B) {
	dir := b.TempDir()
	if err := gen.Generate(dir, gen.Config{Reps: 1000, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(dir, gen.PlanFile)
	src, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	c := connect(b, Options{})
	c.open(path, string(src))
	c.waitDiags(path, func(*protocol.PublishDiagnosticsParams) bool { return true })
	var took []time.Duration
	for i := 0; b.Loop(); i++ {
		t0 := time.Now()
		v := c.change(path, string(src)+fmt.Sprintf("\n# change %d\n", i))
		c.waitDiags(path, func(p *protocol.PublishDiagnosticsParams) bool { return get(p.Version) == v })
		took = append(took, time.Since(t0))
	}
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "median-ms/change")
}
