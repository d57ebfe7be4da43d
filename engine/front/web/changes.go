package web

import (
	"fmt"
	"strings"
	"time"

	"github.com/quotaplan/quotaplan/engine"
	"github.com/quotaplan/quotaplan/engine/front/render"
	"github.com/quotaplan/quotaplan/rules"
)

// Changes during the year (SPEC section 7) on the rep page and in the
// letters: the months a lock keeps as published, the adjustments with
// their reasons and places, and the rep's versions (the changes with the
// day they hold from and what they set).

// ChangeView is one change of a rep: the first day it holds and what it
// sets, with its file:line.
type ChangeView struct {
	From  string    `json:"from"`
	Attrs []VarView `json:"attrs"` // name and value as people read it, by name
	At    string    `json:"at,omitempty"`
}

// AdjustmentView is one adjustment of a quota.
type AdjustmentView struct {
	ID     string  `json:"id"`
	Period string  `json:"period"`
	Amount float64 `json:"amount"`
	Reason string  `json:"reason"`
	At     string  `json:"at,omitempty"`
}

// LockView is the locked months of a quota: their ids, the published
// result they come from and, aligned with Periods, what the rules give
// now.
type LockView struct {
	Periods  []string  `json:"periods"`
	File     string    `json:"file"`
	Computed []float64 `json:"computed"`
}

// repChanges is the rep's changes as the page shows them; nil without.
func repChanges(rep *engine.RepResult) []ChangeView {
	var out []ChangeView
	for _, c := range rep.Changes {
		cv := ChangeView{From: c.From, Attrs: []VarView{}, At: c.At}
		// territory, manager and role first (what a reader looks for), then
		// the other attributes by name
		for _, own := range []bool{true, false} {
			for _, a := range c.Attrs {
				if (a.Name == "territory" || a.Name == "manager" || a.Name == "role") != own {
					continue
				}
				value := formatVar(a.Value)
				if _, ok := rules.ToFloat(a.Value); ok {
					value = render.GroupThousands(value)
				}
				cv.Attrs = append(cv.Attrs, VarView{Name: a.Name, Value: value})
			}
		}
		out = append(out, cv)
	}
	return out
}

// quotaLock is the lock of q, nil when no month of it is locked.
func quotaLock(r *engine.Result, q *engine.QuotaResult) *LockView {
	if len(q.Locked) == 0 {
		return nil
	}
	lv := &LockView{Periods: q.Locked}
	for i := range r.Periods {
		if computed, file, ok := q.LockedAt(i); ok {
			lv.File = file
			lv.Computed = append(lv.Computed, computed)
		}
	}
	if len(lv.Computed) != len(lv.Periods) {
		lv.Computed = nil // a result read back from JSON: the published figures only
	}
	return lv
}

// quotaAdjustments lists the adjustments of q.
func quotaAdjustments(r *engine.Result, q *engine.QuotaResult) []AdjustmentView {
	var out []AdjustmentView
	for _, a := range q.Adjustments() {
		av := AdjustmentView{ID: a.ID, Amount: a.Amount, Reason: a.Reason, At: a.At}
		if a.Period >= 0 && a.Period < len(r.Periods) {
			av.Period = r.Periods[a.Period].ID
		}
		out = append(out, av)
	}
	return out
}

// The letter's section on changes: what is locked, what is adjusted and
// why, and the changes of the rep from their day on.
func init() { RegisterLetterSection(changesSection) }

// changesSection says in plain words what the year changed in rep's
// quota; nil for a rep without locked months, adjustments or changes.
func changesSection(in *Input, rep *engine.RepResult) *LetterSection {
	r := in.Result
	s := &LetterSection{Order: 20, Title: "Changes during the year"}
	for _, q := range rep.Quotas {
		amount := func(v float64) string { return rules.FormatAmount(v, q.Unit) }
		if lv := quotaLock(r, q); lv != nil {
			var published, now float64
			for i, p := range lv.Periods {
				if k := periodIndex(r, p); k >= 0 {
					published += q.Periods[k]
				}
				if lv.Computed != nil {
					now += lv.Computed[i]
				}
			}
			para := fmt.Sprintf("Your %s quota of %s is locked as published (%s): those months keep the %s published, whatever the plan's rules give now.",
				q.Measure, monthSpan(r, lv.Periods), lv.File, amount(published))
			if lv.Computed != nil && now != published {
				para += fmt.Sprintf(" The rules would now give %s for them.", amount(now))
			}
			s.Paragraphs = append(s.Paragraphs, para)
		}
		for _, a := range quotaAdjustments(r, q) {
			verb := "raised"
			if a.Amount < 0 {
				verb = "lowered"
			}
			where := fmt.Sprintf("adjustment %q", a.ID)
			if a.At != "" {
				where += ", " + a.At
			}
			para := fmt.Sprintf("Your %s quota of %s is %s by %s (%s): %s", q.Measure, monthOf(a.Period), verb, amount(abs(a.Amount)), where, sentence(a.Reason))
			s.Paragraphs = append(s.Paragraphs, para)
		}
	}
	if len(rep.Changes) > 0 {
		current := map[string]string{"territory": rep.Territory, "manager": rep.Manager, "role": rep.Role}
		for _, c := range repChanges(rep) {
			var parts []string
			for _, a := range c.Attrs {
				switch a.Name {
				case "territory":
					if was := current["territory"]; was != "" {
						parts = append(parts, fmt.Sprintf("you move from territory %s to territory %s", was, a.Value))
					} else {
						parts = append(parts, "you move to territory "+a.Value)
					}
				case "manager":
					parts = append(parts, "you report to "+a.Value)
				case "role":
					parts = append(parts, "your role becomes "+a.Value)
				default:
					parts = append(parts, fmt.Sprintf("your %s becomes %s", a.Name, a.Value))
				}
				current[a.Name] = a.Value
			}
			if len(parts) == 0 {
				continue
			}
			s.Paragraphs = append(s.Paragraphs, fmt.Sprintf("From %s, %s; your quota from that month on is computed for the new assignment.", dayName(c.From), strings.Join(parts, ", ")))
		}
	}
	if len(s.Paragraphs) == 0 {
		return nil
	}
	return s
}

// changeNote is what the letter's month table says of a locked or
// adjusted month: "locked as published", "adjusted by -$4,000"; "" for
// neither.
func changeNote(q *engine.QuotaResult, i int, amount func(float64) string) string {
	var parts []string
	if _, _, ok := q.LockedAt(i); ok {
		parts = append(parts, "locked as published")
	}
	var adj float64
	n := 0
	for _, a := range q.Adjustments() {
		if a.Period == i {
			adj += a.Amount
			n++
		}
	}
	if n > 0 {
		sign := "+"
		if adj < 0 {
			sign = ""
		}
		parts = append(parts, "adjusted by "+sign+amount(adj))
	}
	return strings.Join(parts, ", ")
}

// periodIndex is the index of period id p, -1 for none.
func periodIndex(r *engine.Result, p string) int {
	for i, x := range r.Periods {
		if x.ID == p {
			return i
		}
	}
	return -1
}

// monthOf is "September 2027" for "2027-09", the id itself for any
// other period.
func monthOf(id string) string {
	t, err := time.Parse("2006-01", id)
	if err != nil {
		return id
	}
	return t.Format("January 2006")
}

// dayName is "1 August 2027" for "2027-08-01".
func dayName(d string) string {
	t, err := time.Parse("2006-01-02", d)
	if err != nil {
		return d
	}
	return t.Format("2 January 2006")
}

// monthSpan is "February to July 2027", "December 2027 to January 2028"
// or one month for consecutive months of the plan, and the months one by
// one otherwise.
func monthSpan(r *engine.Result, ids []string) string {
	switch len(ids) {
	case 0:
		return ""
	case 1:
		return monthOf(ids[0])
	}
	for i := 1; i < len(ids); i++ {
		if periodIndex(r, ids[i]) != periodIndex(r, ids[i-1])+1 {
			names := make([]string, len(ids))
			for k, id := range ids {
				names[k] = monthOf(id)
			}
			return strings.Join(names, ", ")
		}
	}
	first, last := monthOf(ids[0]), monthOf(ids[len(ids)-1])
	if a, b, ok := strings.Cut(first, " "); ok && strings.HasSuffix(last, " "+b) {
		return a + " to " + last
	}
	return first + " to " + last
}

// sentence ends s with a full stop unless it has one.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || strings.HasSuffix(s, ".") || strings.HasSuffix(s, "!") || strings.HasSuffix(s, "?") {
		return s
	}
	return s + "."
}

func abs(v float64) float64 {
	if v < 0 {
		return -v
	}
	return v
}
