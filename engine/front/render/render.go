package render

import (
	"fmt"
	"io"
	"strings"

	"github.com/quotaplan/quotaplan/engine"
)

// Options choose the shape of a rendering.
type Options struct {
	// By is the period grouping of the columns of table, csv and markdown:
	// "month", "quarter" (the default when empty), "half" or "year".
	By string
	// Color enables ANSI colour; only the table honours it.
	Color bool
}

// Period groupings accepted in Options.By.
const (
	ByMonth   = "month"
	ByQuarter = "quarter"
	ByHalf    = "half"
	ByYear    = "year"
)

// renderers maps each format name to its renderer.
var renderers = map[string]func(io.Writer, *engine.Result, Options) error{
	"table":    Table,
	"json":     func(w io.Writer, r *engine.Result, _ Options) error { return JSON(w, r) },
	"csv":      CSV,
	"markdown": Markdown,
}

// Formats returns the names of the output formats of `eval`, default first.
func Formats() []string {
	return []string{"table", "json", "csv", "markdown"}
}

// Groupings returns the accepted values of Options.By, default first.
func Groupings() []string {
	return []string{ByQuarter, ByMonth, ByHalf, ByYear}
}

// Write renders r in the named format. An unknown format or period grouping
// is an error that lists the valid values; nothing is written then.
func Write(w io.Writer, format string, r *engine.Result, o Options) error {
	fn, ok := renderers[format]
	if !ok {
		return fmt.Errorf("unknown format %q: use one of %s", format, strings.Join(Formats(), ", "))
	}
	if r == nil {
		return fmt.Errorf("render %s: no result", format)
	}
	return fn(w, r, o)
}

// column is one numeric column of the period grid: a label and the 0-based
// indexes of the periods it sums.
type column struct {
	ID      string
	Periods []int
}

// periodColumns returns the period columns for the grouping by.
func periodColumns(r *engine.Result, by string) ([]column, error) {
	switch by {
	case ByMonth:
		return monthColumns(r), nil
	case ByQuarter, "":
		return quarterColumns(r), nil
	case ByHalf:
		return halfColumns(r), nil
	case ByYear:
		return yearColumns(r), nil
	}
	return nil, fmt.Errorf("unknown period grouping %q: use one of %s", by, strings.Join(Groupings(), ", "))
}

// monthColumns has one column per period.
func monthColumns(r *engine.Result) []column {
	cols := make([]column, len(r.Periods))
	for i, p := range r.Periods {
		cols[i] = column{ID: p.ID, Periods: []int{i}}
	}
	return cols
}

// quarterColumns has one column per quarter of the plan.
func quarterColumns(r *engine.Result) []column {
	cols := make([]column, len(r.Quarters))
	for i, q := range r.Quarters {
		cols[i] = column{ID: q.ID, Periods: q.Periods}
	}
	return cols
}

// halfColumns has one column per half year of the plan: H1 holds the
// first six months, H2 the next six, and so on (the last may be shorter).
func halfColumns(r *engine.Result) []column {
	halves := r.Halves()
	cols := make([]column, len(halves))
	for i, h := range halves {
		cols[i] = column{ID: h.ID, Periods: h.Periods}
	}
	return cols
}

// yearColumns has a single "FY" column for plans of up to 12 months, else
// one column per block of 12 months: "Y1", "Y2", ...
func yearColumns(r *engine.Result) []column {
	n := len(r.Periods)
	if n <= 12 {
		return []column{fyColumn(r)}
	}
	var cols []column
	for start := 0; start < n; start += 12 {
		end := min(start+12, n)
		cols = append(cols, column{ID: fmt.Sprintf("Y%d", start/12+1), Periods: indexes(start, end)})
	}
	return cols
}

// fyColumn covers every period of the plan.
func fyColumn(r *engine.Result) column {
	return column{ID: "FY", Periods: indexes(0, len(r.Periods))}
}

// indexes returns start, start+1, ..., end-1.
func indexes(start, end int) []int {
	out := make([]int, 0, end-start)
	for i := start; i < end; i++ {
		out = append(out, i)
	}
	return out
}

// sum adds the periods of q named by idx; periods missing from q count as 0.
func sum(q *engine.QuotaResult, idx []int) float64 {
	var s float64
	for _, i := range idx {
		if i >= 0 && i < len(q.Periods) {
			s += q.Periods[i]
		}
	}
	return s
}

// values returns q summed over each column.
func values(q *engine.QuotaResult, cols []column) []float64 {
	out := make([]float64, len(cols))
	for i, c := range cols {
		out[i] = sum(q, c.Periods)
	}
	return out
}
