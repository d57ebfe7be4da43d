package engine

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"

	"github.com/hashicorp/hcl/v2"

	"github.com/quotaplan/quotaplan/plans"
	"github.com/quotaplan/quotaplan/rules"
)

// effectiveVars applies, over the defaults, the chosen scenario's values and
// then the --var flags. An override must keep the type of the default so
// rules type-checked against the defaults stay valid.
func effectiveVars(p *plans.Plan, scenario string, flags []VarOverride) (map[string]any, hcl.Diagnostics) {
	vars := map[string]any{}
	decl := map[string]*plans.Variable{}
	var names []string
	for _, v := range p.Variables {
		vars[v.Name] = v.Default
		decl[v.Name] = v
		names = append(names, v.Name)
	}
	var diags hcl.Diagnostics
	if scenario != "" {
		var sc *plans.Scenario
		var scenarios []string
		for _, s := range p.Scenarios {
			scenarios = append(scenarios, s.Name)
			if s.Name == scenario {
				sc = s
			}
		}
		if sc == nil {
			return nil, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Unknown scenario",
				Detail: fmt.Sprintf("No scenario %q is declared.%s%s", scenario, didYouMean(scenario, scenarios), listOf(" Declared scenarios: ", scenarios))}}
		}
		keys := make([]string, 0, len(sc.Vars))
		for k := range sc.Vars {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if d := setVar(vars, decl[k], sc.Vars[k]); d != "" {
				rng := sc.VarRanges[k]
				diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Wrong variable type", Detail: d, Subject: &rng})
			}
		}
	}
	for _, f := range flags {
		v := decl[f.Name]
		if v == nil {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Undeclared variable",
				Detail: fmt.Sprintf("--var %s=%s names no variable of the plan.%s%s Declare it with a variable block first.", f.Name, f.Value, didYouMean(f.Name, names), listOf(" Declared variables: ", names))})
			continue
		}
		value, err := parseFlagValue(f.Value, v.Default)
		if err != nil {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Number not finite",
				Detail: fmt.Sprintf("--var %s=%s: %v. Numbers given with --var must be finite; give one such as --var %s=%s.", f.Name, f.Value, err, f.Name, exampleNumber(v.Default))})
			continue
		}
		if d := setVar(vars, v, value); d != "" {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Wrong variable type", Detail: "--var: " + d})
		}
	}
	return vars, diags
}

// setVar stores value for v when its type matches the default's; else it
// returns why not.
func setVar(vars map[string]any, v *plans.Variable, value any) string {
	if v == nil {
		return ""
	}
	if v.Default != nil && fmt.Sprintf("%T", v.Default) != fmt.Sprintf("%T", value) {
		return fmt.Sprintf("Variable %q has a default of type %s, so an override must be one too (got %s %v).", v.Name, typeName(v.Default), typeName(value), value)
	}
	vars[v.Name] = value
	return ""
}

// parseFlagValue reads a --var value as a number or bool where it parses,
// else a string; a string variable keeps the text as written. Text that
// reads as a number but not a finite one is an error rather than a string:
// NaN, Inf and Infinity (any case, any sign), and numbers beyond the range
// of float64 such as 1e400. Taken as numbers they would poison every rule
// that reads them; taken as strings they would be a confusing type error.
func parseFlagValue(s string, def any) (any, error) {
	if _, ok := def.(string); ok {
		return s, nil
	}
	f, err := strconv.ParseFloat(s, 64)
	switch {
	case errors.Is(err, strconv.ErrRange) && math.IsInf(f, 0):
		return nil, errors.New("the number is too large for a float64 (at most about 1.8e308)")
	case err == nil && math.IsNaN(f):
		return nil, errors.New("NaN is not a number")
	case err == nil && math.IsInf(f, 0):
		return nil, errors.New("an infinity is not a finite number")
	case err == nil:
		return f, nil
	}
	if b, err := strconv.ParseBool(s); err == nil && (s == "true" || s == "false") {
		return b, nil
	}
	return s, nil
}

// exampleNumber is a --var value to suggest for a variable: its default when
// that is a number, else 1.
func exampleNumber(def any) string {
	if f, ok := def.(float64); ok && !math.IsNaN(f) && !math.IsInf(f, 0) {
		return strconv.FormatFloat(f, 'g', -1, 64)
	}
	return "1"
}

func typeName(v any) string {
	switch v.(type) {
	case float64:
		return "number"
	case string:
		return "string"
	case bool:
		return "bool"
	case []any:
		return "list"
	case map[string]any:
		return "map"
	}
	return fmt.Sprintf("%T", v)
}

func listOf(prefix string, names []string) string {
	if len(names) == 0 {
		return ""
	}
	s := prefix
	for i, n := range names {
		if i > 0 {
			s += ", "
		}
		s += n
	}
	return s + "."
}

// didYouMean suggests the closest name.
func didYouMean(name string, candidates []string) string { return rules.Suggest(name, candidates) }
