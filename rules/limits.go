package rules

import (
	"errors"
	"fmt"
	"reflect"
)

// Plans are untrusted input (CI evaluates them from pull requests), so what
// one evaluation of a rule may build is bounded by size, not only by steps:
// expr's own memory budget counts list elements but neither the bytes of
// strings (repeat, +, join ...) nor lists that share their items, and
// nothing bounds loops over a list a rule keeps in a let. Every string and
// list a rule builds is charged to a budget of the run (see budget), loops
// over lists the rule built are charged by their length, and values shown
// in check messages are measured before they are rendered.
const (
	// MaxStringBytes is the longest string a rule may build.
	MaxStringBytes = 1 << 20
	// MaxRuleBytes is how much one evaluation of a rule may build in all:
	// the bytes of its strings plus 16 bytes per list item and 64 per map
	// entry.
	MaxRuleBytes = 32 << 20
	// MaxLoopItems is how many items, in all, one evaluation of a rule may
	// loop over in lists it built itself (ranges, lets, results of map or
	// filter); loops over the plan's own lists (reps, territories,
	// rep.team ...) are bounded when the plan loads, by their sizes.
	MaxLoopItems = 1 << 22
	// MaxShownBytes is the largest value a rule of KindAny (a message
	// piece) may yield, as rendered text: enough for a list per rep of a
	// large plan, far too little for a list that holds itself twice 40
	// levels deep.
	MaxShownBytes = MaxRuleBytes
)

// Sizes charged to the budget per list item and per map entry.
const (
	itemBytes  = 16
	entryBytes = 64
)

// limitKind says which bound an evaluation error is about.
type limitKind int

const (
	limitString   limitKind = iota // a string over MaxStringBytes
	limitMemory                    // over MaxRuleBytes or expr's memory budget
	limitLoops                     // over MaxLoopItems
	limitOverflow                  // an integer result out of range
	limitModulo                    // % by zero
	limitShown                     // a value too large to show
	limitMissing                   // an operation on nil
)

// limitError is an evaluation error of a rule that broke a bound (or
// operated on a missing value). Closures and the VM raise it by panicking;
// the VM wraps it in a *file.Error that locates it in the rule.
type limitError struct {
	kind limitKind
	msg  string
}

func (e *limitError) Error() string { return e.msg }

// summary is the diagnostic summary of a load-time error of this kind.
func (e *limitError) summary() string {
	return [...]string{"String too long", "Rule would use too much memory", "Rule would take too long",
		"Integer overflow", "Remainder of a division by zero", "Value too large to show", "Missing value"}[e.kind]
}

func limitf(kind limitKind, format string, args ...any) *limitError {
	return &limitError{kind: kind, msg: fmt.Sprintf(format, args...)}
}

// asLimit returns the limitError inside err, if any.
func asLimit(err error) (*limitError, bool) {
	var le *limitError
	ok := errors.As(err, &le)
	return le, ok
}

// budget is what one run of one rule has used so far. A Frame holds one,
// and every run starts it afresh.
type budget struct {
	bytes int // charged by strings and lists built
	items int // items looped over in lists built by the rule
}

func (b *budget) reset() { *b = budget{} }

// charge adds n bytes and fails when the run has built too much.
func (b *budget) charge(n int) {
	b.bytes += n
	if b.bytes > MaxRuleBytes || n < 0 {
		panic(limitf(limitMemory, "the rule would build more than %d MiB of strings and lists in one evaluation; build less (a rule computes a value, it does not generate data)",
			MaxRuleBytes>>20))
	}
}

// chargeString charges a string about to be built, of n bytes.
func (b *budget) chargeString(n int) {
	if n > MaxStringBytes || n < 0 {
		panic(limitf(limitString, "the rule would build a string of more than %d bytes (%s); a rule may build strings of at most %d bytes (1 MiB)",
			MaxStringBytes, describeSize(n), MaxStringBytes))
	}
	b.charge(n)
}

// chargeValue charges the shallow size of a value a builtin returned.
func (b *budget) chargeValue(v any) {
	switch v := v.(type) {
	case string:
		b.chargeString(len(v))
	case []any:
		b.charge(itemBytes * len(v))
	case []string:
		b.charge(itemBytes * len(v))
	case []int:
		b.charge(itemBytes * len(v))
	case []float64:
		b.charge(itemBytes * len(v))
	case map[string]any:
		b.charge(entryBytes * len(v))
	case map[any][]any: // groupBy
		b.charge(entryBytes * len(v))
	case nil, bool, int, float64:
	default:
		rv := reflect.ValueOf(v)
		switch rv.Kind() {
		case reflect.Slice, reflect.Array:
			b.charge(itemBytes * rv.Len())
		case reflect.Map:
			b.charge(entryBytes * rv.Len())
		}
	}
}

// loop charges a loop over n items of a list the rule built.
func (b *budget) loop(n int) {
	b.items += n
	if b.items > MaxLoopItems || n < 0 {
		panic(limitf(limitLoops, "the rule would loop over more than %d items of lists it builds itself in one evaluation; loop over the plan's lists (reps, territories, periods) or compute the inner part in a let block",
			MaxLoopItems))
	}
}

// describeSize names a size in bytes for a message.
func describeSize(n int) string {
	switch {
	case n < 0:
		return "more than the machine can hold"
	case n >= 1<<30:
		return fmt.Sprintf("%d GiB", n>>30)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d bytes", n)
}

// deepSize estimates the size of v rendered as text (as fmt or JSON would
// print it), counting a shared list or map again wherever it appears, and
// stops once it passes limit: a list of 40 levels that each hold the level
// below twice is tiny in memory but 2^40 items long when printed or
// flattened. It returns the estimate (more than limit when stopped) and
// the number of leaves (non-list, non-map values). Lists and maps seen
// before are not walked again, so the walk takes time in proportion to
// the memory v holds, not to its printed size.
func deepSize(v any, limit int) (size, leaves int) {
	type seen struct{ size, leaves int }
	memo := map[[2]uintptr]seen{}
	sat := func(a, b int) int { return min(a+b, limit+1) }
	var walk func(v any, depth int) (int, int)
	walk = func(v any, depth int) (int, int) {
		if depth > 100 {
			return limit + 1, 0
		}
		var key [2]uintptr
		switch v := v.(type) {
		case nil:
			return 3, 1
		case string:
			return sat(len(v), 2), 1
		case bool, int, float64:
			return 8, 1
		case *Object:
			return walk(v.plain(), depth)
		case *List:
			return walk(v.plain(), depth)
		case []int:
			return sat(2, 9*len(v)), len(v)
		case []float64:
			return sat(2, 9*len(v)), len(v)
		case []string:
			size := 2
			for _, s := range v {
				size = sat(size, len(s)+3)
			}
			return size, len(v)
		}
		rv := reflect.ValueOf(v)
		switch rv.Kind() {
		case reflect.Slice, reflect.Map:
			key = [2]uintptr{uintptr(rv.UnsafePointer()), uintptr(rv.Len())}
			if s, ok := memo[key]; ok {
				return s.size, s.leaves
			}
		case reflect.Array:
		default:
			return 16, 1
		}
		size, leaves := 2, 0
		add := func(x any) {
			s, l := walk(x, depth+1)
			size, leaves = sat(size, s+1), sat(leaves, l)
		}
		if rv.Kind() == reflect.Map {
			it := rv.MapRange()
			for it.Next() && size <= limit {
				add(it.Key().Interface())
				add(it.Value().Interface())
			}
		} else {
			for i := 0; i < rv.Len() && size <= limit; i++ {
				add(rv.Index(i).Interface())
			}
		}
		if key != [2]uintptr{} {
			memo[key] = seen{size, leaves}
		}
		return size, leaves
	}
	return walk(v, 0)
}

// checkShown fails when v is too large to show in a message.
func checkShown(v any) {
	switch v.(type) {
	case nil, bool, int, float64:
		return
	}
	if size, _ := deepSize(v, MaxShownBytes); size > MaxShownBytes {
		panic(limitf(limitShown, "the value would take more than %d MiB to show; show a count or a sum of it instead", MaxShownBytes>>20))
	}
}

func isLimit(err error) bool {
	_, ok := asLimit(err)
	return ok
}
