package lsp

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/quotaplan/quotaplan/engine"
)

// TestHoverComp: hovering a comp block shows its reps, target pay and
// cost at 100%; hovering a rep its payouts. The figures are those engine's
// TestCompHandComputed works out: 5 reps with 120,000 of target pay, 21,900
// paid; at 100% every rep gets 24,000 x f(1) = 24,000 x 0.75, 90,000 in
// all, on bookings of 1,710,000 (5.3%).
func TestHoverComp(t *testing.T) {
	m, _, diags := engine.Load(filepath.Join("..", "..", "testdata", "comp"), engine.Options{})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	res, diags := m.Evaluate(context.Background())
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	sn := &snapshot{plan: m.Plan, result: res}
	text := hoverText(sn, "comp", "ae")
	for _, want := range []string{"**comp ae** · new_arr · paid by quarter · 5 reps", "Target pay: **120,000**",
		"Paid to date (as of 2027-05-15): **21,900**", "Cost at 100%: **90,000** (cost of sale 5.3%)", "| 120% | 1.05 | 126,000 | 2,052,000 |"} {
		if !strings.Contains(text, want) {
			t.Errorf("hover lacks %q:\n%s", want, text)
		}
	}
	text = hoverText(sn, "rep", "ben")
	if want := "| ae | 24,000 | **12,000** |"; !strings.Contains(text, want) {
		t.Errorf("rep hover lacks %q:\n%s", want, text)
	}
	if text := hoverText(sn, "comp", "nope"); !strings.Contains(text, "is not in the last valid evaluation") {
		t.Errorf("hover of an unknown comp = %q", text)
	}
}
