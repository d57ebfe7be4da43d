package engine

import (
	"reflect"
	"strings"
	"testing"

	"github.com/quotaplan/quotaplan/plans"
)

// TestVarFlagNonFinite is the regression test for --var values such as NaN,
// Infinity, -Inf and 1e400, which were taken as numbers (or, out of range,
// as a string with a confusing type error): they are rejected with an error
// that names the flag and says that numbers must be finite.
func TestVarFlagNonFinite(t *testing.T) {
	tests := []struct {
		name       string
		def        any // the variable's default
		value      string
		want       any    // the effective value, when accepted
		wantDetail string // part of the error's detail, when rejected
	}{
		{"NaN", 0.2, "NaN", nil, "--var growth=NaN: NaN is not a number. Numbers given with --var must be finite; give one such as --var growth=0.2."},
		{"lower-case nan", 0.2, "nan", nil, "NaN is not a number"},
		{"Infinity", 0.2, "Infinity", nil, "--var growth=Infinity: an infinity is not a finite number."},
		{"-Inf", 0.2, "-Inf", nil, "--var growth=-Inf: an infinity is not a finite number."},
		{"+inf", 0.2, "+inf", nil, "an infinity is not a finite number"},
		{"1e400 is out of range", 0.2, "1e400", nil, "--var growth=1e400: the number is too large for a float64"},
		{"-1e400 is out of range", 0.2, "-1e400", nil, "too large for a float64"},
		{"no default", nil, "NaN", nil, "give one such as --var growth=1."},
		{"a finite number", 0.2, "0.35", 0.35, ""},
		{"a large finite number", 0.2, "1e300", 1e300, ""},
		{"a tiny number underflows to zero", 0.2, "1e-400", 0.0, ""},
		{"a string variable keeps NaN as text", "west", "NaN", "NaN", ""},
		{"a string variable keeps Infinity as text", "west", "Infinity", "Infinity", ""},
		{"a bool", true, "false", false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &plans.Plan{Variables: []*plans.Variable{{Name: "growth", Default: tt.def}}}
			vars, diags := effectiveVars(p, "", []VarOverride{{Name: "growth", Value: tt.value}})
			if tt.wantDetail == "" {
				if diags.HasErrors() {
					t.Fatalf("--var growth=%s: %v", tt.value, diags)
				}
				if got := vars["growth"]; !reflect.DeepEqual(got, tt.want) {
					t.Errorf("growth = %#v, want %#v", got, tt.want)
				}
				return
			}
			if len(diags) != 1 || !diags.HasErrors() {
				t.Fatalf("--var growth=%s: got %v, want one error", tt.value, diags)
			}
			d := diags[0]
			if d.Summary != "Number not finite" || !strings.Contains(d.Detail, tt.wantDetail) {
				t.Errorf("got %q: %q\nwant %q: ...%q...", d.Summary, d.Detail, "Number not finite", tt.wantDetail)
			}
		})
	}
}
