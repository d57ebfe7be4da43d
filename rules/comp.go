package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/types"
)

// Comps describes what a plan's comp blocks (SPEC section 9) add to
// rules: the rep fields target_pay (every comp) and payout (the comps
// whose measure has actual blocks, so that a payout can be computed).
type Comps struct {
	IDs  []string // every comp block's label, sorted
	Paid []string // the comps whose measure has actual blocks, sorted
	// Measures holds the measure of each comp, aligned with IDs.
	Measures []string
}

// Names of the rep fields comp blocks add.
const (
	NameTargetPay = "target_pay"
	NamePayout    = "payout"
)

// CompFields are the rep fields comp blocks add, each a map of comp ids
// to a number.
var CompFields = []Field{
	{NameTargetPay, FieldAny, "target pay of each comp that applies to the rep: the year's incentive at 100% attainment"},
	{NamePayout, FieldAny, "payout of each comp to date: the sum of its periods that ended on or before as_of"},
}

// FieldComps returns the comps the rep field name holds; nil for another
// name.
func (c *Comps) FieldComps(name string) []string {
	switch name {
	case NameTargetPay:
		return c.IDs
	case NamePayout:
		return c.Paid
	}
	return nil
}

// addRepFields adds the comp fields to a rep object type.
func (c *Comps) addRepFields(t types.Map) {
	for _, f := range CompFields {
		ids := c.FieldComps(f.Name)
		if len(ids) == 0 {
			continue
		}
		m := types.Map{}
		for _, id := range ids {
			m[id] = types.Float64
		}
		t[f.Name] = m
	}
}

// compHint is the hint of an unknown field name read on chain: the payout
// of a comp whose measure has no actual blocks; "" otherwise.
func compHint(chain, name string, sc *Schema) string {
	if sc == nil || len(sc.Comps.IDs) == 0 {
		return ""
	}
	last := chain[strings.LastIndex(chain, ".")+1:]
	if i := slices.Index(sc.Comps.IDs, name); last == NamePayout && i >= 0 {
		m := sc.Comps.Measures[i]
		return fmt.Sprintf(" The comp %q pays from the actuals of its measure %q, which has no actual block, so there is no payout to read (its cost curve still works). Add one, e.g. actual %q { date = \"deal.close_date\", amount = \"deal.amount\", rep = \"deal.owner\" } (one attribute per line), or read rep.target_pay.%s instead.",
			name, m, m, name)
	}
	if name == NamePayout && len(sc.Comps.Paid) == 0 {
		return fmt.Sprintf(" %s.payout exists only for comps whose measure has actual blocks: add an actual block for the measure of a comp (%s), or read %s.target_pay.",
			cmpOr(chain, "rep"), strings.Join(sc.Comps.IDs, ", "), cmpOr(chain, "rep"))
	}
	return ""
}

// compRefs adds what member n reads of the comp figures: reading
// rep.target_pay or rep.payout depends on the comp step (RefComp).
func compRefs(n ast.Node, seen map[Ref]bool, sc *Schema) {
	if sc == nil || len(sc.Comps.IDs) == 0 {
		return
	}
	m, ok := n.(*ast.MemberNode)
	if !ok {
		return
	}
	field, ok := m.Property.(*ast.StringNode)
	if ok && (field.Value == NameTargetPay || field.Value == NamePayout) {
		seen[Ref{Kind: RefComp}] = true
	}
}
