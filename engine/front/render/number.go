package render

import (
	"math"
	"strconv"
	"strings"

	"github.com/quotaplan/quotaplan/engine"
)

// human formats v for people: thousands separators, no decimals for currency
// amounts of 100 or more, otherwise at most 2 decimals (trailing zeros
// trimmed). Rounding, half away from zero, is for display only.
func human(v float64, currency bool) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return engine.FormatNumber(v)
	}
	places := 2
	if currency && math.Abs(v) >= 100 {
		places = 0
	}
	return group(roundDecimal(v, places))
}

// ratio formats an attainment-style ratio with two decimals and an "x", e.g.
// "1.12x".
func ratio(v float64) string {
	s := roundDecimal(v, 2)
	whole, frac, _ := strings.Cut(s, ".")
	return whole + "." + (frac + "00")[:2] + "x"
}

// isCurrency reports whether unit is a currency: the plan currency or any
// three-letter upper-case code such as "EUR".
func isCurrency(unit, planCurrency string) bool {
	if unit != "" && unit == planCurrency {
		return true
	}
	if len(unit) != 3 {
		return false
	}
	for _, c := range unit {
		if c < 'A' || c > 'Z' {
			return false
		}
	}
	return true
}

// roundDecimal rounds v to places decimals, halves away from zero, and
// returns it in plain decimal notation with trailing zeros trimmed. It
// rounds the shortest decimal text of v, so 1.005 becomes 1.01 as a person
// would expect, not 1 as binary floating point would give.
func roundDecimal(v float64, places int) string {
	digits := strconv.FormatFloat(math.Abs(v), 'f', -1, 64)
	whole, frac, _ := strings.Cut(digits, ".")
	if len(frac) > places {
		up := frac[places] >= '5'
		whole, frac = whole+frac[:places], ""
		if up {
			whole = increment(whole)
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

// increment adds one to a string of decimal digits.
func increment(digits string) string {
	b := []byte(digits)
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] < '9' {
			b[i]++
			return string(b)
		}
		b[i] = '0'
	}
	return "1" + string(b)
}

// group inserts a comma every three digits of the integer part of a plain
// decimal number such as "-1234567.5".
func group(s string) string {
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	whole, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if hasFrac {
		b.WriteString("." + frac)
	}
	return sign + b.String()
}
