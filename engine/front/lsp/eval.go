package lsp

import (
	"context"
	"maps"
	"slices"
	"sync"

	"github.com/hashicorp/hcl/v2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/quotaplan/quotaplan/engine"
	"github.com/quotaplan/quotaplan/engine/front/session"
	"github.com/quotaplan/quotaplan/plans"
)

// planDir is a plan directory with an open plan file, and its evaluations.
type planDir struct {
	dir       string
	sess      *session.Session // evaluates the directory with the open documents overlaid
	dirty     bool             // needs evaluating
	good      *snapshot        // the last valid evaluation, nil before the first
	published map[string]bool  // files whose last published list was not empty
}

// snapshot is one evaluation of a plan directory.
type snapshot struct {
	plan    *plans.Plan
	result  *engine.Result
	sources map[string][]byte // the text every position refers to
	diags   hcl.Diagnostics

	mu      sync.Mutex            // guards what follows: requests and the worker share a snapshot
	texts   map[string]*text      // line indexes of sources, built on demand
	layouts map[string]*csvLayout // how imported CSV files were read, worked out on demand
	names   *planNames            // the names rules may read, for completion, gathered on demand
}

// textOf returns the indexed text of a file of the snapshot.
func (sn *snapshot) textOf(name string) *text {
	sn.mu.Lock()
	defer sn.mu.Unlock()
	if t, ok := sn.texts[name]; ok {
		return t
	}
	t := newText(sn.sources[name])
	sn.texts[name] = t
	return t
}

// work evaluates dirty plan directories until ctx ends.
func (s *server) work(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-s.wake:
		}
		for {
			pd, overlay := s.nextDirty()
			if pd == nil || ctx.Err() != nil {
				break
			}
			s.evaluate(ctx, pd, overlay)
		}
	}
}

// nextDirty picks a directory to evaluate, marking it clean, with the
// open documents as the overlay.
func (s *server) nextDirty() (*planDir, map[string][]byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, dir := range slices.Sorted(maps.Keys(s.dirs)) {
		if pd := s.dirs[dir]; pd.dirty {
			pd.dirty = false
			overlay := make(map[string][]byte, len(s.docs))
			for path, d := range s.docs {
				overlay[path] = d.text
			}
			return pd, overlay
		}
	}
	return nil, nil
}

// evaluate loads and evaluates a plan directory through its session and
// publishes its diagnostics. An evaluation that panics is published as an
// internal error on the plan's open files; the last valid evaluation is
// kept.
func (s *server) evaluate(ctx context.Context, pd *planDir, overlay map[string][]byte) {
	now, _, err := pd.sess.Evaluate(ctx, overlay)
	if err != nil || ctx.Err() != nil {
		return
	}
	sn := &snapshot{texts: map[string]*text{}, layouts: map[string]*csvLayout{}, result: now.Result, sources: now.Sources, diags: now.Diagnostics}
	if now.Model != nil {
		sn.plan = now.Model.Plan
	}
	if now.OK() {
		s.mu.Lock()
		pd.good = sn
		s.mu.Unlock()
	}
	s.publish(ctx, pd, sn)
	s.opts.Engine.Logger.Debug().Str("dir", pd.dir).Dur("took", now.Took).Int("diagnostics", len(sn.diags)).Msg("evaluated")
}

// publish sends the diagnostics of every file of the plan: the files with
// problems, the files that had some before (an empty list clears them) and
// the open files of the plan.
func (s *server) publish(ctx context.Context, pd *planDir, sn *snapshot) {
	byFile := s.diagnosticsByFile(pd, sn)
	s.mu.Lock()
	for path := range pd.published {
		if _, ok := byFile[path]; !ok {
			byFile[path] = []protocol.Diagnostic{}
		}
	}
	versions := map[string]int32{}
	for path, d := range s.docs {
		versions[path] = d.version
	}
	pd.published = map[string]bool{}
	for path, list := range byFile {
		if len(list) > 0 {
			pd.published[path] = true
		}
	}
	s.mu.Unlock()
	for _, path := range slices.Sorted(maps.Keys(byFile)) {
		params := &protocol.PublishDiagnosticsParams{URI: uri.File(path), Diagnostics: byFile[path]}
		if v, ok := versions[path]; ok {
			params.Version = protocol.NewOptional(v)
		}
		if err := s.client.PublishDiagnostics(ctx, params); err != nil {
			if ctx.Err() != nil {
				return // shutting down: the client is gone, nothing to warn about
			}
			s.opts.Engine.Logger.Warn().Err(err).Str("file", path).Msg("publish diagnostics")
		}
	}
}

// diagnosticsByFile converts the snapshot's diagnostics and failed checks
// into LSP diagnostics per file: a failed check at its check block and at
// each failing subject's block or CSV row. Every open file of the plan
// gets a list, empty when it has no problems; diagnostics without a place
// go to each open plan file of the directory (to each open CSV file of the
// plan when none is open).
func (s *server) diagnosticsByFile(pd *planDir, sn *snapshot) map[string][]protocol.Diagnostic {
	byFile := map[string][]protocol.Diagnostic{}
	var open, data []string
	s.mu.Lock()
	for path, d := range s.docs {
		if d.dir != pd.dir {
			continue
		}
		byFile[path] = []protocol.Diagnostic{}
		if d.csv {
			data = append(data, path)
		} else {
			open = append(open, path)
		}
	}
	s.mu.Unlock()
	if len(open) == 0 {
		open = data
	}
	slices.Sort(open)
	for _, d := range sn.diags {
		if d.Subject == nil {
			for _, path := range open {
				byFile[path] = append(byFile[path], diagnostic(d, protocol.Range{}))
			}
			continue
		}
		name := d.Subject.Filename
		byFile[name] = append(byFile[name], diagnostic(d, sn.textOf(name).rangeOf(*d.Subject)))
	}
	if sn.result != nil {
		for _, fc := range failedChecks(sn.plan, sn.result) {
			name := fc.rng.Filename
			byFile[name] = append(byFile[name], fc.diagnostic(sn.textOf(name).rangeOf(fc.rng)))
		}
		for _, sf := range subjectFailures(sn.plan, sn.result) {
			name := sf.rng.Filename
			byFile[name] = append(byFile[name], sf.diagnostic(sf.where(sn.textOf(name))))
		}
	}
	return byFile
}

// diagnostic converts an HCL diagnostic.
func diagnostic(d *hcl.Diagnostic, rng protocol.Range) protocol.Diagnostic {
	msg := d.Summary
	if d.Detail != "" {
		msg += "\n" + d.Detail
	}
	sev := protocol.DiagnosticSeverityError
	if d.Severity == hcl.DiagWarning {
		sev = protocol.DiagnosticSeverityWarning
	}
	return protocol.Diagnostic{Range: rng, Severity: sev, Source: protocol.NewOptional("quotaplan"), Message: protocol.String(msg)}
}
