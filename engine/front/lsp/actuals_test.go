package lsp

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/quotaplan/quotaplan/engine"
)

// TestHoverRepShowsActuals: hovering a rep of a plan with actual blocks
// shows its quota to date, actual and attainment (alice: 21,500 of 35,000,
// 61.4%, as engine's TestActualsHandComputed works out).
func TestHoverRepShowsActuals(t *testing.T) {
	m, _, diags := engine.Load(filepath.Join("..", "..", "testdata", "actuals"), engine.Options{})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	res, diags := m.Evaluate(context.Background())
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	text := hoverText(&snapshot{plan: m.Plan, result: res}, "rep", "alice")
	for _, want := range []string{"Actuals as of 2027-04-15:", "| new_arr | 35,000 | **21,500** | 61.4% | yes |"} {
		if !strings.Contains(text, want) {
			t.Errorf("hover lacks %q:\n%s", want, text)
		}
	}
}
