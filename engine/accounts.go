package engine

import (
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/expr-lang/expr/types"

	"github.com/quotaplan/quotaplan/plans"
	"github.com/quotaplan/quotaplan/plans/parallel"
	"github.com/quotaplan/quotaplan/plans/words"
	"github.com/quotaplan/quotaplan/rules"
)

// Accounts and the carve (plans/LANGUAGE.md, accounts): every account of
// the plan's accounts imports belongs to at most one territory, given by
// the carve's rule and its overrides, or without a carve by the account's
// territory column. A territory's book lists the accounts of the
// territory and of every territory below it.

// AccountsResult holds the assignment of every account, aligned with the
// plan's accounts (file after file, in order). It is nil in a result of a
// plan without accounts.
type AccountsResult struct {
	IDs       []string // the account ids
	Territory []string // the territory each belongs to; "" for an unassigned account
	// Current is the territory column of each account, the CRM's current
	// assignment ("" where the cell is empty).
	Current []string
	// Override is the index of the override that placed each account
	// (into the carve's Overrides), -1 where the rule or the column did.
	Override   []int32
	Unassigned int
	// Moves are the accounts whose assignment differs from their
	// territory column, sorted by account; only with a carve.
	Moves []AccountMove
	// Carved tells that a carve rule assigned the accounts.
	Carved bool

	rows []*plans.Row
}

// AccountMove is one account that changes territory: From is its current
// territory, To the one it goes to ("" for none).
type AccountMove struct {
	Account string
	From    string
	To      string
	Metric  float64 // the account's metric, in a proposal of Balance
}

// Total is the number of accounts.
func (a *AccountsResult) Total() int { return len(a.IDs) }

// Row returns the plan row of account i, nil in a result read back from
// JSON.
func (a *AccountsResult) Row(i int) *plans.Row {
	if i < len(a.rows) {
		return a.rows[i]
	}
	return nil
}

// Index returns the index of the account id, -1 for none.
func (a *AccountsResult) Index(id string) int {
	return slices.Index(a.IDs, id)
}

// accountSet is the accounts of a world: their objects and the territory
// each belongs to.
type accountSet struct {
	rows     []*plans.Row
	objs     []rules.Object
	assign   []int32 // index into world.terrs, -1 for unassigned
	override []int32 // index into the carve's overrides, -1 for none
	once     sync.Once
	byID     map[string]int32 // see index
}

// fieldBook is the territory field that lists its accounts.
const fieldBook = rules.FieldBook

// accountReserved are the names no account column may take: the fields
// of account objects besides their columns.
var accountReserved = rules.FieldNames(rules.AccountFields)

// accountAttrTypes types the columns of the plan's accounts.
func accountAttrTypes(p *plans.Plan) map[string]types.Type {
	attrs := make([]*plans.Attrs, len(p.Accounts))
	for i, r := range p.Accounts {
		attrs[i] = &r.Attrs
	}
	return attrTypes(attrs, accountReserved)
}

// buildAccounts makes the objects of the plan's accounts, and without a
// carve assigns each to the territory its column names (the loader has
// checked the ids).
func (w *world) buildAccounts(p *plans.Plan) {
	if len(p.Accounts) == 0 && p.Carve == nil {
		return
	}
	n := len(p.Accounts)
	as := &accountSet{rows: p.Accounts, objs: w.accountObjs.of(p, w.accountShape), assign: make([]int32, n),
		override: make([]int32, n)}
	terrAt := w.terrIndex()
	parallel.Spread(n, runtime.GOMAXPROCS(0), func(_, i int) {
		r := p.Accounts[i]
		as.assign[i], as.override[i] = -1, -1
		if p.Carve == nil {
			if id, ok := currentOf(r); ok {
				if t, known := terrAt[id]; known {
					as.assign[i] = t
				}
			}
		}
	})
	w.accounts = as
	w.setBooks()
}

// accountObjects are the objects of a plan's accounts, made once per
// model: they hold an account's id and columns, which no evaluation
// changes, so every world of the model (each evaluation, explain, the
// design commands) reads the same ones.
type accountObjects struct {
	once sync.Once
	objs []rules.Object
}

// of returns the objects of p's accounts, made on first use.
func (ao *accountObjects) of(p *plans.Plan, shape *rules.Shape) []rules.Object {
	ao.once.Do(func() {
		ao.objs = shape.Objects(len(p.Accounts))
		fields := make([]attrFields, runtime.GOMAXPROCS(0))
		parallel.Spread(len(p.Accounts), len(fields), func(k, i int) {
			fields[k].set(&ao.objs[i], p.Accounts[i].ID, &p.Accounts[i].Attrs)
		})
	})
	return ao.objs
}

// index returns the index of each account by id, made on first use
// (overrides and explain need it; a plan of a million accounts without
// them does not).
func (as *accountSet) index() map[string]int32 {
	as.once.Do(func() {
		as.byID = make(map[string]int32, len(as.rows))
		for i, r := range as.rows {
			as.byID[r.ID] = int32(i)
		}
	})
	return as.byID
}

// currentOf is the territory column of an account row.
func currentOf(r *plans.Row) (string, bool) {
	v, ok := r.Attrs.Get("territory")
	s, _ := v.(string)
	return s, ok && s != ""
}

// terrIndex maps territory ids to their index in w.terrs.
func (w *world) terrIndex() map[string]int32 {
	out := make(map[string]int32, len(w.terrs))
	for i, ts := range w.terrs {
		out[ts.ID] = int32(i)
	}
	return out
}

// setBooks gives every territory object its book: the accounts assigned
// to it or to a territory below it, in the plan's order.
func (w *world) setBooks() {
	as := w.accounts
	field := w.terrShape.Field(fieldBook)
	if as == nil || field < 0 {
		return
	}
	parent := w.terrParents()
	counts := make([]int, len(w.terrs))
	for _, t := range as.assign {
		for k := t; k >= 0; k = parent[k] {
			counts[k]++
		}
	}
	books := make([][]any, len(w.terrs))
	for i, c := range counts {
		books[i] = make([]any, 0, c)
	}
	for i, t := range as.assign {
		for k := t; k >= 0; k = parent[k] {
			books[k] = append(books[k], &as.objs[i])
		}
	}
	for i, ts := range w.terrs {
		ts.obj.Set(field, rules.NewList(books[i]))
	}
}

// terrParents gives the index of each territory's parent, -1 for none;
// the loader rejects cycles, and a walk is bounded by the count anyway.
func (w *world) terrParents() []int32 {
	at := w.terrIndex()
	out := make([]int32, len(w.terrs))
	for i, ts := range w.terrs {
		out[i] = -1
		if p, ok := at[ts.Parent]; ok && ts.Parent != "" && p != int32(i) {
			out[i] = p
		}
	}
	return out
}

// carveRule is the compiled carve block.
type carveRule struct {
	*plans.Carve
	rule *rules.Rule
}

// evalCarve runs the carve's rule for every account, applies the
// overrides, and gives every territory its book.
func (e *evaluator) evalCarve() {
	as, cr := e.w.accounts, e.c.carve
	if as == nil || cr == nil || cr.rule == nil {
		return
	}
	terrAt := e.w.terrIndex()
	ids := terrIDs(e.w.terrs)
	e.forEach(len(as.rows), func(w *worker, i int) {
		row := as.rows[i]
		w.env.Set(rules.SlotAccount, &as.objs[i])
		v, err := w.mach.Run(cr.rule, w.env)
		who := func() string { return fmt.Sprintf("account %q (%s)", row.ID, at(row.DefRange)) }
		if err != nil {
			w.failRule(cr.rule, who(), err)
			return
		}
		switch v := v.(type) {
		case nil:
			as.assign[i] = -1
		case string:
			t, ok := terrAt[v]
			if !ok {
				w.fail("carve-unknown:"+v, cr.Territory.Range, "Unknown territory from the carve", fmt.Sprintf(
					"The carve rule gives %q for %s, but no territory has that id.%s Declare the territory, or change the rule so that it yields a territory id (or nil for an unassigned account).",
					clipID(v), who(), words.DidYouMean(v, ids)))
				return
			}
			as.assign[i] = t
		default:
			w.fail("carve-type", cr.Territory.Range, "Carve rule gives no territory id", fmt.Sprintf(
				"The carve rule gives %s for %s, but it must give a territory id as a string, or nil for an unassigned account, e.g. account.country == 'US' ? 'na' : 'intl'.",
				describeCarveValue(v), who()))
		}
	})
	for k, o := range cr.Overrides {
		if i, ok := as.index()[o.Account]; ok {
			as.assign[i], as.override[i] = terrAt[o.Territory], int32(k)
		}
	}
	e.w.setBooks()
}

// describeCarveValue names a value of a rule in a message.
func describeCarveValue(v any) string {
	switch v := v.(type) {
	case float64, int, bool:
		return fmt.Sprintf("the %T %v", v, v)
	}
	return fmt.Sprintf("a %T", v)
}

// clipID shortens text for a message.
func clipID(s string) string {
	if len(s) > 80 {
		return s[:77] + "..."
	}
	return s
}

// accountsResult is the result's view of the world's accounts.
func (w *world) accountsResult(carved bool) *AccountsResult {
	as := w.accounts
	if as == nil {
		return nil
	}
	n := len(as.rows)
	r := &AccountsResult{IDs: make([]string, n), Territory: make([]string, n), Current: make([]string, n),
		Override: slices.Clone(as.override), Carved: carved, rows: as.rows}
	for i, row := range as.rows {
		r.IDs[i] = row.ID
		r.Current[i], _ = currentOf(row)
		if t := as.assign[i]; t >= 0 {
			r.Territory[i] = w.terrs[t].ID
		} else {
			r.Unassigned++
		}
		if carved && r.Current[i] != "" && r.Current[i] != r.Territory[i] {
			r.Moves = append(r.Moves, AccountMove{Account: row.ID, From: r.Current[i], To: r.Territory[i]})
		}
	}
	slices.SortFunc(r.Moves, func(a, b AccountMove) int { return strings.Compare(a.Account, b.Account) })
	return r
}

// restoreAccounts sets the world's assignment as res holds it, for
// explain and the design commands.
func (w *world) restoreAccounts(res *Result) {
	as, ra := w.accounts, res.Accounts
	if as == nil || ra == nil || len(ra.IDs) != len(as.rows) {
		return
	}

	terrAt := w.terrIndex()
	for i := range as.rows {
		as.assign[i] = -1
		if t, ok := terrAt[ra.Territory[i]]; ok && ra.Territory[i] != "" {
			as.assign[i] = t
		}
		as.override[i] = ra.Override[i]
	}
	w.setBooks()
}

// bookList is the average size of a territory's book: each account is in
// the book of its territory and of every territory above it.
func bookList(p *plans.Plan) float64 {
	if len(p.Accounts) == 0 || len(p.Territories) == 0 {
		return 0
	}
	parents := make(map[string]string, len(p.Territories))
	for _, t := range p.Territories {
		parents[t.ID] = t.Parent
	}
	d := depths(parents)
	var sum float64
	for _, t := range p.Territories {
		sum += float64(1 + d[t.ID])
	}
	return float64(len(p.Accounts)) * sum / float64(len(p.Territories)) / float64(len(p.Territories))
}
