package diff

import (
	"github.com/quotaplan/quotaplan/plans/words"
	"strings"
)

// maxListed is how many goals, variables or plan fields the summary names
// before it only counts them.
const maxListed = 3

// Summary is the one-line account of the Report that every format prints
// first, e.g. "Plan: 2 reps added, 5 quotas changed (+$1.2M, +3.4%), 1 rep
// removed; goal new_arr 1.12x -> 1.08x; checks: 1 new failure; 2 rules
// changed, 1 block added". The figures in parentheses are the change of
// the plan's total quota (all reps, added and removed ones included)
// relative to the base total, per measure when the plan has several.
// "Plan: no changes" when nothing changed.
func (r *Report) Summary() string {
	if !r.Changed() {
		return "Plan: no changes"
	}
	n := numbers{currency: r.currency()}
	var parts []string
	for _, p := range []string{
		r.repClause(n), r.territoryClause(), r.goalClause(n), r.checkClause(), r.ruleClause(),
		listClause("var", "vars", r.Vars), listClause("plan", "plan", r.Plan), r.actualClause(),
	} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return "Plan: " + strings.Join(parts, "; ")
}

// currency is the plan currency of head, else of base.
func (r *Report) currency() string {
	if r.Head.Currency != "" {
		return r.Head.Currency
	}
	return r.Base.Currency
}

// repClause is "2 reps added, 5 quotas changed (+$1.2M, +3.4%), 1 rep
// removed, 1 rep edited"; the totals follow the quota count, else the
// first item.
func (r *Report) repClause(n numbers) string {
	c := r.Counts
	var items []string
	add := func(count int, one, many string) {
		if count > 0 {
			items = append(items, words.Plural(count, one, many))
		}
	}
	add(c.RepsAdded, "rep added", "reps added")
	add(c.Quotas, "quota changed", "quotas changed")
	add(c.RepsRemoved, "rep removed", "reps removed")
	add(c.RepsEdited, "rep edited", "reps edited")
	if len(items) == 0 {
		return ""
	}
	if t := r.totalsText(n); t != "" {
		at := 0
		if c.RepsAdded > 0 && c.Quotas > 0 {
			at = 1
		}
		items[at] += " (" + t + ")"
	}
	return strings.Join(items, ", ")
}

// totalsText is the change of each measure's plan total that changed:
// "+$1.2M, +3.4%" for a plan of one measure, else "new_arr +$1.2M, +3.4%;
// meetings +40".
func (r *Report) totalsText(n numbers) string {
	var parts []string
	for _, t := range r.Totals {
		if !t.Differs() {
			continue
		}
		s := n.compact(t.Delta(), t.Unit)
		if p := percent(t); p != "" {
			s += ", " + p
		}
		if len(r.Totals) > 1 {
			s = t.Measure + " " + s
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, "; ")
}

// territoryClause is "territories: 1 added, 1 removed, 2 edited"; roll-up
// changes that follow from rep changes are not counted here.
func (r *Report) territoryClause() string {
	var added, removed, edited int
	for _, t := range r.Territories {
		switch {
		case t.Kind == Added:
			added++
		case t.Kind == Removed:
			removed++
		case len(t.Attrs) > 0:
			edited++
		}
	}
	return countsClause("territories", []counted{{added, "added"}, {removed, "removed"}, {edited, "edited"}})
}

// counted is a count and what it counts.
type counted struct {
	n    int
	what string
}

// countsClause is "title: 1 added, 2 removed" over the non-zero counts, ""
// when all are zero.
func countsClause(title string, counts []counted) string {
	var items []string
	for _, c := range counts {
		if c.n > 0 {
			items = append(items, itoa(c.n)+" "+c.what)
		}
	}
	if len(items) == 0 {
		return ""
	}
	return title + ": " + strings.Join(items, ", ")
}

// goalClause is "goal new_arr 1.12x -> 1.08x", "goals a ..., b ..." for up
// to maxListed goals, else "goals: 5 changed".
func (r *Report) goalClause(n numbers) string {
	switch {
	case len(r.Goals) == 0:
		return ""
	case len(r.Goals) > maxListed:
		return "goals: " + itoa(len(r.Goals)) + " changed"
	}
	items := make([]string, len(r.Goals))
	for i, g := range r.Goals {
		items[i] = g.ID + " " + g.brief(n)
	}
	title := "goal "
	if len(items) > 1 {
		title = "goals "
	}
	return title + strings.Join(items, ", ")
}

// brief is how a goal changed, in a few words: "1.12x -> 1.08x", "1.14x
// (target +$920K)" when the coverage stays, "added (1.05x)", "removed".
func (g GoalChange) brief(n numbers) string {
	switch g.Kind {
	case Added:
		if g.Target.New != 0 {
			return "added (" + ratio(g.Ratio.New, true) + ")"
		}
		return "added"
	case Removed:
		return "removed"
	}
	old, nu := ratio(g.Ratio.Old, g.Target.Old != 0), ratio(g.Ratio.New, g.Target.New != 0)
	if old != nu {
		return old + " -> " + nu
	}
	for _, f := range goalFigures(g) {
		if f.a.Differs() {
			return nu + " (" + f.name + " " + n.compact(f.a.Delta(), f.a.Unit) + ")"
		}
	}
	return "changed"
}

// checkClause is "checks: 1 new failure, 2 fixed".
func (r *Report) checkClause() string {
	c := r.Counts
	var items []string
	if c.NewFailures > 0 {
		items = append(items, words.Plural(c.NewFailures, "new failure", "new failures"))
	}
	if c.Fixed > 0 {
		items = append(items, itoa(c.Fixed)+" fixed")
	}
	if len(items) == 0 {
		return ""
	}
	return "checks: " + strings.Join(items, ", ")
}

// ruleClause is "2 rules changed, 1 block added, 1 block removed": the
// attributes changed in blocks on both sides and the blocks added or
// removed; "" when the rules were not compared or none changed.
func (r *Report) ruleClause() string {
	c := r.Counts
	var items []string
	for _, x := range []struct {
		n         int
		one, many string
	}{
		{c.RulesChanged, "rule changed", "rules changed"},
		{c.BlocksAdded, "block added", "blocks added"},
		{c.BlocksRemoved, "block removed", "blocks removed"},
	} {
		if x.n > 0 {
			items = append(items, words.Plural(x.n, x.one, x.many))
		}
	}
	return strings.Join(items, ", ")
}

// listClause is "var growth 0.25 -> 0.3", "vars a 1 -> 2, b x -> y" for
// up to maxListed changes, else "vars: 5 changed".
func listClause(one, many string, changes []AttrChange) string {
	switch {
	case len(changes) == 0:
		return ""
	case len(changes) > maxListed:
		return many + ": " + itoa(len(changes)) + " changed"
	}
	items := make([]string, len(changes))
	for i, c := range changes {
		items[i] = c.Name + " " + Display(c.Old) + " -> " + Display(c.New)
	}
	title := one
	if len(items) > 1 {
		title = many
	}
	return title + " " + strings.Join(items, ", ")
}
