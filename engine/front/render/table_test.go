package render

import (
	"bytes"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/quotaplan/quotaplan/engine"
	"github.com/quotaplan/quotaplan/plans/golden"
)

func TestTableGolden(t *testing.T) {
	runGolden(t, "table", func(b *bytes.Buffer, r *engine.Result, o Options) error { return Table(b, r, o) })
}

func TestTableNoColorWithoutOption(t *testing.T) {
	var buf bytes.Buffer
	if err := Table(&buf, fixture(), Options{}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "\x1b[") {
		t.Error("table without Color contains ANSI escapes")
	}
}

func TestTableTree(t *testing.T) {
	var buf bytes.Buffer
	if err := Table(&buf, fixture(), Options{By: ByYear}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		want string
	}{
		{"manager without the measure shows a dash", `(?m)^maria +Maria Rossi +manager +emea +-$`},
		{"report indented under its manager", `(?m)^  alice +Alice Chen +AE +emea-ent +392,000$`},
		{"nested report indented twice", `(?m)^    sam +Sam Okafor`},
		{"nested team subtotal", `(?m)^  team kai +300$`},
		{"root team subtotal", `(?m)^team maria +300$`},
		{"grand total", `(?m)^total +1,472,002$`},
		{"rep without manager or territory", `(?m)^zed +Zoë "Z" O\|Neil +SDR +- +150$`},
		{"goal under target", `(?m)^new_arr_q1 .* 0\.90x +550,000 +under$`},
		{"informational goal", `(?m)^churn +- +FY +0\.05 +- +- +0\.05 +no quota$`},
		{"check summary", `(?m)^Checks: 2 errors, 1 warning, 1 info, 4 passed$`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if !regexp.MustCompile(tc.want).MatchString(buf.String()) {
				t.Errorf("table has no match for %q", tc.want)
			}
		})
	}
}

func TestTableWithoutReps(t *testing.T) {
	r := planShell("empty", "Empty", "2027-01-01", 3)
	r.Measures = []engine.Measure{{Name: "new_arr", Unit: "USD"}}
	r.RollUp()
	var buf bytes.Buffer
	if err := Table(&buf, r, Options{}); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, filepath.Join("testdata", "table_empty.golden"), buf.Bytes())
}

func TestTableToleratesBrokenTree(t *testing.T) {
	r := fixture()
	r.Reps[3].Manager = "tom" // maria under tom
	r.Reps[5].Manager = "kai" // tom under kai, who is under maria: a cycle
	r.Reps[7].Manager = "nobody"
	r.RollUp()
	var buf bytes.Buffer
	if err := Table(&buf, r, Options{}); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"alice", "bob", "kai", "maria", "sam", "tom", "ursula", "zed"} {
		if n := len(regexp.MustCompile(`(?m)^ *`+id+`  `).FindAllString(buf.String(), -1)); n == 0 {
			t.Errorf("rep %s missing from the table", id)
		}
	}
}

// deepResult is a 12-month plan of n reps in a tree where rep i reports to
// rep (i-1)/3. Every 5th rep lacks new_arr and every 7th meetings, so that
// some managers show "-" and some subtrees have nobody carrying a measure;
// every 11th name is not ASCII.
func deepResult(n int) *engine.Result {
	r := planShell("deep", "Deep plan", "2027-01-01", 12)
	r.Measures = []engine.Measure{{Name: "meetings", Unit: "meetings"}, {Name: "new_arr", Unit: "USD"}}
	for i := range n {
		manager := ""
		if i > 0 {
			manager = fmt.Sprintf("r%05d", (i-1)/3)
		}
		name := fmt.Sprintf("Name %d", i)
		if i%11 == 0 {
			name = fmt.Sprintf("Zoë %d", i)
		}
		var quotas []*engine.QuotaResult
		if i%5 != 0 {
			quotas = append(quotas, quota("new_arr", "USD", 12000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, float64(i)+0.5))
		}
		if i%7 != 0 {
			quotas = append(quotas, quota("meetings", "meetings", 12, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, float64(i%3)/4))
		}
		r.Reps = append(r.Reps, rep(fmt.Sprintf("r%05d", i), name, "AE", "", manager, quotas...))
	}
	r.Summary.Reps = n
	r.RollUp()
	return r
}

// referenceRows lays out the rows of measure as the table was first
// written, recursively: a rep, the rows of its reports, then its team row
// when someone below carries the measure; a subtree where nobody does is
// left out. Each row is "depth label".
func referenceRows(r *engine.Result, measure string) []string {
	children := map[string][]string{}
	byID := map[string]*engine.RepResult{}
	var roots []string
	for _, x := range r.Reps {
		byID[x.ID] = x
		if x.Manager == "" {
			roots = append(roots, x.ID)
		} else {
			children[x.Manager] = append(children[x.Manager], x.ID)
		}
	}
	var walk func(id string, depth int) []string
	walk = func(id string, depth int) []string {
		var below []string
		for _, c := range children[id] {
			below = append(below, walk(c, depth+1)...)
		}
		if byID[id].Quota(measure) == nil && len(below) == 0 {
			return nil
		}
		rows := append([]string{fmt.Sprintf("%d %s", depth, id)}, below...)
		if len(below) > 0 {
			rows = append(rows, fmt.Sprintf("%d team %s", depth, id))
		}
		return rows
	}
	var rows []string
	for _, id := range roots {
		rows = append(rows, walk(id, 0)...)
	}
	if len(rows) == 0 {
		return nil
	}
	return append(rows, "0 total")
}

func TestMeasureGridTree(t *testing.T) {
	for _, n := range []int{1, 2, 5, 40, 3000} {
		r := deepResult(n)
		rep, err := buildReport(r, ByQuarter)
		if err != nil {
			t.Fatal(err)
		}
		for _, g := range rep.measures {
			t.Run(fmt.Sprintf("%d reps/%s", n, g.title), func(t *testing.T) {
				var got []string
				for _, row := range g.rows {
					got = append(got, fmt.Sprintf("%d %s", row.depth, row.cells[0].text))
				}
				measure, _, _ := strings.Cut(g.title, " ")
				if want := referenceRows(r, measure); !slices.Equal(got, want) {
					t.Errorf("rows differ from the recursive layout:\ngot  %q\nwant %q", got[:min(len(got), 12)], want[:min(len(want), 12)])
				}
			})
		}
	}
}

func TestGridWidthsMeasured(t *testing.T) {
	broken := fixture()
	broken.Reps[3].Manager = "tom"
	broken.Reps[5].Manager = "kai"
	broken.RollUp()
	results := map[string]*engine.Result{"fixture": fixture(), "broken tree": broken, "deep": deepResult(3000), "long": longFixture()}
	for name, r := range results {
		for _, by := range Groupings() {
			rep, err := buildReport(r, by)
			if err != nil {
				t.Fatal(err)
			}
			for _, g := range rep.grids() {
				if g.widths == nil {
					continue
				}
				measured := g
				measured.widths = nil
				if want := measured.textWidths(); !slices.Equal(g.widths, want) {
					t.Errorf("%s by %s, %s: widths %v, measured %v", name, by, g.title, g.widths, want)
				}
			}
		}
	}
}

// TestTableRestatingMeasure shows a measure that does not roll up
// (rollup = false) per rep only: no team or total row, no territory
// column, and a title that says why.
func TestTableRestatingMeasure(t *testing.T) {
	r := fixture()
	for _, rep := range r.Reps {
		if q := rep.Quota("meetings"); q != nil {
			q.Restates = true
		}
	}
	r.RollUp()
	var buf bytes.Buffer
	if err := Table(&buf, r, Options{}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	section, rest, _ := strings.Cut(out[strings.Index(out, "meetings (meetings)"):], "\nnew_arr (USD)")
	if !strings.HasPrefix(section, "meetings (meetings) · per rep, not rolled up\n") {
		t.Errorf("title of the restating measure: %q", strings.SplitN(section, "\n", 2)[0])
	}
	if strings.Contains(section, "\nteam ") || strings.Contains(section, "\ntotal ") {
		t.Errorf("the restating measure has a team or total row:\n%s", section)
	}
	if !strings.Contains(rest, "\ntotal ") {
		t.Errorf("the measure that rolls up lost its total row:\n%s", rest)
	}
	terr := out[strings.Index(out, "Territories"):]
	if header := strings.SplitN(terr, "\n", 3)[1]; strings.Contains(header, "meetings") {
		t.Errorf("the territory table has a column for the restating measure: %q", header)
	}
}
