package rules

import (
	"fmt"
	"github.com/quotaplan/quotaplan/plans/words"
	"sort"
	"strings"

	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/types"
)

// RefKind says what a rule reads.
type RefKind int

// Kinds of references.
const (
	RefLet         RefKind = iota // a let, by name
	RefMeasure                    // a quota measure, by name
	RefAllMeasures                // some measure chosen at run time
	RefCredit                     // the credited figures of actual, pipeline and forecast blocks
)

// Ref is a let or measure a rule reads; reading it makes the rule depend on
// it.
type Ref struct {
	Kind RefKind
	Name string
}

// children lists the direct sub-nodes of n in source order.
func children(n ast.Node) []ast.Node {
	switch n := n.(type) {
	case *ast.UnaryNode:
		return []ast.Node{n.Node}
	case *ast.BinaryNode:
		return []ast.Node{n.Left, n.Right}
	case *ast.ChainNode:
		return []ast.Node{n.Node}
	case *ast.MemberNode:
		return []ast.Node{n.Node, n.Property}
	case *ast.SliceNode:
		return []ast.Node{n.Node, n.From, n.To}
	case *ast.CallNode:
		return append([]ast.Node{n.Callee}, n.Arguments...)
	case *ast.BuiltinNode:
		return n.Arguments
	case *ast.PredicateNode:
		return []ast.Node{n.Node}
	case *ast.VariableDeclaratorNode:
		return []ast.Node{n.Value, n.Expr}
	case *ast.SequenceNode:
		return n.Nodes
	case *ast.ConditionalNode:
		return []ast.Node{n.Cond, n.Exp1, n.Exp2}
	case *ast.ArrayNode:
		return n.Nodes
	case *ast.MapNode:
		return n.Pairs
	case *ast.PairNode:
		return []ast.Node{n.Key, n.Value}
	}
	return nil
}

// refsOf lists, sorted and without repeats, the lets and measures a rule
// reads: a member `.quota.M` or `.full_quota.M` reads measure M, a
// quota(rep, "M", period) call reads M, and `.L` where L is a let of a
// matching scope reads L.
func refsOf(root ast.Node, env *Env) []Ref {
	seen := map[Ref]bool{}
	consumed := map[ast.Node]bool{} // quota maps whose measure is named
	var walk func(n ast.Node)
	walk = func(n ast.Node) {
		if n == nil {
			return
		}
		creditRefs(n, seen)
		switch n := n.(type) {
		case *ast.MemberNode:
			prop, isConst := n.Property.(*ast.StringNode)
			if inner, ok := n.Node.(*ast.MemberNode); ok && isQuotaMap(inner) {
				consumed[inner] = true
				if isConst {
					seen[Ref{Kind: RefMeasure, Name: prop.Value}] = true
				} else {
					seen[Ref{Kind: RefAllMeasures}] = true
				}
			}
			if isConst {
				if sc, ok := env.lets[prop.Value]; ok && letRootMatches(n.Node, sc) {
					seen[Ref{Kind: RefLet, Name: prop.Value}] = true
				}
			}
		case *ast.CallNode:
			if id, ok := n.Callee.(*ast.IdentifierNode); ok && id.Value == NameQuotaFunc {
				if len(n.Arguments) >= 2 {
					if s, ok := n.Arguments[1].(*ast.StringNode); ok {
						seen[Ref{Kind: RefMeasure, Name: s.Value}] = true
						break
					}
				}
				seen[Ref{Kind: RefAllMeasures}] = true
			}
		}
		for _, c := range children(n) {
			walk(c)
		}
	}
	walk(root)
	// A quota map used whole (passed around, indexed at run time) may read
	// any measure.
	var whole func(n ast.Node)
	whole = func(n ast.Node) {
		if n == nil {
			return
		}
		if m, ok := n.(*ast.MemberNode); ok && isQuotaMap(m) && !consumed[m] {
			seen[Ref{Kind: RefAllMeasures}] = true
		}
		for _, c := range children(n) {
			whole(c)
		}
	}
	whole(root)
	out := make([]Ref, 0, len(seen))
	for r := range seen {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Kind != out[j].Kind {
			return out[i].Kind < out[j].Kind
		}
		return out[i].Name < out[j].Name
	})
	return out
}

func isQuotaMap(m *ast.MemberNode) bool {
	s, ok := m.Property.(*ast.StringNode)
	return ok && (s.Value == "quota" || s.Value == "full_quota")
}

// letRootMatches reports whether a member read on base may be a let of scope
// sc: rep lets on rep and manager, territory lets on territory, plan lets on
// plan; anything else (predicate elements, indexing) may be any of them.
func letRootMatches(base ast.Node, sc Scope) bool {
	id, ok := base.(*ast.IdentifierNode)
	if !ok {
		return true
	}
	switch id.Value {
	case NameRep, NameManager:
		return sc == ScopeRep
	case NameTerritory:
		return sc == ScopeTerritory
	case NamePlan:
		return sc == ScopePlan
	}
	return true
}

// chainBefore returns the member chain written just before the field that
// starts at byte i, e.g. "rep.quota" for "rep.quota.nw" with i at "nw";
// "." for a predicate element such as ".quota".
func chainBefore(s string, i int) string {
	j := i
	for j > 0 && (s[j-1] == '.' || s[j-1] == '?' || isIdentByte(s[j-1])) {
		j--
	}
	chain := strings.TrimSuffix(strings.TrimSuffix(s[j:i], "."), "?")
	chain = strings.ReplaceAll(chain, "?.", ".")
	if chain == "" && j < i {
		return "."
	}
	return chain
}

func describeChain(chain string) string {
	switch {
	case chain == "" || chain == ".":
		return "This value"
	case strings.HasPrefix(chain, "."):
		return fmt.Sprintf("The element's %q", chain[1:])
	}
	return fmt.Sprintf("%q", chain)
}

// candidates lists the fields of the value a chain such as "rep.quota"
// names; for a predicate element chain such as ".quota" the fields it may
// have on any list element; when the chain cannot be followed, every field
// name visible in the scope.
func (e *Env) candidates(chain string) []string {
	var roots []types.Type
	if strings.HasPrefix(chain, ".") {
		for _, el := range e.elems {
			roots = append(roots, el)
		}
		chain = chain[1:]
	} else {
		roots = []types.Type{e.types}
	}
	set := map[string]bool{}
	for _, t := range roots {
		if chain != "" {
			t = follow(t, strings.Split(chain, "."))
		}
		for _, f := range fieldsOf(t) {
			set[f] = true
		}
	}
	if len(set) == 0 {
		for _, t := range append(roots, e.types) {
			collectFields(t, set, 0)
		}
	}
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// follow walks map types along a member chain; nil when it cannot.
func follow(t types.Type, parts []string) types.Type {
	for _, p := range parts {
		m, ok := t.(types.Map)
		if !ok {
			return nil
		}
		t = m[p]
	}
	return t
}

func collectFields(t types.Type, set map[string]bool, depth int) {
	m, ok := t.(types.Map)
	if !ok || depth > 3 {
		return
	}
	for k, v := range m {
		if k != types.Extra {
			set[k] = true
		}
		collectFields(v, set, depth+1)
	}
}

// Suggest returns ` Did you mean "x"?` for the closest candidate, or "": the
// one hint the loader, the rule compiler and the commands give
// (words.DidYouMean).
func Suggest(name string, candidates []string) string { return words.DidYouMean(name, candidates) }
