package rules

import (
	"errors"
	"fmt"
	"math"

	"github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/vm"
	"github.com/hashicorp/hcl/v2"
)

// Machine runs compiled rules. It is not safe for concurrent use: give each
// goroutine its own.
type Machine struct {
	vm vm.VM
	// vmOnly runs every rule on the VM, as tests compare the two ways.
	vmOnly bool
}

// NewMachine returns a Machine with the rule memory budget set.
func NewMachine() *Machine {
	m := &Machine{}
	m.vm.MemoryBudget = MemoryBudget
	return m
}

// Run evaluates r in frame f, which holds the values of the names r's scope
// declares. The value of a rule of KindAny, which a check message shows,
// must be small enough to show (MaxShownBytes).
func (m *Machine) Run(r *Rule, f *Frame) (any, error) {
	v, err := m.run(r, f)
	if err == nil && r.Kind == KindAny {
		err = shown(v)
	}
	return v, err
}

// run is Run without the check of the value's size.
func (m *Machine) run(r *Rule, f *Frame) (any, error) {
	prog := r.program
	if r.fast != nil {
		prog = r.fast
		for _, h := range r.hoisted {
			if !f.has(h.slot) {
				v, err := m.run(h.rule, f)
				if err != nil {
					return nil, m.failure(r, f, err)
				}
				f.Set(h.slot, v)
			}
		}
	}
	if r.direct != nil && !m.vmOnly {
		if v, ok := r.runDirect(f); ok {
			return v, nil
		}
	}
	v, err := m.runVM(prog, f)
	if err != nil {
		return nil, m.failure(r, f, err)
	}
	return v, nil
}

// runVM runs prog on the VM with a fresh budget, turning a panic into an
// error.
func (m *Machine) runVM(prog *vm.Program, f *Frame) (out any, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%v", p)
		}
	}()
	f.budget.reset()
	return m.vm.Run(prog, f.vmEnv())
}

// shown fails when v is too large to show.
func shown(v any) (err error) {
	defer func() {
		if p := recover(); p != nil {
			le, ok := p.(*limitError)
			if !ok {
				panic(p)
			}
			err = le
		}
	}()
	checkShown(v)
	return nil
}

// Number evaluates a number rule and rejects NaN and infinities.
func (m *Machine) Number(r *Rule, f *Frame) (float64, error) {
	v, err := m.Run(r, f)
	if err != nil {
		return 0, err
	}
	n, ok := ToFloat(v)
	if !ok {
		return 0, fmt.Errorf("the rule yields %s, not a number", describeValue(v))
	}
	if math.IsNaN(n) || math.IsInf(n, 0) {
		return n, &NotFiniteError{Value: n}
	}
	return n, nil
}

// NotFiniteError is a number rule that yielded NaN or an infinity.
type NotFiniteError struct{ Value float64 }

func (e *NotFiniteError) Error() string {
	return fmt.Sprintf("the rule yields %v (a division by zero or an undefined operation)", e.Value)
}

// Hint returns, for an evaluation error of a rule, a sentence (with a
// leading space) on how to fix it when the error's kind suggests one, or
// "". An error about a missing value already says how to give a default.
func Hint(err error) string {
	var nf *NotFiniteError
	if errors.As(err, &nf) {
		return " Guard the divisor, e.g. x > 0 ? y / x : 0."
	}
	return ""
}

// Bool evaluates a condition.
func (m *Machine) Bool(r *Rule, f *Frame) (bool, error) {
	v, err := m.Run(r, f)
	if err != nil {
		return false, err
	}
	b, ok := v.(bool)
	if !ok {
		return false, fmt.Errorf("the rule yields %s, not true or false", describeValue(v))
	}
	return b, nil
}

// ToFloat converts the numbers expr produces to float64.
func ToFloat(v any) (float64, bool) {
	switch n := v.(type) {
	case float64:
		return n, true
	case int:
		return float64(n), true
	case int64:
		return float64(n), true
	case float32:
		return float64(n), true
	case int32:
		return float64(n), true
	case uint:
		return float64(n), true
	}
	return 0, false
}

func describeValue(v any) string {
	if v == nil {
		return "nil (a missing attribute?)"
	}
	return fmt.Sprintf("%T %v", v, v)
}

// Located returns the file range an evaluation error points at: the
// failing part of the rule when expr reports one, else the whole rule.
func (r *Rule) Located(err error) hcl.Range {
	var fe *file.Error
	if errors.As(err, &fe) && fe.To > fe.From {
		return r.locate(runeToByte(r.Text, fe.From), runeToByte(r.Text, fe.To))
	}
	return r.locate(0, len(r.Text))
}

// Message returns the text of an evaluation error without expr's snippet.
func Message(err error) string {
	var fe *file.Error
	if errors.As(err, &fe) {
		return fe.Message
	}
	return err.Error()
}
