package rules

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
)

// FuncFormat is the name of the format(number[, unit]) function rules
// call, mostly in check messages.
const FuncFormat = "format"

// Human formats v for people as the terminal prints amounts: thousands
// separators; no decimals for a currency amount of 100 or more, otherwise
// at most 2 decimals with trailing zeros trimmed; rounding half away from
// zero on the shortest decimal text of v (1.005 is 1.01). NaN and
// infinities print as strconv does.
func Human(v float64, currency bool) string {
	var buf [40]byte
	return string(AppendHuman(buf[:0], v, currency))
}

// AppendHuman appends Human(v, currency) to dst.
func AppendHuman(dst []byte, v float64, currency bool) []byte {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return strconv.AppendFloat(dst, v, 'f', -1, 64)
	}
	places := 2
	if currency && math.Abs(v) >= 100 {
		places = 0
	}
	var buf [32]byte
	neg, whole, frac := RoundDigits(buf[:0], v, places)
	if neg {
		dst = append(dst, '-')
	}
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, c)
	}
	if len(frac) > 0 {
		dst = append(dst, '.')
		dst = append(dst, frac...)
	}
	return dst
}

// RoundDigits rounds v to places decimals, halves away from zero, using
// buf for the digits: whether the result is negative (never for a result
// of zero), the digits of the integer part and those of the decimals,
// trailing zeros trimmed.
func RoundDigits(buf []byte, v float64, places int) (neg bool, whole, frac []byte) {
	var digits []byte
	if a := math.Abs(v); a < 1<<53 && a == math.Trunc(a) {
		digits = strconv.AppendUint(buf, uint64(a), 10) // exact, and faster
	} else {
		digits = strconv.AppendFloat(buf, a, 'f', -1, 64)
	}
	whole, frac = digits, nil
	if dot := bytes.IndexByte(digits, '.'); dot >= 0 {
		whole, frac = digits[:dot], digits[dot+1:]
	}
	if len(frac) > places {
		up := frac[places] >= '5'
		// Drop the dot: whole and the kept decimals become one integer,
		// counted in units of the last decimal kept.
		n := copy(digits[len(whole):], frac[:places])
		all := digits[:len(whole)+n]
		if up {
			all = incrementDigits(all)
		}
		whole, frac = all[:len(all)-places], all[len(all)-places:]
	}
	frac = bytes.TrimRight(frac, "0")
	if v < 0 {
		neg = bytes.ContainsFunc(whole, nonZeroDigit) || bytes.ContainsFunc(frac, nonZeroDigit)
	}
	return neg, whole, frac
}

// nonZeroDigit reports whether r is a digit other than 0.
func nonZeroDigit(r rune) bool { return r >= '1' && r <= '9' }

// incrementDigits adds one to a string of decimal digits in place; it
// only allocates when the number grows a digit.
func incrementDigits(b []byte) []byte {
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] < '9' {
			b[i]++
			return b
		}
		b[i] = '0'
	}
	return append([]byte{'1'}, b...)
}

// IsCurrencyCode reports whether unit is written as a currency code: three
// upper-case letters such as "USD" or "EUR".
func IsCurrencyCode(unit string) bool {
	if len(unit) != 3 {
		return false
	}
	for _, c := range []byte(unit) {
		if c < 'A' || c > 'Z' {
			return false
		}
	}
	return true
}

// FormatAmount formats v with its unit as the terminal does: "$1,302,000"
// for US dollars, "EUR 1,302,000" for another currency code (no decimals
// from 100 on), "348 meetings" for any other unit and "1,302,000.5" for
// none (at most 2 decimals).
func FormatAmount(v float64, unit string) string {
	currency := IsCurrencyCode(unit)
	digits := Human(math.Abs(v), currency)
	sign := ""
	if v < 0 && digits != "0" {
		sign = "-"
	}
	switch {
	case unit == "":
		return sign + digits
	case !currency:
		return sign + digits + " " + unit
	case unit == "USD":
		return sign + "$" + digits
	}
	return sign + unit + " " + digits
}

// format implements format(number[, unit]) for rules.
func format(args ...any) (any, error) {
	v, ok := ToFloat(args[0])
	if !ok || args[0] == nil {
		return nil, fmt.Errorf("format() needs a number, not %s", describeValue(args[0]))
	}
	if len(args) > 2 {
		return nil, fmt.Errorf("format() takes a number and at most one unit, not %d arguments", len(args))
	}
	unit := ""
	if len(args) > 1 {
		s, ok := args[1].(string)
		if !ok {
			return nil, fmt.Errorf("the unit of format() is a string such as 'USD', not %s", describeValue(args[1]))
		}
		unit = s
	}
	return FormatAmount(v, unit), nil
}
