package render

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"

	"github.com/quotaplan/quotaplan/engine"
	"github.com/quotaplan/quotaplan/plans/golden"
)

// TestExplainGolden pins the three explain formats for a figure of the
// hand-computed plan (ramp, proration, rounding) and for a derived SDR
// quota, a goal and a check.
func TestExplainGolden(t *testing.T) {
	m, _, diags := engine.Load("../../testdata/handcalc", engine.Options{})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	res, diags := m.Evaluate(context.Background())
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	ex := m.Explainer(res)
	cases := []struct {
		name string
		node func() (*engine.Node, error)
	}{
		{"rep_period", func() (*engine.Node, error) {
			return ex.Rep("bob", "new_arr", "2027-03", engine.ExplainOptions{})
		}},
		{"rep_fy", func() (*engine.Node, error) { return ex.Rep("carol", "new_arr", "", engine.ExplainOptions{}) }},
		{"derived", func() (*engine.Node, error) {
			return ex.Rep("sam", "meetings", "2027-04", engine.ExplainOptions{})
		}},
		{"goal", func() (*engine.Node, error) { return ex.Goal("new_arr", engine.ExplainOptions{}) }},
		{"check", func() (*engine.Node, error) { return ex.Check("quota_to_ote", "dan", engine.ExplainOptions{}) }},
	}
	for _, c := range cases {
		n, err := c.node()
		if err != nil {
			t.Fatal(err)
		}
		for _, format := range ExplainFormats() {
			t.Run(c.name+"_"+format, func(t *testing.T) {
				ext := map[string]string{"text": "txt", "json": "json", "markdown": "md"}[format]
				var buf bytes.Buffer
				if err := Explain(&buf, format, n); err != nil {
					t.Fatal(err)
				}
				golden.Check(t, filepath.Join("testdata", "explain_"+c.name+"."+ext), buf.Bytes())
			})
		}
	}
}
