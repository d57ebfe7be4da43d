package rules

import (
	"fmt"
	"testing"
	"time"
)

// FuzzCompile feeds arbitrary rule text to the compiler in every scope and
// runs what compiles against a small environment: neither may panic, and a
// rule that does not compile must say where.
func FuzzCompile(f *testing.F) {
	for _, seed := range []string{
		"rep.ote * 4",
		"territory.accounts * territory.win_rate / count(territory.reps, .role == 'AE')",
		"sum(filter(reps, .role == 'AE'), .quota.new_arr) / plan.sdr_count",
		"tenure_month == 1 && period.quarter <= 2",
		"quota('a', 'new_arr', 'Q1') > 0 ? 1 : 0",
		"var.segment_cover[territory.segment] ?? 3",
		"let x = rep.ote; x * 2",
		"map(1..3, # * 2)",
		"rep.otee",
		"now()",
		"1 / 0",
		"count(reps, all(territories, any(reps, true)))",
	} {
		f.Add(seed)
	}
	schema := testSchema()
	env := map[string]any{
		"var":          map[string]any{"growth": 0.25, "segment_cover": map[string]any{"smb": 2.0}},
		"plan":         map[string]any{"sdr_count": 2.0, "id": "p", "months": 12},
		"rep":          map[string]any{"id": "a", "ote": 100.0, "role": "AE", "quota": map[string]any{"new_arr": 1.0, "meetings": 2.0}, "full_quota": map[string]any{}, "reports": []any{}, "team": []any{}},
		"reps":         []any{map[string]any{"role": "AE", "quota": map[string]any{"new_arr": 3.0}}},
		"territory":    map[string]any{"accounts": 10.0, "win_rate": 0.2, "segment": "smb", "reps": []any{}},
		"territories":  []any{},
		"periods":      []any{},
		"period":       map[string]any{"quarter": 1, "month": 2},
		"tenure_month": 1,
		"active":       1.0,
		"quota":        QuotaFunc(func(string, string, string) float64 { return 1 }),
	}
	f.Fuzz(func(t *testing.T, text string) {
		done := make(chan struct{})
		defer close(done)
		go func() {
			select {
			case <-done:
			case <-time.After(5 * time.Second):
				panic(fmt.Sprintf("rule %q ran for more than 5s", text))
			}
		}()
		for s := Scope(0); s < numScopes; s++ {
			for _, k := range []Kind{KindAny, KindNumber, KindBool} {
				r, diags := Compile(src(text), schema.Env(s), k)
				if r == nil {
					if len(diags) == 0 || diags[0].Subject == nil {
						t.Fatalf("no located diagnostic for %q", text)
					}
					continue
				}
				m := NewMachine()
				_, _ = m.Run(r, FrameOf(env))
			}
		}
	})
}
