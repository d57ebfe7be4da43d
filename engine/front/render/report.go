package render

import (
	"fmt"
	"strings"

	"github.com/quotaplan/quotaplan/engine"
)

// report is the content shared by the table and markdown formats.
type report struct {
	title    string // plan title and id
	subtitle string // period range, length, currency, scenario
	measures []grid // one per measure
	goals    grid
	terrs    grid
	failed   grid // failing checks, titled with the summary "Checks: 2 errors, 40 passed"
}

// grids returns the sections of the report that precede the checks.
func (rep report) grids() []grid {
	return append(append([]grid(nil), rep.measures...), rep.goals, rep.terrs)
}

// buildReport lays out r with period columns grouped by by.
func buildReport(r *engine.Result, by string) (report, error) {
	cols, err := valueColumns(r, by)
	if err != nil {
		return report{}, err
	}
	rep := report{
		title:    planTitle(r.Plan),
		subtitle: subtitle(r),
		goals:    goalGrid(r),
		terrs:    territoryGrid(r),
		failed:   failedGrid(r),
	}
	for _, m := range measures(r) {
		rep.measures = append(rep.measures, measureGrid(r, m, cols))
	}
	return rep, nil
}

// valueColumns returns the numeric columns of a measure table: the period
// columns of the grouping, then the FY total unless the grouping already
// is the single FY column.
func valueColumns(r *engine.Result, by string) ([]column, error) {
	cols, err := periodColumns(r, by)
	if err != nil {
		return nil, err
	}
	if len(cols) == 1 && cols[0].ID == "FY" {
		return cols, nil
	}
	return append(cols, fyColumn(r)), nil
}

// planTitle is "Title (id)", or the id alone when the plan has no title.
func planTitle(p engine.PlanInfo) string {
	if p.Title == "" || p.Title == p.ID {
		return p.ID
	}
	return fmt.Sprintf("%s (%s)", p.Title, p.ID)
}

// subtitle names the period range, the plan length, the currency and the
// scenario when one was chosen.
func subtitle(r *engine.Result) string {
	var parts []string
	if n := len(r.Periods); n > 0 {
		parts = append(parts, r.Periods[0].ID+".."+r.Periods[n-1].ID, plural(n, "month", "months"))
	}
	if r.Plan.Currency != "" {
		parts = append(parts, "currency "+r.Plan.Currency)
	}
	if r.Scenario != "" {
		parts = append(parts, "scenario "+r.Scenario)
	}
	return strings.Join(parts, " · ")
}

// plural is "1 month" or "3 months".
func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

// measureTitle is "name (unit)".
func measureTitle(m engine.Measure) string {
	if m.Unit == "" {
		return m.Name
	}
	return fmt.Sprintf("%s (%s)", m.Name, m.Unit)
}

// measureGrid is the rep tree of one measure with team subtotals and a
// grand total, both read from the ledger's roll-ups.
func measureGrid(r *engine.Result, m engine.Measure, cols []column) grid {
	g := grid{
		title:   measureTitle(m),
		headers: []header{{title: "Rep"}, {title: "Name"}, {title: "Role"}, {title: "Territory"}},
		empty:   "No rep carries this quota.",
	}
	for _, c := range cols {
		g.headers = append(g.headers, header{title: c.ID, right: true})
	}
	w := newRepWalker(r, m, cols)
	for _, id := range w.forest.roots {
		if rows, ok := w.walk(id, 0); ok {
			g.rows = append(g.rows, rows...)
		}
	}
	if len(g.rows) > 0 {
		g.rows = append(g.rows, w.sumRow("total", r.Rollup(engine.SubjectPlan, r.Plan.ID, m.Name), 0, rowTotal))
	}
	return g
}

// repWalker walks the manager forest for one measure.
type repWalker struct {
	res      *engine.Result
	byID     map[string]*engine.RepResult
	forest   forest
	measure  string
	cols     []column
	currency bool
	seen     map[string]bool
}

// newRepWalker prepares the walk of the reps of r for measure m.
func newRepWalker(r *engine.Result, m engine.Measure, cols []column) *repWalker {
	w := &repWalker{
		res:      r,
		byID:     map[string]*engine.RepResult{},
		measure:  m.Name,
		cols:     cols,
		currency: isCurrency(m.Unit, r.Plan.Currency),
		seen:     map[string]bool{},
	}
	var ids []string
	parent := map[string]string{}
	for _, rep := range reps(r) {
		w.byID[rep.ID] = rep
		ids = append(ids, rep.ID)
		parent[rep.ID] = rep.Manager
	}
	w.forest = newForest(ids, parent)
	return w
}

// walk returns the rows of the subtree of rep id; ok is false when nobody
// in the subtree carries the measure. A manager that does not carry it
// still appears, with "-", when someone below does; a manager with such a
// team gets a "team <id>" subtotal row after it.
func (w *repWalker) walk(id string, depth int) (rows []row, ok bool) {
	if w.seen[id] {
		return nil, false
	}
	w.seen[id] = true
	var below []row
	for _, c := range w.forest.children[id] {
		if r, ok := w.walk(c, depth+1); ok {
			below = append(below, r...)
		}
	}
	q := w.byID[id].Quota(w.measure)
	if q == nil && len(below) == 0 {
		return nil, false
	}
	rows = append([]row{w.repRow(w.byID[id], q, depth)}, below...)
	if len(below) > 0 {
		rows = append(rows, w.sumRow("team "+id, w.res.Rollup(engine.SubjectTeam, id, w.measure), depth, rowSubtotal))
	}
	return rows, true
}

// repRow is the row of one rep; q is nil when the rep does not carry the
// measure.
func (w *repWalker) repRow(rep *engine.RepResult, q *engine.QuotaResult, depth int) row {
	cells := textCells(rep.ID, rep.Name, rep.Role, dash(rep.Territory))
	for i := range w.cols {
		if q == nil {
			cells = append(cells, cell{text: "-"})
		} else {
			cells = append(cells, cell{text: human(sum(q, w.cols[i].Periods), w.currency)})
		}
	}
	return row{cells: cells, depth: depth}
}

// sumRow is a subtotal or total row labelled label: a roll-up of the
// ledger summed over each column.
func (w *repWalker) sumRow(label string, s engine.Series, depth int, kind rowKind) row {
	cells := textCells(label, "", "", "")
	for _, c := range w.cols {
		cells = append(cells, cell{text: human(s.Sum(c.Periods, len(w.res.Periods)), w.currency)})
	}
	return row{cells: cells, depth: depth, kind: kind}
}

// dash shows an empty value as "-".
func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// Goal statuses of the table and markdown formats.
const (
	goalOnTrack      = "on track"      // assigned >= expected
	goalUnder        = "under"         // assigned < target
	goalBelowCushion = "below cushion" // target <= assigned < expected
	goalNoQuota      = "no quota"      // informational goal
)

// goalStatus classifies a goal and picks its colour.
func goalStatus(g *engine.GoalResult) cell {
	switch {
	case g.Measure == "":
		return cell{text: goalNoQuota}
	case g.Assigned >= g.Expected:
		return cell{text: goalOnTrack, style: green}
	case g.Assigned < g.Target:
		return cell{text: goalUnder, style: red}
	}
	return cell{text: goalBelowCushion, style: yellow}
}

// goalGrid lists the goals with target, assigned, ratio, expected and status.
func goalGrid(r *engine.Result) grid {
	g := grid{
		title: "Goals",
		headers: []header{
			{title: "Goal"}, {title: "Measure"}, {title: "Period"},
			{title: "Target", right: true}, {title: "Assigned", right: true},
			{title: "Ratio", right: true}, {title: "Expected", right: true}, {title: "Status"},
		},
		empty: "No goals.",
	}
	for _, goal := range goals(r) {
		g.rows = append(g.rows, row{cells: goalCells(r, goal)})
	}
	return g
}

// goalCells is the row of one goal. An informational goal shows "-" where a
// quota would be counted; a target of 0 has no ratio.
func goalCells(r *engine.Result, g *engine.GoalResult) []cell {
	cur := isCurrency(unitOf(r, g.Measure), r.Plan.Currency)
	assigned, rat := human(g.Assigned, cur), "-"
	if g.Target != 0 {
		rat = ratio(g.Ratio)
	}
	if g.Measure == "" {
		assigned, rat = "-", "-"
	}
	cells := textCells(g.ID, dash(g.Measure), g.Period, human(g.Target, cur), assigned, rat, human(g.Expected, cur))
	return append(cells, goalStatus(g))
}

// territoryGrid is the territory tree with the FY total of each measure and
// the number of reps rolled up.
func territoryGrid(r *engine.Result) grid {
	ms := measures(r)
	g := grid{title: "Territories", headers: []header{{title: "Territory"}, {title: "Name"}}, empty: "No territories."}
	for _, m := range ms {
		g.headers = append(g.headers, header{title: m.Name, right: true})
	}
	g.headers = append(g.headers, header{title: "Reps", right: true})
	byID := map[string]*engine.TerritoryResult{}
	var ids []string
	parent := map[string]string{}
	for _, t := range territories(r) {
		byID[t.ID], parent[t.ID] = t, t.Parent
		ids = append(ids, t.ID)
	}
	newForest(ids, parent).preorder(func(id string, depth int) {
		g.rows = append(g.rows, row{cells: territoryCells(r, byID[id], ms), depth: depth})
	})
	return g
}

// territoryCells is the row of one territory.
func territoryCells(r *engine.Result, t *engine.TerritoryResult, ms []engine.Measure) []cell {
	cells := textCells(t.ID, t.Name)
	for _, m := range ms {
		v, ok := t.Quotas[m.Name]
		text := "-"
		if ok {
			text = human(v, isCurrency(m.Unit, r.Plan.Currency))
		}
		cells = append(cells, cell{text: text})
	}
	return append(cells, cell{text: fmt.Sprint(t.Reps)})
}

// failedGrid lists the failing checks by severity, check and subject.
func failedGrid(r *engine.Result) grid {
	g := grid{
		title:   checkSummary(r.Summary, false),
		headers: []header{{title: "Severity"}, {title: "Check"}, {title: "Subject"}, {title: "Message"}},
	}
	for _, c := range failedChecks(r) {
		sev := cell{text: c.Severity, style: severityStyle(c.Severity)}
		g.rows = append(g.rows, row{cells: append([]cell{sev}, textCells(c.Check, c.Subject, oneLine(c.Message))...)})
	}
	return g
}

// oneLine folds the line breaks and runs of spaces of a message into single
// spaces, so that a row stays on one line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
