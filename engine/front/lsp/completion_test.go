package lsp

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"go.lsp.dev/protocol"

	"github.com/quotaplan/quotaplan/rules"
)

// completionPlan adds variables, lets of every scope, a second measure and
// a ramp to the CSV plan.
const completionPlan = csvPlanText + `
variable "growth" {
  default = 0.25
}

let "multiple" {
  scope = "rep"
  expr  = "rep.ote == nil ? 0 : rep.full_quota.new_arr / rep.ote"
}

let "capacity" {
  scope = "territory"
  expr  = "len(territory.reps) * 2"
}

let "headcount" {
  expr = "len(reps)"
}

quota "meetings" {
  unit       = "meetings"
  applies_to = "rep.role == 'SDR'"
  annual     = "100"
}

ramp "std" {
  tier {
    when   = "tenure_month == 1"
    factor = 0.5
  }
}
`

// completionReps has a column that no HCL rep has.
const completionReps = "id,name,role,territory,manager,ote,pipeline\n" +
	"alice,Alice Chen,AE,east,maria,150000,900000\n" +
	"bob,Bob Okafor,SDR,west,alice,100000,\n"

func TestCompletion(t *testing.T) {
	dir := writePlan(t, map[string]string{"plan.hcl": completionPlan, "data/reps.csv": completionReps, "data/territories.csv": csvTerritories})
	plan := filepath.Join(dir, "plan.hcl")
	c := connect(t, Options{})
	c.open(plan, completionPlan)
	p := c.waitDiags(plan, func(*protocol.PublishDiagnosticsParams) bool { return true })
	if errs := errorsOf(p); len(errs) > 0 {
		t.Fatalf("the plan does not evaluate: %+v", errs)
	}
	repNames := []string{"id", "name", "role", "territory", "manager", "ote", "pipeline", "quota", "full_quota", "team", "reports", "multiple"}
	bare := []string{"rep", "territory", "manager", "var", "plan", "reps", "territories", "periods", "quota", "sum", "count", "round", "true", "nil"}
	tests := []struct {
		name  string
		block string // added to the plan; | marks the cursor
		want  []string
		not   []string // also absent; nil with want nil: no item at all
	}{
		{"rep. in a quota", `quota "x" {
  annual = "rep.|"
}`, repNames, []string{"growth", "capacity", "headcount", "sum"}},
		{"rep. in a comp's target_pay", `comp "x" {
  target_pay = "rep.|"
}`, repNames, []string{"growth", "capacity", "sum"}},
		{"var.", `quota "x" {
  annual = "rep.ote * var.|"
}`, []string{"growth"}, []string{"ote", "rep"}},
		{"rep.quota.", `quota "x" {
  annual = "rep.quota.|"
}`, []string{"meetings", "new_arr"}, []string{"ote", "id"}},
		{"manager.full_quota. with a prefix", `quota "x" {
  annual = "manager.full_quota.ne|"
}`, []string{"meetings", "new_arr"}, nil},
		{"a bare identifier in rep scope", `quota "x" {
  annual = "rep.ote * |"
}`, bare, []string{"period", "tenure_month", "active", "now", "goal"}},
		{"a bare identifier being typed", `quota "x" {
  applies_to = "ro|"
}`, bare, []string{"period"}},
		{"a bare identifier in rep-period scope", `ramp "r" {
  tier {
    when = "|"
  }
}`, append([]string{"period", "tenure_month", "active"}, bare...), []string{"goal"}},
		{"period. in a monthly rule", `quota "x" {
  monthly = "period.|"
}`, []string{"id", "index", "month", "quarter", "workdays"}, []string{"ote"}},
		{"period. in rep scope", `quota "x" {
  annual = "period.|"
}`, nil, nil},
		{"a bare identifier in plan scope", `test "t" {
  assert = "|"
}`, []string{"var", "plan", "reps", "quota", "all"}, []string{"rep", "territory", "manager", "period"}},
		{"territory. in a territory let", `let "x" {
  scope = "territory"
  expr  = "territory.|"
}`, []string{"id", "quota", "reps", "name", "parent", "capacity"}, []string{"multiple", "ote"}},
		{"territory.quota.", `check "x" {
  scope  = "territory"
  assert = "territory.quota.|"
}`, []string{"meetings", "new_arr"}, nil},
		{"plan. in a goal target", `goal "g" {
  target = "plan.|"
}`, []string{"id", "title", "start", "months", "currency", "headcount"}, []string{"multiple"}},
		{"the item of a predicate", `let "x" {
  expr = "count(reps, .|"
}`, repNames, []string{"growth"}},
		{"the quota of a predicate's item", `let "x" {
  expr = "sum(rep.team, .quota.|"
}`, []string{"meetings", "new_arr"}, []string{"ote"}},
		{"the item of a predicate over territories", `let "x" {
  expr = "sum(territories, .|"
}`, []string{"capacity", "parent"}, []string{"ote"}},
		{"a check message piece", `check "x" {
  scope   = "rep"
  assert  = "true"
  message = "quota is {{ rep.|"
}`, repNames, nil},
		{"a check message outside its pieces", `check "x" {
  assert  = "true"
  message = "{{ 1 }} quota is |"
}`, nil, nil},
		{"a heredoc", `quota "x" {
  annual = <<-EXPR
    var.growth * var.|
  EXPR
}`, []string{"growth"}, nil},
		{"a string that is not closed yet", `quota "x" {
  annual = "var.|
}`, []string{"growth"}, nil},
		{"a string literal inside the rule", `quota "x" {
  applies_to = "rep.role == 'rep.|'"
}`, nil, nil},
		{"a comment inside the rule", `quota "x" {
  annual = <<-EXPR
    1 // rep.|
  EXPR
}`, nil, nil},
		{"an attribute that is not a rule", `rep "x" {
  name = "rep.|"
}`, nil, nil},
		{"after the closing quote", `quota "x" {
  annual = "rep.ote"|
}`, nil, nil},
		{"a number", `quota "x" {
  annual = "1.|"
}`, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := completionPlan + "\n" + tt.block + "\n"
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
			if tt.want == nil && tt.not == nil && len(got) > 0 {
				t.Errorf("items %q, want none", got)
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

// TestCompletionDetails checks what completion says of a variable, a
// measure and a rep attribute, and that an item appears once.
func TestCompletionDetails(t *testing.T) {
	sn := &snapshot{}
	names := mergeNames(sn.planNames(), documentNames(parseBlocks([]byte(completionPlan), "plan.hcl")))
	items := names.complete(rules.ScopeRep, []string{"var"}, "var.")
	if len(items) != 1 || items[0].Label != "growth" || get(items[0].Detail) != "variable" || items[0].Kind != protocol.CompletionItemKindVariable {
		t.Errorf("var. items = %+v", items)
	}
	items = names.complete(rules.ScopeRep, []string{"rep", "quota"}, "rep.quota.")
	if len(items) != 2 || items[0].Label != "meetings" || get(items[0].Detail) != "measure (meetings)" || items[1].Label != "new_arr" {
		t.Errorf("rep.quota. items = %+v", items)
	}
	items = names.complete(rules.ScopeRep, []string{"rep"}, "rep.")
	var labels []string
	for _, it := range items {
		labels = append(labels, it.Label)
	}
	// the fields every rep has, then the attributes, then the lets
	if got, want := strings.Join(labels, " "), "id quota full_quota reports team manager name ote role territory multiple"; got != want {
		t.Errorf("rep. items = %s, want %s", got, want)
	}
}

func TestChainAt(t *testing.T) {
	tests := []struct {
		code  string
		chain []string
		ok    bool
	}{
		{"", nil, true},
		{"ro", nil, true},
		{"rep.", []string{"rep"}, true},
		{"rep.quota.ne", []string{"rep", "quota"}, true},
		{"rep?.quota.", []string{"rep", "quota"}, true},
		{"count(reps, .", []string{""}, true},
		{"map(reps, #.", []string{""}, true},
		{"x + 1.", nil, false},
		{"1..", nil, false},
		{"reps[0].", nil, false},
		{"12", nil, false},
	}
	for _, tt := range tests {
		chain, ok := chainAt(tt.code)
		if ok != tt.ok || !slices.Equal(chain, tt.chain) {
			t.Errorf("chainAt(%q) = %q, %v; want %q, %v", tt.code, chain, ok, tt.chain, tt.ok)
		}
	}
}
