package rules

import (
	"fmt"
	"maps"
	"math"
	"reflect"
	"slices"
	"testing"

	"github.com/expr-lang/expr/types"
)

// directFrames are environments with the awkward values plans hold: nil
// attributes (empty CSV cells), ints next to floats, strings, lists.
func directFrames() []*Frame {
	rep := func(ote any, role any) map[string]any {
		return map[string]any{"id": "a", "ote": ote, "role": role, "pipeline": nil,
			"quota": map[string]any{"new_arr": 900000.0, "meetings": 0.0}, "full_quota": map[string]any{"new_arr": 1e6},
			"reports": []any{}, "team": []any{map[string]any{"id": "b"}}}
	}
	base := map[string]any{
		"var":  map[string]any{"growth": 0.25, "segment_cover": map[string]any{"smb": 2.0, "ent": 3}},
		"plan": map[string]any{"sdr_count": 2, "id": "p", "months": 12},
		"reps": []any{map[string]any{"role": "AE", "ote": 100.0}, map[string]any{"role": "SDR", "ote": 3},
			map[string]any{"role": nil, "ote": nil}, map[string]any{"role": "AE", "ote": "x"}},
		"territories": []any{map[string]any{"need": 2.5, "new": true}, map[string]any{"need": 4, "new": false}},
		"periods":     []any{},
		"quota":       QuotaFunc(func(string, string, string) float64 { return 1 }),
	}
	var out []*Frame
	for i, r := range []map[string]any{rep(200000.0, "AE"), rep(nil, "SDR"), rep(0, nil), rep("x", "AE")} {
		env := map[string]any{"rep": r, "manager": nil, "period": map[string]any{"quarter": i%4 + 1, "month": i},
			"tenure_month": i, "active": float64(i) / 3,
			"territory": map[string]any{"id": "t", "new": i%2 == 0, "segment": []string{"smb", "ent", "mid", "smb"}[i],
				"accounts": nil, "win_rate": 0.2}}
		if i == 3 {
			env["territory"] = nil
		}
		for k, v := range base {
			env[k] = v
		}
		out = append(out, FrameOf(env), FrameOf(objectify(env).(map[string]any)))
	}
	return out
}

// objectify returns env, a map from names to values, with every map in its
// values made an Object and every list a List, as the engine builds reps
// and territories.
func objectify(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[k] = objectValue(x)
		}
		return out
	}
	return v
}

func objectValue(v any) any {
	switch v := v.(type) {
	case map[string]any:
		names := slices.Sorted(maps.Keys(v))
		shape := NewShape(names...)
		o := &shape.Objects(1)[0]
		for i, n := range names {
			o.Set(i, objectValue(v[n]))
		}
		return o
	case []any:
		items := make([]any, len(v))
		for i, x := range v {
			items[i] = objectValue(x)
		}
		return NewList(items)
	}
	return v
}

// checkDirect runs text both ways in every frame and fails when the
// closures return a value the VM does not (or one the VM fails on).
func checkDirect(t *testing.T, text string, requireDirect bool) {
	schema := testSchema()
	schema.RepAttrs["pipeline"] = types.Float64
	schema.TerritoryAttrs["new"] = types.Bool
	for _, k := range []Kind{KindAny, KindNumber, KindBool} {
		r, _ := Compile(src(text), schema.Env(ScopeRepPeriod), k)
		if r == nil {
			continue
		}
		for _, h := range r.hoisted { // parts run once, before the rest
			checkRule(t, text+" (hoisted part)", h.rule, requireDirect)
		}
		checkRule(t, text, r, requireDirect)
	}
}

// checkRule runs r both ways in every frame, as checkDirect describes.
func checkRule(t *testing.T, text string, r *Rule, requireDirect bool) {
	if r.direct == nil {
		if requireDirect {
			t.Errorf("%q (%v): not turned into closures", text, r.Kind)
		}
		return
	}
	for i, f := range directFrames() {
		for _, h := range r.hoisted {
			if v, err := NewMachine().Run(h.rule, f); err == nil {
				f.Set(h.slot, v)
			}
		}
		got, ok := r.runDirect(f)
		prog := r.program
		if r.fast != nil {
			prog = r.fast
		}
		want, err := NewMachine().vm.Run(prog, f.vmEnv())
		if !ok {
			continue // the VM decides
		}
		if err != nil {
			t.Errorf("%q (%v) frame %d: closures yield %v, the VM fails: %v", text, r.Kind, i, got, err)
			continue
		}
		if !sameValue(got, want) {
			t.Errorf("%q (%v) frame %d: closures yield %#v, the VM %#v", text, r.Kind, i, got, want)
		}
	}
}

func sameValue(a, b any) bool {
	fa, okA := a.(float64)
	fb, okB := b.(float64)
	if okA && okB && math.IsNaN(fa) && math.IsNaN(fb) {
		return true
	}
	return reflect.DeepEqual(a, b)
}

func TestDirectMatchesVM(t *testing.T) {
	for _, text := range []string{
		"rep.ote * 4", "rep.quota.new_arr / rep.ote", "rep.ote == nil || rep.ote == 0 ? 0 : rep.full_quota.new_arr / rep.ote",
		"territory != nil && territory.new == true && period.quarter == 1", "tenure_month == 1", "tenure_month <= 2",
		"var.segment_cover[territory.segment]", "var.segment_cover[territory.segment] * 2", "rep.pipeline ?? 0",
		"rep.role == 'AE'", "rep.role != 'SDR' && active > 0", "!(rep.role == 'AE')", "not true", "-rep.ote", "+rep.ote",
		"plan.sdr_count * 2", "plan.sdr_count / 3", "plan.sdr_count % 2", "plan.months ** 2", "2 ^ 10",
		"round(rep.ote / 3)", "floor(active * 10) / 10", "ceil(1.2)", "abs(-rep.ote)", "max(1, rep.ote, 3)",
		"min(rep.ote, 5)", "len(rep.team)", "int(active * 10)", "float(plan.months)", "rep.team[0].id", "rep.team[-1].id",
		"rep.team[5].id", "rep.ote > 1 or rep.role == 'AE'", "rep.quota.meetings > 0 and rep.ote > 0",
		"territory.accounts * territory.win_rate", "1 / 0", "-1 / 0", "0 / 0", "rep.ote < 'x'", "rep.id + '-' + rep.role",
		"manager.ote", "manager?.ote", "manager?.ote ?? 7", "territory?.segment", "period.quarter == 1 ? 0.4 : 1",
		"rep.ote ?? 1 + 2", "var.growth * (1 + var.growth)", "nil", "true", "'text'", "1.5", "42",
		"count(reps, .role == 'AE')", "count(reps, .ote > 1)", "count(reps, .role)", "count(rep.team, .id == 'b')",
		"sum(territories, .need)", "sum(reps, .ote)", "sum(territories, .need) / count(reps, .role == 'SDR')",
		"sum(reps, .ote ?? 0)", "sum(reps, 1)", "sum(rep.team, 2.5)", "sum(territories, .need * 2) + 1",
		"all(territories, .need > 1)", "all(reps, .ote > 1)", "any(reps, .role == 'SDR')", "any(territories, .new)",
		"none(territories, .need > 3)", "one(reps, .role == 'SDR')", "one(territories, .new)",
		"count(reps, any(territories, .need > 3))", "count(reps, .role == rep.role)",
		"rep.ote / count(reps, .role == 'AE' && .ote > 1)", "count(territories, #.new)", "sum(territories, #.need)",
		"count(reps, #index > 0)", "all(rep.reports, .ote > 0)", "count(var.segment_cover, true)",
	} {
		checkDirect(t, text, false)
	}
	// The rules a generated plan runs per rep and month must be closures.
	for _, text := range []string{"territory != nil && territory.new == true && period.quarter == 1", "tenure_month == 1",
		"var.segment_cover[territory.segment]", "rep.role == 'AE'", "rep.ote == nil || rep.ote == 0 ? 0 : rep.full_quota.new_arr / rep.ote",
		"sum(territories, .need) * (1 + var.growth) / count(reps, .role == 'SDR')"} {
		checkDirect(t, text, true)
	}
}

func TestDirectHoisted(t *testing.T) {
	// A rule with a hoisted part runs its rest as closures.
	r, diags := Compile(src("rep.ote / count(reps, .role == 'AE')"), testSchema().Env(ScopeRep), KindNumber)
	if diags.HasErrors() || r.direct == nil || len(r.hoisted) != 1 {
		t.Fatalf("diags %v, direct %v, hoisted %d", diags, r.direct != nil, len(r.hoisted))
	}
	f := FrameOf(map[string]any{"reps": []any{map[string]any{"role": "AE"}, map[string]any{"role": "SDR"}},
		"rep": map[string]any{"ote": 100.0}})
	if v, err := NewMachine().Number(r, f); err != nil || v != 100 {
		t.Errorf("value = %v, %v; want 100", v, err)
	}
}

func TestDirectFallsBackWithTheVMError(t *testing.T) {
	// The closures give up on arithmetic with nil; the error the user
	// sees is the VM's, located at the failing part.
	r, _ := Compile(src("1 + rep.ote * 2"), testSchema().Env(ScopeRep), KindNumber)
	if r.direct == nil {
		t.Fatal("not turned into closures")
	}
	_, err := NewMachine().Number(r, FrameOf(map[string]any{"rep": map[string]any{"ote": nil}}))
	if err == nil {
		t.Fatal("want an error")
	}
	if rng := r.Located(err); rng.Start.Byte == r.Range.Start.Byte && rng.End.Byte == r.Range.End.Byte {
		t.Errorf("error %v not located at the failing part", err)
	}
}

// FuzzDirect checks on arbitrary rules that whenever the closures yield a
// value, the VM yields the same one.
func FuzzDirect(f *testing.F) {
	for _, seed := range []string{"rep.ote * 4", "territory != nil && territory.new == true && period.quarter == 1",
		"var.segment_cover[territory.segment] ?? 1", "rep.team[0].id == 'b' ? -active : round(active)",
		"max(rep.ote, plan.sdr_count) % 3", "rep.id + rep.role", "manager?.ote ?? 2 ** tenure_month",
		"count(reps, .role == 'SDR')", "sum(territories, .need) / count(reps, any(territories, .new))",
		"[rep.id, rep.role]", "fromPairs([[rep.id, 0.6], [rep.role, 0.4]])"} {
		f.Add(seed)
	}
	for _, seed := range hardeningSeeds() {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		defer func() {
			if p := recover(); p != nil {
				t.Fatalf("%q: %v", text, fmt.Sprint(p))
			}
		}()
		checkDirect(t, text, false)
	})
}

func TestDirectPredicates(t *testing.T) {
	// On clean lists, predicates run as closures and agree with the VM,
	// over maps and over objects.
	env := func() map[string]any {
		return map[string]any{
			"reps": []any{map[string]any{"role": "AE", "ote": 100.0}, map[string]any{"role": "SDR", "ote": 3},
				map[string]any{"role": "SDR", "ote": 2.5}},
			"territories": []any{map[string]any{"need": 2.5, "new": true}, map[string]any{"need": 4, "new": false}},
			"rep":         map[string]any{"role": "SDR", "team": []any{}},
		}
	}
	for _, tt := range []struct {
		text string
		want any
	}{
		{"count(reps, .role == 'SDR')", 2}, {"count(reps, #.ote > 2.5)", 2}, {"sum(reps, .ote)", 105.5},
		{"sum(territories, .need)", 6.5}, {"sum(territories, 1)", 2}, {"sum(rep.team, .ote)", 0},
		{"all(territories, .need > 2)", true}, {"all(reps, .ote > 2.5)", false}, {"any(territories, .new)", true},
		{"any(rep.team, .ote > 1)", false}, {"none(territories, .need > 4)", true}, {"one(territories, .new)", true},
		{"one(reps, .role == 'SDR')", false}, {"count(reps, any(territories, .need > 3))", 3},
		{"count(reps, .role == rep.role)", 2},
	} {
		schema := testSchema()
		schema.TerritoryAttrs["need"], schema.TerritoryAttrs["new"] = types.Float64, types.Bool
		r, diags := compile(src(tt.text), schema.Env(ScopeRep), KindAny) // not hoisted
		if diags.HasErrors() || r.direct == nil {
			t.Errorf("%q: diags %v, direct %v", tt.text, diags, r != nil && r.direct != nil)
			continue
		}
		for _, f := range []*Frame{FrameOf(env()), FrameOf(objectify(env()).(map[string]any))} {
			got, ok := r.runDirect(f)
			want, err := NewMachine().vm.Run(r.program, f.vmEnv())
			if !ok || err != nil || !sameValue(got, want) || !sameValue(got, tt.want) {
				t.Errorf("%q: closures %#v (ok %v), VM %#v (%v), want %#v", tt.text, got, ok, want, err, tt.want)
			}
		}
	}
}
