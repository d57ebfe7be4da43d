package engine_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/quotaplan/quotaplan/cmd/plangen/gen"
	"github.com/quotaplan/quotaplan/engine"
)

// TestRuleCostBound checks that a rule whose loops would take hours on a
// large plan is rejected when the plan loads, at the rule, while the same
// rule with one loop level (or on a small plan) is accepted.
func TestRuleCostBound(t *testing.T) {
	tests := []struct {
		name    string
		reps    int
		rule    string
		wantErr bool
	}{
		{"nested loops over all reps, per rep, on 1000 reps", 1000, "count(reps, any(reps, .role == rep.role)) * 1.0", true},
		{"one loop over all reps per rep is computed once", 1000, "count(reps, .role == 'SDR') * 1.0", false},
		{"a loop over the rep's own team inside a loop over all reps", 1000, "count(reps, any(rep.team, .id == 'x')) * 1.0", false},
		{"nested loops over all reps on a small plan", 50, "count(reps, any(reps, .role == rep.role)) * 1.0", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := gen.Generate(dir, gen.Config{Reps: tt.reps, Seed: 7}); err != nil {
				t.Fatal(err)
			}
			extra := "let \"loops\" {\n  scope = \"rep\"\n  expr  = \"" + tt.rule + "\"\n}\n"
			if err := os.WriteFile(filepath.Join(dir, "zz_loops.hcl"), []byte(extra), 0o644); err != nil {
				t.Fatal(err)
			}
			_, _, diags := engine.Load(dir, engine.Options{})
			if !tt.wantErr {
				if diags.HasErrors() {
					t.Fatalf("unexpected diagnostics: %v", diags)
				}
				return
			}
			if len(diags) != 1 || diags[0].Summary != "Rule would take too long" {
				t.Fatalf("want one \"Rule would take too long\", got %v", diags)
			}
			d := diags[0]
			if !strings.HasSuffix(d.Subject.Filename, "zz_loops.hcl") || d.Subject.Start.Line != 3 {
				t.Errorf("located at %v, want zz_loops.hcl line 3", d.Subject)
			}
			if !strings.Contains(d.Detail, "let") {
				t.Errorf("detail %q does not say how to fix it", d.Detail)
			}
		})
	}
}
