package render

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/diff"

	"github.com/quotaplan/quotaplan/engine"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares got with testdata/name, or rewrites the file under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (run go test -update to accept):\n%s", path, diff.Diff(path, want, "got", got))
	}
}

// renderCase is one rendering compared with a golden file.
type renderCase struct {
	name   string // also the golden file name, without .golden
	result func() *engine.Result
	opts   Options
}

// byCases renders the fixture with every grouping, the 24-month plan by
// year and quarter, and the fixture in colour.
func byCases() []renderCase {
	return []renderCase{
		{"quarter", fixture, Options{}},
		{"month", fixture, Options{By: ByMonth}},
		{"year", fixture, Options{By: ByYear}},
		{"long_year", longFixture, Options{By: ByYear}},
		{"long_quarter", longFixture, Options{By: ByQuarter}},
		{"color", fixture, Options{Color: true}},
	}
}

// runGolden renders every case with fn and compares with
// testdata/<prefix>_<case>.golden.
func runGolden(t *testing.T, prefix string, fn func(*bytes.Buffer, *engine.Result, Options) error) {
	for _, tc := range byCases() {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := fn(&buf, tc.result(), tc.opts); err != nil {
				t.Fatal(err)
			}
			golden(t, prefix+"_"+tc.name+".golden", buf.Bytes())
		})
	}
}
