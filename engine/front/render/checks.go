package render

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/quotaplan/quotaplan/engine"
)

// CheckOptions choose the shape of the check report.
type CheckOptions struct {
	Color      bool // ANSI colour for a terminal
	ShowPassed bool // list the passed results too (`check --all`)
}

// Check severities, in report order.
var severities = []string{"error", "warning", "info"}

// severityRank orders severities error, warning, info, then anything else.
func severityRank(s string) int {
	if i := slices.Index(severities, s); i >= 0 {
		return i
	}
	return len(severities)
}

// severityStyle is the colour of a severity.
func severityStyle(s string) style {
	switch s {
	case "error":
		return red
	case "warning":
		return yellow
	case "info":
		return cyan
	}
	return plain
}

// failedChecks returns the failed results by severity (error, warning,
// info), then check, then subject.
func failedChecks(r *engine.Result) []*engine.CheckResult {
	var out []*engine.CheckResult
	for _, c := range checks(r) {
		if c.Status != engine.StatusPass {
			out = append(out, c)
		}
	}
	slices.SortStableFunc(out, func(a, b *engine.CheckResult) int {
		return cmp.Or(cmp.Compare(severityRank(a.Severity), severityRank(b.Severity)), compareCheck(a, b))
	})
	return out
}

// passedChecks returns the passed results by check, then subject.
func passedChecks(r *engine.Result) []*engine.CheckResult {
	var out []*engine.CheckResult
	for _, c := range checks(r) {
		if c.Status == engine.StatusPass {
			out = append(out, c)
		}
	}
	return out
}

// checkSummary is "Checks: 2 errors, 1 warning, 0 info, 57 passed". With
// keepZero false, zero counts of failures are left out.
func checkSummary(s engine.Summary, keepZero bool) string {
	if s.Errors+s.Warnings+s.Infos+s.Passed == 0 {
		return "Checks: none"
	}
	parts := []struct {
		n    int
		text string
	}{
		{s.Errors, plural(s.Errors, "error", "errors")},
		{s.Warnings, plural(s.Warnings, "warning", "warnings")},
		{s.Infos, plural(s.Infos, "info", "info")},
	}
	var out []string
	for _, p := range parts {
		if p.n != 0 || keepZero {
			out = append(out, p.text)
		}
	}
	out = append(out, fmt.Sprintf("%d passed", s.Passed))
	return "Checks: " + strings.Join(out, ", ")
}

// Checks writes the report of `quotaplan check`: the failed results grouped
// by severity (error, warning, info) and check, each group headed by the
// check's severity, name, location and count, then the passed results when
// o.ShowPassed, then a summary line.
func Checks(w io.Writer, r *engine.Result, o CheckOptions) error {
	if r == nil {
		return fmt.Errorf("render checks: no result")
	}
	var b strings.Builder
	for _, g := range groupChecks(failedChecks(r)) {
		label := paint(g[0].Severity+":", severityStyle(g[0].Severity), o.Color)
		writeCheckGroup(&b, label, g, "failed")
	}
	if o.ShowPassed {
		for _, g := range groupChecks(passedChecks(r)) {
			writeCheckGroup(&b, paint("pass:", green, o.Color), g, "passed")
		}
	}
	b.WriteString(paint(finalCheckLine(r.Summary), bold, o.Color) + "\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// finalCheckLine is the last line of the check report.
func finalCheckLine(s engine.Summary) string {
	switch {
	case s.Errors+s.Warnings+s.Infos+s.Passed == 0:
		return "No checks."
	case s.Errors+s.Warnings+s.Infos == 0 && s.Passed == 1:
		return "1 check passed."
	case s.Errors+s.Warnings+s.Infos == 0:
		return fmt.Sprintf("All %d checks passed.", s.Passed)
	}
	return checkSummary(s, true)
}

// groupChecks splits sorted results into runs of the same severity and check.
func groupChecks(cs []*engine.CheckResult) [][]*engine.CheckResult {
	var groups [][]*engine.CheckResult
	for i, c := range cs {
		if i == 0 || c.Check != cs[i-1].Check || c.Severity != cs[i-1].Severity {
			groups = append(groups, nil)
		}
		groups[len(groups)-1] = append(groups[len(groups)-1], c)
	}
	return groups
}

// writeCheckGroup writes one group: a header line such as
// "error: quota_to_ote (checks.hcl:12) — 2 failed", then one line per
// subject with its message, subjects padded to the same width, then a blank
// line.
func writeCheckGroup(b *strings.Builder, label string, g []*engine.CheckResult, verb string) {
	fmt.Fprintf(b, "%s %s%s — %d %s\n", label, g[0].Check, location(g[0]), len(g), verb)
	width := 0
	for _, c := range g {
		width = max(width, utf8.RuneCountInString(c.Subject))
	}
	for _, c := range g {
		line := "  " + c.Subject
		if msg := oneLine(c.Message); msg != "" {
			line += strings.Repeat(" ", width-utf8.RuneCountInString(c.Subject)) + "  " + msg
		}
		b.WriteString(line + "\n")
	}
	b.WriteString("\n")
}

// location is " (file:line)" for a check result with a known range.
func location(c *engine.CheckResult) string {
	if c.Range.Filename == "" {
		return ""
	}
	return fmt.Sprintf(" (%s:%d)", c.Range.Filename, c.Range.Start.Line)
}
