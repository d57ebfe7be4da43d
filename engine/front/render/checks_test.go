package render

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/quotaplan/quotaplan/engine"
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

func TestCheckSummary(t *testing.T) {
	tests := []struct {
		name     string
		summary  engine.Summary
		keepZero bool
		want     string
	}{
		{"all parts", engine.Summary{Errors: 2, Warnings: 3, Infos: 1, Passed: 40}, false, "Checks: 2 errors, 3 warnings, 1 info, 40 passed"},
		{"singular", engine.Summary{Errors: 1, Warnings: 1, Passed: 1}, false, "Checks: 1 error, 1 warning, 1 passed"},
		{"zeros omitted", engine.Summary{Warnings: 2, Passed: 0}, false, "Checks: 2 warnings, 0 passed"},
		{"zeros kept", engine.Summary{Errors: 2, Warnings: 1, Passed: 57}, true, "Checks: 2 errors, 1 warning, 0 info, 57 passed"},
		{"only passed", engine.Summary{Passed: 57}, false, "Checks: 57 passed"},
		{"no checks", engine.Summary{}, false, "Checks: none"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := checkSummary(tc.summary, tc.keepZero); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestFinalCheckLine(t *testing.T) {
	tests := []struct {
		name    string
		summary engine.Summary
		want    string
	}{
		{"failures", engine.Summary{Errors: 2, Warnings: 1, Passed: 57}, "Checks: 2 errors, 1 warning, 0 info, 57 passed"},
		{"all passed", engine.Summary{Passed: 57}, "All 57 checks passed."},
		{"one passed", engine.Summary{Passed: 1}, "1 check passed."},
		{"no checks", engine.Summary{}, "No checks."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := finalCheckLine(tc.summary); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestChecksJSONGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := ChecksJSON(&buf, fixture()); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, filepath.Join("testdata", "checks_json.golden"), buf.Bytes())
}
