package plans

import (
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want string // "" when invalid
	}{
		{"2027-02-01", "2027-02-01"},
		{"2028-02-29", "2028-02-29"},
		{"2027-02-29", ""},
		{"2027-02-30", ""},
		{"2027-13-01", ""},
		{"2027-2-01", ""},
		{"2027-02-01T00:00:00Z", ""},
		{" 2027-02-01", ""},
		{"2027/02/01", ""},
		{"+027-02-01", ""},
		{"", ""},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, ok := ParseDate(tc.in)
			if ok != (tc.want != "") {
				t.Fatalf("ParseDate(%q) ok = %v", tc.in, ok)
			}
			if ok && (got.Format(dateLayout) != tc.want || got.Location() != time.UTC || got.Hour() != 0) {
				t.Errorf("ParseDate(%q) = %v", tc.in, got)
			}
		})
	}
}

func TestParseCell(t *testing.T) {
	tests := []struct {
		in   string
		want any
	}{
		{"42", 42.0},
		{"-0.5", -0.5},
		{" 1e3 ", 1000.0},
		{".5", 0.5},
		{"02134", 2134.0},
		{"TRUE", true},
		{"false", false},
		{"0x10", "0x10"},
		{"1_000", "1_000"},
		{"Inf", "Inf"},
		{"NaN", "NaN"},
		{"1e999", "1e999"},
		{"alice@example.com", "alice@example.com"},
		{" padded ", " padded "},
		{"", ""},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			if got := ParseCell(tc.in); got != tc.want {
				t.Errorf("ParseCell(%q) = %#v, want %#v", tc.in, got, tc.want)
			}
		})
	}
}

func TestParseCellNonFinite(t *testing.T) {
	tests := []struct {
		in     string
		want   any
		finite bool
	}{
		{"Infinity", "Infinity", false},
		{"-Infinity", "-Infinity", false},
		{" +inf ", " +inf ", false},
		{"INF", "INF", false},
		{"NaN", "NaN", false},
		{"nan", "nan", false},
		{"1e400", "1e400", false},
		{"-1E999", "-1E999", false},
		{"1e-400", 0.0, true}, // underflows to zero, which is finite
		{"Nan", "Nan", true},  // a name or a city, not a spelling of NaN
		{"Info", "Info", true},
		{"infinite", "infinite", true},
		{"1e308", 1e308, true},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, finite := parseCell(tc.in)
			if got != tc.want || finite != tc.finite {
				t.Errorf("parseCell(%q) = %#v, %v; want %#v, %v", tc.in, got, finite, tc.want, tc.finite)
			}
		})
	}
}
