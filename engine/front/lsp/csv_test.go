package lsp

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// csvPlanText is a plan whose reps and territories come mostly from CSV
// files, as a real plan's do.
const csvPlanText = `plan "fy2027" {
  title    = "FY2027"
  start    = "2027-02-01"
  currency = "USD"
}

territory "west" {
  name = "West"
}

rep "maria" {
  name = "Maria Rossi"
  role = "manager"
}

rep "zoe" {
  name      = "Zoë"
  role      = "AE"
  territory = "west"
  manager   = "maria"
  ote       = 150000
}

import "territories" {
  csv = "data/territories.csv"
}

import "reps" {
  csv = ["data/reps.csv"]
}

quota "new_arr" {
  applies_to = "rep.role == 'AE'"
  annual     = "rep.ote * 4"
}

check "quota_cap" {
  scope    = "rep"
  where    = "rep.role == 'AE'"
  assert   = "rep.quota.new_arr <= 500000"
  severity = "warning"
  message  = "quota is {{ rep.quota.new_arr }}"
}

check "staffed" {
  scope  = "territory"
  assert = "len(territory.reps) > 0"
}
`

// csvReps has a quoted cell with a comma and a character of two UTF-16
// units before the cells the tests point at.
const csvReps = "id,name,role,territory,manager,ote\n" +
	"alice,Alice Chen,AE,east,maria,150000\n" +
	"bob,\"Okafor, Bob 🚀\",AE,west,alice,100000\n"

const csvTerritories = "id,name,parent\neast,East,west\nnorth,North,west\n"

// openCSVPlan writes the CSV plan and opens its reps CSV only, as the
// editor's first file, with a language id of csv; it waits for the
// diagnostics of the first evaluation.
func openCSVPlan(t *testing.T) (c *testClient, plan, reps, territories string) {
	t.Helper()
	dir := writePlan(t, map[string]string{"plan.hcl": csvPlanText, "data/reps.csv": csvReps, "data/territories.csv": csvTerritories})
	plan, reps, territories = filepath.Join(dir, "plan.hcl"), filepath.Join(dir, "data", "reps.csv"), filepath.Join(dir, "data", "territories.csv")
	c = connect(t, Options{})
	c.openAs(reps, "csv", csvReps)
	c.waitDiags(reps, func(*protocol.PublishDiagnosticsParams) bool { return true })
	return c, plan, reps, territories
}

// openAs sends didOpen for a file with a language id.
func (c *testClient) openAs(path, languageID, text string) {
	c.t.Helper()
	c.version++
	err := c.server.DidOpen(ctx(c.t), &protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{
		URI: uri.File(path), LanguageID: protocol.LanguageKind(languageID), Version: c.version, Text: text}})
	if err != nil {
		c.t.Fatalf("didOpen: %v", err)
	}
}

// hoverAt returns the markdown of the hover at a position, "" for none.
func hoverAt(t testing.TB, c *testClient, path string, pos protocol.Position) string {
	t.Helper()
	h, err := c.server.Hover(ctx(t), &protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
		TextDocument: doc(path), Position: pos}})
	if err != nil {
		t.Fatal(err)
	}
	if h == nil {
		return ""
	}
	return h.Contents.(*protocol.MarkupContent).Value
}

func TestCSVHover(t *testing.T) {
	c, _, reps, territories := openCSVPlan(t)
	c.openAs(territories, "plaintext", csvTerritories)
	tests := []struct {
		name, file, text, at string
		want                 []string // substrings of the hover; nil for none
	}{
		{"a rep's row", reps, csvReps, "Alice Chen", []string{
			"**rep alice** · Alice Chen · AE · territory east · manager maria",
			"| measure | Q1 | Q2 | Q3 | Q4 | FY | full |",
			"| new_arr (USD) | 150,000 | 150,000 | 150,000 | 150,000 | **600,000** | 600,000 |",
			"Failing checks:", "- `quota_cap` (warning): quota is 600000"}},
		{"after a quoted cell and an emoji", reps, csvReps, "100000", []string{
			"**rep bob** · Okafor, Bob 🚀 · AE · territory west · manager alice", "**400,000**"}},
		{"the end of a row", reps, csvReps, "\nbob", []string{"**rep alice**"}},
		{"the header", reps, csvReps, "territory,manager", nil},
		{"a territory's row", territories, csvTerritories, "East,west", []string{
			"**territory east** · East · in west", "1 rep in the roll-up", "new_arr: **600,000** USD"}},
		{"a territory that fails a check", territories, csvTerritories, "North", []string{
			"**territory north**", "0 reps in the roll-up", "- `staffed` (error)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			md := hoverAt(t, c, tt.file, at(t, tt.text, tt.at, 1))
			if tt.want == nil {
				if md != "" {
					t.Errorf("hover = %q, want none", md)
				}
				return
			}
			for _, w := range tt.want {
				if !strings.Contains(md, w) {
					t.Errorf("hover lacks %q:\n%s", w, md)
				}
			}
		})
	}
}

// TestCSVHoverUnsaved checks that the rows of an unsaved CSV buffer are
// read as the editor has them: a change is evaluated, and while the buffer
// does not evaluate, its rows are still found by their ids.
func TestCSVHoverUnsaved(t *testing.T) {
	c, _, reps, _ := openCSVPlan(t)
	richer := strings.Replace(csvReps, "maria,150000", "maria,200000", 1)
	v := c.change(reps, richer)
	c.waitDiags(reps, func(p *protocol.PublishDiagnosticsParams) bool { return get(p.Version) == v })
	if md := hoverAt(t, c, reps, at(t, richer, "Alice", 0)); !strings.Contains(md, "**800,000**") {
		t.Errorf("the hover does not reflect the unsaved change:\n%s", md)
	}

	// A row of an unknown territory before alice's makes the plan invalid
	// and moves alice down a line: the hover shows alice from the last
	// valid evaluation.
	broken := strings.Replace(richer, "alice,", "carl,Carl,AE,nowhere,,1\nalice,", 1)
	v = c.change(reps, broken)
	c.waitDiags(reps, func(p *protocol.PublishDiagnosticsParams) bool { return get(p.Version) == v && len(errorsOf(p)) > 0 })
	if md := hoverAt(t, c, reps, at(t, broken, "Alice", 0)); !strings.Contains(md, "**rep alice**") || !strings.Contains(md, "**800,000**") {
		t.Errorf("hover on alice's row of the invalid buffer:\n%s", md)
	}
	if md := hoverAt(t, c, reps, at(t, broken, "Carl", 0)); !strings.Contains(md, "**rep carl** is not in the last valid evaluation") {
		t.Errorf("hover on the new row = %q", md)
	}
}

func TestCSVInlayHints(t *testing.T) {
	c, _, reps, territories := openCSVPlan(t)
	tests := []struct {
		name string
		file string
		rng  protocol.Range
		want []string // "line:character label"
	}{
		{"every row", reps, protocol.Range{End: newText([]byte(csvReps)).end()}, []string{
			"1:37 FY new_arr $600,000", "2:41 FY new_arr $400,000"}},
		{"the rows of the range", reps, protocol.Range{Start: protocol.Position{Line: 2}, End: protocol.Position{Line: 3}}, []string{
			"2:41 FY new_arr $400,000"}},
		{"territories have none", territories, protocol.Range{End: newText([]byte(csvTerritories)).end()}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hints, err := c.server.InlayHint(ctx(t), &protocol.InlayHintParams{TextDocument: doc(tt.file), Range: tt.rng})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, h := range hints {
				got = append(got, fmt.Sprintf("%d:%d %s", h.Position.Line, h.Position.Character, h.Label))
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("hints:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestCSVDefinition(t *testing.T) {
	c, plan, reps, territories := openCSVPlan(t)
	c.openAs(territories, "csv", csvTerritories)
	tests := []struct {
		name, file, text, at string
		want                 string // file
		pos                  protocol.Position
	}{
		{"manager cell to a CSV row", reps, csvReps, "alice,100000", reps, protocol.Position{Line: 1}},
		{"manager cell to an HCL block", reps, csvReps, "maria,150000", plan, at(t, csvPlanText, `rep "maria"`, 0)},
		{"territory cell to a CSV row", reps, csvReps, "east,", territories, protocol.Position{Line: 1}},
		{"territory cell after an emoji", reps, csvReps, "west,alice", plan, at(t, csvPlanText, `territory "west"`, 0)},
		{"parent cell", territories, csvTerritories, "west\nnorth", plan, at(t, csvPlanText, `territory "west"`, 0)},
		{"not a reference", reps, csvReps, "Alice Chen", "", protocol.Position{}},
		{"the header", reps, csvReps, "manager,", "", protocol.Position{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := c.server.Definition(ctx(t), &protocol.DefinitionParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
				TextDocument: doc(tt.file), Position: at(t, tt.text, tt.at, 2)}})
			if err != nil {
				t.Fatal(err)
			}
			locs, _ := res.(protocol.LocationSlice)
			if tt.want == "" {
				if len(locs) != 0 {
					t.Errorf("definition = %+v, want none", locs)
				}
				return
			}
			if len(locs) != 1 || pathOf(locs[0].URI) != tt.want || locs[0].Range.Start != tt.pos {
				t.Errorf("definition = %+v, want %s at %+v", locs, filepath.Base(tt.want), tt.pos)
			}
		})
	}
}

// TestCheckFailuresAtSubjects checks that a failed check is published at
// each failing rep's CSV row and HCL block, and at a failing territory's
// row, besides its check block.
func TestCheckFailuresAtSubjects(t *testing.T) {
	c, plan, reps, territories := openCSVPlan(t)
	c.open(plan, csvPlanText)
	published := map[string]*protocol.PublishDiagnosticsParams{}
	for timeout := time.After(5 * time.Second); len(published) < 3; {
		select {
		case p := <-c.diags:
			if path := pathOf(p.URI); (path == plan || path == reps || path == territories) && len(p.Diagnostics) > 0 {
				published[path] = p
			}
		case <-timeout:
			t.Fatalf("diagnostics published within 5s: %+v", published)
		}
	}
	tests := []struct {
		name, file string
		rng        protocol.Range
		severity   protocol.DiagnosticSeverity
		message    string
	}{
		{"a CSV row", reps, protocol.Range{Start: protocol.Position{Line: 1}, End: protocol.Position{Line: 1, Character: 37}},
			protocol.DiagnosticSeverityWarning, `Check "quota_cap" failed: quota is 600000`},
		{"an HCL block", plan, protocol.Range{Start: at(t, csvPlanText, `rep "zoe"`, 0), End: at(t, csvPlanText, `rep "zoe"`, 9)},
			protocol.DiagnosticSeverityWarning, `Check "quota_cap" failed: quota is 600000`},
		{"a territory's row", territories, protocol.Range{Start: protocol.Position{Line: 2}, End: protocol.Position{Line: 2, Character: 16}},
			protocol.DiagnosticSeverityError, `Check "staffed" failed`},
		{"the check block", plan, protocol.Range{Start: at(t, csvPlanText, `check "quota_cap"`, 0), End: at(t, csvPlanText, `check "quota_cap"`, 17)},
			protocol.DiagnosticSeverityWarning, "Check \"quota_cap\" failed for 2 subjects:\n- alice: quota is 600000\n- zoe: quota is 600000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, d := range published[tt.file].Diagnostics {
				if d.Range == tt.rng {
					if d.Severity == tt.severity && message(d) == tt.message && get(d.Source) == "quotaplan check" {
						return
					}
					got = append(got, message(d))
				}
			}
			t.Errorf("no %v %q at %+v; there: %q (all: %+v)", tt.severity, tt.message, tt.rng, got, published[tt.file].Diagnostics)
		})
	}
	if n := len(published[reps].Diagnostics); n != 1 {
		t.Errorf("reps.csv has %d diagnostics, want alice's only: %+v", n, published[reps].Diagnostics)
	}

	// Raising the cap clears them.
	fixed := strings.Replace(csvPlanText, "<= 500000", "<= 700000", 1)
	v := c.change(plan, fixed)
	c.waitDiags(reps, func(p *protocol.PublishDiagnosticsParams) bool { return len(p.Diagnostics) == 0 })
	p := c.waitDiags(plan, func(p *protocol.PublishDiagnosticsParams) bool { return get(p.Version) == v })
	for _, d := range p.Diagnostics {
		if strings.Contains(message(d), "quota_cap") {
			t.Errorf("still published after the fix: %q", message(d))
		}
	}
}

func TestCSVPlanDir(t *testing.T) {
	plan := func(csv string) string {
		return "plan \"p\" {\n  start = \"2027-02-01\"\n}\n\nimport \"reps\" {\n  csv = " + csv + "\n}\n"
	}
	tests := []struct {
		name  string
		files map[string]string
		open  map[string]string // unsaved buffers
		csv   string
		want  string // the plan directory, relative; "-" for none
	}{
		{"data below the plan", map[string]string{"p/plan.hcl": plan(`"data/reps.csv"`), "p/data/reps.csv": ""}, nil, "p/data/reps.csv", "p"},
		{"beside the plan", map[string]string{"p/plan.hcl": plan(`"reps.csv"`), "p/reps.csv": ""}, nil, "p/reps.csv", "p"},
		{"two levels below", map[string]string{"p/plan.hcl": plan(`["x.csv", "data/2027/reps.csv"]`), "p/data/2027/reps.csv": ""}, nil, "p/data/2027/reps.csv", "p"},
		{"three levels below", map[string]string{"p/plan.hcl": plan(`"a/b/c/reps.csv"`), "p/a/b/c/reps.csv": ""}, nil, "p/a/b/c/reps.csv", "-"},
		{"the nearest plan that imports it", map[string]string{"p/plan.hcl": plan(`"data/q/reps.csv"`), "p/data/plan.hcl": plan(`"other.csv"`),
			"p/data/q/reps.csv": ""}, nil, "p/data/q/reps.csv", "p"},
		{"a plan that does not import it", map[string]string{"p/plan.hcl": plan(`"data/other.csv"`), "p/data/reps.csv": ""}, nil, "p/data/reps.csv", "-"},
		{"an import in an unsaved buffer", map[string]string{"p/plan.hcl": plan(`"data/other.csv"`), "p/data/reps.csv": ""},
			map[string]string{"p/plan.hcl": plan(`"data/reps.csv"`)}, "p/data/reps.csv", "p"},
		{"a plan file only open in the editor", map[string]string{"p/data/reps.csv": ""},
			map[string]string{"p/new.hcl": plan(`"data/reps.csv"`)}, "p/data/reps.csv", "p"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writePlan(t, tt.files)
			s := newServer(Options{}, nil)
			for name, text := range tt.open {
				path := filepath.Join(dir, name)
				s.docs[path] = &document{path: path, text: []byte(text), dir: filepath.Dir(path)}
			}
			got := s.csvPlanDir(filepath.Join(dir, tt.csv))
			want := filepath.Join(dir, tt.want)
			if tt.want == "-" {
				want = ""
			}
			if got != want {
				t.Errorf("plan directory = %q, want %q", got, want)
			}
		})
	}
}

// TestCSVWithoutPlan checks that a CSV file no plan imports is accepted
// and left alone.
func TestCSVWithoutPlan(t *testing.T) {
	dir := writePlan(t, map[string]string{"notes.csv": "id,x\na,1\n"})
	c := connect(t, Options{})
	path := filepath.Join(dir, "notes.csv")
	c.openAs(path, "csv", "id,x\na,1\n")
	if md := hoverAt(t, c, path, protocol.Position{Line: 1}); md != "" {
		t.Errorf("hover = %q, want none", md)
	}
	hints, err := c.server.InlayHint(ctx(t), &protocol.InlayHintParams{TextDocument: doc(path), Range: protocol.Range{End: protocol.Position{Line: 2}}})
	if err != nil || len(hints) != 0 {
		t.Errorf("hints = %+v, %v; want none", hints, err)
	}
}

// TestCSVAdoptedOnSave checks that an open CSV file that no plan imported
// joins the plan once a saved plan file imports it.
func TestCSVAdoptedOnSave(t *testing.T) {
	without := strings.Replace(csvPlanText, `csv = ["data/reps.csv"]`, `csv = []`, 1)
	dir := writePlan(t, map[string]string{"plan.hcl": without, "data/reps.csv": csvReps, "data/territories.csv": csvTerritories})
	plan, reps := filepath.Join(dir, "plan.hcl"), filepath.Join(dir, "data", "reps.csv")
	c := connect(t, Options{})
	c.openAs(reps, "csv", csvReps)
	if md := hoverAt(t, c, reps, at(t, csvReps, "Alice", 0)); md != "" {
		t.Fatalf("hover before the import = %q, want none", md)
	}
	if err := os.WriteFile(plan, []byte(csvPlanText), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := c.server.DidSave(ctx(t), &protocol.DidSaveTextDocumentParams{TextDocument: doc(plan)}); err != nil {
		t.Fatal(err)
	}
	c.waitDiags(reps, func(*protocol.PublishDiagnosticsParams) bool { return true })
	if md := hoverAt(t, c, reps, at(t, csvReps, "Alice", 0)); !strings.Contains(md, "**rep alice**") {
		t.Errorf("hover after the import = %q", md)
	}
}

// TestPlainTextIgnored checks that a plain-text file an editor sends (VS
// Code attaches the server to plaintext for CSV files) is neither a plan
// file nor given diagnostics.
func TestPlainTextIgnored(t *testing.T) {
	dir := writePlan(t, map[string]string{"plan.hcl": csvPlanText, "data/reps.csv": csvReps, "data/territories.csv": csvTerritories, "notes.txt": "todo\n"})
	notes, plan := filepath.Join(dir, "notes.txt"), filepath.Join(dir, "plan.hcl")
	c := connect(t, Options{})
	c.openAs(notes, "plaintext", "todo\n")
	c.open(plan, csvPlanText)
	for timeout := time.After(5 * time.Second); ; {
		select {
		case p := <-c.diags:
			if pathOf(p.URI) == notes {
				t.Fatalf("diagnostics published for a plain-text file: %+v", p.Diagnostics)
			}
			if pathOf(p.URI) == plan {
				return
			}
		case <-timeout:
			t.Fatal("no diagnostics for the plan within 5s")
		}
	}
}
