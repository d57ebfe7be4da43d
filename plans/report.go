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

// add records a diagnostic of any severity at rng.
func (l *loader) add(sev hcl.DiagnosticSeverity, rng hcl.Range, summary, detail string) {
	subject := rng
	l.diags = append(l.diags, &hcl.Diagnostic{Severity: sev, Summary: summary, Detail: detail, Subject: &subject})
}

// errorNoSubject records an error that belongs to no file position.
func (l *loader) errorNoSubject(summary, detail string) {
	l.diags = append(l.diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: summary, Detail: detail})
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
