package diff

import (
	"math"
	"strings"

	"github.com/quotaplan/quotaplan/engine/front/render"
)

// numbers formats amounts for people in one plan currency.
type numbers struct {
	currency string // the plan currency code, e.g. "USD"
}

// symbols are the currency signs written before an amount; other
// currencies are written as their code and a space ("CHF 1,200").
var symbols = map[string]string{"USD": "$", "EUR": "€", "GBP": "£"}

// prefix is what goes before an amount of unit: a currency sign or code,
// or "" for a count.
func (n numbers) prefix(unit string) string {
	if !render.IsCurrency(unit, n.currency) {
		return ""
	}
	if s, ok := symbols[unit]; ok {
		return s
	}
	return unit + " "
}

// suffix is what goes after an amount of unit: " meetings" for a count
// with a unit, else "".
func (n numbers) suffix(unit string) string {
	if unit == "" || render.IsCurrency(unit, n.currency) {
		return ""
	}
	return " " + unit
}

// amount prints v in full: "$1,200,000", "-€300", "40 meetings".
func (n numbers) amount(v float64, unit string) string {
	return n.withUnit(render.Human(math.Abs(v), n.prefix(unit) != ""), v < 0 && !zero(v), "", unit)
}

// delta prints a change in full with its sign: "+$100,000", "-5 meetings",
// "0".
func (n numbers) delta(v float64, unit string) string {
	if zero(v) {
		return "0"
	}
	return n.withUnit(render.Human(math.Abs(v), n.prefix(unit) != ""), v < 0, "+", unit)
}

// compact prints a change briefly with its sign: "+$1.2M", "-$300K",
// "+40 meetings", "0".
func (n numbers) compact(v float64, unit string) string {
	if zero(v) {
		return "0"
	}
	return n.withUnit(short(math.Abs(v)), v < 0, "+", unit)
}

// withUnit adds the sign (plus when not negative), currency prefix and
// unit suffix to the digits of an absolute value.
func (n numbers) withUnit(digits string, negative bool, plus, unit string) string {
	sign := plus
	if negative {
		sign = "-"
	}
	return sign + n.prefix(unit) + digits + n.suffix(unit)
}

// short prints a non-negative amount with K, M or B and three significant
// digits (1.2M, 1.05M, 300K, 12.5K), or in full below 1,000 (999, 12.5).
func short(v float64) string {
	if v < 1000 {
		return render.Human(v, false)
	}
	marks := []string{"K", "M", "B"}
	x, i := v/1000, 0
	for roundTo(x, places(x)) >= 1000 && i < len(marks)-1 {
		x, i = x/1000, i+1
	}
	return render.Human(roundTo(x, places(x)), false) + marks[i]
}

// places is how many decimals keep three significant digits of x >= 1.
func places(x float64) int {
	switch {
	case x >= 99.95:
		return 0
	case x >= 9.995:
		return 1
	}
	return 2
}

// roundTo rounds v to places decimals, halves away from zero.
func roundTo(v float64, places int) float64 {
	p := math.Pow(10, float64(places))
	return math.Round(v*p) / p
}

// percent prints the change of a relative to its old value, "+3.4%", or ""
// when the old value is 0.
func percent(a Amount) string {
	p, ok := a.Percent()
	if !ok {
		return ""
	}
	s := render.Human(roundTo(p, 1), false)
	if !strings.Contains(s, ".") {
		s += ".0"
	}
	if !strings.HasPrefix(s, "-") {
		s = "+" + s
	}
	if s == "+0.0" || s == "-0.0" {
		return "0.0%"
	}
	return s + "%"
}

// ratio prints a coverage ratio, "1.12x", or "-" when absent.
func ratio(v float64, set bool) string {
	if !set {
		return "-"
	}
	return render.Ratio(v)
}

// zero reports whether v prints as 0.
func zero(v float64) bool { return same(v, 0) }

// itoa prints a count.
func itoa(n int) string { return render.Human(float64(n), false) }
