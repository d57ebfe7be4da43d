package watch

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/quotaplan/quotaplan/engine"
	"github.com/quotaplan/quotaplan/engine/front/diff"
)

// TestTextShowsActuals: a plan with actual blocks reports its attainment
// on every evaluation, and a new deal shows as an actual change (the
// figures of engine's TestActualsHandComputed: alice 21,500 of 35,000 to
// date, then 28,500 with D16's 7,000).
func TestTextShowsActuals(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join("..", "..", "testdata", "actuals")
	for _, f := range []string{"plan.hcl", "data/deals.csv", "data/forecasts.csv"} {
		data, err := os.ReadFile(filepath.Join(src, f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, f)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	eval := func() *engine.Result {
		res, _, diags := engine.Run(context.Background(), dir, engine.Options{})
		if diags.HasErrors() {
			t.Fatal(diags)
		}
		return res
	}
	before := eval()
	deals := filepath.Join(dir, "data", "deals.csv")
	data, _ := os.ReadFile(deals)
	if err := os.WriteFile(deals, append(data, "D16,alice,,,,Closed Won,2027-03-20,7000\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	after := eval()
	var out bytes.Buffer
	now := time.Date(2027, 4, 15, 9, 0, 0, 0, time.UTC)
	r := Report{Seq: 2, Time: now, Result: after, LastGood: before, LastGoodTime: now.Add(-time.Minute),
		Changes: diff.CompareResults(before, after)}
	if err := WriteText(&out, r, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	for _, want := range []string{
		"actuals: 2 reps changed",
		"~ alice  new_arr  actual 21,500 -> 28,500",
		"attainment 61.4% -> 81.4%",
		"attainment new_arr as of 2027-04-15: 1 of 2 ramped reps at or above quota (50.0%)",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("watch output lacks %q:\n%s", want, text)
		}
	}
}
