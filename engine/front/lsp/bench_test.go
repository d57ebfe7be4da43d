package lsp

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"go.lsp.dev/protocol"

	"github.com/quotaplan/quotaplan/cmd/plangen/gen"
	"github.com/quotaplan/quotaplan/engine"
)

// generated writes a generated plan of n reps and returns its directory
// and the text of its plan file and reps CSV.
func generated(b *testing.B, n int) (dir, plan, reps string) {
	b.Helper()
	dir = b.TempDir()
	if err := gen.Generate(dir, gen.Config{Reps: n, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	read := func(name string) string {
		src, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			b.Fatal(err)
		}
		return string(src)
	}
	return dir, read(gen.PlanFile), read(gen.RepsFile)
}

// BenchmarkDidChangeToDiagnostics measures what an editor user waits for
// in a generated plan: from a didChange to the diagnostics of that
// version (a few hundred failing checks marked at their CSV rows
// included). It reports the median as ms/change.
func BenchmarkDidChangeToDiagnostics(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("reps=%d", n), func(b *testing.B) {
			dir, src, _ := generated(b, n)
			path := filepath.Join(dir, gen.PlanFile)
			c := connect(b, Options{})
			c.open(path, src)
			c.waitDiags(path, func(*protocol.PublishDiagnosticsParams) bool { return true })
			var took []time.Duration
			for i := 0; b.Loop(); i++ {
				t0 := time.Now()
				v := c.change(path, src+fmt.Sprintf("\n# change %d\n", i))
				c.waitDiags(path, func(p *protocol.PublishDiagnosticsParams) bool { return get(p.Version) == v })
				took = append(took, time.Since(t0))
			}
			slices.Sort(took)
			b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "median-ms/change")
		})
	}
}

// BenchmarkDiagnosticsByFile measures turning the evaluation of a
// 10,000-rep plan into diagnostics per file, a few hundred failing checks
// marked at their CSV rows among them, once the evaluation is done: what
// the server adds to every evaluation before publishing.
func BenchmarkDiagnosticsByFile(b *testing.B) {
	dir, _, _ := generated(b, 10000)
	res, sources, diags := engine.Run(context.Background(), dir, engine.Options{})
	m, _, _ := engine.Load(dir, engine.Options{})
	if res == nil || m == nil {
		b.Fatalf("the plan does not evaluate: %v", diags)
	}
	s, pd := newServer(Options{}, nil), &planDir{dir: dir}
	var marked int
	for b.Loop() {
		sn := &snapshot{texts: map[string]*text{}, layouts: map[string]*csvLayout{}, plan: m.Plan, result: res, sources: sources, diags: diags}
		marked = len(s.diagnosticsByFile(pd, sn)[filepath.Join(dir, gen.RepsFile)])
	}
	if marked == 0 {
		b.Fatal("no failing check marked at a CSV row")
	}
	b.ReportMetric(float64(marked), "row-diagnostics")
}

// BenchmarkRequests measures the requests an editor sends about the reps
// CSV of a 10,000-rep plan and a rule of its plan file, over the pipe,
// each the first after a change of the document (so nothing parsed is
// reused) once that change is evaluated. Each iteration waits for an
// evaluation: run it with -benchtime 20x.
func BenchmarkRequests(b *testing.B) {
	dir, plan, reps := generated(b, 10000)
	planPath, repsPath := filepath.Join(dir, gen.PlanFile), filepath.Join(dir, gen.RepsFile)
	c := connect(b, Options{})
	c.open(planPath, plan)
	c.openAs(repsPath, "csv", reps)
	c.waitDiags(planPath, func(p *protocol.PublishDiagnosticsParams) bool { return len(errorsOf(p)) == 0 })
	lines := strings.Split(reps, "\n")
	row := len(lines) / 2 // a rep in the middle of the file
	cells := strings.Split(lines[row], ",")
	if cells[4] == "" {
		b.Fatalf("row %d has no manager: %s", row, lines[row])
	}
	manager := protocol.Position{Line: uint32(row), Character: uint32(len(strings.Join(cells[:4], ",")) + 2)}
	all := newText([]byte(reps)).end()
	rule := strings.Index(plan, `"var.ae_quota[territory.segment]"`)
	if rule < 0 {
		b.Fatal("the generated plan has no annual rule")
	}
	ruleAt := newText([]byte(plan)).position(rule + len(`"var.`))
	tests := []struct {
		name string
		path string
		text string
		do   func(b *testing.B)
	}{
		{"hover/csv-row", repsPath, reps, func(b *testing.B) {
			if md := hoverAt(b, c, repsPath, protocol.Position{Line: uint32(row)}); !strings.Contains(md, "**rep ") {
				b.Fatalf("hover = %q", md)
			}
		}},
		{"inlay-hints/csv-60-lines", repsPath, reps, func(b *testing.B) {
			rng := protocol.Range{Start: protocol.Position{Line: uint32(row)}, End: protocol.Position{Line: uint32(row + 60)}}
			if hints, err := c.server.InlayHint(ctx(b), &protocol.InlayHintParams{TextDocument: doc(repsPath), Range: rng}); err != nil || len(hints) == 0 {
				b.Fatalf("hints = %d, %v", len(hints), err)
			}
		}},
		{"inlay-hints/csv-whole-file", repsPath, reps, func(b *testing.B) {
			rng := protocol.Range{End: all}
			if hints, err := c.server.InlayHint(ctx(b), &protocol.InlayHintParams{TextDocument: doc(repsPath), Range: rng}); err != nil || len(hints) < 5000 {
				b.Fatalf("hints = %d, %v", len(hints), err)
			}
		}},
		{"definition/csv-manager", repsPath, reps, func(b *testing.B) {
			res, err := c.server.Definition(ctx(b), &protocol.DefinitionParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
				TextDocument: doc(repsPath), Position: manager}})
			if locs, _ := res.(protocol.LocationSlice); err != nil || len(locs) != 1 {
				b.Fatalf("definition = %+v, %v", res, err)
			}
		}},
		{"completion/var", planPath, plan, func(b *testing.B) {
			res, err := c.server.Completion(ctx(b), &protocol.CompletionParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
				TextDocument: doc(planPath), Position: ruleAt}})
			if list, _ := res.(*protocol.CompletionList); err != nil || list == nil || len(list.Items) == 0 {
				b.Fatalf("completion = %+v, %v", res, err)
			}
		}},
	}
	for _, tt := range tests {
		b.Run(tt.name, func(b *testing.B) {
			var took []time.Duration
			for i := 0; b.Loop(); i++ {
				b.StopTimer()
				v := c.change(tt.path, tt.text+strings.Repeat("\n", i%2)) // a new version, parsed afresh
				c.waitDiags(tt.path, func(p *protocol.PublishDiagnosticsParams) bool { return get(p.Version) == v })
				b.StartTimer()
				t0 := time.Now()
				tt.do(b)
				took = append(took, time.Since(t0))
			}
			slices.Sort(took)
			b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "median-ms/request")
		})
	}
}
