package plans

import (
	"fmt"
	"testing"

	"github.com/hashicorp/hcl/v2"
)

// loadLet loads a plan whose let "x" has expr = value (written on line 5,
// the value starting at column 10) and returns that rule.
func loadLet(t *testing.T, value string) *Expr {
	t.Helper()
	dir := writeDir(t, withPlan("let \"x\" {\n  expr = "+value+"\n}\n"))
	p, diags := Load(dir, LoadOptions{})
	if diags.HasErrors() || len(p.Lets) != 1 {
		t.Fatalf("load: %v", diags)
	}
	return p.Lets[0].Expr
}

// span formats a range as "line:col-line:col@byte" for compact assertions.
func span(r hcl.Range) string {
	return fmt.Sprintf("%d:%d-%d:%d@%d", r.Start.Line, r.Start.Column, r.End.Line, r.End.Column, r.Start.Byte)
}

func TestExprLocate(t *testing.T) {
	// The let's value starts at file byte 55: basePlan is 36 bytes, then
	// `let "x" {` (10 bytes) and `  expr = ` (9 bytes).
	const valueByte = 36 + 10 + 9
	tests := []struct {
		name       string
		value      string
		text       string
		start, end int
		want       string
	}{
		{"quoted string", `"rep.ote * 4"`, "rep.ote * 4", 4, 7, fmt.Sprintf("5:15-5:18@%d", valueByte+5)},
		{"quoted start", `"rep.ote * 4"`, "rep.ote * 4", 0, 3, fmt.Sprintf("5:11-5:14@%d", valueByte+1)},
		{"non-ASCII counts runes", `"'é' + rep.x"`, "'é' + rep.x", 7, 10, "5:17-5:20@63"},
		{"flush heredoc", "<<-EXPR\n    territory.accounts *\n      rep.ote\n    EXPR", "territory.accounts *\n  rep.ote\n", 23, 26, "7:7-7:10@94"},
		{"flush heredoc first line", "<<-EXPR\n    territory.accounts *\n      rep.ote\n    EXPR", "territory.accounts *\n  rep.ote\n", 0, 9, "6:5-6:14@67"},
		{"flush heredoc with tabs", "<<-EXPR\n\t\ta +\n\t\t  b\n\t\tEXPR", "a +\n  b\n", 6, 7, "7:5-7:6@73"},
		{"heredoc", "<<EXPR\nx +\n  y\nEXPR", "x +\n  y\n", 6, 7, "7:3-7:4@68"},
		{"range spanning lines", "<<-EXPR\n  a +\n  b\n  EXPR", "a +\nb\n", 2, 5, "6:5-7:4@67"},
		{"end of text", `"abc"`, "abc", 3, 3, "5:14-5:14@59"},
		{"clamped", `"abc"`, "abc", -4, 99, "5:11-5:14@56"},
		{"escaped string falls back", `"rep.name == \"x\""`, `rep.name == "x"`, 4, 8, "5:10-5:29@55"},
		{"escaped interpolation falls back", `"$${x}"`, "${x}", 0, 1, "5:10-5:17@55"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := loadLet(t, tc.value)
			if e.Text != tc.text {
				t.Fatalf("text = %q, want %q", e.Text, tc.text)
			}
			if got := span(e.Locate(tc.start, tc.end)); got != tc.want {
				t.Errorf("Locate(%d, %d) = %s, want %s", tc.start, tc.end, got, tc.want)
			}
		})
	}
}

func TestExprLiteralAndSynthetic(t *testing.T) {
	dir := writeDir(t, withPlan("ramp \"r\" {\n  tier {\n    when = \"true\"\n    factor = 0.40\n  }\n}\n"))
	p, diags := Load(dir, LoadOptions{})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	f := p.Ramps[0].Tiers[0].Factor
	if !f.Literal() || f.Text != "0.4" || f.String() != "0.4" || span(f.Locate(0, 1)) != span(f.Range) {
		t.Errorf("literal factor = %+v at %s", f, span(f.Locate(0, 1)))
	}
	rng := hcl.Range{Filename: "x.hcl", Start: hcl.Pos{Line: 3, Column: 2, Byte: 9}, End: hcl.Pos{Line: 3, Column: 6, Byte: 13}}
	e := NewExpr("assert", "a > b", rng)
	if e.Literal() || e.String() != "a > b" || e.Locate(1, 2) != rng {
		t.Errorf("NewExpr = %+v", e)
	}
	var none *Expr
	if none.String() != "" || none.Literal() || none.Locate(0, 1) != (hcl.Range{}) {
		t.Error("nil Expr methods")
	}
}

func TestMessagePieceLocate(t *testing.T) {
	dir := writeDir(t, withPlan("check \"c\" {\n  assert  = \"true\"\n  message = \"ratio {{ rep.ote / 2 }}x and {{rep.id}}\"\n}\n"))
	p, diags := Load(dir, LoadOptions{})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	m := p.Checks[0].Message
	var kinds []string
	for _, piece := range m.Pieces {
		if piece.Expr != nil {
			kinds = append(kinds, "expr:"+piece.Expr.Text)
		} else {
			kinds = append(kinds, "text:"+piece.Text)
		}
	}
	if want := "[text:ratio  expr:rep.ote / 2 text:x and  expr:rep.id]"; fmt.Sprint(kinds) != want {
		t.Fatalf("pieces = %v, want %s", kinds, want)
	}
	// `  message = "ratio {{ ` puts "rep" at column 23 of line 6.
	if got := span(m.Pieces[1].Expr.Locate(4, 7)); got != "6:27-6:30@93" {
		t.Errorf("piece Locate = %s", got)
	}
	if got := span(m.Pieces[1].Expr.Range); got != "6:23-6:34@89" {
		t.Errorf("piece Range = %s", got)
	}
}
