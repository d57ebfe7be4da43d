package plans

import (
	"fmt"
	"strconv"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
)

// errorAt records an error diagnostic at rng.
func (l *loader) errorAt(rng hcl.Range, summary, detail string) {
	l.add(hcl.DiagError, rng, summary, detail)
}

// warningAt records a warning diagnostic at rng.
func (l *loader) warningAt(rng hcl.Range, summary, detail string) {
	l.add(hcl.DiagWarning, rng, summary, detail)
}

// maxDiagnostics is the most diagnostics one Load reports: a CSV of two
// million rows with a wrong territory column must not print two million
// errors (nor spend the time to suggest a name for each). The rest are
// counted, and one more diagnostic says how many were left out.
const maxDiagnostics = 1000

// add records a diagnostic of any severity at rng, or only counts it when
// maxDiagnostics are recorded.
func (l *loader) add(sev hcl.DiagnosticSeverity, rng hcl.Range, summary, detail string) {
	if l.full() {
		l.dropped++
		return
	}
	subject := rng
	l.diags = append(l.diags, &hcl.Diagnostic{Severity: sev, Summary: summary, Detail: detail, Subject: &subject})
}

// full reports whether maxDiagnostics are recorded, counting those that
// rows of a CSV part carry (moved) until they are added in order.
func (l *loader) full() bool {
	return len(l.diags)+l.moved >= maxDiagnostics
}

// errorNoSubject records an error that belongs to no file position.
func (l *loader) errorNoSubject(summary, detail string) {
	l.diags = append(l.diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: summary, Detail: detail})
}

// capDiagnostics keeps the first maxDiagnostics diagnostics, in the order
// they were found (which does not depend on how CSV files were split for
// reading), and reports how many more there were.
func (l *loader) capDiagnostics() {
	if n := len(l.diags); n > maxDiagnostics {
		l.dropped += n - maxDiagnostics
		l.diags = l.diags[:maxDiagnostics:maxDiagnostics]
	}
	if l.dropped == 0 {
		return
	}
	l.errorNoSubject("Too many problems", fmt.Sprintf(
		"The plan has %d more problems than the %d shown, which are left out. Fix the ones shown (often one mistake, such as a misnamed column, causes many) and run again.",
		l.dropped, maxDiagnostics))
}

// maxQuotedRunes is how much of a value written in a plan a diagnostic
// detail quotes: a name, id, date or cell, which a plan may make as long
// as a file.
const maxQuotedRunes = 60

// clip is text from a plan, shortened for a diagnostic detail: %q and %s
// print at most maxQuotedRunes of it, followed by "..." when cut.
type clip string

// Format prints the clipped text for the verbs %q, %s and %v.
func (c clip) Format(f fmt.State, verb rune) {
	s := string(c)
	cut := false
	if utf8.RuneCountInString(s) > maxQuotedRunes {
		n := 0
		for i := range s {
			if n == maxQuotedRunes {
				s, cut = s[:i], true
				break
			}
			n++
		}
	}
	if verb == 'q' {
		s = strconv.Quote(s)
		if cut {
			s = s[:len(s)-1] + `..."`
		}
	} else if cut {
		s += "..."
	}
	f.Write([]byte(s))
}
