package plans

import (
	"bytes"
	"fmt"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
)

func TestSnippetWindow(t *testing.T) {
	long := strings.Repeat("abcdefghij", 100) // 1000 runes
	wide := strings.Repeat("é", 1000)         // 2 bytes a rune
	tests := []struct {
		name     string
		line     string
		from, to int    // bytes of the subject in line
		text     string // the window
		subject  string // the window's text under the carets
	}{
		{"short line whole", "x = 1", 4, 5, "x = 1", "1"},
		{"exactly the limit", long[:maxSnippetRunes], 3, 5, long[:maxSnippetRunes], "de"},
		{"subject at the start", long, 0, 3, long[:maxSnippetRunes-1] + ellipsis, "abc"},
		{"subject in the middle", long, 500, 503, ellipsis + long[460:460+maxSnippetRunes-2] + ellipsis, "abc"},
		{"subject at the end", long, 997, 1000, ellipsis + long[957:], "hij"},
		{"subject longer than the window", long, 500, 900, ellipsis + long[460:460+maxSnippetRunes-2] + ellipsis, long[500 : 460+maxSnippetRunes-2]},
		{"multi-byte runes", wide, 1000, 1002, ellipsis + wide[920:920+2*(maxSnippetRunes-2)] + ellipsis, "é"},
		// found by FuzzLoad: the caret past the end of a full line made the
		// caret line one rune wider than the cap
		{"subject past the end of a full line", long[:maxSnippetRunes], maxSnippetRunes, maxSnippetRunes,
			ellipsis + long[maxSnippetRunes-snippetContext:maxSnippetRunes], ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			text, from, to := snippetWindow([]byte(tc.line), tc.from, tc.to)
			if text != tc.text || text[from:to] != tc.subject {
				t.Errorf("snippetWindow = %q [%d:%d] (%q)\nwant %q (%q)", text, from, to, text[from:to], tc.text, tc.subject)
			}
			if n := utf8.RuneCountInString(text); n > maxSnippetRunes {
				t.Errorf("window of %d runes, more than %d", n, maxSnippetRunes)
			}
			if n := utf8.RuneCountInString(text[:from]) + max(1, utf8.RuneCountInString(text[from:to])); n > maxSnippetRunes {
				t.Errorf("caret line of %d runes, more than %d", n, maxSnippetRunes)
			}
		})
	}
}

// gutterRE matches the snippet lines of a rendered diagnostic: the source
// line and the caret line.
var gutterRE = regexp.MustCompile(`^ {0,4}(\d+)? +\| `)

// TestDiagnosticLinesAreCapped renders diagnostics about very long lines
// (a CSV of one long line, a rule of megabytes, a value of multi-byte
// text): no snippet line may exceed the gutter plus maxSnippetRunes, and
// no other line a few hundred runes, however long the input.
func TestDiagnosticLinesAreCapped(t *testing.T) {
	longRule := strings.Repeat("rep.ote + ", 1500) + "quota('nobody', 'q', 'FY')" // 15 KiB, the call at its end
	tests := []struct {
		name  string
		files map[string]string
	}{
		{"long CSV line", withPlan("import \"reps\" {\n  csv = \"r.csv\"\n}\n",
			"r.csv", "id,start,"+strings.Repeat("x", 500_000)+"\na,2027-02-30,"+strings.Repeat("y", 500_000)+"\n")},
		{"long CSV line with a bad cell in the middle", withPlan("import \"reps\" {\n  csv = \"r.csv\"\n}\n",
			"r.csv", "id,a,start,b\nq,"+strings.Repeat("é", 300_000)+",2027-13-01,"+strings.Repeat("x", 300_000)+"\n")},
		{"long unknown id", withPlan("rep \"a\" {\n  territory = \"" + strings.Repeat("t", 1_000_000) + "\"\n}\n")},
		{"long invalid value", withPlan("let \"" + strings.Repeat("x", 200_000) + "\" {\n  scope = \"" + strings.Repeat("z", 200_000) + "\"\n  expr = \"1\"\n}\n")},
		{"long rule", withPlan("quota \"q\" {\n  annual = \"" + longRule + "\"\n}\n")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := renderCase(t, tc.files, false)
			if len(out) == 0 {
				t.Fatal("no diagnostics")
			}
			for line := range strings.Lines(string(out)) {
				line = strings.TrimRight(line, "\n")
				n := utf8.RuneCountInString(line)
				if m := gutterRE.FindString(line); m != "" {
					if n > len(m)+maxSnippetRunes {
						t.Errorf("snippet line of %d runes, more than %d: %.80q...", n, len(m)+maxSnippetRunes, line)
					}
				} else if n > 400 {
					t.Errorf("line of %d runes: %.80q...", n, line)
				}
			}
		})
	}
}

// TestDiagnosticCaretsInWindow checks that the carets of a windowed
// snippet stand under the subject.
func TestDiagnosticCaretsInWindow(t *testing.T) {
	line := strings.Repeat("a", 1000) + "WRONG" + strings.Repeat("b", 1000)
	src := map[string][]byte{"r.csv": []byte(line + "\n")}
	d := &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Bad", Detail: "Fix it.", Subject: &hcl.Range{Filename: "r.csv",
		Start: hcl.Pos{Line: 1, Column: 1001, Byte: 1000}, End: hcl.Pos{Line: 1, Column: 1006, Byte: 1005}}}
	var out bytes.Buffer
	if err := WriteDiagnostics(&out, hcl.Diagnostics{d}, src, false); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(out.String(), "\n")
	source, carets := []rune(lines[1]), []rune(lines[2])
	at := strings.IndexRune(string(carets), '^')
	at = utf8.RuneCountInString(string(carets)[:at])
	if got := string(source[at : at+5]); got != "WRONG" || strings.Count(lines[2], "^") != 5 {
		t.Errorf("carets under %q:\n%s\n%s", got, lines[1], lines[2])
	}
}

// longHeader is a CSV header of n bytes, of columns id, c1, c2 ...
func longHeader(n int) string {
	var b strings.Builder
	b.WriteString("id")
	for i := 1; b.Len() < n-20; i++ {
		fmt.Fprintf(&b, ",c%d", i)
	}
	b.WriteString(",z")
	b.WriteString(strings.Repeat("z", n-b.Len()))
	return b.String()
}

func TestLoadCSVLimits(t *testing.T) {
	plan := withPlan("import \"reps\" {\n  csv = \"r.csv\"\n}\n")
	with := func(csv string) map[string]string {
		files := map[string]string{"r.csv": csv}
		for k, v := range plan {
			files[k] = v
		}
		return files
	}
	tests := []struct {
		name string
		csv  string
		want []string
	}{
		{"line at the limit", longHeader(maxCSVLineBytes) + "\n", []string{}},
		{"line too long", "id,n\na,b\nc," + strings.Repeat("x", maxCSVLineBytes) + "\n",
			[]string{fmt.Sprintf("r.csv:3:%d: Line too long", maxCSVLineBytes+1)}},
		{"rows at the limit", "id\n" + strings.Repeat("\n", maxCSVRows), []string{}},
		{"too many rows", "id\n" + strings.Repeat("\n", maxCSVRows) + "a\n",
			[]string{fmt.Sprintf("r.csv:%d:1: Too many rows", maxCSVRows+2)}},
		{"cell too long", "id,n\na,\"" + strings.Repeat("x\n", maxCSVCellBytes/2+1) + "\"\nb,ok\n",
			[]string{"r.csv:2:3: Cell too long"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeDir(t, with(tc.csv))
			_, diags := Load(dir, LoadOptions{})
			if got := summarize(dir, diags); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("diagnostics %q, want %q", got, tc.want)
			}
			checkDiagnosticShape(t, diags)
		})
	}
}

func TestLoadDiagnosticsCap(t *testing.T) {
	var csv strings.Builder
	csv.WriteString("id,territory,start\n")
	for i := range 3 * maxDiagnostics {
		fmt.Fprintf(&csv, "r%d,nowhere,2027-02-30\n", i) // two problems a row
	}
	dir := writeDir(t, withPlan("import \"reps\" {\n  csv = \"r.csv\"\n}\n", "r.csv", csv.String()))
	_, diags := Load(dir, LoadOptions{})
	if len(diags) != maxDiagnostics+1 {
		t.Fatalf("%d diagnostics, want %d and a summary", len(diags), maxDiagnostics)
	}
	got := summarize(dir, diags)
	if got[0] != "Too many problems" || got[1] != "r.csv:2:12: Invalid date" {
		t.Errorf("diagnostics start %q", got[:2])
	}
	want := fmt.Sprintf("The plan has %d more problems than the %d shown", 6*maxDiagnostics-maxDiagnostics, maxDiagnostics)
	for _, d := range diags {
		if d.Summary == "Too many problems" && !strings.Contains(d.Detail, want) {
			t.Errorf("detail %q, want it to start %q", d.Detail, want)
		}
	}
	checkDiagnosticShape(t, diags)
}

func TestLoadOverlayLimits(t *testing.T) {
	dir := writeDir(t, withPlan(""))
	tests := []struct {
		name    string
		overlay map[string]string
		want    []string
	}{
		{"plan file over the size limit", map[string]string{"big.hcl": "# " + strings.Repeat("x", maxPlanFileBytes)},
			[]string{"big.hcl:1:1: File too large"}},
		{"import over the size limit", map[string]string{
			"plan.hcl": basePlan + "import \"reps\" {\n  csv = \"r.csv\"\n}\n",
			"r.csv":    "id\n" + strings.Repeat("a", maxCSVFileBytes)},
			[]string{"plan.hcl:5:9: File too large"}},
		{"nesting in an unsaved buffer", map[string]string{"plan.hcl": basePlan + "variable \"x\" {\n  default = " + nested("[", "1", "]", 1000) + "\n}\n"},
			[]string{"plan.hcl:5:112: Nesting too deep"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			overlay := map[string][]byte{}
			for name, src := range tc.overlay {
				overlay[filepath.Join(dir, name)] = []byte(src)
			}
			p, diags := Load(dir, LoadOptions{Overlay: overlay})
			if got := summarize(dir, diags); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("diagnostics %q, want %q", got, tc.want)
			}
			for name, src := range p.Sources {
				if len(src) > maxPlanFileBytes {
					t.Errorf("Sources holds %s (%d bytes), which was refused", name, len(src))
				}
			}
		})
	}
}

func TestLoadBudget(t *testing.T) {
	l := newLoader(t.TempDir(), LoadOptions{})
	l.bytesRead = maxLoadBytes - 10
	if p := l.checkSize("a.csv", importFileKind, 10); p != nil {
		t.Errorf("a file that fills the budget exactly is refused: %v", p)
	}
	if p := l.checkSize("a.csv", importFileKind, 11); p == nil || p.summary != "Plan too large" {
		t.Errorf("a file over the budget: %v, want Plan too large", p)
	}
}
