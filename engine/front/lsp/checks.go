package lsp

import (
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"go.lsp.dev/protocol"

	"github.com/quotaplan/quotaplan/engine"
	"github.com/quotaplan/quotaplan/plans"
)

// maxSubjects is how many failing subjects a check diagnostic names.
const maxSubjects = 5

// failedCheck is a check that failed for one or more subjects.
type failedCheck struct {
	name     string
	severity string
	failures []*engine.CheckResult
	rng      hcl.Range // the check block's header
}

// failedChecks groups the failed check results of a result by check, in
// check order, placed at the check blocks of the plan.
func failedChecks(p *plans.Plan, r *engine.Result) []failedCheck {
	var out []failedCheck
	for _, c := range r.Checks {
		if c.Status != engine.StatusFail {
			continue
		}
		if n := len(out); n > 0 && out[n-1].name == c.Check {
			out[n-1].failures = append(out[n-1].failures, c)
			continue
		}
		out = append(out, failedCheck{name: c.Check, severity: c.Severity, failures: []*engine.CheckResult{c}, rng: checkRange(p, c)})
	}
	return out
}

// checkRange is where a check is declared.
func checkRange(p *plans.Plan, c *engine.CheckResult) hcl.Range {
	if p != nil {
		for _, pc := range p.Checks {
			if pc.Name == c.Check {
				return pc.DefRange
			}
		}
	}
	return c.Range
}

// diagnostic is the LSP diagnostic of a failed check: its severity and the
// first failing subjects with their messages.
func (f failedCheck) diagnostic(rng protocol.Range) protocol.Diagnostic {
	return protocol.Diagnostic{
		Range: rng, Severity: checkSeverity(f.severity), Source: protocol.NewOptional("quotaplan check"),
		Message: protocol.String(f.message()),
	}
}

// message is e.g. `Check "quota_cap" failed for 2 subjects: alice (quota
// is 720000), bob`.
func (f failedCheck) message() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Check %q failed for %s:", f.name, count(len(f.failures), "subject", "subjects"))
	for i, c := range f.failures {
		if i == maxSubjects {
			fmt.Fprintf(&b, "\n- and %d more", len(f.failures)-maxSubjects)
			break
		}
		b.WriteString("\n- " + c.Subject)
		if c.Message != "" {
			b.WriteString(": " + c.Message)
		}
	}
	return b.String()
}

// checkSeverity maps a check severity onto an LSP one.
func checkSeverity(s string) protocol.DiagnosticSeverity {
	switch s {
	case "warning":
		return protocol.DiagnosticSeverityWarning
	case "info":
		return protocol.DiagnosticSeverityInformation
	}
	return protocol.DiagnosticSeverityError
}

// count formats n with the singular or plural noun.
func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
