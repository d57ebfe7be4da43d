package rules

import (
	"math"
	"strings"
	"testing"
)

func TestFormatAmount(t *testing.T) {
	tests := []struct {
		v    float64
		unit string
		want string
	}{
		{1302000, "", "1,302,000"},
		{1302000, "USD", "$1,302,000"},
		{1302000, "EUR", "EUR 1,302,000"},
		{1302000.5, "USD", "$1,302,001"}, // currency from 100 on: no decimals
		{1302000.456, "", "1,302,000.46"},
		{1.005, "", "1.01"}, // the shortest decimal text rounds, not the binary value
		{0.5, "", "0.5"},
		{2.5, "", "2.5"},
		{99.999, "USD", "$100"},
		{12.345, "USD", "$12.35"},
		{-1000, "USD", "-$1,000"},
		{-1000, "EUR", "-EUR 1,000"},
		{-0.001, "", "0"},
		{348, "meetings", "348 meetings"},
		{1234.5, "meetings", "1,234.5 meetings"},
		{999999.995, "", "1,000,000"},
		{1e21, "", "1,000,000,000,000,000,000,000"},
		{0, "USD", "$0"},
		{math.Inf(1), "", "+Inf"},
	}
	for _, tt := range tests {
		if got := FormatAmount(tt.v, tt.unit); got != tt.want {
			t.Errorf("FormatAmount(%v, %q) = %q, want %q", tt.v, tt.unit, got, tt.want)
		}
	}
}

// TestFormatInRules calls format() from rules as a check message does.
func TestFormatInRules(t *testing.T) {
	env := testSchema().Env(ScopePlan)
	tests := []struct {
		rule, want string
	}{
		{"format(1302000)", "1,302,000"},
		{"format(1302000, 'USD')", "$1,302,000"},
		{"format(1302000.5 * 2, 'EUR')", "EUR 2,604,001"},
		{"format(7 / 2)", "3.5"},
		{"format(7)", "7"},
		{"'total ' + format(1234567.891)", "total 1,234,567.89"},
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
			t.Errorf("%s = %q, want %q", tt.rule, v, tt.want)
		}
	}
	for _, bad := range []struct{ rule, want string }{
		{"format('x')", "Cannot use string as argument (type float64) to call format"},
		{"format(1, 2)", "Cannot use int as argument (type string) to call format"},
		{"format()", "Not enough arguments to call format"},
	} {
		_, diags := Compile(Source{Text: bad.rule}, env, KindAny)
		if !diags.HasErrors() || !strings.Contains(diags.Error(), bad.want) {
			t.Errorf("%s: %v, want an error with %q", bad.rule, diags, bad.want)
		}
	}
	r, diags := Compile(Source{Text: "format(1, 'USD', 'x')"}, env, KindAny)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	if _, err := NewMachine().Run(r, NewFrame()); err == nil || !strings.Contains(Message(err), "format() takes a number and at most one unit, not 3 arguments") {
		t.Errorf("format with 3 arguments: %v", err)
	}
}
