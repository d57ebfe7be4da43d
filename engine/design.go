package engine

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/quotaplan/quotaplan/plans"
	"github.com/quotaplan/quotaplan/rules"
)

// Territory design (plans/LANGUAGE.md, accounts): how a metric of the
// accounts (their count, their potential) spreads over the territories
// and over the reps who share each territory's book, how balanced the
// territories are, and which account moves would balance them.

// DesignOptions are the rules of a territory design, as the territories
// and balance commands take them.
type DesignOptions struct {
	// Metric is an account-scope number rule; "" counts accounts (1).
	Metric string
	// Per is a rep-scope bool rule choosing the reps that share a
	// territory's book; "" counts the reps that carry any quota.
	Per string
	// Within is a territory-scope rule: an account only moves between
	// territories where it gives the same value; "" lets it move anywhere.
	Within string
}

// Design flags, which name the rules written on the command line in
// diagnostics.
const (
	FlagMetric = "--metric"
	FlagPer    = "--per"
	FlagWithin = "--within"
)

// Design is the territories of a plan measured by one metric.
type Design struct {
	Metric, Per string // the rules as given ("" for the defaults)
	Territories []*DesignTerritory
	Unassigned  DesignUnassigned
	Balance     Balance
	// Moves are the accounts the carve moves away from their territory
	// column (as AccountsResult.Moves).
	Moves []AccountMove
}

// DesignTerritory is one territory of a design: its book measured, and
// the counted reps that share it (of the territory and those below).
type DesignTerritory struct {
	ID, Name, Parent string
	Depth            int
	Leaf             bool // a territory without children
	Accounts         int  // accounts in its book
	Metric           float64
	Reps             int
	PerRep           float64 // Metric / Reps; 0 when Reps is 0
	Balanced         bool    // it counts in the balance: a leaf with a counted rep
}

// DesignUnassigned is the accounts of no territory.
type DesignUnassigned struct {
	Accounts int
	Metric   float64
}

// Balance is how evenly the per-rep metric spreads over the leaf
// territories that have a counted rep: their number, the mean per-rep
// metric, its coefficient of variation (population standard deviation /
// mean; 0 for a mean of 0), the least and the most.
type Balance struct {
	Territories    int
	Mean, CV       float64
	Min, Max       float64
	sum, sumSquare float64
}

// Proposal is what Balance proposes: the balance before and after, and
// the moves, in the order they were chosen.
type Proposal struct {
	Metric        string
	Before, After Balance
	Moves         []AccountMove
}

// Designer measures the territories of one result of a model by a metric.
// It holds the objects of the result rebuilt (as explain does) and the
// metric of every account.
type Designer struct {
	e        *evaluator
	res      *Result
	opts     DesignOptions
	metric   []float64 // per account
	counted  []int     // counted reps per territory (its own and below)
	leaf     []bool
	group    []string // the --within value of each territory
	parent   []int32
	assigned []int32 // per account, as the result holds it
}

// Designer prepares a design of res, a result of m. The rules of o are
// compiled against the plan; their mistakes are diagnostics located in
// the flag (file name FlagMetric, FlagPer or FlagWithin).
func (m *Model) Designer(res *Result, o DesignOptions) (*Designer, hcl.Diagnostics) {
	e, err := m.restore(res)
	if err != nil {
		return nil, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Cannot design territories", Detail: err.Error()}}
	}
	// The rules are compiled as the plan's are, bounded alike: a metric
	// that loops over every rep for each of a million accounts is refused.
	c := newCompiler(m.Plan, m.compiled.schema)
	compile := func(flag, text string, scope rules.Scope, kind rules.Kind) *rules.Rule {
		if text == "" {
			return nil
		}
		rng := hcl.Range{Filename: flag, Start: hcl.Pos{Line: 1, Column: 1}, End: hcl.Pos{Line: 1, Column: 1 + len(text), Byte: len(text)}}
		return c.rule(&plans.Expr{Attr: flag, Text: text, Range: rng}, scope, kind)
	}
	metric := compile(FlagMetric, o.Metric, rules.ScopeAccount, rules.KindNumber)
	per := compile(FlagPer, o.Per, rules.ScopeRep, rules.KindBool)
	within := compile(FlagWithin, o.Within, rules.ScopeTerritory, rules.KindAny)
	if c.diags.HasErrors() {
		return nil, c.diags
	}
	e.newWorkers()
	d := &Designer{e: e, res: res, opts: o, parent: e.w.terrParents()}
	as := e.w.accounts
	if as != nil {
		d.assigned = as.assign
		d.metric = make([]float64, len(as.rows))
		e.forEach(len(as.rows), func(w *worker, i int) {
			if metric == nil {
				d.metric[i] = 1
				return
			}
			w.env.Set(rules.SlotAccount, &as.objs[i])
			d.metric[i] = w.number(metric, func() string {
				return fmt.Sprintf("account %q (%s)", as.rows[i].ID, at(as.rows[i].DefRange))
			})
		})
	}
	countedRep := make([]bool, len(e.w.reps))
	e.forEach(len(e.w.reps), func(w *worker, i int) {
		rs := e.w.reps[i]
		if per == nil {
			countedRep[i] = len(res.Reps[i].Quotas) > 0
			return
		}
		setRep(w.env, rs)
		ok, err := w.mach.Bool(per, w.env)
		if err != nil {
			w.failRule(per, "rep "+quote(rs.ID), err)
		}
		countedRep[i] = ok
	})
	d.counted = make([]int, len(e.w.terrs))
	d.leaf = make([]bool, len(e.w.terrs))
	for i := range d.leaf {
		d.leaf[i] = true
	}
	for _, p := range d.parent {
		if p >= 0 {
			d.leaf[p] = false
		}
	}
	terrAt := e.w.terrIndex()
	for i, rs := range e.w.reps {
		if !countedRep[i] || rs.terr == nil {
			continue
		}
		for k := terrAt[rs.terr.ID]; k >= 0; k = d.parent[k] {
			d.counted[k]++
		}
	}
	d.group = make([]string, len(e.w.terrs))
	if within != nil {
		e.forEach(len(e.w.terrs), func(w *worker, i int) {
			w.env.Set(rules.SlotTerritory, e.w.terrs[i].obj)
			v, err := w.mach.Run(within, w.env)
			if err != nil {
				w.failRule(within, "territory "+quote(e.w.terrs[i].ID), err)
			}
			d.group[i] = fmt.Sprintf("%T:%v", v, v)
		})
	}
	if e.fails.any() {
		return nil, e.fails.diagnostics()
	}
	return d, nil
}

// Territories measures every territory's book.
func (d *Designer) Territories() *Design {
	w := d.e.w
	n := len(w.terrs)
	accounts, sums := make([]int, n), make([]float64, n)
	out := &Design{Metric: d.opts.Metric, Per: d.opts.Per}
	for i, t := range d.assigned {
		if t < 0 {
			out.Unassigned.Accounts++
			out.Unassigned.Metric += d.metric[i]
			continue
		}
		for k := t; k >= 0; k = d.parent[k] {
			accounts[k]++
			sums[k] += d.metric[i]
		}
	}
	for i, ts := range w.terrs {
		dt := &DesignTerritory{ID: ts.ID, Name: ts.Name, Parent: ts.Parent, Depth: ts.depth, Leaf: d.leaf[i],
			Accounts: accounts[i], Metric: sums[i], Reps: d.counted[i]}
		if dt.Reps > 0 {
			dt.PerRep = dt.Metric / float64(dt.Reps)
		}
		dt.Balanced = dt.Leaf && dt.Reps > 0
		out.Territories = append(out.Territories, dt)
	}
	out.Balance = balanceOf(out.Territories)
	if d.res.Accounts != nil {
		out.Moves = d.res.Accounts.Moves
	}
	return out
}

// balanceOf is the balance of the territories that count in it.
func balanceOf(ts []*DesignTerritory) Balance {
	var b Balance
	for _, t := range ts {
		if t.Balanced {
			b.add(t.PerRep)
		}
	}
	b.finish()
	return b
}

// add counts a territory of per-rep metric v.
func (b *Balance) add(v float64) {
	if b.Territories == 0 || v < b.Min {
		b.Min = v
	}
	if b.Territories == 0 || v > b.Max {
		b.Max = v
	}
	b.Territories++
	b.sum += v
	b.sumSquare += v * v
}

// finish works out the mean and cv from the sums.
func (b *Balance) finish() {
	if b.Territories == 0 {
		return
	}
	b.Mean, b.CV = b.sum/float64(b.Territories), cvOf(b.sum, b.sumSquare, float64(b.Territories))
	if math.Abs(b.Mean) < 1e-12*math.Max(1, math.Abs(b.Max)) {
		b.Mean = 0
	}
}

// cvOf is the coefficient of variation of n values from their sum and the
// sum of their squares: population standard deviation / mean, 0 when the
// mean is 0.
func cvOf(sum, sumSquare, n float64) float64 {
	if n == 0 {
		return 0
	}
	mean := sum / n
	if mean == 0 {
		return 0
	}
	variance := sumSquare/n - mean*mean
	if variance < 0 || variance < 1e-15*mean*mean { // rounding of equal values
		variance = 0
	}
	return math.Sqrt(variance) / math.Abs(mean)
}

// DefaultMaxMoves is how many moves balance proposes unless told.
const DefaultMaxMoves = 20

// balanceCandidates is how many of the most and of the least loaded
// territories of each group the search pairs at each step.
const balanceCandidates = 64

// balancer is the state of a search for balancing moves: the leaf
// territories with a counted rep, their reps and metric, and the accounts
// of each, sorted by metric.
type balancer struct {
	terr    []int     // world territory index of each balanced leaf
	reps    []float64 // counted reps
	metric  []float64 // sum of the metric of its accounts
	books   [][]int   // account indexes, by metric then order
	groups  [][]int   // balanced leaves by group, in territory order
	sum, sq float64   // of per-rep metrics
	n       float64
}

// Balance proposes up to maxMoves account moves between leaf territories
// with counted reps (within the --within groups) that lower the cv of the
// per-rep metric. Each step takes the move that lowers the cv most among
// the moves from one of the most loaded territories of a group to one of
// its least loaded (the best account of each pair found in O(log n) from
// the closed-form optimum), so every move lowers the cv; an account moves
// at most once; the search stops early when no move lowers it. The
// designer's assignment becomes the one after the moves, so Territories
// then measures the "after" books: a Designer balances once.
func (d *Designer) Balance(maxMoves int) *Proposal {
	design := d.Territories()
	p := &Proposal{Metric: d.opts.Metric, Before: design.Balance}
	b := d.newBalancer()
	for len(p.Moves) < maxMoves {
		mv, ok := b.best(d)
		if !ok {
			break
		}
		b.apply(mv, d)
		w := d.e.w
		p.Moves = append(p.Moves, AccountMove{Account: d.e.w.accounts.rows[mv.account].ID,
			From: w.terrs[b.terr[mv.from]].ID, To: w.terrs[b.terr[mv.to]].ID, Metric: d.metric[mv.account]})
	}
	after := Balance{}
	for i := range b.terr {
		after.add(b.metric[i] / b.reps[i])
	}
	after.finish()
	p.After = after
	return p
}

// newBalancer gathers the balanced leaves and their books.
func (d *Designer) newBalancer() *balancer {
	w := d.e.w
	b := &balancer{}
	slot := make([]int, len(w.terrs))
	byGroup := map[string]int{}
	for i := range w.terrs {
		slot[i] = -1
		if !d.leaf[i] || d.counted[i] == 0 {
			continue
		}
		slot[i] = len(b.terr)
		b.terr = append(b.terr, i)
		b.reps = append(b.reps, float64(d.counted[i]))
		b.metric = append(b.metric, 0)
		b.books = append(b.books, nil)
		g, ok := byGroup[d.group[i]]
		if !ok {
			g = len(b.groups)
			byGroup[d.group[i]] = g
			b.groups = append(b.groups, nil)
		}
		b.groups[g] = append(b.groups[g], slot[i])
	}
	for a, t := range d.assigned {
		if t < 0 || slot[t] < 0 {
			continue
		}
		s := slot[t]
		b.metric[s] += d.metric[a]
		b.books[s] = append(b.books[s], a)
	}
	for s, book := range b.books {
		slices.SortStableFunc(book, func(x, y int) int { return cmp.Compare(d.metric[x], d.metric[y]) })
		b.books[s] = book
	}
	b.n = float64(len(b.terr))
	for s := range b.terr {
		v := b.metric[s] / b.reps[s]
		b.sum += v
		b.sq += v * v
	}
	return b
}

// balanceMove is one candidate move: account (its place in the book of from)
// to territory to, and the cv it leaves.
type balanceMove struct {
	from, to, pos, account int
	cv                     float64
}

// best finds the best improving move, ok false when none improves.
func (b *balancer) best(d *Designer) (balanceMove, bool) {
	cur := cvOf(b.sum, b.sq, b.n)
	best := balanceMove{cv: cur}
	found := false
	per := func(s int) float64 { return b.metric[s] / b.reps[s] }
	for _, g := range b.groups {
		if len(g) < 2 {
			continue
		}
		order := slices.Clone(g)
		slices.SortStableFunc(order, func(x, y int) int { return cmp.Compare(per(y), per(x)) })
		k := min(balanceCandidates, len(order))
		sources, dests := order[:k], order[len(order)-k:]
		for _, s := range sources {
			if len(b.books[s]) == 0 {
				continue
			}
			for _, t := range dests {
				if s == t {
					continue
				}
				if mv, ok := b.bestOfPair(d, s, t); ok && mv.cv < best.cv-1e-12*math.Max(1, cur) {
					best, found = mv, true
				}
			}
		}
	}
	return best, found
}

// bestOfPair finds the account of s whose move to t leaves the lowest cv.
// With x the account's metric, the new sums of per-rep metrics are
// S1 + beta x and S2 + alpha x^2 + gamma x, and cv^2 + 1 = n S2'/S1'^2,
// whose minimum over x is at (2 beta S2 - gamma S1) / (2 alpha S1 - beta
// gamma); the accounts nearest it are the candidates.
func (b *balancer) bestOfPair(d *Designer, s, t int) (balanceMove, bool) {
	rs, rt := b.reps[s], b.reps[t]
	ps, pt := b.metric[s]/rs, b.metric[t]/rt
	alpha := 1/(rs*rs) + 1/(rt*rt)
	beta := 1/rt - 1/rs
	gamma := 2 * (pt/rt - ps/rs)
	den := 2*alpha*b.sum - beta*gamma
	var target float64
	if den != 0 {
		target = (2*beta*b.sq - gamma*b.sum) / den
	}
	book := b.books[s]
	pos, _ := slices.BinarySearchFunc(book, target, func(a int, x float64) int { return cmp.Compare(d.metric[a], x) })
	bestMove, ok := balanceMove{cv: math.Inf(1)}, false
	for i := max(0, pos-2); i < min(len(book), pos+2); i++ {
		x := d.metric[book[i]]
		if x == 0 {
			continue
		}
		sum := b.sum + beta*x
		sq := b.sq + alpha*x*x + gamma*x
		cv := cvOf(sum, sq, b.n)
		if cv < bestMove.cv {
			bestMove, ok = balanceMove{from: s, to: t, pos: i, account: book[i], cv: cv}, true
		}
	}
	return bestMove, ok
}

// apply makes a move: the account leaves the book of from (it moves at
// most once, so it joins no book), and the sums follow, summed again over
// every territory so that no rounding builds up over many moves.
func (b *balancer) apply(mv balanceMove, d *Designer) {
	x := d.metric[mv.account]
	b.metric[mv.from] -= x
	b.metric[mv.to] += x
	b.sum, b.sq = 0, 0
	for s := range b.terr {
		v := b.metric[s] / b.reps[s]
		b.sum += v
		b.sq += v * v
	}
	b.books[mv.from] = slices.Delete(b.books[mv.from], mv.pos, mv.pos+1)
	d.assigned[mv.account] = int32(b.terr[mv.to])
}

// GroupOf returns the --within value of a territory, as text, "" without
// --within; for tests and messages.
func (d *Designer) GroupOf(id string) string {
	for i, ts := range d.e.w.terrs {
		if ts.ID == id {
			return strings.TrimSpace(d.group[i])
		}
	}
	return ""
}
