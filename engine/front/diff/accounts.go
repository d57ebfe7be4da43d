package diff

import (
	"fmt"
	"slices"
	"strings"

	"github.com/quotaplan/quotaplan/engine"
)

// AccountChange is an account whose territory differs between base and
// head ("" where it has none, or is not on that side).
type AccountChange struct {
	Account  string
	From, To string
}

// accountChanges lists the accounts that change territory, sorted by
// account; nil unless both sides hold accounts (a saved result does not
// hold each account's territory, only the counts).
func accountChanges(b, h *engine.Result) []AccountChange {
	if b.Accounts == nil || h.Accounts == nil {
		return nil
	}
	old := make(map[string]string, len(b.Accounts.IDs))
	for i, id := range b.Accounts.IDs {
		old[id] = b.Accounts.Territory[i]
	}
	var out []AccountChange
	for i, id := range h.Accounts.IDs {
		from, ok := old[id]
		delete(old, id)
		if to := h.Accounts.Territory[i]; !ok || from != to {
			if ok || to != "" {
				out = append(out, AccountChange{Account: id, From: from, To: to})
			}
		}
	}
	for id, from := range old { // accounts only in base
		if from != "" {
			out = append(out, AccountChange{Account: id, From: from})
		}
	}
	slices.SortFunc(out, func(x, y AccountChange) int { return strings.Compare(x.Account, y.Account) })
	return out
}

// maxAccountLines is how many account moves the text and markdown
// formats list; the rest are counted.
const maxAccountLines = 20

// accountsText writes the accounts that change territory, with the
// number of accounts each territory gains and loses: the quota effect is
// in the territories' and reps' sections.
func (t *textWriter) accounts(as []AccountChange) {
	if len(as) == 0 {
		return
	}
	t.section(fmt.Sprintf("Accounts (%d change territory)", len(as)))
	for i, a := range as {
		if i == maxAccountLines {
			t.detail(fmt.Sprintf("... and %d more", len(as)-maxAccountLines))
			break
		}
		t.item(Changed, fmt.Sprintf("%s: %s -> %s", a.Account, noTerritory(a.From), noTerritory(a.To)))
	}
	t.detail(netMoves(as))
}

// netMoves sums, per territory, the accounts gained and lost.
func netMoves(as []AccountChange) string {
	net := map[string]int{}
	for _, a := range as {
		if a.From != "" {
			net[a.From]--
		}
		if a.To != "" {
			net[a.To]++
		}
	}
	ids := make([]string, 0, len(net))
	for id := range net {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	parts := make([]string, 0, len(ids))
	for _, id := range ids {
		if net[id] != 0 {
			parts = append(parts, fmt.Sprintf("%s %+d", id, net[id]))
		}
	}
	if len(parts) == 0 {
		return "net accounts per territory: unchanged"
	}
	return "net accounts per territory: " + strings.Join(parts, ", ")
}

func noTerritory(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

// jAccount is an account change in the JSON format; a null side has no
// territory.
type jAccount struct {
	Account string  `json:"account"`
	From    *string `json:"from"`
	To      *string `json:"to"`
}

// jsonAccounts converts the account changes; nil for none.
func jsonAccounts(as []AccountChange) []jAccount {
	if len(as) == 0 {
		return nil
	}
	out := make([]jAccount, len(as))
	for i, a := range as {
		out[i] = jAccount{Account: a.Account, From: nullableText(a.From), To: nullableText(a.To)}
	}
	return out
}

// nullableText is s, or nil for "".
func nullableText(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// accountClause is "3 accounts change territory" for the summary line.
func accountClause(as []AccountChange) string {
	switch len(as) {
	case 0:
		return ""
	case 1:
		return "1 account changes territory"
	}
	return fmt.Sprintf("%d accounts change territory", len(as))
}

// accountTable lists the accounts that change territory for a pull
// request comment; the layout cuts it to the comment's size like the
// other tables.
func accountTable(as []AccountChange) mdTable {
	t := newTable("Accounts that change territory", " ", "Account", "Base", "Head")
	for _, a := range as {
		t.addRow(Changed.Symbol(), a.Account, noTerritory(a.From), noTerritory(a.To))
	}
	return t
}
