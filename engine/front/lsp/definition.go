package lsp

import (
	"context"

	"github.com/hashicorp/hcl/v2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/quotaplan/quotaplan/plans"
)

// reference is an attribute whose string value names another block.
type reference struct {
	block, attr string
	target      func(p *plans.Plan, name string) (hcl.Range, bool)
}

// references are the attributes go-to-definition follows.
var references = []reference{
	{"rep", "territory", territoryDef},
	{"territory", "parent", territoryDef},
	{"rep", "manager", repDef},
	{"quota", "ramp", rampDef},
	{"goal", "measure", measureDef},
}

// Definition implements protocol.Server: from a territory, manager,
// parent, ramp or goal measure reference, in a block or in a cell of a CSV
// row, to the block (or CSV row) that declares it, as the last valid
// evaluation read it.
func (s *server) Definition(_ context.Context, p *protocol.DefinitionParams) (protocol.DefinitionResult, error) {
	v, ok := s.view(p.TextDocument.URI)
	if !ok || v.good == nil {
		return protocol.LocationSlice{}, nil
	}
	offset := v.text.offset(p.Position)
	var blockType, attrName, value string
	if v.rows != nil {
		rec, l, ok := v.row(offset)
		if !ok {
			return protocol.LocationSlice{}, nil
		}
		i := rec.cellAt(offset)
		blockType, attrName, value = l.kind, l.attr(i), rec.cell(i)
	} else {
		b, ok := blockAt(v.blocks, offset)
		if !ok {
			return protocol.LocationSlice{}, nil
		}
		a, ok := attrAt(b, offset)
		if !ok || !a.IsStr {
			return protocol.LocationSlice{}, nil
		}
		blockType, attrName, value = b.Type, a.Name, a.Str
	}
	for _, ref := range references {
		if ref.block != blockType || ref.attr != attrName {
			continue
		}
		if rng, ok := ref.target(v.good.plan, value); ok {
			return protocol.LocationSlice{{URI: uri.File(rng.Filename), Range: v.good.textOf(rng.Filename).rangeOf(rng)}}, nil
		}
	}
	return protocol.LocationSlice{}, nil
}

// territoryDef finds a territory (the plan's are sorted by id).
func territoryDef(p *plans.Plan, id string) (hcl.Range, bool) {
	if t := find(p.Territories, id, func(t *plans.Territory) string { return t.ID }); t != nil {
		return t.DefRange, true
	}
	return hcl.Range{}, false
}

// repDef finds a rep (the plan's are sorted by id).
func repDef(p *plans.Plan, id string) (hcl.Range, bool) {
	if r := find(p.Reps, id, func(r *plans.Rep) string { return r.ID }); r != nil {
		return r.DefRange, true
	}
	return hcl.Range{}, false
}

// rampDef finds a ramp.
func rampDef(p *plans.Plan, name string) (hcl.Range, bool) {
	for _, r := range p.Ramps {
		if r.Name == name {
			return r.DefRange, true
		}
	}
	return hcl.Range{}, false
}

// measureDef finds the first quota block of a measure.
func measureDef(p *plans.Plan, measure string) (hcl.Range, bool) {
	for _, q := range p.Quotas {
		if q.Measure == measure {
			return q.DefRange, true
		}
	}
	return hcl.Range{}, false
}
