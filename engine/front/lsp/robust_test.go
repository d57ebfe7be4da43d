package lsp

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/hcl/v2"
	"go.lsp.dev/protocol"

	"github.com/quotaplan/quotaplan/engine"
)

// hasError reports whether a publication holds a plan error whose message
// contains s.
func hasError(p *protocol.PublishDiagnosticsParams, s string) bool {
	for _, d := range errorsOf(p) {
		if strings.Contains(message(d), s) {
			return true
		}
	}
	return false
}

// hoverRep hovers over rep "zoe" and returns the markdown, failing the test
// when there is none.
func hoverRep(t *testing.T, c *testClient, plan string) string {
	t.Helper()
	h, err := c.server.Hover(ctx(t), &protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
		TextDocument: doc(plan), Position: at(t, planText, `rep "zoe"`, 1)}})
	if err != nil || h == nil {
		t.Fatalf("hover = %v, %v; want the last valid evaluation's", h, err)
	}
	return h.Contents.(*protocol.MarkupContent).Value
}

// TestEvaluationFailures is the regression test for the language server
// and a plan whose evaluation fails, by a rule error or a panic inside
// quotaplan: the failure is published as a diagnostic, the server keeps
// answering from the last valid evaluation, and a fix clears it.
func TestEvaluationFailures(t *testing.T) {
	tests := []struct {
		name   string
		edit   func(text string) string // the change that makes evaluation fail
		panics bool                     // evaluation panics while the edit stands
		want   string                   // in the published error
	}{
		{"a rule that fails at evaluation", func(text string) string {
			return strings.Replace(text, `annual     = "rep.ote * 4"`, `annual     = "rep.ote / 0"`, 1)
		}, false, "Rule failed"},
		{"an evaluation that panics", func(text string) string { return text + "\n# any edit\n" }, true,
			"Internal error\nEvaluating the plan in "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var panics atomic.Bool
			opts := Options{load: func(dir string, o engine.Options) (*engine.Model, map[string][]byte, hcl.Diagnostics) {
				if panics.Load() {
					panic("a rule function crashed")
				}
				return engine.Load(dir, o)
			}}
			dir := writePlan(t, map[string]string{"plan.hcl": planText, "data/reps.csv": repsCSV})
			plan := dir + "/plan.hcl"
			c := connect(t, opts)
			c.open(plan, planText)
			c.waitDiags(plan, func(p *protocol.PublishDiagnosticsParams) bool { return len(errorsOf(p)) == 0 })
			good := hoverRep(t, c, plan)

			panics.Store(tt.panics)
			v := c.change(plan, tt.edit(planText))
			p := c.waitDiags(plan, func(p *protocol.PublishDiagnosticsParams) bool { return get(p.Version) == v })
			if !hasError(p, tt.want) {
				t.Fatalf("published %+v, want an error with %q", p.Diagnostics, tt.want)
			}
			if got := hoverRep(t, c, plan); got != good {
				t.Errorf("hover after the failure:\n%s\nwant the last valid one:\n%s", got, good)
			}

			panics.Store(false)
			v = c.change(plan, planText)
			p = c.waitDiags(plan, func(p *protocol.PublishDiagnosticsParams) bool { return get(p.Version) == v })
			if errs := errorsOf(p); len(errs) != 0 {
				t.Errorf("after the fix the server still publishes %+v", errs)
			}
		})
	}
}

// TestServeStopsWhileEvaluationBlocked is the regression test for the
// language server not stopping on SIGTERM while an evaluation was blocked
// (a named pipe as a plan file): Serve returns soon after its context
// ends, whether or not the evaluation does.
func TestServeStopsWhileEvaluationBlocked(t *testing.T) {
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
	serveCtx, cancel := context.WithCancel(context.Background())
	c := connectContext(t, serveCtx, opts)
	dir := writePlan(t, map[string]string{"plan.hcl": planText, "data/reps.csv": repsCSV})
	c.open(dir+"/plan.hcl", planText)
	select {
	case <-started:
	case <-time.After(5 * time.Second):
		t.Fatal("the evaluation never started")
	}
	cancel()
	select {
	case err := <-c.done:
		if err != nil {
			t.Errorf("Serve = %v after its context ended, want nil", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Serve did not return within 5s of its context ending")
	}
	c.done <- nil // for the cleanup's close
}

// TestDeeplyNestedBuffer is the regression test for a buffer nesting
// brackets deeper than the HCL parser's stack allows: the language server
// parsed the editor's buffers without the loader's limits and died of a
// stack overflow (a fatal error, not a panic) on every request. The
// requests are answered, and so is opening a CSV, whose plan is looked for
// in that buffer.
func TestDeeplyNestedBuffer(t *testing.T) {
	c, plan, csv := openPlan(t)
	deep := planText + "\n# data/reps.csv\nx = " + strings.Repeat("[", 200_000) + "\n"
	c.change(plan, deep)
	if _, err := c.server.DocumentSymbol(ctx(t), &protocol.DocumentSymbolParams{TextDocument: doc(plan)}); err != nil {
		t.Errorf("symbols: %v", err)
	}
	if _, err := c.server.Completion(ctx(t), &protocol.CompletionParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
		TextDocument: doc(plan), Position: at(t, deep, "rep.ote", 4)}}); err != nil {
		t.Errorf("completion: %v", err)
	}
	c.openAs(csv, "csv", repsCSV)
	if _, err := c.server.Hover(ctx(t), &protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
		TextDocument: doc(csv), Position: protocol.Position{Line: 1}}}); err != nil {
		t.Errorf("hover: %v", err)
	}
}
