package render

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/quotaplan/quotaplan/engine"
)

// The reports of `quotaplan territories` and `quotaplan balance`
// (section 10): the territories of a design as a tree with their books
// measured, the balance, a bar chart of the per-rep metric, and the
// moves, in the formats table, json, csv and markdown.

// DesignFormats are the formats of the territories and balance reports.
func DesignFormats() []string { return []string{"table", "json", "csv", "markdown"} }

// designBarWidth is the width of the longest bar of the chart.
const designBarWidth = 40

// WriteDesign writes the report of `quotaplan territories` in format.
func WriteDesign(w io.Writer, format string, d *engine.Design, color bool) error {
	switch format {
	case "json":
		return designJSON(w, d)
	case "csv":
		return designCSV(w, d)
	case "markdown":
		b := newTextOut(w)
		for _, g := range designGrids(d) {
			g.writeMarkdown(b)
		}
		return b.finish(true)
	}
	b := newTextOut(w)
	grids := designGrids(d)
	grids[0].writeText(b, color)
	b.WriteString(paint("Balance", bold, color) + "\n" + designBalanceLine(d.Balance) + "\n\n")
	if chart := designBarChart(d); chart != "" {
		b.WriteString(paint("Per rep", bold, color) + "\n" + chart + "\n")
	}
	for _, g := range grids[2:] {
		g.writeText(b, color)
	}
	return b.finish(true)
}

// designTitle names the metric and the reps of a design.
func designTitle(metric, per string) string {
	m := "accounts"
	if metric != "" {
		m = metric
	}
	p := "reps that carry a quota"
	if per != "" {
		p = "reps where " + per
	}
	return fmt.Sprintf("Territories by %s, per %s", m, p)
}

// designGrids are the tables of a design: the territories, the balance,
// the moves.
func designGrids(d *engine.Design) []grid {
	terrs := grid{title: designTitle(d.Metric, d.Per), empty: "No territories.", headers: []header{
		{title: "Territory"}, {title: "Name"}, {title: "Accounts", right: true}, {title: "Metric", right: true},
		{title: "Reps", right: true}, {title: "Per rep", right: true}}}
	for _, t := range d.Territories {
		per := "-"
		if t.Reps > 0 {
			per = human(t.PerRep, false)
		}
		terrs.rows = append(terrs.rows, row{depth: t.Depth, cells: textCells(t.ID, t.Name, strconv.Itoa(t.Accounts),
			human(t.Metric, false), strconv.Itoa(t.Reps), per)})
	}
	terrs.rows = append(terrs.rows, row{kind: rowTotal, cells: textCells("unassigned", "", strconv.Itoa(d.Unassigned.Accounts),
		human(d.Unassigned.Metric, false), "", "")})
	bal := designBalanceGrid("Balance", d.Balance)
	moves := grid{title: fmt.Sprintf("Moves against the territory column (%d)", len(d.Moves)), empty: "No moves.",
		headers: []header{{title: "Account"}, {title: "From"}, {title: "To"}}}
	for _, m := range d.Moves {
		moves.rows = append(moves.rows, row{cells: textCells(m.Account, m.From, designDash(m.To))})
	}
	return []grid{terrs, bal, moves}
}

// designBalanceGrid is a one-row table of balance figures.
func designBalanceGrid(title string, b engine.Balance) grid {
	return grid{title: title, headers: []header{{title: "Territories", right: true}, {title: "Mean", right: true},
		{title: "CV", right: true}, {title: "Min", right: true}, {title: "Max", right: true}},
		rows: []row{{cells: textCells(strconv.Itoa(b.Territories), human(b.Mean, false), designCV(b.CV),
			human(b.Min, false), human(b.Max, false))}}}
}

// designBalanceLine is the balance in one line of text.
func designBalanceLine(b engine.Balance) string {
	return fmt.Sprintf("%d territories · mean %s · cv %s · min %s · max %s",
		b.Territories, human(b.Mean, false), designCV(b.CV), human(b.Min, false), human(b.Max, false))
}

// designCV prints a cv with four decimals.
func designCV(v float64) string { return strconv.FormatFloat(v, 'f', 4, 64) }

// designDash shows an empty territory as a dash.
func designDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// designBarChart draws the per-rep metric of the territories that count in the
// balance, one bar each, the longest designBarWidth wide.
func designBarChart(d *engine.Design) string {
	var most float64
	width := 0
	for _, t := range d.Territories {
		if t.Balanced {
			most = math.Max(most, math.Abs(t.PerRep))
			width = max(width, textWidth(t.ID))
		}
	}
	var b strings.Builder
	for _, t := range d.Territories {
		if !t.Balanced {
			continue
		}
		n := 0
		if most > 0 {
			n = int(math.Round(math.Abs(t.PerRep) / most * designBarWidth))
		}
		b.WriteString(t.ID + strings.Repeat(" ", width-textWidth(t.ID)+2) + strings.Repeat("█", n))
		if n > 0 {
			b.WriteString(" ")
		}
		b.WriteString(human(t.PerRep, false) + "\n")
	}
	return b.String()
}

// designJSON writes the design as SPEC section 10 gives its keys.
func designJSON(w io.Writer, d *engine.Design) error {
	e := newJSONWriter(w)
	e.open('{')
	e.key("format_version")
	e.str(engine.FormatVersion)
	e.key("metric")
	e.str(designDefault(d.Metric, "1"))
	e.key("per")
	e.nullable(d.Per)
	e.key("territories")
	e.open('[')
	for _, t := range d.Territories {
		e.next()
		e.open('{')
		e.key("id")
		e.str(t.ID)
		e.key("accounts")
		e.int(t.Accounts)
		e.key("metric")
		e.num(t.Metric)
		e.key("reps")
		e.int(t.Reps)
		e.key("per_rep")
		if t.Reps > 0 {
			e.num(t.PerRep)
		} else {
			e.null()
		}
		e.close('}')
	}
	e.close(']')
	e.key("unassigned")
	e.open('{')
	e.key("accounts")
	e.int(d.Unassigned.Accounts)
	e.key("metric")
	e.num(d.Unassigned.Metric)
	e.close('}')
	e.key("balance")
	e.balance(d.Balance)
	e.key("moves")
	e.moves(d.Moves, false)
	e.close('}')
	return e.finish("render territories json")
}

// designDefault is s, or def when s is empty.
func designDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// balance writes balance figures.
func (e *jsonWriter) balance(b engine.Balance) {
	e.open('{')
	e.key("territories")
	e.int(b.Territories)
	e.key("mean")
	e.num(b.Mean)
	e.key("cv")
	e.num(b.CV)
	e.key("min")
	e.num(b.Min)
	e.key("max")
	e.num(b.Max)
	e.close('}')
}

// moves writes account moves, with each account's metric when withMetric.
func (e *jsonWriter) moves(ms []engine.AccountMove, withMetric bool) {
	e.open('[')
	for _, m := range ms {
		e.next()
		e.open('{')
		e.key("account")
		e.str(m.Account)
		e.key("from")
		e.str(m.From)
		e.key("to")
		e.nullable(m.To)
		if withMetric {
			e.key("metric")
			e.num(m.Metric)
		}
		e.close('}')
	}
	e.close(']')
}

// designCSV writes one row per territory, then the unassigned accounts.
func designCSV(w io.Writer, d *engine.Design) error {
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"territory", "parent", "accounts", "metric", "reps", "per_rep", "balanced"})
	for _, t := range d.Territories {
		per := ""
		if t.Reps > 0 {
			per = engine.FormatNumber(t.PerRep)
		}
		_ = cw.Write([]string{t.ID, t.Parent, strconv.Itoa(t.Accounts), engine.FormatNumber(t.Metric), strconv.Itoa(t.Reps), per,
			strconv.FormatBool(t.Balanced)})
	}
	_ = cw.Write([]string{"", "", strconv.Itoa(d.Unassigned.Accounts), engine.FormatNumber(d.Unassigned.Metric), "", "", ""})
	cw.Flush()
	return cw.Error()
}

// WriteProposal writes the report of `quotaplan balance` in format.
func WriteProposal(w io.Writer, format string, p *engine.Proposal, color bool) error {
	switch format {
	case "json":
		e := newJSONWriter(w)
		e.open('{')
		e.key("format_version")
		e.str(engine.FormatVersion)
		e.key("metric")
		e.str(designDefault(p.Metric, "1"))
		e.key("before")
		e.balance(p.Before)
		e.key("after")
		e.balance(p.After)
		e.key("moves")
		e.moves(p.Moves, true)
		e.close('}')
		return e.finish("render balance json")
	case "csv":
		return WriteOverrides(w, p)
	}
	grids := proposalGrids(p)
	b := newTextOut(w)
	for _, g := range grids {
		if format == "markdown" {
			g.writeMarkdown(b)
		} else {
			g.writeText(b, color)
		}
	}
	return b.finish(true)
}

// proposalGrids are the tables of a proposal: the balance before and
// after, then the moves.
func proposalGrids(p *engine.Proposal) []grid {
	bal := designBalanceGrid("Balance", engine.Balance{})
	bal.headers = append([]header{{title: ""}}, bal.headers...)
	bal.rows = nil
	for _, r := range []struct {
		name string
		b    engine.Balance
	}{{"before", p.Before}, {"after", p.After}} {
		bal.rows = append(bal.rows, row{cells: textCells(r.name, strconv.Itoa(r.b.Territories), human(r.b.Mean, false),
			designCV(r.b.CV), human(r.b.Min, false), human(r.b.Max, false))})
	}
	moves := grid{title: fmt.Sprintf("Moves (%d)", len(p.Moves)), empty: "No move lowers the cv.",
		headers: []header{{title: "Account"}, {title: "From"}, {title: "To"}, {title: "Metric", right: true}}}
	for _, m := range p.Moves {
		moves.rows = append(moves.rows, row{cells: textCells(m.Account, m.From, m.To, human(m.Metric, false))})
	}
	return []grid{bal, moves}
}

// WriteOverrides writes the moves of a proposal as the account,territory
// CSV that a carve's overrides read.
func WriteOverrides(w io.Writer, p *engine.Proposal) error {
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"account", "territory"})
	for _, m := range p.Moves {
		_ = cw.Write([]string{m.Account, m.To})
	}
	cw.Flush()
	return cw.Error()
}
