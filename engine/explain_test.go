package engine

import (
	"errors"
	"strings"
	"testing"
)

// TestFactorsMultiplyBack checks, for every figure of every example plan,
// that the factors explain prints multiply back to the figure: unrounded =
// full monthly x ramp x (active, or 1 when not prorated), and the figure is
// the unrounded value rounded by the quota's increment.
func TestFactorsMultiplyBack(t *testing.T) {
	for _, dir := range []string{"testdata/handcalc", "../examples/starter", "../examples/saas-fy2027"} {
		t.Run(dir, func(t *testing.T) {
			res, ex := explainDir(t, dir)
			checked := 0
			for _, r := range res.Reps {
				for _, qr := range r.Quotas {
					m := qr.Measure
					q := quotaBlockByLabel(t, ex, qr.Block)
					for i := range res.Periods {
						n, err := ex.Rep(r.ID, m, res.Periods[i].ID, ExplainOptions{})
						if err != nil {
							t.Fatal(err)
						}
						if *n.Number != qr.Periods[i] {
							t.Fatalf("%s %s %s: explained %v, result %v", r.ID, m, res.Periods[i].ID, *n.Number, qr.Periods[i])
						}
						if qr.Factor(i).Active == 0 {
							continue
						}
						f := factorsOf(t, n)
						product := f["full monthly amount"] * f["ramp factor"] * f["active"]
						if !approx(product, f["unrounded"]) {
							t.Errorf("%s %s %s: %v x %v x %v = %v, explained unrounded %v", r.ID, m, res.Periods[i].ID,
								f["full monthly amount"], f["ramp factor"], f["active"], product, f["unrounded"])
						}
						if got := roundTo(f["unrounded"], q.Round); got != *n.Number {
							t.Errorf("%s %s %s: round(%v, %v) = %v, explained %v", r.ID, m, res.Periods[i].ID, f["unrounded"], q.Round, got, *n.Number)
						}
						checked++
					}
				}
			}
			if checked == 0 {
				t.Fatal("no figure checked")
			}
			for _, g := range res.Goals {
				if n, err := ex.Goal(g.ID, ExplainOptions{}); err != nil || len(n.Children) == 0 {
					t.Errorf("goal %s: %v", g.ID, err)
				}
			}
			for _, c := range res.Checks {
				n, err := ex.Check(c.Check, c.Subject, ExplainOptions{})
				if err != nil || n.Value != c.Status {
					t.Errorf("check %s %s: %v (explained %q, result %q)", c.Check, c.Subject, err, n.Value, c.Status)
				}
			}
		})
	}
}

// factorsOf reads the numbers of a period explanation's factor nodes.
func factorsOf(t *testing.T, n *Node) map[string]float64 {
	t.Helper()
	out := map[string]float64{}
	for _, c := range n.Children {
		if c.Number == nil {
			t.Fatalf("factor %q has no number", c.Label)
		}
		label := c.Label
		if strings.HasPrefix(label, "active") {
			label = "active"
		}
		out[label] = *c.Number
	}
	return out
}

func quotaBlockByLabel(t *testing.T, ex *Explainer, label string) *quota {
	x, err := ex.explainer(ExplainOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return x.quotaBlock(label)
}

func TestExplainRepPeriod(t *testing.T) {
	_, ex := explainDir(t, "testdata/handcalc")
	n, err := ex.Rep("bob", "new_arr", "2027-03", ExplainOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"full monthly amount": "32000 USD",
		"ramp factor":         "0.4",
		"active fraction":     "0.516129",
		"unrounded":           "6606.451613",
		"rounded":             "6600 USD",
	}
	for _, c := range n.Children {
		if w, ok := want[c.Label]; ok && c.Value != w {
			t.Errorf("%s = %q, want %q", c.Label, c.Value, w)
		}
	}
	text := dump(n)
	for _, part := range []string{
		"tier 1 of ramp \"standard\" matched (tenure month 1)",
		"16 of 31 days active; cut by start 2027-03-16",
		"rep.ote = 120000",
		"rule: rep.ote * 4",
		"when = true | rule: tenure_month == 1",
	} {
		if !strings.Contains(text, part) {
			t.Errorf("explanation lacks %q:\n%s", part, text)
		}
	}
}

// TestExplainDerived follows an SDR quota to the territory let it reads and
// to the AE quotas that let sums, with the count and largest contributors.
func TestExplainDerived(t *testing.T) {
	_, ex := explainDir(t, "testdata/handcalc")
	n, err := ex.Rep("sam", "meetings", "2027-04", ExplainOptions{})
	if err != nil {
		t.Fatal(err)
	}
	text := dump(n)
	for _, part := range []string{
		"territory.meetings_needed = 263.42",
		"let \"meetings_needed\" (territory scope)",
		"sum(filter(territory.reps, .role == \"AE\"), .quota.new_arr) = 1317100",
		"sum over 3 items",
		"alice = 600000",
		"count(territory.reps, .role == \"SDR\") = 1",
		"var.sdr_buffer = 0.1",
	} {
		if !strings.Contains(text, part) {
			t.Errorf("explanation lacks %q:\n%s", part, text)
		}
	}
}

// TestExplainDepth checks that --depth stops the expansion of lets: at
// depth 1 the let's value is shown but not the sum it was made of.
func TestExplainDepth(t *testing.T) {
	_, ex := explainDir(t, "testdata/handcalc")
	n, err := ex.Rep("sam", "meetings", "2027-04", ExplainOptions{Depth: 1})
	if err != nil {
		t.Fatal(err)
	}
	text := dump(n)
	if !strings.Contains(text, "territory.meetings_needed = 263.42") || strings.Contains(text, "sum over") {
		t.Errorf("depth 1 should show the let's value only:\n%s", text)
	}
}

func TestExplainGoalAndCheck(t *testing.T) {
	_, ex := explainDir(t, "testdata/handcalc")
	g, err := ex.Goal("new_arr", ExplainOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, part := range []string{"target = 1500000", "var.base = 1200000", "assigned = 1623500", "the new_arr quotas of 4 reps over FY", "alice = 600000", "expected = 1650000"} {
		if !strings.Contains(dump(g), part) {
			t.Errorf("goal explanation lacks %q:\n%s", part, dump(g))
		}
	}
	c, err := ex.Check("quota_to_ote", "bob", ExplainOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, part := range []string{"check quota_to_ote · bob = fail", "rep.full_quota.new_arr / rep.ote >= 4 = true", "rep.quota.new_arr / rep.ote >= 3.5 = false", "rep.quota.new_arr = 366600", "message = ramped quota is 3.055x OTE"} {
		if !strings.Contains(dump(c), part) {
			t.Errorf("check explanation lacks %q:\n%s", part, dump(c))
		}
	}
}

func TestExplainUnknown(t *testing.T) {
	_, ex := explainDir(t, "testdata/handcalc")
	tests := []struct {
		name                  string
		call                  func() error
		wantWhat, wantSuggest string
	}{
		{"rep", func() error { _, err := ex.Rep("bobb", "", "", ExplainOptions{}); return err }, "rep", `Did you mean "bob"?`},
		{"measure", func() error { _, err := ex.Rep("bob", "new_ar", "", ExplainOptions{}); return err }, "measure", `Did you mean "new_arr"?`},
		{"period", func() error { _, err := ex.Rep("bob", "new_arr", "2027-13", ExplainOptions{}); return err }, "period", `Did you mean "2027-03"?`},
		{"goal", func() error { _, err := ex.Goal("new", ExplainOptions{}); return err }, "goal", ""},
		{"check", func() error { _, err := ex.Check("quota_to_ot", "bob", ExplainOptions{}); return err }, "check", `Did you mean "quota_to_ote"?`},
		{"subject", func() error { _, err := ex.Check("quota_to_ote", "sam", ExplainOptions{}); return err }, `subject of check "quota_to_ote"`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var ue *UnknownError
			err := tt.call()
			if !errors.As(err, &ue) || ue.What != tt.wantWhat || !strings.Contains(err.Error(), tt.wantSuggest) {
				t.Errorf("err = %v, want unknown %s with %q", err, tt.wantWhat, tt.wantSuggest)
			}
		})
	}
}

// dump renders a tree as "label = value" lines for assertions.
func dump(n *Node) string {
	var b strings.Builder
	var walk func(n *Node, depth int)
	walk = func(n *Node, depth int) {
		b.WriteString(strings.Repeat("  ", depth) + n.Label)
		if n.Value != "" {
			b.WriteString(" = " + n.Value)
		}
		if n.Rule != "" {
			b.WriteString(" | rule: " + n.Rule)
		}
		if n.Note != "" {
			b.WriteString(" | " + n.Note)
		}
		b.WriteByte('\n')
		for _, c := range n.Children {
			walk(c, depth+1)
		}
	}
	walk(n, 0)
	return b.String()
}

// TestExplainCSVLocations checks that values read from imported CSV rows
// are located at their file and line.
func TestExplainCSVLocations(t *testing.T) {
	res, ex := explainDir(t, "../examples/saas-fy2027")
	for _, r := range res.Reps {
		if r.Quota("new_arr") == nil || r.Territory == "" {
			continue
		}
		n, err := ex.Rep(r.ID, "new_arr", "", ExplainOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if text := dumpAt(n); strings.Contains(text, ".csv:") {
			return
		}
	}
	t.Error("no explanation of the saas example names a CSV file and line")
}

// dumpAt renders labels with locations.
func dumpAt(n *Node) string {
	s := n.Label + " @" + n.At + "\n"
	for _, c := range n.Children {
		s += dumpAt(c)
	}
	return s
}
