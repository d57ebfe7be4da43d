package engine

import (
	"testing"

	"github.com/expr-lang/expr/types"

	"github.com/quotaplan/quotaplan/plans"
)

func TestAttrTypes(t *testing.T) {
	rows := func(vals ...any) []*plans.Attrs {
		var out []*plans.Attrs
		for _, v := range vals {
			a := plans.AttrsOf([]string{"x", "id"}, []any{v, "r"})
			out = append(out, &a)
		}
		return out
	}
	tests := []struct {
		name string
		rows []*plans.Attrs
		want types.Type
	}{
		{"numbers", rows(1.0, 2.0), types.Float64},
		{"empty cells do not count", rows(nil, 1.0, nil), types.Float64},
		{"empty cell last", rows(1.0, nil), types.Float64},
		{"always empty", rows(nil, nil), types.Any},
		{"strings", rows("a", "b"), types.String},
		{"mixed stays any", rows(1.0, "a", 2.0), types.Any},
		{"mixed bool", rows(true, 1.0), types.Any},
		{"lists", rows([]any{1.0}, []any{2.0}), types.TypeOf([]any{})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := attrTypes(tt.rows, []string{"id"})
			if _, ok := got["id"]; ok {
				t.Error("reserved name kept")
			}
			if got["x"] == nil || got["x"].String() != tt.want.String() {
				t.Errorf("type = %v, want %v", got["x"], tt.want)
			}
		})
	}
}

func TestDepths(t *testing.T) {
	got := depths(map[string]string{"vp": "", "m1": "vp", "m2": "vp", "a": "m1", "b": "a", "x": "outside", "c1": "c2", "c2": "c1"})
	want := map[string]int{"vp": 0, "m1": 1, "m2": 1, "a": 2, "b": 3, "x": 1}
	for id, d := range want {
		if got[id] != d {
			t.Errorf("depth of %s = %d, want %d", id, got[id], d)
		}
	}
	if _, ok := got["c1"]; !ok {
		t.Error("a cycle left a node without depth")
	}
}

func TestEmptyCSVColumnIsAnAttribute(t *testing.T) {
	// A column whose cells are all empty still names an attribute: rules
	// may read it (as nil) rather than fail to compile.
	res := evalFiles(t, map[string]string{
		"plan.hcl": `plan "p" {
  title    = "Empty column"
  start    = "2027-01-01"
  months   = 12
  currency = "USD"
}
import "reps" {
  csv = "reps.csv"
}
quota "new_arr" {
  annual = "rep.pipeline ?? 1200"
}
`,
		"reps.csv": "id,role,pipeline\na,AE,\nb,AE,\n",
	})
	for _, r := range res.Reps {
		if q := r.Quota("new_arr"); q == nil || q.Total != 1200 {
			t.Errorf("%s new_arr = %+v, want 1200", r.ID, q)
		}
	}
}
