package render

import (
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
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
		{"largest exact whole", 1<<53 - 1, false, "9,007,199,254,740,991"},
		{"beyond exact wholes, shortest digits", 1 << 60, true, "1,152,921,504,606,847,000"},
		{"huge", 1e21, true, "1,000,000,000,000,000,000,000"},
		{"negative whole", -1234567, true, "-1,234,567"},
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

// TestHumanMatchesReference compares human and roundDecimal, which work in
// place on bytes, with the plain string algorithm they replaced, over
// values of every shape: whole and fractional, halves, carries, signs,
// tiny and huge.
func TestHumanMatchesReference(t *testing.T) {
	values := []float64{0, math.Copysign(0, -1), 0.5, 0.005, 0.015, 0.125, 1.005, 9.995, 99.5, 99.995, 999.999,
		100, 100.5, 2500.5, 1e15, 1<<53 - 1, 1 << 53, 1<<53 + 2, 1e21, 1e300, 5e-324, math.MaxFloat64, 0.0049999}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 5000 {
		values = append(values,
			math.Round(rng.NormFloat64()*1e6),                        // whole amounts
			math.Round(rng.NormFloat64()*1e5)/100,                    // cents
			math.Round(rng.NormFloat64()*1e4)/1000,                   // thirds of cents, halves included
			rng.NormFloat64()*math.Pow(10, float64(rng.IntN(40)-20)), // any magnitude
		)
	}
	for _, v := range values {
		for _, v := range []float64{v, -v} {
			for _, currency := range []bool{false, true} {
				if got, want := human(v, currency), referenceHuman(v, currency); got != want {
					t.Fatalf("human(%v, %v) = %q, want %q", v, currency, got, want)
				}
			}
			for places := range 3 {
				if got, want := roundDecimal(v, places), referenceRoundDecimal(v, places); got != want {
					t.Fatalf("roundDecimal(%v, %d) = %q, want %q", v, places, got, want)
				}
			}
		}
	}
}

// referenceHuman is human as first written, on strings.
func referenceHuman(v float64, currency bool) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	places := 2
	if currency && math.Abs(v) >= 100 {
		places = 0
	}
	return group(referenceRoundDecimal(v, places))
}

// referenceRoundDecimal is roundDecimal as first written, on strings.
func referenceRoundDecimal(v float64, places int) string {
	digits := strconv.FormatFloat(math.Abs(v), 'f', -1, 64)
	whole, frac, _ := strings.Cut(digits, ".")
	if len(frac) > places {
		up := frac[places] >= '5'
		whole, frac = whole+frac[:places], ""
		if up {
			b := []byte(whole)
			i := len(b) - 1
			for ; i >= 0 && b[i] == '9'; i-- {
				b[i] = '0'
			}
			if i < 0 {
				b = append([]byte{'1'}, b...)
			} else {
				b[i]++
			}
			whole = string(b)
		}
		whole, frac = whole[:len(whole)-places], whole[len(whole)-places:]
	}
	frac = strings.TrimRight(frac, "0")
	s := whole
	if frac != "" {
		s += "." + frac
	}
	if v < 0 && strings.Trim(s, "0.") != "" {
		s = "-" + s
	}
	return s
}
