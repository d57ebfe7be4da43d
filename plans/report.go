package plans

import "github.com/hashicorp/hcl/v2"

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
