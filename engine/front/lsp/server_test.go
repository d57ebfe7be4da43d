package lsp

import (
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"go.lsp.dev/protocol"

	"github.com/quotaplan/quotaplan/plans"
)

const planText = `plan "fy2027" {
  title    = "FY2027"
  start    = "2027-02-01"
  currency = "USD"
}

territory "west" {
  name = "West"
}

rep "zoe" {
  name      = "Zoë 🚀"
  role      = "AE"
  territory = "west"
  manager   = "alice"
  ote       = 150000
}

import "reps" {
  csv = "data/reps.csv"
}

ramp "std" {
  tier {
    when   = "tenure_month == 1"
    factor = 0.5
  }
}

quota "new_arr" {
  applies_to = "rep.name == 'Zoë 🚀' || rep.role == 'AE'"
  annual     = "rep.ote * 4"
  ramp       = "std"
}

goal "new_arr" {
  measure    = "new_arr"
  target     = 1500000
  overassign = 0.1
}

check "quota_cap" {
  scope    = "rep"
  where    = "rep.role == 'AE'"
  assert   = "rep.quota.new_arr <= 500000"
  severity = "warning"
  message  = "quota is {{ rep.quota.new_arr }}"
}
`

const repsCSV = "id,name,role,territory,ote\nalice,Alice Chen,AE,west,150000\nbob,Bob Okafor,AE,west,100000\n"

// openPlan opens the test plan in a new server and waits for its first
// diagnostics.
func openPlan(t *testing.T) (c *testClient, plan, csv string) {
	t.Helper()
	dir := writePlan(t, map[string]string{"plan.hcl": planText, "data/reps.csv": repsCSV})
	plan, csv = filepath.Join(dir, "plan.hcl"), filepath.Join(dir, "data", "reps.csv")
	c = connect(t, Options{})
	c.open(plan, planText)
	c.waitDiags(plan, func(*protocol.PublishDiagnosticsParams) bool { return true })
	return c, plan, csv
}

// errorsOf returns the plan errors of a publication (not check results).
func errorsOf(p *protocol.PublishDiagnosticsParams) []protocol.Diagnostic {
	var out []protocol.Diagnostic
	for _, d := range p.Diagnostics {
		if get(d.Source) == "quotaplan" {
			out = append(out, d)
		}
	}
	return out
}

// message is the text of a diagnostic.
func message(d protocol.Diagnostic) string {
	if s, ok := d.Message.(protocol.String); ok {
		return string(s)
	}
	return ""
}

// at is the position of the first occurrence of needle in text, plus
// shift UTF-16 units.
func at(t *testing.T, text, needle string, shift int) protocol.Position {
	t.Helper()
	i := strings.Index(text, needle)
	if i < 0 {
		t.Fatalf("%q not in the text", needle)
	}
	line := strings.Count(text[:i], "\n")
	start := strings.LastIndex(text[:i], "\n") + 1
	return protocol.Position{Line: uint32(line), Character: uint32(len(utf16.Encode([]rune(text[start:i]))) + shift)}
}

func TestDiagnosticsAppearAndClear(t *testing.T) {
	c, plan, csv := openPlan(t)

	broken := strings.Replace(planText, "rep.role == 'AE'\"\n  annual", "rep.rol == 'AE'\"\n  annual", 1)
	v := c.change(plan, broken)
	p := c.waitDiags(plan, func(p *protocol.PublishDiagnosticsParams) bool { return get(p.Version) == v })
	errs := errorsOf(p)
	if len(errs) != 1 {
		t.Fatalf("got %d errors, want 1: %+v", len(errs), p.Diagnostics)
	}
	// The line holds "ë" (one UTF-16 unit, two bytes) and "🚀" (two units,
	// four bytes) before the error: columns must count UTF-16 units.
	want := protocol.Range{Start: at(t, broken, "rol ==", 0), End: at(t, broken, "rol ==", 3)}
	if errs[0].Range != want {
		t.Errorf("error at %+v, want %+v (%s)", errs[0].Range, want, message(errs[0]))
	}
	if errs[0].Severity != protocol.DiagnosticSeverityError || !strings.Contains(message(errs[0]), `Did you mean "role"?`) {
		t.Errorf("error = %v %q", errs[0].Severity, message(errs[0]))
	}

	v = c.change(plan, planText)
	p = c.waitDiags(plan, func(p *protocol.PublishDiagnosticsParams) bool { return get(p.Version) == v })
	if errs := errorsOf(p); len(errs) != 0 {
		t.Errorf("errors not cleared after the fix: %+v", errs)
	}

	// An unsaved data file is evaluated too, and its errors land on it.
	c.open(csv, repsCSV+"carol,Carol,AE,nowhere,1\n")
	p = c.waitDiags(csv, func(p *protocol.PublishDiagnosticsParams) bool { return len(errorsOf(p)) > 0 })
	if got := at(t, repsCSV+"carol,Carol,AE,nowhere,1\n", "nowhere", 0); p.Diagnostics[0].Range.Start != got {
		t.Errorf("CSV error at %+v, want %+v", p.Diagnostics[0].Range.Start, got)
	}
	c.change(csv, repsCSV)
	c.waitDiags(csv, func(p *protocol.PublishDiagnosticsParams) bool { return len(errorsOf(p)) == 0 })
}

func TestCheckDiagnostics(t *testing.T) {
	c, plan, _ := openPlan(t)
	v := c.change(plan, planText+"\n")
	p := c.waitDiags(plan, func(p *protocol.PublishDiagnosticsParams) bool { return get(p.Version) == v })
	var found bool
	for _, d := range p.Diagnostics {
		if get(d.Source) == "quotaplan check" && strings.HasPrefix(message(d), `Check "quota_cap" failed for`) {
			found = true
			want := `Check "quota_cap" failed for 2 subjects:` + "\n- alice: quota is 600000\n- zoe: quota is 600000"
			if message(d) != want || d.Severity != protocol.DiagnosticSeverityWarning {
				t.Errorf("check diagnostic = %v %q, want %q", d.Severity, message(d), want)
			}
			if d.Range.Start != at(t, planText, `check "quota_cap"`, 0) {
				t.Errorf("check diagnostic at %+v", d.Range.Start)
			}
		}
	}
	if !found {
		t.Errorf("no diagnostic for the failed check: %+v", p.Diagnostics)
	}
}

func TestHover(t *testing.T) {
	c, plan, _ := openPlan(t)
	tests := []struct {
		name, at string
		want     []string // substrings of the hover; nil for no hover
	}{
		{"rep", `rep "zoe"`, []string{"**rep zoe** · Zoë 🚀 · AE · territory west · manager alice",
			"| measure | Q1 | Q2 | Q3 | Q4 | FY | full |", "| new_arr (USD) | 150,000 | 150,000 | 150,000 | 150,000 | **600,000** | 600,000 |",
			"Failing checks:", "- `quota_cap` (warning): quota is 600000"}},
		{"attribute of a rep", `ote       = 150000`, []string{"**rep zoe**"}},
		{"quota", `annual     = "rep.ote * 4"`, []string{"**quota new_arr** · measure `new_arr` (USD)",
			"Applies to 3 of 3 reps · FY total **1,600,000** · full productivity 1,600,000", "Goal `new_arr`: 1.07x"}},
		{"goal", `target     = 1500000`, []string{"| 1,500,000 | 1,600,000 | **1.07x** | 1,650,000 (1.10x) |", "3 reps"}},
		{"ramp", `ramp "std"`, []string{"Used by quota `new_arr` · 0 reps ramping of 3 · ramped rep equivalents 3"}},
		{"territory", `territory "west"`, []string{"**territory west** · West", "3 reps in the roll-up", "new_arr: **1,600,000** USD"}},
		{"check", `check "quota_cap"`, []string{"**check quota_cap** · 1 passed · 2 failed"}},
		{"plan", `title    = "FY2027"`, []string{"**plan fy2027**", "3 reps · 1 territory"}},
		{"between blocks", "\nterritory", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, err := c.server.Hover(ctx(t), &protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
				TextDocument: doc(plan), Position: at(t, planText, tt.at, 1)}})
			if err != nil {
				t.Fatal(err)
			}
			if tt.want == nil {
				if h != nil {
					t.Errorf("hover = %+v, want none", h)
				}
				return
			}
			if h == nil {
				t.Fatal("no hover")
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

func TestDefinition(t *testing.T) {
	c, plan, csv := openPlan(t)
	tests := []struct {
		name, at string
		file     string
		want     protocol.Position
	}{
		{"territory", `= "west"`, plan, at(t, planText, `territory "west"`, 0)},
		{"manager in a CSV row", `= "alice"`, csv, protocol.Position{Line: 1}},
		{"ramp", `= "std"`, plan, at(t, planText, `ramp "std"`, 0)},
		{"goal measure", `measure    = "new_arr"`, plan, at(t, planText, `quota "new_arr"`, 0)},
		{"not a reference", `= "AE"`, "", protocol.Position{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := c.server.Definition(ctx(t), &protocol.DefinitionParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
				TextDocument: doc(plan), Position: at(t, planText, tt.at, 4)}})
			if err != nil {
				t.Fatal(err)
			}
			locs, _ := res.(protocol.LocationSlice)
			if tt.file == "" {
				if len(locs) != 0 {
					t.Errorf("definition = %+v, want none", locs)
				}
				return
			}
			if len(locs) != 1 || pathOf(locs[0].URI) != tt.file || locs[0].Range.Start != tt.want {
				t.Errorf("definition = %+v, want %s at %+v", locs, filepath.Base(tt.file), tt.want)
			}
		})
	}
}

func TestDocumentSymbol(t *testing.T) {
	c, plan, _ := openPlan(t)
	res, err := c.server.DocumentSymbol(ctx(t), &protocol.DocumentSymbolParams{TextDocument: doc(plan)})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range res.(protocol.DocumentSymbolSlice) {
		got = append(got, *s.Detail+" "+s.Name)
		for _, child := range s.Children {
			got = append(got, "  "+child.Name)
		}
	}
	want := []string{"plan fy2027", "territory west", "rep zoe", "import reps", "ramp std", "  tier",
		"quota new_arr", "goal new_arr", "check quota_cap"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("symbols:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestFormatting(t *testing.T) {
	c, plan, _ := openPlan(t)
	ugly := strings.Replace(planText, `  title    = "FY2027"`, `title="FY2027"`, 1)
	tests := []struct {
		name, text string
		want       string // the formatted text; "" for no edit
	}{
		{"formatted already", planText, ""},
		{"misaligned", ugly, planText},
		{"does not parse", planText + "rep {", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c.change(plan, tt.text)
			edits, err := c.server.Formatting(ctx(t), &protocol.DocumentFormattingParams{TextDocument: doc(plan)})
			if err != nil {
				t.Fatal(err)
			}
			if tt.want == "" {
				if len(edits) != 0 {
					t.Errorf("edits = %+v, want none", edits)
				}
				return
			}
			if want, _ := plans.Format([]byte(tt.text), plan); len(edits) != 1 || edits[0].NewText != string(want) || edits[0].NewText != tt.want {
				t.Fatalf("edits = %+v", edits)
			}
			if end := newText([]byte(tt.text)).end(); edits[0].Range.End != end {
				t.Errorf("edit ends at %+v, want the end of the document %+v", edits[0].Range.End, end)
			}
		})
	}
}

func TestInlayHintsAndCodeLenses(t *testing.T) {
	c, plan, csv := openPlan(t)
	hints, err := c.server.InlayHint(ctx(t), &protocol.InlayHintParams{TextDocument: doc(plan),
		Range: protocol.Range{End: newText([]byte(planText)).end()}})
	if err != nil {
		t.Fatal(err)
	}
	closing := at(t, planText, "}\n\nimport", 1)
	if len(hints) != 1 || hints[0].Label != protocol.String("FY new_arr $600,000") || hints[0].Position != closing {
		t.Errorf("hints = %+v, want FY new_arr $600,000 at %+v", hints, closing)
	}
	lenses, err := c.server.CodeLens(ctx(t), &protocol.CodeLensParams{TextDocument: doc(plan)})
	if err != nil {
		t.Fatal(err)
	}
	if len(lenses) != 1 || lenses[0].Command.Title != "FY new_arr $600,000" || lenses[0].Range.Start != at(t, planText, `rep "zoe"`, 0) {
		t.Errorf("lenses = %+v", lenses)
	}

	// An unsaved change of a data file changes what the hints show.
	c.open(csv, strings.Replace(repsCSV, "Alice Chen,AE", "Alice Chen,SDR", 1))
	c.waitDiags(plan, func(*protocol.PublishDiagnosticsParams) bool { return true })
	h, err := c.server.Hover(ctx(t), &protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
		TextDocument: doc(plan), Position: at(t, planText, `quota "new_arr"`, 1)}})
	if err != nil || h == nil {
		t.Fatalf("hover = %v, %v", h, err)
	}
	if md := h.Contents.(*protocol.MarkupContent).Value; !strings.Contains(md, "Applies to 2 of 3 reps") {
		t.Errorf("the quota hover does not reflect the unsaved CSV:\n%s", md)
	}
}

func TestServeStopsCleanly(t *testing.T) {
	before := runtime.NumGoroutine()
	c, _, _ := openPlan(t)
	c.close()
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before {
		if time.Now().After(deadline) {
			t.Fatalf("goroutines leaked: %d > %d", runtime.NumGoroutine(), before)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// get returns the value of an optional field, or the zero value.
func get[T any](o protocol.Optional[T]) T {
	v, _ := o.Get()
	return v
}
