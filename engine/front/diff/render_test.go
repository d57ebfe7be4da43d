package diff

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/quotaplan/quotaplan/engine"
	"github.com/quotaplan/quotaplan/plans/golden"
)

// goldenReport is a change that touches every section: a quota, a rep
// added and one removed, an attribute, a territory, a goal, checks,
// variables and the scenario.
func goldenReport() *Report {
	head := fixture()
	setQuota(head, "alice", 132000)
	head.Reps = append(head.Reps, rep("carol", "east", "maria", 60000))
	head.Reps = removeRep(head.Reps, "bob")
	head.Territories[0].Quotas["new_arr"] = 60000
	head.Territories = append(head.Territories, &engine.TerritoryResult{ID: "north", Quotas: map[string]float64{"new_arr": 0}})
	head.Checks[1].Status = engine.StatusPass
	head.Checks = append(head.Checks, &engine.CheckResult{Check: "ote", Severity: "error", Subject: "carol", Status: engine.StatusFail, Message: "quota is 7x OTE | too high"})
	head.Vars = map[string]any{"growth": 0.3, "regions": []any{"west", "east", "north"}}
	head.Scenario = "stretch"
	head.Goals[0].Assigned, head.Goals[0].Ratio = 192000, 0.64
	head.RollUp()
	base := Input{Label: "main:plan", Result: fixture(), RepAttrs: map[string]map[string]any{
		"alice": {"name": "Rep alice", "ote": 30000.0}, "bob": {"name": "Rep bob", "role": "AE"},
	}}
	h := Input{Label: "plan", Result: head, RepAttrs: map[string]map[string]any{
		"alice": {"name": "Rep alice", "ote": 33000.0, "start": "2027-03-01"}, "carol": {"name": "Rep carol", "role": "AE", "manager": "maria"},
	}}
	return Compare(base, h)
}

// removeRep returns reps without id.
func removeRep(reps []*engine.RepResult, id string) []*engine.RepResult {
	var out []*engine.RepResult
	for _, r := range reps {
		if r.ID != id {
			out = append(out, r)
		}
	}
	return out
}

func TestGolden(t *testing.T) {
	tests := []struct {
		name   string
		format string
		report func() *Report
		opts   Options
	}{
		{"change.txt", "text", goldenReport, Options{}},
		{"change.color.txt", "text", goldenReport, Options{Color: true}},
		{"change.md", "markdown", goldenReport, Options{}},
		{"change.json", "json", goldenReport, Options{}},
		{"delta.txt", "text", func() *Report { r := goldenReport(); r.SortByDelta(); return r }, Options{}},
		{"none.txt", "text", func() *Report { return CompareResults(fixture(), fixture()) }, Options{}},
		{"none.md", "markdown", func() *Report { return CompareResults(fixture(), fixture()) }, Options{}},
		{"none.json", "json", func() *Report { return CompareResults(fixture(), fixture()) }, Options{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Write(&buf, tt.format, tt.report(), tt.opts); err != nil {
				t.Fatal(err)
			}
			var again bytes.Buffer
			if err := Write(&again, tt.format, tt.report(), tt.opts); err != nil || !bytes.Equal(buf.Bytes(), again.Bytes()) {
				t.Fatalf("second rendering differs (err %v)", err)
			}
			golden.Check(t, filepath.Join("testdata", tt.name), buf.Bytes())
		})
	}
}

func TestWriteUnknownFormat(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, "yaml", goldenReport(), Options{}); err == nil || buf.Len() > 0 {
		t.Errorf("Write(yaml) = %v with %d bytes, want an error and nothing written", err, buf.Len())
	}
}

func TestMarkdownCap(t *testing.T) {
	base, head := fixture(), fixture()
	for i := range 3000 {
		id := fmt.Sprintf("rep%04d", i)
		base.Reps = append(base.Reps, rep(id, "west", "maria", 100000))
		head.Reps = append(head.Reps, rep(id, "west", "maria", 110000+float64(i)))
	}
	base.RollUp()
	head.RollUp()
	r := CompareResults(base, head)
	tests := []struct {
		name  string
		limit int
	}{
		{"default", 0},
		{"small", 5000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Markdown(&buf, r, Options{MaxChars: tt.limit}); err != nil {
				t.Fatal(err)
			}
			limit := tt.limit
			if limit == 0 {
				limit = DefaultMaxChars
			}
			out := buf.String()
			if buf.Len() > limit || buf.Len() < limit*8/10 {
				t.Errorf("markdown is %d bytes, want at most %d and close to it", buf.Len(), limit)
			}
			for _, want := range []string{"**Note:** this comment is cut", "more rows not shown", "</details>", "Per-rep changes (3,000 reps)"} {
				if !strings.Contains(out, want) {
					t.Errorf("markdown lacks %q", want)
				}
			}
		})
	}
}
