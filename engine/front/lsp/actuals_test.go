package lsp

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"go.lsp.dev/protocol"

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

// TestCompletionInActualBlock: a rule of an actual block completes the
// deal row's columns after "deal.".
func TestCompletionInActualBlock(t *testing.T) {
	const planText = `plan "p" {
  start = "2027-01-01"
}

import "deals" {
  csv = "deals.csv"
}

rep "alice" {
  role = "AE"
}

quota "new_arr" {
  annual = "120000"
}

actual "new_arr" {
  date   = "deal.closed"
  amount = "deal.amount"
  rep    = "deal.|"
}
`
	dir := writePlan(t, map[string]string{"plan.hcl": strings.Replace(planText, "|", "owner", 1), "deals.csv": "id,owner,closed,amount\nD1,alice,2027-01-05,100\n"})
	plan := filepath.Join(dir, "plan.hcl")
	c := connect(t, Options{})
	c.open(plan, strings.Replace(planText, "|", "owner", 1))
	c.waitDiags(plan, func(*protocol.PublishDiagnosticsParams) bool { return true })
	pos := at(t, planText, "|", 0)
	c.change(plan, strings.Replace(planText, "|", "", 1))
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
	for _, want := range []string{"id", "owner", "closed", "amount"} {
		if !slices.Contains(got, want) {
			t.Errorf("no item %q in %q", want, got)
		}
	}
}
