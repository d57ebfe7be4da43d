package lsp

import (
	"path/filepath"
	"strings"
	"testing"

	"go.lsp.dev/protocol"
)

// yearPlan has a transfer, a relief and a change dated inside a month
// once edited.
const yearPlan = `plan "fy2027" {
  start = "2027-01-01"
}
territory "west" {}
territory "east" {}
rep "bob" {
  territory = "west"
  ote       = 100000
  change "2027-07-01" {
    territory = "east"
  }
}
quota "new_arr" {
  annual = "rep.ote * 12"
}
adjust "acme" {
  rep     = "bob"
  measure = "new_arr"
  period  = "2027-09"
  amount  = -25000
  reason  = "Acme moved to strategic accounts"
}
`

func TestHoverTimeline(t *testing.T) {
	dir := writePlan(t, map[string]string{"plan.hcl": yearPlan})
	plan := filepath.Join(dir, "plan.hcl")
	c := connect(t, Options{})
	c.open(plan, yearPlan)
	c.waitDiags(plan, func(*protocol.PublishDiagnosticsParams) bool { return true })
	h, err := c.server.Hover(ctx(t), &protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
		TextDocument: doc(plan), Position: at(t, yearPlan, `rep "bob"`, 1)}})
	if err != nil || h == nil {
		t.Fatalf("hover = %v, %v", h, err)
	}
	md := h.Contents.(*protocol.MarkupContent).Value
	// 1,200,000 a year is 100,000 a month; September is relieved by 25,000.
	for _, want := range []string{"Timeline:", "- 2027-01..2027-06: as declared",
		"- 2027-07..2027-12: territory = east (" + plan + ":9)",
		"- 2027-09: new_arr adjusted by -25,000, Acme moved to strategic accounts (" + plan + ":16)",
		"| new_arr (USD) | 300,000 | 300,000 | 275,000 | 300,000 | **1,175,000** |"} {
		if !strings.Contains(md, want) {
			t.Errorf("hover lacks %q:\n%s", want, md)
		}
	}
}

func TestYearDiagnostics(t *testing.T) {
	dir := writePlan(t, map[string]string{"plan.hcl": yearPlan})
	plan := filepath.Join(dir, "plan.hcl")
	c := connect(t, Options{})
	c.open(plan, yearPlan)
	c.waitDiags(plan, func(*protocol.PublishDiagnosticsParams) bool { return true })
	edited := strings.Replace(yearPlan, `change "2027-07-01"`, `change "2027-07-15"`, 1)
	edited = strings.Replace(edited, `period  = "2027-09"`, `period  = "2027-13"`, 1)
	c.change(plan, edited)
	got := c.waitDiags(plan, func(p *protocol.PublishDiagnosticsParams) bool { return len(errorsOf(p)) > 0 })
	var msgs []string
	for _, d := range errorsOf(got) {
		msgs = append(msgs, message(d))
	}
	all := strings.Join(msgs, "\n")
	for _, want := range []string{"Change inside a month", `Use "2027-07-01"`, "Unknown adjustment period"} {
		if !strings.Contains(all, want) {
			t.Errorf("diagnostics lack %q:\n%s", want, all)
		}
	}
	// An error found only by evaluating: a relief larger than the month.
	c.change(plan, strings.Replace(yearPlan, `amount  = -25000`, `amount  = -250000`, 1))
	got = c.waitDiags(plan, func(p *protocol.PublishDiagnosticsParams) bool {
		for _, d := range errorsOf(p) {
			if strings.Contains(message(d), "negative") {
				return true
			}
		}
		return false
	})
	for _, d := range errorsOf(got) {
		if strings.Contains(message(d), "negative") && d.Range.Start.Line != 19 {
			t.Errorf("the negative relief is reported at line %d, want the amount (line 20)", d.Range.Start.Line+1)
		}
	}
}
