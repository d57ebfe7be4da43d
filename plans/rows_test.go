package plans

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
)

func TestNormalizeHeader(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Close Date", "close_date"},
		{"Amount (USD)", "amount_usd"},
		{"close_value", "close_value"},
		{"\ufeffid", "id"}, // a byte order mark before the first header
		{"  Employee ID ", "employee_id"},
		{"__x__", "x"},
		{"a__b", "a__b"},     // underscores are kept as written
		{"a _ b", "a___b"},   // each run of other characters is one _
		{"Prénom", "pr_nom"}, // a non-ASCII letter is another character
		{"2027 Quota", "2027_quota"},
		{"(%)", ""},
		{"", ""},
		{"\u212a", ""}, // the Kelvin sign is not the letter k
	}
	for _, tc := range tests {
		if got := normalizeHeader(tc.in); got != tc.want {
			t.Errorf("normalizeHeader(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestNormalizeHeaderMatchesGrammar(t *testing.T) {
	other := regexp.MustCompile(`[^a-z0-9_]+`)
	lower := strings.NewReplacer(strings.Split("A a B b C c D d E e F f G g H h I i J j K k L l M m N n O o P p Q q R r S s T t U u V v W w X x Y y Z z", " ")...)
	const alphabet = "aZ09_ -().é\u212a"
	runes := []rune(alphabet)
	rng := rand.New(rand.NewPCG(7, 8))
	for range 100000 {
		b := make([]rune, rng.IntN(8))
		for i := range b {
			b[i] = runes[rng.IntN(len(runes))]
		}
		s := string(b)
		want := strings.Trim(other.ReplaceAllString(lower.Replace(s), "_"), "_")
		if got := normalizeHeader(s); got != want {
			t.Fatalf("normalizeHeader(%q) = %q, want %q", s, got, want)
		}
	}
}

func TestParseCellAmounts(t *testing.T) {
	tests := []struct {
		in   string
		want any
	}{
		{"$180,000", 180000.0},
		{"EUR 1,200.50", 1200.5},
		{"EUR1,200", 1200.0},
		{"-1,000", -1000.0},
		{"-$1,000", -1000.0},
		{"$-1,000", -1000.0},
		{"+1,000", 1000.0},
		{"US$2,500", 2500.0},
		{"€3.5", 3.5},
		{"£ 12,345,678", 12345678.0},
		{"$.5", 0.5},
		{"1,000.", 1000.0},
		{" $180,000 ", 180000.0},
		{"(1,000)", "(1,000)"}, // accountants' negatives are not read
		{"1,2", "1,2"},
		{"1,0000", "1,0000"},
		{",100", ",100"},
		{"1,000,00", "1,000,00"},
		{"--1,000", "--1,000"},
		{"$", "$"},
		{"EUR", "EUR"},
		{"$1e3", "$1e3"},
		{"GTX 550", "GTX 550"}, // a product, not a currency
		{"TOP 10", "TOP 10"},
		{"1,000 EUR", "1,000 EUR"},
		{"$1,000.5.5", "$1,000.5.5"},
	}
	for _, tc := range tests {
		if got := ParseCell(tc.in); got != tc.want {
			t.Errorf("ParseCell(%q) = %#v, want %#v", tc.in, got, tc.want)
		}
	}
	huge := "$1" + strings.Repeat(",000", 110) // 1e330
	if v, finite := parseCell(huge); finite || v != huge {
		t.Errorf("parseCell(1e330 as money) = %#v, %v; want the text, not finite", v, finite)
	}
}

// realExport is a plan that reads exports as an HRIS and a CRM write
// them: headers with capitals and spaces, ids in columns of other names,
// amounts with currency signs, employee ids that are numbers.
var realExport = withPlan(`import "reps" {
  csv     = "data/hris.csv"
  id      = "employee_id"
  columns = {
    name    = "full_name"
    manager = "reports_to"
    start   = "hire_date"
    ote     = "annual_ote"
  }
}
import "deals" {
  csv = "data/pipeline.csv"
  id  = "opportunity_id"
}
import "forecasts" {
  csv = "data/forecasts.csv"
}
import "leaves" {
  csv = "data/leaves.csv"
}
`,
	"data/hris.csv", "Employee ID,Full Name,Reports To,Hire Date,Annual OTE,Region\n"+
		"7,Maria Lopez,,2020-01-06,\"$240,000\",EMEA\n"+
		"12,Alice Chen,7,2027-03-15,EUR 180000,007\n",
	"data/pipeline.csv", "opportunity_id,sales_agent,territory,engage_date,close_value,won\r\n"+
		"1C1I7A6R,12,7,2016-10-20,\"1,054\",TRUE\r\n"+
		"Z063OYW0,Alice Chen,,2016-10-25,4514,false\r\n",
	"data/forecasts.csv", "rep,period,forecast\n12,2027-03,100000\n\n7,2027-03,\n",
	"data/leaves.csv", "Rep,From,To\n12,2027-06-01,2027-06-15\n12,2027-04-01,2027-04-02\n")

func TestImportRealExport(t *testing.T) {
	dir := writeDir(t, realExport)
	p, diags := Load(dir, LoadOptions{})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	t.Run("reps", func(t *testing.T) {
		if len(p.Reps) != 2 || p.Reps[0].ID != "12" || p.Reps[1].ID != "7" {
			t.Fatalf("reps %v", p.Reps)
		}
		alice := p.Reps[0]
		if alice.Name != "Alice Chen" || alice.Manager != "7" || alice.Start == nil || alice.Start.Format(dateLayout) != "2027-03-15" {
			t.Errorf("alice = %+v", alice)
		}
		want := map[string]any{"name": "Alice Chen", "manager": "7", "start": "2027-03-15", "ote": 180000.0, "region": 7.0}
		if got := alice.Attrs.Map(); !reflect.DeepEqual(got, want) {
			t.Errorf("alice's attributes %v, want %v", got, want)
		}
		if got, _ := p.Reps[1].Attrs.Get("ote"); got != 240000.0 {
			t.Errorf("maria's ote = %#v, want 240000", got)
		}
		// the mapped column is read as the attribute, and located there
		if rng, ok := alice.Attrs.Range("manager"); !ok || rng.Start.Line != 3 || rng.Start.Column != 15 {
			t.Errorf("alice's manager at %v", rng)
		}
	})
	t.Run("deals", func(t *testing.T) {
		imp := importOf(t, p, "deals")
		if imp.ID != "opportunity_id" || len(imp.Rows) != 2 {
			t.Fatalf("deals import %+v", imp)
		}
		first := imp.Rows[0]
		want := map[string]any{"sales_agent": 12.0, "territory": "7", "engage_date": "2016-10-20", "close_value": 1054.0, "won": true}
		if first.ID != "1C1I7A6R" || !reflect.DeepEqual(first.Attrs.Map(), want) {
			t.Errorf("first deal %q %v, want %v", first.ID, first.Attrs.Map(), want)
		}
		if d := first.DefRange; d.Filename != filepath.Join(dir, "data", "pipeline.csv") || d.Start.Line != 2 || d.Start.Column != 1 || d.End.Column != 9 {
			t.Errorf("first deal at %v, want its id cell", d)
		}
	})
	t.Run("forecasts", func(t *testing.T) {
		imp := importOf(t, p, "forecasts")
		var got []string
		for _, r := range imp.Rows {
			if rep, _ := r.Attrs.Get("rep"); rep != "12" && rep != "7" {
				t.Errorf("%s: rep %#v, want the text of the cell", r.ID, rep)
			}
			got = append(got, fmt.Sprintf("%s %v @%d:%d-%d", r.ID, r.Attrs.Map(), r.DefRange.Start.Line, r.DefRange.Start.Column, r.DefRange.End.Column))
		}
		want := []string{
			"data/forecasts.csv:2 map[forecast:100000 period:2027-03 rep:12] @2:1-18",
			"data/forecasts.csv:4 map[period:2027-03 rep:7] @4:1-11",
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("forecasts\n got %q\nwant %q", got, want)
		}
	})
	t.Run("leaves", func(t *testing.T) {
		var got []string
		for _, l := range p.Reps[0].Leaves {
			got = append(got, fmt.Sprintf("%s..%s %s:%d", l.From.Format(dateLayout), l.To.Format(dateLayout), filepath.Base(l.DefRange.Filename), l.DefRange.Start.Line))
		}
		want := []string{"2027-04-01..2027-04-02 leaves.csv:3", "2027-06-01..2027-06-15 leaves.csv:2"}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("leaves of 12: %q, want %q (sorted by day)", got, want)
		}
		if len(importOf(t, p, "leaves").Rows) != 2 {
			t.Error("the leaves rows are not kept on their import")
		}
	})
}

// importOf returns the import of kind in p.
func importOf(t *testing.T, p *Plan, kind string) *Import {
	t.Helper()
	for _, imp := range p.Imports {
		if imp.Kind == kind {
			return imp
		}
	}
	t.Fatalf("no %s import", kind)
	return nil
}

func TestImportLeavesJoinHCLLeaves(t *testing.T) {
	dir := writeDir(t, withPlan(`rep "alice" {
  leave {
    from = "2027-05-01"
    to   = "2027-05-03"
  }
}
import "leaves" {
  csv = "leaves.csv"
}
`, "leaves.csv", "id,rep,from,to\nL1,alice,2027-03-01,2027-03-31\nL2,alice,2027-05-01,2027-05-02\n"))
	p, diags := Load(dir, LoadOptions{})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	var got []string
	for _, l := range p.Reps[0].Leaves {
		got = append(got, fmt.Sprintf("%s %s:%d", l.From.Format(dateLayout), filepath.Base(l.DefRange.Filename), l.DefRange.Start.Line))
	}
	// by first day; the HCL leave before the CSV one of the same day
	want := []string{"2027-03-01 leaves.csv:2", "2027-05-01 plan.hcl:5", "2027-05-01 leaves.csv:3"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("leaves %q, want %q", got, want)
	}
	if rows := importOf(t, p, "leaves").Rows; len(rows) != 2 || rows[0].ID != "L1" {
		t.Errorf("rows named by their id column: %v", rows)
	}
}

func TestRowKindRegistry(t *testing.T) {
	want := []string{"reps", "territories", "accounts", "deals", "forecasts", "changes", "leaves", "adjustments"}
	if !reflect.DeepEqual(importKinds, want) {
		t.Errorf("import kinds %q, want the contract's %q", importKinds, want)
	}
	for _, k := range rowKinds {
		if k.idOptional != slices.Contains([]string{"forecasts", "changes", "leaves", "adjustments"}, k.name) {
			t.Errorf("%s: id optional %v", k.name, k.idOptional)
		}
		for _, a := range k.attrs {
			if normalizeHeader(a.name) != a.name {
				t.Errorf("%s: attribute %q is no normalised header, so no column could give it", k.name, a.name)
			}
		}
		// ids and dates are text as written in every kind
		for _, name := range []string{"territory", "manager", "rep"} {
			if k.mode(name) != cellText {
				t.Errorf("%s: %s is not read as text", k.name, name)
			}
		}
	}
	if !reflect.DeepEqual(knownRepAttrs, []string{"name", "role", "territory", "manager", "start", "end"}) {
		t.Errorf("known rep attributes %q", knownRepAttrs)
	}
}

// TestRowsOnEveryCPU reads a deals file large enough to be read in parts:
// its rows, their order and the diagnostics must be those of one CPU.
func TestRowsOnEveryCPU(t *testing.T) {
	var csv strings.Builder
	csv.WriteString("Opportunity ID,Sales Agent,Close Value\n")
	for i := range 12000 {
		id, value := fmt.Sprintf("o%05d", i), fmt.Sprintf("\"$%d,%03d\"", i/1000+1, i%1000)
		switch i % 997 {
		case 5:
			id = "o00001" // a duplicate
		case 6:
			value = "tbd" // text in a number column
		}
		fmt.Fprintf(&csv, "%s,Agent %d,%s\n", id, i%40, value)
	}
	dir := writeDir(t, withPlan("import \"deals\" {\n  csv = \"deals.csv\"\n  id  = \"opportunity_id\"\n}\n", "deals.csv", csv.String()))
	load := func(procs int) (string, []string) {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		p, diags := Load(dir, LoadOptions{})
		var rows strings.Builder
		for _, r := range importOf(t, p, "deals").Rows {
			fmt.Fprintf(&rows, "%s@%d %v;", r.ID, r.DefRange.Start.Line, r.Attrs.Map())
		}
		return rows.String(), summarize(dir, diags)
	}
	oneRows, oneDiags := load(1)
	if n := len(oneDiags); n != 2*13 {
		t.Errorf("%d diagnostics on one CPU, want %d: %q", n, 2*13, oneDiags)
	}
	for _, procs := range []int{2, 4} {
		if rows, diags := load(procs); rows != oneRows || !reflect.DeepEqual(diags, oneDiags) {
			t.Errorf("%d CPUs: rows or diagnostics differ from one CPU's", procs)
		}
	}
}
