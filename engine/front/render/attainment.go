package render

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/quotaplan/quotaplan/engine"
)

// Attainment writes the report of `quotaplan attainment` (SPEC section
// 8) in one of Formats: for each measure with actual blocks, every rep
// under its manager with quota to date, actual to date, attainment, FY
// quota and the share of it reached; the attainment distribution over the
// ramped reps as a bar per band, with the share at or above quota against
// the healthy range of 60-70%; the forecast accuracy by month; and the
// rows no rep was credited for, with how to fix them. A plan without
// actual blocks is an error that says how to add one.
func Attainment(w io.Writer, format string, r *engine.Result, o Options) error {
	if r == nil || r.Credits == nil || len(r.Credits.Distribution) == 0 {
		return fmt.Errorf("the plan has no actual blocks: add one, e.g. actual \"new_arr\" { date = \"deal.close_date\", amount = \"deal.amount\", rep = \"deal.owner\" } with an import \"deals\" block")
	}
	switch format {
	case "table":
		return attainmentText(w, r, o.Color)
	case "markdown":
		return attainmentMarkdown(w, r)
	case "json":
		return attainmentJSON(w, r)
	case "csv":
		return attainmentCSV(w, r)
	}
	return fmt.Errorf("unknown format %q: use one of %s", format, strings.Join(Formats(), ", "))
}

// Healthy share of ramped reps at or above quota (DOMAIN.md: 60-70%).
const healthyFrom, healthyTo = HealthyFrom, HealthyTo

// HealthyFrom and HealthyTo bound the healthy share of ramped reps at or
// above quota (DOMAIN: 60-70%), which every view of attainment marks.
const HealthyFrom, HealthyTo = 0.6, 0.7

// attainmentRow is one rep's line of the report.
type attainmentRow struct {
	rep   *engine.RepResult
	depth int
	a     *engine.ActualResult // nil: shown only for the reps below it
	fy    float64
}

// attainmentRows lists, in manager-tree order (roots and reports by id),
// the reps with figures of measure and the managers above them.
func attainmentRows(r *engine.Result, measure string) []attainmentRow {
	shown := map[string]bool{}
	for _, rep := range r.Reps {
		if rep.Actual(measure) == nil {
			continue
		}
		for id, n := rep.ID, 0; id != "" && !shown[id] && n <= len(r.Reps); n++ {
			shown[id] = true
			if m := r.Rep(id); m != nil {
				id = m.Manager
			} else {
				id = ""
			}
		}
	}
	var out []attainmentRow
	var visit func(rep *engine.RepResult, depth int)
	visit = func(rep *engine.RepResult, depth int) {
		if !shown[rep.ID] || depth > len(r.Reps) {
			return
		}
		row := attainmentRow{rep: rep, depth: depth, a: rep.Actual(measure)}
		if q := rep.Quota(measure); q != nil {
			row.fy = q.Total
		}
		out = append(out, row)
		for _, id := range rep.Reports {
			if c := r.Rep(id); c != nil {
				visit(c, depth+1)
			}
		}
	}
	for _, rep := range reps(r) {
		if rep.Manager == "" || r.Rep(rep.Manager) == nil {
			visit(rep, 0)
		}
	}
	return out
}

// percent formats a share as "61.4%".
func percent(v float64) string { return strconv.FormatFloat(v*100, 'f', 1, 64) + "%" }

// attainmentGrids lays out the report as grids, for text and markdown.
func attainmentGrids(r *engine.Result) []grid {
	c := r.Credits
	var out []grid
	for _, d := range c.Distribution {
		unit := ""
		for _, m := range r.Measures {
			if m.Name == d.Measure {
				unit = m.Unit
			}
		}
		cur := isCurrency(unit, r.Plan.Currency)
		num := func(v float64) cell { return cell{text: string(appendHuman(nil, v, cur))} }
		g := grid{title: fmt.Sprintf("%s (%s)", d.Measure, unit),
			headers: []header{{title: "Rep"}, {title: "Role"}, {title: "Quota to date", right: true}, {title: "Actual", right: true},
				{title: "Attain.", right: true}, {title: "FY quota", right: true}, {title: "Of FY", right: true}, {title: "Ramped"}},
			empty: "No rep carries this measure or was credited for it."}
		var td, act, fy float64
		for _, ar := range attainmentRows(r, d.Measure) {
			cells := []cell{{text: ar.rep.ID}, {text: dash(ar.rep.Role)}, {text: "-"}, {text: "-"}, {text: "-"}, {text: "-"}, {text: "-"}, {text: "-"}}
			if a := ar.a; a != nil {
				cells[3] = num(a.Total)
				if a.Carries {
					cells[2], cells[5] = num(a.ToDate), num(ar.fy)
					td, act, fy = td+a.ToDate, act+a.Total, fy+ar.fy
					if ar.fy != 0 {
						cells[6] = cell{text: percent(a.Total / ar.fy)}
					}
					cells[7] = cell{text: "no"}
					if a.Ramped {
						cells[7] = cell{text: "yes"}
					}
				}
				if a.HasAttainment {
					cells[4] = attainmentCell(a.Attainment)
				}
			}
			g.rows = append(g.rows, row{cells: cells, depth: ar.depth})
		}
		if len(g.rows) > 0 {
			total := []cell{{text: "total (reps with quota)"}, {}, num(td), num(act), {text: "-"}, num(fy), {text: "-"}, {}}
			if td != 0 {
				total[4] = attainmentCell(act / td)
			}
			if fy != 0 {
				total[6] = cell{text: percent(act / fy)}
			}
			g.rows = append(g.rows, row{cells: total, kind: rowTotal})
		}
		out = append(out, g, distributionGrid(d))
	}
	for _, a := range c.Accuracy {
		g := grid{title: "Forecast accuracy · " + a.Measure,
			headers: []header{{title: "Period"}, {title: "Reps", right: true}, {title: "Forecast", right: true}, {title: "Actual", right: true},
				{title: "Quota", right: true}, {title: "Gap (points)", right: true}},
			empty: "No forecast was submitted for a month that has ended."}
		for _, p := range a.Periods {
			gap := cell{text: "-"}
			if p.HasGap {
				gap = cell{text: strconv.FormatFloat(p.GapPoints, 'f', 1, 64)}
				if math.Abs(p.GapPoints) > 20 {
					gap.style = yellow
				}
			}
			g.rows = append(g.rows, row{cells: []cell{{text: p.Period}, {text: strconv.Itoa(p.Reps)},
				{text: string(appendHuman(nil, p.Forecast, true))}, {text: string(appendHuman(nil, p.Actual, true))},
				{text: string(appendHuman(nil, p.Quota, true))}, gap}})
		}
		out = append(out, g)
	}
	return out
}

// distributionGrid shows the bands of a distribution as bars.
func distributionGrid(d engine.Distribution) grid {
	g := grid{title: fmt.Sprintf("Distribution · %s · %d ramped reps with a quota to date", d.Measure, d.Reps),
		headers: []header{{title: "Attainment"}, {title: "Reps", right: true}, {title: ""}},
		empty:   "No rep is ramped with a quota to date yet."}
	if d.Reps == 0 {
		return g
	}
	most := 0
	for _, b := range d.Bands {
		most = max(most, b.Reps)
	}
	const barWidth = 30
	for _, b := range d.Bands {
		label := fmt.Sprintf("%s-%s", percentInt(b.From), percentInt(b.To))
		if math.IsInf(b.To, 1) {
			label = percentInt(b.From) + "+"
		}
		n := 0
		if most > 0 {
			n = (b.Reps*barWidth + most - 1) / most
		}
		g.rows = append(g.rows, row{cells: []cell{{text: label}, {text: strconv.Itoa(b.Reps)}, {text: strings.Repeat("#", n)}}})
	}
	return g
}

func percentInt(v float64) string { return strconv.FormatFloat(v*100, 'f', -1, 64) + "%" }

// shareGauge shows the share at or above quota on a 0-100% scale with the
// healthy range bracketed: "####....[==]....".
func shareGauge(share float64) string {
	const width = 50
	var b strings.Builder
	filled := int(math.Round(share * width))
	lo, hi := int(healthyFrom*width), int(healthyTo*width)
	b.WriteByte('|')
	for i := 0; i < width; i++ {
		switch {
		case i == lo:
			b.WriteByte('[')
		case i == hi-1:
			b.WriteByte(']')
		case i < filled:
			b.WriteByte('#')
		case i > lo && i < hi:
			b.WriteByte('=')
		default:
			b.WriteByte('.')
		}
	}
	b.WriteByte('|')
	return b.String()
}

// verdict reads the share at or above quota against the healthy range.
// Verdict reads the share of ramped reps at or above quota against the
// healthy range, in the words every view of attainment uses.
func Verdict(d engine.Distribution) string { return verdict(d) }

func verdict(d engine.Distribution) string {
	switch {
	case d.Reps == 0:
		return "no ramped rep has a quota to date yet"
	case d.Share < 0.5:
		return "below 50%: a structural problem of the plan (quotas too high, or territories too thin)"
	case d.Share < healthyFrom:
		return "below the healthy range"
	case d.Share <= healthyTo:
		return "within the healthy range"
	case d.Share > 0.8:
		return "above 80%: quotas are probably too low"
	}
	return "above the healthy range"
}

// distributionSummary is the line under a distribution's bars.
func distributionSummary(d engine.Distribution) []string {
	if d.Reps == 0 {
		return nil
	}
	return []string{
		fmt.Sprintf("At or above quota: %d of %d (%s) · median %s · %s.", d.AtOrAbove, d.Reps, percent(d.Share), percent(d.Median), verdict(d)),
		fmt.Sprintf("  %s  0%% .. 100%%, healthy 60-70%% in [ ]", shareGauge(d.Share)),
	}
}

// maxUnassignedShown is how many unassigned rows the report lists.
const maxUnassignedShown = 10

// unassignedLines describes the unassigned rows: how many, the first few,
// and how to fix them.
func unassignedLines(r *engine.Result) (title string, g grid, fix string) {
	u := r.Credits.Unassigned
	if len(u) == 0 {
		return "Unassigned rows: none.", grid{}, ""
	}
	// A row left out by several blocks is one row, and the amounts of
	// different measures do not add up: count the rows, and sum by block.
	rows := map[string]bool{}
	var blocks []string
	sums := map[string]float64{}
	for _, x := range u {
		rows[x.At] = true
		if _, ok := sums[x.Block]; !ok {
			blocks = append(blocks, x.Block)
		}
		sums[x.Block] += x.Amount
	}
	var parts []string
	for _, b := range blocks {
		i := slices.IndexFunc(u, func(x engine.Unassigned) bool { return x.Block == b })
		cur := isCurrency(unitOf(r.Measures, u[i].Measure), r.Plan.Currency)
		parts = append(parts, b+" "+string(appendHuman(nil, sums[b], cur)))
	}
	title = fmt.Sprintf("Unassigned rows: %s (%s)", plural(len(rows), "row", "rows"), strings.Join(parts, ", "))
	if len(u) > maxUnassignedShown {
		title += fmt.Sprintf(" (the first %d shown; `--format json` lists all)", maxUnassignedShown)
	}
	g = grid{headers: []header{{title: "Row"}, {title: "At"}, {title: "Block"}, {title: "Amount", right: true}, {title: "Reason"}}}
	for _, x := range u[:min(len(u), maxUnassignedShown)] {
		g.rows = append(g.rows, row{cells: []cell{{text: x.Row}, {text: x.At}, {text: x.Block}, {text: string(appendHuman(nil, x.Amount, true))}, {text: x.Reason}}})
	}
	fix = "Fix: correct the rep id in the export, declare the missing rep (an `end` date keeps a rep who left), or map the id in the block's rep rule, e.g. rep = \"deal.owner == 'jdoe' ? 'j.doe' : deal.owner\"."
	return title, g, fix
}

// attainmentText writes the table format.
func attainmentText(w io.Writer, r *engine.Result, color bool) error {
	b := newTextOut(w)
	b.WriteString(paint(fmt.Sprintf("Attainment as of %s · %s", r.Credits.AsOf, planTitle(r.Plan)), bold, color) + "\n\n")
	dists := r.Credits.Distribution
	for _, g := range attainmentGrids(r) {
		g.writeText(b, color)
		if strings.HasPrefix(g.title, "Distribution · ") {
			for _, d := range dists {
				if strings.HasPrefix(g.title, "Distribution · "+d.Measure+" · ") {
					for _, line := range distributionSummary(d) {
						b.WriteString(line + "\n")
					}
				}
			}
			b.WriteString("\n")
		}
	}
	title, g, fix := unassignedLines(r)
	if fix == "" {
		b.WriteString(paint(title, bold, color) + "\n")
		return b.finish(true)
	}
	g.title = title
	g.writeText(b, color)
	b.WriteString(fix + "\n")
	return b.finish(true)
}

// attainmentMarkdown writes the markdown format.
func attainmentMarkdown(w io.Writer, r *engine.Result) error {
	b := newTextOut(w)
	b.WriteString("# " + escapeMarkdown(fmt.Sprintf("Attainment as of %s · %s", r.Credits.AsOf, planTitle(r.Plan))) + "\n\n")
	for _, g := range attainmentGrids(r) {
		g.writeMarkdown(b)
		for _, d := range r.Credits.Distribution {
			if strings.HasPrefix(g.title, "Distribution · "+d.Measure+" · ") {
				if lines := distributionSummary(d); len(lines) > 0 {
					b.WriteString(escapeMarkdown(lines[0]) + "\n\n`" + strings.TrimSpace(lines[1]) + "`\n\n")
				}
			}
		}
	}
	title, g, fix := unassignedLines(r)
	b.WriteString("## " + escapeMarkdown(title) + "\n\n")
	if fix != "" {
		g.writeMarkdownTable(b)
		b.WriteString("\n" + escapeMarkdown(fix) + "\n")
	}
	return b.finish(false)
}

// attainmentJSON writes {"format_version", "as_of", "measures": [{"measure",
// "reps": [...], "distribution", "forecast_accuracy"}], "unassigned"}.
func attainmentJSON(w io.Writer, r *engine.Result) error {
	c := r.Credits
	e := newJSONWriter(w)
	e.open('{')
	e.key("format_version")
	e.str(engine.FormatVersion)
	e.key("plan")
	e.str(r.Plan.ID)
	e.key("as_of")
	e.str(c.AsOf)
	e.key("measures")
	e.open('[')
	for _, d := range c.Distribution {
		e.next()
		e.open('{')
		e.key("measure")
		e.str(d.Measure)
		e.key("reps")
		e.open('[')
		for _, row := range attainmentRows(r, d.Measure) {
			if row.a == nil {
				continue
			}
			e.next()
			e.open('{')
			e.key("id")
			e.str(row.rep.ID)
			e.key("manager")
			e.nullable(row.rep.Manager)
			e.key("quota_to_date")
			e.num(row.a.ToDate)
			e.key("actual")
			e.num(row.a.Total)
			e.key("attainment")
			if row.a.HasAttainment {
				e.num(row.a.Attainment)
			} else {
				e.null()
			}
			e.key("fy_quota")
			e.num(row.fy)
			e.key("share_of_fy")
			if row.fy != 0 {
				e.num(row.a.Total / row.fy)
			} else {
				e.null()
			}
			e.key("ramped")
			e.bool(row.a.Ramped)
			e.close('}')
		}
		e.close(']')
		e.key("distribution")
		e.open('{')
		e.distribution(d)
		e.close('}')
		e.key("forecast_accuracy")
		e.open('[')
		for _, a := range c.Accuracy {
			if a.Measure != d.Measure {
				continue
			}
			for _, p := range a.Periods {
				e.next()
				e.open('{')
				e.key("period")
				e.str(p.Period)
				e.key("reps")
				e.int(p.Reps)
				e.key("forecast")
				e.num(p.Forecast)
				e.key("actual")
				e.num(p.Actual)
				e.key("quota")
				e.num(p.Quota)
				e.key("gap_points")
				if p.HasGap {
					e.num(p.GapPoints)
				} else {
					e.null()
				}
				e.close('}')
			}
		}
		e.close(']')
		e.close('}')
	}
	e.close(']')
	e.key("unassigned")
	e.open('[')
	for _, u := range c.Unassigned {
		e.next()
		e.open('{')
		e.key("row")
		e.str(u.Row)
		e.key("at")
		e.str(u.At)
		e.key("block")
		e.str(u.Block)
		e.key("measure")
		e.str(u.Measure)
		e.key("amount")
		e.num(u.Amount)
		e.key("reason")
		e.str(u.Reason)
		e.close('}')
	}
	e.close(']')
	e.close('}')
	return e.finish("render attainment json")
}

// attainmentCSV writes one line per rep and measure with figures.
func attainmentCSV(w io.Writer, r *engine.Result) error {
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"measure", "rep", "manager", "quota_to_date", "actual", "attainment", "fy_quota", "share_of_fy", "ramped"})
	num := func(v float64) string { return engine.FormatNumber(v) }
	for _, d := range r.Credits.Distribution {
		for _, row := range attainmentRows(r, d.Measure) {
			if row.a == nil {
				continue
			}
			att, share := "", ""
			if row.a.HasAttainment {
				att = num(row.a.Attainment)
			}
			if row.fy != 0 {
				share = num(row.a.Total / row.fy)
			}
			_ = cw.Write([]string{d.Measure, row.rep.ID, row.rep.Manager, num(row.a.ToDate), num(row.a.Total), att, num(row.fy), share,
				strconv.FormatBool(row.a.Ramped)})
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("render attainment csv: %w", err)
	}
	return nil
}
