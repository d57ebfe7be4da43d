package engine

import (
	"maps"
	"slices"
	"testing"

	"github.com/quotaplan/quotaplan/rules"
)

// TestSubjectObjectsHaveEveryField checks that the objects the engine
// builds hold exactly the fields rules declares for each subject: the
// declaration in package rules is the one place to add a field.
func TestSubjectObjectsHaveEveryField(t *testing.T) {
	_, ex := explainDir(t, "testdata/handcalc")
	x, err := ex.explainer(ExplainOptions{})
	if err != nil {
		t.Fatal(err)
	}
	w := x.e.w
	has := func(t *testing.T, what string, got []string, fields []rules.Field) {
		t.Helper()
		for _, f := range fields {
			if !slices.Contains(got, f.Name) {
				t.Errorf("%s objects have no field %q that rules declares", what, f.Name)
			}
		}
	}
	keys := func(m map[string]any) []string { return slices.Sorted(maps.Keys(m)) }
	t.Run("rep", func(t *testing.T) { has(t, "rep", shapeNames(w.repShape), rules.RepFields) })
	t.Run("territory", func(t *testing.T) { has(t, "territory", shapeNames(w.terrShape), rules.TerritoryFields) })
	t.Run("plan", func(t *testing.T) { has(t, "plan", keys(w.planObj), rules.PlanFields) })
	t.Run("period", func(t *testing.T) {
		if got, want := keys(w.periodObjs[0]), slices.Sorted(slices.Values(rules.FieldNames(rules.PeriodFields))); !slices.Equal(got, want) {
			t.Errorf("period object fields %v, rules declares %v", got, want)
		}
	})
	t.Run("goal", func(t *testing.T) {
		got := keys(goalObject(&GoalResult{}))
		if want := slices.Sorted(slices.Values(rules.FieldNames(rules.GoalFields))); !slices.Equal(got, want) {
			t.Errorf("goal object fields %v, rules declares %v", got, want)
		}
	})
	t.Run("constants", func(t *testing.T) {
		for _, name := range []string{fieldID, fieldQuota, fieldFullQuota, fieldReports, fieldTeam} {
			if !slices.Contains(rules.RepReserved, name) {
				t.Errorf("engine field %q is not a rep field of rules", name)
			}
		}
		if !slices.Contains(rules.TerritoryReserved, fieldReps) {
			t.Errorf("engine field %q is not a territory field of rules", fieldReps)
		}
	})
}

// shapeNames lists the fields of a shape.
func shapeNames(s *rules.Shape) []string { return s.Names() }
