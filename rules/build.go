package rules

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/checker"
	"github.com/expr-lang/expr/checker/nature"
	"github.com/expr-lang/expr/compiler"
	"github.com/expr-lang/expr/conf"
	"github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/optimizer"
	"github.com/expr-lang/expr/parser"
	"github.com/expr-lang/expr/vm"
)

// build compiles a rule as expr.Compile does (parse, check, optimize,
// compile), with a pass between the last two steps that hardens it for
// untrusted plans:
//
//   - == and != of two values typed string (or int) compile to expr's
//     general comparison: the typed one asserts both are strings and
//     fails on an absent value, which plans/LANGUAGE.md section 4 compares as nil;
//   - integer +, -, * and unary - fail on overflow instead of wrapping,
//     and string + is charged to the run's budget (safe.go);
//   - builtins that build strings and lists are checked or charged, and
//     loops over lists the rule built are charged by their length.
//
// Constant integer arithmetic that expr would fold with wrap-around, and
// constant ranges over expr's memory budget, are errors before that.
// root, when not nil, is a tree parsed from text, which build takes over
// (it checks and rewrites it in place); positions in the program are
// offsets in text either way.
func build(text string, root ast.Node, opts []expr.Option) (prog *vm.Program, err error) {
	defer func() {
		// a plan must not crash the process, whatever expr makes of it
		if p := recover(); p != nil {
			msg, _, _ := strings.Cut(fmt.Sprint(p), "\n")
			prog, err = nil, fmt.Errorf("%s", msg)
		}
	}()
	config := newConfig(opts)
	tree := &parser.Tree{Node: root, Source: file.NewSource(text)}
	if root == nil {
		if tree, err = parser.ParseWithConfig(text, config); err != nil {
			return nil, err
		}
	}
	if _, err := checker.Check(tree, config); err != nil {
		return nil, err
	}
	if err := checkConstants(tree.Node); err != nil {
		return nil, err.Bind(tree.Source)
	}
	if config.Optimize {
		if err := optimizer.Optimize(&tree.Node, config); err != nil {
			if fe, ok := err.(*file.Error); ok {
				return nil, fe.Bind(tree.Source)
			}
			return nil, err
		}
	}
	ast.Walk(&tree.Node, hardener{})
	return compileTree(tree, config)
}

// newConfig is the expr configuration of opts, as expr.Compile makes it.
func newConfig(opts []expr.Option) *conf.Config {
	config := conf.CreateNew()
	for _, op := range opts {
		op(config)
	}
	for name := range config.Disabled {
		delete(config.Builtins, name)
	}
	config.Check()
	return config
}

// compileTree runs expr's compiler, whose panics come back as errors that
// carry a Go stack: only their first line is kept.
func compileTree(tree *parser.Tree, config *conf.Config) (*vm.Program, error) {
	prog, err := compiler.Compile(tree, config)
	if err != nil {
		msg, _, _ := strings.Cut(err.Error(), "\n")
		return nil, fmt.Errorf("%s", msg)
	}
	return prog, nil
}

// checkConstants finds integer arithmetic on constants that overflows
// (expr folds it with wrap-around), % by a literal zero, and constant
// ranges longer than expr's memory budget allows.
func checkConstants(root ast.Node) *file.Error {
	var found *file.Error
	fail := func(n ast.Node, le *limitError) {
		if found == nil {
			found = &file.Error{Location: n.Location(), Message: le.msg}
			found.Wrap(le)
		}
	}
	var walk func(n ast.Node)
	walk = func(n ast.Node) {
		if n == nil || found != nil {
			return
		}
		switch n := n.(type) {
		case *ast.BinaryNode:
			switch n.Operator {
			case "+", "-", "*":
				if _, ok := constInt(n, func(le *limitError) { fail(n, le) }); ok || found != nil {
					return
				}
			case "%":
				if i, ok := n.Right.(*ast.IntegerNode); ok && i.Value == 0 {
					fail(n, moduloByZero(n))
					return
				}
			case "..":
				from, ok1 := constInt(n.Left, func(*limitError) {})
				to, ok2 := constInt(n.Right, func(*limitError) {})
				if ok1 && ok2 && to >= from && (to-from < 0 || to-from >= MemoryBudget) {
					fail(n, limitf(limitMemory, "the range %d..%d would hold more than %d items; a rule may build lists of at most %d items",
						from, to, MemoryBudget-1, MemoryBudget-1))
					return
				}
			}
		}
		for _, c := range children(n) {
			walk(c)
		}
	}
	walk(root)
	return found
}

// constInt evaluates integer arithmetic on integer literals as expr's
// optimizer would fold it, calling overflow (and returning false) when a
// step leaves the range of integers.
func constInt(n ast.Node, overflow func(*limitError)) (v int, ok bool) {
	defer func() {
		if p := recover(); p != nil {
			le, isLimit := p.(*limitError)
			if !isLimit {
				panic(p)
			}
			overflow(le)
			v, ok = 0, false
		}
	}()
	var eval func(n ast.Node) (int, bool)
	eval = func(n ast.Node) (int, bool) {
		switch n := n.(type) {
		case *ast.IntegerNode:
			return n.Value, true
		case *ast.UnaryNode:
			x, ok := eval(n.Node)
			switch {
			case !ok:
				return 0, false
			case n.Operator == "-":
				return neg(x).(int), true
			case n.Operator == "+":
				return x, true
			}
		case *ast.BinaryNode:
			x, ok1 := eval(n.Left)
			if !ok1 {
				return 0, false
			}
			y, ok2 := eval(n.Right)
			if !ok2 {
				return 0, false
			}
			switch n.Operator {
			case "+":
				return addInt(x, y), true
			case "-":
				return subInt(x, y), true
			case "*":
				return mulInt(x, y), true
			}
		}
		return 0, false
	}
	return eval(n)
}

// Builtins that loop over a list argument, and those that take time in
// proportion to one: a loop over a list the rule built is charged.
var loopingBuiltins = map[string]bool{"all": true, "none": true, "any": true, "one": true, "filter": true, "map": true,
	"find": true, "findIndex": true, "findLast": true, "findLastIndex": true, "count": true, "sum": true, "groupBy": true,
	"sortBy": true, "reduce": true, "max": true, "min": true, "mean": true, "median": true, "sort": true, "reverse": true,
	"uniq": true, "join": true, "concat": true, "flatten": true, "keys": true, "values": true, "toPairs": true,
	"fromPairs": true, "take": true}

// planRoots are the names whose lists are the plan's own, bounded when
// the plan loads.
var planRoots = map[string]bool{NameVar: true, NamePlan: true, NameReps: true, NameTerritories: true, NamePeriods: true,
	NameRep: true, NameTerritory: true, NameManager: true, NamePeriod: true, NameGoal: true, NameAccount: true}

// builtList reports whether a list argument may be one the rule built (a
// range, a let, a literal, the result of a function, an item of another
// list) rather than one of the plan's, read through a name.
func builtList(n ast.Node) bool {
	switch n := n.(type) {
	case *ast.IdentifierNode:
		return !planRoots[n.Value]
	case *ast.MemberNode:
		return builtList(n.Node)
	case *ast.ChainNode:
		return builtList(n.Node)
	case *ast.ConditionalNode:
		return builtList(n.Exp1) || builtList(n.Exp2)
	case *ast.BinaryNode:
		if n.Operator == "??" {
			return builtList(n.Left) || builtList(n.Right)
		}
	case *ast.NilNode, *ast.ConstantNode:
		return false
	}
	return true
}

// hardener is the ast.Visitor that rewrites a checked tree (see build).
type hardener struct{}

// Visit implements ast.Visitor.
func (hardener) Visit(node *ast.Node) {
	switch n := (*node).(type) {
	case *ast.BinaryNode:
		switch n.Operator {
		case "==", "!=":
			// one side typed any makes expr compare with runtime.Equal
			if !literalNode(n.Right) {
				n.Right.SetNature(anyNature())
			} else if !literalNode(n.Left) {
				n.Left.SetNature(anyNature())
			}
		case "+":
			if !floatArith(n) && !(literalNode(n.Left) && literalNode(n.Right)) {
				*node = callNode(vmAdd, n, envNode(), n.Left, n.Right)
			}
		case "-":
			if !floatArith(n) && !(literalNode(n.Left) && literalNode(n.Right)) {
				*node = callNode(vmSub, n, n.Left, n.Right)
			}
		case "*":
			if !floatArith(n) && !(literalNode(n.Left) && literalNode(n.Right)) {
				*node = callNode(vmMul, n, n.Left, n.Right)
			}
		case "in", "not in":
			if builtList(n.Right) && !isKind(n.Right, reflect.Map) && !isKind(n.Right, reflect.String) {
				n.Right = callNode(vmLoop, n.Right, envNode(), n.Right)
			}
		}
	case *ast.UnaryNode:
		if n.Operator == "-" && !isFloat(n.Node) && !literalNode(n.Node) {
			*node = callNode(vmNeg, n, n.Node)
		}
	case *ast.BuiltinNode:
		if loopingBuiltins[n.Name] && len(n.Arguments) > 0 && builtList(n.Arguments[0]) {
			n.Arguments[0] = callNode(vmLoop, n.Arguments[0], envNode(), n.Arguments[0])
		}
		switch fn := checkedBuiltins[n.Name]; {
		case n.Name == "int" && len(n.Arguments) == 1 && !isKind(n.Arguments[0], reflect.Int):
			*node = callNode(vmInt, n, n.Arguments[0])
		case fn != nil:
			*node = callNode(fn, n, append([]ast.Node{envNode()}, n.Arguments...)...)
		case charged[n.Name]:
			*node = callNode(vmCharge, n, envNode(), n)
		}
	}
}

// fastFuncType is the type of the checked functions, which expr compiles
// to its fast call.
var fastFuncType = reflect.TypeOf(func(...any) any { return nil })

// callNode is a call of fn with args that stands where like stood, with
// its type and location.
func callNode(fn func(...any) any, like ast.Node, args ...ast.Node) ast.Node {
	callee := &ast.ConstantNode{Value: fn}
	callee.SetType(fastFuncType)
	callee.SetLocation(like.Location())
	call := &ast.CallNode{Callee: callee, Arguments: args}
	call.SetNature(*like.Nature())
	call.SetLocation(like.Location())
	return call
}

// envNode is $env, through which the checked functions find the budget of
// the run.
func envNode() ast.Node { return &ast.IdentifierNode{Value: "$env"} }

func literalNode(n ast.Node) bool {
	switch n.(type) {
	case *ast.StringNode, *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode, *ast.NilNode, *ast.ConstantNode:
		return true
	}
	return false
}

func isKind(n ast.Node, k reflect.Kind) bool { return n.Nature().Type != nil && n.Type().Kind() == k }

func isFloat(n ast.Node) bool { return isKind(n, reflect.Float64) || isKind(n, reflect.Float32) }

func isNumber(n ast.Node) bool {
	if n.Nature().Type == nil {
		return false
	}
	switch n.Type().Kind() {
	case reflect.Float32, reflect.Float64, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return true
	}
	return false
}

// floatArith reports whether a binary operation computes on floats, which
// cannot overflow or build anything.
func floatArith(n *ast.BinaryNode) bool {
	return isFloat(n.Left) && isNumber(n.Right) || isNumber(n.Left) && isFloat(n.Right)
}

func anyNature() nature.Nature { return nature.FromType(reflect.TypeOf((*any)(nil)).Elem()) }

// moduloByZero is the error of x % n where n is zero.
func moduloByZero(n *ast.BinaryNode) *limitError {
	divisor := operandText(n.Right)
	return limitf(limitModulo, "%s divides by zero, which has no remainder; guard the divisor with a ternary, e.g. %s != 0 ? %s : 0",
		n, divisor, n)
}

// operandText is n as source text, in parentheses when it is an operation
// that could bind differently next to another operator.
func operandText(n ast.Node) string {
	switch n.(type) {
	case *ast.BinaryNode, *ast.ConditionalNode:
		return "(" + n.String() + ")"
	}
	return n.String()
}
