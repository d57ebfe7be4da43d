package diff

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/quotaplan/quotaplan/engine"
	"github.com/quotaplan/quotaplan/plans"
	"github.com/quotaplan/quotaplan/plans/golden"
)

// evaluated loads and evaluates the plan directory dir as an Input.
func evaluated(t *testing.T, label, dir string) Input {
	t.Helper()
	m, _, diags := engine.Load(dir, engine.Options{})
	if diags.HasErrors() {
		t.Fatalf("load %s: %v", dir, diags)
	}
	res, diags := m.Evaluate(context.Background())
	if diags.HasErrors() {
		t.Fatalf("evaluate %s: %v", dir, diags)
	}
	return FromPlan(label, m.Plan, res)
}

// rulesReport compares testdata/rules/base with testdata/rules/head: a
// quota's annual rule, a ramp tier's factor, a check's assert and a
// variable's default change and a let is added; the goal and the check's
// where are only written differently.
func rulesReport(t *testing.T) *Report {
	return Compare(evaluated(t, "base", filepath.Join("testdata", "rules", "base")),
		evaluated(t, "head", filepath.Join("testdata", "rules", "head")))
}

// ruleRow is one listed attribute: block, label, attribute, change.
type ruleRow struct{ block, label, attr string }

// rows lists the attributes of r's rule changes with their change.
func rows(r *Report) map[ruleRow]RuleChange {
	out := map[ruleRow]RuleChange{}
	for _, b := range r.Rules {
		for _, a := range b.Attrs {
			out[ruleRow{b.Block, b.Label, a.Attribute}] = a
		}
	}
	return out
}

func TestRulesGolden(t *testing.T) {
	r := rulesReport(t)
	rule := func(kind Kind, old, nu, oldAt, newAt string) RuleChange {
		at := func(s string) Location {
			if s == "" {
				return Location{}
			}
			file, line, _ := strings.Cut(s, ":")
			n, err := strconv.Atoi(line)
			if err != nil {
				t.Fatal(err)
			}
			return Location{File: filepath.Join("testdata", "rules", file), Line: n}
		}
		return RuleChange{Kind: kind, Old: old, New: nu, OldAt: at(oldAt), NewAt: at(newAt)}
	}
	want := map[ruleRow]RuleChange{
		{"check", "quota_to_ote", "assert"}:    rule(Changed, `"rep.full_quota.new_arr / rep.ote <= 5"`, `"rep.full_quota.new_arr / rep.ote <= 5.5"`, "base/rules.hcl:28", "head/rules.hcl:33"),
		{"let", "quota_per_ae", "expr"}:        rule(Added, "", "sum(reps, .full_quota.new_arr ?? 0)\n  / count(reps, .role == 'AE')", "", "head/rules.hcl:40"),
		{"let", "quota_per_ae", "scope"}:       rule(Added, "", `"plan"`, "", "head/rules.hcl:39"),
		{"quota", "new_arr", "annual"}:         rule(Changed, `"rep.ote * 4 * (1 + var.growth)"`, `"rep.ote * 4.5 * (1 + var.growth)"`, "base/rules.hcl:14", "head/rules.hcl:17"),
		{"ramp", "new_hire", "tier[1].factor"}: rule(Changed, "0.4", "0.5", "base/rules.hcl:4", "head/rules.hcl:7"),
		{"variable", "growth", "default"}:      rule(Changed, "0.2", "0.25", "base/plan.hcl:8", "head/plan.hcl:8"),
	}
	got := rows(r)
	for k, w := range want {
		w.Attribute = k.attr
		if g, ok := got[k]; !ok || g != w {
			t.Errorf("%v = %+v\nwant %+v", k, g, w)
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("unexpected rule change %v: %+v", k, got[k])
		}
	}
	if c := r.Counts; c.RulesChanged != 4 || c.BlocksAdded != 1 || c.BlocksRemoved != 0 {
		t.Errorf("counts = %+v, want 4 rules changed and 1 block added", c)
	}
	for _, f := range []struct{ name, format string }{{"rules.txt", "text"}, {"rules.md", "markdown"}, {"rules.json", "json"}} {
		t.Run(f.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Write(&buf, f.format, r, Options{}); err != nil {
				t.Fatal(err)
			}
			golden.Check(t, filepath.Join("testdata", f.name), buf.Bytes())
		})
	}
}

// writePlan writes files (name -> text) into a new directory and loads it.
func writePlan(t *testing.T, files map[string]string) *plans.Plan {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	p, diags := plans.Load(dir, plans.LoadOptions{})
	if diags.HasErrors() {
		t.Fatalf("load: %v", diags)
	}
	return p
}

// planBase is the plan the TestRuleChanges cases edit.
const planBase = `plan "fy" {
  start = "2027-01-01"
}

variable "growth" {
  default = 0.2
}

rep "alice" {
  role = "AE"
  ote  = 100000
}

territory "west" {
  name = "West"
}

import "reps" {
  csv = "a.csv"
}

ramp "new_hire" {
  tier {
    when   = "tenure_month == 1"
    factor = 0.4
  }
}

quota "new_arr" {
  annual = "rep.ote * 4"
}

check "ote" {
  scope  = "rep"
  assert = "rep.ote > 0"
}
`

func TestRuleChanges(t *testing.T) {
	tests := []struct {
		name string
		edit func(string) string
		want []string // "kind block label attribute kind" per attribute, "kind block label" for a block without attributes
	}{
		{
			name: "written differently",
			edit: func(s string) string {
				s = strings.Replace(s, `annual = "rep.ote * 4"`, "annual = <<-EXPR\n    rep.ote*4\n  EXPR", 1)
				s = strings.Replace(s, `default = 0.2`, `default = 0.20`, 1)
				s = strings.Replace(s, `assert = "rep.ote > 0"`, `assert = "rep.ote  >  0"`, 1)
				return "# a comment\n" + s
			},
		},
		{
			name: "reps and territories are left to their own sections",
			edit: func(s string) string {
				s = strings.Replace(s, `ote  = 100000`, `ote  = 120000`, 1)
				return strings.Replace(s, `name = "West"`, `name = "West Coast"`, 1)
			},
		},
		{
			name: "attribute added and removed",
			edit: func(s string) string {
				s = strings.Replace(s, `annual = "rep.ote * 4"`, "annual = \"rep.ote * 4\"\n  round = 1000", 1)
				return strings.Replace(s, "  scope  = \"rep\"\n", "", 1)
			},
			want: []string{"changed check ote scope removed", "changed quota new_arr round added"},
		},
		{
			name: "tier added",
			edit: func(s string) string {
				return strings.Replace(s, "    factor = 0.4\n  }\n", "    factor = 0.4\n  }\n  tier {\n    when   = \"tenure_month == 2\"\n    factor = 0.7\n  }\n", 1)
			},
			want: []string{"changed ramp new_hire tier[2].factor added", "changed ramp new_hire tier[2].when added"},
		},
		{
			name: "block removed, empty block added",
			edit: func(s string) string {
				s = strings.Replace(s, "check \"ote\" {\n  scope  = \"rep\"\n  assert = \"rep.ote > 0\"\n}\n", "", 1)
				return s + "\nvariable \"seats\" {}\n"
			},
			want: []string{"removed check ote assert removed", "removed check ote scope removed", "added variable seats"},
		},
		{
			name: "plan renamed",
			edit: func(s string) string {
				return strings.Replace(strings.Replace(s, `plan "fy"`, `plan "fy2"`, 1), `start = "2027-01-01"`, `start = "2027-02-01"`, 1)
			},
			want: []string{"changed plan fy2 start changed"},
		},
		{
			name: "a second import of the same kind",
			edit: func(s string) string { return s + "\nimport \"reps\" {\n  csv = \"b.csv\"\n}\n" },
			want: []string{"added import reps#2 csv added"},
		},
	}
	csv := map[string]string{"a.csv": "id,role,ote\nbob,AE,90000\n", "b.csv": "id,role,ote\ncarol,AE,80000\n"}
	load := func(text string) []Block {
		files := map[string]string{"plan.hcl": text}
		for k, v := range csv {
			files[k] = v
		}
		return blocksOf(writePlan(t, files))
	}
	base := load(planBase)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, b := range ruleChanges(base, load(tt.edit(planBase))) {
				if len(b.Attrs) == 0 {
					got = append(got, string(b.Kind)+" "+b.Block+" "+b.Label)
				}
				for _, a := range b.Attrs {
					got = append(got, string(b.Kind)+" "+b.Block+" "+b.Label+" "+a.Attribute+" "+string(a.Kind))
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("rule changes = %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestWrittenText(t *testing.T) {
	p := writePlan(t, map[string]string{"plan.hcl": `plan "fy" {
  start = "2027-01-01"
}

variable "growth" {
  default = 0.2
}

variable "seats" {
  default = 1
}

scenario "stretch" {
  vars = {
    growth = 0.35
    seats  = 4
  }
}

let "x" {
  expr = <<-EXPR
    1 +
      2
  EXPR
}

check "c" {
  assert = <<EOT
true
EOT
}
`})
	want := map[string]string{
		"scenario stretch vars":   "{\n  growth = 0.35\n  seats  = 4\n}",
		"let x expr":              "1 +\n  2",
		"check c assert":          "true",
		"plan fy start":           `"2027-01-01"`,
		"variable growth default": "0.2",
		"variable seats default":  "1",
	}
	got := map[string]string{}
	for _, b := range blocksOf(p) {
		for _, a := range b.Attrs {
			got[b.Type+" "+b.Label+" "+a.Name] = a.Text
		}
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s = %q, want %q", k, got[k], w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("attributes = %q, want the %d of %q", got, len(want), want)
	}
}

func TestNormalRule(t *testing.T) {
	tests := []struct{ in, want string }{
		{"rep.ote * 4", "rep.ote*4"},
		{"  rep.ote\n    *  4\n", "rep.ote*4"},
		{"a and  b", "a and b"},
		{"f( a , b )", "f(a,b)"},
		{"x < -1", "x< -1"},
		{"rep.role == 'A  E'", "rep.role=='A  E'"},
		{`"a \" b"  +  c`, `"a \" b"+c`},
		{"`raw  \\` + d", "`raw  \\`+d"},
		{"count(reps, .role == 'SDR')", "count(reps,.role=='SDR')"},
		{"not x", "not x"},
	}
	for _, tt := range tests {
		if got := normalRule(tt.in); got != tt.want {
			t.Errorf("normalRule(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestAttrOrder(t *testing.T) {
	names := []string{"tier[10].when", "tier[2].factor", "b", "tier[2].when", "a", "tier[1].when"}
	slices.SortFunc(names, attrOrder)
	want := []string{"a", "b", "tier[1].when", "tier[2].factor", "tier[2].when", "tier[10].when"}
	if !slices.Equal(names, want) {
		t.Errorf("sorted = %q, want %q", names, want)
	}
}

// TestRulesWithSavedResult: when a side is a saved result there is no rule
// comparison, and no format says anything about rules.
func TestRulesWithSavedResult(t *testing.T) {
	head := evaluated(t, "head", filepath.Join("testdata", "rules", "head"))
	r := Compare(FromResult("base.json", head.Result), head)
	if r.RulesCompared || len(r.Rules) > 0 || r.Changed() {
		t.Fatalf("rules compared = %v, rules = %+v, changed = %v; want none", r.RulesCompared, r.Rules, r.Changed())
	}
	for _, format := range Formats() {
		var buf bytes.Buffer
		if err := Write(&buf, format, r, Options{}); err != nil {
			t.Fatal(err)
		}
		if format == "json" {
			var doc map[string]any
			if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
				t.Fatal(err)
			}
			if rules, ok := doc["rules"]; !ok || rules != nil {
				t.Errorf("json rules = %v (present %v), want null", rules, ok)
			}
			continue
		}
		if strings.Contains(strings.ToLower(buf.String()), "rule") {
			t.Errorf("%s output mentions rules:\n%s", format, buf.String())
		}
	}
	same := Compare(head, head)
	if !same.RulesCompared || len(same.Rules) > 0 || same.Summary() != "Plan: no changes" {
		t.Errorf("a plan against itself: compared %v, rules %+v, summary %q", same.RulesCompared, same.Rules, same.Summary())
	}
}

func TestRelabelInput(t *testing.T) {
	root := filepath.Join(string(filepath.Separator), "tmp", "quotaplan-diff-1")
	tree := &GitTree{Root: root, Dir: filepath.Join(root, "plans"), Label: "main:plans", ref: "main", prefix: "main:plans/"}
	in := Input{Blocks: []Block{{
		Type: "quota", Label: "q", At: Location{File: filepath.Join(root, "plans", "q.hcl"), Line: 1},
		Attrs: []BlockAttr{{Name: "annual", At: Location{File: filepath.Join(root, "plans", "q.hcl"), Line: 2}}},
	}}}
	out := tree.RelabelInput(in)
	if got := out.Blocks[0].At.String(); got != "main:plans/q.hcl:1" {
		t.Errorf("block at %q, want main:plans/q.hcl:1", got)
	}
	if got := out.Blocks[0].Attrs[0].At.String(); got != "main:plans/q.hcl:2" {
		t.Errorf("attribute at %q, want main:plans/q.hcl:2", got)
	}
	if in.Blocks[0].Attrs[0].At.File == out.Blocks[0].Attrs[0].At.File {
		t.Error("RelabelInput changed its argument's attributes")
	}
	if tree.RelabelInput(Input{}).Blocks != nil {
		t.Error("an Input without blocks gained some")
	}
}

// TestRuleChangesInWaiverFile reports a changed waive block that has a
// file of its own: the files the comparison reads again include those
// that hold only waivers.
func TestRuleChangesInWaiverFile(t *testing.T) {
	load := func(reason string) []Block {
		return blocksOf(writePlan(t, map[string]string{
			"plan.hcl": planBase, "a.csv": "id,role,ote\nbob,AE,90000\n", "b.csv": "id,role,ote\ncarol,AE,80000\n",
			"waivers.hcl": "waive \"bob_ote\" {\n  check   = \"ote\"\n  subject = \"bob\"\n  reason  = \"" + reason + "\"\n  until   = \"2027-06-30\"\n}\n",
		}))
	}
	var got []string
	for _, b := range ruleChanges(load("new hire"), load("new hire, until Q2")) {
		for _, a := range b.Attrs {
			got = append(got, string(b.Kind)+" "+b.Block+" "+b.Label+" "+a.Attribute+" "+string(a.Kind))
		}
	}
	if want := []string{"changed waive bob_ote reason changed"}; !slices.Equal(got, want) {
		t.Errorf("rule changes = %q, want %q", got, want)
	}
}
