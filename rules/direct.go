package rules

import (
	"sync/atomic"

	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/builtin"
	"github.com/expr-lang/expr/vm/runtime"
)

// A direct rule is a rule turned into a tree of Go closures that read the
// environment and the objects in it without reflection. Evaluating one
// takes a fraction of the time the expr VM takes, which matters for rules
// run once per rep and month.
//
// Only the common subset of the language is turned into closures: literals,
// names, attribute and index access, arithmetic, comparisons, logic,
// conditionals, ??, the numeric builtins and count, sum, all, any, none
// and one over a list with a predicate (# and .attr). A rule using
// anything else (map, filter, let-bindings, function calls, list
// literals, string operators ...) keeps running on the VM. Operators use the VM's own runtime helpers, so
// results are the VM's to the bit.
//
// Whenever a closure meets something it is not sure to handle exactly like
// the VM (a non-boolean operand of &&, a fetch from nil, a panic in a
// helper, a result of the wrong kind, a bound of limits.go broken), it
// gives up and the rule is run again on the VM, which yields the value or
// the error (with its location) the user would have got anyway. Rules are
// pure, so running one twice is safe. The closures and the VM use the same
// checked operations (safe.go) and compare nil the same way. FuzzDirect
// checks that both agree.

// directFn evaluates a node against a run-time environment; it panics with
// giveUp (or any other value) to hand the evaluation back to the VM.
type directFn func(f *Frame) any

// giveUp is the panic value of a closure that leaves a rule to the VM.
type giveUp struct{}

// directBuiltins are the builtins a direct rule may call: pure functions of
// numbers and lengths.
var directBuiltins = map[string]bool{"abs": true, "ceil": true, "floor": true, "round": true,
	"min": true, "max": true, "int": true, "float": true, "len": true,
	"fromPairs": true} // a split's shares by rep, in the rep rule of an actual block

// compileDirect turns n into closures; ok is false when n uses something
// outside the supported subset.
func compileDirect(n ast.Node) (directFn, bool) {
	switch n := n.(type) {
	case *ast.NilNode:
		return func(*Frame) any { return nil }, true
	case *ast.IntegerNode:
		v := any(n.Value)
		return func(*Frame) any { return v }, true
	case *ast.FloatNode:
		v := any(n.Value)
		return func(*Frame) any { return v }, true
	case *ast.BoolNode:
		v := any(n.Value)
		return func(*Frame) any { return v }, true
	case *ast.StringNode:
		v := any(n.Value)
		return func(*Frame) any { return v }, true
	case *ast.IdentifierNode:
		slot, ok := slotOf(n.Value)
		if !ok {
			return nil, false
		}
		return func(f *Frame) any {
			if int(slot) >= len(f.vals) {
				panic(giveUp{})
			}
			return f.vals[slot]
		}, true
	case *ast.ChainNode:
		return compileDirect(n.Node)
	case *ast.MemberNode:
		return compileMember(n)
	case *ast.UnaryNode:
		return compileUnary(n)
	case *ast.BinaryNode:
		return compileBinary(n)
	case *ast.ConditionalNode:
		cond, ok1 := compileDirect(n.Cond)
		yes, ok2 := compileDirect(n.Exp1)
		no, ok3 := compileDirect(n.Exp2)
		if !ok1 || !ok2 || !ok3 {
			return nil, false
		}
		return func(f *Frame) any {
			if mustBool(cond(f)) {
				return yes(f)
			}
			return no(f)
		}, true
	case *ast.BuiltinNode:
		return compileBuiltin(n)
	case *ast.ArrayNode:
		return compileArray(n)
	case *ast.PredicateNode:
		return compileDirect(n.Node)
	case *ast.PointerNode:
		if n.Name != "" { // #index, #acc
			return nil, false
		}
		return func(f *Frame) any { return f.items[len(f.items)-1] }, true
	}
	return nil, false
}

func compileMember(n *ast.MemberNode) (directFn, bool) {
	from, ok1 := compileDirect(n.Node)
	if !ok1 {
		return nil, false
	}
	if s, ok := n.Property.(*ast.StringNode); ok { // a.b
		name := s.Value
		var ref atomic.Pointer[fieldRef]
		return func(f *Frame) any {
			switch o := from(f).(type) {
			case *Object:
				return o.field(name, &ref)
			case map[string]any:
				return o[name]
			case nil, *List:
				panic(giveUp{}) // an error, or nil through ?.: the VM knows
			default:
				return runtime.Fetch(o, name)
			}
		}, true
	}
	prop, ok2 := compileDirect(n.Property)
	if !ok2 {
		return nil, false
	}
	return func(f *Frame) any { // a[b]
		o := from(f)
		if o == nil {
			panic(giveUp{})
		}
		key := prop(f)
		s, isString := key.(string)
		switch o := o.(type) {
		case *Object:
			if isString {
				return o.Get(s)
			}
			if key == nil {
				return nil // no field is named nil
			}
			panic(giveUp{})
		case map[string]any:
			if isString {
				return o[s]
			}
			if key == nil {
				return nil
			}
		case *List:
			panic(giveUp{})
		}
		return runtime.Fetch(o, key)
	}, true
}

func compileUnary(n *ast.UnaryNode) (directFn, bool) {
	x, ok := compileDirect(n.Node)
	if !ok {
		return nil, false
	}
	switch n.Operator {
	case "!", "not":
		return func(f *Frame) any { return !mustBool(x(f)) }, true
	case "-":
		return func(f *Frame) any { return neg(x(f)) }, true
	case "+":
		return x, true
	}
	return nil, false
}

// binaryOps are the operators whose both operands are always evaluated.
var binaryOps = map[string]func(a, b any) any{
	"==": func(a, b any) any { return runtime.Equal(a, b) },
	"!=": func(a, b any) any { return !runtime.Equal(a, b) },
	"<":  func(a, b any) any { return runtime.Less(a, b) },
	">":  func(a, b any) any { return runtime.More(a, b) },
	"<=": func(a, b any) any { return runtime.LessOrEqual(a, b) },
	">=": func(a, b any) any { return runtime.MoreOrEqual(a, b) },
	"-":  sub,
	"*":  mul,
	"/":  func(a, b any) any { return runtime.Divide(a, b) },
	"%":  func(a, b any) any { return runtime.Modulo(a, b) },
	"**": func(a, b any) any { return runtime.Exponent(a, b) },
	"^":  func(a, b any) any { return runtime.Exponent(a, b) },
}

func compileBinary(n *ast.BinaryNode) (directFn, bool) {
	l, ok1 := compileDirect(n.Left)
	r, ok2 := compileDirect(n.Right)
	if !ok1 || !ok2 {
		return nil, false
	}
	switch n.Operator {
	case "&&", "and":
		return func(f *Frame) any { return mustBool(l(f)) && mustBool(r(f)) }, true
	case "||", "or":
		return func(f *Frame) any { return mustBool(l(f)) || mustBool(r(f)) }, true
	case "??":
		return func(f *Frame) any {
			if v := l(f); !runtime.IsNil(v) {
				return v
			}
			return r(f)
		}, true
	}
	if n.Operator == "+" {
		return func(f *Frame) any { return add(&f.budget, l(f), r(f)) }, true
	}
	op := binaryOps[n.Operator]
	if op == nil {
		return nil, false
	}
	if n.Operator == "==" || n.Operator == "!=" {
		// An absent value is nil, which equals only nil (plans/LANGUAGE.md section 4);
		// the VM compares objects as maps.
		eq := func(f *Frame) bool { return equal(l(f), r(f)) }
		if _, ok := n.Right.(*ast.NilNode); ok {
			eq = func(f *Frame) bool { return runtime.IsNil(l(f)) }
		} else if _, ok := n.Left.(*ast.NilNode); ok {
			eq = func(f *Frame) bool { return runtime.IsNil(r(f)) }
		} else if c, ok := literal(n.Right); ok {
			eq = equalTo(l, c)
		} else if c, ok := literal(n.Left); ok {
			eq = equalTo(r, c)
		}
		if n.Operator == "!=" {
			return func(f *Frame) any { return !eq(f) }, true
		}
		return func(f *Frame) any { return eq(f) }, true
	}
	return func(f *Frame) any { return op(l(f), r(f)) }, true
}

// equal is == as the VM computes it on plain values, without making the
// view of an object compared with a scalar.
func equal(a, b any) bool {
	if isObject(a) || isObject(b) {
		if scalar(a) || scalar(b) {
			return false
		}
		return runtime.Equal(Plain(a), Plain(b))
	}
	return runtime.Equal(a, b)
}

func isObject(v any) bool {
	switch v.(type) {
	case *Object, *List:
		return true
	}
	return false
}

func scalar(v any) bool {
	switch v.(type) {
	case nil, string, bool, int, float64:
		return true
	}
	return false
}

// literal returns the value of a string, int or bool literal.
func literal(n ast.Node) (any, bool) {
	switch n := n.(type) {
	case *ast.StringNode:
		return n.Value, true
	case *ast.IntegerNode:
		return n.Value, true
	case *ast.BoolNode:
		return n.Value, true
	}
	return nil, false
}

// equalTo compares x with the literal c: when x yields a value of c's
// type, directly (as the VM's Equal does first), else as the VM's Equal
// does. Rules compare with literals all the time: rep.role == 'AE',
// tenure_month == 1.
func equalTo(x directFn, c any) func(*Frame) bool {
	switch c := c.(type) {
	case string:
		return equalToLiteral(x, c)
	case int:
		return equalToLiteral(x, c)
	case bool:
		return equalToLiteral(x, c)
	}
	return func(f *Frame) bool { return runtime.Equal(Plain(x(f)), c) }
}

func equalToLiteral[T comparable](x directFn, c T) func(*Frame) bool {
	return func(f *Frame) bool {
		v := x(f)
		if v, ok := v.(T); ok {
			return v == c
		}
		if v == nil {
			return false
		}
		return runtime.Equal(Plain(v), c)
	}
}

// predicateBuiltins are the builtins over a list a direct rule may call,
// each with its predicate: they yield a number or a bool.
var predicateBuiltins = map[string]func(f *Frame, items []any, pred directFn) any{
	"count": func(f *Frame, items []any, pred directFn) any { return countTrue(f, items, pred) },
	"one":   func(f *Frame, items []any, pred directFn) any { return countTrue(f, items, pred) == 1 },
	"sum": func(f *Frame, items []any, pred directFn) any {
		var acc any = 0
		forItems(f, items, func() bool {
			switch v := pred(f).(type) {
			case int, float64:
				acc = runtime.Add(v, acc) // the VM's order of operands
			default:
				panic(giveUp{}) // strings, durations ...: the VM knows
			}
			return true
		})
		return acc
	},
	"all": func(f *Frame, items []any, pred directFn) any {
		all := true
		forItems(f, items, func() bool { all = mustBool(pred(f)); return all })
		return all
	},
	"none": func(f *Frame, items []any, pred directFn) any {
		none := true
		forItems(f, items, func() bool { none = !mustBool(pred(f)); return none })
		return none
	},
	"any": func(f *Frame, items []any, pred directFn) any {
		found := false
		forItems(f, items, func() bool { found = mustBool(pred(f)); return !found })
		return found
	},
}

// countTrue counts the items for which pred holds.
func countTrue(f *Frame, items []any, pred directFn) int {
	n := 0
	forItems(f, items, func() bool {
		if mustBool(pred(f)) {
			n++
		}
		return true
	})
	return n
}

// forItems makes each of items in turn the current item (#) of frame f
// and calls body, until body returns false.
func forItems(f *Frame, items []any, body func() bool) {
	top := len(f.items)
	f.items = append(f.items, nil)
	for _, it := range items {
		f.items[top] = it
		if !body() {
			break
		}
	}
	f.items = f.items[:top]
}

// compilePredicate compiles count, sum, all, any, none and one over a list
// with a predicate (sum without one adds the items themselves).
func compilePredicate(n *ast.BuiltinNode) (directFn, bool) {
	run := predicateBuiltins[n.Name]
	if run == nil || len(n.Arguments) < 1 || len(n.Arguments) > 2 {
		return nil, false
	}
	list, ok := compileDirect(n.Arguments[0])
	if !ok {
		return nil, false
	}
	pred := func(f *Frame) any { return f.items[len(f.items)-1] }
	if len(n.Arguments) == 2 {
		if _, isPred := n.Arguments[1].(*ast.PredicateNode); !isPred {
			return nil, false
		}
		if pred, ok = compileDirect(n.Arguments[1]); !ok {
			return nil, false
		}
	} else if n.Name != "sum" {
		return nil, false
	}
	charge := builtList(n.Arguments[0]) // as the VM charges it (build.go)
	return func(f *Frame) any {
		switch items := list(f).(type) {
		case *List:
			if charge {
				f.budget.loop(items.Len())
			}
			return run(f, items.items, pred)
		case []any:
			if charge {
				f.budget.loop(len(items))
			}
			return run(f, items, pred)
		}
		panic(giveUp{}) // typed slices, maps, nil: the VM knows
	}, true
}

func compileBuiltin(n *ast.BuiltinNode) (directFn, bool) {
	if _, ok := predicateBuiltins[n.Name]; ok {
		return compilePredicate(n)
	}
	id, known := builtin.Index[n.Name]
	if !known || !directBuiltins[n.Name] {
		return nil, false
	}
	fn := builtin.Builtins[id]
	args := make([]directFn, len(n.Arguments))
	for i, a := range n.Arguments {
		var ok bool
		if args[i], ok = compileDirect(a); !ok {
			return nil, false
		}
	}
	if fn.Fast != nil {
		if len(args) != 1 {
			return nil, false
		}
		fast, arg := fn.Fast, args[0]
		if n.Name == "len" {
			return func(f *Frame) any {
				v := arg(f)
				if l, ok := v.(*List); ok {
					return l.Len()
				}
				return fast(v)
			}, true
		}
		if n.Name == "int" {
			return func(f *Frame) any { return toInt(arg(f)) }, true
		}
		return func(f *Frame) any { return fast(arg(f)) }, true
	}
	if fn.Func == nil {
		return nil, false
	}
	return func(f *Frame) any {
		vals := make([]any, len(args))
		for i, a := range args {
			vals[i] = a(f)
		}
		v, err := fn.Func(vals...)
		if err != nil {
			panic(giveUp{})
		}
		return v
	}, true
}

// mustBool returns v as a bool, or gives up when it is not one (the VM
// fails on a non-boolean condition).
func mustBool(v any) bool {
	b, ok := v.(bool)
	if !ok {
		panic(giveUp{})
	}
	return b
}

// runDirect evaluates the direct form of r. ok is false when the closures
// gave up or the result is not of r's kind: the VM must run r.
func (r *Rule) runDirect(f *Frame) (out any, ok bool) {
	defer func() {
		if p := recover(); p != nil {
			out, ok = nil, false
			f.items = f.items[:0]
		}
	}()
	f.budget.reset()
	v := r.direct(f)
	switch r.Kind {
	case KindNumber:
		switch n := v.(type) {
		case float64:
			return n, true
		case int:
			return float64(n), true
		}
		return nil, false
	case KindBool:
		b, isBool := v.(bool)
		return b, isBool
	}
	return Plain(v), true
}
