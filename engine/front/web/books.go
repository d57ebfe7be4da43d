package web

import (
	"slices"
	"strings"

	"github.com/quotaplan/quotaplan/engine"
	"github.com/quotaplan/quotaplan/rules"
)

// The territories page of a plan with accounts (SPEC section 10) adds each
// territory's book measured as `quotaplan territories` measures it: its
// accounts, a metric summed over them (the account count, or a numeric
// column such as the potential), the reps that share it (those that carry
// a quota), the metric per rep and the balance over the territories
// without children; and the accounts the carve moves away from the CRM's
// territory column.

// maxBookMetrics bounds the numeric account columns the page measures
// books by, besides the account count: each is one pass over the
// accounts.
const maxBookMetrics = 3

// maxMoves bounds the moves the page lists; the count says how many
// there are.
const maxMoves = 1000

// BooksData is the territories page's data of a plan with accounts.
type BooksData struct {
	Accounts   int           `json:"accounts"`
	Unassigned int           `json:"unassigned"`
	Carved     bool          `json:"carved"`
	Metrics    []BookMetric  `json:"metrics"` // the account count first
	Moves      []AccountMove `json:"moves"`
	MoveCount  int           `json:"move_count"`
}

// BookMetric is the territories measured by one metric.
type BookMetric struct {
	ID          string          `json:"id"`   // "accounts", or the column's name
	Rule        string          `json:"rule"` // the --metric it stands for; "" for the account count
	Unit        string          `json:"unit"` // the plan's currency for a column named as money (potential_usd), else ""
	Territories []BookTerritory `json:"territories"`
	Unassigned  float64         `json:"unassigned"`
	Balance     BalanceView     `json:"balance"`
}

// BookTerritory is one territory's book by a metric.
type BookTerritory struct {
	ID       string  `json:"id"`
	Accounts int     `json:"accounts"`
	Metric   float64 `json:"metric"`
	Reps     int     `json:"reps"`
	PerRep   float64 `json:"per_rep"`
	Leaf     bool    `json:"leaf"`
	Balanced bool    `json:"balanced"` // it counts in the balance: no children, a counted rep
}

// BalanceView is the balance of the per-rep metric.
type BalanceView struct {
	Territories int     `json:"territories"`
	Mean        float64 `json:"mean"`
	CV          float64 `json:"cv"`
	Min         float64 `json:"min"`
	Max         float64 `json:"max"`
}

// AccountMove is an account the carve moves away from its territory
// column.
type AccountMove struct {
	Account string `json:"account"`
	Name    string `json:"name,omitempty"` // the account's name column, when it has one
	From    string `json:"from"`
	To      string `json:"to"`
}

// booksData measures the books of a plan with accounts; nil without
// accounts or without the model (a result read back from JSON).
func booksData(in *Input) any {
	r := in.Result
	if r.Accounts == nil || in.Model == nil {
		return nil
	}
	a := r.Accounts
	out := &BooksData{Accounts: a.Total(), Unassigned: a.Unassigned, Carved: a.Carved, Metrics: []BookMetric{}, Moves: []AccountMove{}, MoveCount: len(a.Moves)}
	nameCol := accountNameColumn(a)
	for _, m := range a.Moves {
		if len(out.Moves) == maxMoves {
			break
		}
		mv := AccountMove{Account: m.Account, From: m.From, To: m.To}
		if nameCol != "" {
			if i := a.Index(m.Account); i >= 0 {
				if v, ok := a.Row(i).Attrs.Get(nameCol); ok {
					if s, ok := v.(string); ok {
						mv.Name = s
					}
				}
			}
		}
		out.Moves = append(out.Moves, mv)
	}
	metrics := append([]string{""}, numericAccountColumns(a)...)
	for _, col := range metrics {
		rule := ""
		if col != "" {
			rule = "account." + col
		}
		d, diags := in.Model.Designer(r, engine.DesignOptions{Metric: rule})
		if diags.HasErrors() || d == nil {
			continue // a column whose values do not sum; the others still show
		}
		design := d.Territories()
		bm := BookMetric{ID: "accounts", Rule: rule, Territories: []BookTerritory{}, Unassigned: design.Unassigned.Metric,
			Balance: BalanceView{Territories: design.Balance.Territories, Mean: design.Balance.Mean, CV: design.Balance.CV,
				Min: design.Balance.Min, Max: design.Balance.Max}}
		if col != "" {
			bm.ID = col
			if moneyColumn(col, r.Plan.Currency) {
				bm.Unit = r.Plan.Currency
			}
		}
		for _, t := range design.Territories {
			bm.Territories = append(bm.Territories, BookTerritory{ID: t.ID, Accounts: t.Accounts, Metric: t.Metric, Reps: t.Reps,
				PerRep: t.PerRep, Leaf: t.Leaf, Balanced: t.Balanced})
		}
		out.Metrics = append(out.Metrics, bm)
	}
	return out
}

// numericAccountColumns lists the account columns whose every present
// value is a number, those named as a potential first, then in the
// export's order, at most maxBookMetrics of them.
func numericAccountColumns(a *engine.AccountsResult) []string {
	if a.Total() == 0 {
		return nil
	}
	names, _ := a.Row(0).Attrs.Row()
	var cols []string
	for _, name := range names {
		if name == "" || name == "territory" {
			continue
		}
		numeric, seen := true, false
		for i := 0; i < a.Total() && numeric; i++ {
			v, ok := a.Row(i).Attrs.Get(name)
			if !ok || v == nil {
				continue
			}
			_, isBool := v.(bool)
			_, isNum := rules.ToFloat(v)
			numeric = isNum && !isBool
			seen = true
		}
		if numeric && seen {
			cols = append(cols, name)
		}
	}
	slices.SortStableFunc(cols, func(x, y string) int {
		px, py := strings.Contains(x, "potential"), strings.Contains(y, "potential")
		switch {
		case px && !py:
			return -1
		case py && !px:
			return 1
		}
		return 0
	})
	if len(cols) > maxBookMetrics {
		cols = cols[:maxBookMetrics]
	}
	return cols
}

// accountNameColumn is the column that names the accounts ("name",
// "account_name"), "" when there is none.
func accountNameColumn(a *engine.AccountsResult) string {
	if a.Total() == 0 {
		return ""
	}
	names, _ := a.Row(0).Attrs.Row()
	for _, want := range []string{"name", "account_name"} {
		if slices.Contains(names, want) {
			return want
		}
	}
	return ""
}

// moneyColumn reports whether an account column is an amount in the
// plan's currency by its name: potential_usd, arr_usd, or potential.
func moneyColumn(col, currency string) bool {
	c := strings.ToLower(col)
	return strings.HasSuffix(c, "_"+strings.ToLower(currency)) || strings.Contains(c, "potential") || strings.HasSuffix(c, "_arr") || c == "arr"
}
