package plans

import (
	"bytes"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
)

// Format returns the canonical formatting of a plan file (hclwrite.Format).
// It refuses a file that does not parse, returning the parser's diagnostics
// and nil, because formatting invalid input could damage it.
func Format(src []byte, filename string) ([]byte, hcl.Diagnostics) {
	if bytes.IndexByte(src, 0) >= 0 {
		return nil, hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Not a text file",
			Detail:   "The file " + filename + " holds a NUL byte, so it is a binary file and cannot be formatted.",
			Subject:  &hcl.Range{Filename: filename, Start: hcl.InitialPos, End: hcl.InitialPos},
		}}
	}
	_, diags := hclsyntax.ParseConfig(src, filename, hcl.InitialPos)
	if diags.HasErrors() {
		return nil, diags
	}
	return hclwrite.Format(src), diags
}
