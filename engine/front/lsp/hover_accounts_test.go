package lsp

import (
	"os"
	"path/filepath"
	"slices"
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

// TestCompleteAccounts completes account columns in the carve rule and
// in a predicate over a territory's book.
func TestCompleteAccounts(t *testing.T) {
	files := map[string]string{}
	for _, name := range []string{"plan.hcl", "data/accounts.csv", "data/moves.csv"} {
		b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "accounts", name))
		if err != nil {
			t.Fatal(err)
		}
		files[name] = string(b)
	}
	base := files["plan.hcl"]
	dir := writePlan(t, files)
	plan := filepath.Join(dir, "plan.hcl")
	c := connect(t, Options{})
	c.open(plan, base)
	c.waitDiags(plan, func(*protocol.PublishDiagnosticsParams) bool { return true })
	rule := `territory = "account.country == 'US' ? (account.state == 'NY' ? 'na-east' : 'na-west') : (account.country == 'DE' ? 'emea' : nil)"`
	for _, tt := range []struct {
		name, from, to string
		want, not      []string
	}{
		{"account. in the carve", rule, `territory = "account.|"`, []string{"id", "country", "state", "potential", "territory"}, []string{"region", "reps"}},
		{"a bare name in the carve", rule, `territory = "|"`, []string{"account", "var", "territories"}, []string{"rep", "period"}},
		{"the item of a book", `expr  = "sum(territory.book, .potential)"`, `expr  = "sum(territory.book, .|"`, []string{"potential", "country"}, []string{"reps"}},
		{"territory. offers book", `expr  = "sum(territory.book, .potential)"`, `expr  = "territory.|"`, []string{"book", "reps", "region"}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			text := strings.Replace(base, tt.from, tt.to, 1)
			pos := at(t, text, "|", 0)
			c.change(plan, strings.Replace(text, "|", "", 1))
			res, err := c.server.Completion(ctx(t), &protocol.CompletionParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
				TextDocument: doc(plan), Position: pos}})
			if err != nil {
				t.Fatal(err)
			}
			list, ok := res.(*protocol.CompletionList)
			if !ok {
				t.Fatalf("result = %T, want a list", res)
			}
			var got []string
			for _, item := range list.Items {
				got = append(got, item.Label)
			}
			for _, w := range tt.want {
				if !slices.Contains(got, w) {
					t.Errorf("no item %q in %q", w, got)
				}
			}
			for _, n := range tt.not {
				if slices.Contains(got, n) {
					t.Errorf("item %q should not be offered: %q", n, got)
				}
			}
		})
	}
}
