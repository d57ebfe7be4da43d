package diff

import (
	"fmt"
	"github.com/quotaplan/quotaplan/plans/words"
	"io"
	"strings"
)

// DefaultMaxChars caps the markdown format below GitHub's limit of 65,536
// characters for a pull-request comment.
const DefaultMaxChars = 65000

// maxCell caps the length of one table cell, so that one long message
// cannot take the whole comment.
const maxCell = 200

// noteRoom is room kept for each table's "rows not shown" line and the
// truncation note at the top.
const noteRoom = 160

// Markdown writes the Report as a GitHub-flavoured markdown pull-request
// comment: a heading, the summary as headline, the change of each
// measure's plan total, the rules that changed, tables by goal, territory
// and team, the check changes with their severity, variables and plan
// fields, and the per-rep changes in a collapsible section. The whole text stays within
// opts.MaxChars (DefaultMaxChars when 0) bytes, hence characters: rows
// that do not fit are left out, each table says how many, and a note under
// the headline says the comment was cut.
func Markdown(w io.Writer, r *Report, opts Options) error {
	limit := opts.MaxChars
	if limit <= 0 {
		limit = DefaultMaxChars
	}
	n := numbers{currency: r.currency()}
	head := markdownHead(r, n)
	tables := []mdTable{
		ruleTable(r.Rules),
		goalTable(r.Goals, n),
		rollupTable("By territory", "Territory", r.Territories, n),
		rollupTable("By team (manager)", "Team", r.Teams, n),
		checkTable(r.Checks),
		actualTable(r.Actuals, n),
		attrTable("Variables", "Variable", r.Vars),
		attrTable("Plan", "Field", r.Plan),
		repTable(r.Reps, n),
	}
	body, omitted := layout(tables, limit-len(head)-noteRoom)
	var out strings.Builder
	out.WriteString(head)
	if omitted > 0 {
		fmt.Fprintf(&out, "\n> **Note:** this comment is cut to stay under %s characters: %s not shown. Run `quotaplan diff` locally (`--format text` or `--format json`) for the full diff.\n",
			itoa(limit), words.Plural(omitted, "row is", "rows are"))
	}
	out.WriteString(body)
	_, err := io.WriteString(w, out.String())
	return err
}

// markdownHead is the heading, the summary in bold, the sides and the
// change of each measure's plan total.
func markdownHead(r *Report, n numbers) string {
	var b strings.Builder
	b.WriteString("### quotaplan diff\n\n**" + mdEscape(r.Summary()) + "**\n")
	if r.Base.Label != "" || r.Head.Label != "" {
		fmt.Fprintf(&b, "\nBase: %s. Head: %s.\n", mdEscape(sourceText(r.Base)), mdEscape(sourceText(r.Head)))
	}
	var lines []string
	for _, t := range r.Totals {
		if t.Differs() {
			lines = append(lines, "- Total "+mdEscape(t.Measure)+" quota: "+mdEscape(n.change(t)))
		}
	}
	if len(lines) > 0 {
		b.WriteString("\n" + strings.Join(lines, "\n") + "\n")
	}
	return b.String()
}

// mdTable is a markdown table with its title; open and close wrap it (a
// collapsible section).
type mdTable struct {
	open   string // title, or the opening of a <details> section
	header string // header row and alignment row
	rows   []string
	close  string
}

// fixed is the length of the table without its rows, note included.
func (t mdTable) fixed() int {
	if len(t.rows) == 0 {
		return 0
	}
	return len(t.open) + len(t.header) + len(t.close) + noteRoom
}

// layout writes the tables with as many rows as fit in budget bytes, in
// order; once a row does not fit, no later row is written. It returns the
// text and the number of rows left out. Empty tables are skipped.
func layout(tables []mdTable, budget int) (string, int) {
	rest := 0
	for _, t := range tables {
		rest += t.fixed()
	}
	var b strings.Builder
	omitted, full := 0, false
	for _, t := range tables {
		if len(t.rows) == 0 {
			continue
		}
		rest -= t.fixed()
		b.WriteString(t.open + t.header)
		left := 0
		for _, row := range t.rows {
			if full || b.Len()+len(row)+len(t.close)+noteRoom+rest > budget {
				full = true
				left++
				continue
			}
			b.WriteString(row)
		}
		if left > 0 {
			fmt.Fprintf(&b, "\n_… and %s not shown._\n", words.Plural(left, "more row", "more rows"))
		}
		b.WriteString(t.close)
		omitted += left
	}
	return b.String(), omitted
}

// newTable starts a titled table with the given columns; a column name
// ending in ">" is right-aligned (the ">" is dropped).
func newTable(title string, cols ...string) mdTable {
	names, aligns := make([]string, len(cols)), make([]string, len(cols))
	for i, c := range cols {
		names[i], aligns[i] = c, "---"
		if strings.HasSuffix(c, ">") {
			names[i], aligns[i] = strings.TrimSuffix(c, ">"), "---:"
		}
	}
	return mdTable{open: "\n#### " + title + "\n\n", header: mdRow(names) + mdRow(aligns)}
}

// mdRow is one table row of already escaped cells.
func mdRow(cells []string) string {
	return "| " + strings.Join(cells, " | ") + " |\n"
}

// addRow appends a row of plain-text cells, escaping and shortening them.
func (t *mdTable) addRow(cells ...string) {
	esc := make([]string, len(cells))
	for i, c := range cells {
		esc[i] = mdEscape(shorten(c))
	}
	t.rows = append(t.rows, mdRow(esc))
}

// shorten cuts s to maxCell bytes at a rune boundary, marking the cut.
func shorten(s string) string {
	s = oneLine(s)
	if len(s) <= maxCell {
		return s
	}
	cut := maxCell
	for cut > 0 && !runeStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// runeStart reports whether b starts a UTF-8 sequence.
func runeStart(b byte) bool { return b&0xC0 != 0x80 }

// mdEscaper escapes the characters that markdown or HTML would interpret
// inside a table cell.
var mdEscaper = strings.NewReplacer(
	`\`, `\\`, "|", `\|`, "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`,
	"<", "&lt;", ">", "&gt;", "&", "&amp;", " -> ", " → ",
)

// mdEscape makes s literal text in markdown.
func mdEscape(s string) string { return mdEscaper.Replace(oneLine(s)) }

// arrow is "old → new", or one value when both print the same.
func arrow(old, nu string) string {
	if old == nu {
		return nu
	}
	return old + " → " + nu
}

// ruleTable lists the rules that changed, one row per attribute with its
// text on one line on each side and where it is written; the block is
// named on its first row.
func ruleTable(bs []BlockChange) mdTable {
	t := newTable("Rules", " ", "Block", "Attribute", "Base", "Head", "Where")
	for _, b := range bs {
		name := blockName(b.Block, b.Label)
		if len(b.Attrs) == 0 {
			t.addRow(b.Kind.Symbol(), name, "(no attributes)", "", "", locations(b.OldAt, b.NewAt))
		}
		for _, a := range b.Attrs {
			old, nu := a.Old, a.New
			if a.Kind == Added {
				old = "(none)"
			}
			if a.Kind == Removed {
				nu = "(none)"
			}
			t.addRow(a.Kind.Symbol(), name, a.Attribute, old, nu, locations(a.OldAt, a.NewAt))
			name = ""
		}
	}
	return t
}

// goalTable lists the goals that changed with their figures.
func goalTable(gs []GoalChange, n numbers) mdTable {
	t := newTable("Goals", " ", "Goal", "Measure", "Period", "Target>", "Assigned>", "Coverage>", "Expected>")
	for _, g := range gs {
		measure := g.Measure
		if measure == "" {
			measure = "(none)"
		}
		t.addRow(g.Kind.Symbol(), g.ID, measure, g.Period,
			n.sides(g.Target, g.Unit), n.sides(g.Assigned, g.Unit),
			arrowSides(g.Ratio, func(v float64, set bool) string { return ratio(v, set && v != 0) }),
			n.sides(g.Expected, g.Unit))
	}
	return t
}

// sides is "old → new" for an amount, one value when it exists on one
// side or did not change.
func (n numbers) sides(a Amount, unit string) string {
	return arrowSides(a, func(v float64, set bool) string {
		if !set {
			return "-"
		}
		return n.amount(v, unit)
	})
}

// arrowSides prints both sides of a with f and joins them with an arrow;
// a side that does not exist is left out.
func arrowSides(a Amount, f func(v float64, set bool) string) string {
	switch {
	case !a.OldSet:
		return f(a.New, a.NewSet)
	case !a.NewSet:
		return f(a.Old, a.OldSet)
	}
	return arrow(f(a.Old, true), f(a.New, true))
}

// rollupTable lists territory or team roll-ups by measure, and territory
// attribute changes.
func rollupTable(title, what string, rs []RollupChange, n numbers) mdTable {
	t := newTable(title, " ", what, "Measure or attribute", "Base>", "Head>", "Change>", "%>")
	for _, c := range rs {
		for _, a := range c.Attrs {
			t.addRow(c.Kind.Symbol(), c.ID, a.Name, Display(a.Old), Display(a.New), "", "")
		}
		for _, q := range c.Quotas {
			t.addRow(amountRow(c.Kind.Symbol(), c.ID, q.Measure, q, n)...)
		}
	}
	return t
}

// amountRow is the cells symbol, id, name, base, head, change, percent of
// an amount.
func amountRow(symbol, id, name string, a Amount, n numbers) []string {
	base, head := "-", "-"
	if a.OldSet {
		base = n.amount(a.Old, a.Unit)
	}
	if a.NewSet {
		head = n.amount(a.New, a.Unit)
	}
	return []string{symbol, id, name, base, head, n.delta(a.Delta(), a.Unit), percent(a)}
}

// checkWords are the check statuses as the markdown format shows them.
var checkWords = map[string]string{NewFailure: "new failure", Fixed: "fixed", StillFailing: "still failing"}

// checkTable lists the check changes with their severity.
func checkTable(cs []CheckChange) mdTable {
	t := newTable("Checks", "Change", "Severity", "Check", "Subject", "Message")
	for _, c := range cs {
		t.addRow(checkMarks[c.Status].symbol+" "+checkWords[c.Status], string(c.Severity), c.Check, c.Subject, c.Message)
	}
	return t
}

// attrTable lists changed named values (variables, plan fields).
func attrTable(title, what string, as []AttrChange) mdTable {
	t := newTable(title, " ", what, "Base", "Head")
	for _, a := range as {
		t.addRow(kindOf(a.Old != nil, a.New != nil).Symbol(), a.Name, Display(a.Old), Display(a.New))
	}
	return t
}

// repTable lists every rep change, one row per attribute and per measure,
// in a collapsible section.
func repTable(reps []RepChange, n numbers) mdTable {
	t := newTable("", " ", "Rep", "Name", "Measure or attribute", "Base>", "Head>", "Change>", "%>", "Quarters")
	t.open = fmt.Sprintf("\n<details><summary>Per-rep changes (%s)</summary>\n\n", words.Plural(len(reps), "rep", "reps"))
	t.close = "\n</details>\n"
	for _, c := range reps {
		name := c.Name
		for _, a := range c.Attrs {
			t.addRow(c.Kind.Symbol(), c.ID, name, a.Name, Display(a.Old), Display(a.New), "", "", "")
			name = ""
		}
		for _, q := range c.Quotas {
			row := amountRow(c.Kind.Symbol(), c.ID, q.Measure, q.Amount, n)
			cells := append([]string{row[0], row[1], name}, row[2:]...)
			t.addRow(append(cells, quarterList(q))...)
			name = ""
		}
	}
	return t
}

// quarterList names the changed quarters of a quota of a rep on both
// sides.
func quarterList(q QuotaChange) string {
	if !q.OldSet || !q.NewSet {
		return ""
	}
	return strings.Join(q.Quarters, ", ")
}
