package watch

import (
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/hcl/v2"

	"github.com/quotaplan/quotaplan/engine"
)

// TestRunPlanDirRecreated is the regression test for a plan directory that
// is deleted and re-created: the watcher used to lose its watch and never
// evaluate the plan again, silently. It now says the directory disappeared
// and came back, evaluates the new one, and follows the changes made to it
// (not to the old directory, wherever that went).
func TestRunPlanDirRecreated(t *testing.T) {
	tests := []struct {
		name    string
		remove  func(t *testing.T, dir string) // makes the plan directory disappear
		restore func(t *testing.T, dir string) // brings a plan directory back
		old     string                         // where the old directory lives on, "" if deleted
	}{
		{"deleted and re-created",
			func(t *testing.T, dir string) { must(t, os.RemoveAll(dir)) },
			func(t *testing.T, dir string) { copyFixture(t, dir) }, ""},
		{"renamed away and back",
			func(t *testing.T, dir string) { must(t, os.Rename(dir, dir+".away")) },
			func(t *testing.T, dir string) { must(t, os.Rename(dir+".away", dir)) }, ""},
		{"replaced by another directory renamed into place",
			func(t *testing.T, dir string) { must(t, os.Rename(dir, dir+".old")) },
			func(t *testing.T, dir string) { copyFixture(t, dir+".new"); must(t, os.Rename(dir+".new", dir)) }, ".old"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "plan")
			copyFixture(t, dir)
			s := start(t, dir, Options{})
			first := s.next()
			wantOK(t, first)

			tt.remove(t, dir)
			if n := s.notice(); n.Kind != DirGone || n.Dir != dir {
				t.Fatalf("notice %+v, want the plan directory gone", n)
			}
			tt.restore(t, dir)
			if n := s.notice(); n.Kind != DirBack || n.Dir != dir {
				t.Fatalf("notice %+v, want the plan directory back", n)
			}
			if r := s.nextOK(); r.Changes == nil || r.Changes.Changed() {
				t.Errorf("the plan directory came back unchanged, but the report says %v", r.Changes)
			}

			csv := filepath.Join(dir, repsCSV)
			writeAtomic(t, csv, strings.Replace(read(t, csv), aliceStart, aliceUpTo, 1))
			if q := quotaChange(t, s.nextChange(), "alice", "new_arr"); q.Old != 600000 || q.New != 720000 {
				t.Errorf("after an edit in the new directory alice new_arr %v -> %v, want 600000 -> 720000", q.Old, q.New)
			}
			if tt.old != "" {
				s.quiet(300 * time.Millisecond) // the edit's last events may bring one more report
				oldCSV := filepath.Join(dir+tt.old, repsCSV)
				writeAtomic(t, oldCSV, strings.Replace(read(t, oldCSV), aliceStart, "alice,Alice Chen,AE,1", 1))
				if r := s.quiet(300 * time.Millisecond); r.Seq != 0 {
					t.Errorf("an edit in the old directory caused report %d", r.Seq)
				}
			}
		})
	}
}

// TestRunRecoversFromPanic is the regression test for an evaluation that
// panics: the watcher reports an internal error on the plan, keeps the last
// good result and goes on watching.
func TestRunRecoversFromPanic(t *testing.T) {
	var panics atomic.Bool
	opts := Options{load: func(dir string, o engine.Options) (*engine.Model, map[string][]byte, hcl.Diagnostics) {
		if panics.Load() {
			panic("a rule function crashed")
		}
		return engine.Load(dir, o)
	}}
	dir := fixture(t)
	s := start(t, dir, opts)
	first := s.next()
	wantOK(t, first)

	panics.Store(true)
	csv := filepath.Join(dir, repsCSV)
	writeAtomic(t, csv, strings.Replace(read(t, csv), aliceStart, aliceUpTo, 1))
	bad := s.next()
	wantInvalid(t, bad, "Internal error")
	if d := bad.Diagnostics[0].Detail; !strings.Contains(d, "a rule function crashed") || !strings.Contains(d, "This is a bug in quotaplan") {
		t.Errorf("detail %q does not say what panicked and that it is a bug", d)
	}
	if bad.LastGood != first.Result {
		t.Error("the report of the panic does not keep the last good result")
	}

	panics.Store(false)
	writeAtomic(t, csv, read(t, csv)) // touch: evaluate again
	if q := quotaChange(t, s.next(), "alice", "new_arr"); q.Old != 600000 || q.New != 720000 {
		t.Errorf("after the panic alice new_arr %v -> %v, want the change since the last good result", q.Old, q.New)
	}
}

// TestRunStopsWhileEvaluationBlocked is the regression test for watch not
// stopping on SIGTERM while an evaluation was blocked (a named pipe as a
// plan file): Run returns soon after ctx ends, whether or not the
// evaluation does.
func TestRunStopsWhileEvaluationBlocked(t *testing.T) {
	started, release := make(chan struct{}), make(chan struct{})
	defer close(release)
	var calls atomic.Int32
	opts := Options{load: func(dir string, o engine.Options) (*engine.Model, map[string][]byte, hcl.Diagnostics) {
		if calls.Add(1) == 1 {
			close(started)
			<-release // blocked, and deaf to ctx, like a read of a named pipe
		}
		return engine.Load(dir, o)
	}}
	s := start(t, fixture(t), opts)
	select {
	case <-started:
	case <-time.After(5 * time.Second):
		t.Fatal("the evaluation never started")
	}
	s.stop() // fails the test unless Run returns within 5s
	select {
	case r := <-s.reports:
		t.Errorf("an interrupted evaluation was reported: %+v", r)
	default:
	}
}

// must fails the test on an error.
func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// copyFixture copies testdata/plan to dir, which must not exist.
func copyFixture(t *testing.T, dir string) {
	t.Helper()
	must(t, os.CopyFS(dir, os.DirFS("testdata/plan")))
}
