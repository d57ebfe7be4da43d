package engine

import (
	"testing"
	"time"
)

// TestParseDay: days and months as credit rows write them; anything else
// is no date.
func TestParseDay(t *testing.T) {
	tests := []struct {
		in      string
		y, m, d int
		ok      bool
	}{
		{"2027-03-15", 2027, 3, 15, true},
		{"2027-03", 2027, 3, 1, true},
		{"2028-02-29", 2028, 2, 29, true},
		{"2027-02-29", 0, 0, 0, false}, // not a leap year
		{"2027-13-01", 0, 0, 0, false},
		{"2027-00", 0, 0, 0, false},
		{"2027/03/15", 0, 0, 0, false},
		{"27-03-15", 0, 0, 0, false},
		{"2027-03-1", 0, 0, 0, false},
		{"2027-3-15", 0, 0, 0, false},
		{"", 0, 0, 0, false},
		{"2027-03-15T00:00", 0, 0, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			y, m, d, ok := parseDay(tt.in)
			if ok != tt.ok || (ok && (y != tt.y || m != tt.m || d != tt.d)) {
				t.Errorf("parseDay(%q) = %d-%d-%d %v, want %d-%d-%d %v", tt.in, y, m, d, ok, tt.y, tt.m, tt.d, tt.ok)
			}
		})
	}
}

// TestPeriodOf: the plan of TestActualsHandComputed starts 2027-01-01; a
// row's period is its month's offset from the start, negative before it.
func TestPeriodOf(t *testing.T) {
	cr := &creditRun{start: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)}
	for _, tt := range []struct {
		v any
		p int
	}{
		{"2027-01-31", 0}, {"2027-12", 11}, {"2026-12-31", -1}, {"2026-01-01", -12}, {"2025-12-31", -13},
		{time.Date(2027, 4, 15, 0, 0, 0, 0, time.UTC), 3},
	} {
		if p, _, ok := cr.periodOf(tt.v); !ok || p != tt.p {
			t.Errorf("periodOf(%v) = %d %v, want %d", tt.v, p, ok, tt.p)
		}
	}
	for _, v := range []any{nil, 20270101.0, "soon", true} {
		if _, _, ok := cr.periodOf(v); ok {
			t.Errorf("periodOf(%v) is a date", v)
		}
	}
}

// FuzzParseDay: parseDay accepts exactly the days time.Parse accepts as
// YYYY-MM-DD (and the months as YYYY-MM), with the same figures, and never
// panics.
func FuzzParseDay(f *testing.F) {
	for _, s := range []string{"2027-03-15", "2027-03", "2027-02-30", "9999-12-31", "0000-01-01", "2027-1-1", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		y, m, d, ok := parseDay(s)
		layout := time.DateOnly
		if len(s) == 7 {
			layout = "2006-01"
		}
		want, err := time.Parse(layout, s)
		if (err == nil) != ok {
			t.Fatalf("parseDay(%q) ok = %v, time.Parse error %v", s, ok, err)
		}
		if ok && (want.Year() != y || int(want.Month()) != m || want.Day() != d) {
			t.Fatalf("parseDay(%q) = %d-%d-%d, time.Parse gives %v", s, y, m, d, want)
		}
	})
}
