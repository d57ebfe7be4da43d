package engine_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/quotaplan/quotaplan/cmd/plangen/gen"
	"github.com/quotaplan/quotaplan/engine"
	"github.com/quotaplan/quotaplan/engine/front/render"
)

// TestParallelismDeterministic evaluates a plan large enough to be spread
// over workers with 1 to 4 of them (evaluation and JSON encoding both
// spread work): the JSON, and each rep's depth and reports, must be
// byte-identical.
func TestParallelismDeterministic(t *testing.T) {
	dir := t.TempDir()
	if err := gen.Generate(dir, gen.Config{Reps: 1500, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	var first []byte
	for _, procs := range []int{1, 2, 3, 4} {
		runtime.GOMAXPROCS(procs)
		res, _, diags := engine.Run(context.Background(), dir, engine.Options{})
		if diags.HasErrors() {
			t.Fatal(diags)
		}
		var buf bytes.Buffer
		if err := render.JSON(&buf, res); err != nil {
			t.Fatal(err)
		}
		reports := map[string][]string{}
		for _, r := range res.Reps { // in id order
			if r.Manager != "" {
				reports[r.Manager] = append(reports[r.Manager], r.ID)
			}
		}
		for _, r := range res.Reps { // what the JSON leaves out
			if !slices.Equal(r.Reports, reports[r.ID]) {
				t.Fatalf("%d workers: rep %s has reports %v, want %v", procs, r.ID, r.Reports, reports[r.ID])
			}
			fmt.Fprintln(&buf, r.ID, r.Depth, r.Reports)
		}
		if first == nil {
			first = buf.Bytes()
			continue
		}
		if !bytes.Equal(first, buf.Bytes()) {
			t.Fatalf("output with %d workers differs from 1 worker", procs)
		}
	}
}

// TestFailuresDeterministic makes a rule fail for many of the reps of a
// plan spread over 1 to 4 workers: the diagnostic must name the same first
// rep (in id order) and count the same others.
func TestFailuresDeterministic(t *testing.T) {
	dir := t.TempDir()
	if err := gen.Generate(dir, gen.Config{Reps: 1500, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(filepath.Join(dir, "plan.hcl"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	// pipeline is empty for most reps: the VM fails on nil * 2
	if _, err := f.WriteString("\nlet \"doubled\" {\n  scope = \"rep\"\n  expr  = \"rep.pipeline * 2\"\n}\n"); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	var first string
	for _, procs := range []int{1, 2, 3, 4} {
		runtime.GOMAXPROCS(procs)
		_, _, diags := engine.Run(context.Background(), dir, engine.Options{})
		if !diags.HasErrors() {
			t.Fatal("want the let to fail")
		}
		got := diags.Error()
		if first == "" {
			first = got
			if !strings.Contains(got, "more time(s)") {
				t.Fatalf("want one diagnostic counting the other reps, got %s", got)
			}
			continue
		}
		if got != first {
			t.Fatalf("with %d workers:\n%s\nwith 1:\n%s", procs, got, first)
		}
	}
}

// TestEvaluateTwice evaluates one model twice: the first evaluation uses
// the world built while the rules compiled, the second builds its own, and
// both must give the same bytes.
func TestEvaluateTwice(t *testing.T) {
	dir := t.TempDir()
	if err := gen.Generate(dir, gen.Config{Reps: 600, Seed: 5}); err != nil {
		t.Fatal(err)
	}
	m, _, diags := engine.Load(dir, engine.Options{})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	var outs [2]bytes.Buffer
	for i := range outs {
		res, diags := m.Evaluate(context.Background())
		if diags.HasErrors() {
			t.Fatal(diags)
		}
		if err := render.JSON(&outs[i], res); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(outs[0].Bytes(), outs[1].Bytes()) {
		t.Error("the second evaluation differs from the first")
	}
}
