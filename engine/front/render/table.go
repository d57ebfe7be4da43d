package render

import (
	"io"

	"github.com/quotaplan/quotaplan/engine"
)

// Table writes the human report of `quotaplan eval`: a header naming the
// plan, one section per measure with reps under their managers, team
// subtotals and a grand total, then goals, territories and a check summary
// listing the failing checks. Numbers are grouped and rounded for reading;
// with o.Color, headers are bold, errors red and warnings yellow.
func Table(w io.Writer, r *engine.Result, o Options) error {
	rep, err := buildReport(r, o.By)
	if err != nil {
		return err
	}
	b := newTextOut(w)
	b.WriteString(paint(rep.title, bold, o.Color) + "\n")
	if rep.subtitle != "" {
		b.WriteString(rep.subtitle + "\n")
	}
	b.WriteString("\n")
	for _, g := range rep.grids() {
		g.writeText(b, o.Color)
	}
	if len(rep.failed.rows) == 0 {
		b.WriteString(paint(rep.failed.title, bold, o.Color) + "\n")
	} else {
		rep.failed.writeText(b, o.Color)
	}
	return b.finish(true)
}
