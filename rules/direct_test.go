package rules

import (
	"fmt"
	"math"
	"reflect"
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
		"reps": []any{map[string]any{"role": "AE"}}, "territories": []any{}, "periods": []any{},
		"quota": QuotaFunc(func(string, string, string) float64 { return 1 }),
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
		out = append(out, FrameOf(env))
	}
	return out
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
		if r.direct == nil {
			if requireDirect {
				t.Errorf("%q (%v): not turned into closures", text, k)
			}
			continue
		}
		for i, f := range directFrames() {
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
				t.Errorf("%q (%v) frame %d: closures yield %v, the VM fails: %v", text, k, i, got, err)
				continue
			}
			if !sameValue(got, want) {
				t.Errorf("%q (%v) frame %d: closures yield %#v, the VM %#v", text, k, i, got, want)
			}
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
	} {
		checkDirect(t, text, false)
	}
	// The rules a generated plan runs per rep and month must be closures.
	for _, text := range []string{"territory != nil && territory.new == true && period.quarter == 1", "tenure_month == 1",
		"var.segment_cover[territory.segment]", "rep.role == 'AE'", "rep.ote == nil || rep.ote == 0 ? 0 : rep.full_quota.new_arr / rep.ote"} {
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
		"max(rep.ote, plan.sdr_count) % 3", "rep.id + rep.role", "manager?.ote ?? 2 ** tenure_month"} {
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
