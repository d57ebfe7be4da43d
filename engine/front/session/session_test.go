package session

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/hcl/v2"

	"github.com/quotaplan/quotaplan/engine"
)

const plan = `plan "p" {
  start  = "2027-01-01"
  months = 3
}

rep "alice" {
  role = "AE"
}

quota "new_arr" {
  annual = "QUOTA"
}
`

func write(t *testing.T, dir, annual string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, "plan.hcl"), []byte(strings.Replace(plan, "QUOTA", annual, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestSessionKeepsLastGood evaluates a valid plan, an invalid one and a
// valid one again: the invalid snapshot has diagnostics and no result, and
// the last good snapshot stays until the next valid one.
func TestSessionKeepsLastGood(t *testing.T) {
	dir := t.TempDir()
	at := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	s := New(dir, Options{Clock: func() time.Time { return at }})
	var seen []int
	cancel := s.Subscribe(func(now, _ *Snapshot) { seen = append(seen, now.Seq) })
	ctx := context.Background()

	write(t, dir, "1200")
	first, prev, err := s.Evaluate(ctx, nil)
	if err != nil || !first.OK() || prev != nil || first.Seq != 1 || !first.At.Equal(at) {
		t.Fatalf("first = %+v, prev %v, err %v", first, prev, err)
	}
	if got := first.Result.Reps[0].Quotas[0].Total; got != 1200 {
		t.Errorf("first total = %v, want 1200", got)
	}
	write(t, dir, "nope +")
	bad, prev, _ := s.Evaluate(ctx, nil)
	if bad.OK() || bad.Result != nil || !bad.Diagnostics.HasErrors() || prev != first || s.Good() != first || s.Last() != bad {
		t.Errorf("after an invalid save: ok %v, diags %v, prev %p (want %p), good %p", bad.OK(), bad.Diagnostics, prev, first, s.Good())
	}
	if bad.Sources[filepath.Join(dir, "plan.hcl")] == nil {
		t.Error("an invalid snapshot has no sources to render its diagnostics with")
	}
	cancel()
	write(t, dir, "2400")
	again, prev, _ := s.Evaluate(ctx, nil)
	if !again.OK() || prev != first || s.Good() != again || again.Seq != 3 {
		t.Errorf("after fixing: ok %v, prev %p (want %p), seq %d", again.OK(), prev, first, again.Seq)
	}
	if len(seen) != 2 || seen[0] != 1 || seen[1] != 2 {
		t.Errorf("subscriber saw %v, want [1 2] (it cancelled before the third)", seen)
	}
}

// TestSessionOverlay evaluates an unsaved buffer instead of the file.
func TestSessionOverlay(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "1200")
	s := New(dir, Options{})
	path := filepath.Join(dir, "plan.hcl")
	sn, _, err := s.Evaluate(context.Background(), map[string][]byte{path: []byte(strings.Replace(plan, "QUOTA", "3600", 1))})
	if err != nil || !sn.OK() {
		t.Fatalf("overlay: %v %v", err, sn.Diagnostics)
	}
	if got := sn.Result.Reps[0].Quotas[0].Total; got != 3600 {
		t.Errorf("total = %v, want the overlay's 3600", got)
	}
}

// TestSessionInterrupted records nothing for an evaluation whose context
// ended.
func TestSessionInterrupted(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "1200")
	s := New(dir, Options{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if sn, _, err := s.Evaluate(ctx, nil); err == nil || sn != nil || s.Last() != nil {
		t.Errorf("interrupted evaluation: %v, %v, last %v", sn, err, s.Last())
	}
}

// TestSnapshotExplainerShared explains from several goroutines through one
// snapshot's explainer.
func TestSnapshotExplainerShared(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "1200")
	sn, _, _ := New(dir, Options{}).Evaluate(context.Background(), nil)
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n, err := sn.Explainer().Rep("alice", "new_arr", "2027-02", engineOptions())
			if err != nil || n.Number == nil || *n.Number != 400 {
				t.Errorf("explain: %v %+v", err, n)
			}
		}()
	}
	wg.Wait()
	if sn.Explainer() != sn.Explainer() {
		t.Error("a snapshot made two explainers")
	}
}

func engineOptions() engine.ExplainOptions { return engine.ExplainOptions{} }

// TestSessionSurvivesPanic turns a panic inside an evaluation into an
// internal-error diagnostic and keeps the last good snapshot.
func TestSessionSurvivesPanic(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "1200")
	var panics bool
	s := New(dir, Options{Load: func(dir string, o engine.Options) (*engine.Model, map[string][]byte, hcl.Diagnostics) {
		if panics {
			panic("boom")
		}
		return engine.Load(dir, o)
	}})
	good, _, _ := s.Evaluate(context.Background(), nil)
	panics = true
	sn, prev, err := s.Evaluate(context.Background(), nil)
	if err != nil || sn.OK() || prev != good || s.Good() != good {
		t.Fatalf("after a panic: %v, ok %v, prev %p, good %p", err, sn.OK(), prev, s.Good())
	}
	if len(sn.Diagnostics) != 1 || sn.Diagnostics[0].Summary != "Internal error" || !strings.Contains(sn.Diagnostics[0].Detail, "boom") {
		t.Errorf("diagnostics = %v, want one internal error naming the panic", sn.Diagnostics)
	}
}
