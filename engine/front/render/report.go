package render

import (
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

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
	rs := reps(r)
	ms := measures(r, rs)
	rep := report{
		title:    planTitle(r.Plan),
		subtitle: subtitle(r),
		goals:    goalGrid(r, ms),
		terrs:    territoryGrid(r, ms),
		failed:   failedGrid(r),
	}
	tree := newRepTree(r, rs, ms, cols)
	for mi, m := range ms {
		rep.measures = append(rep.measures, withActuals(r, m, measureGrid(r, tree, mi, m, cols)))
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

// carried reports whether some rep carries measure: a measure nobody
// carries has no territory figure to show.
func carried(r *engine.Result, measure string) bool {
	for _, rep := range r.Reps {
		if rep.Quota(measure) != nil {
			return true
		}
	}
	return false
}

// restating reports whether the quotas of measure restate other quotas
// (rollup = false): every quota block of a measure agrees on it.
func restating(r *engine.Result, measure string) bool {
	for _, rep := range r.Reps {
		if q := rep.Quota(measure); q != nil {
			return q.Restates
		}
	}
	return false
}

// measureTitle is "name (unit)".
func measureTitle(m engine.Measure) string {
	if m.Unit == "" {
		return m.Name
	}
	return fmt.Sprintf("%s (%s)", m.Name, m.Unit)
}

// repTree is the manager forest of the reps laid out in preorder, with,
// for each rep and measure, the cells of the rep's row; built once for all
// the measure grids.
type repTree struct {
	reps []*engine.RepResult // sorted by id, one per id
	flat flatForest          // the manager forest over reps
	nm   int                 // measures
	// rows[k*nm+mi] is the row of the rep at position k of flat for
	// measure mi, nil where it does not carry the measure.
	rows [][]cell
	// widths[mi] are the text widths of the columns of measure mi over
	// those rows, the first cell indented by depth.
	widths [][]int
}

// newRepTree lays out reps (sorted by id) under their managers, and the
// row of each rep carrying a measure of ms (sorted by name), with a cell
// per column of cols. Where a rep holds two quotas of a measure, the first
// counts, as RepResult.Quota has it.
//
// The rows are laid out by one goroutine per CPU on blocks of reps. The
// reps are read in their own order, which is the order they sit in
// memory: read in the order of the tree, every rep and quota would be a
// cache miss.
func newRepTree(r *engine.Result, reps []*engine.RepResult, ms []engine.Measure, cols []column) *repTree {
	reps = lastByID(reps, func(r *engine.RepResult) string { return r.ID })
	ids, parents := make([]string, len(reps)), make([]string, len(reps))
	for i, rep := range reps {
		ids[i], parents[i] = rep.ID, rep.Manager
	}
	t := &repTree{reps: reps, flat: newForest(ids, parents).flatten(), nm: len(ms), rows: make([][]cell, len(reps)*len(ms))}
	pos := make([]int, len(reps)) // position in flat by rep
	for k, i := range t.flat.node {
		pos[i] = k
	}
	currency := make([]bool, len(ms))
	for mi, m := range ms {
		currency[mi] = isCurrency(m.Unit, r.Plan.Currency)
	}
	var (
		mu     sync.Mutex
		widths [][][]int // by worker, by measure
	)
	inParallel(len(reps), repBlock, func() func(lo, hi int) {
		f := rowFormatter{cols: cols, cells: cellSlab{width: 4 + len(cols)}}
		wide := make([][]int, len(ms))
		mu.Lock()
		widths = append(widths, wide)
		mu.Unlock()
		return func(lo, hi int) {
			for i := lo; i < hi; i++ {
				k := pos[i]
				rep, row := reps[i], t.rows[k*t.nm:(k+1)*t.nm]
				for _, q := range rep.Quotas {
					if q == nil {
						continue
					}
					if mi := measureIndex(ms, q.Measure); mi >= 0 && row[mi] == nil {
						row[mi] = f.repCells(rep, currency[mi], func(c column) float64 { return sum(q, c.Periods) })
						markCells(row[mi][4:], q, cols)
						wide[mi] = widen(wide[mi], row[mi], t.flat.depth[k])
					}
				}
			}
		}
	})
	t.widths = make([][]int, len(ms))
	for _, wide := range widths {
		for mi, w := range wide {
			t.widths[mi] = maxWidths(t.widths[mi], w)
		}
	}
	return t
}

// Marks of the figures that are not only the rules': a column holding a
// locked month, or an adjusted one (LANGUAGE.md section 12). A legend
// under the measure's table says what they mean.
const (
	markLocked   = "L"
	markAdjusted = "A"
	marksLegend  = "L: holds a locked month (the published figure). A: holds an adjustment. `quotaplan explain DIR REP MEASURE MONTH` shows why."
)

// markCells appends the marks of q's figures to the cells of cols.
func markCells(cells []cell, q *engine.QuotaResult, cols []column) {
	if len(q.Locked) == 0 && len(q.Adjustments()) == 0 {
		return
	}
	for i, c := range cols {
		locked, adjusted := false, false
		for _, p := range c.Periods {
			locked = locked || p < len(q.Locked)
			for _, a := range q.Adjustments() {
				adjusted = adjusted || a.Period == p
			}
		}
		mark := ""
		if locked {
			mark += markLocked
		}
		if adjusted {
			mark += markAdjusted
		}
		if mark != "" {
			cells[i].text += " " + mark
		}
	}
}

// marked reports whether some rep's quota of measure has a locked or
// adjusted figure.
func marked(r *engine.Result, measure string) bool {
	for _, rep := range r.Reps {
		if q := rep.Quota(measure); q != nil && (len(q.Locked) > 0 || len(q.Adjustments()) > 0) {
			return true
		}
	}
	return false
}

// repBlock is how many reps one goroutine lays out at a time.
const repBlock = 1024

// inParallel splits 0..n into blocks of size items and runs each block on
// one of GOMAXPROCS goroutines made by newWorker, one worker per goroutine;
// it returns when every block is done. Blocks are independent, so the
// result does not depend on the schedule.
func inParallel(n, size int, newWorker func() func(lo, hi int)) {
	workers := min(runtime.GOMAXPROCS(0), (n+size-1)/size)
	if workers <= 1 {
		if n > 0 {
			newWorker()(0, n)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		work := newWorker()
		wg.Go(func() {
			for lo := int(next.Add(int64(size))) - size; lo < n; lo = int(next.Add(int64(size))) - size {
				work(lo, min(lo+size, n))
			}
		})
	}
	wg.Wait()
}

// rowFormatter lays out the cells of rows of the period columns cols.
type rowFormatter struct {
	cols  []column
	cells cellSlab
	text  []byte // scratch for the numbers of a row
	ends  []int  // scratch: where each number of text ends
}

// repCells is the row of rep; value gives its figure of each column, and
// nil stands for a rep without the measure, all "-".
func (f *rowFormatter) repCells(rep *engine.RepResult, currency bool, value func(column) float64) []cell {
	cells := f.cells.take()
	cells[0], cells[1], cells[2], cells[3] = cell{text: rep.ID}, cell{text: rep.Name}, cell{text: rep.Role}, cell{text: dash(rep.Territory)}
	if value == nil {
		for i := range f.cols {
			cells[4+i] = cell{text: "-"}
		}
	} else {
		f.numbers(cells[4:], currency, value)
	}
	return cells
}

// sumCells is the row of a subtotal or total labelled label.
func (f *rowFormatter) sumCells(label string, currency bool, value func(column) float64) []cell {
	cells := f.cells.take()
	cells[0] = cell{text: label}
	f.numbers(cells[4:], currency, value)
	return cells
}

// numbers fills cells with value of each column formatted by human. The
// texts share one string: a row costs one allocation, not one per cell.
func (f *rowFormatter) numbers(cells []cell, currency bool, value func(column) float64) {
	f.text, f.ends = f.text[:0], f.ends[:0]
	for _, c := range f.cols {
		f.text = appendHuman(f.text, value(c), currency)
		f.ends = append(f.ends, len(f.text))
	}
	s, from := string(f.text), 0
	for i, end := range f.ends {
		cells[i] = cell{text: s[from:end]}
		from = end
	}
}

// cellSlab hands out the cells of rows of a fixed width from large
// blocks, so that a grid of a hundred thousand rows is not a hundred
// thousand allocations.
type cellSlab struct {
	width int
	block []cell
}

// take returns width zero cells.
func (s *cellSlab) take() []cell {
	if len(s.block) < s.width {
		s.block = make([]cell, s.width*512)
	}
	c := s.block[:s.width:s.width]
	s.block = s.block[s.width:]
	return c
}

// measureGrid is the rep tree of measure m (the mi-th of the tree's
// measures) with team subtotals and a grand total, both read from the
// ledger's roll-ups. A manager that does not carry the measure still
// appears, with "-", when someone below does; a manager with such a team
// gets a "team <id>" subtotal row after its team. A subtree where nobody
// carries the measure is left out.
func measureGrid(r *engine.Result, tree *repTree, mi int, m engine.Measure, cols []column) grid {
	g := grid{
		title:   measureTitle(m),
		headers: []header{{title: "Rep"}, {title: "Name"}, {title: "Role"}, {title: "Territory"}},
		empty:   "No rep carries this quota.",
	}
	for _, c := range cols {
		g.headers = append(g.headers, header{title: c.ID, right: true})
	}
	fl, n := tree.flat, len(tree.flat.node)
	cur := isCurrency(m.Unit, r.Plan.Currency)
	// A measure that restates other quotas (rollup = false) is shown per
	// rep only: a team or total row of it would count numbers twice.
	restates := restating(r, m.Name)
	if restates {
		g.title += " · per rep, not rolled up"
	}
	if marked(r, m.Name) {
		g.legend = marksLegend
	}
	format := rowFormatter{cols: cols, cells: cellSlab{width: 4 + len(cols)}} // managers without the measure, roll-ups
	sumRow := func(label string, s engine.Series, depth int, kind rowKind) row {
		cells := format.sumCells(label, cur, func(c column) float64 { return s.Sum(c.Periods, len(r.Periods)) })
		return row{cells: cells, depth: depth, kind: kind}
	}
	// carriers[k] counts the reps carrying the measure before position k:
	// someone below position k carries it when the count grows over its
	// subtree.
	carriers := make([]int, n+1)
	for k := range n {
		carriers[k+1] = carriers[k]
		if tree.rows[k*tree.nm+mi] != nil {
			carriers[k+1]++
		}
	}
	rows := make([]row, 0, carriers[n]+carriers[n]/4)
	// The rows of the reps carrying the measure are measured already; the
	// others are measured as they are made.
	widths := maxWidths(g.headerWidths(), tree.widths[mi])
	var (
		open  []int     // positions of the managers whose team row is due after their subtree, innermost last
		teams []teamRow // the team rows, filled in at the end
	)
	closeTeams := func(k int) {
		for len(open) > 0 && fl.end[open[len(open)-1]] <= k {
			t := open[len(open)-1]
			open = open[:len(open)-1]
			teams = append(teams, teamRow{row: len(rows), rep: tree.reps[fl.node[t]]})
			rows = append(rows, row{depth: fl.depth[t], kind: rowSubtotal})
		}
	}
	for k := 0; k < n; {
		closeTeams(k)
		cells := tree.rows[k*tree.nm+mi]
		below := carriers[fl.end[k]] > carriers[k+1]
		if cells == nil && !below {
			k = fl.end[k]
			continue
		}
		if cells == nil {
			cells = format.repCells(tree.reps[fl.node[k]], cur, nil)
			widths = widen(widths, cells, fl.depth[k])
		}
		rows = append(rows, row{cells: cells, depth: fl.depth[k]})
		if below && !restates {
			open = append(open, k)
		}
		k++
	}
	closeTeams(n)
	// The team rows are many (one per manager) and independent: one
	// goroutine per CPU fills them in.
	inParallel(len(teams), repBlock/4, func() func(lo, hi int) {
		f := rowFormatter{cols: cols, cells: cellSlab{width: 4 + len(cols)}}
		return func(lo, hi int) {
			for _, t := range teams[lo:hi] {
				s := r.Rollup(engine.SubjectTeam, t.rep.ID, m.Name)
				rows[t.row].cells = f.sumCells("team "+t.rep.ID, cur, func(c column) float64 { return s.Sum(c.Periods, len(r.Periods)) })
			}
		}
	})
	for _, t := range teams {
		widths = widen(widths, rows[t.row].cells, rows[t.row].depth)
	}
	if len(rows) > 0 && !restates {
		rows = append(rows, sumRow("total", r.Rollup(engine.SubjectPlan, r.Plan.ID, m.Name), 0, rowTotal))
		widths = widen(widths, rows[len(rows)-1].cells, 0)
	}
	g.rows = rows
	g.widths = widths
	return g
}

// teamRow is a team subtotal row of a measure grid yet to be filled in:
// its index among the grid's rows and the team's manager.
type teamRow struct {
	row int
	rep *engine.RepResult
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
func goalGrid(r *engine.Result, ms []engine.Measure) grid {
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
		g.rows = append(g.rows, row{cells: goalCells(r, ms, goal)})
	}
	return g
}

// goalCells is the row of one goal; ms are the plan's measures. An
// informational goal shows "-" where a quota would be counted; a target of
// 0 has no ratio.
func goalCells(r *engine.Result, ms []engine.Measure, g *engine.GoalResult) []cell {
	cur := isCurrency(unitOf(ms, g.Measure), r.Plan.Currency)
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

// territoryGrid is the territory tree with the FY total of each measure of
// ms and the number of reps rolled up.
func territoryGrid(r *engine.Result, all []engine.Measure) grid {
	g := grid{title: "Territories", headers: []header{{title: "Territory"}, {title: "Name"}}, empty: "No territories."}
	var ms []engine.Measure // the measures that roll up: a restating one has no territory figure
	for _, m := range all {
		if carried(r, m.Name) && !restating(r, m.Name) {
			ms = append(ms, m)
		}
	}
	for _, m := range ms {
		g.headers = append(g.headers, header{title: m.Name, right: true})
	}
	g.headers = append(g.headers, header{title: "Reps", right: true})
	ts := lastByID(territories(r), func(t *engine.TerritoryResult) string { return t.ID })
	ids, parents := make([]string, len(ts)), make([]string, len(ts))
	for i, t := range ts {
		ids[i], parents[i] = t.ID, t.Parent
	}
	newForest(ids, parents).preorder(func(i, depth int) {
		g.rows = append(g.rows, row{cells: territoryCells(r, ts[i], ms), depth: depth})
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
	return append(cells, cell{text: strconv.Itoa(t.Reps)})
}

// failedGrid lists the failing checks by severity, check and subject.
func failedGrid(r *engine.Result) grid {
	g := grid{
		title:   checkSummary(r.Summary, false),
		headers: []header{{title: "Severity"}, {title: "Check"}, {title: "Subject"}, {title: "Message"}},
	}
	for _, c := range failedChecks(r) {
		sev := cell{text: string(c.Severity), style: severityStyle(c.Severity)}
		g.rows = append(g.rows, row{cells: append([]cell{sev}, textCells(c.Check, c.Subject, oneLine(c.Message))...)})
	}
	return g
}

// oneLine folds the line breaks and runs of spaces of a message into single
// spaces, so that a row stays on one line.
func oneLine(s string) string {
	if singleSpaced(s) {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// singleSpaced reports whether s is ASCII words separated by single
// spaces, as most messages are: oneLine would return it unchanged.
func singleSpaced(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= utf8.RuneSelf, c == '\t', c == '\n', c == '\v', c == '\f', c == '\r':
			return false
		case c == ' ' && (i == 0 || i == len(s)-1 || s[i+1] == ' '):
			return false
		}
	}
	return true
}
