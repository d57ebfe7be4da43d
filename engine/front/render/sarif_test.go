package render

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"

	"github.com/quotaplan/quotaplan/engine"
	"github.com/quotaplan/quotaplan/plans"
)

// validateSARIF checks a SARIF log against what the SARIF 2.1.0 schema
// (sarif-schema-2.1.0.json, OASIS) requires of the parts quotaplan
// writes, and the rules of the standard it cannot express:
//
//   - the log: "version" is "2.1.0" (required, an enum), "runs" is an
//     array (required), "$schema" a URI when present;
//   - each run: "tool" (required) with a "driver" (required) whose "name"
//     (required) is a non-empty string; "informationUri" a URI when
//     present; "rules" an array of reportingDescriptors, each with a
//     non-empty, unique "id" (required), "shortDescription.text" (a
//     multiformatMessageString requires "text") and
//     "defaultConfiguration.level" in the level enum when present;
//   - each result: "message" (required) with "text" (a message needs "text"
//     or "id"; we write text); "ruleId" a rule of the driver, "ruleIndex"
//     its index (§3.27.6, 3.27.7); "level" one of none, note, warning,
//     error; each location's physicalLocation with an artifactLocation
//     whose "uri" is a URI reference and a region with "startLine" >= 1
//     and "startColumn" >= 1 (the schema's minimums).
//
// It returns every violation, each naming the JSON path.
func validateSARIF(data []byte) []string {
	var problems []string
	bad := func(path, format string, args ...any) {
		problems = append(problems, path+": "+fmt.Sprintf(format, args...))
	}
	var log map[string]any
	if err := json.Unmarshal(data, &log); err != nil {
		return []string{"not JSON: " + err.Error()}
	}
	if v, _ := log["version"].(string); v != "2.1.0" {
		bad("version", "got %v, want \"2.1.0\"", log["version"])
	}
	if s, ok := log["$schema"]; ok {
		uriRef(bad, "$schema", s, true)
	}
	runs, ok := log["runs"].([]any)
	if !ok {
		bad("runs", "required array missing")
	}
	for i, run := range runs {
		path := fmt.Sprintf("runs[%d]", i)
		r, ok := run.(map[string]any)
		if !ok {
			bad(path, "not an object")
			continue
		}
		driver := object(r, "tool", "driver")
		if driver == nil {
			bad(path+".tool.driver", "required object missing")
			continue
		}
		if name, _ := driver["name"].(string); name == "" {
			bad(path+".tool.driver.name", "required non-empty string missing")
		}
		if u, ok := driver["informationUri"]; ok {
			uriRef(bad, path+".tool.driver.informationUri", u, true)
		}
		var ids []string
		rules, _ := driver["rules"].([]any)
		for j, rule := range rules {
			rpath := fmt.Sprintf("%s.tool.driver.rules[%d]", path, j)
			rm, _ := rule.(map[string]any)
			id, _ := rm["id"].(string)
			switch {
			case id == "":
				bad(rpath+".id", "required non-empty string missing")
			case slices.Contains(ids, id):
				bad(rpath+".id", "%q is not unique", id)
			}
			ids = append(ids, id)
			if sd, ok := rm["shortDescription"]; ok {
				if text, _ := sd.(map[string]any)["text"].(string); text == "" {
					bad(rpath+".shortDescription.text", "required non-empty string missing")
				}
			}
			if dc := object(rm, "defaultConfiguration"); dc != nil {
				level(bad, rpath+".defaultConfiguration.level", dc["level"])
			}
		}
		results, ok := r["results"].([]any)
		if !ok && r["results"] != nil {
			bad(path+".results", "not an array")
		}
		for j, res := range results {
			rpath := fmt.Sprintf("%s.results[%d]", path, j)
			rm, _ := res.(map[string]any)
			if text, _ := object(rm, "message")["text"].(string); text == "" {
				bad(rpath+".message.text", "required non-empty string missing")
			}
			ruleID, _ := rm["ruleId"].(string)
			k := slices.Index(ids, ruleID)
			if k < 0 {
				bad(rpath+".ruleId", "%q is not a rule of the driver", ruleID)
			}
			if idx, ok := rm["ruleIndex"].(float64); ok && int(idx) != k {
				bad(rpath+".ruleIndex", "%v is not the index %d of rule %q", idx, k, ruleID)
			}
			if lv, ok := rm["level"]; ok {
				level(bad, rpath+".level", lv)
			}
			for _, key := range []string{"locations", "relatedLocations"} {
				locs, _ := rm[key].([]any)
				for n, l := range locs {
					lpath := fmt.Sprintf("%s.%s[%d].physicalLocation", rpath, key, n)
					lm, _ := l.(map[string]any)
					phys := object(lm, "physicalLocation")
					if phys == nil {
						bad(lpath, "missing")
						continue
					}
					uri, ok := object(phys, "artifactLocation")["uri"]
					if !ok {
						bad(lpath+".artifactLocation.uri", "missing")
					}
					uriRef(bad, lpath+".artifactLocation.uri", uri, false)
					region := object(phys, "region")
					for _, pos := range []string{"startLine", "startColumn"} {
						if v, ok := region[pos].(float64); !ok || v < 1 || v != float64(int(v)) {
							bad(lpath+".region."+pos, "got %v, want an integer >= 1", region[pos])
						}
					}
				}
			}
		}
	}
	return problems
}

// object follows keys through nested objects; nil when one is missing.
func object(m map[string]any, keys ...string) map[string]any {
	for _, k := range keys {
		next, ok := m[k].(map[string]any)
		if !ok {
			return nil
		}
		m = next
	}
	return m
}

// uriRef reports v when it is not a string holding a URI reference (an
// absolute URI when abs).
func uriRef(bad func(string, string, ...any), path string, v any, abs bool) {
	s, ok := v.(string)
	if !ok || s == "" {
		bad(path, "got %v, want a URI", v)
		return
	}
	u, err := url.Parse(s)
	if err != nil {
		bad(path, "%q is not a URI reference: %v", s, err)
		return
	}
	if abs && !u.IsAbs() {
		bad(path, "%q is not an absolute URI", s)
	}
	if u.String() != s {
		bad(path, "%q is not in canonical form (%q)", s, u.String())
	}
}

// level reports v when it is not a SARIF level.
func level(bad func(string, string, ...any), path string, v any) {
	if s, _ := v.(string); !slices.Contains([]string{"none", "note", "warning", "error"}, s) {
		bad(path, "got %v, want one of none, note, warning, error", v)
	}
}

// TestSARIFValid checks logs written by checksSARIF with validateSARIF:
// with and without subject locations, without checks, and with file names
// that a URI must escape or that are absolute.
func TestSARIFValid(t *testing.T) {
	located, p := locatedFixture()
	odd := fixture()
	for i, name := range []string{"my plan/checks #1.hcl", "/abs/plan dir/checks.hcl", "100%.hcl", "c:d/x.hcl"} {
		odd.Checks[i*2+1].Range.Filename = name
	}
	odd.Checks[0].Range = hcl.Range{} // a result with no known place
	tests := []struct {
		name string
		r    *engine.Result
		loc  SubjectLocator
	}{
		{"located", located, PlanSubjects(p)},
		{"checks only", fixture(), nil},
		{"no checks", longFixture(), nil},
		{"all passing", passingFixture(), nil},
		{"odd file names", odd, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := checksSARIF(&buf, tc.r, tc.loc); err != nil {
				t.Fatal(err)
			}
			for _, p := range validateSARIF(buf.Bytes()) {
				t.Error(p)
			}
		})
	}
}

// TestSARIFValidOnShippedPlans validates the SARIF logs of the example
// plans, one of which imports its reps and territories from CSV, and
// checks that each failure of a rep or territory check points at a CSV row
// or rep block of the plan.
func TestSARIFValidOnShippedPlans(t *testing.T) {
	for _, name := range []string{"starter", "saas-fy2027"} {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join("..", "..", "..", "examples", name)
			m, _, diags := engine.Load(dir, engine.Options{Scenario: "stretch"})
			if diags.HasErrors() {
				t.Fatal(diags)
			}
			r, diags := m.Evaluate(context.Background())
			if diags.HasErrors() {
				t.Fatal(diags)
			}
			var buf bytes.Buffer
			if err := checksSARIF(&buf, r, PlanSubjects(m.Plan)); err != nil {
				t.Fatal(err)
			}
			for _, p := range validateSARIF(buf.Bytes()) {
				t.Error(p)
			}
			var log struct {
				Runs []struct {
					Results []struct {
						RuleID    string `json:"ruleId"`
						Locations []struct {
							PhysicalLocation sarifPhysicalLocation `json:"physicalLocation"`
						} `json:"locations"`
					} `json:"results"`
				} `json:"runs"`
			}
			if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
				t.Fatal(err)
			}
			if len(log.Runs[0].Results) == 0 {
				t.Fatal("no failures to check")
			}
			scope := map[string]string{}
			for _, c := range m.Plan.Checks {
				scope[c.Name] = c.Scope
			}
			for _, res := range log.Runs[0].Results {
				at := res.Locations[0].PhysicalLocation
				uri := at.ArtifactLocation.URI
				if !strings.HasPrefix(uri, filepath.ToSlash(dir)+"/") {
					t.Errorf("location %q is not in the plan directory as given", uri)
				}
				onCheck := false
				for _, c := range m.Plan.Checks {
					if c.Name == res.RuleID && filepath.ToSlash(c.DefRange.Filename) == uri && c.DefRange.Start.Line == at.Region.StartLine {
						onCheck = true
					}
				}
				if s := scope[res.RuleID]; (s == plans.ScopeRep || s == plans.ScopeTerritory) == onCheck {
					t.Errorf("a failure of the %s check %s is placed at %s:%d", s, res.RuleID, uri, at.Region.StartLine)
				}
			}
		})
	}
}

// TestValidateSARIFCatches makes sure the validator is not vacuous: each
// broken log is reported.
func TestValidateSARIFCatches(t *testing.T) {
	const run = `"tool": {"driver": {"name": "quotaplan", "rules": [{"id": "a"}]}}`
	loc := func(line int) string {
		return fmt.Sprintf(`"locations": [{"physicalLocation": {"artifactLocation": {"uri": "p.hcl"}, "region": {"startLine": %d, "startColumn": 1}}}]`, line)
	}
	tests := map[string]string{
		"wrong version":  `{"version": "2.0.0", "runs": []}`,
		"no runs":        `{"version": "2.1.0"}`,
		"no driver name": `{"version": "2.1.0", "runs": [{"tool": {"driver": {}}}]}`,
		"duplicate rule": `{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "q", "rules": [{"id": "a"}, {"id": "a"}]}}}]}`,
		"no message":     `{"version": "2.1.0", "runs": [{` + run + `, "results": [{"ruleId": "a", "level": "error"}]}]}`,
		"unknown rule":   `{"version": "2.1.0", "runs": [{` + run + `, "results": [{"ruleId": "b", "message": {"text": "x"}}]}]}`,
		"bad level":      `{"version": "2.1.0", "runs": [{` + run + `, "results": [{"ruleId": "a", "level": "info", "message": {"text": "x"}}]}]}`,
		"line zero":      `{"version": "2.1.0", "runs": [{` + run + `, "results": [{"ruleId": "a", "message": {"text": "x"}, ` + loc(0) + `}]}]}`,
		"bad uri":        `{"version": "2.1.0", "runs": [{` + run + `, "results": [{"ruleId": "a", "message": {"text": "x"}, "locations": [{"physicalLocation": {"artifactLocation": {"uri": "a b.hcl"}, "region": {"startLine": 1, "startColumn": 1}}}]}]}]}`,
	}
	for name, log := range tests {
		if len(validateSARIF([]byte(log))) == 0 {
			t.Errorf("%s: not reported", name)
		}
	}
	ok := `{"version": "2.1.0", "runs": [{` + run + `, "results": [{"ruleId": "a", "ruleIndex": 0, "message": {"text": "x"}, ` + loc(1) + `}]}]}`
	if p := validateSARIF([]byte(ok)); len(p) != 0 {
		t.Errorf("a valid log is reported: %v", p)
	}
}

func TestFileURI(t *testing.T) {
	tests := map[string]string{
		"plan/checks.hcl":        "plan/checks.hcl",
		"my plan/data/reps.csv":  "my%20plan/data/reps.csv",
		"100%.hcl":               "100%25.hcl",
		"c:d/x.hcl":              "./c:d/x.hcl",
		"/abs/plan dir/plan.hcl": "file:///abs/plan%20dir/plan.hcl",
	}
	for name, want := range tests {
		if got := fileURI(name); got != want {
			t.Errorf("fileURI(%q) = %q, want %q", name, got, want)
		}
	}
}
