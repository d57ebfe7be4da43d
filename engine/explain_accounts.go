package engine

import (
	"fmt"
	"slices"
	"strings"

	"github.com/quotaplan/quotaplan/rules"
)

// Account explains where an account belongs: the override that placed
// it (its file:line, and what the rule gives), or the carve rule's value
// with the names it read, or without a carve its territory column; then
// its current territory (the column) and whether it moves.
func (ex *Explainer) Account(id string, o ExplainOptions) (*Node, error) {
	x, err := ex.explainer(o)
	if err != nil {
		return nil, err
	}
	as, ra := x.e.w.accounts, ex.res.Accounts
	i := -1
	if as != nil && ra != nil {
		if k, ok := as.index()[id]; ok {
			i = int(k)
		}
	}
	if i < 0 {
		var known []string
		if ra != nil {
			known = suggestable(ra.IDs, id)
		}
		return nil, &UnknownError{What: "account", Name: id, Known: known}
	}
	row := as.rows[i]
	terr := ra.Territory[i]
	root := &Node{Label: "account " + id, Value: orUnassigned(terr), At: at(row.DefRange)}
	c := x.e.c.carve
	switch {
	case ra.Override[i] >= 0 && c != nil:
		ov := c.Overrides[ra.Override[i]]
		n := &Node{Label: "override", Value: ov.Territory, At: at(ov.DefRange),
			Note: "an override file of the carve wins over its rule (a later file over an earlier one)"}
		root.Children = append(root.Children, n)
		if ruled := x.carveNode(c, i); ruled != nil {
			ruled.Note = "what the rule alone gives"
			n.Children = append(n.Children, ruled)
		}
	case c != nil:
		if n := x.carveNode(c, i); n != nil {
			root.Children = append(root.Children, n)
		}
	default:
		n := &Node{Label: "territory column", Value: orUnassigned(terr), Note: "without a carve block an account belongs to the territory its territory column names"}
		if r, ok := row.Attrs.Range("territory"); ok {
			n.At = at(r)
		}
		root.Children = append(root.Children, n)
	}
	if c != nil {
		cur := &Node{Label: "current (territory column)", Value: orUnassigned(ra.Current[i])}
		if r, ok := row.Attrs.Range("territory"); ok {
			cur.At = at(r)
		}
		switch {
		case ra.Current[i] == "":
			cur.Note = "no current territory: not a move"
		case ra.Current[i] != terr:
			cur.Note = fmt.Sprintf("a move: from %s to %s", ra.Current[i], orUnassigned(terr))
		default:
			cur.Note = "unchanged"
		}
		root.Children = append(root.Children, cur)
	}
	if attrs := attributesNode(&row.Attrs); attrs != nil {
		root.Children = append(root.Children, attrs)
	}
	return root, nil
}

// maxSuggested is how many account ids a "did you mean" compares in full;
// beyond it only those that start like the name written are compared, so
// a typo in a plan of a million accounts is answered in a moment.
const maxSuggested = 100_000

// suggestable are the ids a suggestion for name is chosen from, sorted.
func suggestable(ids []string, name string) []string {
	if len(ids) > maxSuggested {
		prefix := name[:min(len(name), 4)]
		var some []string
		for _, id := range ids {
			if strings.HasPrefix(id, prefix) {
				some = append(some, id)
			}
		}
		ids = some
	}
	out := slices.Clone(ids)
	slices.Sort(out)
	return out
}

// carveNode explains the carve rule's value for account i.
func (x *explainer) carveNode(c *carveRule, i int) *Node {
	if c.rule == nil {
		return nil
	}
	x.env.Set(rules.SlotAccount, &x.e.w.accounts.objs[i])
	v, err := x.mach.Run(c.rule, x.env)
	if err != nil {
		return &Node{Label: "carve " + c.Label, Value: "error: " + rules.Message(err), At: at(c.DefRange)}
	}
	n := x.rule("carve "+c.Label, c.rule, v, false, x.depth)
	n.At = at(c.Territory.Range)
	return n
}

// orUnassigned names an empty territory.
func orUnassigned(s string) string {
	if s == "" {
		return "(unassigned)"
	}
	return s
}
