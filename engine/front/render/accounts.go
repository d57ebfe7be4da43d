package render

import "github.com/quotaplan/quotaplan/engine"

// accounts writes the result's "accounts" key (section 10): how many
// accounts the plan has, how many belong to no territory, and how many
// the carve moves away from their territory column.
func (e *jsonWriter) accounts(a *engine.AccountsResult) {
	e.open('{')
	e.key("total")
	e.int(a.Total())
	e.key("unassigned")
	e.int(a.Unassigned)
	e.key("moves")
	e.int(len(a.Moves))
	e.close('}')
}
