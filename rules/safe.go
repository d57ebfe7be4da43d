package rules

import (
	"fmt"
	"math"
	"reflect"
	"strings"
	"unicode/utf8"

	"github.com/expr-lang/expr/builtin"
	"github.com/expr-lang/expr/vm/runtime"
)

// The checked operations rules run with, on the VM and in the closures
// alike: integer arithmetic that fails instead of wrapping around, string
// concatenation charged to the run's budget, and the builtins that build
// strings and lists, checked before (repeat, replace, join, flatten,
// string, toJSON) or charged after (the others) they build. build.go
// rewrites compiled rules to call them.

// budgetKey is the name under which a Frame gives the VM its budget; the
// VM passes it to the checked functions as $env[budgetKey].
const budgetKey = "$budget"

// budgetOf returns the budget of the run whose environment is env. A call
// from outside a Frame (there is none) gets a budget of its own.
func budgetOf(env any) *budget {
	if m, ok := env.(map[string]any); ok {
		if b, ok := m[budgetKey].(*budget); ok {
			return b
		}
	}
	return &budget{}
}

func overflow(x any, op string, y any) *limitError {
	return limitf(limitOverflow, "%v %s %v is outside the range of integers (±%d); write one operand as a decimal (e.g. 1.0 * x) to compute with fractions",
		x, op, y, math.MaxInt64)
}

func addInt(x, y int) int {
	s := x + y
	if (x^s)&(y^s) < 0 {
		panic(overflow(x, "+", y))
	}
	return s
}

func subInt(x, y int) int {
	d := x - y
	if (x^y)&(x^d) < 0 {
		panic(overflow(x, "-", y))
	}
	return d
}

func mulInt(x, y int) int {
	if x == 0 || y == 0 {
		return 0
	}
	p := x * y
	if p/y != x || (x == -1 && y == math.MinInt) || (y == -1 && x == math.MinInt) {
		panic(overflow(x, "*", y))
	}
	return p
}

// add is + as the VM computes it, with integer overflow and string sizes
// checked.
func add(b *budget, x, y any) any {
	switch x := x.(type) {
	case float64:
		if y, ok := y.(float64); ok {
			return x + y
		}
	case int:
		if y, ok := y.(int); ok {
			return addInt(x, y)
		}
	case string:
		if y, ok := y.(string); ok {
			b.chargeString(len(x) + len(y))
			return x + y
		}
	}
	return runtime.Add(x, y)
}

// sub is - with integer overflow checked.
func sub(x, y any) any {
	switch x := x.(type) {
	case float64:
		if y, ok := y.(float64); ok {
			return x - y
		}
	case int:
		if y, ok := y.(int); ok {
			return subInt(x, y)
		}
	}
	return runtime.Subtract(x, y)
}

// mul is * with integer overflow checked.
func mul(x, y any) any {
	switch x := x.(type) {
	case float64:
		if y, ok := y.(float64); ok {
			return x * y
		}
	case int:
		if y, ok := y.(int); ok {
			return mulInt(x, y)
		}
	}
	return runtime.Multiply(x, y)
}

// neg is unary - with integer overflow checked.
func neg(x any) any {
	if x, ok := x.(int); ok {
		if x == math.MinInt {
			panic(limitf(limitOverflow, "-(%d) is outside the range of integers; write it as a decimal to compute with fractions", x))
		}
		return -x
	}
	return runtime.Negate(x)
}

// toInt is the int() builtin, failing on a number outside the range of
// integers instead of yielding an arbitrary one.
func toInt(x any) any {
	if f, ok := x.(float64); ok && !(f >= -(1<<63) && f < 1<<63) {
		panic(limitf(limitOverflow, "the integer part of %v is outside the range of integers (±%d)", f, math.MaxInt64))
	}
	return builtin.Int(x)
}

// The checked functions as the VM calls them (func(...any) any compiles
// to expr's fast call). Those that build take $env first.
var (
	vmAdd    = func(args ...any) any { return add(budgetOf(args[0]), args[1], args[2]) }
	vmSub    = func(args ...any) any { return sub(args[0], args[1]) }
	vmMul    = func(args ...any) any { return mul(args[0], args[1]) }
	vmNeg    = func(args ...any) any { return neg(args[0]) }
	vmInt    = func(args ...any) any { return toInt(args[0]) }
	vmLoop   = func(args ...any) any { loopOver(budgetOf(args[0]), args[1]); return args[1] }
	vmCharge = func(args ...any) any { budgetOf(args[0]).chargeValue(args[1]); return args[1] }
)

// loopOver charges a loop over v, a list the rule built.
func loopOver(b *budget, v any) {
	switch v := v.(type) {
	case []any:
		b.loop(len(v))
	case []int:
		b.loop(len(v))
	case []float64:
		b.loop(len(v))
	case []string:
		b.loop(len(v))
	case map[string]any:
		b.loop(len(v))
	case nil, *List:
	default:
		rv := reflect.ValueOf(v)
		switch rv.Kind() {
		case reflect.Slice, reflect.Array, reflect.Map, reflect.String:
			b.loop(rv.Len())
		}
	}
}

// precheck fails before a builtin builds a value over the bounds; args are
// the builtin's own.
type precheck func(b *budget, args []any)

// prechecks are the builtins whose result may be far larger than their
// arguments.
var prechecks = map[string]precheck{
	"repeat": func(b *budget, args []any) {
		s, ok := args[0].(string)
		if !ok || len(args) < 2 {
			return // the builtin reports it
		}
		n := runtime.ToInt(args[1])
		if n < 0 {
			panic(fmt.Errorf("repeat needs a count of 0 or more, not %d", n))
		}
		b.chargeString(mulSize(len(s), n))
	},
	"replace": func(b *budget, args []any) {
		if len(args) < 3 {
			return
		}
		s, ok1 := args[0].(string)
		old, ok2 := args[1].(string)
		repl, ok3 := args[2].(string)
		if !ok1 || !ok2 || !ok3 {
			return
		}
		count := utf8.RuneCountInString(s) + 1
		if old != "" {
			count = strings.Count(s, old)
		}
		if len(args) == 4 {
			if n := runtime.ToInt(args[3]); n >= 0 {
				count = min(count, n)
			}
		}
		if grow := len(repl) - len(old); grow > 0 {
			b.chargeString(addSize(len(s), mulSize(count, grow)))
		}
	},
	"join": func(b *budget, args []any) {
		glue := ""
		if len(args) == 2 {
			glue, _ = args[1].(string)
		}
		size, n := 0, 0
		switch list := args[0].(type) {
		case []any:
			for _, it := range list {
				if s, ok := it.(string); ok {
					size = addSize(size, len(s))
				}
			}
			n = len(list)
		case []string:
			for _, s := range list {
				size = addSize(size, len(s))
			}
			n = len(list)
		}
		if n > 1 {
			size = addSize(size, mulSize(len(glue), n-1))
		}
		b.chargeString(size)
	},
	"flatten": func(b *budget, args []any) {
		if size, leaves := deepSize(args[0], MaxRuleBytes); size > MaxRuleBytes {
			b.charge(-1)
		} else {
			b.charge(itemBytes * leaves)
		}
	},
	"string": func(b *budget, args []any) { shownSize(b, args[0]) },
	"toJSON": func(b *budget, args []any) { shownSize(b, args[0]) },
}

// shownSize fails when v printed would make a string over the bounds.
func shownSize(b *budget, v any) {
	if size, _ := deepSize(v, MaxStringBytes); size > MaxStringBytes {
		b.chargeString(-1)
	}
}

// charged are the other builtins that build a string, list or map, at
// most a few times the size of their arguments: their results are charged
// once built.
var charged = map[string]bool{"upper": true, "lower": true, "split": true, "splitAfter": true, "toBase64": true,
	"fromBase64": true, "fromJSON": true, "reverse": true, "sort": true, "sortBy": true, "uniq": true, "concat": true,
	"take": true, "keys": true, "values": true, "toPairs": true, "fromPairs": true, "groupBy": true, "map": true,
	"filter": true}

// checkedBuiltin returns a builtin as the VM calls it with its checks: the
// first argument is $env, the others the builtin's.
func checkedBuiltin(name string) func(args ...any) any {
	fn := builtin.Builtins[builtin.Index[name]]
	pre := prechecks[name]
	return func(args ...any) any {
		b := budgetOf(args[0])
		args = args[1:]
		if pre != nil {
			pre(b, args)
		}
		var out any
		var err error
		switch {
		case name == "repeat":
			// the builtin refuses n over 10^6 even for an empty string,
			// as if it were over the memory budget: the size is checked
			out = strings.Repeat(args[0].(string), runtime.ToInt(args[1]))
		case fn.Fast != nil:
			out = fn.Fast(args[0])
		case fn.Safe != nil:
			out, _, err = fn.Safe(args...)
		default:
			out, err = fn.Func(args...)
		}
		if err != nil {
			panic(err)
		}
		b.chargeValue(out)
		return out
	}
}

// checkedBuiltins are the prechecked builtins as the VM calls them.
var checkedBuiltins = func() map[string]func(args ...any) any {
	out := map[string]func(args ...any) any{}
	for name := range prechecks {
		out[name] = checkedBuiltin(name)
	}
	return out
}()

// mulSize multiplies two sizes, -1 when the product overflows.
func mulSize(a, b int) int {
	if a < 0 || b < 0 {
		return -1
	}
	if a != 0 && b > math.MaxInt/a {
		return -1
	}
	return a * b
}

// addSize adds two sizes, -1 when either is -1 or the sum overflows.
func addSize(a, b int) int {
	if a < 0 || b < 0 || a > math.MaxInt-b {
		return -1
	}
	return a + b
}
