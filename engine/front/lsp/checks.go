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
	severity engine.Severity
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

// maxSubjectDiagnostics is how many failing subjects of one check are
// marked at their own block or CSV row: a check that fails for every rep
// of a 100,000-rep plan would send as many diagnostics on every change.
// The check block's diagnostic counts them all.
const maxSubjectDiagnostics = 1000

// subjectFailure is a check result that failed for a rep, territory or
// goal, placed where the subject is declared.
type subjectFailure struct {
	check *engine.CheckResult
	rng   hcl.Range // the subject's block header, or the id cell of its CSV row
}

// subjectFailures places the failed results of rep, territory and goal
// checks at their subjects, at most maxSubjectDiagnostics per check, in
// the result's order.
func subjectFailures(p *plans.Plan, r *engine.Result) []subjectFailure {
	if p == nil {
		return nil
	}
	scopes := make(map[string]string, len(p.Checks))
	for _, c := range p.Checks {
		scopes[c.Name] = c.Scope
	}
	var out []subjectFailure
	marked := map[string]int{}
	for _, c := range r.Checks {
		if c.Status != engine.StatusFail || marked[c.Check] == maxSubjectDiagnostics {
			continue
		}
		var rng hcl.Range
		var ok bool
		switch scopes[c.Check] {
		case plans.ScopeRep:
			rng, ok = repDef(p, c.Subject)
		case plans.ScopeTerritory:
			rng, ok = territoryDef(p, c.Subject)
		case plans.ScopeGoal:
			if g := find(p.Goals, c.Subject, func(g *plans.Goal) string { return g.Name }); g != nil {
				rng, ok = g.DefRange, true
			}
		}
		if ok {
			marked[c.Check]++
			out = append(out, subjectFailure{check: c, rng: rng})
		}
	}
	return out
}

// where is the LSP range of the failure in t, the text of its file: the
// subject's block header, or the whole first line of its CSV row.
func (f subjectFailure) where(t *text) protocol.Range {
	if isPlanFile(f.rng.Filename) {
		return t.rangeOf(f.rng)
	}
	line := f.rng.Start.Line - 1
	from, to := t.lineStart(line), t.lineEnd(line)
	if line >= len(t.lines) {
		from, to = t.byteOf(f.rng.Start), t.byteOf(f.rng.End)
	}
	for to > from && t.src[to-1] == '\r' {
		to--
	}
	return protocol.Range{Start: t.position(from), End: t.position(to)}
}

// diagnostic is the LSP diagnostic of the failure at rng: `Check
// "quota_cap" failed: quota is 720000`.
func (f subjectFailure) diagnostic(rng protocol.Range) protocol.Diagnostic {
	msg := fmt.Sprintf("Check %q failed", f.check.Check)
	if f.check.Message != "" {
		msg += ": " + f.check.Message
	}
	return protocol.Diagnostic{
		Range: rng, Severity: checkSeverity(f.check.Severity), Source: protocol.NewOptional("quotaplan check"),
		Message: protocol.String(msg),
	}
}

// checkSeverity maps a check severity onto an LSP one.
func checkSeverity(s engine.Severity) protocol.DiagnosticSeverity {
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
