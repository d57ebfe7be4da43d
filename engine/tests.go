package engine

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/quotaplan/quotaplan/plans"
	"github.com/quotaplan/quotaplan/rules"
)

// Test statuses.
const (
	TestPass  = "pass"
	TestFail  = "fail"
	TestError = "error" // the assertion could not be evaluated
)

// TestResult is the outcome of one `test` block.
type TestResult struct {
	Name    string
	At      string // file:line of the test block
	Variant string // the scenario and variables it ran with, "" for the plan as given
	Status  string
	Message string // why it errored
	// Detail explains a failed or errored assertion: the value of each of
	// its parts.
	Detail *Node
}

// RunTests evaluates the plan once per variant its tests ask for (the
// options' scenario and variables, or a test's own scenario and vars) and
// runs every test whose name matches filter (nil: all), in name order. An
// invalid variant (an unknown scenario, a variable of the wrong type) is
// reported as diagnostics.
func (m *Model) RunTests(ctx context.Context, filter *regexp.Regexp) ([]*TestResult, hcl.Diagnostics) {
	tests := append([]*planTest(nil), m.compiled.tests...)
	sort.SliceStable(tests, func(i, j int) bool { return tests[i].Name < tests[j].Name })
	variants := map[string]*Explainer{} // by variant; nil for one that did not evaluate
	var diags hcl.Diagnostics
	var out []*TestResult
	for _, t := range tests {
		if filter != nil && !filter.MatchString(t.Name) {
			continue
		}
		scenario, label := m.opts.Scenario, ""
		if t.Scenario != "" {
			scenario = t.Scenario
		}
		key := variantKey(scenario, t.Vars)
		ex, ok := variants[key]
		if !ok {
			vars, more := effectiveVars(m.Plan, scenario, m.opts.Vars)
			more = append(more, overrideVars(m, t, vars)...)
			if more.HasErrors() {
				diags = append(diags, more...)
				variants[key] = nil
				continue
			}
			res, evalDiags := m.evaluate(ctx, scenario, vars)
			diags = append(diags, evalDiags...)
			if res != nil {
				ex = m.Explainer(res)
			}
			variants[key] = ex
		}
		if ex == nil {
			continue
		}
		if t.Scenario != "" || len(t.Vars) > 0 {
			label = key
		}
		out = append(out, runTest(ex, t, label))
	}
	return out, diags
}

// overrideVars applies a test's vars over the variant's variables.
func overrideVars(m *Model, t *planTest, vars map[string]any) hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, name := range sortedKeys(t.Vars) {
		decl := m.variable(name)
		if msg := setVar(vars, decl, t.Vars[name]); msg != "" {
			rng := t.DefRange
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Wrong variable type", Detail: msg, Subject: &rng})
		}
	}
	return diags
}

func (m *Model) variable(name string) *plans.Variable {
	for _, v := range m.Plan.Variables {
		if v.Name == name {
			return v
		}
	}
	return nil
}

// variantKey names a variant for people and for caching, e.g.
// "scenario stretch, growth=0.35".
func variantKey(scenario string, vars map[string]any) string {
	var parts []string
	if scenario != "" {
		parts = append(parts, "scenario "+scenario)
	}
	for _, k := range sortedKeys(vars) {
		parts = append(parts, fmt.Sprintf("%s=%s", k, display(vars[k])))
	}
	return strings.Join(parts, ", ")
}

// runTest evaluates one assertion against an evaluated variant.
func runTest(ex *Explainer, t *planTest, variant string) *TestResult {
	tr := &TestResult{Name: t.Name, At: at(t.DefRange), Variant: variant, Status: TestPass}
	x, err := ex.explainer(ExplainOptions{Depth: 2})
	if err != nil {
		tr.Status, tr.Message = TestError, err.Error()
		return tr
	}
	ok, err := x.mach.Bool(t.assert, x.env)
	switch {
	case err != nil:
		tr.Status, tr.Message = TestError, rules.Message(err)
	case !ok:
		tr.Status = TestFail
	default:
		return tr
	}
	tr.Detail = x.rule("assert", t.assert, ok, true, 2)
	return tr
}
