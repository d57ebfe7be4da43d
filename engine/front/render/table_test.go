package render

import (
	"bytes"
	"path/filepath"
	"regexp"
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
