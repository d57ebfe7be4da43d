package render

import (
	"bytes"
	"encoding/csv"
	"testing"

	"github.com/quotaplan/quotaplan/engine"
)

func TestCSVGolden(t *testing.T) {
	runGolden(t, "csv", func(b *bytes.Buffer, r *engine.Result, o Options) error { return CSV(b, r, o) })
}

func TestCSVShape(t *testing.T) {
	tests := []struct {
		name    string
		by      string
		columns int // rep..unit (7) + period columns + total, full
	}{
		{"quarter", ByQuarter, 7 + 4 + 2},
		{"month", ByMonth, 7 + 12 + 2},
		{"year", ByYear, 7 + 1 + 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := CSV(&buf, fixture(), Options{By: tc.by}); err != nil {
				t.Fatal(err)
			}
			recs, err := csv.NewReader(&buf).ReadAll()
			if err != nil {
				t.Fatalf("output is not CSV: %v", err)
			}
			if len(recs) != 1+8 { // header + one row per rep x measure
				t.Errorf("got %d records, want 9", len(recs))
			}
			if len(recs[0]) != tc.columns {
				t.Errorf("got %d columns, want %d", len(recs[0]), tc.columns)
			}
		})
	}
}
