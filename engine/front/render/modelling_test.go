package render

import (
	"bytes"
	"context"
	"encoding/json"
	"maps"
	"path/filepath"
	"slices"
	"testing"

	"github.com/quotaplan/quotaplan/engine"
	"github.com/quotaplan/quotaplan/plans/golden"
)

// modellingDir is a plan that uses lets of every scope, custom rep
// attributes, a quota with rollup = false, cumulative rounding and
// waivers: what adds keys to the JSON result and lines to the check
// report.
const modellingDir = "testdata/modelling"

// modellingResult evaluates modellingDir, returning its plan too.
func modellingResult(t *testing.T) (*engine.Result, *engine.Model) {
	t.Helper()
	m, _, diags := engine.Load(modellingDir, engine.Options{})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	res, diags := m.Evaluate(context.Background())
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	return res, m
}

func TestJSONModellingGolden(t *testing.T) {
	res, _ := modellingResult(t)
	var buf bytes.Buffer
	if err := JSON(&buf, res); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, filepath.Join("testdata", "json_modelling.golden"), buf.Bytes())
}

// TestJSONModellingKeys checks the keys the plan's features add, where
// they go, and that the values are those of the result.
func TestJSONModellingKeys(t *testing.T) {
	res, _ := modellingResult(t)
	var buf bytes.Buffer
	if err := JSON(&buf, res); err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	added := map[string][]string{
		"":              {"as_of", "lets", "waivers"},
		"reps[]":        {"attributes", "lets"},
		"territories[]": {"lets"},
		"summary":       {"waived"},
	}
	for path, more := range added {
		want := slices.Sorted(slices.Values(append(slices.Clone(specKeys[path]), more...)))
		for _, o := range lookup(doc, path) {
			if got := slices.Sorted(maps.Keys(o)); !slices.Equal(got, want) {
				t.Errorf("keys of %q = %v, want %v", path, got, want)
			}
		}
	}
	reps := doc["reps"].([]any)
	alice, maria := reps[0].(map[string]any), reps[3].(map[string]any)
	if got := alice["attributes"]; !equalJSON(got, map[string]any{"ote": 100000.0, "segments": []any{"smb", "mid"}}) {
		t.Errorf("alice attributes = %v (start and role have keys of their own or are dates)", got)
	}
	if got := alice["lets"]; !equalJSON(got, map[string]any{"ote_multiple": 3.35}) {
		t.Errorf("alice lets = %v", got)
	}
	team := maria["quotas"].(map[string]any)["team_new_arr"].(map[string]any)
	if team["rollup"] != false {
		t.Errorf("maria team_new_arr = %v, want rollup false", team)
	}
	if _, ok := alice["quotas"].(map[string]any)["new_arr"].(map[string]any)["rollup"]; ok {
		t.Error("a quota that rolls up has a rollup key")
	}
	terr := doc["territories"].([]any)[0].(map[string]any)
	if got := terr["quotas"].(map[string]any)["team_new_arr"]; !equalJSON(got, map[string]any{"total": 0.0}) {
		t.Errorf("territory team_new_arr = %v, want a total of 0: it restates", got)
	}
	// 335,000 + 600,000 + 198,000 over 10 accounts
	if got := terr["lets"]; !equalJSON(got, map[string]any{"per_account": 113300.0}) {
		t.Errorf("territory lets = %v", got)
	}
	if got := doc["summary"].(map[string]any)["waived"]; got != 1.0 {
		t.Errorf("summary waived = %v, want 1", got)
	}
}

// equalJSON compares two decoded JSON values.
func equalJSON(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return bytes.Equal(x, y)
}

// TestChecksWaiversGolden renders the checks of modellingDir, with a
// waiver in force, an expired one and an unused one, in every format.
func TestChecksWaiversGolden(t *testing.T) {
	res, m := modellingResult(t)
	for _, format := range CheckFormats() {
		t.Run(format, func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteChecks(&buf, format, res, CheckOptions{Subjects: PlanSubjects(m.Plan)}); err != nil {
				t.Fatal(err)
			}
			golden.Check(t, filepath.Join("testdata", "checks_"+format+"_waivers.golden"), buf.Bytes())
		})
	}
}

func TestCheckCountsWaived(t *testing.T) {
	if got, want := CheckCounts(engine.Summary{Warnings: 1, Passed: 3, Waived: 2}, false), "0 errors, 1 warning, 0 info, 3 passed, 2 waived"; got != want {
		t.Errorf("CheckCounts = %q, want %q", got, want)
	}
	if got, want := CheckCounts(engine.Summary{Passed: 3, Expired: 1}, false), "0 errors, 0 warnings, 0 info, 3 passed"; got != want {
		t.Errorf("CheckCounts without waived results = %q, want %q", got, want)
	}
}
