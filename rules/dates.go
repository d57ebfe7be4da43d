package rules

import (
	"fmt"
	"time"

	"github.com/expr-lang/expr"
)

// FuncMonthsBetween is the name of the months_between(a, b) function.
const FuncMonthsBetween = "months_between"

// monthsBetweenFunction is months_between(a, b): the calendar months from
// the month of day a to the month of day b (negative when b's month is
// earlier). Days are "YYYY-MM-DD" strings or date() values, so a ramp tier
// can count months from any date attribute: months_between(rep.start,
// period.start) is 2 from 2027-03-15 to 2027-05-01.
var monthsBetweenFunction = expr.Function(FuncMonthsBetween, func(params ...any) (any, error) {
	a, err := dayOf(params[0], "first")
	if err != nil {
		return nil, err
	}
	b, err := dayOf(params[1], "second")
	if err != nil {
		return nil, err
	}
	return MonthsBetween(a, b), nil
}, new(func(any, any) int))

// MonthsBetween returns the calendar months from the month of a to the
// month of b.
func MonthsBetween(a, b time.Time) int {
	return (b.Year()-a.Year())*12 + int(b.Month()) - int(a.Month())
}

// dayOf reads an argument of months_between as a day.
func dayOf(v any, which string) (time.Time, error) {
	switch d := v.(type) {
	case time.Time:
		return d, nil
	case string:
		if t, err := time.Parse("2006-01-02", d); err == nil && len(d) == 10 {
			return t, nil
		}
		return time.Time{}, fmt.Errorf("months_between(): the %s day %q is not a date; write it as \"YYYY-MM-DD\", e.g. \"2027-03-15\"", which, clipText(d))
	case nil:
		return time.Time{}, fmt.Errorf("months_between(): the %s day is missing (nil); give it a default with ??, e.g. rep.start ?? plan.start", which)
	}
	return time.Time{}, fmt.Errorf("months_between(): the %s day is a %T, not a date; pass a \"YYYY-MM-DD\" string or a date() value", which, v)
}

// clipText shortens s for a message.
func clipText(s string) string {
	if len(s) > 40 {
		return s[:40] + "..."
	}
	return s
}
