package rules

import (
	"github.com/expr-lang/expr/ast"
	"github.com/hashicorp/hcl/v2"
)

// checkConstantParts runs, once, the parts of a rule that read nothing of
// the plan and may fail on their own (they build strings or lists, loop,
// or take a remainder): such a part fails on every subject or never, so a
// failure against the bounds of limits.go, an integer overflow or a %
// by zero is reported when the plan loads, at the part, rather than once
// per subject. Other failures (such as upper(nil)) are left to the
// evaluation, which names the subject.
//
// tree is the rule as parsed; it is not changed.
func checkConstantParts(src Source, env *Env, tree ast.Node) *hcl.Diagnostic {
	kept, parts := constantParts(tree), constantParts(clone(tree))
	if len(kept) != len(parts) {
		return nil
	}
	m := NewMachine()
	for i, part := range parts {
		r, err := compileNode(src, part, env, KindAny)
		if err != nil {
			continue
		}
		r.tree = kept[i]
		_, err = m.run(r, NewFrame())
		if le, ok := asLimit(err); ok && le.kind != limitMissing {
			d := src.fromExprError(le.summary(), err, "")
			d.Detail += " This part of the rule reads nothing of the plan, so it would fail for every subject."
			return d
		}
	}
	return nil
}

// constantParts lists, in source order, the largest sub-expressions of
// root that read no name and that may fail on their own.
func constantParts(root ast.Node) []ast.Node {
	var out []ast.Node
	var walk func(n ast.Node)
	walk = func(n ast.Node) {
		if n == nil {
			return
		}
		if constant(n) && risky(n) {
			out = append(out, n)
			return
		}
		for _, c := range children(n) {
			walk(c)
		}
	}
	walk(root)
	return out
}

// constant reports whether n reads no name (the elements of loops inside
// n aside) and calls no function of the plan.
func constant(n ast.Node) bool {
	ok := true
	var walk func(n ast.Node, bound int)
	walk = func(n ast.Node, bound int) {
		if !ok {
			return
		}
		switch n := n.(type) {
		case nil:
		case *ast.IdentifierNode, *ast.CallNode, *ast.VariableDeclaratorNode:
			ok = false
		case *ast.PointerNode:
			ok = bound > 0
		case *ast.PredicateNode:
			walk(n.Node, bound+1)
		case *ast.BuiltinNode:
			if n.Name == "now" {
				ok = false
				return
			}
			for _, c := range n.Arguments {
				walk(c, bound)
			}
		default:
			for _, c := range children(n) {
				walk(c, bound)
			}
		}
	}
	walk(n, 0)
	return ok
}

// risky reports whether n builds, loops or takes a remainder: literal
// arithmetic on numbers alone is checked when the rule compiles.
func risky(n ast.Node) bool {
	switch n := n.(type) {
	case nil:
		return false
	case *ast.BuiltinNode, *ast.PredicateNode:
		return true
	case *ast.BinaryNode:
		if n.Operator == ".." || n.Operator == "%" {
			return true
		}
	}
	for _, c := range children(n) {
		if risky(c) {
			return true
		}
	}
	return false
}
