package lsp

import (
	"context"
	"strings"

	"go.lsp.dev/protocol"
)

// symbolKinds maps block types onto LSP symbol kinds.
var symbolKinds = map[string]protocol.SymbolKind{
	"plan":      protocol.SymbolKindModule,
	"variable":  protocol.SymbolKindVariable,
	"scenario":  protocol.SymbolKindNamespace,
	"territory": protocol.SymbolKindStruct,
	"rep":       protocol.SymbolKindObject,
	"import":    protocol.SymbolKindPackage,
	"ramp":      protocol.SymbolKindFunction,
	"quota":     protocol.SymbolKindFunction,
	"let":       protocol.SymbolKindConstant,
	"goal":      protocol.SymbolKindEvent,
	"check":     protocol.SymbolKindBoolean,
	"test":      protocol.SymbolKindMethod,
}

// DocumentSymbol implements protocol.Server: the blocks of the document,
// with their nested blocks (ramp tiers, leaves) as children. It works on
// the current text, valid or not.
func (s *server) DocumentSymbol(_ context.Context, p *protocol.DocumentSymbolParams) (protocol.DocumentSymbolResult, error) {
	v, ok := s.view(p.TextDocument.URI)
	if !ok {
		return protocol.DocumentSymbolSlice{}, nil
	}
	return protocol.DocumentSymbolSlice(symbols(v.text, v.blocks)), nil
}

// symbols converts blocks into document symbols.
func symbols(t *text, blocks []block) []protocol.DocumentSymbol {
	out := make([]protocol.DocumentSymbol, 0, len(blocks))
	for _, b := range blocks {
		kind, ok := symbolKinds[b.Type]
		if !ok {
			kind = protocol.SymbolKindField
		}
		name := strings.Join(b.Labels, " ")
		if name == "" {
			name = b.Type
		}
		detail := b.Type
		out = append(out, protocol.DocumentSymbol{
			Name: name, Detail: &detail, Kind: kind,
			Range: t.rangeOf(b.Range), SelectionRange: t.rangeOf(b.Header),
			Children: symbols(t, b.Children),
		})
	}
	return out
}
