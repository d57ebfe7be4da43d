package render

import (
	"fmt"
	"io"
	"testing"

	"github.com/quotaplan/quotaplan/engine"
)

// bigResult is a 12-month plan of n reps in teams of 10, each carrying two
// measures.
func bigResult(n int) *engine.Result {
	r := planShell("big", "Big plan", "2027-01-01", 12)
	r.Measures = []engine.Measure{{Name: "meetings", Unit: "meetings"}, {Name: "new_arr", Unit: "USD"}}
	months := make([]float64, 12)
	for i := range months {
		months[i] = 10000 + float64(i)
	}
	for i := range n {
		manager := ""
		if i%10 != 0 {
			manager = fmt.Sprintf("rep%06d", i-i%10)
		}
		r.Reps = append(r.Reps, rep(fmt.Sprintf("rep%06d", i), "Name", "AE", "", manager,
			quota("new_arr", "USD", 120000, months...), quota("meetings", "meetings", 120, months...)))
	}
	r.Summary.Reps = n
	r.RollUp()
	return r
}

// BenchmarkRender renders every format of plans of 1000 to 100000 reps.
func BenchmarkRender(b *testing.B) {
	for _, n := range []int{1000, 10000, 100000} {
		r := bigResult(n)
		for _, format := range Formats() {
			b.Run(fmt.Sprintf("%s/%d", format, n), func(b *testing.B) {
				for b.Loop() {
					if err := Write(io.Discard, format, r, Options{}); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
