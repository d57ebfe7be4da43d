package rules

import (
	"fmt"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/types"
)

// hoisted is a sub-expression of a rule that loops over a list but does not
// depend on the rule's subject (the rep, territory, period or goal), such as
// count(reps, .role == 'SDR') inside a rep rule. It is computed once per
// evaluation and its value kept in the environment under name, so a rule
// run once per rep does not loop over every rep each time.
type hoisted struct {
	name string
	slot Slot
	rule *Rule
}

// invariantNames are the names whose value is the same for every subject of
// a scope.
var invariantNames = map[string]bool{NameVar: true, NamePlan: true, NameReps: true,
	NameTerritories: true, NamePeriods: true, NameQuotaFunc: true}

// hoist finds the largest subject-invariant sub-expressions of tree that
// contain a loop, compiles each on its own and rewrites tree to read them by
// name. It returns the parts, and the option that declares their names to
// the compiler, or nil when nothing was hoisted. The parts' positions stay
// those of src.Text.
func hoist(tree *ast.Node, src Source, env *Env) ([]hoisted, expr.Option) {
	if env.scope == ScopePlan {
		return nil, nil
	}
	var picks []ast.Node
	var visit func(n ast.Node) (invariant, loops bool)
	visit = func(n ast.Node) (bool, bool) {
		if n == nil {
			return true, false
		}
		invariant, loops := true, false
		switch n := n.(type) {
		case *ast.IdentifierNode:
			invariant = invariantNames[n.Value]
		case *ast.PointerNode:
			invariant = false // the element of an enclosing predicate
		case *ast.PredicateNode:
			// its pointers are bound here; the body is invariant when it
			// reads nothing of the subject
			inv, _ := visitBody(n.Node)
			return inv, true
		case *ast.VariableDeclaratorNode:
			invariant = false // a local name: keep the rule whole
		}
		var kids []ast.Node
		var kidInv []bool
		for _, c := range children(n) {
			inv, l := visit(c)
			invariant = invariant && inv
			loops = loops || l
			kids = append(kids, c)
			kidInv = append(kidInv, inv)
		}
		if !invariant {
			// this node depends on the subject: hoist its invariant
			// children that loop
			for i, c := range kids {
				if kidInv[i] && containsLoop(c) {
					picks = append(picks, c)
				}
			}
		}
		return invariant, loops
	}
	rootInv, rootLoops := visit(*tree)
	if rootInv && rootLoops {
		picks = append(picks, *tree)
	}
	if len(picks) == 0 {
		return nil, nil
	}
	extended := types.Map{}
	for k, v := range env.types {
		extended[k] = v
	}
	var out []hoisted
	replace := map[ast.Node]*ast.IdentifierNode{}
	for _, p := range picks {
		loc := p.Location()
		if p == *tree {
			loc.From, loc.To = 0, len([]rune(src.Text))
		}
		rule, err := compileNode(src, p, env, KindAny)
		if err != nil {
			return nil, nil
		}
		env.schema.hoisted++
		name := fmt.Sprintf("%s%d", hoistedPrefix, env.schema.hoisted)
		slot, _ := slotOf(name)
		extended[name] = types.Any
		id := &ast.IdentifierNode{Value: name}
		id.SetLocation(loc)
		replace[p] = id
		out = append(out, hoisted{name: name, slot: slot, rule: rule})
	}
	ast.Walk(tree, replacer(replace))
	return out, expr.Env(extended)
}

// visitBody visits a predicate body and reports whether it reads nothing of
// the subject (pointers to the predicate's own element are fine).
func visitBody(body ast.Node) (bool, bool) {
	invariant := true
	var walk func(n ast.Node)
	walk = func(n ast.Node) {
		switch n := n.(type) {
		case nil:
		case *ast.PointerNode:
		case *ast.PredicateNode:
			walk(n.Node)
		case *ast.IdentifierNode:
			invariant = invariant && invariantNames[n.Value]
		case *ast.VariableDeclaratorNode:
			invariant = false
		default:
			for _, c := range children(n) {
				walk(c)
			}
		}
	}
	walk(body)
	return invariant, true
}

// subjectFree reports whether n reads nothing of the subject: only
// invariant names, and pointers only to elements of predicates inside n.
func subjectFree(n ast.Node) bool {
	inv, _ := visitBody(n)
	_, bare := n.(*ast.PointerNode)
	return inv && !bare && !hasFreePointer(n)
}

// hasFreePointer reports whether n uses the element of an enclosing
// predicate.
func hasFreePointer(n ast.Node) bool {
	switch n := n.(type) {
	case nil:
		return false
	case *ast.PointerNode:
		return true
	case *ast.PredicateNode:
		return false
	default:
		for _, c := range children(n) {
			if hasFreePointer(c) {
				return true
			}
		}
	}
	return false
}

func containsLoop(n ast.Node) bool {
	if n == nil {
		return false
	}
	if _, ok := n.(*ast.PredicateNode); ok {
		return true
	}
	for _, c := range children(n) {
		if containsLoop(c) {
			return true
		}
	}
	return false
}

// replacer swaps hoisted sub-expressions for the names they are kept under.
type replacer map[ast.Node]*ast.IdentifierNode

// Visit implements ast.Visitor.
func (r replacer) Visit(n *ast.Node) {
	if id, ok := r[*n]; ok {
		*n = id
	}
}
