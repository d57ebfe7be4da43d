package lsp

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/quotaplan/quotaplan/engine"
	"github.com/quotaplan/quotaplan/engine/front/render"
	"github.com/quotaplan/quotaplan/plans"
)

// view is what a request about one document works with: the document's
// current text, its blocks (a plan file) or records (a CSV file), and the
// last valid evaluation of its plan.
type view struct {
	path   string
	text   *text
	blocks []block   // nil for a CSV file
	rows   *csvText  // nil for a plan file
	good   *snapshot // nil when the plan has not been valid yet
}

// view returns the view of a document, false when it cannot be read.
func (s *server) view(u uri.URI) (*view, bool) {
	d, ok := s.document(pathOf(u))
	if !ok {
		return nil, false
	}
	p := d.parse()
	v := &view{path: d.path, text: p.text, blocks: p.blocks, rows: p.rows}
	s.mu.Lock()
	if pd := s.dirs[d.dir]; pd != nil {
		v.good = pd.good
	}
	s.mu.Unlock()
	return v, true
}

// row is the record of a CSV view holding the byte offset, with the layout
// of its file; false for the header, a place between records, a file no
// valid evaluation imported, or a record without an id.
func (v *view) row(offset int) (*csvRecord, *csvLayout, bool) {
	if v.rows == nil || v.good == nil {
		return nil, nil, false
	}
	i, ok := v.rows.recordAt(offset)
	if !ok || i == 0 {
		return nil, nil, false
	}
	l := v.good.layoutOf(v.path)
	rec := v.rows.record(i)
	if l == nil || rec.cell(l.idCol) == "" {
		return nil, nil, false
	}
	return rec, l, true
}

// Hover implements protocol.Server: the computed values of the block under
// the cursor, or of the rep or territory of the CSV row under it, from the
// last valid evaluation.
func (s *server) Hover(_ context.Context, p *protocol.HoverParams) (*protocol.Hover, error) {
	v, ok := s.view(p.TextDocument.URI)
	if !ok || v.good == nil {
		return nil, nil
	}
	offset := v.text.offset(p.Position)
	var md string
	var rng protocol.Range
	if v.rows != nil {
		rec, l, ok := v.row(offset)
		if !ok {
			return nil, nil
		}
		md = hoverText(v.good, l.kind, rec.cell(l.idCol))
		rng = protocol.Range{Start: v.text.position(rec.start), End: v.text.position(rec.end)}
	} else {
		b, ok := blockAt(v.blocks, offset)
		if !ok {
			return nil, nil
		}
		md = hoverText(v.good, b.Type, b.label())
		rng = v.text.rangeOf(b.Header)
	}
	if md == "" {
		return nil, nil
	}
	return &protocol.Hover{Contents: &protocol.MarkupContent{Kind: protocol.MarkupKindMarkdown, Value: md}, Range: &rng}, nil
}

// hoverers render the hover of each block type.
var hoverers = map[string]func(h *hover, id string){
	"rep":       (*hover).rep,
	"quota":     (*hover).quota,
	"goal":      (*hover).goal,
	"ramp":      (*hover).ramp,
	"let":       (*hover).let,
	"territory": (*hover).territory,
	"check":     (*hover).check,
	"variable":  (*hover).variable,
	"plan":      (*hover).plan,
}

// hoverText is the markdown hover of a block of a type with a label (or
// of a CSV row, as the block it stands for), "" when there is nothing to
// show.
func hoverText(sn *snapshot, blockType, label string) string {
	f, ok := hoverers[blockType]
	if !ok {
		return ""
	}
	h := &hover{model: sn.plan, res: sn.result}
	f(h, label)
	return strings.TrimSpace(h.b.String())
}

// hover builds the markdown of one hover.
type hover struct {
	model *plans.Plan
	res   *engine.Result
	b     strings.Builder
}

// line writes a line of markdown.
func (h *hover) line(format string, args ...any) {
	fmt.Fprintf(&h.b, format, args...)
	h.b.WriteByte('\n')
}

// missing says that a block is not part of the last valid evaluation.
func (h *hover) missing(kind, id string) {
	h.line("**%s %s** is not in the last valid evaluation of the plan.", kind, id)
}

// num prints an amount of unit for people.
func (h *hover) num(v float64, unit string) string {
	return render.Human(v, render.IsCurrency(unit, h.res.Plan.Currency))
}

// unit returns the unit of a measure.
func (h *hover) unit(measure string) string {
	for _, m := range h.res.Measures {
		if m.Name == measure {
			return m.Unit
		}
	}
	return ""
}

// rep shows a rep's quotas by quarter and FY per measure, and its failing
// checks.
func (h *hover) rep(id string) {
	r := findRep(h.res, id)
	if r == nil {
		h.missing("rep", id)
		return
	}
	h.line("**rep %s**%s", id, repFacts(r))
	h.line("")
	if len(r.Quotas) == 0 {
		h.line("No quota applies to this rep.")
	} else {
		h.quotaTable(r)
	}
	h.actualsTable(r)
	h.failing(func(c *engine.CheckResult) bool { return c.Subject == id })
}

// repFacts is " · Alice Chen · AE · territory west · manager maria".
func repFacts(r *engine.RepResult) string {
	var parts []string
	for _, f := range []struct{ label, value string }{{"", r.Name}, {"", r.Role}, {"territory ", r.Territory}, {"manager ", r.Manager}} {
		if f.value != "" {
			parts = append(parts, f.label+f.value)
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return " · " + strings.Join(parts, " · ")
}

// quotaTable writes a rep's quotas: one row per measure, one column per
// quarter, then FY and the full-productivity amount.
func (h *hover) quotaTable(r *engine.RepResult) {
	head, rule := "| measure |", "|---|"
	for _, q := range h.res.Quarters {
		head += " " + q.ID + " |"
		rule += "--:|"
	}
	h.line("%s FY | full |", head)
	h.line("%s--:|--:|", rule)
	for _, m := range h.res.Measures {
		q := r.Quota(m.Name)
		if q == nil {
			continue
		}
		row := fmt.Sprintf("| %s (%s) |", m.Name, m.Unit)
		for i := range h.res.Quarters {
			row += " " + h.num(q.Quarter(h.res, i), m.Unit) + " |"
		}
		h.line("%s **%s** | %s |", row, h.num(q.Total, m.Unit), h.num(q.Full, m.Unit))
	}
}

// failing lists the failed check results that match.
func (h *hover) failing(match func(*engine.CheckResult) bool) {
	var lines []string
	for _, c := range h.res.Checks {
		if c.Status == engine.StatusFail && match(c) {
			line := fmt.Sprintf("- `%s` (%s)", c.Check, c.Severity)
			if c.Message != "" {
				line += ": " + c.Message
			}
			lines = append(lines, line)
		}
	}
	if len(lines) == 0 {
		return
	}
	h.line("")
	h.line("Failing checks:")
	for _, l := range lines {
		h.line("%s", l)
	}
}

// quota shows how many reps a quota block applies to and their totals,
// and the goals its measure rolls up to.
func (h *hover) quota(label string) {
	q := findQuota(h.model, label)
	if q == nil {
		h.missing("quota", label)
		return
	}
	var reps int
	var total, full float64
	for _, r := range h.res.Reps {
		if rq := r.Quota(q.Measure); rq != nil && rq.Block == label {
			reps++
			total += rq.Total
			full += rq.Full
		}
	}
	unit := h.unit(q.Measure)
	h.line("**quota %s** · measure `%s` (%s)", label, q.Measure, unit)
	h.line("")
	h.line("Applies to %d of %s · FY total **%s** · full productivity %s", reps, count(len(h.res.Reps), "rep", "reps"),
		h.num(total, unit), h.num(full, unit))
	for _, g := range h.res.Goals {
		if g.Measure == q.Measure {
			h.line("")
			h.line("Goal `%s`: %s of target %s (expected %s)", g.ID, render.Ratio(g.Ratio), h.num(g.Target, unit), render.Ratio(1+g.Overassign))
		}
	}
}

// goal shows a goal's target, assigned quota and coverage.
func (h *hover) goal(id string) {
	g := findGoal(h.res, id)
	if g == nil {
		h.missing("goal", id)
		return
	}
	unit := h.unit(g.Measure)
	h.line("**goal %s** · %s", id, g.Period)
	if g.Description != "" {
		h.line("")
		h.line("%s", g.Description)
	}
	h.line("")
	if g.Measure == "" {
		h.line("Informational: no quota measure rolls up to it. Target %s.", h.num(g.Target, unit))
		return
	}
	h.line("| target | assigned | coverage | expected |")
	h.line("|--:|--:|--:|--:|")
	h.line("| %s | %s | **%s** | %s (%s) |", h.num(g.Target, unit), h.num(g.Assigned, unit), render.Ratio(g.Ratio),
		h.num(g.Expected, unit), render.Ratio(1+g.Overassign))
	h.line("")
	h.line("%s of measure `%s` contribute.", count(g.Reps, "rep", "reps"), g.Measure)
}

// ramp shows how many reps the ramp lowers and their ramped rep
// equivalents (the sum of their average ramp factor).
func (h *hover) ramp(label string) {
	var blocks []string
	if h.model != nil {
		for _, q := range h.model.Quotas {
			if q.Ramp == label {
				blocks = append(blocks, q.Label)
			}
		}
	}
	h.line("**ramp %s**", label)
	h.line("")
	if len(blocks) == 0 {
		h.line("No quota uses this ramp.")
		return
	}
	reps, ramping, equivalents := 0, 0, 0.0
	for _, r := range h.res.Reps {
		f, ok := rampFactor(r, blocks)
		if !ok {
			continue
		}
		reps++
		equivalents += f
		if f < 1 {
			ramping++
		}
	}
	h.line("Used by quota %s · %s ramping of %d · ramped rep equivalents %s",
		"`"+strings.Join(blocks, "`, `")+"`", count(ramping, "rep", "reps"), reps, render.Human(equivalents, false))
}

// rampFactor is a rep's average ramp factor over the plan for the first
// of its quotas made by one of blocks; false when none of them applies.
func rampFactor(r *engine.RepResult, blocks []string) (float64, bool) {
	for _, q := range r.Quotas {
		factors := q.Factors()
		if !slices.Contains(blocks, q.Block) || len(factors) == 0 {
			continue
		}
		var sum float64
		for _, f := range factors {
			sum += f.RampFactor
		}
		return sum / float64(len(factors)), true
	}
	return 0, false
}

// let shows a derived value's scope and rule.
func (h *hover) let(name string) {
	var l *plans.Let
	if h.model != nil {
		for _, pl := range h.model.Lets {
			if pl.Name == name {
				l = pl
			}
		}
	}
	if l == nil {
		h.missing("let", name)
		return
	}
	h.line("**let %s** · read as `%s.%s`", name, l.Scope, name)
	h.line("")
	h.line("```expr\n%s\n```", strings.TrimSpace(l.Expr.Text))
	switch l.Scope {
	case plans.ScopeRep:
		h.line("Evaluated for each of %s.", count(len(h.res.Reps), "rep", "reps"))
	case plans.ScopeTerritory:
		h.line("Evaluated for each of %s.", count(len(h.res.Territories), "territory", "territories"))
	}
}

// territory shows a territory's roll-up of quotas.
func (h *hover) territory(id string) {
	t := findTerritory(h.res, id)
	if t == nil {
		h.missing("territory", id)
		return
	}
	title := ""
	if t.Name != "" {
		title = " · " + t.Name
	}
	if t.Parent != "" {
		title += " · in " + t.Parent
	}
	h.line("**territory %s**%s", id, title)
	h.line("")
	h.line("%s in the roll-up.", count(t.Reps, "rep", "reps"))
	for _, m := range h.res.Measures {
		if v, ok := t.Quotas[m.Name]; ok {
			h.line("- %s: **%s** %s", m.Name, h.num(v, m.Unit), m.Unit)
		}
	}
	h.failing(func(c *engine.CheckResult) bool { return c.Subject == id })
}

// check shows how many subjects a check passed and failed for.
func (h *hover) check(name string) {
	var passed, failed int
	for _, c := range h.res.Checks {
		switch {
		case c.Check != name:
		case c.Status == engine.StatusFail:
			failed++
		default:
			passed++
		}
	}
	h.line("**check %s** · %d passed · %d failed", name, passed, failed)
	h.failing(func(c *engine.CheckResult) bool { return c.Check == name })
}

// variable shows a variable's value in this evaluation.
func (h *hover) variable(name string) {
	v, ok := h.res.Vars[name]
	if !ok {
		h.missing("variable", name)
		return
	}
	h.line("**variable %s** = `%s`", name, display(v))
	if h.res.Scenario != "" {
		h.line("")
		h.line("Value under scenario `%s` and any --var flags.", h.res.Scenario)
	}
}

// plan shows the size of the plan and its check summary.
func (h *hover) plan(string) {
	s := h.res.Summary
	h.line("**plan %s** · %s · %d months from %s", h.res.Plan.ID, h.res.Plan.Title, h.res.Plan.Months, h.res.Plan.Start)
	h.line("")
	h.line("%s · %s · checks: %d errors, %d warnings failed, %d passed",
		count(len(h.res.Reps), "rep", "reps"), count(len(h.res.Territories), "territory", "territories"), s.Errors, s.Warnings, s.Passed)
}

// display prints a variable value.
func display(v any) string {
	if f, ok := v.(float64); ok {
		return engine.FormatNumber(f)
	}
	return fmt.Sprint(v)
}
