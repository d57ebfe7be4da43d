package engine

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/quotaplan/quotaplan/plans"
	"github.com/quotaplan/quotaplan/rules"
)

// Node is one step of an explanation: a labelled value, the rule it came
// from with its location, a note on how it was made, and the steps it was
// made of.
type Node struct {
	Label    string
	Value    string   // the value as people read it
	Number   *float64 // the value when it is a number
	Rule     string   // the rule text, when the value came from a rule
	At       string   // file:line where it was written
	Note     string
	Table    [][]string // optional rows (the first is the header)
	Children []*Node
}

// ExplainOptions bound an explanation.
type ExplainOptions struct {
	// Depth is how many levels of derived values (lets, quotas read by a
	// rule, aggregates) are expanded; 0 means DefaultExplainDepth.
	Depth int
}

// DefaultExplainDepth reaches plan inputs in plans like the examples: a
// quota reading a let that sums other quotas.
const DefaultExplainDepth = 4

// ErrNotExplainable is returned for a result that was not evaluated in this
// process (read back from JSON).
var ErrNotExplainable = errors.New("this result was not evaluated from a plan and cannot be explained")

// UnknownError reports an unknown rep, measure, period, goal, check or
// subject, with the closest known name.
type UnknownError struct {
	What, Name string
	Known      []string
}

func (e *UnknownError) Error() string {
	msg := fmt.Sprintf("no %s %q in the plan.%s", e.What, e.Name, rules.Suggest(e.Name, e.Known))
	if len(e.Known) > 0 && len(e.Known) <= 12 {
		msg += " Known: " + strings.Join(e.Known, ", ") + "."
	}
	return msg
}

// Explainer explains the figures of one result of a model. On first use it
// rebuilds the objects rules read (reps, territories, the plan) from the
// plan and the result's figures; they are only read after that, and each
// explanation runs with a machine and a frame of its own, so one Explainer
// serves many goroutines at once.
type Explainer struct {
	model *Model
	res   *Result
	once  sync.Once
	state *evaluator // the rebuilt objects; nil when the result cannot be explained
	err   error
}

// Explainer returns an explainer of res, a result of m.
func (m *Model) Explainer(res *Result) *Explainer {
	return &Explainer{model: m, res: res}
}

// explainer builds explanations against a rebuilt evaluation state, with a
// machine and a frame of its own.
type explainer struct {
	e     *evaluator
	mach  *rules.Machine
	env   *rules.Frame
	depth int
}

// explainer returns a fresh explainer for one explanation.
func (x *Explainer) explainer(o ExplainOptions) (*explainer, error) {
	x.once.Do(func() { x.state, x.err = x.model.restore(x.res) })
	if x.err != nil {
		return nil, x.err
	}
	d := o.Depth
	if d <= 0 {
		d = DefaultExplainDepth
	}
	return x.state.explainer(d), nil
}

// explainer returns an explainer over e's objects with a new machine and
// frame.
func (e *evaluator) explainer(depth int) *explainer {
	env := e.w.frame()
	env.Set(rules.SlotQuotaFunc, rules.QuotaFunc(e.quotaOf))
	return &explainer{e: e, mach: rules.NewMachine(), env: env, depth: depth}
}

// Rep explains a rep's quotas: with measure and period, one figure
// factor by factor; without period, the plan-year total with a table of
// every month's factors; without measure, every measure of the rep.
func (ex *Explainer) Rep(repID, measure, period string, o ExplainOptions) (*Node, error) {
	x, err := ex.explainer(o)
	if err != nil {
		return nil, err
	}
	rs := x.e.w.repByID[repID]
	if rs == nil {
		return nil, &UnknownError{What: "rep", Name: repID, Known: repIDs(x.e.w.reps)}
	}
	if measure == "" {
		root := &Node{Label: fmt.Sprintf("%s (%s)", rs.ID, describeRep(rs)), Note: "every quota of the rep"}
		for _, m := range rs.measures() {
			n, _ := x.repMeasure(rs, m, -1)
			root.Children = append(root.Children, n)
		}
		if len(root.Children) == 0 {
			root.Note = "no quota applies to this rep"
		}
		return root, nil
	}
	if rs.quotaOf(measure) == nil {
		if n := x.actualNode(rs, measure, nil); n != nil && x.hasCredits(rs, measure) {
			return n, nil // credited without carrying the measure, e.g. a manager's roll-up credit
		}
		known := rs.measures()
		if contains(x.e.c.schema.Measures, measure) {
			return nil, fmt.Errorf("quota %q does not apply to rep %q (its measures: %s)", measure, repID, strings.Join(known, ", "))
		}
		return nil, &UnknownError{What: "measure", Name: measure, Known: x.e.c.schema.Measures}
	}
	pi := -1
	if period != "" {
		idx, err := periodSet(period, x.e.periods, x.e.quarters)
		if err != nil || len(idx) != 1 {
			if err == nil && period == "FY" {
				return x.withActual(rs, measure, nil)(x.repMeasure(rs, measure, -1))
			}
			if err == nil { // a quarter: explain its months
				return x.withActual(rs, measure, idx)(x.repQuarter(rs, measure, period, idx), nil)
			}
			return nil, &UnknownError{What: "period", Name: period, Known: periodIDs(x.e.periods, x.e.quarters)}
		}
		pi = idx[0]
	}
	var idx []int
	if pi >= 0 {
		idx = []int{pi}
	}
	return x.withActual(rs, measure, idx)(x.repMeasure(rs, measure, pi))
}

// repMeasure explains one measure of a rep for period pi, or for the whole
// plan year when pi < 0.
func (x *explainer) repMeasure(rs *repState, measure string, pi int) (*Node, error) {
	qr := rs.quotaOf(measure)
	q := x.quotaBlock(qr.Block)
	setRep(x.env, rs)
	if pi >= 0 {
		return x.repPeriod(rs, q, qr, pi), nil
	}
	root := numberNode(fmt.Sprintf("%s · %s · FY", rs.ID, measure), qr.Total, qr.Unit)
	root.At = at(q.DefRange)
	root.Note = fmt.Sprintf("quota %q: the sum of %d rounded months", q.Label, len(qr.Periods))
	root.Children = append(root.Children, x.fullAmount(rs, q, qr))
	table := [][]string{{"period", "full", "weight", "tenure", "ramp", "active", "unrounded", "quota"}}
	for i, f := range qr.Factors() {
		table = append(table, []string{x.e.periods[i].ID, FormatNumber(f.FullMonthly), FormatNumber(f.Weight),
			fmt.Sprint(f.TenureMonth), rampCell(f), FormatNumber(f.Active), FormatNumber(f.Unrounded), FormatNumber(f.Value)})
	}
	note := "quota = round(full x ramp x active)"
	if q.Rounding == plans.RoundCumulative && q.Round > 0 {
		note = "quota = round(running total of unrounded through the month) - round(running total before it)"
	}
	if qr.Restates {
		note += "; rollup = false: reported for the rep, never added into territories, teams, goals or the plan total"
	}
	root.Children = append(root.Children, &Node{Label: "months", Note: note, Table: table})
	return root, nil
}

// repQuarter explains the months of one quarter.
func (x *explainer) repQuarter(rs *repState, measure, quarter string, idx []int) *Node {
	qr := rs.quotaOf(measure)
	q := x.quotaBlock(qr.Block)
	setRep(x.env, rs)
	var total float64
	root := &Node{Label: fmt.Sprintf("%s · %s · %s", rs.ID, measure, quarter), At: at(q.DefRange),
		Note: fmt.Sprintf("quota %q: the sum of %d rounded months", q.Label, len(idx))}
	for _, i := range idx {
		total += qr.Periods[i]
		root.Children = append(root.Children, x.repPeriod(rs, q, qr, i))
	}
	setNumber(root, total, qr.Unit)
	return root
}

func rampCell(f Factors) string {
	if f.RampTier < 0 {
		return FormatNumber(f.RampFactor)
	}
	return fmt.Sprintf("%s (tier %d)", FormatNumber(f.RampFactor), f.RampTier+1)
}

// repPeriod explains one period quota factor by factor (plans/LANGUAGE.md section 6).
func (x *explainer) repPeriod(rs *repState, q *quota, qr *QuotaResult, i int) *Node {
	f := qr.Factor(i)
	p := x.e.periods[i]
	x.e.w.setPeriod(x.env, rs, i)
	root := numberNode(fmt.Sprintf("%s · %s · %s", rs.ID, q.Measure, p.ID), f.Value, qr.Unit)
	root.At = at(q.DefRange)
	rounding := "not rounded"
	if q.Round > 0 {
		rounding = "rounded to the nearest " + FormatNumber(q.Round)
	}
	cumulative := q.Rounding == plans.RoundCumulative && q.Round > 0
	if cumulative {
		rounding = "the running total rounded to the nearest " + FormatNumber(q.Round)
	}
	root.Note = fmt.Sprintf("quota %q: full monthly amount x ramp factor x active fraction, %s", q.Label, rounding)
	if f.Active == 0 {
		root.Note = fmt.Sprintf("0: the rep is not active in %s (%s)", p.ID, x.presenceNote(rs, f))
		return root
	}
	full := x.fullMonthly(rs, q, qr, f)
	ramp := x.rampNode(q, f)
	active := numberNode("active fraction", f.Active, "")
	active.Note = x.presenceNote(rs, f)
	share := f.Active
	if !q.Prorate {
		active.Label = "active (prorate = false)"
		active.Note += "; prorate = false, so any active day counts as 1"
		share = 1
		setNumber(active, 1, "")
	}
	unrounded := numberNode("unrounded", f.Unrounded, "")
	unrounded.Note = fmt.Sprintf("%s x %s x %s", FormatNumber(f.FullMonthly), FormatNumber(f.RampFactor), FormatNumber(share))
	rounded := numberNode("rounded", f.Value, qr.Unit)
	rounded.Note = rounding
	if cumulative {
		var before float64
		for j := range i {
			before += qr.Factor(j).Unrounded
		}
		through := before + f.Unrounded
		rounded.Label = "rounded (cumulative)"
		rounded.Note = fmt.Sprintf("round(%s) - round(%s) = %s - %s: the running total through %s less the one before it, each rounded to the nearest %s",
			FormatNumber(through), FormatNumber(before), FormatNumber(roundTo(through, q.Round)), FormatNumber(roundTo(before, q.Round)),
			p.ID, FormatNumber(q.Round))
	}
	root.Children = []*Node{full, ramp, active, unrounded, rounded}
	return root
}

// fullMonthly explains the full-productivity amount of one month.
func (x *explainer) fullMonthly(rs *repState, q *quota, qr *QuotaResult, f Factors) *Node {
	n := numberNode("full monthly amount", f.FullMonthly, qr.Unit)
	if q.monthly != nil {
		n.Children = []*Node{x.rule("monthly", q.monthly, f.FullMonthly, false, x.depth)}
		n.Note = "the monthly rule"
		return n
	}
	n.Note = fmt.Sprintf("annual x month weight = %s x %s", FormatNumber(qr.Full), FormatNumber(f.Weight))
	w := numberNode("month weight", f.Weight, "")
	w.Note = weightNote(q.Season, len(x.e.periods), f.Weight)
	if len(q.Season) > 0 {
		w.At = at(q.SeasonRange)
	}
	n.Children = []*Node{x.rule("annual", q.annual, qr.Full, false, x.depth), w}
	return n
}

// fullAmount explains the plan-year full-productivity amount.
func (x *explainer) fullAmount(rs *repState, q *quota, qr *QuotaResult) *Node {
	if q.annual != nil {
		return x.rule("annual (full productivity)", q.annual, qr.Full, false, x.depth)
	}
	n := numberNode("full productivity (sum of the monthly rule)", qr.Full, qr.Unit)
	n.Rule, n.At = q.monthly.Text, at(q.monthly.Range)
	return n
}

func weightNote(season []float64, months int, w float64) string {
	switch len(season) {
	case 0:
		return fmt.Sprintf("no season: 1/%d", months)
	case 4:
		return fmt.Sprintf("season: the quarter's weight %s / 3 months", FormatNumber(w*3))
	}
	return "season: this month's weight"
}

// rampNode explains the ramp factor: which tier matched and why.
func (x *explainer) rampNode(q *quota, f Factors) *Node {
	n := numberNode("ramp factor", f.RampFactor, "")
	if q.ramp == nil {
		n.Note = "the quota has no ramp"
		return n
	}
	if f.RampTier < 0 {
		n.Note = fmt.Sprintf("no tier of ramp %q matched (tenure month %d), so the factor is 1", q.ramp.Name, f.TenureMonth)
		n.At = at(q.ramp.DefRange)
		for i, when := range q.ramp.when {
			n.Children = append(n.Children, x.rule(fmt.Sprintf("tier %d: when", i+1), when, false, true, 1))
		}
		return n
	}
	tier := q.ramp.Tiers[f.RampTier]
	n.At = at(tier.DefRange)
	n.Note = fmt.Sprintf("tier %d of ramp %q matched (tenure month %d)", f.RampTier+1, q.ramp.Name, f.TenureMonth)
	n.Children = append(n.Children, x.rule("when", q.ramp.when[f.RampTier], true, true, x.depth))
	if factor := q.ramp.factor[f.RampTier]; !tier.Factor.Literal() {
		n.Children = append(n.Children, x.rule("factor", factor, f.RampFactor, false, x.depth))
	}
	return n
}

// presenceNote says how many days of the period the rep was active and
// what cut them.
func (x *explainer) presenceNote(rs *repState, f Factors) string {
	s := fmt.Sprintf("%d of %d days active", f.ActiveDays, f.Days)
	var cuts []string
	for _, c := range f.Cut.Names() {
		switch c {
		case "start":
			cuts = append(cuts, "start "+rs.Start.Format("2006-01-02"))
		case "end":
			cuts = append(cuts, "end "+rs.End.Format("2006-01-02"))
		default:
			cuts = append(cuts, "leave")
		}
	}
	if len(cuts) > 0 {
		s += "; cut by " + strings.Join(cuts, ", ")
	}
	return s
}

// rule explains a rule's value: its text, location and the value of every
// name and aggregate it reads, derived values expanded depth levels deep.
func (x *explainer) rule(label string, r *rules.Rule, value any, tests bool, depth int) *Node {
	n := &Node{Label: label, Rule: r.Text, At: at(r.Range)}
	setValue(n, value)
	if depth <= 0 {
		return n
	}
	for _, part := range r.Parts(tests) {
		n.Children = append(n.Children, x.part(part, depth))
	}
	return n
}

// part shows the value of one part of a rule and, for derived values,
// where it came from.
func (x *explainer) part(p rules.Part, depth int) *Node {
	n := &Node{Label: p.Text}
	v, err := x.mach.Run(p.Rule, x.env)
	if err != nil {
		n.Value = "error: " + rules.Message(err)
		return n
	}
	setValue(n, v)
	switch p.Kind {
	case rules.PartName:
		x.explainName(n, p, depth)
	case rules.PartAggregate:
		x.explainAggregate(n, p)
	}
	return n
}

// explainName locates an attribute or variable and expands lets and quota
// totals one level deeper.
func (x *explainer) explainName(n *Node, p rules.Part, depth int) {
	subject := x.subject(p.Root)
	switch {
	case p.Root == rules.NameVar && len(p.Path) == 1:
		if v := x.variable(p.Path[0]); v != nil {
			n.At = at(v.DefRange)
		}
	case len(p.Path) == 2 && (p.Path[0] == "quota" || p.Path[0] == "full_quota") && subject != nil:
		kind := "plan-year total"
		if p.Path[0] == "full_quota" {
			kind = "full-productivity amount"
		}
		n.Note = fmt.Sprintf("the %s of %s's quota %q", kind, subject.ID, p.Path[1])
		if qr := subject.quotaOf(p.Path[1]); qr != nil {
			n.At = at(x.quotaBlock(qr.Block).DefRange)
		}
	case len(p.Path) == 1:
		if l := x.letNamed(p.Path[0]); l != nil {
			n.Note = fmt.Sprintf("let %q (%s scope)", l.Name, l.Scope)
			if depth > 1 {
				n.Children = x.expandLet(l, p.Root, depth-1)
			}
			n.At = at(l.DefRange)
			return
		}
		if attrs := x.attrsOf(p.Root); attrs != nil {
			if rng, ok := attrs.Range(p.Path[0]); ok {
				n.At = at(rng)
			}
		}
	}
}

// expandLet explains a let as read through root (rep, manager, territory
// or plan), evaluating it for that subject.
func (x *explainer) expandLet(l *let, root string, depth int) []*Node {
	env := x.env
	slots := []rules.Slot{rules.SlotRep, rules.SlotTerritory, rules.SlotManager}
	saved := make([]any, len(slots))
	for i, s := range slots {
		saved[i] = env.Get(s)
	}
	defer func() {
		for i, s := range slots {
			env.Set(s, saved[i])
		}
	}()
	if root == rules.NameManager {
		if m := x.subject(root); m != nil {
			setRep(env, m)
		}
	}
	v, err := x.mach.Run(l.rule, env)
	if err != nil {
		return []*Node{{Label: "let " + l.Name, Value: "error: " + rules.Message(err)}}
	}
	return x.rule("let "+l.Name, l.rule, v, false, depth).Children
}

// explainAggregate notes how many items an aggregate ran over and, for a
// sum, its largest contributors.
func (x *explainer) explainAggregate(n *Node, p rules.Part) {
	if p.Contributions == nil || p.IDs == nil {
		return
	}
	vals, err1 := x.mach.Run(p.Contributions, x.env)
	ids, err2 := x.mach.Run(p.IDs, x.env)
	vs, ok1 := vals.([]any)
	is, ok2 := ids.([]any)
	if err1 != nil || err2 != nil || !ok1 || !ok2 || len(vs) != len(is) {
		return
	}
	type contrib struct {
		id string
		v  float64
	}
	var cs []contrib
	for i, v := range vs {
		f, _ := rules.ToFloat(v)
		cs = append(cs, contrib{fmt.Sprint(is[i]), f})
	}
	sort.SliceStable(cs, func(i, j int) bool {
		if cs[i].v != cs[j].v {
			return cs[i].v > cs[j].v
		}
		return cs[i].id < cs[j].id
	})
	n.Note = fmt.Sprintf("sum over %d items", len(cs))
	const top = 5
	for i, c := range cs {
		if i == top {
			n.Children = append(n.Children, &Node{Label: fmt.Sprintf("... %d more", len(cs)-top)})
			break
		}
		n.Children = append(n.Children, numberNode(c.id, c.v, ""))
	}
}

// subject returns the rep a rule name reads through: rep or manager.
func (x *explainer) subject(root string) *repState {
	var obj any
	switch root {
	case rules.NameRep, rules.NameManager:
		obj = x.env.Lookup(root)
	default:
		return nil
	}
	m, ok := obj.(map[string]any)
	if !ok {
		return nil
	}
	id, _ := m["id"].(string)
	return x.e.w.repByID[id]
}

func (x *explainer) attrsOf(root string) *plans.Attrs {
	if rs := x.subject(root); rs != nil {
		return &rs.Attrs
	}
	if root == rules.NameTerritory {
		if m, ok := x.env.Lookup(root).(map[string]any); ok {
			if ts := x.e.w.terrByID[fmt.Sprint(m["id"])]; ts != nil {
				return &ts.Attrs
			}
		}
	}
	return nil
}

func (x *explainer) variable(name string) *plans.Variable {
	for _, v := range x.e.p.Variables {
		if v.Name == name {
			return v
		}
	}
	return nil
}

func (x *explainer) letNamed(name string) *let {
	for _, s := range x.e.c.steps {
		if s.let != nil && s.let.Name == name {
			return s.let
		}
	}
	return nil
}

func (x *explainer) quotaBlock(label string) *quota {
	for _, s := range x.e.c.steps {
		for _, q := range s.quotas {
			if q.Label == label {
				return q
			}
		}
	}
	return nil
}

// Goal explains a goal: its target rule, what makes up the assigned
// total, the ratio and the expected total with over-assignment.
func (ex *Explainer) Goal(id string, o ExplainOptions) (*Node, error) {
	x, err := ex.explainer(o)
	if err != nil {
		return nil, err
	}
	var g *goal
	var gr *GoalResult
	var known []string
	for i, cg := range x.e.c.goals {
		known = append(known, cg.Name)
		if cg.Name == id {
			g, gr = cg, ex.res.Goals[i]
		}
	}
	if g == nil {
		return nil, &UnknownError{What: "goal", Name: id, Known: known}
	}
	root := &Node{Label: "goal " + g.Name, At: at(g.DefRange), Note: g.Description}
	ratio := numberNode("ratio", gr.Ratio, "")
	ratio.Note = fmt.Sprintf("assigned / target = %s / %s", FormatNumber(gr.Assigned), FormatNumber(gr.Target))
	setValue(root, fmt.Sprintf("%sx of target", FormatNumber(gr.Ratio)))
	target := x.rule("target", g.target, gr.Target, false, x.depth)
	if g.Target.Literal() {
		target.Children = nil
	}
	root.Children = append(root.Children, target)
	if g.Measure == "" {
		root.Note = strings.TrimSpace(g.Description + " (informational: no quota measure rolls up to it)")
		return root, nil
	}
	assigned := numberNode("assigned", gr.Assigned, "")
	assigned.Note = fmt.Sprintf("the %s quotas of %d reps over %s", g.Measure, gr.Reps, g.Period)
	if g.where != nil {
		assigned.Note += fmt.Sprintf(" (reps where %s)", g.where.Text)
	}
	assigned.Children = x.goalContributors(g, gr)
	expected := numberNode("expected", gr.Expected, "")
	expected.Note = fmt.Sprintf("target x (1 + overassign) = %s x %s", FormatNumber(gr.Target), FormatNumber(1+gr.Overassign))
	root.Children = append(root.Children, assigned, ratio, expected)
	return root, nil
}

// goalContributors lists the reps that make up a goal's assigned total,
// largest first.
func (x *explainer) goalContributors(g *goal, gr *GoalResult) []*Node {
	idx, err := periodSet(g.Period, x.e.periods, x.e.quarters)
	if err != nil {
		return nil
	}
	type contrib struct {
		id string
		v  float64
	}
	var cs []contrib
	for _, rs := range x.e.w.reps {
		qr := rs.quotaOf(g.Measure)
		if qr == nil {
			continue
		}
		if g.where != nil {
			setRep(x.env, rs)
			if ok, err := x.mach.Bool(g.where, x.env); err != nil || !ok {
				continue
			}
		}
		var v float64
		for _, i := range idx {
			v += qr.Periods[i]
		}
		cs = append(cs, contrib{rs.ID, v})
	}
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].v > cs[j].v })
	var out []*Node
	const top = 10
	for i, c := range cs {
		if i == top {
			out = append(out, &Node{Label: fmt.Sprintf("... %d more reps", len(cs)-top)})
			break
		}
		out = append(out, numberNode(c.id, c.v, ""))
	}
	return out
}

// Check explains one check result: its where and assert rules with
// the value of each part, and the rendered message.
func (ex *Explainer) Check(id, subject string, o ExplainOptions) (*Node, error) {
	x, err := ex.explainer(o)
	if err != nil {
		return nil, err
	}
	var c *check
	var known []string
	for _, cc := range x.e.c.checks {
		known = append(known, cc.Name)
		if cc.Name == id {
			c = cc
		}
	}
	if c == nil {
		return nil, &UnknownError{What: "check", Name: id, Known: known}
	}
	var cr *CheckResult
	var subjects []string
	for _, res := range ex.res.Checks {
		if res.Check == id {
			subjects = append(subjects, res.Subject)
			if res.Subject == subject {
				cr = res
			}
		}
	}
	if subject == "" && len(subjects) == 1 {
		subject, cr = subjects[0], x.findCheck(ex.res, id, subjects[0])
	}
	if cr == nil {
		return nil, &UnknownError{What: fmt.Sprintf("subject of check %q", id), Name: subject, Known: subjects}
	}
	x.setSubject(c, subject, ex.res)
	root := &Node{Label: fmt.Sprintf("check %s · %s", c.Name, subject), Value: cr.Status, At: at(c.DefRange),
		Note: fmt.Sprintf("severity %s", c.Severity)}
	if c.where != nil {
		root.Children = append(root.Children, x.rule("where", c.where, true, true, x.depth))
	}
	root.Children = append(root.Children, x.rule("assert", c.assert, cr.Status == StatusPass, true, x.depth))
	if cr.Message != "" {
		root.Children = append(root.Children, &Node{Label: "message", Value: cr.Message})
	}
	if w := waiverOf(ex.res, cr); w != nil {
		n := &Node{Label: "waiver " + w.ID, Value: w.Status, At: at(w.Range),
			Note: fmt.Sprintf("%s; holds until %s, the plan is read as of %s", w.Reason, w.Until, ex.res.Plan.AsOf)}
		if w.Status == WaiverExpired {
			n.Note += ", so it no longer waives the failure"
		}
		root.Children = append(root.Children, n)
	}
	return root, nil
}

// waiverOf returns the waiver of check result cr: the one that names its
// check and subject, nil when there is none.
func waiverOf(r *Result, cr *CheckResult) *WaiverResult {
	for _, w := range r.Waivers {
		if w.Check == cr.Check && w.Subject == cr.Subject {
			return w
		}
	}
	return nil
}

func (x *explainer) findCheck(r *Result, id, subject string) *CheckResult {
	for _, res := range r.Checks {
		if res.Check == id && res.Subject == subject {
			return res
		}
	}
	return nil
}

// setSubject points the environment at a check's subject.
func (x *explainer) setSubject(c *check, subject string, r *Result) {
	switch checkScope(c.Scope) {
	case rules.ScopeRep:
		setRep(x.env, x.e.w.repByID[subject])
	case rules.ScopeTerritory:
		x.env.Set(rules.SlotTerritory, x.e.w.terrByID[subject].obj)
	case rules.ScopeGoal:
		for _, g := range r.Goals {
			if g.ID == subject {
				x.env.Set(rules.SlotGoal, goalObject(g))
			}
		}
	}
}

func numberNode(label string, v float64, unit string) *Node {
	n := &Node{Label: label}
	setNumber(n, v, unit)
	return n
}

func setNumber(n *Node, v float64, unit string) {
	n.Number = &v
	n.Value = FormatNumber(v)
	if unit != "" {
		n.Value += " " + unit
	}
}

func setValue(n *Node, v any) {
	if f, ok := rules.ToFloat(v); ok {
		setNumber(n, f, "")
		return
	}
	switch t := v.(type) {
	case []any:
		n.Value = fmt.Sprintf("list of %d", len(t))
	case map[string]any:
		if id, ok := t["id"].(string); ok {
			n.Value = id
		} else {
			n.Value = fmt.Sprintf("map of %d", len(t))
		}
	default:
		n.Value = display(v)
	}
}

func describeRep(rs *repState) string {
	parts := []string{}
	for _, s := range []string{rs.Name, rs.Role, rs.Territory} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, ", ")
}

func repIDs(rs []*repState) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.ID
	}
	return out
}

func periodIDs(ps []Period, qs []Quarter) []string {
	out := []string{"FY"}
	for _, h := range halfYears(len(ps)) {
		out = append(out, h.ID)
	}
	for _, q := range qs {
		out = append(out, q.ID)
	}
	for _, p := range ps {
		out = append(out, p.ID)
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Let explains a let for one subject: a rep or territory id for a let of
// that scope, nothing (or the plan id) for a plan let. The node holds its
// value, its rule with file:line and the value of every name the rule
// reads.
func (ex *Explainer) Let(name, subject string, o ExplainOptions) (*Node, error) {
	x, err := ex.explainer(o)
	if err != nil {
		return nil, err
	}
	l := x.letNamed(name)
	if l == nil {
		var known []string
		for _, pl := range x.e.p.Lets {
			known = append(known, pl.Name)
		}
		return nil, &UnknownError{What: "let", Name: name, Known: known}
	}
	var s Subject
	switch l.Scope {
	case plans.ScopeRep:
		rs := x.e.w.repByID[subject]
		if rs == nil {
			return nil, x.letSubjectError(l, subject, "rep", repIDs(x.e.w.reps))
		}
		setRep(x.env, rs)
		s = Subject{Kind: SubjectRep, ID: rs.ID}
	case plans.ScopeTerritory:
		ts := x.e.w.terrByID[subject]
		if ts == nil {
			return nil, x.letSubjectError(l, subject, "territory", terrIDs(x.e.w.terrs))
		}
		x.env.Set(rules.SlotTerritory, ts.obj)
		s = Subject{Kind: SubjectTerritory, ID: ts.ID}
	default:
		if subject != "" && subject != x.e.p.ID {
			return nil, fmt.Errorf("let %q has plan scope: it has one value, for the plan %q, not one for %q", name, x.e.p.ID, subject)
		}
		s = Subject{Kind: SubjectPlan, ID: x.e.p.ID}
	}
	v, _ := ex.res.Let(s, name)
	root := x.rule(fmt.Sprintf("let %s · %s", l.Name, s.ID), l.rule, v, false, x.depth)
	root.Note = fmt.Sprintf("%s let, declared at %s; rules read it as %s.%s", l.Scope, at(l.DefRange), l.Scope, l.Name)
	return root, nil
}

// letSubjectError says that a let of rep or territory scope needs one of
// its subjects, and suggests the closest.
func (x *explainer) letSubjectError(l *let, subject, what string, known []string) error {
	if subject == "" {
		example := ""
		if len(known) > 0 {
			example = fmt.Sprintf(", e.g. let:%s %s", l.Name, known[0])
		}
		return fmt.Errorf("let %q has %s scope: it has a value for each %s, so name one%s", l.Name, l.Scope, what, example)
	}
	return &UnknownError{What: what, Name: subject, Known: known}
}

// maxContributors is how many of the largest contributing reps (and child
// territories) the explanation of a territory's roll-up lists.
const maxContributors = 5

// Territory explains a territory: the roll-up of every measure (the
// territory's reps and the territories below it, the largest
// contributions first), its lets with their rules, and its attributes
// with where each is written.
func (ex *Explainer) Territory(id string, o ExplainOptions) (*Node, error) {
	x, err := ex.explainer(o)
	if err != nil {
		return nil, err
	}
	ts := x.e.w.terrByID[id]
	if ts == nil {
		return nil, &UnknownError{What: "territory", Name: id, Known: terrIDs(x.e.w.terrs)}
	}
	res := ex.res
	ti := res.roll.terrIndex[id]
	tr := res.Territories[ti]
	label := "territory " + ts.ID
	if ts.Name != "" {
		label += " (" + ts.Name + ")"
	}
	root := &Node{Label: label, At: at(ts.DefRange), Note: fmt.Sprintf("%s counted in its roll-ups", plural(tr.Reps, "rep", "reps"))}
	if ts.Parent != "" {
		root.Note += ", below " + ts.Parent
	}
	within := x.subtree(ts.ID)
	quotas := &Node{Label: "quotas", Note: "the quotas of the reps of the territory and of every territory below it"}
	for mi, m := range res.Measures {
		quotas.Children = append(quotas.Children, x.territoryMeasure(res, tr, mi, m, within))
	}
	root.Children = append(root.Children, quotas)
	x.env.Set(rules.SlotTerritory, ts.obj)
	if lets := x.territoryLets(res, ts.ID); lets != nil {
		root.Children = append(root.Children, lets)
	}
	if attrs := attributesNode(&ts.Attrs); attrs != nil {
		root.Children = append(root.Children, attrs)
	}
	return root, nil
}

// territoryMeasure explains the roll-up of measure mi in territory tr:
// its largest contributing reps, then its child territories.
func (x *explainer) territoryMeasure(res *Result, tr *TerritoryResult, mi int, m Measure, within map[string]bool) *Node {
	n := numberNode(m.Name, tr.Quotas[m.Name], m.Unit)
	type contrib struct {
		id string
		v  float64
	}
	var reps []contrib
	restates := false
	for _, rep := range res.Reps {
		q := rep.Quota(m.Name)
		if q == nil {
			continue
		}
		if q.Restates {
			restates = true
			continue
		}
		var v float64
		counted := false
		for p := range q.Periods {
			if within[rep.TerritoryAt(p)] {
				v += q.Periods[p]
				counted = true
			}
		}
		if counted {
			reps = append(reps, contrib{rep.ID, v})
		}
	}
	sort.SliceStable(reps, func(i, j int) bool { return reps[i].v > reps[j].v })
	n.Note = fmt.Sprintf("sum of %s", plural(len(reps), "rep", "reps"))
	if restates {
		n.Note += fmt.Sprintf("; quotas of measure %q with rollup = false restate others and are not added", m.Name)
	}
	for i, c := range reps {
		if i == maxContributors {
			n.Children = append(n.Children, &Node{Label: fmt.Sprintf("... %d more reps", len(reps)-maxContributors)})
			break
		}
		n.Children = append(n.Children, numberNode("rep "+c.id, c.v, m.Unit))
	}
	var children []contrib
	for _, t := range res.Territories {
		if t.Parent == tr.ID && t.ID != tr.ID {
			children = append(children, contrib{t.ID, t.Quotas[m.Name]})
		}
	}
	sort.SliceStable(children, func(i, j int) bool { return children[i].v > children[j].v })
	for i, c := range children {
		if i == maxContributors {
			n.Children = append(n.Children, &Node{Label: fmt.Sprintf("... %d more territories", len(children)-maxContributors)})
			break
		}
		child := numberNode("territory "+c.id, c.v, m.Unit)
		child.Note = "its own roll-up, included above"
		n.Children = append(n.Children, child)
	}
	return n
}

// territoryLets explains the territory lets of the current territory;
// nil when the plan has none.
func (x *explainer) territoryLets(res *Result, id string) *Node {
	var out *Node
	for _, s := range x.e.c.steps {
		l := s.let
		if l == nil || l.Scope != plans.ScopeTerritory {
			continue
		}
		if out == nil {
			out = &Node{Label: "lets"}
		}
		v, _ := res.Let(Subject{Kind: SubjectTerritory, ID: id}, l.Name)
		n := x.rule(l.Name, l.rule, v, false, 1)
		n.Note = "let declared at " + at(l.DefRange)
		out.Children = append(out.Children, n)
	}
	if out != nil {
		sort.SliceStable(out.Children, func(i, j int) bool { return out.Children[i].Label < out.Children[j].Label })
	}
	return out
}

// attributesNode lists attributes by name with their values and where
// each is written; nil when there are none.
func attributesNode(a *plans.Attrs) *Node {
	names := slices.Sorted(func(yield func(string) bool) {
		for name := range a.All() {
			if !yield(name) {
				return
			}
		}
	})
	if len(names) == 0 {
		return nil
	}
	out := &Node{Label: "attributes"}
	for _, name := range names {
		v, _ := a.Get(name)
		n := &Node{Label: name}
		setValue(n, v)
		if rng, ok := a.Range(name); ok {
			n.At = at(rng)
		}
		out.Children = append(out.Children, n)
	}
	return out
}

// subtree returns the ids of territory id and of every territory below
// it.
func (x *explainer) subtree(id string) map[string]bool {
	out := map[string]bool{id: true}
	for changed := true; changed; {
		changed = false
		for _, ts := range x.e.w.terrs {
			if !out[ts.ID] && ts.Parent != "" && out[ts.Parent] {
				out[ts.ID], changed = true, true
			}
		}
	}
	return out
}

func terrIDs(ts []*terrState) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.ID
	}
	return out
}

// plural is "1 rep" or "3 reps".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
