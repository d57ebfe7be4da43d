package rules

import (
	"fmt"
	"strings"
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
	for _, seed := range hardeningSeeds() {
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
				if _, err := m.Run(r, FrameOf(env)); err != nil {
					msg := Message(err)
					if strings.Contains(msg, "is nil, not") || strings.Contains(msg, "goroutine ") {
						t.Fatalf("%q: Go's words in the error: %s", text, msg)
					}
				}
			}
		}
	})
}

// hardeningSeeds are rules that once failed a plan or the process: nil
// operands of every kind of operation, builders of strings and lists that
// grow without bound, integer overflow and remainders by zero, and deep
// nesting of parentheses, lists and ternaries.
func hardeningSeeds() []string {
	seeds := []string{
		"rep.name == 'x'", "'x' != rep.name", "rep.name == territory.segment", "nil == rep.name", "rep.name != nil",
		"count(reps, .name == 'x')", "count(reps, .territory == territory.id)", "rep.name in ['a', 'b']", "rep.name ?? ''",
		"manager?.name == 'x'", "manager.name", "rep.name < 'x'", "rep.otee ?? 1", "upper(rep.name)", "lower(rep.name) == 'a'",
		"trim(rep.name)", "split(rep.name, ',')", "len(rep.name)", "hasPrefix(rep.name, 'a')", "rep.name + 'x'",
		"var.segment_cover[rep.name] ?? 1", "rep.name ? 1 : 2", "!rep.name", "-rep.ote", "int(rep.name)",
		"repeat('x', 3)", "len(repeat(repeat('x', 1000000), 1000000))", "repeat(rep.role, 1000000)",
		"reduce(1..40, #acc + #acc, 'x')", "len(reduce(1..900000, #acc + 'x', ''))", "reduce(1..10, #acc + rep.role, '')",
		"join(['a', rep.role], ',')", "join(map(1..1000, repeat('x', 1000)))", "len(string(reduce(1..40, [#acc, #acc], 1)))",
		"flatten(reduce(1..30, [#acc, #acc], 1))", "reduce(1..30, [#acc, #acc], 1)", "replace(repeat('x', 1000), '', 'yy')",
		"concat(1..3, [rep.role])", "let xs = 1..1000000; count(xs, count(xs, # > 0) > 0)",
		"7 % int(0)", "tenure_month % (tenure_month - 1)", "9223372036854775807 + 1", "tenure_month + 9223372036854775807",
		"-(tenure_month - 9223372036854775807 - 2)", "int(1e300)", "reduce(1..70, #acc * 2, 1)",
	}
	for _, depth := range []int{10, 100, 400} {
		seeds = append(seeds,
			strings.Repeat("(", depth)+"rep.ote"+strings.Repeat(")", depth),
			strings.Repeat("[", depth)+"rep.name"+strings.Repeat("]", depth),
			strings.Repeat("true ? (", depth)+"1"+strings.Repeat(") : 0", depth),
			strings.Repeat("rep.name == nil ? 1 : ", depth)+"0",
			strings.Repeat("-", depth)+"tenure_month",
			strings.Repeat("upper(", depth)+"rep.name"+strings.Repeat(")", depth))
	}
	return seeds
}
