package lsp

import (
	"context"
	"sort"
	"strings"

	"go.lsp.dev/protocol"

	"github.com/quotaplan/quotaplan/engine"
	"github.com/quotaplan/quotaplan/engine/front/render"
)

// InlayHint implements protocol.Server: after the closing brace of each
// rep block in the requested range, or at the end of each row of a reps
// CSV, the rep's FY quota per measure.
func (s *server) InlayHint(_ context.Context, p *protocol.InlayHintParams) ([]protocol.InlayHint, error) {
	v, ok := s.view(p.TextDocument.URI)
	if !ok || v.good == nil {
		return []protocol.InlayHint{}, nil
	}
	from, to := v.text.offset(p.Range.Start), v.text.offset(p.Range.End)
	if v.rows != nil {
		return rowHints(v, from, to), nil
	}
	yes := true
	hints := []protocol.InlayHint{}
	for _, b := range v.blocks {
		if b.Type != "rep" || b.Close.End.Byte < from || b.Close.Start.Byte > to {
			continue
		}
		if label := fyLabel(v.good.result, b.label()); label != "" {
			hints = append(hints, protocol.InlayHint{
				Position: v.text.position(b.Close.End.Byte), Label: protocol.String(label), PaddingLeft: &yes,
			})
		}
	}
	return hints, nil
}

// rowHints are the hints at the end of the rows of a reps CSV that end
// between the byte offsets from and to.
func rowHints(v *view, from, to int) []protocol.InlayHint {
	hints := []protocol.InlayHint{}
	l := v.good.layoutOf(v.path)
	if l == nil || l.kind != "rep" {
		return hints
	}
	yes := true
	recs := v.rows.records
	first := sort.Search(len(recs), func(i int) bool { return recs[i].end >= from })
	for i := max(first, 1); i < len(recs) && recs[i].end <= to; i++ {
		if label := fyLabel(v.good.result, v.rows.record(i).cell(l.idCol)); label != "" {
			hints = append(hints, protocol.InlayHint{
				Position: v.text.position(recs[i].end), Label: protocol.String(label), PaddingLeft: &yes,
			})
		}
	}
	return hints
}

// CodeLens implements protocol.Server: above each rep block, the rep's FY
// quota per measure (for editors that show lenses rather than inlay
// hints). The lenses carry no command. A CSV file has none: a lens above
// every row would double its height.
func (s *server) CodeLens(_ context.Context, p *protocol.CodeLensParams) ([]protocol.CodeLens, error) {
	v, ok := s.view(p.TextDocument.URI)
	if !ok || v.good == nil {
		return []protocol.CodeLens{}, nil
	}
	lenses := []protocol.CodeLens{}
	for _, b := range v.blocks {
		if b.Type != "rep" {
			continue
		}
		if label := fyLabel(v.good.result, b.label()); label != "" {
			lenses = append(lenses, protocol.CodeLens{Range: v.text.rangeOf(b.Header), Command: protocol.Command{Title: label}})
		}
	}
	return lenses, nil
}

// fyLabel is a rep's FY quotas, e.g. "FY new_arr $600,000 · meetings 348";
// "" when the rep has none or is unknown.
func fyLabel(r *engine.Result, id string) string {
	rep := findRep(r, id)
	if rep == nil || len(rep.Quotas) == 0 {
		return ""
	}
	parts := make([]string, 0, len(rep.Quotas))
	for _, q := range rep.Quotas {
		parts = append(parts, q.Measure+" "+amount(r, q.Total, q.Unit))
	}
	return "FY " + strings.Join(parts, " · ")
}

// amount prints an amount with its currency sign or unit: "$600,000",
// "EUR 1,200", "348 meetings".
func amount(r *engine.Result, v float64, unit string) string {
	cur := render.IsCurrency(unit, r.Plan.Currency)
	digits := render.Human(v, cur)
	switch {
	case unit == "":
		return digits
	case !cur:
		return digits + " " + unit
	case unit == "USD":
		return "$" + digits
	}
	return unit + " " + digits
}
