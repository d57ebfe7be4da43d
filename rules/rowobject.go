package rules

import "github.com/expr-lang/expr/ast"

// Load makes o an object of shape s holding vals, aligned with the shape's
// fields (nil: absent), and forgets its view. It lets one object stand for
// each row of an imported CSV in turn, so that a million rows cost no
// object each; o must not be read by another goroutine meanwhile.
func (o *Object) Load(s *Shape, vals []any) {
	o.shape, o.vals = s, vals
	o.view.Store(nil)
}

// compileArray turns an array literal such as [deal.owner, deal.overlay]
// (an overlay's double credit) into closures: rules of deal rows use them
// on every row, and the VM would build a map of the row for each.
func compileArray(n *ast.ArrayNode) (directFn, bool) {
	elems := make([]directFn, len(n.Nodes))
	for i, e := range n.Nodes {
		var ok bool
		if elems[i], ok = compileDirect(e); !ok {
			return nil, false
		}
	}
	return func(f *Frame) any {
		out := make([]any, len(elems))
		for i, e := range elems {
			out[i] = Plain(e(f))
		}
		return out
	}, true
}

// RunValue evaluates r in frame f as Run does, but without bounding the
// size of a KindAny value: for rules whose value is only read by the
// engine (the date and rep of a credit row), run on every row of a big
// import, not shown whole in a message.
func (m *Machine) RunValue(r *Rule, f *Frame) (any, error) { return m.run(r, f) }
