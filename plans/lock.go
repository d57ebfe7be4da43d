package plans

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/quotaplan/quotaplan/plans/words"
)

// Lock is the lock block: the months up to Through keep the figures of a
// published result (LANGUAGE.md section 12).
type Lock struct {
	Result       string // the result file's path, as written
	Through      string // the last locked month, e.g. "2027-07"
	Months       int    // how many of the plan's months are locked (1.. plan months)
	Published    *Published
	DefRange     hcl.Range
	ResultRange  hcl.Range
	ThroughRange hcl.Range
}

// Published is what a lock reads of a result saved with `eval --format
// json`: the plan it is of, and each rep's membership and quotas.
type Published struct {
	ID     string
	Start  string
	Months int
	Reps   []*PublishedRep // sorted by id
}

// PublishedRep is one rep of a published result.
type PublishedRep struct {
	ID        string
	Territory string
	Manager   string
	Changes   []PublishedChange
	// Quotas holds each published measure's figures of the locked months,
	// aligned with the plan's periods from the first, in the order of the
	// file (a rep carries few measures: a list costs less than a map).
	Quotas []PublishedQuota
}

// PublishedQuota is a published rep's figures of one measure.
type PublishedQuota struct {
	Measure string
	Figures []float64
}

// Quota returns the published figures of measure; ok is false when the
// rep was published without it.
func (r *PublishedRep) Quota(measure string) (figures []float64, ok bool) {
	for _, q := range r.Quotas {
		if q.Measure == measure {
			return q.Figures, true
		}
	}
	return nil, false
}

// PublishedChange is a change of a published rep: from a day on, the
// attributes it set.
type PublishedChange struct {
	From       string
	Attributes map[string]any
}

// TerritoryAt returns the territory and manager of the published rep in
// the period starting on day start ("YYYY-MM-DD").
func (r *PublishedRep) TerritoryAt(start string) (territory, manager string) {
	territory, manager = r.Territory, r.Manager
	for _, c := range r.Changes {
		if c.From > start {
			break
		}
		if t, ok := c.Attributes["territory"].(string); ok {
			territory = t
		}
		if m, ok := c.Attributes["manager"].(string); ok {
			manager = m
		}
	}
	return territory, manager
}

// lockFileKind is the published result a lock reads.
var lockFileKind = fileKind{what: "lock file", aWhat: "a lock file", limit: maxLockFileBytes,
	readFix: "The lock's result is a path relative to the plan directory, of a file saved with `quotaplan eval DIR --format json -o FILE`; check the name."}

// decodeLock decodes the lock block; a second one is an error. Its result
// is read once every block is (readLock).
func (l *loader) decodeLock(b *hclsyntax.Block) {
	if !l.openBlock(b) {
		return
	}
	if first := l.plan.Lock; first != nil {
		l.errorAt(b.DefRange(), "Duplicate lock block", fmt.Sprintf(
			"A plan has at most one lock, and one is declared at %s. Keep one: it names the latest published result and the last month it locks.",
			where(first.DefRange)))
		return
	}
	attrs := b.Body.Attributes
	lk := &Lock{DefRange: b.DefRange(), ResultRange: b.DefRange(), ThroughRange: b.DefRange()}
	if l.stringAttr(attrs, "result", &lk.Result) {
		lk.ResultRange = attrs["result"].Expr.Range()
	}
	if l.stringAttr(attrs, "through", &lk.Through) {
		lk.ThroughRange = attrs["through"].Expr.Range()
	}
	l.plan.Lock = lk
}

// startLock reads the lock's published result and starts parsing it
// while the imports are read (a published result of a large plan is as
// big as all its CSVs); finishLock takes the result.
func (l *loader) startLock() {
	lk, p := l.plan.Lock, l.plan
	if lk == nil || lk.Result == "" || p.Start.IsZero() {
		return
	}
	name, ok := l.resolveImport(lk.Result, lk.ResultRange)
	if !ok {
		return
	}
	src, problem := l.readSource(name, lockFileKind)
	if problem != nil {
		l.errorAt(lk.ResultRange, problem.summary, problem.detail)
		return
	}
	months := periodIDs(p.Start, p.Months)
	if i := slices.Index(months, lk.Through); i >= 0 {
		months = months[:i+1] // only the locked months' figures are read
	}
	done := make(chan parsed, 1)
	l.lockParse = done
	go func() {
		pub, why := parsePublished(src, months)
		done <- parsed{pub, why}
	}()
}

// parsed is a parsed published result, or why the file is not one.
type parsed struct {
	pub *Published
	why string
}

// finishLock checks that the published result is one of this plan, that
// through is a month of the plan, and that every published rep is still
// in the plan with its locked territories.
func (l *loader) finishLock() {
	lk, p := l.plan.Lock, l.plan
	if lk == nil || p.Start.IsZero() {
		return
	}
	var res parsed
	if l.lockParse != nil {
		res = <-l.lockParse
	}
	months := periodIDs(p.Start, p.Months)
	if lk.Through != "" {
		i := slices.Index(months, lk.Through)
		if i < 0 {
			l.errorAt(lk.ThroughRange, "Lock through outside the plan", fmt.Sprintf(
				"The lock's through %q is not a month of the plan. It is the last month that keeps its published figures: write a month id from %s to %s.",
				clip(lk.Through), months[0], months[len(months)-1]))
			return
		}
		lk.Months = i + 1
	}
	if l.lockParse == nil {
		return // the file was not read, and that is reported
	}
	pub := res.pub
	if pub == nil {
		l.errorAt(lk.ResultRange, "Lock file is not a result", fmt.Sprintf(
			"The lock reads %q, but %s. A lock names a result saved with `quotaplan eval DIR --format json -o %s`.",
			clip(lk.Result), res.why, lk.Result))
		return
	}
	start := p.Start.Format(dateLayout)
	if pub.ID != p.ID || pub.Start != start || pub.Months != p.Months {
		l.errorAt(lk.ResultRange, "Lock file is of another plan", fmt.Sprintf(
			"The lock reads a result of plan %q starting %s over %d months, but this is plan %q starting %s over %d months. A lock keeps the published figures of this plan's own year: name a result saved from this plan.",
			clip(pub.ID), clip(pub.Start), pub.Months, clip(p.ID), start, p.Months))
		return
	}
	lk.Published = pub
	l.checkPublished(lk, months)
}

// checkPublished reports published reps that are missing from the plan,
// and territories that published reps held in locked months but the plan
// no longer declares.
func (l *loader) checkPublished(lk *Lock, months []string) {
	reps := namesOf(l.plan.Reps, func(r *Rep) string { return r.ID })
	territories := l.territoryIDs()
	var missing []string
	gone := map[string]bool{}
	starts := make([]string, lk.Months)
	for i := range starts {
		starts[i] = l.plan.Start.AddDate(0, i, 0).Format(dateLayout)
	}
	for _, r := range lk.Published.Reps {
		if !reps[r.ID] {
			missing = append(missing, r.ID)
			continue
		}
		for _, start := range starts {
			t, _ := r.TerritoryAt(start)
			if t != "" && !territories[t] {
				gone[t] = true
			}
		}
	}
	if len(missing) > 0 && !l.importFailed {
		l.errorAt(lk.ResultRange, "Published rep missing from the plan", fmt.Sprintf(
			"The locked result %s publishes %s that the plan no longer declares: %s. Their published months would be lost. Keep each rep who left with an end date (end = \"2027-05-31\") instead of removing it.",
			clip(lk.Result), words.Plural(len(missing), "rep", "reps"), listIDs(missing)))
	}
	if len(gone) > 0 {
		ids := slices.Sorted(maps.Keys(gone))
		l.errorAt(lk.ResultRange, "Published territory missing from the plan", fmt.Sprintf(
			"In the locked months up to %s, published reps count for %s that the plan no longer declares: %s. Keep each territory that carries published months.",
			months[lk.Months-1], words.Plural(len(ids), "territory", "territories"), listIDs(ids)))
	}
}

// maxListedIDs is how many ids a diagnostic lists before it counts the
// rest.
const maxListedIDs = 10

// listIDs prints ids as `"a", "b" and 3 more`.
func listIDs(ids []string) string {
	parts := make([]string, 0, maxListedIDs)
	for _, id := range ids[:min(len(ids), maxListedIDs)] {
		parts = append(parts, fmt.Sprintf("%q", clip(id)))
	}
	if len(ids) > maxListedIDs {
		return strings.Join(parts, ", ") + fmt.Sprintf(" and %d more", len(ids)-maxListedIDs)
	}
	return strings.Join(parts, ", ")
}
