package rules

import (
	"strings"
	"testing"
)

// TestMonthsBetween runs months_between from rules: calendar months from
// the month of the first day to the month of the second, worked out by
// hand.
func TestMonthsBetween(t *testing.T) {
	env := testSchema().Env(ScopePlan)
	tests := []struct {
		rule string
		want any
	}{
		{"months_between('2027-03-15', '2027-05-01')", 2},  // March -> May
		{"months_between('2027-05-31', '2027-05-01')", 0},  // the same month
		{"months_between('2027-11-30', '2028-02-01')", 3},  // across a year
		{"months_between('2027-05-01', '2027-03-31')", -2}, // b before a
		{"months_between(date('2027-01-10'), '2028-01-09')", 12},
		{"months_between('2027-03-15', '2027-05-01') + 1 == 3", true},
	}
	for _, tt := range tests {
		r, diags := Compile(Source{Text: tt.rule}, env, KindAny)
		if diags.HasErrors() {
			t.Fatalf("%s: %v", tt.rule, diags)
		}
		v, err := NewMachine().Run(r, NewFrame())
		if err != nil {
			t.Fatalf("%s: %v", tt.rule, err)
		}
		if v != tt.want {
			t.Errorf("%s = %v (%T), want %v", tt.rule, v, v, tt.want)
		}
	}
	for _, bad := range []struct{ rule, want string }{
		{"months_between('2027-13-01', '2027-05-01')", `the first day "2027-13-01" is not a date`},
		{"months_between('2027-03-01', 5)", "the second day is a int, not a date"},
		{"months_between(nil, '2027-05-01')", "missing (nil)"},
	} {
		r, diags := Compile(Source{Text: bad.rule}, env, KindAny)
		if diags.HasErrors() {
			if !strings.Contains(diags.Error(), "months_between") {
				t.Errorf("%s: %v", bad.rule, diags)
			}
			continue
		}
		if _, err := NewMachine().Run(r, NewFrame()); err == nil || !strings.Contains(Message(err), bad.want) {
			t.Errorf("%s: %v, want an error with %q", bad.rule, err, bad.want)
		}
	}
}
