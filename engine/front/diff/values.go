package diff

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/quotaplan/quotaplan/engine"
)

// same reports whether a and b print the same (engine.FormatNumber: at most
// 6 decimals), so that a saved result and a fresh evaluation of the same
// plan compare equal.
func same(a, b float64) bool {
	return engine.FormatNumber(a) == engine.FormatNumber(b)
}

// printed is v rounded to the 6 decimals engine.FormatNumber prints, so
// that sums of printed and of unprinted numbers agree.
func printed(v float64) float64 {
	r := math.Round(v*1e6) / 1e6
	if math.IsNaN(r) || math.IsInf(r, 0) {
		return v
	}
	return r
}

// abs is |v|.
func abs(v float64) float64 { return math.Abs(v) }

// canonical prints a plain value (number, string, bool, list, map, nil)
// in one deterministic way, numbers with engine.FormatNumber and map keys
// sorted, so that values from HCL, CSV and JSON compare equal when they
// mean the same.
func canonical(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case string:
		return strconv.Quote(v)
	case bool:
		return strconv.FormatBool(v)
	case float64:
		return engine.FormatNumber(v)
	case float32:
		return engine.FormatNumber(float64(v))
	case int:
		return engine.FormatNumber(float64(v))
	case int64:
		return engine.FormatNumber(float64(v))
	case []any:
		parts := make([]string, len(v))
		for i, x := range v {
			parts[i] = canonical(x)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = strconv.Quote(k) + ": " + canonical(v[k])
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	return fmt.Sprintf("%v", v)
}

// Display prints a plain value for people: strings bare, numbers with
// engine.FormatNumber, lists and maps as in canonical form, and "(none)"
// for an absent value.
func Display(v any) string {
	switch v := v.(type) {
	case nil:
		return "(none)"
	case string:
		return v
	}
	return canonical(v)
}

// Orders of a Report's entries.
const (
	ByID    = "id"    // by id (checks by check, then subject): the order of Compare
	ByDelta = "delta" // largest absolute change first, ties by id
)

// SortByDelta reorders the reps, territories and teams by their absolute quota
// change (summed over measures, largest first) and the goals by the
// absolute change of their ratio, ties by id. Rules, checks, variables and
// the plan block keep their order.
func (r *Report) SortByDelta() {
	byDelta(r.Reps, RepChange.Delta, func(c RepChange) string { return c.ID })
	byDelta(r.Territories, RollupChange.Delta, func(c RollupChange) string { return c.ID })
	byDelta(r.Teams, RollupChange.Delta, func(c RollupChange) string { return c.ID })
	byDelta(r.Goals, func(c GoalChange) float64 { return abs(c.Ratio.Delta()) }, func(c GoalChange) string { return c.ID })
}

// byDelta sorts s by delta, largest first, then by id.
func byDelta[T any](s []T, delta func(T) float64, id func(T) string) {
	slices.SortStableFunc(s, func(a, b T) int {
		return cmp.Or(cmp.Compare(delta(b), delta(a)), cmp.Compare(id(a), id(b)))
	})
}
