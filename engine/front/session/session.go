// Package session is the loop every front-end of quotaplan shares: load a
// plan directory, evaluate it, and keep the last good result, for the
// commands that evaluate once (eval, diff), the watcher, the language
// server and the web view.
//
// A Session evaluates one plan directory as often as it is asked to, with
// unsaved editor buffers overlaid when there are any. Each evaluation is a
// Snapshot: the model, the result (nil when the plan is invalid), the
// diagnostics and the sources they point into. The session keeps the
// latest snapshot and the last good one, so an invalid save shows its
// diagnostics while the last good numbers stay, and tells its subscribers
// about every evaluation. A panic inside an evaluation becomes an
// internal-error diagnostic of that snapshot: a front-end that runs for
// hours never dies of one plan.
package session

import (
	"context"
	"fmt"
	"runtime/debug"
	"sync"
	"time"

	"github.com/hashicorp/hcl/v2"

	"github.com/quotaplan/quotaplan/engine"
)

// Snapshot is one evaluation of a plan directory. It is never changed after
// the session hands it out.
type Snapshot struct {
	Seq         int           // 1 for a session's first evaluation, then 2, 3, ...
	Dir         string        // the plan directory
	At          time.Time     // when the evaluation finished (the session's clock)
	Took        time.Duration // how long loading and evaluating took
	Model       *engine.Model // nil when the plan did not load
	Result      *engine.Result
	Diagnostics hcl.Diagnostics
	Sources     map[string][]byte // file name -> the text the diagnostics point into

	explainOnce sync.Once
	explainer   *engine.Explainer
}

// OK reports whether the plan was valid and evaluated.
func (s *Snapshot) OK() bool { return s != nil && s.Result != nil && !s.Diagnostics.HasErrors() }

// Explainer returns the explainer of the snapshot's result, made once and
// shared by every caller; nil when the snapshot has no result.
func (s *Snapshot) Explainer() *engine.Explainer {
	if !s.OK() || s.Model == nil {
		return nil
	}
	s.explainOnce.Do(func() { s.explainer = s.Model.Explainer(s.Result) })
	return s.explainer
}

// Options configure a session.
type Options struct {
	Engine engine.Options   // scenario, variables, imports outside the directory, logger
	Clock  func() time.Time // the time stamped on snapshots; nil means time.Now
	// Load loads a plan; nil means engine.Load. Tests of front-ends replace
	// it with one that fails, panics or blocks.
	Load func(dir string, opts engine.Options) (*engine.Model, map[string][]byte, hcl.Diagnostics)
}

// Session evaluates one plan directory and remembers the outcome. Its
// methods may be called from several goroutines; evaluations run one at a
// time.
type Session struct {
	dir  string
	opts Options

	run  sync.Mutex // held by an evaluation
	mu   sync.Mutex // guards what follows
	seq  int
	last *Snapshot
	good *Snapshot
	subs map[int]func(now, lastGood *Snapshot)
	next int
}

// New returns a session of the plan in dir that has not evaluated yet.
func New(dir string, opts Options) *Session {
	if opts.Clock == nil {
		opts.Clock = time.Now
	}
	if opts.Load == nil {
		opts.Load = engine.Load
	}
	return &Session{dir: dir, opts: opts, subs: map[int]func(now, lastGood *Snapshot){}}
}

// Dir returns the session's plan directory.
func (s *Session) Dir() string { return s.dir }

// Evaluate loads and evaluates the plan, with overlay (file path -> unsaved
// content, nil for none) read instead of the disk, and records the
// snapshot. It returns the new snapshot and the last good one before it
// (nil when there was none). When ctx ends during the evaluation it
// returns ctx's error and records nothing: an interrupted evaluation says
// nothing about the plan.
func (s *Session) Evaluate(ctx context.Context, overlay map[string][]byte) (now, lastGood *Snapshot, err error) {
	s.run.Lock()
	defer s.run.Unlock()
	opts := s.opts.Engine
	opts.Overlay = overlay
	start := time.Now()
	sn := evaluate(ctx, s.dir, opts, s.opts.Load)
	sn.Took = time.Since(start)
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	sn.At = s.opts.Clock()
	s.mu.Lock()
	s.seq++
	sn.Seq = s.seq
	lastGood = s.good
	s.last = sn
	if sn.OK() {
		s.good = sn
	}
	subs := make([]func(now, lastGood *Snapshot), 0, len(s.subs))
	for id := 0; id < s.next; id++ {
		if f, ok := s.subs[id]; ok {
			subs = append(subs, f)
		}
	}
	s.mu.Unlock()
	for _, f := range subs {
		f(sn, lastGood)
	}
	return sn, lastGood, nil
}

// evaluate loads dir with load and evaluates it, turning a panic into a
// diagnostic.
func evaluate(ctx context.Context, dir string, opts engine.Options,
	load func(string, engine.Options) (*engine.Model, map[string][]byte, hcl.Diagnostics)) (sn *Snapshot) {
	sn = &Snapshot{Dir: dir}
	defer func() {
		if p := recover(); p != nil {
			opts.Logger.Error().Str("dir", dir).Str("panic", fmt.Sprint(p)).Msg("evaluation panicked")
			opts.Logger.Debug().Str("dir", dir).Str("stack", string(debug.Stack())).Msg("evaluation panicked")
			sn.Model, sn.Result = nil, nil
			sn.Diagnostics = append(sn.Diagnostics, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Internal error",
				Detail: fmt.Sprintf("Evaluating the plan in %s failed inside quotaplan: %v. This is a bug in quotaplan, not a mistake in the plan; "+
					"please report it with the plan that causes it. Undo the last change to get a result meanwhile; the last valid result is kept.", dir, p),
			})
		}
	}()
	m, sources, diags := load(dir, opts)
	sn.Sources, sn.Diagnostics, sn.Model = sources, diags, m
	if m == nil {
		return sn
	}
	res, more := m.Evaluate(ctx)
	sn.Diagnostics = append(sn.Diagnostics, more...)
	if res != nil && !sn.Diagnostics.HasErrors() {
		sn.Result = res
	}
	return sn
}

// Last returns the latest snapshot, nil before the first evaluation.
func (s *Session) Last() *Snapshot {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.last
}

// Good returns the last snapshot whose plan was valid, nil when there was
// none.
func (s *Session) Good() *Snapshot {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.good
}

// Subscribe calls f after every evaluation with the new snapshot and the
// last good one before it, in the order subscribers subscribed, on the
// goroutine that evaluated. The returned function ends the subscription.
func (s *Session) Subscribe(f func(now, lastGood *Snapshot)) (cancel func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := s.next
	s.next++
	s.subs[id] = f
	return func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		delete(s.subs, id)
	}
}
