package rules

import (
	"strings"
	"testing"

	"github.com/expr-lang/expr/types"
	"github.com/hashicorp/hcl/v2"
)

func testSchema() *Schema {
	return &Schema{
		Vars:           map[string]types.Type{"growth": types.Float64, "segment_cover": TypeOfValue(map[string]any{})},
		RepAttrs:       map[string]types.Type{"ote": types.Float64, "role": types.String, "name": types.String},
		TerritoryAttrs: map[string]types.Type{"accounts": types.Float64, "win_rate": types.Float64, "segment": types.String},
		PlanLets:       []string{"sdr_count"},
		TerritoryLets:  []string{"capacity"},
		RepLets:        []string{"meetings_needed"},
		Measures:       []string{"meetings", "new_arr"},
	}
}

// src places the rule on line 3 of a file, starting at column 10, so that
// tests can check positions are mapped back.
func src(text string) Source {
	start := hcl.Pos{Line: 3, Column: 10, Byte: 100}
	return Source{Text: text, Range: hcl.Range{Filename: "q.hcl", Start: start, End: start},
		Locate: func(s, e int) hcl.Range {
			return hcl.Range{Filename: "q.hcl", Start: hcl.Pos{Line: 3, Column: 10 + s, Byte: 100 + s}, End: hcl.Pos{Line: 3, Column: 10 + e, Byte: 100 + e}}
		}}
}

func TestCompileErrors(t *testing.T) {
	tests := []struct {
		name, text  string
		scope       Scope
		want        Kind
		summary     string
		column      int // 1-based column in the file
		detailParts []string
	}{
		{"unknown rep attribute", "rep.otee * 4", ScopeRep, KindNumber, "Unknown attribute", 14, []string{`"rep" has no attribute "otee"`, `Did you mean "ote"?`}},
		{"unknown measure", "rep.quota.new_ar", ScopeRep, KindNumber, "Unknown attribute", 20, []string{`Did you mean "new_arr"?`}},
		{"unknown measure in predicate", "sum(reps, .quota.newarr)", ScopePlan, KindNumber, "Unknown attribute", 27, []string{`Did you mean "new_arr"?`}},
		{"unknown variable", "var.grwth * 2", ScopePlan, KindNumber, "Unknown attribute", 14, []string{`"var" has no attribute "grwth"`, `Did you mean "growth"?`}},
		{"unknown let", "plan.sdr_cont", ScopePlan, KindNumber, "Unknown attribute", 15, []string{`Did you mean "sdr_count"?`}},
		{"unknown name", "terrtory.accounts", ScopeRep, KindNumber, "Unknown name", 10, []string{`Did you mean "territory"?`}},
		{"rep not in plan scope", "rep.ote", ScopePlan, KindNumber, "Unknown name", 10, []string{"plan scope"}},
		{"period only in rep-period scope", "period.month == 1", ScopeRep, KindBool, "Unknown name", 10, nil},
		{"string for number", "rep.name", ScopeRep, KindNumber, "Wrong result type", 10, []string{"must yield a number but yields string"}},
		{"number for bool", "rep.ote * 2", ScopeRep, KindBool, "Wrong result type", 10, []string{"true or false"}},
		{"syntax", "rep.ote * ", ScopeRep, KindNumber, "Invalid rule", 0, nil},
		{"now disabled", "now()", ScopePlan, KindAny, "Unknown name", 10, []string{"disabled"}},
		{"too deep", "count(reps, all(territories, any(reps, true)))", ScopePlan, KindNumber, "Rule nests too many loops", 0, []string{"at most 2"}},
		{"empty", "  ", ScopePlan, KindNumber, "Empty rule", 0, nil},
		{"too long", strings.Repeat("1 + ", MaxSourceBytes/4+1) + "1", ScopePlan, KindNumber, "Rule too long", 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, diags := Compile(src(tt.text), testSchema().Env(tt.scope), tt.want)
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
			for _, part := range tt.detailParts {
				if !strings.Contains(d.Detail, part) {
					t.Errorf("detail %q lacks %q", d.Detail, part)
				}
			}
		})
	}
}

func TestRefs(t *testing.T) {
	tests := []struct {
		name, text string
		scope      Scope
		want       []Ref
	}{
		{"measure via rep", "rep.quota.new_arr / rep.ote", ScopeRep, []Ref{{RefMeasure, "new_arr"}}},
		{"measure via predicate", "sum(territory.reps, .full_quota.meetings)", ScopeTerritory, []Ref{{RefMeasure, "meetings"}}},
		{"quota function literal", "quota('a', 'new_arr', 'Q1')", ScopePlan, []Ref{{RefMeasure, "new_arr"}}},
		{"quota function dynamic", "quota('a', rep.role, 'Q1')", ScopeRep, []Ref{{Kind: RefAllMeasures}}},
		{"whole quota map", "len(rep.quota) > 0 ? 1 : 0", ScopeRep, []Ref{{Kind: RefAllMeasures}}},
		{"lets by scope", "territory.capacity / plan.sdr_count + rep.meetings_needed", ScopeRep,
			[]Ref{{RefLet, "capacity"}, {RefLet, "meetings_needed"}, {RefLet, "sdr_count"}}},
		{"let name on wrong object is not a let", "rep.ote", ScopeRep, []Ref{}},
		{"nothing", "1 + 2", ScopePlan, []Ref{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, diags := Compile(src(tt.text), testSchema().Env(tt.scope), KindAny)
			if diags.HasErrors() {
				t.Fatal(diags)
			}
			if len(r.Refs) != len(tt.want) {
				t.Fatalf("refs = %v, want %v", r.Refs, tt.want)
			}
			for i := range tt.want {
				if r.Refs[i] != tt.want[i] {
					t.Errorf("refs[%d] = %v, want %v", i, r.Refs[i], tt.want[i])
				}
			}
		})
	}
}

func TestRun(t *testing.T) {
	env := FrameOf(map[string]any{
		"var": map[string]any{"growth": 0.25}, "plan": map[string]any{"sdr_count": 2},
		"rep": map[string]any{"ote": 200000.0, "role": "AE", "quota": map[string]any{"new_arr": 900000.0}},
	})
	m := NewMachine()
	compile := func(text string, k Kind) *Rule {
		t.Helper()
		r, diags := Compile(src(text), testSchema().Env(ScopeRep), k)
		if diags.HasErrors() {
			t.Fatal(diags)
		}
		return r
	}
	if v, err := m.Number(compile("rep.quota.new_arr / rep.ote", KindNumber), env); err != nil || v != 4.5 {
		t.Errorf("ratio = %v, %v; want 4.5", v, err)
	}
	if v, err := m.Bool(compile("rep.role == 'AE'", KindBool), env); err != nil || !v {
		t.Errorf("role = %v, %v; want true", v, err)
	}
	if _, err := m.Number(compile("rep.ote / (var.growth - 0.25)", KindNumber), env); err == nil || !strings.Contains(err.Error(), "division by zero") {
		t.Errorf("want a division-by-zero error, got %v", err)
	}
	if _, err := m.Number(compile("rep.ote * 2", KindNumber), FrameOf(map[string]any{"rep": map[string]any{}})); err == nil {
		t.Error("want an error for arithmetic on nil")
	}
}

func TestSuggest(t *testing.T) {
	tests := []struct{ name, want string }{
		{"otee", ` Did you mean "ote"?`},
		{"zzz", ""},
		{"new_ar", ` Did you mean "new_arr"?`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Suggest(tt.name, []string{"ote", "new_arr", "role"}); got != tt.want {
				t.Errorf("Suggest(%q) = %q, want %q", tt.name, got, tt.want)
			}
		})
	}
}

func TestHoist(t *testing.T) {
	tests := []struct {
		name         string
		text         string
		scope        Scope
		hoisted      int
		loops, outer int // loop depth left in the rule, and of the hoisted parts
	}{
		{"count over all reps in a rep rule", "territory.accounts / count(reps, .role == 'AE')", ScopeRep, 1, 0, 1},
		{"whole rule invariant", "sum(reps, .quota.new_arr) / 10", ScopeRepPeriod, 1, 0, 1},
		{"loop over the rep's own team stays", "count(rep.team, .role == 'AE') * 1.0", ScopeRep, 0, 1, 0},
		{"nested: outer loop depends on the rep", "count(reps, .ote > rep.ote) * 1.0", ScopeRep, 0, 1, 0},
		{"invariant sum of two loops is one part", "count(reps, .role == 'AE') + count(territories, .accounts > 10) + rep.ote", ScopeRep, 1, 0, 1},
		{"two separate invariant parts", "rep.ote * count(reps, .role == 'AE') + rep.ote * count(territories, .accounts > 10)", ScopeRep, 2, 0, 1},
		{"plan scope is never hoisted", "count(reps, .role == 'AE') * 1.0", ScopePlan, 0, 1, 0},
		{"no loop, nothing to hoist", "var.growth * rep.ote", ScopeRep, 0, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, diags := Compile(src(tt.text), testSchema().Env(tt.scope), KindNumber)
			if diags.HasErrors() {
				t.Fatal(diags)
			}
			if len(r.hoisted) != tt.hoisted || r.Loops != tt.loops || r.HoistedLoops != tt.outer {
				t.Errorf("hoisted %d, loops %d, hoisted loops %d; want %d, %d, %d", len(r.hoisted), r.Loops, r.HoistedLoops, tt.hoisted, tt.loops, tt.outer)
			}
		})
	}
}

// TestHoistedRun checks that a hoisted rule gives the same value as the
// rule as written, and computes the hoisted part once per environment.
func TestHoistedRun(t *testing.T) {
	r, diags := Compile(src("rep.ote / count(reps, .role == 'AE')"), testSchema().Env(ScopeRep), KindNumber)
	if diags.HasErrors() || len(r.hoisted) != 1 {
		t.Fatalf("diags %v, hoisted %d", diags, len(r.hoisted))
	}
	reps := []any{map[string]any{"role": "AE"}, map[string]any{"role": "AE"}, map[string]any{"role": "SDR"}}
	env := FrameOf(map[string]any{"reps": reps, "rep": map[string]any{"ote": 100.0}})
	m := NewMachine()
	if v, err := m.Number(r, env); err != nil || v != 50 {
		t.Fatalf("value = %v, %v; want 50", v, err)
	}
	// The count is kept: changing the list no longer changes the value
	// within this environment (the engine gives each evaluation a new one).
	env.Set(SlotReps, append(reps, map[string]any{"role": "AE"}))
	if v, _ := m.Number(r, env); v != 50 {
		t.Errorf("hoisted part recomputed: %v", v)
	}
	if !env.has(r.hoisted[0].slot) || env.Lookup(r.hoisted[0].name) != 2 {
		t.Error("hoisted value not kept in the frame")
	}
}
