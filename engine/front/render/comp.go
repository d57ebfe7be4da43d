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

// Comp writes the report of `quotaplan comp` in format: per comp, each
// rep's target pay and payouts to date by period, the payout curve as a
// small chart and the cost curve at the attainment points; then the cost
// curve of all comps together.
func Comp(w io.Writer, format string, r *engine.Result, points []float64, o Options) error {
	if r == nil || r.Comps == nil {
		return fmt.Errorf("the plan has no comp blocks: add one, e.g. comp \"ae\" { measure = \"new_arr\", target_pay = \"rep.ote * 0.5\" } with a tier { from = 0, rate = 1 } (one attribute per line)")
	}
	if len(points) == 0 {
		points = engine.CostPoints
	}
	switch format {
	case "table":
		return compText(w, r, points, o.Color)
	case "markdown":
		return compMarkdown(w, r, points)
	case "json":
		return compJSON(w, r, points)
	case "csv":
		return compCSV(w, r)
	}
	return fmt.Errorf("unknown format %q: use one of %s", format, strings.Join(Formats(), ", "))
}

// TotalCost is the cost of every comp of r at uniform attainment x: the
// sum of their payouts against the bookings of the distinct measures
// whose unit is the plan currency (a meetings quota books no revenue).
func TotalCost(r *engine.Result, x float64) engine.CostPoint {
	pt := engine.CostPoint{Attainment: x}
	var seen []string
	for _, s := range r.Comps.Comps {
		c := s.Cost(x)
		pt.Payout += c.Payout
		if slices.Contains(seen, s.Measure) || !isCurrency(measureUnit(r, s.Measure), r.Plan.Currency) {
			continue
		}
		seen = append(seen, s.Measure)
		pt.Bookings += c.Bookings
	}
	if pt.Bookings != 0 {
		pt.CostOfSale, pt.HasCost = pt.Payout/pt.Bookings, true
	}
	return pt
}

// measureUnit is the unit of measure in r.
func measureUnit(r *engine.Result, measure string) string {
	for _, m := range r.Measures {
		if m.Name == measure {
			return m.Unit
		}
	}
	return ""
}

// money formats an amount of pay: whole numbers as "9,000", others with
// cents.
func money(v float64) string {
	if v == math.Trunc(v) {
		return string(appendHuman(nil, v, true))
	}
	return strconv.FormatFloat(v, 'f', 2, 64)
}

// compRepGrid lays out the reps of one comp: target pay, each period's
// payout (or "open") and the payout to date.
func compRepGrid(r *engine.Result, s *engine.CompSummary) grid {
	period := "quarter"
	if s.Block != nil {
		period = s.Block.Period
	}
	noun := "reps"
	if s.Reps == 1 {
		noun = "rep"
	}
	g := grid{title: fmt.Sprintf("comp %s · %s · paid by %s · %d %s", s.ID, s.Measure, period, s.Reps, noun),
		headers: []header{{title: "Rep"}, {title: "Role"}, {title: "Target pay", right: true}},
		empty:   "The comp applies to no rep that carries its measure."}
	var ids []string
	for _, rep := range reps(r) {
		c := rep.CompOf(s.ID)
		if c == nil {
			continue
		}
		if ids == nil {
			for _, p := range c.Periods {
				ids = append(ids, p.ID)
				g.headers = append(g.headers, header{title: p.ID, right: true})
			}
			g.headers = append(g.headers, header{title: "Payout", right: true})
		}
		cells := []cell{{text: rep.ID}, {text: dash(rep.Role)}, {text: money(c.TargetPay)}}
		for _, p := range c.Periods {
			switch {
			case p.Paid:
				cells = append(cells, cell{text: fmt.Sprintf("%s (%s)", money(p.Payout), percentInt0(p.Attainment))})
			case !c.Paid:
				cells = append(cells, cell{text: "-"})
			default:
				cells = append(cells, cell{text: "open"})
			}
		}
		pay := cell{text: "-"}
		if c.Paid {
			pay = cell{text: money(c.Payout)}
		}
		g.rows = append(g.rows, row{cells: append(cells, pay)})
	}
	if len(g.rows) > 0 {
		total := []cell{{text: "total"}, {}, {text: money(s.TargetPay)}}
		for range ids {
			total = append(total, cell{})
		}
		pay := cell{text: "-"}
		if s.Paid {
			pay = cell{text: money(s.Payout)}
		}
		g.rows = append(g.rows, row{cells: append(total, pay), kind: rowTotal})
	}
	return g
}

// percentInt0 formats an attainment as a whole percentage, "150%".
func percentInt0(v float64) string { return strconv.FormatFloat(math.Round(v*100), 'f', 0, 64) + "%" }

// costGrid lays out a cost curve: at each attainment, the payout factor,
// the payout, the bookings and the cost of sale.
func costGrid(title, unit string, currency bool, points []float64, at func(x float64) (engine.CostPoint, string)) grid {
	g := grid{title: title, headers: []header{{title: "Attainment", right: true}, {title: "Factor", right: true},
		{title: "Payout", right: true}, {title: "Bookings", right: true}, {title: "Cost of sale", right: true}}}
	for _, x := range points {
		pt, factor := at(x)
		cos := "-"
		switch {
		case pt.HasCost && currency:
			cos = percent(pt.CostOfSale)
		case pt.HasCost:
			cos = money(math.Round(pt.CostOfSale*100)/100) + " per unit"
		}
		g.rows = append(g.rows, row{cells: []cell{{text: percentInt(x)}, {text: factor}, {text: money(pt.Payout)},
			{text: string(appendHuman(nil, pt.Bookings, currency))}, {text: cos}}})
	}
	return g
}

// compCostGrid is the cost curve of one comp; for a measure that is not a
// currency the cost of sale is the pay per unit booked.
func compCostGrid(r *engine.Result, s *engine.CompSummary, points []float64) grid {
	unit := measureUnit(r, s.Measure)
	return costGrid(fmt.Sprintf("Cost curve · %s (every rep at the same attainment in every period)", s.ID), unit,
		isCurrency(unit, r.Plan.Currency), points,
		func(x float64) (engine.CostPoint, string) {
			f := "-"
			if s.Block != nil {
				f = strconv.FormatFloat(s.Block.Factor(x), 'f', 2, 64)
			}
			return s.Cost(x), f
		})
}

// totalCostGrid is the cost curve of every comp together.
func totalCostGrid(r *engine.Result, points []float64) grid {
	return costGrid("Cost curve · all comps (bookings of the measures in "+r.Plan.Currency+")", r.Plan.Currency, true, points, func(x float64) (engine.CostPoint, string) {
		return TotalCost(r, x), "-"
	})
}

// curveChart draws a comp's payout curve, attainment -> factor, as one bar
// per 10 points of attainment, noting where each tier starts and where
// the cap binds, so that decelerators, accelerators and the cap show.
func curveChart(s *engine.CompSummary) []string {
	c := s.Block
	if c == nil || len(c.Tiers) == 0 {
		return nil
	}
	top := max(1.5, c.Tiers[len(c.Tiers)-1].From+0.5)
	capAt := math.Inf(1)
	if c.HasCap {
		for x := 0.0; x <= 5; x += 0.1 {
			if c.Factor(x) >= c.Cap {
				capAt = x
				top = max(top, math.Round((x+0.2)*10)/10)
				break
			}
		}
	}
	top = min(top, 3)
	steps := int(math.Round(top * 10))
	most := c.Factor(top)
	const width = 40
	lines := []string{fmt.Sprintf("Payout curve · %s (attainment -> payout factor)", s.ID)}
	tier := 0
	capped := false
	for i := 0; i <= steps; i++ {
		x := float64(i) / 10
		f := c.Factor(x)
		n := 0
		if most > 0 {
			n = int(math.Round(f / most * width))
		}
		note := ""
		for tier < len(c.Tiers) && c.Tiers[tier].From <= x+1e-9 {
			note = fmt.Sprintf("  <- rate %s from %s", strconv.FormatFloat(c.Tiers[tier].Rate, 'f', -1, 64), percentInt(c.Tiers[tier].From))
			tier++
		}
		if !capped && x >= capAt-1e-9 {
			note += fmt.Sprintf("  <- cap %s", strconv.FormatFloat(c.Cap, 'f', -1, 64))
			capped = true
		}
		lines = append(lines, fmt.Sprintf("%5s  %5.2f |%s%s", percentInt0(x), f, strings.Repeat("#", n), note))
	}
	return lines
}

// compText writes the table format.
func compText(w io.Writer, r *engine.Result, points []float64, color bool) error {
	b := newTextOut(w)
	b.WriteString(paint(fmt.Sprintf("Compensation as of %s · %s", r.Comps.AsOf, planTitle(r.Plan)), bold, color) + "\n\n")
	for _, s := range r.Comps.Comps {
		compRepGrid(r, s).writeText(b, color)
		if !s.Paid {
			b.WriteString(fmt.Sprintf("The measure %s has no actual block: nothing is paid yet, the cost curve below still holds.\n\n", s.Measure))
		}
		for _, line := range curveChart(s) {
			b.WriteString(line + "\n")
		}
		b.WriteString("\n")
		compCostGrid(r, s, points).writeText(b, color)
	}
	if len(r.Comps.Comps) > 1 {
		totalCostGrid(r, points).writeText(b, color)
	}
	return b.finish(true)
}

// compMarkdown writes the markdown format.
func compMarkdown(w io.Writer, r *engine.Result, points []float64) error {
	b := newTextOut(w)
	b.WriteString("# " + escapeMarkdown(fmt.Sprintf("Compensation as of %s · %s", r.Comps.AsOf, planTitle(r.Plan))) + "\n\n")
	for _, s := range r.Comps.Comps {
		compRepGrid(r, s).writeMarkdown(b)
		if lines := curveChart(s); len(lines) > 0 {
			b.WriteString("### " + escapeMarkdown(lines[0]) + "\n\n```\n" + strings.Join(lines[1:], "\n") + "\n```\n\n")
		}
		compCostGrid(r, s, points).writeMarkdown(b)
	}
	if len(r.Comps.Comps) > 1 {
		totalCostGrid(r, points).writeMarkdown(b)
	}
	return b.finish(false)
}

// compJSON writes {"format_version", "plan", "as_of", "comps": [{"id",
// "measure", "reps", "target_pay", "payout", "curve": [{"attainment",
// "payout", "bookings", "cost_of_sale"}]}], "total": {"curve"}, "reps":
// [{"id", "name", "role", "manager", "comp": {...}}]}.
func compJSON(w io.Writer, r *engine.Result, points []float64) error {
	e := newJSONWriter(w)
	curve := func(at func(x float64) engine.CostPoint) {
		e.key("curve")
		e.open('[')
		for _, x := range points {
			pt := at(x)
			e.next()
			e.open('{')
			e.key("attainment")
			e.num(x)
			e.key("payout")
			e.num(pt.Payout)
			e.key("bookings")
			e.num(pt.Bookings)
			e.key("cost_of_sale")
			if pt.HasCost {
				e.num(pt.CostOfSale)
			} else {
				e.null()
			}
			e.close('}')
		}
		e.close(']')
	}
	e.open('{')
	e.key("format_version")
	e.str(engine.FormatVersion)
	e.key("plan")
	e.str(r.Plan.ID)
	e.key("as_of")
	e.str(r.Comps.AsOf)
	e.key("comps")
	e.open('[')
	for _, s := range r.Comps.Comps {
		e.next()
		e.open('{')
		e.key("id")
		e.str(s.ID)
		e.key("measure")
		e.str(s.Measure)
		e.key("reps")
		e.int(s.Reps)
		e.key("target_pay")
		e.num(s.TargetPay)
		e.key("payout")
		if s.Paid {
			e.num(s.Payout)
		} else {
			e.null()
		}
		curve(s.Cost)
		e.close('}')
	}
	e.close(']')
	e.key("total")
	e.open('{')
	curve(func(x float64) engine.CostPoint { return TotalCost(r, x) })
	e.close('}')
	e.key("reps")
	e.open('[')
	for _, rep := range r.Reps {
		if len(rep.Comp) == 0 {
			continue
		}
		e.next()
		e.open('{')
		e.key("id")
		e.str(rep.ID)
		e.key("name")
		e.nullable(rep.Name)
		e.key("role")
		e.nullable(rep.Role)
		e.key("manager")
		e.nullable(rep.Manager)
		e.repComp(rep)
		e.close('}')
	}
	e.close(']')
	e.close('}')
	return e.finish("render comp json")
}

// compCSV writes one line per rep, comp and payout period: the payroll
// view. The cost curve is in the other formats.
func compCSV(w io.Writer, r *engine.Result) error {
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"comp", "measure", "rep", "period", "target_pay", "quota", "actual", "paid", "attainment", "factor", "payout"})
	num := func(v float64) string { return engine.FormatNumber(v) }
	for _, s := range r.Comps.Comps {
		for _, rep := range r.Reps {
			c := rep.CompOf(s.ID)
			if c == nil {
				continue
			}
			for _, p := range c.Periods {
				att, f, pay, actual := "", "", "", ""
				if p.Paid {
					att, f, pay = num(p.Attainment), num(p.Factor), num(p.Payout)
				}
				if c.Paid {
					actual = num(p.Actual)
				}
				_ = cw.Write([]string{s.ID, s.Measure, rep.ID, p.ID, num(p.TargetPay), num(p.Quota), actual, strconv.FormatBool(p.Paid), att, f, pay})
			}
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("render comp csv: %w", err)
	}
	return nil
}
