package web

import (
	"bytes"
	"fmt"
	htmltemplate "html/template"
	"io"
	"math"
	"slices"
	"strings"
	"sync"
	texttemplate "text/template"
	"time"
	"unicode"

	"github.com/quotaplan/quotaplan/engine"
	"github.com/quotaplan/quotaplan/plans"
	"github.com/quotaplan/quotaplan/rules"
)

// LetterFormats are the formats of `quotaplan letters`.
func LetterFormats() []string { return []string{"html", "markdown"} }

// LetterExt is the file extension of a letter format.
func LetterExt(format string) string {
	if format == "markdown" {
		return ".md"
	}
	return ".html"
}

// Letter is one rep's quota letter as data: who it is for, the quota of
// each measure by quarter and month, how each was built in plain words,
// the goals it serves, and the sections features add (LetterSections).
type Letter struct {
	RepID     string
	Name      string
	Role      string
	Territory string
	Manager   string // the manager's name (and id), "" for none
	Plan      string // the plan's title
	PlanID    string
	From, To  string // "February 2027", "January 2028"
	Scenario  string
	Quotas    []LetterQuota
	Sections  []LetterSection
	Explain   string // the command that explains a figure, for the footer
}

// LetterQuota is one measure of a letter.
type LetterQuota struct {
	Measure  string
	Total    string // formatted with its unit
	Full     string
	Quarters []LetterCell
	Months   []LetterMonth
	Built    []string // how it was built, one sentence a step
	Goals    []string // the goals it counts toward, one sentence each
}

// LetterCell is a labelled figure.
type LetterCell struct{ Label, Value string }

// LetterMonth is one month of a quota: its figure and what shaped it.
type LetterMonth struct {
	Month string // "2027-05"
	Value string
	Note  string // "ramp 40%, 17 of 31 days", "" for a full month
}

// LetterSection is a section a feature adds to every letter (the comp
// plan, say): a title, paragraphs and an optional table whose first row
// is the header. Its text is escaped like every other string.
type LetterSection struct {
	Order      int // after the quotas, lower first
	Title      string
	Paragraphs []string
	Table      [][]string
}

// LetterSectionFunc returns the section of one rep's letter, nil for
// none.
type LetterSectionFunc func(in *Input, rep *engine.RepResult) *LetterSection

var (
	letterMu       sync.Mutex
	letterSections []LetterSectionFunc
)

// RegisterLetterSection adds a section to every letter: the hook for the
// compensation plan (target pay, the payout curve) and anything else a
// feature wants a rep to read. Call it from an init function.
func RegisterLetterSection(f LetterSectionFunc) {
	letterMu.Lock()
	defer letterMu.Unlock()
	letterSections = append(letterSections, f)
}

// BuildLetter makes the letter of rep.
func BuildLetter(in *Input, rep *engine.RepResult) *Letter {
	r := in.Result
	l := &Letter{RepID: rep.ID, Name: rep.Name, Role: rep.Role, Territory: rep.Territory, Plan: r.Plan.Title, PlanID: r.Plan.ID, Scenario: r.Scenario}
	if l.Name == "" {
		l.Name = rep.ID
	}
	if m := r.Rep(rep.Manager); m != nil && m.Name != "" {
		l.Manager = fmt.Sprintf("%s (%s)", m.Name, m.ID)
	} else {
		l.Manager = rep.Manager
	}
	if len(r.Periods) > 0 {
		l.From, l.To = monthName(r.Periods[0].Start), monthName(r.Periods[len(r.Periods)-1].Start)
	}
	for _, q := range rep.Quotas {
		l.Quotas = append(l.Quotas, letterQuota(in, rep, q))
	}
	letterMu.Lock()
	funcs := slices.Clone(letterSections)
	letterMu.Unlock()
	for _, f := range funcs {
		if s := f(in, rep); s != nil {
			l.Sections = append(l.Sections, *s)
		}
	}
	slices.SortStableFunc(l.Sections, func(a, b LetterSection) int { return a.Order - b.Order })
	if len(rep.Quotas) > 0 {
		l.Explain = fmt.Sprintf("quotaplan explain DIR %s %s", shellQuote(rep.ID), rep.Quotas[0].Measure)
	}
	return l
}

// letterQuota describes one quota of a rep.
func letterQuota(in *Input, rep *engine.RepResult, q *engine.QuotaResult) LetterQuota {
	r := in.Result
	amount := func(v float64) string { return rules.FormatAmount(v, q.Unit) }
	lq := LetterQuota{Measure: q.Measure, Total: amount(q.Total), Full: amount(q.Full)}
	for i, qq := range r.Quarters {
		lq.Quarters = append(lq.Quarters, LetterCell{Label: qq.ID, Value: amount(q.Quarter(r, i))})
	}
	fs := q.Factors()
	for i, p := range r.Periods {
		m := LetterMonth{Month: p.ID, Value: amount(q.Periods[i])}
		if fs != nil {
			m.Note = monthNote(fs[i])
		}
		if n := changeNote(q, i, amount); n != "" { // changes.go
			m.Note = strings.TrimPrefix(m.Note+"; "+n, "; ")
		}
		lq.Months = append(lq.Months, m)
	}
	block := quotaBlock(in, q.Block)
	lq.Built = built(r, rep, q, fs, block, amount)
	for _, g := range r.Goals {
		if g.Measure != q.Measure || q.Restates {
			continue
		}
		lq.Goals = append(lq.Goals, goalSentence(in, g, q, amount))
	}
	return lq
}

// monthNote says what shaped one month: the ramp and the days active.
func monthNote(f engine.Factors) string {
	var parts []string
	if f.Active == 0 {
		return "not active"
	}
	if f.Active == 1 && (f.RampTier < 0 || f.RampFactor == 1) {
		return "full month"
	}
	if f.RampTier >= 0 && f.RampFactor != 1 {
		parts = append(parts, "ramp "+percent(f.RampFactor))
	}
	if f.Active < 1 {
		s := fmt.Sprintf("%d of %d days", f.ActiveDays, f.Days)
		if f.Cut&engine.CutLeave != 0 {
			s += " (leave)"
		}
		if !f.Prorated {
			s += ", not prorated"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, ", ")
}

// built is the derivation of a quota in plain words.
func built(r *engine.Result, rep *engine.RepResult, q *engine.QuotaResult, fs []engine.Factors, block *plans.Quota, amount func(float64) string) []string {
	var out []string
	rule := ""
	if block != nil {
		switch {
		case block.Annual != nil:
			rule = fmt.Sprintf(" (the rule %q of quota %q)", block.Annual.Text, block.Label)
		case block.Monthly != nil:
			rule = fmt.Sprintf(" (the monthly rule %q of quota %q)", block.Monthly.Text, block.Label)
		}
	}
	if block != nil && block.Monthly != nil {
		out = append(out, fmt.Sprintf("At full productivity your %s quota adds up to %s over the plan%s.", q.Measure, amount(q.Full), rule))
	} else {
		out = append(out, fmt.Sprintf("At full productivity your %s quota is %s for the plan%s.", q.Measure, amount(q.Full), rule))
	}
	if fs == nil {
		return out
	}
	// Season: the full amount of a month in each quarter, when they differ.
	var season []string
	differ := false
	for _, qq := range r.Quarters {
		if len(qq.Periods) == 0 {
			continue
		}
		v := fs[qq.Periods[0]].FullMonthly
		season = append(season, fmt.Sprintf("%s in %s", amount(v), qq.ID))
		if math.Abs(v-fs[r.Quarters[0].Periods[0]].FullMonthly) > 1e-9 {
			differ = true
		}
	}
	if differ && (block == nil || block.Monthly == nil) {
		out = append(out, fmt.Sprintf("It is spread over the year by season, so a full month is worth %s.", joinAnd(season)))
	} else if block == nil || block.Monthly == nil {
		out = append(out, fmt.Sprintf("It is spread evenly: a full month is worth %s.", amount(fs[0].FullMonthly)))
	}
	// Before the start and after the end.
	var off []int
	for i, f := range fs {
		if f.Active == 0 {
			off = append(off, i)
		}
	}
	if len(off) > 0 {
		out = append(out, fmt.Sprintf("You carry no quota in %s, when you are not active.", monthRuns(r, off)))
	}
	// Ramp.
	var ramp []string
	for i, f := range fs {
		if f.Active > 0 && f.RampTier >= 0 && f.RampFactor != 1 {
			ramp = append(ramp, fmt.Sprintf("%s in %s (month %d with the company)", percent(f.RampFactor), r.Periods[i].ID, f.TenureMonth))
		}
	}
	if len(ramp) > 0 {
		name := ""
		if block != nil && block.Ramp != "" {
			name = fmt.Sprintf(" (ramp %q)", block.Ramp)
		}
		out = append(out, fmt.Sprintf("While you ramp up you carry part of the full amount%s: %s.", name, joinAnd(ramp)))
	}
	// Proration.
	var part []string
	for i, f := range fs {
		if f.Active > 0 && f.Active < 1 {
			why := strings.Join(cutWords(f.Cut), " and ")
			s := fmt.Sprintf("%s, where you are active %d of %d days", r.Periods[i].ID, f.ActiveDays, f.Days)
			if why != "" {
				s += " (" + why + ")"
			}
			part = append(part, s)
		}
	}
	if len(part) > 0 {
		if fs[0].Prorated {
			out = append(out, fmt.Sprintf("A month you are active only part of is prorated by its days: %s.", joinAnd(part)))
		} else {
			out = append(out, fmt.Sprintf("This quota is not prorated: a month you are active only part of carries its full amount (%s).", joinAnd(part)))
		}
	}
	if block != nil && block.Round > 0 {
		how := "Each month is rounded"
		if block.Rounding == plans.RoundCumulative {
			how = "The running total is rounded month by month"
		}
		out = append(out, fmt.Sprintf("%s to the nearest %s.", how, rules.Human(block.Round, false)))
	}
	out = append(out, fmt.Sprintf("That makes %s in all.", amount(q.Total)))
	return out
}

// cutWords says what made a month partial.
func cutWords(c engine.Cut) []string {
	var out []string
	for _, n := range c.Names() {
		switch n {
		case "start":
			out = append(out, "you start during the month")
		case "end":
			out = append(out, "you leave during the month")
		case "leave":
			out = append(out, "you are on leave")
		}
	}
	return out
}

// goalSentence says how a quota serves a goal.
func goalSentence(in *Input, g *engine.GoalResult, q *engine.QuotaResult, amount func(float64) string) string {
	r := in.Result
	what := fmt.Sprintf("goal %q", g.ID)
	if g.Description != "" {
		what += " (" + g.Description + ")"
	}
	s := fmt.Sprintf("Your %s quota counts toward the %s: a target of %s for %s, with %s assigned across %d reps (%s of the target).",
		q.Measure, what, amount(g.Target), g.Period, amount(g.Assigned), g.Reps, strings.TrimSuffix(ratioText(g.Ratio), "x")+"x")
	if goal := planGoal(in, g.ID); goal != nil && goal.Where != nil {
		s += fmt.Sprintf(" The goal counts the reps where %s.", goal.Where.Text)
	}
	if idx, ok := periodIndexes(r, g.Period); ok && g.Target > 0 {
		var mine float64
		for _, i := range idx {
			mine += q.Periods[i]
		}
		s += fmt.Sprintf(" Your part over %s is %s, %s of the target.", g.Period, amount(mine), percent(mine/g.Target))
	}
	return s
}

// periodIndexes returns the 0-based periods of "FY", a quarter or a month.
func periodIndexes(r *engine.Result, period string) ([]int, bool) {
	if period == "FY" {
		idx := make([]int, len(r.Periods))
		for i := range idx {
			idx[i] = i
		}
		return idx, true
	}
	for _, q := range r.Quarters {
		if q.ID == period {
			return q.Periods, true
		}
	}
	for i, p := range r.Periods {
		if p.ID == period {
			return []int{i}, true
		}
	}
	return nil, false
}

// quotaBlock returns the plan's quota block label, nil without a model.
func quotaBlock(in *Input, label string) *plans.Quota {
	if in.Model == nil {
		return nil
	}
	for _, q := range in.Model.Plan.Quotas {
		if q.Label == label {
			return q
		}
	}
	return nil
}

// planGoal returns the plan's goal id, nil without a model.
func planGoal(in *Input, id string) *plans.Goal {
	if in.Model == nil {
		return nil
	}
	for _, g := range in.Model.Plan.Goals {
		if g.Name == id {
			return g
		}
	}
	return nil
}

// WriteLetter writes the letter of rep in format (html or markdown).
func WriteLetter(w io.Writer, format string, in *Input, rep *engine.RepResult) error {
	l := BuildLetter(in, rep)
	var buf bytes.Buffer
	var err error
	switch format {
	case "html":
		err = letterHTML.Execute(&buf, letterPage{Letter: l, CSP: "default-src 'none'; style-src " + cspHash(letterCSS), CSS: htmltemplate.CSS(letterCSS)})
	case "markdown":
		err = letterMarkdown.Execute(&buf, l)
	default:
		return fmt.Errorf("unknown letter format %q (want one of %s)", format, strings.Join(LetterFormats(), ", "))
	}
	if err != nil {
		return fmt.Errorf("render the letter of %s: %w", rep.ID, err)
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// LetterIndexEntry is one line of the index of letters.
type LetterIndexEntry struct {
	File, RepID, Name, Role, Territory string
	Totals                             []string // formatted totals of the rep's quotas
}

// WriteLetterIndex writes the index of the letters (index.html or
// README.md) listing every letter written.
func WriteLetterIndex(w io.Writer, format string, in *Input, entries []LetterIndexEntry) error {
	d := struct {
		Plan, PlanID string
		Entries      []LetterIndexEntry
		CSP          string
		CSS          htmltemplate.CSS
	}{in.Result.Plan.Title, in.Result.Plan.ID, entries, "default-src 'none'; style-src " + cspHash(letterCSS), htmltemplate.CSS(letterCSS)}
	var buf bytes.Buffer
	var err error
	if format == "markdown" {
		err = letterIndexMarkdown.Execute(&buf, d)
	} else {
		err = letterIndexHTML.Execute(&buf, d)
	}
	if err != nil {
		return fmt.Errorf("render the letter index: %w", err)
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// LetterFileNames returns a file name (without extension) for each rep
// id, in order: the id with every character but letters, digits, '.',
// '-', '_' and '@' replaced by '_', made unique with a numeric suffix, so
// that ids as CRM exports have them (emails, slashes) become safe names.
func LetterFileNames(ids []string) []string {
	used := map[string]bool{"index": true, "readme": true} // the index files, in any case
	out := make([]string, len(ids))
	for i, id := range ids {
		var b strings.Builder
		for _, c := range id {
			switch {
			case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '-', c == '_', c == '@', c == '.':
				b.WriteRune(c)
			default:
				b.WriteByte('_')
			}
		}
		base := strings.Trim(b.String(), ".")
		if base == "" {
			base = "rep"
		}
		if len(base) > 100 {
			base = base[:100]
		}
		name := base
		for n := 2; used[strings.ToLower(name)]; n++ {
			name = fmt.Sprintf("%s-%d", base, n)
		}
		used[strings.ToLower(name)] = true
		out[i] = name
	}
	return out
}

// letterPage fills the HTML letter template.
type letterPage struct {
	*Letter
	CSP string
	CSS htmltemplate.CSS
}

var (
	letterCSS           = mustRead("assets/letter.css")
	letterHTML          = htmltemplate.Must(htmltemplate.ParseFS(assetFS, "assets/letter.html.tmpl"))
	letterIndexHTML     = htmltemplate.Must(htmltemplate.ParseFS(assetFS, "assets/letters-index.html.tmpl"))
	mdFuncs             = texttemplate.FuncMap{"md": markdownText, "cell": markdownCell, "inc": func(i int) int { return i + 1 }}
	letterMarkdown      = texttemplate.Must(texttemplate.New("letter.md.tmpl").Funcs(mdFuncs).ParseFS(assetFS, "assets/letter.md.tmpl"))
	letterIndexMarkdown = texttemplate.Must(texttemplate.New("letters-index.md.tmpl").Funcs(mdFuncs).ParseFS(assetFS, "assets/letters-index.md.tmpl"))
)

// markdownText escapes plan text for markdown prose: characters that
// would start markup, and angle brackets and ampersands, which renderers
// pass through as HTML.
func markdownText(s string) string {
	var b strings.Builder
	rs := []rune(s)
	for i, c := range rs {
		if c == '_' && i > 0 && i < len(rs)-1 && isWordRune(rs[i-1]) && isWordRune(rs[i+1]) {
			b.WriteRune(c) // inside a word, as in new_arr: no emphasis
			continue
		}
		switch c {
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		case '\\', '`', '*', '_', '[', ']', '#', '|', '~', '!', '$':
			b.WriteByte('\\')
			b.WriteRune(c)
		case '\n', '\r':
			b.WriteByte(' ')
		default:
			b.WriteRune(c)
		}
	}
	return b.String()
}

// isWordRune reports whether c is a letter or a digit.
func isWordRune(c rune) bool { return unicode.IsLetter(c) || unicode.IsDigit(c) }

// markdownCell escapes text for a markdown table cell.
func markdownCell(s string) string {
	if s == "" {
		return " "
	}
	return markdownText(s)
}

// monthName is "February 2027".
func monthName(t time.Time) string { return t.Format("January 2006") }

// percent is "40%", "17.5%".
func percent(v float64) string { return rules.Human(v*100, false) + "%" }

// ratioText is "1.12x".
func ratioText(v float64) string {
	neg, whole, frac := rules.RoundDigits(nil, v, 2)
	s := string(whole) + "." + (string(frac) + "00")[:2] + "x"
	if neg {
		s = "-" + s
	}
	return s
}

// joinAnd joins "a", "b" and "c" as "a, b and c".
func joinAnd(parts []string) string {
	switch len(parts) {
	case 0:
		return ""
	case 1:
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

// monthRuns writes sorted period indexes as runs of consecutive months:
// "2027-02 to 2027-04 and 2027-12".
func monthRuns(r *engine.Result, idx []int) string {
	var runs []string
	for i := 0; i < len(idx); {
		j := i
		for j+1 < len(idx) && idx[j+1] == idx[j]+1 {
			j++
		}
		if i == j {
			runs = append(runs, r.Periods[idx[i]].ID)
		} else {
			runs = append(runs, r.Periods[idx[i]].ID+" to "+r.Periods[idx[j]].ID)
		}
		i = j + 1
	}
	return joinAnd(runs)
}

// shellQuote quotes a rep id for a shell command line when it needs it.
func shellQuote(s string) string {
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.ContainsRune("-_.@", c)) {
			return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
		}
	}
	return s
}
