package plans

import (
	"fmt"
	"math"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// value evaluates an attribute without variables or functions. ok is false
// when evaluation failed (diagnostics recorded), the value is null or it
// holds a number that is not a finite float64 (reported).
func (l *loader) value(attr *hclsyntax.Attribute) (cty.Value, bool) {
	v, diags := attr.Expr.Value(nil)
	l.diags = append(l.diags, diags...)
	if diags.HasErrors() || v.IsNull() || !v.IsWhollyKnown() {
		return cty.NilVal, false
	}
	if hasNonFinite(v) {
		l.errorAt(nonFiniteRange(attr.Expr), "Number out of range", fmt.Sprintf(
			"The %q attribute holds a number that is not a finite 64-bit number: beyond about 1.8e308 (such as 1e400) or an infinity (such as 1/0). Numbers of a plan must be finite: write a smaller value.",
			attr.Name))
		return cty.NilVal, false
	}
	return v, true
}

// hasNonFinite reports whether a known value is, or holds at any depth, a
// number that does not convert to a finite float64.
func hasNonFinite(v cty.Value) bool {
	if v.IsNull() || !v.IsKnown() {
		return false
	}
	t := v.Type()
	switch {
	case t == cty.Number:
		_, finite := finiteNumber(v)
		return !finite
	case t.IsTupleType() || t.IsListType() || t.IsSetType() || t.IsObjectType() || t.IsMapType():
		for it := v.ElementIterator(); it.Next(); {
			if _, e := it.Element(); hasNonFinite(e) {
				return true
			}
		}
	}
	return false
}

// nonFiniteRange is the range of the innermost list element or map value
// of expr that holds a non-finite number: the literal itself where it is
// written inside list and map literals, else the whole expression.
func nonFiniteRange(expr hclsyntax.Expression) hcl.Range {
	var parts []hclsyntax.Expression
	switch e := expr.(type) {
	case *hclsyntax.TupleConsExpr:
		parts = e.Exprs
	case *hclsyntax.ObjectConsExpr:
		for _, item := range e.Items {
			parts = append(parts, item.ValueExpr)
		}
	case *hclsyntax.ParenthesesExpr:
		parts = []hclsyntax.Expression{e.Expression}
	}
	for _, part := range parts {
		if v, diags := part.Value(nil); !diags.HasErrors() && hasNonFinite(v) {
			return nonFiniteRange(part)
		}
	}
	return expr.Range()
}

// expectType checks the type of an attribute value, reporting a mismatch.
func (l *loader) expectType(attr *hclsyntax.Attribute, v cty.Value, want cty.Type, what, example string) bool {
	if v.Type() == want {
		return true
	}
	l.errorAt(attr.Expr.Range(), "Expected "+what, fmt.Sprintf(
		"The %q attribute takes %s, but this is %s. Write it like: %s.",
		attr.Name, what, describeType(v.Type()), example))
	return false
}

// describeType names a cty type for users.
func describeType(t cty.Type) string {
	switch {
	case t == cty.String:
		return "a string"
	case t == cty.Number:
		return "a number"
	case t == cty.Bool:
		return "a bool"
	case t.IsTupleType() || t.IsListType() || t.IsSetType():
		return "a list"
	case t.IsObjectType() || t.IsMapType():
		return "a map"
	}
	return "a " + t.FriendlyName()
}

// stringAttr decodes an optional string attribute into dst.
func (l *loader) stringAttr(attrs hclsyntax.Attributes, name string, dst *string) bool {
	attr := attrs[name]
	if attr == nil {
		return false
	}
	v, ok := l.value(attr)
	if !ok || !l.expectType(attr, v, cty.String, "a string", fmt.Sprintf("%s = \"...\"", name)) {
		return false
	}
	*dst = v.AsString()
	return true
}

// numberAttr decodes an optional number attribute into dst.
func (l *loader) numberAttr(attrs hclsyntax.Attributes, name string, dst *float64) bool {
	attr := attrs[name]
	if attr == nil {
		return false
	}
	v, ok := l.value(attr)
	if !ok || !l.expectType(attr, v, cty.Number, "a number", name+" = 1000") {
		return false
	}
	*dst, _ = finiteNumber(v) // value refused non-finite numbers
	return true
}

// nonNegativeAttr decodes an optional number attribute that must be >= 0.
func (l *loader) nonNegativeAttr(attrs hclsyntax.Attributes, name string, dst *float64) {
	var f float64
	if !l.numberAttr(attrs, name, &f) {
		return
	}
	if f < 0 {
		l.errorAt(attrs[name].Expr.Range(), "Negative "+name, fmt.Sprintf(
			"The %q attribute must be zero or more, but it is %s. Remove the minus sign or the attribute.",
			name, formatFloat(f)))
		return
	}
	*dst = f
}

// roundAttr decodes the optional rounding increment of a quota, which must
// be more than zero (an absent round means no rounding).
func (l *loader) roundAttr(attrs hclsyntax.Attributes, dst *float64) {
	var f float64
	if !l.numberAttr(attrs, "round", &f) {
		return
	}
	rng := attrs["round"].Expr.Range()
	switch {
	case f < 0:
		l.errorAt(rng, "Negative round", fmt.Sprintf(
			"The \"round\" attribute is the increment each month's quota is rounded to and must be more than zero, but it is %s. Remove the minus sign, or remove the attribute for no rounding.",
			formatFloat(f)))
	case f == 0:
		l.errorAt(rng, "Round is zero", "The \"round\" attribute is the increment each month's quota is rounded to and must be more than zero. Give an increment such as round = 1000, or remove the attribute for no rounding.")
	default:
		*dst = f
	}
}

// boolAttr decodes an optional bool attribute into dst.
func (l *loader) boolAttr(attrs hclsyntax.Attributes, name string, dst *bool) bool {
	attr := attrs[name]
	if attr == nil {
		return false
	}
	v, ok := l.value(attr)
	if !ok || !l.expectType(attr, v, cty.Bool, "a bool", name+" = true") {
		return false
	}
	*dst = v.True()
	return true
}

// dateAttr decodes an optional "YYYY-MM-DD" attribute into dst.
func (l *loader) dateAttr(attrs hclsyntax.Attributes, name string, dst *time.Time) bool {
	var s string
	if !l.stringAttr(attrs, name, &s) {
		return false
	}
	t, ok := l.checkDate(s, attrs[name].Expr, name)
	if ok {
		*dst = t
	}
	return ok
}

// checkDate parses a date written at the range of at, reporting an
// invalid one.
func (l *loader) checkDate(s string, at ranger, name string) (time.Time, bool) {
	t, ok := ParseDate(s)
	if !ok {
		l.errorAtLazy(at, "Invalid date", func() string {
			return fmt.Sprintf("The %s %q is not a calendar date. Write dates as YYYY-MM-DD with a real day, e.g. \"2027-02-01\".", name, clip(s))
		})
	}
	return t, ok
}

// finiteNumber converts a cty number to a finite float64.
func finiteNumber(v cty.Value) (float64, bool) {
	f, _ := v.AsBigFloat().Float64()
	return f, !math.IsInf(f, 0) && !math.IsNaN(f)
}

// goValue converts a known cty value to plain Go: float64, string, bool,
// []any or map[string]any. ok is false for null (absent) values.
func goValue(v cty.Value) (any, bool) {
	if v.IsNull() || !v.IsKnown() {
		return nil, false
	}
	t := v.Type()
	switch {
	case t == cty.Number:
		f, _ := v.AsBigFloat().Float64()
		return f, true
	case t == cty.String:
		return v.AsString(), true
	case t == cty.Bool:
		return v.True(), true
	case t.IsTupleType() || t.IsListType() || t.IsSetType():
		return goList(v), true
	case t.IsObjectType() || t.IsMapType():
		return goMap(v), true
	}
	return nil, false
}

// goList converts a cty list or tuple; null elements become nil.
func goList(v cty.Value) []any {
	out := make([]any, 0, v.LengthInt())
	for it := v.ElementIterator(); it.Next(); {
		_, e := it.Element()
		x, _ := goValue(e)
		out = append(out, x)
	}
	return out
}

// goMap converts a cty map or object; null values are left out.
func goMap(v cty.Value) map[string]any {
	out := make(map[string]any, v.LengthInt())
	for it := v.ElementIterator(); it.Next(); {
		k, e := it.Element()
		if x, ok := goValue(e); ok {
			out[k.AsString()] = x
		}
	}
	return out
}

// mapAttr decodes a map attribute (e.g. scenario vars) and the range of each
// key as written. The ranges fall back to the value's range when the map is
// not written as a literal.
func (l *loader) mapAttr(attr *hclsyntax.Attribute) (map[string]any, map[string]hcl.Range, bool) {
	v, ok := l.value(attr)
	if !ok {
		return nil, nil, false
	}
	if !v.Type().IsObjectType() && !v.Type().IsMapType() {
		l.errorAt(attr.Expr.Range(), "Expected a map", fmt.Sprintf(
			"The %q attribute takes a map of variable names to values, but this is %s. Write it like: %s = { growth = 0.35 }.",
			attr.Name, describeType(v.Type()), attr.Name))
		return nil, nil, false
	}
	vals := goMap(v)
	ranges := make(map[string]hcl.Range, len(vals))
	for k := range vals {
		ranges[k] = attr.Expr.Range()
	}
	if obj, ok := attr.Expr.(*hclsyntax.ObjectConsExpr); ok {
		for _, item := range obj.Items {
			if kv, diags := item.KeyExpr.Value(nil); !diags.HasErrors() && kv.Type() == cty.String && kv.IsKnown() && !kv.IsNull() {
				ranges[kv.AsString()] = item.KeyExpr.Range()
			}
		}
	}
	return vals, ranges, true
}
