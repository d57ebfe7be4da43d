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

// TestTextShowsPayouts: a new deal that lifts a paid quarter shows as a
// payout change (engine's TestCompHandComputed: cat's Q1 of 27,000 pays
// 900; with 18,000 more, 45,000 / 90,000 = 0.5 pays 6,000 x 0.25 = 1,500).
func TestTextShowsPayouts(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join("..", "..", "testdata", "comp")
	for _, f := range []string{"plan.hcl", "data/deals.csv"} {
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
	if err := os.WriteFile(deals, append(data, "D9,cat,2027-03-10,18000,booking\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	after := eval()
	var out bytes.Buffer
	now := time.Date(2027, 5, 15, 9, 0, 0, 0, time.UTC)
	r := Report{Seq: 2, Time: now, Result: after, LastGood: before, LastGoodTime: now.Add(-time.Minute),
		Changes: diff.CompareResults(before, after)}
	if err := WriteText(&out, r, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	for _, want := range []string{"comp: 1 rep changed", "~ cat  comp ae  payout $900 -> $1,500  +$600  +66.7%"} {
		if !strings.Contains(text, want) {
			t.Errorf("watch output lacks %q:\n%s", want, text)
		}
	}
}
