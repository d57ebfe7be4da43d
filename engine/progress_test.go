package engine

import (
	"context"
	"fmt"
	"slices"
	"testing"
)

// TestProgress checks that Evaluate reports every step, in dependency
// order and counted, then goals and checks.
func TestProgress(t *testing.T) {
	var got []string
	opts := Options{Progress: func(stage string, done, total int) {
		got = append(got, fmt.Sprintf("%s %d/%d", stage, done, total))
	}}
	if _, _, diags := Run(context.Background(), "testdata/handcalc", opts); diags.HasErrors() {
		t.Fatal(diags)
	}
	want := []string{"new_arr 0/6", "meetings_needed 1/6", "calls 2/6", "meetings 3/6", "goals 4/6", "checks 5/6"}
	if !slices.Equal(got, want) {
		t.Errorf("progress %q, want %q", got, want)
	}
}
