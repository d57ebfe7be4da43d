package lsp

import (
	"bytes"
	"context"

	"go.lsp.dev/protocol"

	"github.com/quotaplan/quotaplan/plans"
)

// Formatting implements protocol.Server with `quotaplan fmt`: one edit
// replacing the whole document, or none when it is formatted already or
// does not parse (its syntax errors are published as diagnostics).
func (s *server) Formatting(_ context.Context, p *protocol.DocumentFormattingParams) ([]protocol.TextEdit, error) {
	path := pathOf(p.TextDocument.URI)
	src, ok := s.source(path)
	if !ok || !isPlanFile(path) {
		return []protocol.TextEdit{}, nil
	}
	out, diags := plans.Format(src, path)
	if diags.HasErrors() || bytes.Equal(out, src) {
		return []protocol.TextEdit{}, nil
	}
	t := newText(src)
	return []protocol.TextEdit{{Range: protocol.Range{End: t.end()}, NewText: string(out)}}, nil
}
