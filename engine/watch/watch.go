package watch

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/fsnotify/fsnotify"
	"github.com/rs/zerolog"

	"github.com/quotaplan/quotaplan/engine"
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
)

// Options configure Run.
type Options struct {
	Engine   engine.Options   // scenario, variables, imports outside the directory, logger
	Debounce time.Duration    // quiet time before re-evaluating; 0 means DefaultDebounce
	MaxDelay time.Duration    // longest wait after the first event of a burst; 0 means DefaultMaxDelay
	Clock    func() time.Time // the time stamped on reports; nil means time.Now
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
	if o.Clock == nil {
		o.Clock = time.Now
	}
	return o
}

// Run evaluates the plan in dir, then evaluates it again after every change
// to its files, calling report with the outcome of each evaluation, until
// ctx is done. report is called from Run's goroutine, one call at a time;
// Run waits for it to return before looking at further events.
//
// An invalid plan is reported and watching goes on. Run returns nil when
// ctx ends, and an error only when dir is not a directory or cannot be
// watched at all.
func Run(ctx context.Context, dir string, opts Options, report func(Report)) error {
	if err := checkDir(dir); err != nil {
		return err
	}
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("watch %s: %w", dir, err)
	}
	defer fw.Close()
	w := &watcher{dir: dir, opts: opts.withDefaults(), fs: fw, log: opts.Engine.Logger}
	if err := w.fs.Add(dir); err != nil {
		return fmt.Errorf("watch %s: %w", dir, err)
	}
	w.evaluate(ctx, report)
	return w.loop(ctx, report)
}

// checkDir returns an error unless dir is an existing directory.
func checkDir(dir string) error {
	info, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("watch %s: %w", dir, pathless(err))
	}
	if !info.IsDir() {
		return fmt.Errorf("watch %s: not a directory", dir)
	}
	return nil
}

// pathless strips the path from a *fs.PathError: the caller names it.
func pathless(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// watcher is the state of one Run: the fsnotify watcher, the directories
// the last evaluation read from, and the history of results.
type watcher struct {
	dir        string
	opts       Options
	fs         *fsnotify.Watcher
	log        zerolog.Logger
	sourceDirs []string // directories of the files the last evaluation read
	history    history
}

// loop waits for file events, debounces them and re-evaluates, until ctx
// is done or the fsnotify watcher closes.
func (w *watcher) loop(ctx context.Context, report func(Report)) error {
	var d debouncer
	d.init(w.opts.Debounce, w.opts.MaxDelay)
	defer d.stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-w.fs.Events:
			if !ok {
				return nil
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
			w.evaluate(ctx, report)
		}
	}
}

// evaluate loads and evaluates the plan and reports the outcome. The
// directories to watch are brought up to date before reading (so that a
// change made during the evaluation is seen) and after it (the evaluation
// may have read files in directories that are new).
func (w *watcher) evaluate(ctx context.Context, report func(Report)) {
	w.refresh()
	start := time.Now()
	res, sources, diags := engine.Run(ctx, w.dir, w.opts.Engine)
	took := time.Since(start)
	if ctx.Err() != nil {
		return // shutting down: an interrupted evaluation says nothing
	}
	w.sourceDirs = sourceDirs(sources)
	w.refresh()
	report(w.history.record(outcome{result: res, sources: sources, diags: diags, took: took, at: w.opts.Clock()}))
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
