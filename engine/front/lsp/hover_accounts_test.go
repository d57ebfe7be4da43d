package lsp

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.lsp.dev/protocol"
)

// TestHoverAccounts hovers the carve block and a territory of the plan
// of engine/testdata/accounts, whose figures are worked out by hand in
// engine/accounts_test.go: na-east holds acme, na-west beta, gamma and
// zeta (an override), emea delta; eps is unassigned; beta and eps move.
func TestHoverAccounts(t *testing.T) {
	files := map[string]string{}
	for _, name := range []string{"plan.hcl", "data/accounts.csv", "data/moves.csv"} {
		b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "accounts", name))
		if err != nil {
			t.Fatal(err)
		}
		files[name] = string(b)
	}
	text := files["plan.hcl"]
	dir := writePlan(t, files)
	plan := filepath.Join(dir, "plan.hcl")
	c := connect(t, Options{})
	c.open(plan, text)
	c.waitDiags(plan, func(*protocol.PublishDiagnosticsParams) bool { return true })
	for _, tt := range []struct {
		name, at string
		want     []string
	}{
		{"carve", `carve "fy"`, []string{"**carve fy** · 6 accounts", "- na-east: 1 account", "- na-west: 3 accounts",
			"- emea: 1 account", "Unassigned: **1**; moves against the territory column: **2**."}},
		// na's book is its children's: 4 accounts, 100,000 + 650,000.
		{"territory", `territory "na" {`, []string{"**territory na**", "Book: **4 accounts**, potential **750,000**."}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h, err := c.server.Hover(ctx(t), &protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
				TextDocument: doc(plan), Position: at(t, text, tt.at, 1)}})
			if err != nil || h == nil {
				t.Fatalf("hover = %v, %v", h, err)
			}
			md := h.Contents.(*protocol.MarkupContent).Value
			for _, w := range tt.want {
				if !strings.Contains(md, w) {
					t.Errorf("hover lacks %q:\n%s", w, md)
				}
			}
		})
	}
}
