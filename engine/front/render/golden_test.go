package render

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/quotaplan/quotaplan/engine"
	"github.com/quotaplan/quotaplan/plans/golden"
)

// renderCase is one rendering compared with a golden file.
type renderCase struct {
	name   string // also the golden file name, without .golden
	result func() *engine.Result
	opts   Options
}

// byCases renders the fixture with every grouping, the 24-month plan by
// year and quarter, and the fixture in colour.
func byCases() []renderCase {
	return []renderCase{
		{"quarter", fixture, Options{}},
		{"month", fixture, Options{By: ByMonth}},
		{"year", fixture, Options{By: ByYear}},
		{"long_year", longFixture, Options{By: ByYear}},
		{"long_quarter", longFixture, Options{By: ByQuarter}},
		{"color", fixture, Options{Color: true}},
	}
}

// runGolden renders every case with fn and compares with
// testdata/<prefix>_<case>.golden.
func runGolden(t *testing.T, prefix string, fn func(*bytes.Buffer, *engine.Result, Options) error) {
	for _, tc := range byCases() {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := fn(&buf, tc.result(), tc.opts); err != nil {
				t.Fatal(err)
			}
			golden.Check(t, filepath.Join("testdata", prefix+"_"+tc.name+".golden"), buf.Bytes())
		})
	}
}
