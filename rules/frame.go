package rules

import (
	"strconv"
	"strings"
)

// Slot is the place of a name in a Frame.
type Slot int

// The slots of the names rules read; the slots of hoisted parts follow.
const (
	SlotVar Slot = iota
	SlotPlan
	SlotReps
	SlotTerritories
	SlotPeriods
	SlotQuotaFunc
	SlotRep
	SlotTerritory
	SlotManager
	SlotPeriod
	SlotTenure
	SlotActive
	SlotGoal
	SlotDeal
	SlotForecast
	SlotActualFunc
	SlotPipelineFunc
	fixedSlots
)

// slotNames are the names of the fixed slots.
var slotNames = [fixedSlots]string{NameVar, NamePlan, NameReps, NameTerritories, NamePeriods, NameQuotaFunc,
	NameRep, NameTerritory, NameManager, NamePeriod, NameTenure, NameActive, NameGoal,
	NameDeal, NameForecastRow, NameActualFunc, NamePipelineFunc}

// hoistedPrefix starts the names under which hoisted parts are kept.
const hoistedPrefix = "_hoisted_"

// slotOf returns the slot of a name.
func slotOf(name string) (Slot, bool) {
	for i, n := range slotNames {
		if n == name {
			return Slot(i), true
		}
	}
	if rest, ok := strings.CutPrefix(name, hoistedPrefix); ok {
		if n, err := strconv.Atoi(rest); err == nil && n > 0 {
			return fixedSlots + Slot(n-1), true
		}
	}
	return 0, false
}

// Frame is the run-time environment of rules: the value of every name
// the current subject's scope declares, and the hoisted parts computed so
// far. The engine sets names by slot as it moves from subject to subject;
// direct rules read them by slot; the VM reads a map, which the frame
// brings up to date only when a rule runs on the VM. A Frame is not safe
// for concurrent use.
type Frame struct {
	vals  []any
	done  []bool // hoisted slots computed
	vm    map[string]any
	dirty []bool // slots changed since vm was last brought up to date
	stale bool
	items []any // the current items (#) of the predicates being run, innermost last
	// budget is what the rule being run has built so far; the VM reads it
	// as $env[budgetKey].
	budget budget
}

// NewFrame returns an empty frame.
func NewFrame() *Frame {
	f := &Frame{vals: make([]any, fixedSlots), done: make([]bool, fixedSlots), dirty: make([]bool, fixedSlots),
		vm: make(map[string]any, fixedSlots+4)}
	f.vm[budgetKey] = &f.budget
	return f
}

// FrameOf returns a frame holding the values of env, a map from names to
// values; names that are not rule names are ignored.
func FrameOf(env map[string]any) *Frame {
	f := NewFrame()
	for name, v := range env {
		if s, ok := slotOf(name); ok {
			f.Set(s, v)
		}
	}
	return f
}

// Set gives slot s the value v.
func (f *Frame) Set(s Slot, v any) {
	if int(s) >= len(f.vals) {
		n := int(s) + 1
		f.vals = append(f.vals, make([]any, n-len(f.vals))...)
		f.done = append(f.done, make([]bool, n-len(f.done))...)
		f.dirty = append(f.dirty, make([]bool, n-len(f.dirty))...)
	}
	f.vals[s] = v
	f.done[s] = true
	f.dirty[s] = true
	f.stale = true
}

// Get returns the value of slot s, nil when it was never set.
func (f *Frame) Get(s Slot) any {
	if int(s) >= len(f.vals) {
		return nil
	}
	return f.vals[s]
}

// Lookup returns the value of a name as rules see it (objects as maps),
// nil when it is unknown or unset.
func (f *Frame) Lookup(name string) any {
	if s, ok := slotOf(name); ok {
		return Plain(f.Get(s))
	}
	return nil
}

// has reports whether slot s was set.
func (f *Frame) has(s Slot) bool { return int(s) < len(f.done) && f.done[s] }

// vmEnv returns the frame as the map the expr VM reads.
func (f *Frame) vmEnv() map[string]any {
	if !f.stale {
		return f.vm
	}
	for s, d := range f.dirty {
		if !d {
			continue
		}
		f.dirty[s] = false
		name := hoistedPrefix + strconv.Itoa(s-int(fixedSlots)+1)
		if s < int(fixedSlots) {
			name = slotNames[s]
		}
		f.vm[name] = Plain(f.vals[s])
	}
	f.stale = false
	return f.vm
}
