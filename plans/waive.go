package plans

import (
	"fmt"
	"slices"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// Waiver is a `waive` block: a known failure of one check for one subject,
// accepted with a reason until a date. While it is in force (Until on or
// after the plan's as_of) the result is reported as waived and does not
// count as a failure; once it has expired the result fails again and the
// waiver is reported as expired.
type Waiver struct {
	Label        string
	Check        string // the label of a check block
	CheckRange   hcl.Range
	Subject      string // the result's subject: a rep, territory or goal id, or the plan id
	SubjectRange hcl.Range
	Reason       string
	Until        time.Time // the last day it holds, inclusive
	UntilRange   hcl.Range
	DefRange     hcl.Range
}

// Expired reports whether the waiver no longer holds on day asOf: its
// last day is before it.
func (w *Waiver) Expired(asOf time.Time) bool { return w.Until.Before(asOf) }

// decodeWaive decodes a waive block. Its check and subject are checked
// once every block is read (validateWaivers).
func (l *loader) decodeWaive(b *hclsyntax.Block, label string, attrs hclsyntax.Attributes) *Waiver {
	w := &Waiver{Label: label, DefRange: b.DefRange(), CheckRange: b.DefRange(), SubjectRange: b.DefRange(),
		UntilRange: b.DefRange()}
	if l.stringAttr(attrs, "check", &w.Check) {
		w.CheckRange = attrs["check"].Expr.Range()
	}
	if l.stringAttr(attrs, "subject", &w.Subject) {
		w.SubjectRange = attrs["subject"].Expr.Range()
	}
	l.stringAttr(attrs, "reason", &w.Reason)
	if attrs["reason"] != nil && w.Reason == "" {
		l.errorAt(attrs["reason"].Expr.Range(), "Empty waiver reason", fmt.Sprintf(
			"The waiver %q accepts a failure, and its reason is what a reviewer reads to agree with it. Say why the failure is accepted, e.g. reason = \"ramping in a new territory; revisit after Q2\".",
			clip(label)))
	}
	if l.dateAttr(attrs, "until", &w.Until) {
		w.UntilRange = attrs["until"].Expr.Range()
	}
	return w
}

// validateWaivers checks that every waiver names a check of the plan and a
// subject that check has, and that no two waivers accept the same result.
// A subject the check's where leaves out is not an error: the waiver is
// then reported as unused when the plan is evaluated.
func (l *loader) validateWaivers() {
	if len(l.plan.Waivers) == 0 {
		return
	}
	checks := make(map[string]*Check, len(l.plan.Checks))
	for _, c := range l.plan.Checks {
		checks[c.Name] = c
	}
	first := map[[2]string]*Waiver{}
	for _, w := range l.plan.Waivers {
		c := checks[w.Check]
		if c == nil {
			if w.Check != "" {
				l.unknownRef("check", w.Check, fixedRange(w.CheckRange), keysOf(checks),
					"A waiver names the label of a check block: declare the check, or fix the name.")
			}
			continue
		}
		subject, ok := l.waiverSubject(w, c)
		if !ok {
			continue
		}
		key := [2]string{w.Check, subject}
		if prev := first[key]; prev != nil {
			l.errorAt(w.DefRange, "Duplicate waiver", fmt.Sprintf(
				"The waivers %q (%s) and %q both accept the result of check %q for %q. One result needs one waiver: remove one of them.",
				clip(prev.Label), where(prev.DefRange), clip(w.Label), w.Check, clip(subject)))
			continue
		}
		first[key] = w
	}
}

// waiverSubject checks the subject of w against the subjects of its check
// c, filling in the plan id for a plan-scope check that names none. ok is
// false when the subject is missing or unknown (reported).
func (l *loader) waiverSubject(w *Waiver, c *Check) (string, bool) {
	if c.Scope == ScopePlan && w.Subject == "" {
		w.Subject = l.plan.ID
	}
	if w.Subject == "" {
		l.errorAt(w.DefRange, "Missing waiver subject", fmt.Sprintf(
			"The check %q has scope %q and a result for each %s, so the waiver %q must say which one it accepts, e.g. subject = %q.",
			c.Name, c.Scope, c.Scope, clip(w.Label), clip(l.exampleSubject(c.Scope))))
		return "", false
	}
	var known nameSet
	why := "it is not a " + c.Scope + " of the plan"
	switch c.Scope {
	case ScopeRep:
		if l.importFailed { // the reps are not all known
			return w.Subject, true
		}
		known = namesOf(l.plan.Reps, func(r *Rep) string { return r.ID })
	case ScopeTerritory:
		if l.importFailed {
			return w.Subject, true
		}
		known = l.territoryIDs()
	case ScopeGoal:
		known = namesOf(l.plan.Goals, func(g *Goal) string { return g.Name })
	default:
		known = nameSet{l.plan.ID: true}
		why = fmt.Sprintf("its one result is for the plan, %q", l.plan.ID)
	}
	if known[w.Subject] {
		return w.Subject, true
	}
	if l.full() {
		l.dropped++
		return "", false
	}
	fix := ""
	if c.Scope != ScopePlan && l.suggested+len(known) <= maxSuggestCandidates {
		l.suggested += len(known)
		fix = didYouMean(w.Subject, keysOf(known).list())
	}
	if fix == "" {
		fix = " Write the id of one of its subjects, as quotaplan check lists them."
		if c.Scope == ScopePlan {
			fix = fmt.Sprintf(" Write %q, or leave subject out.", l.plan.ID)
		}
	}
	l.errorAt(w.SubjectRange, "Unknown waiver subject", fmt.Sprintf(
		"The check %q (scope %q) has no result for %q: %s.%s",
		c.Name, c.Scope, clip(w.Subject), why, fix))
	return "", false
}

// exampleSubject is a subject of a check of the given scope to show in a
// detail: the first rep, territory or goal, or a placeholder.
func (l *loader) exampleSubject(scope string) string {
	ids := []string{}
	switch scope {
	case ScopeRep:
		ids = mapSlice(l.plan.Reps, func(r *Rep) string { return r.ID })
	case ScopeTerritory:
		ids = mapSlice(l.plan.Territories, func(t *Territory) string { return t.ID })
	case ScopeGoal:
		ids = mapSlice(l.plan.Goals, func(g *Goal) string { return g.Name })
	}
	if len(ids) == 0 {
		return "id"
	}
	return slices.Min(ids)
}
