package render

import (
	"math"
	"strings"

	"github.com/quotaplan/quotaplan/engine"
	"github.com/quotaplan/quotaplan/rules"
)

// human formats v for people: thousands separators, no decimals for currency
// amounts of 100 or more, otherwise at most 2 decimals (trailing zeros
// trimmed). Rounding, half away from zero, is for display only.
func human(v float64, currency bool) string {
	var buf [32]byte
	return string(appendHuman(buf[:0], v, currency))
}

// appendHuman appends human(v, currency) to dst with the formatting that
// rules' format() uses too (rules.AppendHuman), so a check message and a table
// print a number alike.
func appendHuman(dst []byte, v float64, currency bool) []byte {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return append(dst, engine.FormatNumber(v)...)
	}
	return rules.AppendHuman(dst, v, currency)
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
	var buf [32]byte
	neg, whole, frac := rules.RoundDigits(buf[:0], v, places)
	s := string(whole)
	if len(frac) > 0 {
		s += "." + string(frac)
	}
	if neg {
		s = "-" + s
	}
	return s
}

// GroupThousands inserts a comma every three digits of the integer part
// of a plain decimal number such as "-1234567.5".
func GroupThousands(s string) string { return group(s) }

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
