package engine

import (
	"reflect"
	"testing"

	"github.com/quotaplan/quotaplan/rules"
)

func TestTeamsDepthFirst(t *testing.T) {
	// vp -> m1 -> (a, b -> c), vp -> m2 -> d, and x on its own.
	plan := `plan "p" {
  title    = "Teams"
  start    = "2027-01-01"
  months   = 12
  currency = "USD"
}
`
	for _, r := range [][2]string{{"vp", ""}, {"m1", "vp"}, {"m2", "vp"}, {"a", "m1"}, {"b", "m1"}, {"c", "b"}, {"d", "m2"}, {"x", ""}} {
		plan += "rep \"" + r[0] + "\" {\n  role = \"AE\"\n"
		if r[1] != "" {
			plan += "  manager = \"" + r[1] + "\"\n"
		}
		plan += "}\n"
	}
	_, ex := explainDir(t, writePlan(t, map[string]string{"plan.hcl": plan}))
	x, err := ex.explainer(ExplainOptions{})
	if err != nil {
		t.Fatal(err)
	}
	w := x.e.w
	team := func(id string) []string {
		var ids []string
		for _, m := range rules.Plain(w.repByID[id].obj.Get(fieldTeam)).([]any) {
			ids = append(ids, m.(map[string]any)["id"].(string))
		}
		return ids
	}
	for _, tt := range []struct {
		id    string
		team  []string
		depth int
	}{
		{"vp", []string{"m1", "a", "b", "c", "m2", "d"}, 0}, {"m1", []string{"a", "b", "c"}, 1},
		{"b", []string{"c"}, 2}, {"c", nil, 3}, {"m2", []string{"d"}, 1}, {"x", nil, 0},
	} {
		if got := team(tt.id); !reflect.DeepEqual(got, tt.team) {
			t.Errorf("team of %s = %v, want %v", tt.id, got, tt.team)
		}
		if d := w.repByID[tt.id].depth; d != tt.depth {
			t.Errorf("depth of %s = %d, want %d", tt.id, d, tt.depth)
		}
	}
}
