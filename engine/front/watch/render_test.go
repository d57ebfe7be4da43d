package watch

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/hcl/v2"

	"github.com/quotaplan/quotaplan/engine/front/session"
	"github.com/quotaplan/quotaplan/plans/golden"
)

// t0 is the time of the first report of the scripted sessions.
var t0 = time.Date(2027, 3, 1, 14, 3, 7, 0, time.UTC)

// edit is a change to the fixture plan before an evaluation.
type edit struct {
	file, old, new string
}

// scripted evaluates the fixture once per step, applying the step's edits
// first, and returns the reports a watcher would have made, one second and
// 41 ms apart.
func scripted(t *testing.T, steps ...[]edit) []Report {
	t.Helper()
	dir := fixture(t)
	step := 0
	s := session.New(dir, session.Options{Clock: func() time.Time { return t0.Add(time.Duration(step) * time.Second) }})
	var reports []Report
	for i, edits := range steps {
		for _, e := range edits {
			path := filepath.Join(dir, e.file)
			os.WriteFile(path, []byte(strings.Replace(read(t, path), e.old, e.new, 1)), 0o644)
		}
		step = i
		sn, lastGood, err := s.Evaluate(context.Background(), nil)
		if err != nil {
			t.Fatal(err)
		}
		sn.Sources, sn.Diagnostics, sn.Took = relative(dir, sn.Sources), relativeDiags(dir, sn.Diagnostics), 41*time.Millisecond
		reports = append(reports, reportOf(sn, lastGood))
	}
	return reports
}

// relative renames the sources of a temporary directory so that golden
// files do not depend on where it was.
func relative(dir string, src map[string][]byte) map[string][]byte {
	out := map[string][]byte{}
	for name, b := range src {
		out[strings.TrimPrefix(name, dir+string(filepath.Separator))] = b
	}
	return out
}

// relativeDiags renames the files of diagnostics like relative.
func relativeDiags(dir string, diags hcl.Diagnostics) hcl.Diagnostics {
	for _, d := range diags {
		if d.Subject != nil {
			d.Subject.Filename = strings.TrimPrefix(d.Subject.Filename, dir+string(filepath.Separator))
		}
	}
	return diags
}

var (
	raiseAlice = []edit{{repsCSV, aliceStart, aliceUpTo}}
	raiseBoth  = []edit{{repsCSV, aliceStart, aliceUpTo}, {repsCSV, "bob,Bob Okafor,AE,480000", "bob,Bob Okafor,AE,360000"}}
	breakPlan  = []edit{{planHCL, "rep.base", "rep.bsae"}}
	fixPlan    = []edit{{planHCL, "rep.bsae", "rep.base"}}
)

// renderCases are the report sequences of the golden tests; each case's
// golden file holds its last report.
var renderCases = []struct {
	name  string
	steps [][]edit
	opts  TextOptions
}{
	{"first", [][]edit{nil}, TextOptions{}},
	{"changed", [][]edit{nil, raiseAlice}, TextOptions{}},
	{"unchanged", [][]edit{nil, nil}, TextOptions{}},
	{"truncated", [][]edit{nil, raiseBoth}, TextOptions{MaxReps: 1}},
	{"invalid_first", [][]edit{breakPlan}, TextOptions{}},
	{"invalid_kept", [][]edit{nil, breakPlan}, TextOptions{}},
	{"fixed_after_invalid", [][]edit{nil, breakPlan, append(fixPlan, raiseAlice...)}, TextOptions{}},
	{"color", [][]edit{nil, raiseAlice}, TextOptions{Color: true}},
}

func TestWriteText(t *testing.T) {
	for _, tc := range renderCases {
		t.Run(tc.name, func(t *testing.T) {
			reports := scripted(t, tc.steps...)
			var b bytes.Buffer
			if err := WriteText(&b, reports[len(reports)-1], tc.opts); err != nil {
				t.Fatal(err)
			}
			golden.Check(t, filepath.Join("testdata", "text_"+tc.name+".golden"), b.Bytes())
		})
	}
}

func TestWriteJSON(t *testing.T) {
	for _, tc := range renderCases {
		if tc.opts.Color {
			continue
		}
		t.Run(tc.name, func(t *testing.T) {
			reports := scripted(t, tc.steps...)
			var b bytes.Buffer
			if err := WriteJSON(&b, reports[len(reports)-1]); err != nil {
				t.Fatal(err)
			}
			if n := bytes.Count(b.Bytes(), []byte("\n")); n != 1 {
				t.Fatalf("WriteJSON wrote %d lines, want one", n)
			}
			if !json.Valid(b.Bytes()) {
				t.Fatalf("invalid JSON: %s", b.Bytes())
			}
			var pretty bytes.Buffer
			json.Indent(&pretty, b.Bytes(), "", "  ")
			golden.Check(t, filepath.Join("testdata", "json_"+tc.name+".golden"), append(pretty.Bytes(), '\n'))
		})
	}
}
