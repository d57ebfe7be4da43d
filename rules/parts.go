package rules

import (
	"github.com/expr-lang/expr/ast"
)

// PartKind says what a part of a rule is.
type PartKind int

// Kinds of parts.
const (
	PartName      PartKind = iota // a name or member chain the rule reads: rep.ote, tenure_month
	PartAggregate                 // a function over a list or quota(): count(reps, ...), sum(...)
	PartTest                      // a comparison or logical operation, in conditions
)

// Part is a sub-expression of a rule whose value helps explain the rule's
// value, compiled on its own in the rule's scope.
type Part struct {
	Kind PartKind
	Text string // canonical source of the sub-expression
	Rule *Rule  // the sub-expression compiled to any value
	// Root is the name a PartName chain starts from ("rep", "var", ...) and
	// Path the fields after it; empty for other parts.
	Root string
	Path []string
	// For a PartAggregate over a list with a predicate: the list and a rule
	// mapping each element to its contribution (map(list, body)) and to its
	// id (map(list, .id)); nil otherwise.
	Contributions, IDs *Rule
	Builtin            string
}

// Parts lists, in source order without repeats, the names a rule reads and
// the aggregates it computes, plus (when tests is set) its comparisons and
// logical operations, each compiled so that its value can be shown next to
// the rule. Parts inside predicates are left out: they have no single value.
// They are compiled once per rule; Parts may be called from many goroutines.
func (r *Rule) Parts(tests bool) []Part {
	if r == nil || r.tree == nil {
		return nil
	}
	k := 0
	if tests {
		k = 1
	}
	r.partsOnce[k].Do(func() { r.parts[k] = r.partsOf(tests) })
	return r.parts[k]
}

// partsOf finds and compiles the parts of Parts.
func (r *Rule) partsOf(tests bool) []Part {
	var out []Part
	seen := map[string]bool{}
	add := func(p Part) {
		if seen[p.Text] {
			return
		}
		rule, diags := compile(Source{Text: p.Text, Range: r.Range}, r.env, KindAny)
		if diags.HasErrors() {
			return
		}
		seen[p.Text] = true
		p.Rule = rule
		out = append(out, p)
	}
	var walk func(n ast.Node)
	walk = func(n ast.Node) {
		switch n := n.(type) {
		case nil:
			return
		case *ast.PredicateNode:
			return
		case *ast.IdentifierNode:
			add(Part{Kind: PartName, Text: n.Value, Root: n.Value})
			return
		case *ast.MemberNode:
			if root, path, ok := chain(n); ok {
				add(Part{Kind: PartName, Text: n.String(), Root: root, Path: path})
				return
			}
		case *ast.BinaryNode:
			// a comparison that is the whole rule is shown with the rule's value
			if tests && isTestOperator(n.Operator) && n != r.tree {
				add(Part{Kind: PartTest, Text: n.String()})
			}
		case *ast.CallNode:
			if id, ok := n.Callee.(*ast.IdentifierNode); ok && id.Value == NameQuotaFunc {
				add(Part{Kind: PartAggregate, Text: n.String(), Builtin: NameQuotaFunc})
			}
			for _, a := range n.Arguments {
				walk(a)
			}
			return
		case *ast.BuiltinNode:
			add(r.aggregate(n))
		}
		for _, c := range children(n) {
			walk(c)
		}
	}
	walk(r.tree)
	return out
}

// aggregate describes a builtin call; for sum over a list with a predicate
// it also compiles the per-element contributions and ids.
func (r *Rule) aggregate(n *ast.BuiltinNode) Part {
	p := Part{Kind: PartAggregate, Text: n.String(), Builtin: n.Name}
	if len(n.Arguments) == 2 {
		if pred, ok := n.Arguments[1].(*ast.PredicateNode); ok && n.Name == "sum" {
			list := n.Arguments[0].String()
			p.Contributions, _ = compile(Source{Text: "map(" + list + ", " + pred.Node.String() + ")", Range: r.Range}, r.env, KindAny)
			p.IDs, _ = compile(Source{Text: "map(" + list + ", .id ?? '')", Range: r.Range}, r.env, KindAny)
		}
	}
	return p
}

// chain splits a member chain with constant fields rooted at a name, such
// as rep.quota.new_arr, into its root and path.
func chain(n *ast.MemberNode) (string, []string, bool) {
	var path []string
	var cur ast.Node = n
	for {
		switch c := cur.(type) {
		case *ast.MemberNode:
			s, ok := c.Property.(*ast.StringNode)
			if !ok {
				return "", nil, false
			}
			path = append([]string{s.Value}, path...)
			cur = c.Node
		case *ast.IdentifierNode:
			return c.Value, path, true
		default:
			return "", nil, false
		}
	}
}

func isTestOperator(op string) bool {
	switch op {
	case "==", "!=", "<", "<=", ">", ">=", "&&", "||", "and", "or", "in", "not in", "matches", "contains", "startsWith", "endsWith":
		return true
	}
	return false
}
