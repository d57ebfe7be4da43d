package plans

import (
	"bytes"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
)

// Format returns the canonical formatting of a plan file (hclwrite.Format).
// It refuses a file that does not parse, returning the parser's diagnostics
// and nil, because formatting invalid input could damage it, and a file
// that passes a limit of plan files (size, nesting, operators, tokens,
// number length), which the parser could not parse safely.
func Format(src []byte, filename string) ([]byte, hcl.Diagnostics) {
	if bytes.IndexByte(src, 0) >= 0 {
		return nil, hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Not a text file",
			Detail:   "The file " + filename + " holds a NUL byte, so it is a binary file and cannot be formatted.",
			Subject:  &hcl.Range{Filename: filename, Start: hcl.InitialPos, End: hcl.InitialPos},
		}}
	}
	if len(src) > maxPlanFileBytes {
		p, rng := tooLarge(filename, planFileKind, int64(len(src))), fileSubject(filename)
		return nil, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: p.summary, Detail: p.detail, Subject: &rng}}
	}
	if d := syntaxDiag(src, filename, func(offset int) hcl.Pos { return posInLines(lineStarts(src), src, offset) }); d != nil {
		return nil, hcl.Diagnostics{d}
	}
	_, diags := hclsyntax.ParseConfig(src, filename, hcl.InitialPos)
	if diags.HasErrors() {
		return nil, diags
	}
	return hclwrite.Format(src), diags
}
