package watch

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
	"github.com/hashicorp/hcl/v2"
	"github.com/rs/zerolog"

	"github.com/quotaplan/quotaplan/engine"
	"github.com/quotaplan/quotaplan/engine/front/session"
)

// Default timings of Run.
const (
	// DefaultDebounce is the quiet time after the last file event before the
	// plan is evaluated again: long enough to swallow the burst of events of
	// one editor save, short enough to keep save-to-report latency low.
	DefaultDebounce = 50 * time.Millisecond
	// DefaultMaxDelay bounds the wait under a continuous stream of events,
	// so that a process rewriting files all the time still gets reports.
	DefaultMaxDelay = time.Second
	// DefaultPoll is how often Run looks for the plan directory while it is
	// missing (deleted, or renamed away), to watch it again once it is back.
	DefaultPoll = 250 * time.Millisecond
)

// shutdownWait bounds how long Run waits, once ctx is done, for an
// evaluation in progress to notice: one blocked in a read that cannot be
// interrupted (a named pipe as a plan file) is left behind rather than
// keeping the process from exiting.
const shutdownWait = time.Second

// Options configure Run.
type Options struct {
	Engine   engine.Options   // scenario, variables, imports outside the directory, logger
	Debounce time.Duration    // quiet time before re-evaluating; 0 means DefaultDebounce
	MaxDelay time.Duration    // longest wait after the first event of a burst; 0 means DefaultMaxDelay
	Poll     time.Duration    // how often to look for a missing plan directory; 0 means DefaultPoll
	Clock    func() time.Time // the time stamped on reports and notices; nil means time.Now
	// Notify, when set, is told about the watch itself rather than an
	// evaluation: the plan directory disappearing and coming back. It is
	// called from Run's goroutine, like the report function.
	Notify func(Notice)

	// load loads a plan: engine.Load, unless a test replaces it.
	load func(dir string, opts engine.Options) (*engine.Model, map[string][]byte, hcl.Diagnostics)
}

// withDefaults fills in the zero fields of o.
func (o Options) withDefaults() Options {
	if o.Debounce <= 0 {
		o.Debounce = DefaultDebounce
	}
	if o.MaxDelay <= 0 {
		o.MaxDelay = DefaultMaxDelay
	}
	if o.MaxDelay < o.Debounce {
		o.MaxDelay = o.Debounce
	}
	if o.Poll <= 0 {
		o.Poll = DefaultPoll
	}
	if o.Clock == nil {
		o.Clock = time.Now
	}
	if o.Notify == nil {
		o.Notify = func(Notice) {}
	}
	return o
}

// NoticeKind says what happened to the watch.
type NoticeKind int

// Kinds of notices.
const (
	// DirGone: the plan directory was deleted or renamed away. Run keeps
	// going and looks for it every Options.Poll.
	DirGone NoticeKind = iota + 1
	// DirBack: a directory is at the plan directory's path again (re-created,
	// or another one renamed into place). Run watches it and evaluates it.
	DirBack
)

// Notice is news about the watch itself, as opposed to a Report on an
// evaluation.
type Notice struct {
	Time time.Time // Options.Clock when it was noticed
	Kind NoticeKind
	Dir  string // the plan directory, as given to Run
}

// String says what happened in a sentence for a person, without the time.
func (n Notice) String() string {
	switch n.Kind {
	case DirGone:
		return fmt.Sprintf("the plan directory %s disappeared; waiting for it to come back", n.Dir)
	case DirBack:
		return fmt.Sprintf("the plan directory %s is back; watching it again", n.Dir)
	}
	return fmt.Sprintf("the plan directory %s: unknown notice %d", n.Dir, n.Kind)
}

// Run evaluates the plan in dir, then evaluates it again after every change
// to its files, calling report with the outcome of each evaluation, until
// ctx is done. report is called from Run's goroutine, one call at a time;
// Run waits for it to return before looking at further events.
// Evaluations run on a goroutine of their own, so that Run answers ctx even
// while one is blocked, and one at a time: changes made during an
// evaluation lead to the next one.
//
// An invalid plan is reported and watching goes on; so is an evaluation
// that panics (as an "Internal error" diagnostic, keeping the last good
// result). When the plan directory disappears, Run says so through
// Options.Notify, looks for it every Options.Poll, and once it is back
// watches it again and evaluates it. Run returns nil when ctx ends, and an
// error only when dir is not a directory or cannot be watched at all.
func Run(ctx context.Context, dir string, opts Options, report func(Report)) error {
	info, err := checkDir(dir)
	if err != nil {
		return err
	}
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("watch %s: %w", dir, err)
	}
	defer fw.Close()
	opts = opts.withDefaults()
	w := &watcher{dir: dir, root: filepath.Clean(dir), dirInfo: info, opts: opts, fs: fw, log: opts.Engine.Logger,
		sess: session.New(dir, session.Options{Engine: opts.Engine, Clock: opts.Clock, Load: opts.load})}
	defer w.stopPolling()
	if err := w.fs.Add(w.root); err != nil {
		return fmt.Errorf("watch %s: %w", dir, err)
	}
	return w.loop(ctx, report)
}

// checkDir returns the plan directory's file info, or an error unless dir
// is an existing directory.
func checkDir(dir string) (os.FileInfo, error) {
	info, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("watch %s: %w", dir, pathless(err))
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("watch %s: not a directory", dir)
	}
	return info, nil
}

// pathless strips the path from a *fs.PathError: the caller names it.
func pathless(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// watcher is the state of one Run: the fsnotify watcher, the plan
// directory it watches, the directories the last evaluation read from, and
// the session that evaluates the plan and keeps the last good result. Only
// Run's goroutine uses it.
type watcher struct {
	dir        string      // the plan directory as given: what evaluations read and reports name
	root       string      // dir cleaned, as fsnotify names it in events
	dirInfo    os.FileInfo // the plan directory watched; nil while it is missing
	opts       Options
	fs         *fsnotify.Watcher
	log        zerolog.Logger
	poll       *time.Ticker // looks for the missing plan directory; nil while it is there
	sourceDirs []string     // directories of the files the last evaluation read
	sess       *session.Session
}

// evaluated is the outcome of one evaluation: the snapshot and the last
// good one before it, or the error of an interrupted evaluation.
type evaluated struct {
	now, lastGood *session.Snapshot
	err           error
}

// loop waits for file events, debounces them and re-evaluates, until ctx
// is done or the fsnotify watcher closes. The first evaluation is due at
// once.
func (w *watcher) loop(ctx context.Context, report func(Report)) error {
	var d debouncer
	d.init(w.opts.Debounce, w.opts.MaxDelay)
	defer d.stop()
	var running chan evaluated // the evaluation in progress; nil when none is
	defer func() { w.wait(running) }()
	due := true // an evaluation is due: the first one, or after a burst of events
	for {
		if due && running == nil {
			due = false
			running = w.start(ctx)
		}
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-w.fs.Events:
			if !ok {
				return nil
			}
			if filepath.Clean(ev.Name) == w.root && w.checkPlanDir() {
				due = true
			}
			if relevant(ev) {
				w.log.Debug().Str("file", ev.Name).Str("op", ev.Op.String()).Msg("file changed")
				d.hint(time.Now())
			}
		case err, ok := <-w.fs.Errors:
			if !ok {
				return nil
			}
			w.log.Warn().Err(err).Msg("file watcher")
			d.hint(time.Now()) // an overflow loses events: look again
		case <-d.fire():
			d.reset()
			due = true
		case <-w.polling():
			if w.checkPlanDir() {
				due = true
			}
		case o := <-running:
			running = nil
			if ctx.Err() != nil || o.err != nil {
				return nil // shutting down: an interrupted evaluation says nothing
			}
			if w.finish(o, report) {
				due = true
			}
		}
	}
}

// start brings the watched directories up to date (so that a change made
// during the evaluation is seen) and starts evaluating the plan on a
// goroutine of its own. The returned channel delivers the outcome; it is
// buffered, so that an evaluation Run stopped waiting for can still end.
func (w *watcher) start(ctx context.Context) chan evaluated {
	w.refresh()
	done := make(chan evaluated, 1)
	go func() {
		now, lastGood, err := w.sess.Evaluate(ctx, nil)
		done <- evaluated{now, lastGood, err}
	}()
	return done
}

// finish reports the outcome of an evaluation, after bringing the watched
// directories up to date: the evaluation may have read files in
// directories that are new, and the plan directory itself may have come
// and gone. It returns true when another evaluation is due at once (the
// plan directory came back).
func (w *watcher) finish(o evaluated, report func(Report)) bool {
	w.sourceDirs = sourceDirs(o.now.Sources)
	back := w.checkPlanDir()
	w.refresh()
	report(reportOf(o.now, o.lastGood))
	return back
}

// wait gives the evaluation in progress, if any, shutdownWait to end
// after ctx is done.
func (w *watcher) wait(running chan evaluated) {
	if running == nil {
		return
	}
	select {
	case <-running:
	case <-time.After(shutdownWait):
		w.log.Warn().Str("dir", w.dir).Msg("an evaluation did not stop in time; leaving it behind")
	}
}

// checkPlanDir compares the plan directory on disk with the one watched.
// When it has gone, it says so and starts polling for it. When a directory
// is back at its path (re-created, or another one renamed into place), it
// drops the watches of the old one, says so and stops polling; it returns
// true then, as the new directory needs evaluating.
func (w *watcher) checkPlanDir() bool {
	info, err := os.Stat(w.dir)
	present := err == nil && info.IsDir()
	switch {
	case w.dirInfo != nil && present && os.SameFile(w.dirInfo, info):
		return false // the same directory as before
	case w.dirInfo == nil && !present:
		return false // still missing
	case w.dirInfo != nil: // gone, or replaced by another directory
		w.dirInfo = nil
		w.log.Info().Str("dir", w.dir).Msg("plan directory disappeared")
		w.opts.Notify(Notice{Time: w.opts.Clock(), Kind: DirGone, Dir: w.dir})
		if !present {
			w.startPolling()
			return false
		}
	}
	w.dirInfo = info
	w.stopPolling()
	w.forgetPlanDir()
	w.refresh()
	w.log.Info().Str("dir", w.dir).Msg("plan directory is back")
	w.opts.Notify(Notice{Time: w.opts.Clock(), Kind: DirBack, Dir: w.dir})
	return true
}

// forgetPlanDir removes the watches of the plan directory and the
// directories below it: after the directory was replaced they watch the
// old one, wherever it went.
func (w *watcher) forgetPlanDir() {
	for _, d := range w.fs.WatchList() {
		if d == w.root || strings.HasPrefix(d, w.root+string(filepath.Separator)) {
			_ = w.fs.Remove(d)
		}
	}
}

// startPolling starts looking for the missing plan directory.
func (w *watcher) startPolling() {
	if w.poll == nil {
		w.poll = time.NewTicker(w.opts.Poll)
	}
}

// stopPolling stops looking for the plan directory.
func (w *watcher) stopPolling() {
	if w.poll != nil {
		w.poll.Stop()
		w.poll = nil
	}
}

// polling returns the channel of the poll ticker, nil (never ready) while
// the plan directory is there.
func (w *watcher) polling() <-chan time.Time {
	if w.poll == nil {
		return nil
	}
	return w.poll.C
}

// debouncer turns a burst of hints into one firing: it fires after a quiet
// time following the last hint, or at the latest maxDelay after the first
// hint of the burst.
type debouncer struct {
	quiet, maxDelay time.Duration
	timer           *time.Timer
	first           time.Time // first hint of the pending burst; zero when none is pending
}

// init creates the stopped timer.
func (d *debouncer) init(quiet, maxDelay time.Duration) {
	d.quiet, d.maxDelay = quiet, maxDelay
	d.timer = time.NewTimer(time.Hour)
	d.timer.Stop()
}

// hint records an event at now and re-arms the timer.
func (d *debouncer) hint(now time.Time) {
	d.timer.Reset(d.wait(now))
}

// wait returns how long to wait after a hint at now, starting a burst when
// none is pending.
func (d *debouncer) wait(now time.Time) time.Duration {
	if d.first.IsZero() {
		d.first = now
	}
	return max(min(d.quiet, d.first.Add(d.maxDelay).Sub(now)), 0)
}

// fire returns the channel that delivers when the burst is over.
func (d *debouncer) fire() <-chan time.Time {
	return d.timer.C
}

// reset forgets the burst that just fired.
func (d *debouncer) reset() { d.first = time.Time{} }

// stop releases the timer.
func (d *debouncer) stop() { d.timer.Stop() }
