package lsp

import (
	"sort"
	"strings"

	"github.com/quotaplan/quotaplan/engine"
)

// accountBooks counts, per territory, the accounts of its book (its own and
// those of the territories below it) and sums their potential: the
// first account column named potential or potential_<something>.
func accountBooks(res *engine.Result) (counts map[string]int, potential map[string]float64, column string) {
	a := res.Accounts
	counts, potential = map[string]int{}, map[string]float64{}
	if a == nil {
		return counts, potential, ""
	}
	parent := map[string]string{}
	for _, t := range res.Territories {
		parent[t.ID] = t.Parent
	}
	for i, id := range a.Territory {
		v := 0.0
		if row := a.Row(i); row != nil {
			if column == "" {
				for name := range row.Attrs.All() {
					if name == "potential" || strings.HasPrefix(name, "potential_") {
						column = name
						break
					}
				}
			}
			if column != "" {
				if x, ok := row.Attrs.Get(column); ok {
					v, _ = x.(float64)
				}
			}
		}
		for t, n := id, 0; t != "" && n <= len(parent); t, n = parent[t], n+1 {
			counts[t]++
			potential[t] += v
		}
	}
	return counts, potential, column
}

// territoryBook adds the size and potential of a territory's book.
func (h *hover) territoryBook(id string) {
	if h.res.Accounts == nil {
		return
	}
	counts, potential, column := accountBooks(h.res)
	line := "Book: **" + count(counts[id], "account", "accounts") + "**"
	if column != "" {
		line += ", " + column + " **" + h.num(potential[id], "") + "**"
	}
	h.line("")
	h.line("%s.", line)
}

// carve shows how the carve spreads the accounts: per territory, the
// accounts it holds directly, then the unassigned ones and the moves.
func (h *hover) carve(label string) {
	a := h.res.Accounts
	if a == nil {
		h.missing("carve", label)
		return
	}
	h.line("**carve %s** · %s", label, count(a.Total(), "account", "accounts"))
	h.line("")
	direct := map[string]int{}
	for _, t := range a.Territory {
		if t != "" {
			direct[t]++
		}
	}
	ids := make([]string, 0, len(direct))
	for id := range direct {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	const shown = 30
	for i, id := range ids {
		if i == shown {
			h.line("- ... and %d more territories", len(ids)-shown)
			break
		}
		h.line("- %s: %s", id, count(direct[id], "account", "accounts"))
	}
	h.line("")
	h.line("Unassigned: **%d**; moves against the territory column: **%d**.", a.Unassigned, len(a.Moves))
}
