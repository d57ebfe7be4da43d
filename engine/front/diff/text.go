package diff

import (
	"bytes"
	"fmt"
	"io"
	"strings"
)

// Options control the text and markdown renderers.
type Options struct {
	// Color paints the text format with ANSI colours: additions green,
	// removals red, changes yellow, new check failures red and fixes green.
	Color bool
	// MaxChars caps the markdown format (0: DefaultMaxChars); rows that do
	// not fit are left out with a note saying how many.
	MaxChars int
}

// Formats lists the output formats of Write.
func Formats() []string { return []string{"text", "markdown", "json"} }

// Write renders r in format (one of Formats) to w. Nothing is written when
// the format is unknown.
func Write(w io.Writer, format string, r *Report, opts Options) error {
	switch format {
	case "text":
		return Text(w, r, opts)
	case "markdown":
		return Markdown(w, r, opts)
	case "json":
		return JSON(w, r)
	}
	return fmt.Errorf("render diff: unknown format %q (want one of %s)", format, strings.Join(Formats(), ", "))
}

// ANSI colours of the text format.
const (
	green  = "\x1b[32m"
	red    = "\x1b[31m"
	yellow = "\x1b[33m"
	bold   = "\x1b[1m"
	reset  = "\x1b[0m"
)

// kindColor is the colour of an entity's change.
var kindColor = map[Kind]string{Added: green, Removed: red, Changed: yellow}

// checkMarks are the symbol and colour of each check status.
var checkMarks = map[string]struct{ symbol, color, words string }{
	NewFailure:   {"+", red, "newly fails"},
	Fixed:        {"-", green, "fixed"},
	StillFailing: {"~", yellow, "still fails"},
}

// Text writes the Report for a terminal, in the manner of a Terraform
// plan: the summary line, then one section per kind of entity with a line
// per change marked "+" (added), "-" (removed) or "~" (changed), and the
// details indented below it. The rules that changed come first, then what
// they did to the numbers. An empty Report prints the summary only.
func Text(w io.Writer, r *Report, opts Options) error {
	t := textWriter{n: numbers{currency: r.currency()}, color: opts.Color}
	t.paint(bold, r.Summary())
	t.buf.WriteByte('\n')
	t.sources(r)
	t.rules(r.Rules)
	t.reps(r.Reps)
	t.rollups("Territories", r.Territories)
	t.rollups("Teams (by manager)", r.Teams)
	t.goals(r.Goals)
	t.checks(r.Checks)
	t.actuals(r.Actuals)
	t.attrs("Variables", r.Vars)
	t.attrs("Plan", r.Plan)
	_, err := w.Write(t.buf.Bytes())
	return err
}

// textWriter accumulates the text format.
type textWriter struct {
	buf   bytes.Buffer
	n     numbers
	color bool
}

// paint writes s in colour c when colours are on.
func (t *textWriter) paint(c, s string) {
	if t.color {
		s = c + s + reset
	}
	t.buf.WriteString(s)
}

// section starts a titled section after a blank line.
func (t *textWriter) section(title string) {
	t.buf.WriteString("\n")
	t.paint(bold, title+":")
	t.buf.WriteString("\n")
}

// item writes an entity line: two spaces, the coloured symbol and head.
func (t *textWriter) item(k Kind, head string) {
	t.buf.WriteString("  ")
	t.paint(kindColor[k], k.Symbol()+" "+head)
	t.buf.WriteString("\n")
}

// detail writes an indented detail line.
func (t *textWriter) detail(s string) {
	t.buf.WriteString("      " + s + "\n")
}

// sources names the two sides when they have labels.
func (t *textWriter) sources(r *Report) {
	if r.Base.Label == "" && r.Head.Label == "" {
		return
	}
	fmt.Fprintf(&t.buf, "Base: %s\nHead: %s\n", sourceText(r.Base), sourceText(r.Head))
}

// sourceText is "label (plan p, scenario s)".
func sourceText(s Source) string {
	text := s.Label
	if text == "" {
		text = "(unnamed)"
	}
	parts := []string{}
	if s.PlanID != "" {
		parts = append(parts, "plan "+s.PlanID)
	}
	if s.Scenario != "" {
		parts = append(parts, "scenario "+s.Scenario)
	}
	if len(parts) > 0 {
		text += " (" + strings.Join(parts, ", ") + ")"
	}
	return text
}

// rules writes the rule section: each block added, removed or changed, and
// under it each attribute marked with its change and followed by where it
// is written, then its base text on "-" lines and its head text on "+"
// lines, one per line of text:
//
//	~ quota "new_arr"
//	    ~ annual (base/quotas.hcl:3 -> head/quotas.hcl:3)
//	        - "rep.ote * 4"
//	        + "rep.ote * 5"
func (t *textWriter) rules(bs []BlockChange) {
	if len(bs) == 0 {
		return
	}
	t.section("Rules")
	for _, b := range bs {
		head := blockName(b.Block, b.Label)
		if b.Kind != Changed {
			head += " (" + locations(b.OldAt, b.NewAt) + ")"
		}
		t.item(b.Kind, head)
		if len(b.Attrs) == 0 {
			t.detail("(no attributes)")
		}
		for _, a := range b.Attrs {
			t.buf.WriteString("      ")
			t.paint(kindColor[a.Kind], a.Kind.Symbol()+" "+a.Attribute+" ("+locations(a.OldAt, a.NewAt)+")")
			t.buf.WriteString("\n")
			if a.Kind != Added {
				t.ruleLines("-", red, a.Old)
			}
			if a.Kind != Removed {
				t.ruleLines("+", green, a.New)
			}
		}
	}
}

// ruleLines writes each line of text, marked and coloured.
func (t *textWriter) ruleLines(mark, color, text string) {
	for _, line := range strings.Split(text, "\n") {
		t.buf.WriteString("          ")
		t.paint(color, mark+" "+line)
		t.buf.WriteString("\n")
	}
}

// reps writes the rep section.
func (t *textWriter) reps(reps []RepChange) {
	if len(reps) == 0 {
		return
	}
	t.section("Reps")
	for _, c := range reps {
		t.item(c.Kind, c.ID+repInfo(c))
		for _, a := range c.Attrs {
			t.detail(attrText(a))
		}
		for _, q := range c.Quotas {
			t.detail(q.Measure + ": " + t.n.change(q.Amount) + quarterText(q))
		}
	}
}

// repInfo is " (Alice Chen)", or "" for a rep without name.
func repInfo(c RepChange) string {
	if c.Name == "" {
		return ""
	}
	return " (" + c.Name + ")"
}

// attrText is "ote: 240000 -> 260000", "start: (none) -> 2027-03-15", or
// "ote: 240000" for a value of an added or removed entity.
func attrText(a AttrChange) string {
	return a.Name + ": " + arrowValues(a)
}

// arrowValues is "old -> new", or the one value an added or removed
// entity has.
func arrowValues(a AttrChange) string {
	switch {
	case a.Old == nil:
		return Display(a.New)
	case a.New == nil:
		return Display(a.Old)
	}
	return Display(a.Old) + " -> " + Display(a.New)
}

// quarterText names the quarters that changed when the FY total did not
// tell the whole story: " in Q2, Q3".
func quarterText(q QuotaChange) string {
	if len(q.Quarters) == 0 || !q.OldSet || !q.NewSet {
		return ""
	}
	return " in " + strings.Join(q.Quarters, ", ")
}

// change is "$1,000,000 -> $1,100,000 (+$100,000, +10.0%)" for an amount
// on both sides, "$480,000" for one on one side only.
func (n numbers) change(a Amount) string {
	switch {
	case !a.OldSet:
		return n.amount(a.New, a.Unit)
	case !a.NewSet:
		return n.amount(a.Old, a.Unit)
	}
	s := n.amount(a.Old, a.Unit) + " -> " + n.amount(a.New, a.Unit) + " (" + n.delta(a.Delta(), a.Unit)
	if p := percent(a); p != "" {
		s += ", " + p
	}
	return s + ")"
}

// rollups writes a territory or team section.
func (t *textWriter) rollups(title string, rs []RollupChange) {
	if len(rs) == 0 {
		return
	}
	t.section(title)
	for _, c := range rs {
		t.item(c.Kind, c.ID)
		for _, a := range c.Attrs {
			t.detail(attrText(a))
		}
		for _, q := range c.Quotas {
			t.detail(q.Measure + ": " + t.n.change(q))
		}
	}
}

// goals writes the goal section: coverage first, then the numbers that
// changed.
func (t *textWriter) goals(gs []GoalChange) {
	if len(gs) == 0 {
		return
	}
	t.section("Goals")
	for _, g := range gs {
		t.item(g.Kind, g.ID+goalInfo(g))
		for _, a := range g.Attrs {
			t.detail(attrText(a))
		}
		if g.Kind == Changed && !g.Ratio.Differs() && !g.Target.Differs() && !g.Assigned.Differs() && !g.Expected.Differs() {
			continue
		}
		t.detail("coverage: " + coverage(g))
		for _, f := range goalFigures(g) {
			if g.Kind != Changed || f.a.Differs() {
				t.detail(f.name + ": " + t.n.change(f.a))
			}
		}
	}
}

// goalInfo is " (measure new_arr, FY)".
func goalInfo(g GoalChange) string {
	if g.Measure == "" {
		return " (no measure, " + g.Period + ")"
	}
	return " (measure " + g.Measure + ", " + g.Period + ")"
}

// coverage is "1.12x -> 1.08x", or one ratio for a goal on one side.
func coverage(g GoalChange) string {
	old, nu := ratio(g.Ratio.Old, g.Target.Old != 0), ratio(g.Ratio.New, g.Target.New != 0)
	switch {
	case !g.Ratio.OldSet:
		return nu
	case !g.Ratio.NewSet:
		return old
	}
	return old + " -> " + nu
}

// namedAmount is a goal figure with its name.
type namedAmount struct {
	name string
	a    Amount
}

// goalFigures lists target, assigned and expected with the goal's unit.
func goalFigures(g GoalChange) []namedAmount {
	withUnit := func(a Amount) Amount { a.Unit = g.Unit; return a }
	return []namedAmount{{"target", withUnit(g.Target)}, {"assigned", withUnit(g.Assigned)}, {"expected", withUnit(g.Expected)}}
}

// checks writes the check section.
func (t *textWriter) checks(cs []CheckChange) {
	if len(cs) == 0 {
		return
	}
	t.section("Checks")
	for _, c := range cs {
		m := checkMarks[c.Status]
		line := fmt.Sprintf("%s %s %s on %s %s", m.symbol, c.Severity, c.Check, c.Subject, m.words)
		if c.Message != "" && c.Status != Fixed {
			line += ": " + oneLine(c.Message)
		}
		t.buf.WriteString("  ")
		t.paint(m.color, line)
		t.buf.WriteString("\n")
	}
}

// oneLine joins the lines of s with spaces.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// attrs writes a section of named values (variables, plan fields).
func (t *textWriter) attrs(title string, as []AttrChange) {
	if len(as) == 0 {
		return
	}
	t.section(title)
	for _, a := range as {
		switch {
		case a.Old == nil:
			t.item(Added, a.Name+" = "+Display(a.New))
		case a.New == nil:
			t.item(Removed, a.Name+" = "+Display(a.Old))
		default:
			t.item(Changed, attrText(a))
		}
	}
}
