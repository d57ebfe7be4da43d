package rules

import (
	"strings"
	"testing"

	"github.com/expr-lang/expr/types"
)

// absentSchema types region as a string: expr then compiles == on it to a
// string comparison, which failed on an absent value.
func absentSchema() *Schema {
	return &Schema{
		Vars:           map[string]types.Type{"cover": TypeOfValue(map[string]any{})},
		RepAttrs:       map[string]types.Type{"region": types.String, "territory": types.String, "ote": types.Float64, "flag": types.Bool},
		TerritoryAttrs: map[string]types.Type{"region": types.String},
		Measures:       []string{"new_arr"},
	}
}

// absentEnv is an environment in which rep "b", its territory "east" and
// some items of reps lack region, territory, ote and flag.
func absentEnv(scope Scope) map[string]any {
	repA := map[string]any{"id": "a", "region": "EMEA", "territory": "west", "ote": 100.0, "flag": true}
	repB := map[string]any{"id": "b", "quota": map[string]any{"new_arr": 0.0}, "reports": []any{}, "team": []any{}}
	west := map[string]any{"id": "west", "region": "EMEA", "reps": []any{repA}}
	east := map[string]any{"id": "east", "reps": []any{repB}}
	env := map[string]any{
		"var": map[string]any{"cover": map[string]any{"EMEA": 2.0}}, "plan": map[string]any{"id": "p"},
		"reps": []any{repA, repB}, "territories": []any{west, east}, "periods": []any{},
	}
	switch scope {
	case ScopeTerritory:
		env["territory"] = east
	case ScopeRep:
		env["rep"], env["territory"], env["manager"] = repB, east, nil
	case ScopeRepPeriod:
		env["rep"], env["territory"], env["manager"] = repB, nil, nil
		env["period"], env["tenure_month"], env["active"] = map[string]any{"index": 1, "month": 1, "quarter": 1}, 1, 1.0
	case ScopeGoal:
		env["goal"] = map[string]any{"id": "g", "measure": "new_arr", "target": 10.0}
	}
	return env
}

// TestAbsentValues checks plans/LANGUAGE.md section 4 on absent values: == and != with
// nil are plain comparisons, as are ??, ?., in and nil tests; ordering,
// arithmetic, conditions and string functions on nil are errors that name
// the missing operand and the ?? that fixes it. Each rule runs in its
// scope, on maps and on objects, three ways: on the VM alone, as closures
// alone (when it has them), and as Run chooses.
func TestAbsentValues(t *testing.T) {
	tests := []struct {
		name  string
		scope Scope
		kind  Kind
		text  string
		want  any      // the value, when err is nil
		err   []string // parts of the error message
		// direct: the closures must decide the rule themselves (it is on
		// the common path and must not fall back to the VM).
		direct bool
	}{
		// == and !=, nil on either side
		{"count with == on an absent attribute", ScopePlan, KindNumber, "count(reps, .territory == 'west')", 1.0, nil, true},
		{"count with literal first", ScopePlan, KindNumber, "count(reps, 'west' == .territory)", 1.0, nil, true},
		{"count with !=", ScopePlan, KindNumber, "count(reps, .region != 'EMEA')", 1.0, nil, true},
		{"applies_to == literal", ScopeRep, KindBool, "rep.region == 'EMEA'", false, nil, true},
		{"applies_to != literal", ScopeRep, KindBool, "rep.region != 'EMEA'", true, nil, true},
		{"literal == absent", ScopeRep, KindBool, "'EMEA' == rep.region", false, nil, true},
		{"absent == absent", ScopeRep, KindBool, "rep.region == territory.region", true, nil, true},
		{"absent == present", ScopeRep, KindBool, "rep.region == rep.id", false, nil, true},
		{"present != absent", ScopeRep, KindBool, "rep.id != rep.region", true, nil, true},
		{"nil test", ScopeRep, KindBool, "rep.region == nil", true, nil, true},
		{"nil test reversed", ScopeRep, KindBool, "nil != rep.region", false, nil, true},
		{"territory where", ScopeTerritory, KindBool, "territory.region == 'EMEA'", false, nil, true},
		{"ramp when", ScopeRepPeriod, KindBool, "rep.region == 'EMEA' && tenure_month == 1", false, nil, true},
		{"goal where over reps", ScopeGoal, KindBool, "count(reps, .region == 'EMEA') == 1", true, nil, true},
		{"check where over own territory", ScopeTerritory, KindBool, "all(territory.reps, .region != 'EMEA')", true, nil, true},
		{"message piece", ScopeRep, KindAny, "rep.region == 'EMEA'", false, nil, true},
		// in, ??, ?., ternary, map index
		{"in a literal list", ScopeRep, KindBool, "rep.region in ['EMEA', 'US']", false, nil, false},
		{"in a list holding nil", ScopeRep, KindBool, "rep.region in [territory.region]", true, nil, false},
		{"not in", ScopeRep, KindBool, "rep.region not in ['EMEA']", true, nil, false},
		{"?? string", ScopeRep, KindAny, "rep.region ?? 'none'", "none", nil, true},
		{"?? number", ScopeRep, KindNumber, "rep.ote ?? 0", 0.0, nil, true},
		{"?. on nil", ScopeRep, KindAny, "manager?.region", nil, nil, false},
		{"?. compared", ScopeRep, KindBool, "manager?.region == 'EMEA'", false, nil, false},
		{"?. with ??", ScopeRep, KindAny, "manager?.region ?? 'none'", "none", nil, false},
		{"?. on a nil territory", ScopeRepPeriod, KindBool, "territory?.region == 'EMEA'", false, nil, false},
		{"ternary on ==", ScopeRep, KindNumber, "rep.region == 'EMEA' ? 1 : 2", 2.0, nil, true},
		{"map index by nil", ScopeRep, KindAny, "var.cover[rep.region]", nil, nil, true},
		{"map index by nil with ??", ScopeRep, KindNumber, "var.cover[rep.region] ?? 1", 1.0, nil, true},
		// ordering, nil on either side
		{"nil < number", ScopeRep, KindBool, "rep.ote < 1", nil, []string{"rep.ote is missing (nil) for this subject", "rep.ote ?? 0"}, false},
		{"number <= nil", ScopeRep, KindBool, "1 <= rep.ote", nil, []string{"rep.ote is missing (nil)", "rep.ote ?? 0"}, false},
		{"nil > number", ScopeRepPeriod, KindBool, "rep.ote > tenure_month", nil, []string{"rep.ote is missing (nil)", "rep.ote ?? 0"}, false},
		{"string >= nil", ScopeRep, KindBool, "'M' >= rep.region", nil, []string{"rep.region is missing (nil)", "rep.region ?? ''"}, false},
		{"ordering in a loop", ScopePlan, KindNumber, "count(reps, .ote > 1)", nil, []string{".ote is missing (nil) for an item of the list", ".ote ?? 0"}, false},
		// arithmetic, conditions and member access on nil
		{"nil + number", ScopeRep, KindNumber, "rep.ote + 1", nil, []string{"rep.ote is missing (nil)", "rep.ote ?? 0"}, false},
		{"number - nil", ScopeRep, KindNumber, "1 - rep.ote", nil, []string{"rep.ote is missing (nil)", "rep.ote ?? 0"}, false},
		{"nil * number", ScopeRepPeriod, KindNumber, "rep.ote * active", nil, []string{"rep.ote is missing (nil)", "rep.ote ?? 0"}, false},
		{"number / nil", ScopeTerritory, KindNumber, "2 / count(territory.reps, .ote > 0)", nil, []string{".ote is missing (nil)"}, false},
		{"unary minus", ScopeRep, KindNumber, "-rep.ote", nil, []string{"rep.ote is missing (nil)", "rep.ote ?? 0"}, false},
		{"power", ScopeRep, KindNumber, "rep.ote ** 2", nil, []string{"rep.ote is missing (nil)", "rep.ote ?? 0"}, false},
		{"string + nil", ScopeRep, KindAny, "rep.id + rep.region", nil, []string{"rep.region is missing (nil)", "rep.region ?? ''"}, false},
		{"nil map value in arithmetic", ScopeRep, KindNumber, "var.cover[rep.region] * 2", nil, []string{"var.cover[rep.region] is missing (nil)", "?? 0"}, false},
		{"nil condition of a ternary", ScopeRep, KindNumber, "rep.flag ? 1 : 2", nil, []string{"rep.flag is missing (nil)", "rep.flag ?? false"}, false},
		{"nil operand of &&", ScopeRep, KindBool, "rep.flag && rep.id == 'b'", nil, []string{"rep.flag is missing (nil)", "rep.flag ?? false"}, false},
		{"nil operand of !", ScopeRep, KindBool, "!rep.flag", nil, []string{"rep.flag is missing (nil)", "rep.flag ?? false"}, false},
		{"attribute of a nil manager", ScopeRep, KindAny, "manager.region", nil, []string{"manager is missing (nil)", "manager?.region ?? ''"}, false},
		{"attribute of a nil territory", ScopeRepPeriod, KindBool, "territory.region == 'EMEA'", nil, []string{"territory is missing (nil)", "territory?.region"}, false},
		{"a number rule that is nil", ScopeRep, KindNumber, "rep.ote", nil, []string{"rep.ote is missing (nil) for this subject", "rep.ote ?? 0"}, false},
		{"a number rule that finds nil", ScopeRep, KindNumber, "var.cover[rep.region]", nil, []string{"var.cover[rep.region] is missing (nil)", "?? 0"}, false},
		// string functions on nil
		{"upper", ScopeRep, KindAny, "upper(rep.region)", nil, []string{"rep.region is missing (nil) for this subject", "upper() needs a value", "rep.region ?? ''"}, false},
		{"lower", ScopeRep, KindBool, "lower(rep.region) == 'emea'", nil, []string{"rep.region is missing (nil)", "rep.region ?? ''"}, false},
		{"trim", ScopeTerritory, KindAny, "trim(territory.region)", nil, []string{"territory.region is missing (nil)", "territory.region ?? ''"}, false},
		{"split", ScopeRep, KindAny, "split(rep.region, '-')", nil, []string{"rep.region is missing (nil)", "rep.region ?? ''"}, false},
		{"hasPrefix", ScopeRep, KindBool, "hasPrefix(rep.region, 'E')", nil, []string{"rep.region is missing (nil)", "rep.region ?? ''"}, false},
		{"len", ScopeRep, KindNumber, "len(rep.region)", nil, []string{"rep.region is missing (nil)", "rep.region ?? ''"}, false},
		{"repeat", ScopeRep, KindAny, "repeat(rep.region, 2)", nil, []string{"rep.region is missing (nil)", "rep.region ?? ''"}, false},
		{"replace", ScopeRep, KindAny, "replace(rep.region, 'E', 'e')", nil, []string{"rep.region is missing (nil)", "rep.region ?? ''"}, false},
		{"join of a list holding nil", ScopeRep, KindAny, "join([rep.id, rep.region], ',')", nil, []string{"rep.region is missing (nil)", "rep.region ?? ''"}, false},
		{"string function in a loop", ScopePlan, KindNumber, "count(reps, upper(.region) == 'EMEA')", nil, []string{".region is missing (nil) for an item of the list", ".region ?? ''"}, false},
		{"string function in a goal", ScopeGoal, KindBool, "any(reps, hasPrefix(.region, 'E'))", true, nil, false},
		{"guarded string function", ScopeRep, KindBool, "upper(rep.region ?? '') == ''", true, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			schema := absentSchema()
			r, diags := Compile(src(tt.text), schema.Env(tt.scope), tt.kind)
			if diags.HasErrors() {
				t.Fatal(diags)
			}
			if tt.direct && r.direct == nil {
				t.Fatalf("not turned into closures")
			}
			for _, f := range []func() *Frame{
				func() *Frame { return FrameOf(absentEnv(tt.scope)) },
				func() *Frame { return FrameOf(objectify(absentEnv(tt.scope)).(map[string]any)) },
			} {
				vm := NewMachine()
				vm.vmOnly = true
				got, err := vm.Run(r, f())
				checkOutcome(t, "VM", got, err, tt.want, tt.err)
				got, err = NewMachine().Run(r, f())
				checkOutcome(t, "Run", got, err, tt.want, tt.err)
				if r.direct == nil {
					continue
				}
				frame := f()
				for _, h := range r.hoisted {
					v, err := NewMachine().Run(h.rule, frame)
					if err != nil {
						break
					}
					frame.Set(h.slot, v)
				}
				got, ok := r.runDirect(frame)
				switch {
				case ok && tt.err != nil:
					t.Errorf("closures yield %#v, want an error", got)
				case ok:
					checkOutcome(t, "closures", got, nil, tt.want, nil)
				case tt.direct:
					t.Errorf("closures gave up on the common path")
				}
			}
		})
	}
}

// checkOutcome compares one way's value or error with the wanted one.
func checkOutcome(t *testing.T, way string, got any, err error, want any, wantErr []string) {
	t.Helper()
	if wantErr == nil {
		if err != nil {
			t.Errorf("%s: %v", way, err)
		} else if !sameValue(got, want) {
			t.Errorf("%s: got %#v, want %#v", way, got, want)
		}
		return
	}
	if err == nil {
		t.Errorf("%s: got %#v, want an error", way, got)
		return
	}
	msg := Message(err)
	for _, part := range wantErr {
		if !strings.Contains(msg, part) {
			t.Errorf("%s: error %q lacks %q", way, msg, part)
		}
	}
	for _, raw := range []string{"interface conversion", "<nil>", "reflect:", "goroutine"} {
		if strings.Contains(msg, raw) {
			t.Errorf("%s: error %q speaks Go (%q)", way, msg, raw)
		}
	}
}

// TestAbsentValuesConcurrent checks that rules shared by the engine's
// workers explain a missing value from many goroutines at once (the
// parts compiled for the message are made once, under a lock-free map).
func TestAbsentValuesConcurrent(t *testing.T) {
	r, diags := Compile(src("upper(rep.region) == 'EMEA'"), absentSchema().Env(ScopeRep), KindBool)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	errs := make(chan error, 8)
	for range 8 {
		go func() {
			_, err := NewMachine().Bool(r, FrameOf(absentEnv(ScopeRep)))
			errs <- err
		}()
	}
	for range 8 {
		if err := <-errs; err == nil || !strings.Contains(Message(err), "rep.region ?? ''") {
			t.Errorf("error = %v, want one naming rep.region ?? ''", err)
		}
	}
}
