package engine

import (
	"math"
	"strconv"
	"strings"
)

// FormatNumber prints v the way every output of quotaplan does: no exponent,
// at most 6 decimals, trailing zeros trimmed, and never "-0".
func FormatNumber(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	s := strconv.FormatFloat(v, 'f', 6, 64)
	if strings.IndexByte(s, '.') >= 0 {
		s = strings.TrimRight(s, "0")
		s = strings.TrimSuffix(s, ".")
	}
	if s == "-0" {
		s = "0"
	}
	return s
}
