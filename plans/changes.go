package plans

import (
	"fmt"
	"slices"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// Change is a change of a rep's attributes from the first day of a plan
// month on: a change block inside the rep, or a row of an imported
// changes CSV (LANGUAGE.md section 12).
type Change struct {
	From time.Time // the first day the new values hold
	// Attrs holds the attributes the change sets: any but start and end.
	// An empty CSV cell sets nothing, so it is not among them.
	Attrs     Attrs
	DefRange  hcl.Range // the change block's header, or the row's first cell
	FromRange hcl.Range // the label, or the from cell
}

// ChangeAt returns the index of the change of r in force on day d (the
// latest one dated on or before d), -1 for none.
func (r *Rep) ChangeAt(d time.Time) int {
	at := -1
	for i, c := range r.Changes {
		if !c.From.After(d) {
			at = i
		}
	}
	return at
}

// VersionAttr returns the value of attribute name of r with its changes
// up to index upto (inclusive) applied; ok is false when it is absent.
func (r *Rep) VersionAttr(name string, upto int) (any, bool) {
	for i := upto; i >= 0; i-- {
		if v, ok := r.Changes[i].Attrs.Get(name); ok {
			return v, true
		}
	}
	return r.Attrs.Get(name)
}

// changeDates are the rep attributes a change may not set.
var changeDates = []string{"start", "end"}

// decodeChange decodes a change block of rep r.
func (l *loader) decodeChange(r *Rep, b *hclsyntax.Block) {
	c := Change{Attrs: newAttrs(), DefRange: b.DefRange(), FromRange: b.LabelRanges[0]}
	from, ok := l.changeFrom(b.Labels[0], fixedRange(b.LabelRanges[0]))
	l.hclAttrs(b.Body, kindRep, reservedRepAttrs, &c.Attrs, func(name string, v any, at ranger) bool {
		return l.changeAttr(name, v, at)
	})
	if ok {
		c.From = from
		r.Changes = append(r.Changes, c)
	}
}

// changeAttr checks one attribute a change sets.
func (l *loader) changeAttr(name string, v any, at ranger) bool {
	if slices.Contains(changeDates, name) {
		l.errorAtLazy(at, "Change of "+name, func() string {
			if name == "start" {
				return "A change cannot set \"start\": a rep has one start, and its tenure runs on across a transfer or promotion. Set start on the rep itself; use role_month in a ramp tier to re-ramp after a change."
			}
			return "A change cannot set \"end\": a rep has one last day. A rep who leaves gets end = \"2027-10-31\" on the rep itself, which keeps its earlier months."
		})
		return false
	}
	if slices.Contains(knownRepAttrs, name) {
		_, ok := l.knownString(kindRep, name, v, at)
		return ok
	}
	return true
}

// changeFrom checks the date a change holds from: the first day of a plan
// month after the first.
func (l *loader) changeFrom(s string, at ranger) (time.Time, bool) {
	d, ok := l.checkDate(s, at, "change date")
	if !ok {
		return d, false
	}
	p := l.plan
	if p.Start.IsZero() {
		return d, false // the plan block is missing or wrong, and reported
	}
	end := p.Start.AddDate(0, p.Months, 0)
	switch {
	case d.Equal(p.Start):
		l.errorAtLazy(at, "Change on the plan's first day", func() string {
			return fmt.Sprintf("A change dated %s, the plan's first day, holds all year: write its values on the rep itself instead of in a change.", s)
		})
	case d.Before(p.Start) || !d.Before(end):
		l.errorAtLazy(at, "Change outside the plan", func() string {
			return fmt.Sprintf("The change date %s is outside the plan, which runs from %s to %s. A change takes effect on the first day of one of the plan's months after the first: write a date from %s to %s.",
				s, p.Start.Format(dateLayout), end.AddDate(0, 0, -1).Format(dateLayout), p.Start.AddDate(0, 1, 0).Format(dateLayout), end.AddDate(0, -1, 0).Format(dateLayout))
		})
	case d.Day() != 1:
		l.errorAtLazy(at, "Change inside a month", func() string {
			return fmt.Sprintf("A change takes effect on the first day of a plan month, and %s is inside %s. Use %q, the nearest month start: quotas are monthly, and a change holds for whole months.",
				s, d.Format("2006-01"), nearestMonthStart(d, p.Start, end).Format(dateLayout))
		})
	default:
		return d, true
	}
	return d, false
}

// nearestMonthStart returns the first day of a month nearest to d that is
// a valid change date of a plan running from start to end (exclusive).
func nearestMonthStart(d, start, end time.Time) time.Time {
	first := time.Date(d.Year(), d.Month(), 1, 0, 0, 0, 0, time.UTC)
	next := first.AddDate(0, 1, 0)
	best := first
	if next.Sub(d) < d.Sub(first) {
		best = next
	}
	if !best.After(start) {
		best = start.AddDate(0, 1, 0)
	}
	if !best.Before(end) {
		best = end.AddDate(0, -1, 0)
	}
	return best
}

// applyChanges turns the rows of changes imports into changes of the reps
// they name. Columns rep and from say whose change and from when; every
// other non-empty cell is an attribute the change sets.
func (l *loader) applyChanges(rows []*Row) {
	reps := l.plan.Reps
	index := indexOf(reps, func(r *Rep) string { return r.ID })
	declared := keysOf(index)
	reported := map[string]bool{} // columns start and end, reported once per file
	for _, row := range rows {
		id, okRep := row.Attrs.Get("rep")
		fromText, okFrom := row.Attrs.Get("from")
		if !okRep || !okFrom {
			continue
		}
		rep, _ := id.(string)
		i, known := index[rep]
		if !known {
			if !l.importFailed {
				l.unknownRef("rep", rep, attrAt{&row.Attrs, "rep"}, declared,
					"A changes row names the rep that changes by its id: declare that rep, or fix the id.")
			}
			continue
		}
		s, _ := fromText.(string)
		from, ok := l.changeFrom(s, attrAt{&row.Attrs, "from"})
		c := Change{From: from, Attrs: newAttrs(), DefRange: row.DefRange, FromRange: row.Attrs.at("from")}
		for name, v := range row.Attrs.All() {
			if name == "rep" || name == "from" {
				continue
			}
			if slices.Contains(changeDates, name) {
				key := row.Attrs.at(name).Filename + ":" + name
				if !reported[key] {
					reported[key] = true
					ok = l.changeAttr(name, v, attrAt{&row.Attrs, name}) && ok
				}
				ok = false
				continue
			}
			c.Attrs.set(name, v)
			c.Attrs.Ranges[name] = row.Attrs.at(name)
		}
		if ok {
			reps[i].Changes = append(reps[i].Changes, c)
		}
	}
}

// validateChanges sorts each rep's changes by date, reports two changes of
// a rep on one date, and checks the territories and managers the changes
// name, and that every version of the manager graph is a forest.
func (l *loader) validateChanges() {
	territories := l.territoryIDs()
	reps := l.plan.Reps
	index := indexOf(reps, func(r *Rep) string { return r.ID })
	var dates []time.Time
	managers := false
	for _, r := range reps {
		if len(r.Changes) == 0 {
			continue
		}
		slices.SortStableFunc(r.Changes, func(a, b Change) int { return a.From.Compare(b.From) })
		for k := 1; k < len(r.Changes); k++ {
			if a, b := r.Changes[k-1], r.Changes[k]; a.From.Equal(b.From) {
				l.errorAt(b.FromRange, "Two changes on one date", fmt.Sprintf(
					"Rep %q has two changes dated %s: here and at %s. A rep has one version per month: merge them into one change.",
					clip(r.ID), b.From.Format(dateLayout), where(a.FromRange)))
			}
		}
		for k := range r.Changes {
			c := &r.Changes[k]
			dates = append(dates, c.From)
			if v, ok := c.Attrs.Get("territory"); ok {
				if t, _ := v.(string); t != "" && !territories[t] {
					l.unknownRef("territory", t, attrAt{&c.Attrs, "territory"}, keysOf(territories),
						"Declare it with a territory block or a row of an imported territories CSV, or fix the name.")
				}
			}
			if v, ok := c.Attrs.Get("manager"); ok {
				managers = true
				if m, _ := v.(string); m != "" {
					if _, known := index[m]; !known {
						l.unknownRef("manager", m, attrAt{&c.Attrs, "manager"}, keysOf(index),
							"A manager is the id of another rep: declare that rep, or fix the name.")
					}
				}
			}
		}
	}
	if !managers || l.diags.HasErrors() {
		return
	}
	slices.SortFunc(dates, func(a, b time.Time) int { return a.Compare(b) })
	for _, d := range slices.Compact(dates) {
		l.checkManagerForest(d, index)
	}
}

// checkManagerForest reports a cycle of managers in the version of the
// plan that holds from day d on.
func (l *loader) checkManagerForest(d time.Time, index map[string]int) {
	reps := l.plan.Reps
	next := make([]int, len(reps))
	for i, r := range reps {
		next[i] = -1
		m := r.Manager
		if k := r.ChangeAt(d); k >= 0 {
			if v, ok := r.VersionAttr("manager", k); ok {
				m, _ = v.(string)
			}
		}
		if j, ok := index[m]; ok && m != "" {
			next[i] = j
		}
	}
	for _, cycle := range findCycles(next, func(i int) string { return reps[i].ID }) {
		r := reps[cycle[0]]
		at := r.DefRange
		if k := r.ChangeAt(d); k >= 0 {
			at = r.Changes[k].FromRange
		}
		l.errorAt(at, "Manager cycle after a change", fmt.Sprintf(
			"From %s on, the managers of these reps form a cycle: %s (each rep, then its manager). The manager graph must be a forest in every month: change the manager of one of them.",
			d.Format(dateLayout), formatCycle(mapSlice(cycle, func(i int) string { return reps[i].ID }))))
	}
}
