package watch

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/quotaplan/quotaplan/engine/front/diff"
)

const (
	repsCSV    = "data/reps.csv"
	planHCL    = "plan.hcl"
	aliceUpTo  = "alice,Alice Chen,AE,720000"
	aliceStart = "alice,Alice Chen,AE,600000"
)

// quotaChange finds the FY change of a rep's measure in a report.
func quotaChange(t *testing.T, r Report, rep, measure string) diff.QuotaChange {
	t.Helper()
	if r.Changes == nil {
		t.Fatalf("report %d has no changes", r.Seq)
	}
	for _, rc := range r.Changes.Reps {
		for _, q := range rc.Quotas {
			if rc.ID == rep && q.Measure == measure {
				return q
			}
		}
	}
	t.Fatalf("report %d: no change of %s %s in %+v", r.Seq, rep, measure, r.Changes.Reps)
	return diff.QuotaChange{}
}

// wantOK fails unless r is a valid report.
func wantOK(t *testing.T, r Report) {
	t.Helper()
	if !r.OK() {
		t.Fatalf("report %d is invalid: %v", r.Seq, r.Diagnostics)
	}
}

// wantInvalid fails unless r is an invalid report mentioning summary.
func wantInvalid(t *testing.T, r Report, summary string) {
	t.Helper()
	if r.OK() {
		t.Fatalf("report %d is valid, want an error %q", r.Seq, summary)
	}
	for _, d := range r.Diagnostics {
		if strings.Contains(d.Summary, summary) {
			return
		}
	}
	t.Fatalf("report %d: no diagnostic %q in %v", r.Seq, summary, r.Diagnostics)
}

func TestRun(t *testing.T) {
	tests := []struct {
		name string
		run  func(t *testing.T, dir string, s *watching, first Report)
	}{
		{"an atomic save reports the quota change", func(t *testing.T, dir string, s *watching, first Report) {
			csv := filepath.Join(dir, repsCSV)
			writeAtomic(t, csv, strings.Replace(read(t, csv), aliceStart, aliceUpTo, 1))
			r := s.next()
			wantOK(t, r)
			q := quotaChange(t, r, "alice", "new_arr")
			if q.Old != 600000 || q.New != 720000 {
				t.Errorf("alice new_arr %v -> %v, want 600000 -> 720000", q.Old, q.New)
			}
			if r.Changes.Counts.NewFailures != 1 {
				t.Errorf("new failures = %d, want 1 (quota_cap for alice)", r.Changes.Counts.NewFailures)
			}
			if r.LastGood != first.Result || !r.LastGoodTime.Equal(first.Time) {
				t.Error("the change is not compared with the first result")
			}
		}},
		{"a truncating save is evaluated once complete", func(t *testing.T, dir string, s *watching, _ Report) {
			csv := filepath.Join(dir, repsCSV)
			writeTruncating(t, csv, strings.Replace(read(t, csv), aliceStart, aliceUpTo, 1))
			r := s.quiet(300 * time.Millisecond)
			wantOK(t, r)
			if q := quotaChange(t, r, "alice", "new_arr"); q.New != 720000 {
				t.Errorf("alice new_arr = %v, want 720000", q.New)
			}
		}},
		{"a broken save keeps the last good result", func(t *testing.T, dir string, s *watching, first Report) {
			plan := filepath.Join(dir, planHCL)
			good := read(t, plan)
			writeAtomic(t, plan, good+"\nquota \"broken\" {\n  annual = \"rep.nope\"\n}\n")
			bad := s.next()
			wantInvalid(t, bad, "Unknown")
			if bad.LastGood != first.Result {
				t.Error("an invalid report must carry the last good result")
			}
			csv := filepath.Join(dir, repsCSV)
			writeAtomic(t, csv, strings.Replace(read(t, csv), aliceStart, aliceUpTo, 1))
			wantInvalid(t, s.next(), "Unknown")
			writeAtomic(t, plan, good)
			r := s.next()
			wantOK(t, r)
			if q := quotaChange(t, r, "alice", "new_arr"); q.Old != 600000 || q.New != 720000 {
				t.Errorf("after the fix alice new_arr %v -> %v, want the change since the last good result", q.Old, q.New)
			}
		}},
		{"a rule that fails at evaluation keeps the last good result", func(t *testing.T, dir string, s *watching, first Report) {
			plan := filepath.Join(dir, planHCL)
			good := read(t, plan)
			writeAtomic(t, plan, strings.Replace(good, `annual     = "rep.base"`, `annual     = "rep.base / 0"`, 1))
			bad := s.next()
			wantInvalid(t, bad, "Rule failed")
			if bad.LastGood != first.Result {
				t.Error("an evaluation error must keep the last good result")
			}
			writeAtomic(t, plan, good)
			if r := s.next(); !r.OK() || r.Changes == nil || r.Changes.Changed() {
				t.Errorf("after the fix: ok %v, changes %v; want the first result again", r.OK(), r.Changes)
			}
		}},
		{"deleting and re-creating a file", func(t *testing.T, dir string, s *watching, _ Report) {
			csv := filepath.Join(dir, repsCSV)
			content := read(t, csv)
			if err := os.Remove(csv); err != nil {
				t.Fatal(err)
			}
			wantInvalid(t, s.next(), "")
			if err := os.WriteFile(csv, []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
			r := s.quiet(300 * time.Millisecond)
			wantOK(t, r)
			if r.Changes == nil || r.Changes.Changed() {
				t.Errorf("re-creating the same file changed the plan: %v", r.Changes)
			}
		}},
		{"a new plan file is picked up", func(t *testing.T, dir string, s *watching, _ Report) {
			writeAtomic(t, filepath.Join(dir, "goals.hcl"), "goal \"informational\" {\n  target = 1\n}\n")
			r := s.next()
			wantOK(t, r)
			if len(r.Result.Goals) != 2 {
				t.Errorf("goals = %d, want 2", len(r.Result.Goals))
			}
		}},
		{"a data file in a new subdirectory is watched", func(t *testing.T, dir string, s *watching, _ Report) {
			more := filepath.Join(dir, "extra", "more.csv")
			if err := os.MkdirAll(filepath.Dir(more), 0o755); err != nil {
				t.Fatal(err)
			}
			writeAtomic(t, more, "id,name,role,base\nzoe,Zoë,AE,120000\n")
			plan := filepath.Join(dir, planHCL)
			writeAtomic(t, plan, strings.Replace(read(t, plan), `csv = "data/reps.csv"`, `csv = ["data/reps.csv", "extra/more.csv"]`, 1))
			wantOK(t, s.quiet(300*time.Millisecond))
			writeAtomic(t, more, "id,name,role,base\nzoe,Zoë,AE,240000\n")
			r := s.next()
			if q := quotaChange(t, r, "zoe", "new_arr"); q.Old != 120000 || q.New != 240000 {
				t.Errorf("zoe new_arr %v -> %v, want 120000 -> 240000", q.Old, q.New)
			}
		}},
		{"a change from the HRIS log and a relief are reported on the rep", func(t *testing.T, dir string, s *watching, _ Report) {
			// alice's base rises to 720,000 from August (6 months of 50,000,
			// then 6 of 60,000) and September is relieved by 10,000:
			// 600,000 -> 650,000.
			if err := os.WriteFile(filepath.Join(dir, "data", "changes.csv"), []byte("rep,from,base\nalice,2027-08-01,720000\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			plan := filepath.Join(dir, planHCL)
			writeAtomic(t, plan, read(t, plan)+"\nimport \"changes\" {\n  csv = \"data/changes.csv\"\n}\n"+
				"adjust \"lost\" {\n  rep     = \"alice\"\n  measure = \"new_arr\"\n  period  = \"2027-09\"\n  amount  = -10000\n  reason  = \"lost account\"\n}\n")
			r := s.quiet(300 * time.Millisecond)
			wantOK(t, r)
			if q := quotaChange(t, r, "alice", "new_arr"); q.Old != 600000 || q.New != 650000 {
				t.Errorf("alice new_arr %v -> %v, want 600000 -> 650000", q.Old, q.New)
			}
			var attrs []string
			for _, rc := range r.Changes.Reps {
				for _, a := range rc.Attrs {
					if rc.ID == "alice" {
						attrs = append(attrs, a.Name)
					}
				}
			}
			if got := strings.Join(attrs, ","); got != "adjusted new_arr,change 2027-08-01" {
				t.Errorf("alice's attribute changes = %s, want the relief and the change", got)
			}
		}},
		{"editor temporaries are ignored", func(t *testing.T, dir string, s *watching, _ Report) {
			for _, name := range []string{"4913", ".plan.hcl.swp", "plan.hcl~", "plan.hcl___jb_tmp___", "#plan.hcl#"} {
				if err := os.WriteFile(filepath.Join(dir, name), []byte("x"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if r := s.quiet(300 * time.Millisecond); r.Seq != 0 {
				t.Errorf("temporary files caused report %d", r.Seq)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := fixture(t)
			s := start(t, dir, Options{})
			first := s.next()
			wantOK(t, first)
			if first.Seq != 1 || first.Changes != nil || first.LastGood != nil {
				t.Fatalf("first report: seq %d, changes %v, last good %v", first.Seq, first.Changes, first.LastGood)
			}
			tt.run(t, dir, s, first)
		})
	}
}

func TestRunErrors(t *testing.T) {
	file := filepath.Join(t.TempDir(), "plan.hcl")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, dir, want string
	}{
		{"missing directory", filepath.Join(t.TempDir(), "nope"), "no such file or directory"},
		{"a file", file, "not a directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Run(context.Background(), tt.dir, Options{}, func(Report) { t.Error("unexpected report") })
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Run = %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

func TestRunStopsCleanly(t *testing.T) {
	before := runtime.NumGoroutine()
	dir := fixture(t)
	s := start(t, dir, Options{})
	wantOK(t, s.next())
	s.stop()
	settleGoroutines(t, before)
}

func TestRunUsesClock(t *testing.T) {
	at := time.Date(2027, 3, 1, 14, 3, 7, 0, time.UTC)
	s := start(t, fixture(t), Options{Clock: func() time.Time { return at }})
	if r := s.next(); !r.Time.Equal(at) {
		t.Errorf("report time = %v, want the clock's %v", r.Time, at)
	}
}
