package render

import (
	"math"
	"testing"
)

func TestHuman(t *testing.T) {
	tests := []struct {
		name     string
		v        float64
		currency bool
		want     string
	}{
		{"zero", 0, true, "0"},
		{"negative zero", math.Copysign(0, -1), false, "0"},
		{"currency thousands", 1234567, true, "1,234,567"},
		{"currency rounds half away from zero", 2500.5, true, "2,501"},
		{"negative currency half away from zero", -2500.5, true, "-2,501"},
		{"currency below 100 keeps decimals", 99.456, true, "99.46"},
		{"currency at 100 drops decimals", 100.4, true, "100"},
		{"units keep two decimals", 1234.5, false, "1,234.5"},
		{"units trim zeros", 12.50, false, "12.5"},
		{"units round half up", 0.125, false, "0.13"},
		{"decimal half as written", 1.005, false, "1.01"},
		{"carry into integer", 9.995, false, "10"},
		{"carry adds digit", 999.999, false, "1,000"},
		{"tiny rounds to zero", -0.001, false, "0"},
		{"negative units", -1234.567, false, "-1,234.57"},
		{"exact hundreds", 100, false, "100"},
		{"large", 123456789012, true, "123,456,789,012"},
		{"infinity", math.Inf(1), true, "+Inf"},
		{"nan", math.NaN(), false, "NaN"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := human(tc.v, tc.currency); got != tc.want {
				t.Errorf("human(%v, %v) = %q, want %q", tc.v, tc.currency, got, tc.want)
			}
		})
	}
}

func TestRatio(t *testing.T) {
	tests := []struct {
		name string
		v    float64
		want string
	}{
		{"two decimals", 1.1234, "1.12x"},
		{"padded", 1.1, "1.10x"},
		{"whole", 2, "2.00x"},
		{"rounds half up", 0.905, "0.91x"},
		{"zero", 0, "0.00x"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := ratio(tc.v); got != tc.want {
				t.Errorf("ratio(%v) = %q, want %q", tc.v, got, tc.want)
			}
		})
	}
}

func TestIsCurrency(t *testing.T) {
	tests := []struct {
		name, unit, plan string
		want             bool
	}{
		{"plan currency", "USD", "USD", true},
		{"other code", "EUR", "USD", true},
		{"activity unit", "meetings", "USD", false},
		{"lower-case code", "usd", "EUR", false},
		{"custom plan currency", "credits", "credits", true},
		{"empty", "", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := isCurrency(tc.unit, tc.plan); got != tc.want {
				t.Errorf("isCurrency(%q, %q) = %v, want %v", tc.unit, tc.plan, got, tc.want)
			}
		})
	}
}
