package plans

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// Adjustment is quota relief or an addition: an amount added to one rep's
// quota of one measure in one month, after rounding and after a lock
// (LANGUAGE.md section 12). It is an adjust block or a row of an imported
// adjustments CSV.
type Adjustment struct {
	// ID is the block's label, or the row's id ("data/adjustments.csv:4"
	// when the file has no id column).
	ID      string
	Rep     string
	Measure string
	Period  string // a month id such as "2027-09"
	// Amount is a number, or for a block a rule in plan scope.
	Amount   *Expr
	Reason   string
	DefRange hcl.Range
	// Where each attribute is written, for diagnostics.
	RepRange, MeasureRange, PeriodRange, AmountRange hcl.Range
}

// decodeAdjust decodes an adjust block; its rep, measure and period are
// checked once every block is read (validateAdjustments).
func (l *loader) decodeAdjust(b *hclsyntax.Block, label string, attrs hclsyntax.Attributes) *Adjustment {
	a := &Adjustment{ID: label, DefRange: b.DefRange()}
	a.RepRange, a.MeasureRange, a.PeriodRange, a.AmountRange = b.DefRange(), b.DefRange(), b.DefRange(), b.DefRange()
	for _, f := range a.fields() {
		l.stringAttr(attrs, f.name, f.text)
		if attr := attrs[f.name]; attr != nil && f.at != nil {
			*f.at = attr.Expr.Range()
		}
	}
	if attr := attrs["amount"]; attr != nil {
		a.AmountRange = attr.Expr.Range()
	}
	a.Amount = l.rule(attrs, "amount", true)
	return a
}

// applyAdjustments turns the rows of adjustments imports into adjustments.
func (l *loader) applyAdjustments(rows []*Row) {
	for _, row := range rows {
		a := &Adjustment{ID: row.ID, DefRange: row.DefRange}
		ok := true
		for _, f := range a.fields() {
			v, has := row.Attrs.Get(f.name)
			if s, isText := v.(string); has && isText {
				*f.text = s
			} else if has {
				*f.text = fmt.Sprint(v)
			} else if f.at != nil {
				ok = false // a required cell, reported where it is read
			}
		}
		amount, has := row.Attrs.Get("amount")
		f, isNumber := amount.(float64)
		if !ok || !has || !isNumber {
			continue
		}
		a.RepRange, a.MeasureRange, a.PeriodRange, a.AmountRange = row.Attrs.at("rep"), row.Attrs.at("measure"), row.Attrs.at("period"), row.Attrs.at("amount")
		a.Amount = &Expr{Attr: "amount", Text: formatFloat(f), Range: a.AmountRange, literal: true}
		l.plan.Adjustments = append(l.plan.Adjustments, a)
	}
}

// adjustField is a text attribute of an adjustment: where its value and
// its range go (at is nil for reason, which is optional).
type adjustField struct {
	name string
	text *string
	at   *hcl.Range
}

// fields lists the text attributes of a, in the order they are written.
func (a *Adjustment) fields() []adjustField {
	return []adjustField{{"rep", &a.Rep, &a.RepRange}, {"measure", &a.Measure, &a.MeasureRange},
		{"period", &a.Period, &a.PeriodRange}, {"reason", &a.Reason, nil}}
}

// validateAdjustments checks the rep, measure and period of every
// adjustment. Whether the measure applies to the rep is known only once
// the plan is evaluated: the engine checks it.
func (l *loader) validateAdjustments() {
	if len(l.plan.Adjustments) == 0 {
		return
	}
	reps := namesOf(l.plan.Reps, func(r *Rep) string { return r.ID })
	measures := nameSet{}
	for _, q := range l.plan.Quotas {
		measures[q.Measure] = true
	}
	months := nameSet{}
	if !l.plan.Start.IsZero() {
		for _, id := range periodIDs(l.plan.Start, l.plan.Months) {
			months[id] = true
		}
	}
	for _, a := range l.plan.Adjustments {
		if a.Rep != "" && !l.importFailed {
			l.checkRef("rep", a.Rep, a.RepRange, reps, "An adjustment names the rep whose quota it changes by its id: declare that rep, or fix the id.")
		}
		if a.Measure != "" {
			l.checkRef("measure", a.Measure, a.MeasureRange, measures, "An adjustment changes the quota of a measure that a quota block sets: fix the name, or add the quota block.")
		}
		if a.Period != "" && len(months) > 0 && !months[a.Period] {
			ids := periodIDs(l.plan.Start, l.plan.Months)
			l.errorAt(a.PeriodRange, "Unknown adjustment period", fmt.Sprintf(
				"The period %q is not a month of the plan. An adjustment changes one month's quota: write a month id from %s to %s, e.g. period = %q.",
				clip(a.Period), ids[0], ids[len(ids)-1], ids[min(len(ids)-1, 6)]))
		}
	}
	slices.SortStableFunc(l.plan.Adjustments, func(a, b *Adjustment) int {
		return cmp.Or(strings.Compare(a.Rep, b.Rep), strings.Compare(a.Measure, b.Measure), strings.Compare(a.Period, b.Period))
	})
}
