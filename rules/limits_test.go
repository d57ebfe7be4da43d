package rules

import (
	"strings"
	"testing"
	"time"

	"github.com/expr-lang/expr/types"
)

// boundCase is a rule that breaks a bound: when it reads nothing of the
// plan, at load time (summary, at column); otherwise when it runs, with an
// error whose message holds parts, on the VM and through Run alike.
type boundCase struct {
	name    string
	scope   Scope
	kind    Kind
	text    string
	summary string // the load-time diagnostic; "" for a run-time error
	column  int    // of the load-time diagnostic, 0 for any
	parts   []string
}

// boundSchema and boundEnv give rules a short string, a number and an
// integer to build from, so that the bombs cannot be worked out when the
// plan loads.
func boundSchema() *Schema {
	return &Schema{RepAttrs: map[string]types.Type{"name": types.String, "ote": types.Float64}, Measures: []string{"new_arr"}}
}

func boundEnv() map[string]any {
	return map[string]any{"rep": map[string]any{"id": "a", "name": "abc", "ote": 5e6}, "tenure_month": 1, "active": 1.0,
		"period": map[string]any{"index": 1}, "reps": []any{}, "territories": []any{}, "periods": []any{}}
}

// runBoundCases checks each case, and that no case runs on unbounded: the
// unbounded forms ran for minutes, the bounded ones fail in milliseconds,
// and the limit leaves room for a loaded CI machine under -race.
func runBoundCases(t *testing.T, tests []boundCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			defer func() {
				if d := time.Since(start); d > 30*time.Second {
					t.Errorf("took %v to fail", d)
				}
			}()
			r, diags := Compile(src(tt.text), boundSchema().Env(tt.scope), tt.kind)
			if tt.summary != "" {
				if r != nil || len(diags) != 1 {
					t.Fatalf("want one diagnostic, got rule=%v diags=%v", r != nil, diags)
				}
				d := diags[0]
				if d.Summary != tt.summary {
					t.Errorf("summary = %q, want %q (detail %q)", d.Summary, tt.summary, d.Detail)
				}
				if tt.column != 0 && d.Subject.Start.Column != tt.column {
					t.Errorf("column = %d, want %d", d.Subject.Start.Column, tt.column)
				}
				for _, part := range tt.parts {
					if !strings.Contains(d.Detail, part) {
						t.Errorf("detail %q lacks %q", d.Detail, part)
					}
				}
				return
			}
			if diags.HasErrors() {
				t.Fatal(diags)
			}
			vmOnly := NewMachine()
			vmOnly.vmOnly = true
			for way, m := range map[string]*Machine{"VM": vmOnly, "Run": NewMachine()} {
				v, err := m.Run(r, FrameOf(boundEnv()))
				if err == nil {
					t.Errorf("%s: got %.80v, want an error", way, v)
					continue
				}
				for _, part := range tt.parts {
					if !strings.Contains(Message(err), part) {
						t.Errorf("%s: error %q lacks %q", way, Message(err), part)
					}
				}
				if rng := r.Located(err); rng.Start.Column < 10 {
					t.Errorf("%s: error not located in the rule: %v", way, rng)
				}
			}
			if r.direct != nil {
				if v, ok := r.runDirect(FrameOf(boundEnv())); ok {
					t.Errorf("closures yield %.80v, want them to leave the error to the VM", v)
				}
			}
		})
	}
}

// TestRuleMemoryBounds checks that strings and lists a rule builds are
// bounded by size: what a constant part would build is refused when the
// plan loads, the rest when it runs, quickly and without exhausting memory.
func TestRuleMemoryBounds(t *testing.T) {
	runBoundCases(t, []boundCase{
		{"repeat of a repeat in an annual", ScopeRep, KindNumber, "len(repeat(repeat('x', 1000000), 1000000))",
			"String too long", 14, []string{"931 GiB", "at most 1048576 bytes"}},
		{"repeat of a repeat in a message piece", ScopeRep, KindAny, "len(repeat(repeat('x', 1000000), 1000000))",
			"String too long", 0, []string{"for every subject"}},
		{"repeat of an attribute", ScopeRep, KindNumber, "len(repeat(rep.name, 1000000))",
			"", 0, []string{"string of more than 1048576 bytes (2.9 MiB)"}},
		{"doubling reduce", ScopePlan, KindAny, "reduce(1..40, #acc + #acc, 'x')",
			"String too long", 0, []string{"(2.0 MiB)"}},
		{"doubling reduce of an attribute", ScopeRep, KindAny, "reduce(1..40, #acc + #acc, rep.name)",
			"", 0, []string{"string of more than 1048576 bytes"}},
		{"growing reduce", ScopePlan, KindNumber, "len(reduce(1..900000, #acc + 'x', ''))",
			"Rule would use too much memory", 0, []string{"32 MiB"}},
		{"growing reduce of an attribute", ScopeRep, KindNumber, "len(reduce(1..900000, #acc + rep.name, ''))",
			"", 0, []string{"more than 32 MiB of strings and lists"}},
		{"list made of repeats", ScopeRep, KindNumber, "len(map(1..1000, repeat(rep.name, 300000)))",
			"", 0, []string{"32 MiB"}},
		{"join of repeats", ScopeRep, KindNumber, "len(join([repeat(rep.name, 300000), repeat(rep.name, 300000)]))",
			"", 0, []string{"string of more than 1048576 bytes"}},
		{"replace that grows", ScopeRep, KindNumber, "len(replace(repeat(rep.name, 1000), '', repeat('y', 1000)))",
			"", 0, []string{"string of more than 1048576 bytes"}},
		{"string of a list holding itself", ScopePlan, KindNumber, "len(string(reduce(1..40, [#acc, #acc], 1)))",
			"String too long", 0, nil},
		{"toJSON of a list holding itself", ScopeRep, KindNumber, "len(toJSON(reduce(1..40, [#acc, #acc], rep.name)))",
			"", 0, []string{"string of more than 1048576 bytes"}},
		{"flatten of a list holding itself", ScopePlan, KindNumber, "len(flatten(reduce(1..40, [#acc, #acc], 1)))",
			"Rule would use too much memory", 0, nil},
		{"showing a list holding itself", ScopeRep, KindAny, "reduce(1..40, [#acc, #acc], rep.name)",
			"", 0, []string{"more than 32 MiB to show"}},
		{"doubling concat", ScopeRep, KindNumber, "len(reduce(1..40, concat(#acc, #acc), [rep.name]))",
			"", 0, []string{"more than"}},
		{"constant range over the budget", ScopePlan, KindNumber, "len(map(1..5000000, # * 2))",
			"Rule would use too much memory", 19, []string{"1..5000000", "1048575 items"}},
		{"range from an attribute", ScopeRep, KindNumber, "len(map(1..int(rep.ote), # * 2))",
			"", 0, []string{"lists of more than 1048575 items"}},
		{"nested loops over a let", ScopePlan, KindNumber, "let xs = 1..1000000; count(xs, count(xs, # > 0) > 0)",
			"", 0, []string{"more than 4194304 items"}},
		{"in over a let, in a loop", ScopeRep, KindNumber, "let xs = 1..int(rep.ote / 10); count(xs, # in xs)",
			"", 0, []string{"more than 4194304 items"}},
	})
	// Within the bounds, building works as before.
	for text, want := range map[string]float64{"len(repeat(rep.name, 1000))": 3000, "len(repeat('', 2000000))": 0,
		"len(join(map(1..1000, rep.name), ','))": 3999, "len(reduce(1..5000, #acc + 'x', ''))": 5000,
		"count(1..1000, # in 1..1000)": 1000} {
		r, diags := Compile(src(text), boundSchema().Env(ScopeRep), KindNumber)
		if diags.HasErrors() {
			t.Fatalf("%s: %v", text, diags)
		}
		if got, err := NewMachine().Number(r, FrameOf(boundEnv())); err != nil || got != want {
			t.Errorf("%s = %v, %v; want %v", text, got, err, want)
		}
	}
}

// TestModuloByZero checks that % by zero is an error that says to guard
// the divisor, at load time when the divisor is constant.
func TestModuloByZero(t *testing.T) {
	runBoundCases(t, []boundCase{
		{"by a zero literal", ScopePlan, KindNumber, "7 % 0", "Remainder of a division by zero", 12, []string{"guard the divisor with a ternary"}},
		{"by a constant zero", ScopePlan, KindNumber, "7 % int(0)", "Remainder of a division by zero", 12,
			[]string{"7 % int(0) divides by zero", "int(0) != 0 ? 7 % int(0) : 0"}},
		{"by a zero of the subject", ScopeRepPeriod, KindNumber, "10 % (tenure_month - 1)", "", 0,
			[]string{"10 % (tenure_month - 1) divides by zero", "(tenure_month - 1) != 0 ?"}},
		{"by a zero attribute", ScopeRep, KindNumber, "100 % int(rep.ote - rep.ote)", "", 0, []string{"guard the divisor with a ternary"}},
	})
}

// TestIntegerOverflow checks that integer arithmetic that leaves the range
// of integers is an error rather than a wrapped-around number: at load
// time when expr would fold it, else when it runs, through the closures
// and the VM alike.
func TestIntegerOverflow(t *testing.T) {
	runBoundCases(t, []boundCase{
		{"constant sum", ScopePlan, KindNumber, "9223372036854775807 + 1", "Integer overflow", 30,
			[]string{"9223372036854775807 + 1 is outside the range of integers", "1.0 * x"}},
		{"folded constant", ScopePlan, KindNumber, "(9223372036854775807 - 1) + 2", "Integer overflow", 0, nil},
		{"constant difference", ScopePlan, KindNumber, "-9223372036854775807 - 2", "Integer overflow", 0, nil},
		{"constant product", ScopePlan, KindNumber, "4611686018427387904 * 2", "Integer overflow", 0, nil},
		{"doubling reduce", ScopePlan, KindNumber, "reduce(1..70, #acc * 2, 1)", "Integer overflow", 0, nil},
		{"sum with the subject", ScopeRepPeriod, KindNumber, "tenure_month + 9223372036854775807", "", 0,
			[]string{"1 + 9223372036854775807 is outside the range of integers"}},
		{"product with the subject", ScopeRepPeriod, KindNumber, "tenure_month * 4611686018427387904 * 2", "", 0,
			[]string{"4611686018427387904 * 2 is outside"}},
		{"negation", ScopeRepPeriod, KindNumber, "-(tenure_month - 9223372036854775807 - 2)", "", 0,
			[]string{"is outside the range of integers"}},
		{"int of a huge number", ScopeRep, KindNumber, "int(rep.ote * 1e300)", "", 0,
			[]string{"the integer part of 5.0000000000000006e+306 is outside the range of integers"}},
	})
	// Within range, integer arithmetic is exact, as before.
	for _, text := range []string{"9223372036854775806 + 1", "-9223372036854775807 - 1", "tenure_month * 3 - 4"} {
		r, diags := Compile(src(text), boundSchema().Env(ScopeRepPeriod), KindNumber)
		if diags.HasErrors() {
			t.Fatal(diags)
		}
		if _, err := NewMachine().Number(r, FrameOf(boundEnv())); err != nil {
			t.Errorf("%s: %v", text, err)
		}
	}
}
