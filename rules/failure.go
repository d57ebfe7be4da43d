package rules

import (
	"errors"
	"fmt"
	"reflect"
	"strings"

	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/file"
)

// failure turns an evaluation error of r in frame f into one a plan's
// author can act on. expr reports an operation on an absent value with
// Go's words ("interface conversion: interface {} is nil, not string",
// "invalid operation: <nil> + int") and % by zero as "integer divide by
// zero"; failure finds the operation at the error's location in r, names
// the operand that is missing and says how to give it a default with ??.
// The error keeps its location; errors it does not recognise are
// returned as they are.
func (m *Machine) failure(r *Rule, f *Frame, err error) (out error) {
	defer func() {
		if p := recover(); p != nil {
			out = err // explaining must not make matters worse
		}
	}()
	var fe *file.Error
	if !errors.As(err, &fe) {
		return err
	}
	if _, done := asLimit(err); done {
		return err
	}
	var node ast.Node
	if r.tree != nil {
		node = nodeAt(r.tree, fe.Location)
	}
	var le *limitError
	switch {
	case node == nil && r.tree != nil && looksNil(fe.Message) && !strings.Contains(fe.Message, "memory"):
		// the rule's value itself is nil where a number was required
		le = &limitError{kind: limitMissing, msg: missingMessage(r, nil, r.tree)}
	case node == nil && fe.Message != "memory budget exceeded":
		return err
	case fe.Message == "memory budget exceeded":
		le = limitf(limitMemory, "the rule would build lists of more than %d items in one evaluation; build less (a rule computes a value, it does not generate data)", MemoryBudget-1)
	default:
		if b, ok := node.(*ast.BinaryNode); ok && b.Operator == "%" && strings.Contains(fe.Message, "divide by zero") {
			le = moduloByZero(b)
		} else if operand, found := m.missingOperand(r, f, node, fe.Message); found {
			le = &limitError{kind: limitMissing, msg: missingMessage(r, node, operand)}
		}
	}
	if le == nil {
		return err
	}
	explained := &file.Error{Location: fe.Location, Message: le.msg}
	explained.Wrap(le)
	return explained.Bind(file.NewSource(r.Text))
}

// nilMessages are the words of expr and Go for an operation on nil.
var nilMessages = []string{"<nil>", "is nil, not", "zero Value", "from invalid", "cannot slice", "of nil"}

func looksNil(msg string) bool {
	for _, s := range nilMessages {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

// nodeAt returns the operation of the tree at loc, the place expr reports
// an evaluation error at.
func nodeAt(root ast.Node, loc file.Location) ast.Node {
	var found ast.Node
	var walk func(n ast.Node)
	walk = func(n ast.Node) {
		if n == nil || found != nil {
			return
		}
		if n.Location() == loc && len(operands(n)) > 0 {
			found = n
			return
		}
		for _, c := range children(n) {
			walk(c)
		}
	}
	walk(root)
	return found
}

// operands are the sub-expressions of an operation that may hold the value
// it failed on.
func operands(n ast.Node) []ast.Node {
	switch n := n.(type) {
	case *ast.BinaryNode:
		if n.Operator == "??" {
			return nil
		}
		return []ast.Node{n.Left, n.Right}
	case *ast.UnaryNode:
		return []ast.Node{n.Node}
	case *ast.MemberNode:
		return []ast.Node{n.Node}
	case *ast.SliceNode:
		return []ast.Node{n.Node}
	case *ast.ConditionalNode:
		return []ast.Node{n.Cond}
	case *ast.BuiltinNode:
		var out []ast.Node
		for _, a := range n.Arguments {
			if _, pred := a.(*ast.PredicateNode); !pred {
				out = append(out, a)
			}
		}
		return out
	case *ast.CallNode:
		return n.Arguments
	}
	return nil
}

// missingOperand returns the operand of node that is nil in frame f: the
// one that evaluates to nil where it can be evaluated on its own (it reads
// no element of a loop and no local name), else, when the message says an
// operand was nil, the first that is not a literal.
func (m *Machine) missingOperand(r *Rule, f *Frame, node ast.Node, msg string) (ast.Node, bool) {
	var guess ast.Node
	var ops []ast.Node
	for _, op := range operands(node) {
		if list, ok := op.(*ast.ArrayNode); ok {
			ops = append(ops, list.Nodes...) // join([rep.region], ...)
		} else {
			ops = append(ops, op)
		}
	}
	for _, op := range ops {
		if _, isNil := op.(*ast.NilNode); isNil {
			return op, true
		}
		if literalNode(op) {
			continue
		}
		if guess == nil {
			guess = op
		}
		if !selfContained(op) {
			continue
		}
		part := r.operandRule(op)
		if part == nil {
			continue
		}
		if v, err := m.run(part, f); err == nil && v == nil {
			return op, true
		}
	}
	if guess != nil && looksNil(msg) {
		return guess, true
	}
	return nil, false
}

// selfContained reports whether n can be evaluated outside the rule: it
// reads only names of the scope, not the element of a loop around it nor a
// name a let declared.
func selfContained(n ast.Node) bool {
	ok := true
	var walk func(n ast.Node, bound int)
	walk = func(n ast.Node, bound int) {
		switch n := n.(type) {
		case nil:
		case *ast.PointerNode:
			ok = ok && bound > 0
		case *ast.PredicateNode:
			walk(n.Node, bound+1)
		case *ast.IdentifierNode:
			_, isSlot := slotOf(n.Value)
			ok = ok && isSlot
		default:
			for _, c := range children(n) {
				walk(c, bound)
			}
		}
	}
	walk(n, 0)
	return ok
}

// operandRule compiles an operand of r on its own, once.
func (r *Rule) operandRule(op ast.Node) *Rule {
	text := op.String()
	if v, ok := r.operands.Load(text); ok {
		rule, _ := v.(*Rule)
		return rule
	}
	rule, diags := compile(Source{Text: text, Range: r.Range}, r.env, KindAny)
	if diags.HasErrors() {
		rule = nil
	}
	r.operands.Store(text, rule)
	return rule
}

// missingMessage says that operand of node is missing and how to give it
// a default.
func missingMessage(r *Rule, node, operand ast.Node) string {
	what := operandText(operand)
	if _, isNil := operand.(*ast.NilNode); isNil {
		what = "the value"
	}
	whose := "for this subject"
	if !selfContained(operand) {
		whose = "for an item of the list"
	}
	def := defaultFor(r, node, operand)
	fix := fmt.Sprintf("give it a default with ??, e.g. %s ?? %s", what, def)
	if _, isNil := operand.(*ast.NilNode); isNil {
		fix = "write a value instead of nil"
	}
	switch n := node.(type) {
	case *ast.MemberNode:
		prop := "." + propertyText(n)
		def := typeDefault(staticType(r, n))
		if def == "" {
			def = "0"
		}
		return fmt.Sprintf("%s is missing (nil) %s, so %s%s cannot be read; write %s?%s to read nil instead, and give that a default with ??, e.g. %s?%s ?? %s",
			what, whose, what, prop, what, prop, what, prop, def)
	case *ast.BinaryNode:
		switch n.Operator {
		case "&&", "||", "and", "or":
			return fmt.Sprintf("%s is missing (nil) %s, and %s needs true or false; %s", what, whose, n.Operator, fix)
		case "<", ">", "<=", ">=":
			return fmt.Sprintf("%s is missing (nil) %s, and %s cannot order a missing value; %s", what, whose, n.Operator, fix)
		case "..":
			return fmt.Sprintf("%s is missing (nil) %s, and a range needs a number; %s", what, whose, fix)
		}
		return fmt.Sprintf("%s is missing (nil) %s, and %s needs a value; %s", what, whose, n.Operator, fix)
	case *ast.UnaryNode:
		return fmt.Sprintf("%s is missing (nil) %s, and %s needs a value; %s", what, whose, n.Operator, fix)
	case *ast.ConditionalNode:
		return fmt.Sprintf("%s is missing (nil) %s, and a condition must be true or false; %s", what, whose, fix)
	case *ast.BuiltinNode:
		return fmt.Sprintf("%s is missing (nil) %s, and %s() needs a value; %s", what, whose, n.Name, fix)
	}
	return fmt.Sprintf("%s is missing (nil) %s; %s", what, whose, fix)
}

func propertyText(n *ast.MemberNode) string {
	if s, ok := n.Property.(*ast.StringNode); ok {
		return s.Value
	}
	return "[" + n.Property.String() + "]"
}

// defaultFor suggests a default for a missing operand: a value of the
// operand's type where the plan's types give one, else of the kind the
// operation needs.
func defaultFor(r *Rule, node, operand ast.Node) string {
	if d := typeDefault(staticType(r, operand)); d != "" {
		return d
	}
	switch n := node.(type) {
	case *ast.BuiltinNode:
		switch n.Name {
		case "upper", "lower", "trim", "trimPrefix", "trimSuffix", "split", "splitAfter", "replace", "repeat",
			"indexOf", "lastIndexOf", "hasPrefix", "hasSuffix", "len", "date", "duration", "fromJSON", "toBase64", "fromBase64":
			return "''"
		case "all", "none", "any", "one", "filter", "map", "find", "findIndex", "findLast", "findLastIndex", "count",
			"sum", "groupBy", "sortBy", "reduce", "join", "sort", "reverse", "uniq", "concat", "flatten", "first", "last", "take":
			return "[]"
		case "keys", "values", "toPairs":
			return "{}"
		}
	case *ast.BinaryNode:
		switch n.Operator {
		case "&&", "||", "and", "or":
			return "false"
		case "contains", "startsWith", "endsWith", "matches":
			return "''"
		}
		other := n.Right
		if operand == n.Right {
			other = n.Left
		}
		if t := staticType(r, other); t != nil && t.Kind() == reflect.String {
			return "''"
		}
	case *ast.UnaryNode:
		if n.Operator == "!" || n.Operator == "not" {
			return "false"
		}
	case *ast.ConditionalNode:
		return "false"
	}
	return "0"
}

// typeDefault is a default value of type t, "" when t is nil or has none.
func typeDefault(t reflect.Type) string {
	if t == nil {
		return ""
	}
	switch t.Kind() {
	case reflect.String:
		return "''"
	case reflect.Bool:
		return "false"
	case reflect.Slice, reflect.Array:
		return "[]"
	case reflect.Map:
		return "{}"
	case reflect.Int, reflect.Float64:
		return "0"
	}
	return ""
}

// staticType is the type the plan's schema gives n, nil when it is not
// known (a loop element, a value of mixed types).
func staticType(r *Rule, n ast.Node) reflect.Type {
	switch n.(type) {
	case *ast.StringNode:
		return reflect.TypeOf("")
	case *ast.IntegerNode, *ast.FloatNode:
		return reflect.TypeOf(0.0)
	case *ast.BoolNode:
		return reflect.TypeOf(true)
	}
	if !selfContained(n) || r.env == nil {
		return nil
	}
	part := r.operandRule(n)
	if part == nil || part.program == nil || part.program.Node() == nil {
		return nil
	}
	nt := part.program.Node().Nature()
	if nt.Type == nil || nt.Type.Kind() == reflect.Interface {
		return nil
	}
	return nt.Type
}
