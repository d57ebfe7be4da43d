package gen_test

import (
	"context"
	"testing"

	"github.com/quotaplan/quotaplan/cmd/plangen/gen"
	"github.com/quotaplan/quotaplan/engine"
)

// TestGeneratedPlanEvaluates loads and evaluates generated plans with the
// engine: they must produce no diagnostic at all, a quota for every AE,
// SDR and CSM, and a goal.
func TestGeneratedPlanEvaluates(t *testing.T) {
	tests := []struct {
		name string
		cfg  gen.Config
	}{
		{name: "200 reps", cfg: gen.Config{Reps: 200, Seed: 1}},
		{name: "smallest", cfg: gen.Config{Reps: 4, Seed: 3}},
		{name: "many territories", cfg: gen.Config{Reps: 300, Territories: 25, Seed: 9}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := gen.Generate(dir, tt.cfg); err != nil {
				t.Fatal(err)
			}
			res, _, diags := engine.Run(context.Background(), dir, engine.Options{})
			if len(diags) > 0 {
				t.Fatalf("diagnostics: %v", diags)
			}
			if len(res.Reps) != tt.cfg.Reps {
				t.Errorf("%d reps evaluated, want %d", len(res.Reps), tt.cfg.Reps)
			}
			for _, r := range res.Reps {
				if r.Role == "AE" || r.Role == "SDR" || r.Role == "CSM" {
					if len(r.Quotas) != 1 {
						t.Errorf("rep %s (%s) has %d quotas, want 1", r.ID, r.Role, len(r.Quotas))
					}
				}
			}
			if len(res.Goals) != 1 || res.Goals[0].Assigned <= 0 {
				t.Errorf("goals = %+v, want one with quota assigned", res.Goals)
			}
		})
	}
}
