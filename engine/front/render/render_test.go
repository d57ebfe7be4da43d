package render

import (
	"bytes"
	"slices"
	"strings"
	"testing"
)

func TestWrite(t *testing.T) {
	tests := []struct {
		name    string
		format  string
		by      string
		wantErr string
	}{
		{"table", "table", "", ""},
		{"json", "json", "", ""},
		{"csv", "csv", ByMonth, ""},
		{"markdown", "markdown", ByYear, ""},
		{"json ignores by", "json", "decade", ""},
		{"unknown format", "xml", "", `unknown format "xml": use one of table, json, csv, markdown`},
		{"unknown grouping", "table", "week", `unknown period grouping "week": use one of quarter, month, year`},
		{"unknown grouping in csv", "csv", "week", `unknown period grouping "week"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			err := Write(&buf, tc.format, fixture(), Options{By: tc.by})
			if tc.wantErr == "" {
				if err != nil || buf.Len() == 0 {
					t.Fatalf("got error %v and %d bytes", err, buf.Len())
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("got error %v, want %q", err, tc.wantErr)
			}
			if buf.Len() != 0 {
				t.Error("output written despite the error")
			}
		})
	}
}

func TestWriteMatchesRenderer(t *testing.T) {
	for _, format := range Formats() {
		t.Run(format, func(t *testing.T) {
			var viaWrite, direct bytes.Buffer
			if err := Write(&viaWrite, format, fixture(), Options{}); err != nil {
				t.Fatal(err)
			}
			if err := renderers[format](&direct, fixture(), Options{}); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(viaWrite.Bytes(), direct.Bytes()) {
				t.Error("Write differs from the format's renderer")
			}
		})
	}
}

func TestNilResult(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, "table", nil, Options{}); err == nil {
		t.Error("Write accepted a nil result")
	}
	if err := Checks(&buf, nil, CheckOptions{}); err == nil {
		t.Error("Checks accepted a nil result")
	}
}

func TestPeriodColumns(t *testing.T) {
	tests := []struct {
		name string
		by   string
		long bool
		ids  string
		last []int
	}{
		{"month", ByMonth, false, "2027-02 2027-03 2027-04 2027-05 2027-06 2027-07 2027-08 2027-09 2027-10 2027-11 2027-12 2028-01", []int{11}},
		{"quarter", ByQuarter, false, "Q1 Q2 Q3 Q4", []int{9, 10, 11}},
		{"default is quarter", "", false, "Q1 Q2 Q3 Q4", []int{9, 10, 11}},
		{"year of 12 months", ByYear, false, "FY", []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}},
		{"years of a 24-month plan", ByYear, true, "Y1 Y2", []int{12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23}},
		{"quarters of a 24-month plan", ByQuarter, true, "Q1 Q2 Q3 Q4 Q5 Q6 Q7 Q8", []int{21, 22, 23}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := fixture()
			if tc.long {
				r = longFixture()
			}
			cols, err := periodColumns(r, tc.by)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, c := range cols {
				ids = append(ids, c.ID)
			}
			if got := strings.Join(ids, " "); got != tc.ids {
				t.Errorf("columns %q, want %q", got, tc.ids)
			}
			if got := cols[len(cols)-1].Periods; !slices.Equal(got, tc.last) {
				t.Errorf("last column periods %v, want %v", got, tc.last)
			}
		})
	}
}
