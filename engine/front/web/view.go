package web

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/quotaplan/quotaplan/engine"
	"github.com/quotaplan/quotaplan/engine/front/diff"
	"github.com/quotaplan/quotaplan/plans"
	"github.com/quotaplan/quotaplan/rules"
)

// View is what the pages of the web view read, as JSON: the plan, its
// periods and measures, the reps (without their monthly figures, which
// RepDetail holds), the roll-ups, goals and checks, the pages the plan has
// data for and their own data. It is built from one valid result; the
// status of the latest evaluation (which may be invalid) travels beside it
// in Status.
type View struct {
	Plan        PlanView             `json:"plan"`
	Scenario    string               `json:"scenario"`
	Vars        []VarView            `json:"vars"`
	Periods     []string             `json:"periods"`
	Quarters    []QuarterView        `json:"quarters"`
	Measures    []MeasureView        `json:"measures"`
	Reps        []RepRow             `json:"reps"`
	Territories []RollupView         `json:"territories"`
	Teams       []RollupView         `json:"teams"`
	Total       map[string][]float64 `json:"total"` // plan total by measure, per period
	Stacks      []StackView          `json:"stacks"`
	Goals       []GoalView           `json:"goals"`
	Checks      []CheckView          `json:"checks"`
	Summary     SummaryView          `json:"summary"`
	Pages       []PageRef            `json:"pages"`
	Data        map[string]any       `json:"data"` // page id -> the page's own data
	Status      Status               `json:"status"`
}

// PlanView is the plan block.
type PlanView struct {
	ID       string `json:"id"`
	Title    string `json:"title"`
	Start    string `json:"start"`
	Months   int    `json:"months"`
	Currency string `json:"currency"`
	AsOf     string `json:"as_of"`
}

// VarView is one effective variable value, as people read it.
type VarView struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// QuarterView is a quarter and the 0-based indexes of its periods.
type QuarterView struct {
	ID      string `json:"id"`
	Periods []int  `json:"periods"`
}

// MeasureView is a quota measure with its unit.
type MeasureView struct {
	Name     string `json:"name"`
	Unit     string `json:"unit"`
	Currency bool   `json:"currency"` // whether the unit is a currency code
	Rollup   bool   `json:"rollup"`   // false when no roll-up holds it (restating quotas)
}

// RepRow is a rep as the reps table lists it: who, where, and the total of
// each measure that applies to it.
type RepRow struct {
	ID        string             `json:"id"`
	Name      string             `json:"name"`
	Role      string             `json:"role"`
	Territory string             `json:"territory"`
	Manager   string             `json:"manager"`
	Depth     int                `json:"depth"`
	Totals    map[string]float64 `json:"totals"`
	Checks    int                `json:"checks"` // failed checks of the rep
}

// RollupView is a territory or a team with its roll-up per measure and
// period.
type RollupView struct {
	ID      string               `json:"id"`
	Name    string               `json:"name"`
	Parent  string               `json:"parent"` // parent territory, or the manager's manager
	Depth   int                  `json:"depth"`
	Reps    int                  `json:"reps"`
	Totals  map[string]float64   `json:"totals"`
	Periods map[string][]float64 `json:"periods"`
}

// StackView is the plan total of one measure split by a dimension
// (top-level territory, or role), per period: the stacked chart of the
// overview.
type StackView struct {
	Measure string           `json:"measure"`
	By      string           `json:"by"` // "territory" or "role"
	Series  []StackSeriesRow `json:"series"`
}

// StackSeriesRow is one layer of a stack.
type StackSeriesRow struct {
	Label   string    `json:"label"`
	Periods []float64 `json:"periods"`
}

// GoalView is a goal against its target and expected amount.
type GoalView struct {
	ID          string  `json:"id"`
	Description string  `json:"description"`
	Measure     string  `json:"measure"`
	Unit        string  `json:"unit"`
	Period      string  `json:"period"`
	Target      float64 `json:"target"`
	Assigned    float64 `json:"assigned"`
	Ratio       float64 `json:"ratio"`
	Expected    float64 `json:"expected"`
	Status      string  `json:"status"` // as the terminal says it: "on track", "below target", ...
}

// CheckView is one check result with the place of its check.
type CheckView struct {
	Check    string `json:"check"`
	Severity string `json:"severity"`
	Subject  string `json:"subject"`
	Status   string `json:"status"`
	Message  string `json:"message"`
	At       string `json:"at"` // file:line of the check block
	Waiver   string `json:"waiver,omitempty"`
}

// SummaryView counts reps and check outcomes.
type SummaryView struct {
	Reps     int `json:"reps"`
	Errors   int `json:"errors"`
	Warnings int `json:"warnings"`
	Infos    int `json:"infos"`
	Passed   int `json:"passed"`
	Waived   int `json:"waived"`
}

// Status is the outcome of the latest evaluation: its sequence number,
// whether it was valid, and its diagnostics. When it was not valid, the
// view's figures are those of the last valid evaluation.
type Status struct {
	Seq         int              `json:"seq"`
	OK          bool             `json:"ok"`
	Stale       bool             `json:"stale"` // the figures are from an earlier, valid evaluation
	Empty       bool             `json:"empty"` // no evaluation was valid yet: there are no figures
	Diagnostics []DiagnosticView `json:"diagnostics"`
}

// DiagnosticView is a diagnostic as the banner shows it.
type DiagnosticView struct {
	Severity string `json:"severity"`
	Summary  string `json:"summary"`
	Detail   string `json:"detail"`
	File     string `json:"file"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
}

// PageRef names a page of the navigation.
type PageRef struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

// RepDetail is what a rep's page shows beyond its row: every quota by
// period with the factors that made each figure, its reports and its check
// results.
type RepDetail struct {
	Row     RepRow        `json:"row"`
	Reports []string      `json:"reports"`
	Quotas  []QuotaDetail `json:"quotas"`
	Checks  []CheckView   `json:"checks"`
	// Actuals are the rep's credited figures (attainment.go), only for a
	// plan with actual, pipeline or forecast blocks.
	Actuals []RepActualView `json:"actuals,omitempty"`
	// Changes are the rep's versions (changes.go), only for a rep with.
	Changes []ChangeView `json:"changes,omitempty"`
}

// QuotaDetail is one quota of a rep: its periods and, when ramp or
// proration changed some figure, the factors of every period.
type QuotaDetail struct {
	Measure  string         `json:"measure"`
	Unit     string         `json:"unit"`
	Block    string         `json:"block"`
	Total    float64        `json:"total"`
	Full     float64        `json:"full"`
	Periods  []float64      `json:"periods"`
	Factors  []FactorView   `json:"factors"` // aligned with periods; nil for a result without provenance
	Restates bool           `json:"restates"`
	Quarters []QuarterValue `json:"quarters"`
	// Lock and Adjustments (changes.go), only for a quota with locked
	// months or adjustments.
	Lock        *LockView        `json:"lock,omitempty"`
	Adjustments []AdjustmentView `json:"adjustments,omitempty"`
}

// QuarterValue is a quota's sum over one quarter.
type QuarterValue struct {
	ID    string  `json:"id"`
	Value float64 `json:"value"`
}

// FactorView is the provenance of one period quota: full monthly amount x
// ramp x active share, rounded.
type FactorView struct {
	Full       float64  `json:"full"`
	Weight     float64  `json:"weight"`
	Ramp       float64  `json:"ramp"`
	Tier       int      `json:"tier"` // 1-based ramp tier, 0 when none matched
	Tenure     int      `json:"tenure"`
	Active     float64  `json:"active"`
	ActiveDays int      `json:"active_days"`
	Days       int      `json:"days"`
	Cut        []string `json:"cut"`
	Prorated   bool     `json:"prorated"`
	Unrounded  float64  `json:"unrounded"`
	Value      float64  `json:"value"`
}

// Input is what a page's predicate and data function read: the valid
// result, the model it came from (for rules and explanations) and, under
// `serve --base`, the comparison with the base revision.
type Input struct {
	Model  *engine.Model // nil for a result without a plan
	Result *engine.Result
	Diff   *diff.Report // nil unless a base revision was given
}

// buildView makes the view of in, with the pages whose predicate holds.
func buildView(in *Input) *View {
	r := in.Result
	v := &View{
		Plan: PlanView{ID: r.Plan.ID, Title: r.Plan.Title, Start: r.Plan.Start, Months: r.Plan.Months,
			Currency: r.Plan.Currency, AsOf: r.Plan.AsOf},
		Scenario: r.Scenario,
		Total:    map[string][]float64{},
		Data:     map[string]any{},
		Summary: SummaryView{Reps: r.Summary.Reps, Errors: r.Summary.Errors, Warnings: r.Summary.Warnings,
			Infos: r.Summary.Infos, Passed: r.Summary.Passed, Waived: r.Summary.Waived},
	}
	for _, name := range sortedKeys(r.Vars) {
		v.Vars = append(v.Vars, VarView{Name: name, Value: formatVar(r.Vars[name])})
	}
	for _, p := range r.Periods {
		v.Periods = append(v.Periods, p.ID)
	}
	for _, q := range r.Quarters {
		v.Quarters = append(v.Quarters, QuarterView{ID: q.ID, Periods: q.Periods})
	}
	rolled := rolledMeasures(r)
	for _, m := range r.Measures {
		v.Measures = append(v.Measures, MeasureView{Name: m.Name, Unit: m.Unit, Currency: rules.IsCurrencyCode(m.Unit), Rollup: rolled[m.Name]})
		if s, ok := r.Series(engine.Subject{Kind: engine.SubjectPlan, ID: r.Plan.ID}, m.Name, engine.KindQuota); ok {
			v.Total[m.Name] = nonNil(s.Periods, len(r.Periods))
		}
	}
	failed := failedBySubject(r.Checks)
	for _, rep := range r.Reps {
		v.Reps = append(v.Reps, repRow(rep, failed[rep.ID]))
	}
	for _, t := range r.Territories {
		rv := RollupView{ID: t.ID, Name: t.Name, Parent: t.Parent, Depth: t.Depth, Reps: t.Reps, Totals: map[string]float64{}, Periods: map[string][]float64{}}
		for _, m := range r.Measures {
			if s, ok := r.Series(engine.Subject{Kind: engine.SubjectTerritory, ID: t.ID}, m.Name, engine.KindQuota); ok && rolled[m.Name] {
				rv.Totals[m.Name] = s.Total
				rv.Periods[m.Name] = nonNil(s.Periods, len(r.Periods))
			}
		}
		v.Territories = append(v.Territories, rv)
	}
	v.Teams = teams(r, rolled)
	v.Stacks = stacks(r, rolled)
	for _, g := range r.Goals {
		v.Goals = append(v.Goals, GoalView{ID: g.ID, Description: g.Description, Measure: g.Measure, Unit: unitOf(r, g.Measure),
			Period: g.Period, Target: g.Target, Assigned: g.Assigned, Ratio: g.Ratio, Expected: g.Expected, Status: goalStatus(g)})
	}
	v.Checks = checkViews(r.Checks)
	for _, p := range registered() {
		if p.Has != nil && !p.Has(in) {
			continue
		}
		v.Pages = append(v.Pages, PageRef{ID: p.ID, Title: p.Title})
		if p.Data != nil {
			if d := p.Data(in); d != nil {
				v.Data[p.ID] = d
			}
		}
	}
	return v
}

// rolledMeasures returns the measures some quota rolls up (not only
// restated).
func rolledMeasures(r *engine.Result) map[string]bool {
	out := map[string]bool{}
	for _, rep := range r.Reps {
		for _, q := range rep.Quotas {
			if !q.Restates {
				out[q.Measure] = true
			}
		}
	}
	return out
}

// repRow is the table row of rep.
func repRow(rep *engine.RepResult, failed int) RepRow {
	row := RepRow{ID: rep.ID, Name: rep.Name, Role: rep.Role, Territory: rep.Territory, Manager: rep.Manager,
		Depth: rep.Depth, Totals: map[string]float64{}, Checks: failed}
	for _, q := range rep.Quotas {
		row.Totals[q.Measure] = q.Total
	}
	return row
}

// teams returns every manager's team with its roll-up, in the order of
// the manager tree: a manager, then the teams below it, each level by id.
func teams(r *engine.Result, rolled map[string]bool) []RollupView {
	var out []RollupView
	for _, id := range treeOrder(r) {
		rep := r.Rep(id)
		tv := RollupView{ID: id, Totals: map[string]float64{}, Periods: map[string][]float64{}}
		if rep != nil {
			tv.Name, tv.Parent, tv.Depth = rep.Name, rep.Manager, rep.Depth
		}
		tv.Reps = countTeam(r, id)
		for _, m := range r.Measures {
			if s, ok := r.Series(engine.Subject{Kind: engine.SubjectTeam, ID: id}, m.Name, engine.KindQuota); ok && rolled[m.Name] {
				tv.Totals[m.Name] = s.Total
				tv.Periods[m.Name] = nonNil(s.Periods, len(r.Periods))
			}
		}
		out = append(out, tv)
	}
	return out
}

// treeOrder lists the managers with a team depth first: each manager
// before the managers who report to it, siblings by id.
func treeOrder(r *engine.Result) []string {
	ids := r.Teams()
	isTeam := make(map[string]bool, len(ids))
	for _, id := range ids {
		isTeam[id] = true
	}
	children := map[string][]string{}
	var roots []string
	for _, id := range ids {
		m := ""
		if rep := r.Rep(id); rep != nil {
			m = rep.Manager
		}
		if isTeam[m] && m != id {
			children[m] = append(children[m], id)
		} else {
			roots = append(roots, id)
		}
	}
	out := make([]string, 0, len(ids))
	seen := map[string]bool{}
	var walk func(id string)
	walk = func(id string) {
		if seen[id] {
			return // a cycle cannot load, but never loop
		}
		seen[id] = true
		out = append(out, id)
		for _, c := range children[id] {
			walk(c)
		}
	}
	for _, id := range roots {
		walk(id)
	}
	for _, id := range ids { // anything a cycle left out
		if !seen[id] {
			walk(id)
		}
	}
	return out
}

// countTeam counts the reps below manager id (direct and indirect
// reports), by their declared manager.
func countTeam(r *engine.Result, id string) int {
	n := 0
	seen := map[string]bool{id: true}
	queue := []string{id}
	for len(queue) > 0 {
		rep := r.Rep(queue[0])
		queue = queue[1:]
		if rep == nil {
			continue
		}
		for _, c := range rep.Reports {
			if !seen[c] {
				seen[c] = true
				n++
				queue = append(queue, c)
			}
		}
	}
	return n
}

// maxStack bounds the layers of a stacked chart: the largest ones are
// drawn and the rest summed as "other".
const maxStack = 10

// stacks splits each rolled-up measure's plan total by top-level
// territory (when the plan has two or more) and by rep role: the overview
// shows one and switches to the other.
func stacks(r *engine.Result, rolled map[string]bool) []StackView {
	var tops []string
	for _, t := range r.Territories {
		if t.Parent == "" {
			tops = append(tops, t.ID)
		}
	}
	var out []StackView
	for _, m := range r.Measures {
		if !rolled[m.Name] {
			continue
		}
		if len(tops) >= 2 {
			sv := StackView{Measure: m.Name, By: "territory"}
			for _, id := range tops {
				s, _ := r.Series(engine.Subject{Kind: engine.SubjectTerritory, ID: id}, m.Name, engine.KindQuota)
				if s.Total != 0 {
					sv.Series = append(sv.Series, StackSeriesRow{Label: id, Periods: nonNil(s.Periods, len(r.Periods))})
				}
			}
			if rest := unassigned(r, m.Name, sv.Series); rest != nil {
				sv.Series = append(sv.Series, *rest)
			}
			sv.Series = capStack(sv.Series, len(r.Periods))
			out = append(out, sv)
		}
		out = append(out, StackView{Measure: m.Name, By: "role", Series: capStack(byRole(r, m.Name), len(r.Periods))})
	}
	return out
}

// unassigned is the part of a measure's plan total that no top-level
// territory holds (reps without a territory), nil when there is none.
func unassigned(r *engine.Result, measure string, layers []StackSeriesRow) *StackSeriesRow {
	total, ok := r.Series(engine.Subject{Kind: engine.SubjectPlan, ID: r.Plan.ID}, measure, engine.KindQuota)
	if !ok || total.Periods == nil {
		return nil
	}
	rest := slices.Clone(total.Periods)
	any := false
	for i := range rest {
		for _, l := range layers {
			rest[i] -= l.Periods[i]
		}
		if rest[i] > 1e-9 || rest[i] < -1e-9 {
			any = true
		} else {
			rest[i] = 0
		}
	}
	if !any {
		return nil
	}
	return &StackSeriesRow{Label: "no territory", Periods: rest}
}

// byRole sums a measure's quotas per period by rep role.
func byRole(r *engine.Result, measure string) []StackSeriesRow {
	sums := map[string][]float64{}
	for _, rep := range r.Reps {
		q := rep.Quota(measure)
		if q == nil || q.Restates {
			continue
		}
		role := rep.Role
		if role == "" {
			role = "no role"
		}
		s := sums[role]
		if s == nil {
			s = make([]float64, len(r.Periods))
			sums[role] = s
		}
		for i, v := range q.Periods {
			s[i] += v
		}
	}
	var out []StackSeriesRow
	for _, role := range sortedKeys(sums) {
		out = append(out, StackSeriesRow{Label: role, Periods: sums[role]})
	}
	return out
}

// capStack keeps the maxStack-1 largest layers and sums the others.
func capStack(layers []StackSeriesRow, n int) []StackSeriesRow {
	if len(layers) <= maxStack {
		return layers
	}
	sum := func(l StackSeriesRow) float64 {
		var s float64
		for _, v := range l.Periods {
			s += v
		}
		return s
	}
	sorted := slices.Clone(layers)
	slices.SortStableFunc(sorted, func(a, b StackSeriesRow) int {
		sa, sb := sum(a), sum(b)
		switch {
		case sa > sb:
			return -1
		case sa < sb:
			return 1
		}
		return strings.Compare(a.Label, b.Label)
	})
	other := StackSeriesRow{Label: fmt.Sprintf("%d others", len(sorted)-(maxStack-1)), Periods: make([]float64, n)}
	for _, l := range sorted[maxStack-1:] {
		for i, v := range l.Periods {
			other.Periods[i] += v
		}
	}
	return append(sorted[:maxStack-1], other)
}

// failedBySubject counts failed check results per subject.
func failedBySubject(cs []*engine.CheckResult) map[string]int {
	out := map[string]int{}
	for _, c := range cs {
		if c.Status == engine.StatusFail {
			out[c.Subject]++
		}
	}
	return out
}

// checkViews converts check results.
func checkViews(cs []*engine.CheckResult) []CheckView {
	out := make([]CheckView, 0, len(cs))
	for _, c := range cs {
		out = append(out, CheckView{Check: c.Check, Severity: string(c.Severity), Subject: c.Subject, Status: c.Status,
			Message: c.Message, At: rangeAt(c.Range), Waiver: c.Waiver})
	}
	return out
}

// rangeAt is "file:line" of r, with the file as the plan names it (slash
// separated), or "" for an empty range.
func rangeAt(r hcl.Range) string {
	if r.Filename == "" {
		return ""
	}
	return fmt.Sprintf("%s:%d", filepath.ToSlash(r.Filename), r.Start.Line)
}

// goalStatus says how a goal stands, in the terminal's words (see the
// goals table of eval).
func goalStatus(g *engine.GoalResult) string {
	switch {
	case g.Measure == "":
		return "no quota"
	case g.Assigned >= g.Expected:
		return "on track"
	case g.Assigned < g.Target:
		return "under"
	}
	return "below cushion"
}

// unitOf returns the unit of measure m, "" when the plan has none.
func unitOf(r *engine.Result, m string) string {
	for _, x := range r.Measures {
		if x.Name == m {
			return x.Unit
		}
	}
	return ""
}

// checksBySubject groups the check results by subject, each group in
// the result's order.
func checksBySubject(cs []*engine.CheckResult) map[string][]CheckView {
	out := map[string][]CheckView{}
	for _, c := range checkViews(cs) {
		out[c.Subject] = append(out[c.Subject], c)
	}
	return out
}

// repDetail is the page data of one rep, whose check results are checks.
func repDetail(r *engine.Result, rep *engine.RepResult, checks []CheckView) *RepDetail {
	failed := 0
	for _, c := range checks {
		if c.Status == engine.StatusFail {
			failed++
		}
	}
	d := &RepDetail{Row: repRow(rep, failed), Reports: rep.Reports, Quotas: []QuotaDetail{}}
	if d.Reports == nil {
		d.Reports = []string{}
	}
	for _, q := range rep.Quotas {
		qd := QuotaDetail{Measure: q.Measure, Unit: q.Unit, Block: q.Block, Total: q.Total, Full: q.Full, Periods: q.Periods, Restates: q.Restates,
			Lock: quotaLock(r, q), Adjustments: quotaAdjustments(r, q)}
		for i, qq := range r.Quarters {
			qd.Quarters = append(qd.Quarters, QuarterValue{ID: qq.ID, Value: q.Quarter(r, i)})
		}
		for _, f := range q.Factors() {
			tier := 0
			if f.RampTier >= 0 {
				tier = int(f.RampTier) + 1
			}
			cut := f.Cut.Names()
			if cut == nil {
				cut = []string{}
			}
			qd.Factors = append(qd.Factors, FactorView{Full: f.FullMonthly, Weight: f.Weight, Ramp: f.RampFactor, Tier: tier,
				Tenure: int(f.TenureMonth), Active: f.Active, ActiveDays: int(f.ActiveDays), Days: int(f.Days), Cut: cut,
				Prorated: f.Prorated, Unrounded: f.Unrounded, Value: f.Value})
		}
		d.Quotas = append(d.Quotas, qd)
	}
	d.Checks = checks
	d.Actuals = repActuals(r, rep)
	d.Changes = repChanges(rep)
	if d.Checks == nil {
		d.Checks = []CheckView{}
	}
	return d
}

// statusOf is the status of an evaluation with diagnostics diags.
func statusOf(seq int, ok, haveGood bool, diags hcl.Diagnostics) Status {
	st := Status{Seq: seq, OK: ok, Stale: !ok && haveGood, Empty: !ok && !haveGood, Diagnostics: []DiagnosticView{}}
	sorted := slices.Clone(diags)
	plans.SortDiagnostics(sorted)
	for _, d := range sorted {
		dv := DiagnosticView{Summary: d.Summary, Detail: d.Detail, Severity: "error"}
		if d.Severity == hcl.DiagWarning {
			dv.Severity = "warning"
		}
		if d.Subject != nil {
			dv.File, dv.Line, dv.Column = filepath.ToSlash(d.Subject.Filename), d.Subject.Start.Line, d.Subject.Start.Column
		}
		st.Diagnostics = append(st.Diagnostics, dv)
	}
	return st
}

// nonNil returns s, or n zeros when s is nil (a series known only by its
// total), so that charts always get one value per period.
func nonNil(s []float64, n int) []float64 {
	if s == nil {
		return make([]float64, n)
	}
	return s
}

// formatVar prints a variable value as people read it.
func formatVar(v any) string {
	if f, ok := rules.ToFloat(v); ok {
		if _, isBool := v.(bool); !isBool {
			return engine.FormatNumber(f)
		}
	}
	return fmt.Sprint(v)
}

// sortedKeys returns the keys of m in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
