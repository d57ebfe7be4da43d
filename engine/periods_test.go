package engine

import (
	"reflect"
	"testing"
	"time"

	"github.com/quotaplan/quotaplan/plans"
)

func date(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func datePtr(s string) *time.Time { t := date(s); return &t }

func testPeriods(start string, months int) []Period {
	ps, _ := buildPeriods(&plans.Plan{Start: date(start), Months: months})
	return ps
}

func TestBuildPeriods(t *testing.T) {
	ps, qs := buildPeriods(&plans.Plan{Start: date("2027-02-01"), Months: 14, Holidays: []time.Time{date("2027-12-24")}})
	if ps[0].ID != "2027-02" || ps[0].Days != 28 || ps[0].Workdays != 20 || ps[0].Quarter != 1 {
		t.Errorf("first period = %+v", ps[0])
	}
	if ps[11].ID != "2028-01" || ps[11].Index != 12 || ps[11].Month != 1 {
		t.Errorf("12th period = %+v", ps[11])
	}
	if ps[10].ID != "2027-12" || ps[10].Workdays != 22 {
		t.Errorf("Dec 2027 = %+v, want 22 workdays (23 weekdays less a holiday)", ps[10])
	}
	if len(qs) != 5 || qs[4].ID != "Q5" || !reflect.DeepEqual(qs[4].Periods, []int{12, 13}) {
		t.Errorf("quarters = %+v", qs)
	}
	if !ps[12].End.Equal(date("2028-02-29")) || ps[12].Days != 29 {
		t.Errorf("leap February = %+v", ps[12])
	}
}

func TestTenureMonth(t *testing.T) {
	ps := testPeriods("2027-02-01", 12)
	tests := []struct {
		name   string
		start  *time.Time
		period int
		want   int
	}{
		{"no start, first period", nil, 0, 121},
		{"no start, second period", nil, 1, 122},
		{"start mid-month is month 1", datePtr("2027-03-15"), 1, 1},
		{"next month is 2", datePtr("2027-03-15"), 2, 2},
		{"before the start month", datePtr("2027-03-15"), 0, 0},
		{"started before the plan", datePtr("2026-11-01"), 0, 4},
		{"across a year", datePtr("2027-12-31"), 11, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tenureMonth(tt.start, ps[tt.period]); got != tt.want {
				t.Errorf("tenureMonth = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestRepPresence(t *testing.T) {
	ps := testPeriods("2027-01-01", 3)
	tests := []struct {
		name   string
		rep    plans.Rep
		period int
		days   int
		cutBy  []string
	}{
		{"always active", plans.Rep{}, 0, 31, nil},
		{"starts mid-month", plans.Rep{Start: datePtr("2027-01-16")}, 0, 16, []string{"start"}},
		{"starts later", plans.Rep{Start: datePtr("2027-02-01")}, 0, 0, []string{"start"}},
		{"ends mid-month, inclusive", plans.Rep{End: datePtr("2027-02-10")}, 1, 10, []string{"end"}},
		{"ended before", plans.Rep{End: datePtr("2027-01-31")}, 1, 0, []string{"end"}},
		{"overlapping leaves count once", plans.Rep{Leaves: []plans.Leave{
			{From: date("2027-03-01"), To: date("2027-03-10")}, {From: date("2027-03-05"), To: date("2027-03-12")}}}, 2, 19, []string{"leave"}},
		{"leave and end", plans.Rep{End: datePtr("2027-03-20"), Leaves: []plans.Leave{
			{From: date("2027-03-15"), To: date("2027-03-31")}}}, 2, 14, []string{"end", "leave"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pr := repPresence(&tt.rep, ps)[tt.period]
			if pr.activeDays != tt.days || !reflect.DeepEqual(pr.cut.Names(), tt.cutBy) {
				t.Errorf("presence = %+v, want %d days cut by %v", pr, tt.days, tt.cutBy)
			}
			if want := float64(tt.days) / float64(ps[tt.period].Days); pr.active != want {
				t.Errorf("active = %v, want %v", pr.active, want)
			}
		})
	}
}

func TestRoundTo(t *testing.T) {
	tests := []struct{ v, inc, want float64 }{
		{6606.45, 100, 6600},
		{8500, 1000, 9000},
		{-8500, 1000, -9000},
		{8499.999999999, 1000, 9000}, // float noise at a half rounds like the half
		{12.07, 1, 12},
		{12.5, 1, 13},
		{1234.5678, 0, 1234.5678},
	}
	for _, tt := range tests {
		if got := roundTo(tt.v, tt.inc); got != tt.want {
			t.Errorf("roundTo(%v, %v) = %v, want %v", tt.v, tt.inc, got, tt.want)
		}
	}
}

func TestWeights(t *testing.T) {
	tests := []struct {
		name   string
		season []float64
		months int
		want   []float64 // weights of the first, second and last month
	}{
		{"no season", nil, 12, []float64{1.0 / 12, 1.0 / 12, 1.0 / 12}},
		{"quarters on 12 months", []float64{0.1, 0.2, 0.3, 0.4}, 12, []float64{0.1 / 3, 0.1 / 3, 0.4 / 3}},
		{"one weight per month", []float64{0.5, 0.3, 0.2}, 3, []float64{0.5, 0.3, 0.2}},
		{"4 weights on a 4-month plan are months", []float64{0.1, 0.2, 0.3, 0.4}, 4, []float64{0.1, 0.2, 0.4}},
		// Load rejects these; a plan with errors is still compiled.
		{"4 weights on 24 months", []float64{0.25, 0.25, 0.25, 0.25}, 24, []float64{1.0 / 24, 1.0 / 24, 1.0 / 24}},
		{"4 weights on 6 months", []float64{0.25, 0.25, 0.25, 0.25}, 6, []float64{1.0 / 6, 1.0 / 6, 1.0 / 6}},
		{"too few weights", []float64{0.5, 0.5}, 3, []float64{1.0 / 3, 1.0 / 3, 1.0 / 3}},
		{"too many weights", []float64{0.2, 0.2, 0.2, 0.2, 0.2}, 2, []float64{0.5, 0.5, 0.5}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := weights(tt.season, tt.months)
			if len(w) != tt.months {
				t.Fatalf("%d weights, want %d", len(w), tt.months)
			}
			got := []float64{w[0], w[1], w[len(w)-1]}
			for i := range got {
				if !approx(got[i], tt.want[i]) {
					t.Errorf("weights = %v, want first, second and last %v", w, tt.want)
					break
				}
			}
		})
	}
}

func TestFormatNumber(t *testing.T) {
	tests := map[float64]string{0: "0", -0.0000001: "0", 1.5: "1.5", 1e21: "1000000000000000000000", 1.0 / 3: "0.333333", 289.762: "289.762", -2: "-2"}
	for v, want := range tests {
		if got := FormatNumber(v); got != want {
			t.Errorf("FormatNumber(%v) = %q, want %q", v, got, want)
		}
	}
}
