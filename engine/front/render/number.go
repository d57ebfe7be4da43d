package render

import (
	"bytes"
	"math"
	"strconv"
	"strings"

	"github.com/quotaplan/quotaplan/engine"
)

// human formats v for people: thousands separators, no decimals for currency
// amounts of 100 or more, otherwise at most 2 decimals (trailing zeros
// trimmed). Rounding, half away from zero, is for display only.
func human(v float64, currency bool) string {
	var buf [32]byte
	return string(appendHuman(buf[:0], v, currency))
}

// appendHuman appends human(v, currency) to dst.
func appendHuman(dst []byte, v float64, currency bool) []byte {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return append(dst, engine.FormatNumber(v)...)
	}
	places := 2
	if currency && math.Abs(v) >= 100 {
		places = 0
	}
	var buf [32]byte
	neg, whole, frac := rounded(buf[:0], v, places)
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
	neg, whole, frac := rounded(buf[:0], v, places)
	s := string(whole)
	if len(frac) > 0 {
		s += "." + string(frac)
	}
	if neg {
		s = "-" + s
	}
	return s
}

// rounded is roundDecimal in parts, using buf for the digits: whether the
// result is negative (never for a result of zero), the digits of the
// integer part and those of the decimals, trailing zeros trimmed.
func rounded(buf []byte, v float64, places int) (neg bool, whole, frac []byte) {
	var digits []byte
	if a := math.Abs(v); a < 1<<53 && a == math.Trunc(a) {
		// Whole numbers, most quotas, print the same either way; the
		// integer path is several times faster. (Below 2^53 every whole
		// number is exact, and its shortest decimal text is all its digits.)
		digits = strconv.AppendUint(buf, uint64(a), 10)
	} else {
		digits = strconv.AppendFloat(buf, a, 'f', -1, 64)
	}
	whole, frac = digits, nil
	if dot := bytes.IndexByte(digits, '.'); dot >= 0 {
		whole, frac = digits[:dot], digits[dot+1:]
	}
	if len(frac) > places {
		up := frac[places] >= '5'
		// Drop the dot: the digits of whole and the kept decimals become
		// one integer, counted in units of the last decimal kept.
		n := copy(digits[len(whole):], frac[:places])
		all := digits[:len(whole)+n]
		if up {
			all = incrementDigits(all)
		}
		whole, frac = all[:len(all)-places], all[len(all)-places:]
	}
	frac = bytes.TrimRight(frac, "0")
	if v < 0 {
		neg = bytes.ContainsFunc(whole, nonZero) || bytes.ContainsFunc(frac, nonZero)
	}
	return neg, whole, frac
}

// nonZero reports whether r is a digit other than 0.
func nonZero(r rune) bool { return r >= '1' && r <= '9' }

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
