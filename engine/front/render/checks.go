package render

import (
	"cmp"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"

	"github.com/quotaplan/quotaplan/engine"
	"github.com/quotaplan/quotaplan/plans"
)

// CheckOptions choose the shape of the check report.
type CheckOptions struct {
	Color      bool // ANSI colour for a terminal (text)
	ShowPassed bool // list the passed results too (`check --all`; text)
	// Subjects finds where the subject of a result is declared, for the
	// formats that give or point at that place (json, junit, sarif,
	// github); nil finds nothing, and they point at the check instead.
	Subjects SubjectLocator
}

// CheckFormats returns the names of the formats of WriteChecks, default
// first.
func CheckFormats() []string {
	return []string{"text", "json", "junit", "sarif", "github"}
}

// WriteChecks writes the check results of r in the named format (see
// CheckFormats): text is Checks; json is {"checks", "summary"} with the place of each
// result's check and subject, and all four counts in the summary (see
// checksJSON); junit is a JUnit XML report with
// one test suite per check; sarif is a SARIF 2.1.0 log; github prints
// GitHub Actions workflow commands that annotate the failed results. An
// unknown format is an error that lists the valid ones; nothing is written
// then.
func WriteChecks(w io.Writer, format string, r *engine.Result, o CheckOptions) error {
	if r == nil {
		return fmt.Errorf("render checks %s: no result", format)
	}
	switch format {
	case "text":
		return Checks(w, r, o)
	case "json":
		return checksJSON(w, r, o.Subjects)
	case "junit":
		return checksJUnit(w, r, o.Subjects)
	case "sarif":
		return checksSARIF(w, r, o.Subjects)
	case "github":
		return checksGitHub(w, r, o.Subjects)
	}
	return fmt.Errorf("unknown check format %q: use one of %s", format, strings.Join(CheckFormats(), ", "))
}

// SubjectLocator tells where the subject of a check result is declared (a
// rep's or territory's block, or its row of an imported CSV); ok is false
// when the subject has no declaration of its own to point at.
type SubjectLocator func(c *engine.CheckResult) (at hcl.Range, ok bool)

// PlanSubjects is the SubjectLocator of the plan p: the subject of a result
// of a rep-scope check is the rep of that id, of a territory-scope check
// the territory; plan and goal subjects are not located (the check is the
// place to look at). A nil p locates nothing.
func PlanSubjects(p *plans.Plan) SubjectLocator {
	if p == nil {
		return nil
	}
	scopes := make(map[string]string, len(p.Checks))
	for _, c := range p.Checks {
		scopes[c.Name] = c.Scope
	}
	return func(c *engine.CheckResult) (hcl.Range, bool) {
		switch scopes[c.Check] {
		case plans.ScopeRep:
			return declared(p.Reps, c.Subject, func(r *plans.Rep) (string, hcl.Range) { return r.ID, r.DefRange })
		case plans.ScopeTerritory:
			return declared(p.Territories, c.Subject, func(t *plans.Territory) (string, hcl.Range) { return t.ID, t.DefRange })
		}
		return hcl.Range{}, false
	}
}

// declared finds the entity id in list, which is sorted by id as a loaded
// plan keeps it, and returns where it is declared.
func declared[T any](list []*T, id string, key func(*T) (string, hcl.Range)) (hcl.Range, bool) {
	i, ok := slices.BinarySearchFunc(list, id, func(e *T, id string) int {
		k, _ := key(e)
		return strings.Compare(k, id)
	})
	if !ok {
		return hcl.Range{}, false
	}
	_, at := key(list[i])
	return at, at.Filename != ""
}

// subjectAt is where the subject of c is declared, by loc (which may be
// nil).
func subjectAt(loc SubjectLocator, c *engine.CheckResult) (hcl.Range, bool) {
	if loc == nil {
		return hcl.Range{}, false
	}
	return loc(c)
}

// annotationAt is the place a CI annotation of the failed result c points
// at: the declaration of its subject when there is one (so that a pull
// request shows the failure on the rep's CSV row or block), else its check.
// ok is false when neither is known.
func annotationAt(loc SubjectLocator, c *engine.CheckResult) (hcl.Range, bool) {
	if at, ok := subjectAt(loc, c); ok {
		return at, true
	}
	return c.Range, c.Range.Filename != ""
}

// failureMessage is the message of a failed result: its check's message,
// or "failed the check quota_to_ote" when the check has none, and a note
// when the waiver that accepted it has expired.
func failureMessage(c *engine.CheckResult) string {
	msg := c.Message
	if msg == "" {
		msg = "failed the check " + c.Check
	}
	if c.Waiver != "" && c.Status == engine.StatusFail {
		msg += fmt.Sprintf(" (the waiver %q has expired)", c.Waiver)
	}
	return msg
}

// failureText is the message of a failed result led by its subject, for the
// formats that show no subject of their own: "alice: quota is 3.2x OTE;
// healthy is 4-5x".
func failureText(c *engine.CheckResult) string {
	return c.Subject + ": " + failureMessage(c)
}

// checksJSON writes {"checks": [...], "summary": {...}}: each result with
// the keys of the JSON result and then the place of its check ("file",
// "line", "column") and, when loc finds it, of its subject
// ("subject_file", "subject_line", "subject_column"); the summary counts
// reps and the results by outcome ("errors", "warnings", "infos",
// "passed"). With waive blocks a failed result a waiver names has
// "waiver", "as_of" and "waivers" come before the summary, as in the JSON
// result, and the summary counts "waived" results and "expired" waivers.
func checksJSON(w io.Writer, r *engine.Result, loc SubjectLocator) error {
	e := newJSONWriter(w)
	e.open('{')
	e.key("checks")
	list := checks(r)
	e.elements(len(list), func(p *jsonWriter, i int) {
		c := list[i]
		p.open('{')
		p.checkFields(c)
		p.place("", c.Range)
		if at, ok := subjectAt(loc, c); ok {
			p.place("subject_", at)
		}
		p.close('}')
	})
	if r.Waivers != nil {
		e.key("as_of")
		e.str(r.Plan.AsOf)
		e.key("waivers")
		e.waivers(r)
	}
	e.key("summary")
	e.open('{')
	for _, n := range []struct {
		key   string
		count int
	}{{"reps", r.Summary.Reps}, {"errors", r.Summary.Errors}, {"warnings", r.Summary.Warnings}, {"infos", r.Summary.Infos}, {"passed", r.Summary.Passed}} {
		e.key(n.key)
		e.int(n.count)
	}
	if r.Waivers != nil {
		e.key("waived")
		e.int(r.Summary.Waived)
		e.key("expired")
		e.int(r.Summary.Expired)
	}
	e.close('}')
	e.close('}')
	return e.finish("render checks json")
}

// place writes the keys prefix+"file", "line" and "column" of at, with the
// file name in forward slashes; nothing when at has no file.
func (e *jsonWriter) place(prefix string, at hcl.Range) {
	if at.Filename == "" {
		return
	}
	e.key(prefix + "file")
	e.str(filepath.ToSlash(at.Filename))
	e.key(prefix + "line")
	e.int(at.Start.Line)
	e.key(prefix + "column")
	e.int(at.Start.Column)
}

// severityStyle is the colour of a severity.
func severityStyle(s engine.Severity) style {
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
		if c.Status == engine.StatusFail {
			out = append(out, c)
		}
	}
	slices.SortStableFunc(out, func(a, b *engine.CheckResult) int {
		return cmp.Or(cmp.Compare(b.Severity.Rank(), a.Severity.Rank()), compareCheck(a, b))
	})
	return out
}

// waivedChecks returns the failed results that a waiver accepts, by check,
// then subject.
func waivedChecks(r *engine.Result) []*engine.CheckResult {
	var out []*engine.CheckResult
	for _, c := range checks(r) {
		if c.Status == engine.StatusWaived {
			out = append(out, c)
		}
	}
	return out
}

// waiverOf returns the waiver of a check result, nil when none names it.
func waiverOf(r *engine.Result, c *engine.CheckResult) *engine.WaiverResult {
	if c.Waiver == "" {
		return nil
	}
	for _, w := range r.Waivers {
		if w.ID == c.Waiver {
			return w
		}
	}
	return nil
}

// waivedMessage says which waiver accepts the failed result c, until when
// and why: `waived by "carol ramps" until 2027-09-30: new territory`.
func waivedMessage(r *engine.Result, c *engine.CheckResult) string {
	w := waiverOf(r, c)
	if w == nil {
		return "waived"
	}
	return fmt.Sprintf("waived by %q until %s: %s", w.ID, w.Until, w.Reason)
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

// CheckCounts is the one wording of the check counts that every command
// prints: "2 errors, 1 warning, 0 info, 57 passed", all four counts always
// (even when a plan has no checks), with thousands separators, then ", 1
// waived" when waivers accept some failures. With color, the failure
// counts that are not zero take their severity's colour.
func CheckCounts(s engine.Summary, color bool) string {
	count := func(n int, one, many string, severity engine.Severity) string {
		text := human(float64(n), false) + " " + many
		if n == 1 {
			text = "1 " + one
		}
		if n == 0 {
			return text
		}
		return paint(text, severityStyle(severity), color)
	}
	counts := []string{
		count(s.Errors, "error", "errors", engine.SeverityError),
		count(s.Warnings, "warning", "warnings", engine.SeverityWarning),
		count(s.Infos, "info", "info", engine.SeverityInfo),
		human(float64(s.Passed), false) + " passed",
	}
	if s.Waived > 0 {
		counts = append(counts, human(float64(s.Waived), false)+" waived")
	}
	return strings.Join(counts, ", ")
}

// checkSummary is "Checks: 2 errors, 1 warning, 0 info, 57 passed": the
// summary line of the check report and the title of the failed checks of
// eval's table and markdown. color paints the counts as CheckCounts does;
// it is false where the whole line is painted at once.
func checkSummary(s engine.Summary, color bool) string {
	return "Checks: " + CheckCounts(s, color)
}

// Checks writes the report of `quotaplan check`: the failed results grouped
// by severity (error, warning, info) and check, each group headed by the
// check's severity, name, location and count, then the plan's waivers
// (writeWaivers), then the passed results when o.ShowPassed, then the
// summary line of checkSummary.
func Checks(w io.Writer, r *engine.Result, o CheckOptions) error {
	if r == nil {
		return fmt.Errorf("render checks: no result")
	}
	var b strings.Builder
	for _, g := range groupChecks(failedChecks(r)) {
		label := paint(string(g[0].Severity)+":", severityStyle(g[0].Severity), o.Color)
		writeCheckGroup(&b, label, g, "failed")
	}
	writeWaivers(&b, r, o.Color)
	if o.ShowPassed {
		for _, g := range groupChecks(passedChecks(r)) {
			writeCheckGroup(&b, paint("pass:", green, o.Color), g, "passed")
		}
	}
	b.WriteString(paint(checkSummary(r.Summary, false), bold, o.Color) + "\n")
	_, err := io.WriteString(w, b.String())
	return err
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

// waiverOrder is the order of the waivers' section: the expired ones,
// whose failures count again, first.
var waiverOrder = []string{engine.WaiverExpired, engine.WaiverInForce, engine.WaiverUnused}

// writeWaivers writes the section of the plan's waivers, nothing when it
// has none: a header with the day the plan is read at, then one line per
// waiver (expired, then in force, then unused) with its check and
// subject, until, reason and location, and under a waived result its
// message.
//
//	Waivers as of 2027-09-30:
//	  expired  quota_to_ote · dan    until 2027-06-30  new hire (plan.hcl:26); the failure counts again
//	  waived   quota_to_ote · carol  until 2027-09-30  new territory (plan.hcl:20)
//	           ote 50
//	  unused   quota_to_ote · alice  until 2028-01-31  just in case (plan.hcl:32); its result passed: remove the waiver
func writeWaivers(b *strings.Builder, r *engine.Result, color bool) {
	if len(r.Waivers) == 0 {
		return
	}
	fmt.Fprintf(b, "Waivers as of %s:\n", r.Plan.AsOf)
	width := 0
	for _, w := range r.Waivers {
		width = max(width, utf8.RuneCountInString(w.Check+" · "+w.Subject))
	}
	messages := map[string]string{}
	for _, c := range waivedChecks(r) {
		messages[c.Waiver] = oneLine(c.Message)
	}
	for _, status := range waiverOrder {
		for _, w := range r.Waivers {
			if w.Status != status {
				continue
			}
			what := w.Check + " · " + w.Subject
			line := fmt.Sprintf("  %s  %s%s  until %s  %s", paint(fmt.Sprintf("%-7s", w.Status), waiverStyle(w.Status), color),
				what, strings.Repeat(" ", width-utf8.RuneCountInString(what)), w.Until, oneLine(w.Reason))
			if w.Range.Filename != "" {
				line += fmt.Sprintf(" (%s:%d)", w.Range.Filename, w.Range.Start.Line)
			}
			switch status {
			case engine.WaiverExpired:
				line += "; the failure counts again"
			case engine.WaiverUnused:
				line += "; its result passed or is not checked: remove the waiver"
			}
			b.WriteString(strings.TrimRight(line, " ") + "\n")
			if msg := messages[w.ID]; status == engine.WaiverInForce && msg != "" {
				b.WriteString("           " + msg + "\n")
			}
		}
	}
	b.WriteString("\n")
}

// waiverStyle is the colour of a waiver's status.
func waiverStyle(status string) style {
	switch status {
	case engine.WaiverExpired:
		return yellow
	case engine.WaiverInForce:
		return cyan
	}
	return plain
}
