package watch

import (
	"bytes"
	"fmt"
	"github.com/quotaplan/quotaplan/plans/words"
	"io"
	"math"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"

	"github.com/quotaplan/quotaplan/engine"
	"github.com/quotaplan/quotaplan/engine/front/diff"
	"github.com/quotaplan/quotaplan/engine/front/render"
	"github.com/quotaplan/quotaplan/plans"
)

// TextOptions configure WriteText.
type TextOptions struct {
	Color bool // ANSI colours, for a terminal
	// MaxReps is how many changed reps are listed before the rest are only
	// counted; 0 means DefaultMaxReps.
	MaxReps int
	// Diagnostics is where the diagnostics of the report are written, with
	// DiagnosticsColor; nil means after the report, on the same writer.
	Diagnostics      io.Writer
	DiagnosticsColor bool
}

// DefaultMaxReps is how many changed reps a text report lists by default.
const DefaultMaxReps = 20

// timeLayout is how report times are printed: the wall clock of the save.
const timeLayout = "15:04:05"

// ANSI colours of the text report.
const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiRed    = "\x1b[31m"
	ansiGreen  = "\x1b[32m"
	ansiYellow = "\x1b[33m"
)

// WriteText writes a report for a person watching a terminal: a header
// line with the time, the evaluation duration and the check summary, then
// for a valid plan the changes since the last good result and the goal
// coverage, for an invalid one the diagnostics (warnings of a valid plan
// too), rendered as `quotaplan validate` does.
//
//	14:03:07 evaluated in 41ms: 1,000 reps; checks: 3 errors, 12 warnings, 0 info, 1,985 passed
//	  changes since 14:02:55: 2 quotas changed (+$40K, +0.1%); checks: 1 fixed
//	  ~ alice   new_arr  $480,000 -> $520,000  +$40,000  +8.3%
//	  goal new_arr: 1.12x -> 1.13x of target (expected 1.15x)
//	  fixed  quota_to_ote  alice  warning
func WriteText(w io.Writer, r Report, o TextOptions) error {
	if o.MaxReps <= 0 {
		o.MaxReps = DefaultMaxReps
	}
	t := &textWriter{color: o.Color, maxReps: o.MaxReps}
	if r.OK() {
		t.good(r)
	} else {
		t.invalid(r)
	}
	if _, err := w.Write(t.buf.Bytes()); err != nil {
		return err
	}
	if len(r.Diagnostics) == 0 {
		return nil
	}
	if o.Diagnostics == nil {
		o.Diagnostics, o.DiagnosticsColor = w, o.Color
	}
	return plans.WriteDiagnostics(o.Diagnostics, r.Diagnostics, r.Sources, o.DiagnosticsColor)
}

// textWriter accumulates the lines of one text report.
type textWriter struct {
	buf     bytes.Buffer
	color   bool
	maxReps int
}

// line writes one line, indented by two spaces unless it is the header.
func (t *textWriter) line(indent bool, format string, args ...any) {
	if indent {
		t.buf.WriteString("  ")
	}
	fmt.Fprintf(&t.buf, format, args...)
	t.buf.WriteByte('\n')
}

// paint wraps s in an ANSI colour when colours are on.
func (t *textWriter) paint(color, s string) string {
	if !t.color {
		return s
	}
	return color + s + ansiReset
}

// good writes the report of a valid plan.
func (t *textWriter) good(r Report) {
	res := r.Result
	t.line(false, "%s %s in %s: %s; %s", stamp(r.Time), t.paint(ansiGreen, "evaluated"), millis(r.Duration),
		words.Plural(len(res.Reps), "rep", "reps"), t.checkSummary(res.Summary))
	if r.Changes != nil {
		t.changes(r)
	}
	t.goals(res, r.Changes)
	t.attainment(res)
}

// invalid writes the header of an invalid plan; the diagnostics follow.
func (t *textWriter) invalid(r Report) {
	errs, warns := countDiags(r)
	kept := "no valid result yet"
	if r.LastGood != nil {
		kept = "keeping the result of " + stamp(r.LastGoodTime)
	}
	what := words.Plural(errs, "error", "errors")
	if warns > 0 {
		what += ", " + words.Plural(warns, "warning", "warnings")
	}
	t.line(false, "%s %s after %s: %s; %s", stamp(r.Time), t.paint(ansiRed, "plan invalid"), millis(r.Duration), what, kept)
}

// checkSummary is "checks: 2 errors, 1 warning, 0 info, 40 passed", in
// the words of every other command (render.CheckCounts).
func (t *textWriter) checkSummary(s engine.Summary) string {
	return "checks: " + render.CheckCounts(s, t.color)
}

// changes writes the summary of the changes since the last good result,
// the reps whose quotas changed and the checks that newly fail or were
// fixed.
func (t *textWriter) changes(r Report) {
	c := r.Changes
	since := "changes since " + stamp(r.LastGoodTime) + ": "
	if !c.Changed() {
		t.line(true, "%sno changes", since)
		return
	}
	t.line(true, "%s%s", since, strings.TrimPrefix(c.Summary(), "Plan: "))
	t.reps(r.Result, c.Reps)
	t.actuals(c.Actuals)
	t.checks(c.Checks)
}

// reps writes one line per changed quota of the first maxReps reps with
// quota changes, then how many more there are.
func (t *textWriter) reps(res *engine.Result, reps []diff.RepChange) {
	var listed []diff.RepChange
	more, width := 0, 0
	for _, rc := range reps {
		switch {
		case len(rc.Quotas) == 0:
		case len(listed) == t.maxReps:
			more++
		default:
			listed = append(listed, rc)
			width = max(width, len(rc.ID))
		}
	}
	for _, rc := range listed {
		for _, q := range rc.Quotas {
			t.line(true, "%s %-*s  %s  %s", t.paint(kindColor(rc.Kind), rc.Kind.Symbol()), width, rc.ID, q.Measure,
				amountChange(q.Amount, res.Plan.Currency))
		}
	}
	if more > 0 {
		t.line(true, "  ... and %s", words.Plural(more, "more rep", "more reps"))
	}
}

// kindColor is the colour of a change's symbol.
func kindColor(k diff.Kind) string {
	switch k {
	case diff.Added:
		return ansiGreen
	case diff.Removed:
		return ansiRed
	}
	return ansiYellow
}

// amountChange is "$480,000 -> $520,000  +$40,000  +8.3%".
func amountChange(a diff.Amount, currency string) string {
	cur := render.IsCurrency(a.Unit, currency)
	s := amount(a.Old, a.Unit, cur) + " -> " + amount(a.New, a.Unit, cur) + "  " + signed(a.Delta(), a.Unit, cur)
	if pct, ok := a.Percent(); ok {
		s += "  " + signedPercent(pct)
	}
	return s
}

// checks writes the checks that newly fail and those that were fixed.
func (t *textWriter) checks(changes []diff.CheckChange) {
	for _, c := range changes {
		switch c.Status {
		case diff.NewFailure:
			t.line(true, "%s  %s  %s  %s%s", t.paint(ansiRed, "new failure"), c.Check, c.Subject, c.Severity, message(c.Message))
		case diff.Fixed:
			t.line(true, "%s  %s  %s  %s", t.paint(ansiGreen, "fixed"), c.Check, c.Subject, c.Severity)
		}
	}
}

// message is ": text" for a non-empty check message.
func message(m string) string {
	if m == "" {
		return ""
	}
	return ": " + m
}

// goals writes every goal's coverage, old -> new where it changed.
func (t *textWriter) goals(res *engine.Result, c *diff.Report) {
	changed := map[string]diff.GoalChange{}
	if c != nil {
		for _, g := range c.Goals {
			changed[g.ID] = g
		}
	}
	for _, g := range res.Goals {
		if g.Measure == "" {
			continue // informational: nothing rolls up to it
		}
		cov := render.Ratio(g.Ratio)
		if gc, ok := changed[g.ID]; ok && gc.Kind == diff.Changed && gc.Ratio.Differs() {
			cov = render.Ratio(gc.Ratio.Old) + " -> " + cov
		}
		t.line(true, "goal %s: %s of target (expected %s)", g.ID, cov, render.Ratio(1+g.Overassign))
	}
}

// countDiags counts the errors and warnings of a report.
func countDiags(r Report) (errs, warns int) {
	for _, d := range r.Diagnostics {
		if d.Severity == hcl.DiagError {
			errs++
		} else {
			warns++
		}
	}
	return errs, warns
}

// stamp prints a report time.
func stamp(t time.Time) string { return t.Format(timeLayout) }

// millis prints a duration in whole milliseconds: "41ms".
func millis(d time.Duration) string { return fmt.Sprintf("%dms", d.Milliseconds()) }

// group prints a count with thousands separators.
func group(n int) string { return render.Human(float64(n), false) }

// amount prints a number for people with its unit: "$520,000" for US
// dollars, "CHF 1,200" for another currency, "40 meetings" for a count.
func amount(v float64, unit string, currency bool) string {
	digits := render.Human(math.Abs(v), currency)
	sign := ""
	if v < 0 && digits != "0" {
		sign = "-"
	}
	return withUnit(sign, digits, unit, currency)
}

// signed prints a change with its sign: "+$40,000", "-3 meetings", "0".
func signed(v float64, unit string, currency bool) string {
	digits := render.Human(math.Abs(v), currency)
	if digits == "0" {
		return "0"
	}
	sign := "+"
	if v < 0 {
		sign = "-"
	}
	return withUnit(sign, digits, unit, currency)
}

// symbols are the currency signs written before an amount, as in the diff
// report; other currencies are written as their code.
var symbols = map[string]string{"USD": "$", "EUR": "€", "GBP": "£"}

// withUnit puts a sign, a currency sign or code, and a unit around printed
// digits.
func withUnit(sign, digits, unit string, currency bool) string {
	switch {
	case unit == "":
		return sign + digits
	case !currency:
		return sign + digits + " " + unit
	}
	if sym, ok := symbols[unit]; ok {
		return sign + sym + digits
	}
	return sign + unit + " " + digits
}

// signedPercent prints a percentage change with one decimal: "+8.3%".
func signedPercent(p float64) string {
	s := fmt.Sprintf("%+.1f%%", p)
	if s == "+0.0%" || s == "-0.0%" {
		return "0%"
	}
	return s
}
