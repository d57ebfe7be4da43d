package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"

	"github.com/quotaplan/quotaplan/engine"
	"github.com/quotaplan/quotaplan/plans"
	"github.com/quotaplan/quotaplan/plans/golden"
)

func TestChecksGolden(t *testing.T) {
	tests := []struct {
		name   string
		result func() *engine.Result
		opts   CheckOptions
	}{
		{"failed", fixture, CheckOptions{}},
		{"all", fixture, CheckOptions{ShowPassed: true}},
		{"color", fixture, CheckOptions{Color: true, ShowPassed: true}},
		{"passing", passingFixture, CheckOptions{}},
		{"none", longFixture, CheckOptions{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Checks(&buf, tc.result(), tc.opts); err != nil {
				t.Fatal(err)
			}
			golden.Check(t, filepath.Join("testdata", "checks_"+tc.name+".golden"), buf.Bytes())
		})
	}
}

func TestCheckCounts(t *testing.T) {
	tests := []struct {
		name    string
		summary engine.Summary
		color   bool
		want    string
	}{
		{"all parts", engine.Summary{Errors: 2, Warnings: 3, Infos: 1, Passed: 40}, false, "2 errors, 3 warnings, 1 info, 40 passed"},
		{"singular", engine.Summary{Errors: 1, Warnings: 1, Infos: 1, Passed: 1}, false, "1 error, 1 warning, 1 info, 1 passed"},
		{"zeros kept", engine.Summary{Warnings: 1, Passed: 5}, false, "0 errors, 1 warning, 0 info, 5 passed"},
		{"only passed", engine.Summary{Passed: 57}, false, "0 errors, 0 warnings, 0 info, 57 passed"},
		{"no checks", engine.Summary{}, false, "0 errors, 0 warnings, 0 info, 0 passed"},
		{"thousands", engine.Summary{Errors: 1200, Passed: 1985000}, false, "1,200 errors, 0 warnings, 0 info, 1,985,000 passed"},
		{"color paints failures that happened", engine.Summary{Errors: 2, Infos: 1, Passed: 3}, true,
			"\x1b[31m2 errors\x1b[0m, 0 warnings, \x1b[36m1 info\x1b[0m, 3 passed"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := CheckCounts(tc.summary, tc.color); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestCheckSummaryIsTheLastLineOfEveryTextReport(t *testing.T) {
	want := "Checks: 2 errors, 1 warning, 1 info, 4 passed"
	if got := checkSummary(fixture().Summary, false); got != want {
		t.Errorf("checkSummary = %q, want %q", got, want)
	}
	for _, o := range []CheckOptions{{}, {ShowPassed: true}} {
		var buf bytes.Buffer
		if err := Checks(&buf, fixture(), o); err != nil {
			t.Fatal(err)
		}
		if !bytes.HasSuffix(buf.Bytes(), []byte("\n"+want+"\n")) {
			t.Errorf("Checks(%+v) does not end with the summary:\n%s", o, buf.Bytes())
		}
	}
}

// locatedFixture is fixture with a failed territory check whose message
// holds the characters the CI formats escape, and the plan that declares
// its subjects: reps in HCL blocks and CSV rows, a territory in a CSV row;
// bob is left undeclared, so that his results fall back to the check.
func locatedFixture() (*engine.Result, *plans.Plan) {
	r := fixture()
	r.Checks = append(r.Checks, check("territory_capacity", "warning", "emea-ent", engine.StatusFail,
		"quotas total 1,024,000: 120% of capacity\r\nraise it, or move <accounts> & \"reps\"", "checks.hcl", 50))
	r.Summary.Warnings++
	at := func(file string, line, col int) hcl.Range {
		return hcl.Range{Filename: file, Start: hcl.Pos{Line: line, Column: col}, End: hcl.Pos{Line: line, Column: col + 5}}
	}
	p := &plans.Plan{
		ID: "fy2027",
		Checks: []*plans.Check{
			{Name: "capacity_gap", Scope: plans.ScopeGoal},
			{Name: "coverage", Scope: plans.ScopeRep},
			{Name: "meetings_booked", Scope: plans.ScopeRep},
			{Name: "quota_to_ote", Scope: plans.ScopeRep},
			{Name: "ramp_sane", Scope: plans.ScopeRep},
			{Name: "territory_capacity", Scope: plans.ScopeTerritory},
		},
		Reps: []*plans.Rep{
			{ID: "alice", DefRange: at("reps.hcl", 3, 1)},
			{ID: "ursula", DefRange: at("data/reps.csv", 7, 1)},
			{ID: "zed", DefRange: at("data/reps.csv", 9, 1)},
		},
		Territories: []*plans.Territory{
			{ID: "emea", DefRange: at("data/territories.csv", 2, 1)},
			{ID: "emea-ent", DefRange: at("data/territories.csv", 3, 1)},
		},
	}
	return r, p
}

func TestPlanSubjects(t *testing.T) {
	_, p := locatedFixture()
	loc := PlanSubjects(p)
	tests := []struct {
		check, subject string
		want           string // "file:line:col", or "" when not located
	}{
		{"coverage", "alice", "reps.hcl:3:1"},
		{"quota_to_ote", "ursula", "data/reps.csv:7:1"},
		{"meetings_booked", "zed", "data/reps.csv:9:1"},
		{"territory_capacity", "emea-ent", "data/territories.csv:3:1"},
		{"quota_to_ote", "bob", ""},         // not declared in the plan
		{"capacity_gap", "fy2027", ""},      // a goal check: the check is the place
		{"unknown_check", "alice", ""},      // a check the plan does not have
		{"territory_capacity", "alice", ""}, // a rep id under a territory check
		{"coverage", "emea-ent", ""},        // a territory id under a rep check
	}
	for _, tc := range tests {
		t.Run(tc.check+"/"+tc.subject, func(t *testing.T) {
			at, ok := loc(&engine.CheckResult{Check: tc.check, Subject: tc.subject})
			got := ""
			if ok {
				got = position(at)
			}
			if got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
	if PlanSubjects(nil) != nil {
		t.Error("PlanSubjects(nil) should locate nothing")
	}
}

// TestWriteChecksGolden renders the located fixture in every format.
func TestWriteChecksGolden(t *testing.T) {
	for _, format := range CheckFormats() {
		t.Run(format, func(t *testing.T) {
			r, p := locatedFixture()
			var buf bytes.Buffer
			if err := WriteChecks(&buf, format, r, CheckOptions{Subjects: PlanSubjects(p)}); err != nil {
				t.Fatal(err)
			}
			golden.Check(t, filepath.Join("testdata", "checks_"+format+"_located.golden"), buf.Bytes())
		})
	}
}

func TestWriteChecksErrors(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteChecks(&buf, "xml", fixture(), CheckOptions{}); err == nil || !strings.Contains(err.Error(), "text, json, junit, sarif, github") {
		t.Errorf("unknown format: got %v, want an error listing the formats", err)
	}
	for _, format := range CheckFormats() {
		if err := WriteChecks(&buf, format, nil, CheckOptions{}); err == nil {
			t.Errorf("%s: no error for a nil result", format)
		}
	}
	if buf.Len() != 0 {
		t.Errorf("wrote %q on error", buf.String())
	}
}

// TestChecksJSONLocations decodes the json format and checks the places of
// the check and of the subject, the latter only where it is known.
func TestChecksJSONLocations(t *testing.T) {
	r, p := locatedFixture()
	var buf bytes.Buffer
	if err := WriteChecks(&buf, "json", r, CheckOptions{Subjects: PlanSubjects(p)}); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Checks []struct {
			Check       string `json:"check"`
			Subject     string `json:"subject"`
			File        string `json:"file"`
			Line        int    `json:"line"`
			SubjectFile string `json:"subject_file"`
			SubjectLine int    `json:"subject_line"`
		}
		Summary map[string]int
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, c := range doc.Checks {
		got[c.Check+"/"+c.Subject] = fmt.Sprintf("%s:%d %s:%d", c.File, c.Line, c.SubjectFile, c.SubjectLine)
	}
	want := map[string]string{
		"capacity_gap/fy2027":         "plan.hcl:20 :0",
		"coverage/alice":              "checks.hcl:8 reps.hcl:3",
		"coverage/ursula":             "checks.hcl:8 data/reps.csv:7",
		"meetings_booked/zed":         "checks.hcl:30 data/reps.csv:9",
		"quota_to_ote/alice":          "checks.hcl:12 reps.hcl:3",
		"quota_to_ote/bob":            "checks.hcl:12 :0",
		"quota_to_ote/ursula":         "checks.hcl:12 data/reps.csv:7",
		"ramp_sane/alice":             "checks.hcl:40 reps.hcl:3",
		"territory_capacity/emea-ent": "checks.hcl:50 data/territories.csv:3",
	}
	if !maps.Equal(got, want) {
		t.Errorf("places:\n got %v\nwant %v", got, want)
	}
	wantSummary := map[string]int{"reps": 8, "errors": 2, "warnings": 2, "infos": 1, "passed": 4}
	if !maps.Equal(doc.Summary, wantSummary) {
		t.Errorf("summary: got %v, want %v", doc.Summary, wantSummary)
	}
}
