package lsp

import (
	"slices"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/quotaplan/quotaplan/plans"
)

// block is a block of a plan file as the editor's current text has it.
type block struct {
	Type     string
	Labels   []string
	Range    hcl.Range // from the type keyword to the closing brace
	Header   hcl.Range // the type keyword and labels
	Close    hcl.Range // the closing brace
	Attrs    []attr
	Children []block
}

// attr is an attribute of a block.
type attr struct {
	Name  string
	Range hcl.Range // the whole attribute
	Value hcl.Range // the value expression
	Str   string    // the value when it is a plain string literal
	IsStr bool
}

// label is the block's first label, "" when it has none.
func (b block) label() string {
	if len(b.Labels) == 0 {
		return ""
	}
	return b.Labels[0]
}

// parseBlocks reads the blocks of a plan file. It works on broken text
// too: the blocks the parser recovered are returned. Text past the limits
// of a plan file (nesting that would overflow the parser's stack) has
// none.
func parseBlocks(src []byte, filename string) []block {
	file, _ := plans.ParseHCL(src, filename)
	if file == nil {
		return nil
	}
	body, ok := file.Body.(*hclsyntax.Body)
	if !ok {
		return nil
	}
	return blocksOf(body)
}

// blocksOf converts the blocks of a body, in source order.
func blocksOf(body *hclsyntax.Body) []block {
	out := make([]block, 0, len(body.Blocks))
	for _, b := range body.Blocks {
		blk := block{
			Type: b.Type, Labels: b.Labels,
			Range:  hcl.RangeBetween(b.TypeRange, b.CloseBraceRange),
			Header: hcl.RangeBetween(b.TypeRange, b.OpenBraceRange),
			Close:  b.CloseBraceRange,
		}
		if b.Body != nil {
			blk.Attrs = attrsOf(b.Body)
			blk.Children = blocksOf(b.Body)
		}
		out = append(out, blk)
	}
	return out
}

// attrsOf converts the attributes of a body, in source order.
func attrsOf(body *hclsyntax.Body) []attr {
	out := make([]attr, 0, len(body.Attributes))
	for _, a := range body.Attributes {
		at := attr{Name: a.Name, Range: a.SrcRange, Value: a.Expr.Range()}
		if tmpl, ok := a.Expr.(*hclsyntax.TemplateExpr); ok && len(tmpl.Parts) == 1 {
			if lit, ok := tmpl.Parts[0].(*hclsyntax.LiteralValueExpr); ok && lit.Val.Type() == cty.String && lit.Val.IsKnown() && !lit.Val.IsNull() {
				at.Str, at.IsStr = lit.Val.AsString(), true
			}
		}
		out = append(out, at)
	}
	slices.SortFunc(out, func(a, b attr) int { return a.Range.Start.Byte - b.Range.Start.Byte })
	return out
}

// contains reports whether the byte offset lies within r (its end
// included, so that a cursor just after a word still counts).
func contains(r hcl.Range, offset int) bool {
	return r.Start.Byte <= offset && offset <= r.End.Byte
}

// blockAt returns the top-level block holding the byte offset.
func blockAt(blocks []block, offset int) (block, bool) {
	for _, b := range blocks {
		if contains(b.Range, offset) {
			return b, true
		}
	}
	return block{}, false
}

// attrAt returns the attribute of b (or of one of its nested blocks)
// holding the byte offset.
func attrAt(b block, offset int) (attr, bool) {
	for _, a := range b.Attrs {
		if contains(a.Range, offset) {
			return a, true
		}
	}
	for _, c := range b.Children {
		if contains(c.Range, offset) {
			return attrAt(c, offset)
		}
	}
	return attr{}, false
}
