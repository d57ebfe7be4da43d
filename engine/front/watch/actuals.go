package watch

import (
	"strconv"

	"github.com/quotaplan/quotaplan/engine"
	"github.com/quotaplan/quotaplan/engine/front/diff"
	"github.com/quotaplan/quotaplan/plans/words"
)

// actuals writes one line per rep whose actual or attainment changed, for
// the first maxReps of them, then how many more there are.
func (t *textWriter) actuals(cs []diff.ActualChange) {
	for i, c := range cs {
		if i == t.maxReps {
			t.line(true, "  ... and %s", words.Plural(len(cs)-i, "more actual", "more actuals"))
			return
		}
		line := c.Rep + "  " + c.Measure + "  actual " + amountChange(c.Actual, "")
		if c.OldAttainment != nil || c.NewAttainment != nil {
			line += "  attainment " + ratio(c.OldAttainment) + " -> " + ratio(c.NewAttainment)
		}
		t.line(true, "~ %s", line)
	}
}

// ratio shows an attainment as "61.4%", "-" for none.
func ratio(a *float64) string {
	if a == nil {
		return "-"
	}
	return strconv.FormatFloat(*a*100, 'f', 1, 64) + "%"
}

// attainment writes, for a plan with actual blocks, each measure's share
// of ramped reps at or above quota as of as_of.
func (t *textWriter) attainment(res *engine.Result) {
	if res.Credits == nil {
		return
	}
	for _, d := range res.Credits.Distribution {
		t.line(true, "attainment %s as of %s: %d of %s at or above quota (%s%%)", d.Measure, res.Credits.AsOf,
			d.AtOrAbove, words.Plural(d.Reps, "ramped rep", "ramped reps"), strconv.FormatFloat(d.Share*100, 'f', 1, 64))
	}
}
