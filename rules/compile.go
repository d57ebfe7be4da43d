package rules

import (
	"errors"
	"fmt"
	"github.com/quotaplan/quotaplan/plans/words"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/vm"
	"github.com/hashicorp/hcl/v2"
)

// Kind is the result type a rule must produce.
type Kind int

// Result kinds.
const (
	KindAny    Kind = iota // any value (message pieces)
	KindNumber             // a number: amounts, factors, targets
	KindBool               // a condition: when, where, applies_to, assert
)

func (k Kind) String() string {
	return [...]string{"a value", "a number", "true or false"}[k]
}

// Limits that bound what one rule may do, so no plan can hang or exhaust
// the machine.
const (
	MaxSourceBytes    = 16 << 10 // text of one rule
	MaxNodes          = 1000     // AST nodes of one rule
	MaxPredicateDepth = 2        // nested predicates such as count(reps, all(...))
	MemoryBudget      = 1 << 20  // expr's budget, in list items and map entries, for one evaluation
)

// Source is a rule's text and where it was written.
type Source struct {
	Text  string
	Range hcl.Range // the whole attribute value
	// Locate maps a byte range of Text to a file range; nil maps everything
	// to Range.
	Locate func(start, end int) hcl.Range
}

func (s Source) locate(start, end int) hcl.Range {
	if s.Locate == nil {
		return s.Range
	}
	return s.Locate(start, end)
}

// Rule is a compiled rule. It is safe for concurrent use; each goroutine
// brings its own vm.VM.
type Rule struct {
	Source
	Kind Kind
	Refs []Ref
	// Loops is how deeply the rule nests predicates (count, sum, filter,
	// all ... over a list): 0 for none, at most MaxPredicateDepth. The
	// engine bounds a rule's work by it and the sizes of the plan's lists.
	Loops int
	// GlobalLoops and LocalLoops split Loops by the list looped over: lists
	// that are the same for every subject (reps, territories, a filter of
	// them) and lists that belong to the subject (rep.team, territory.reps).
	// The engine sizes the first by the plan, the second by its averages.
	GlobalLoops, LocalLoops int
	// HoistedLoops is the loop depth of the deepest hoisted part: hoisted
	// parts run once per evaluation, not once per subject.
	HoistedLoops int
	env          *Env
	tree         ast.Node
	program      *vm.Program
	// fast is program with its hoisted parts read by name; nil when nothing
	// was hoisted.
	fast    *vm.Program
	hoisted []hoisted
	// direct is the rule (with its hoisted parts read by name) as Go
	// closures; nil when it uses something closures do not cover.
	direct directFn
	// parts are the rule's parts, with and without tests, compiled on
	// first use (see Parts).
	partsOnce [2]sync.Once
	parts     [2][]Part
	// operands holds, by their text, the parts of the rule compiled on
	// their own to explain an evaluation error (see failure).
	operands sync.Map
}

// Compile parses and type-checks src against env, requiring a result of
// kind want. All problems are returned as diagnostics located in the file,
// including the failures of parts of the rule that read nothing of the
// plan (such as 7 % int(0) or a repeat of a repeat), which would fail
// whenever the rule runs.
func Compile(src Source, env *Env, want Kind) (*Rule, hcl.Diagnostics) {
	r, diags := compile(src, env, want)
	if r == nil {
		return r, diags
	}
	if d := checkConstantParts(src, env, r.tree); d != nil {
		return nil, hcl.Diagnostics{d}
	}
	if env.scope != ScopePlan {
		work := clone(r.tree)
		if hoisted, extended := hoist(&work, src, env); hoisted != nil {
			direct, _ := compileDirect(work)
			// The hoisted rule reads its loops that do not depend on the
			// subject as names, computed once per frame: its loop depth is
			// what remains per subject, which is what the engine bounds a
			// rule's work by (the hoisted parts count in HoistedLoops).
			loops := loopDepth(work)
			global, local := loopKinds(work)
			if fast, err := env.build(src.Text, work, func() []expr.Option { return append(r.options(), extended) }); err == nil {
				r.fast, r.hoisted, r.direct = fast, hoisted, direct
				r.Loops, r.GlobalLoops, r.LocalLoops = loops, global, local
				for _, h := range r.hoisted {
					r.HoistedLoops = max(r.HoistedLoops, h.rule.Loops)
				}
			}
		}
	}
	return r, diags
}

// compile is Compile without hoisting and without running constant parts.
func compile(src Source, env *Env, want Kind) (*Rule, hcl.Diagnostics) {
	if len(src.Text) > MaxSourceBytes {
		return nil, hcl.Diagnostics{src.diag("Rule too long", 0, len(src.Text),
			fmt.Sprintf("A rule may hold at most %d bytes. Move parts of it into let blocks.", MaxSourceBytes))}
	}
	if strings.TrimSpace(src.Text) == "" {
		return nil, hcl.Diagnostics{src.diag("Empty rule", 0, len(src.Text),
			fmt.Sprintf("Write an expression that yields %s.", want))}
	}
	tree, err := env.parse(src.Text, want)
	if err != nil {
		return nil, hcl.Diagnostics{src.fromExprError("Invalid rule", err, "Fix the expression syntax (see the expr-lang language definition).")}
	}
	if d := checkLimits(src, tree.Node); d != nil {
		return nil, hcl.Diagnostics{d}
	}
	prog, err := env.build(src.Text, clone(tree.Node), func() []expr.Option { return append(kindOptions(want), env.option()) })
	if err != nil {
		return nil, hcl.Diagnostics{src.compileDiag(env, want, err)}
	}
	r := &Rule{Source: src, Kind: want, Refs: refsOf(tree.Node, env), Loops: loopDepth(tree.Node),
		env: env, tree: tree.Node, program: prog}
	r.GlobalLoops, r.LocalLoops = loopKinds(tree.Node)
	r.direct, _ = compileDirect(tree.Node)
	return r, nil
}

// compileNode compiles node, a part of a tree parsed from src.Text, as a
// rule of its own; it takes node over (see build). The rule has no tree
// of its own: its errors are explained with the tree of the rule it is
// part of.
func compileNode(src Source, node ast.Node, env *Env, want Kind, opts ...expr.Option) (*Rule, error) {
	r := &Rule{Source: src, Kind: want, Refs: refsOf(node, env), Loops: loopDepth(node), env: env}
	r.GlobalLoops, r.LocalLoops = loopKinds(node)
	r.direct, _ = compileDirect(node)
	prog, err := env.build(src.Text, node, func() []expr.Option {
		return append(kindOptions(want), append([]expr.Option{env.option()}, opts...)...)
	})
	if err != nil {
		return nil, err
	}
	r.program = prog
	return r, nil
}

// kindOptions are the expr options of every rule of a kind, except its
// environment.
func kindOptions(want Kind) []expr.Option {
	opts := []expr.Option{expr.DisableBuiltin("now"), expr.MaxNodes(MaxNodes), formatFunction}
	switch want {
	case KindNumber:
		opts = append(opts, expr.AsFloat64())
	case KindBool:
		opts = append(opts, expr.AsBool())
	}
	return opts
}

// formatFunction is format(number[, unit]): a number for people, with
// thousands separators and its unit, as FormatAmount prints it.
var formatFunction = expr.Function(FuncFormat, format,
	new(func(float64, ...string) string))

// options are the expr options the rule was compiled with, except its
// environment.
func (r *Rule) options() []expr.Option { return kindOptions(r.Kind) }

func (s Source) diag(summary string, start, end int, detail string) *hcl.Diagnostic {
	rng := s.locate(start, end)
	return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: summary, Detail: detail, Subject: &rng}
}

// fromExprError turns an expr error carrying a rune position into a
// diagnostic at the matching place of the file.
func (s Source) fromExprError(summary string, err error, hint string) *hcl.Diagnostic {
	msg := err.Error()
	start, end := 0, len(s.Text)
	var fe *file.Error
	if errors.As(err, &fe) {
		msg = fe.Message
		start = runeToByte(s.Text, fe.From)
		end = runeToByte(s.Text, fe.To)
		if end <= start {
			end = tokenEnd(s.Text, start)
		}
	}
	detail := words.UpperFirst(msg) + "."
	if hint != "" {
		detail += " " + hint
	}
	return s.diag(summary, start, end, detail)
}

// compileDiag explains an expr checker error: unknown names and fields get
// "Did you mean", result-type mismatches name what was expected.
func (s Source) compileDiag(env *Env, want Kind, err error) *hcl.Diagnostic {
	msg := err.Error()
	var fe *file.Error
	if errors.As(err, &fe) {
		msg = fe.Message
	}
	switch {
	case isLimit(err):
		le, _ := asLimit(err)
		return s.fromExprError(le.summary(), err, "")
	case strings.HasPrefix(msg, "unknown name "):
		name := strings.TrimPrefix(msg, "unknown name ")
		d := s.fromExprError("Unknown name", err, "")
		d.Detail = fmt.Sprintf("%q is not defined in %s scope.%s", name, env.scope, Suggest(name, fieldsOf(env.types))) + creditFuncHint(name)
		if name == "now" {
			d.Detail = "now() is disabled: a plan must give the same numbers whatever the day it is evaluated. Use a variable or the plan's start date instead."
		}
		return d
	case strings.HasPrefix(msg, "unknown field "):
		name := strings.TrimPrefix(msg, "unknown field ")
		start := runeToByte(s.Text, fe.From)
		chain := chainBefore(s.Text, start)
		d := s.fromExprError("Unknown attribute", err, "")
		d.Detail = fmt.Sprintf("%s has no attribute %q.%s", describeChain(chain), name, Suggest(name, env.candidates(chain)))
		d.Detail += creditHint(chain, name, env.schema)
		return d
	case strings.HasPrefix(msg, "expected float64, but got "), strings.HasPrefix(msg, "expected bool, but got "):
		got := msg[strings.LastIndex(msg, " ")+1:]
		return s.diag("Wrong result type", 0, len(s.Text),
			fmt.Sprintf("This rule must yield %s but yields %s. %s", want, got, kindHint(want)))
	}
	return s.fromExprError("Invalid rule", err, "")
}

func kindHint(k Kind) string {
	switch k {
	case KindBool:
		return `Write a condition, e.g. rep.role == "AE".`
	case KindNumber:
		return "Write an arithmetic expression, e.g. territory.accounts * territory.win_rate."
	}
	return ""
}

// checkLimits rejects rules that are too large or nest predicates too deeply.
func checkLimits(src Source, root ast.Node) *hcl.Diagnostic {
	var nodes int
	var deepest ast.Node
	var walk func(n ast.Node, depth int)
	walk = func(n ast.Node, depth int) {
		if n == nil || deepest != nil {
			return
		}
		nodes++
		if _, ok := n.(*ast.PredicateNode); ok {
			depth++
			if depth > MaxPredicateDepth {
				deepest = n
				return
			}
		}
		for _, c := range children(n) {
			walk(c, depth)
		}
	}
	walk(root, 0)
	if deepest != nil {
		loc := deepest.Location()
		return src.diag("Rule nests too many loops", runeToByte(src.Text, loc.From), runeToByte(src.Text, loc.To),
			fmt.Sprintf("A rule may nest at most %d predicates (such as count inside all). Compute the inner part in a let block and read it from there.", MaxPredicateDepth))
	}
	if nodes > MaxNodes {
		return src.diag("Rule too large", 0, len(src.Text),
			fmt.Sprintf("A rule may have at most %d operations; this one has %d. Split it into let blocks.", MaxNodes, nodes))
	}
	return nil
}

// loopDepth is the deepest nesting of predicates in a rule.
func loopDepth(n ast.Node) int {
	if n == nil {
		return 0
	}
	deepest := 0
	for _, c := range children(n) {
		deepest = max(deepest, loopDepth(c))
	}
	if _, ok := n.(*ast.PredicateNode); ok {
		deepest++
	}
	return deepest
}

// loopKinds returns the deepest nesting of loops over subject-independent
// lists and over the subject's own lists.
func loopKinds(n ast.Node) (global, local int) {
	if n == nil {
		return 0, 0
	}
	if b, ok := n.(*ast.BuiltinNode); ok && len(b.Arguments) > 1 {
		for _, a := range b.Arguments[1:] {
			if pred, ok := a.(*ast.PredicateNode); ok {
				lg, ll := loopKinds(b.Arguments[0])
				bg, bl := loopKinds(pred.Node)
				if subjectFree(b.Arguments[0]) {
					bg++
				} else {
					bl++
				}
				return max(lg, bg), max(ll, bl)
			}
		}
	}
	for _, c := range children(n) {
		g, l := loopKinds(c)
		global, local = max(global, g), max(local, l)
	}
	return global, local
}

func runeToByte(s string, r int) int {
	if r <= 0 {
		return 0
	}
	i := 0
	for n := 0; n < r && i < len(s); n++ {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return i
}

// tokenEnd returns the end of the identifier-like token starting at i, or
// i+1 when there is none.
func tokenEnd(s string, i int) int {
	j := i
	for j < len(s) && isIdentByte(s[j]) {
		j++
	}
	if j == i && j < len(s) {
		j++
	}
	return j
}

func isIdentByte(b byte) bool {
	return b == '_' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9'
}
