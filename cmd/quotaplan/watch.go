package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/quotaplan/quotaplan/engine/front/watch"
)

// runWatch implements `quotaplan watch [DIR]`: evaluate the plan, then
// again after every change to its files, until interrupted.
func runWatch(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return watchWithClock(ctx, args, stdout, stderr, nil)
}

// watchWithClock is runWatch with the clock that stamps reports (nil for
// the wall clock), so that tests get the same text every time.
func watchWithClock(ctx context.Context, args []string, stdout, stderr io.Writer, clock func() time.Time) error {
	fs := newFlagSet("watch", "[DIR]", "Evaluate the plan in DIR, then again whenever one of its files changes, and print\n"+
		"what changed since the last valid result. An invalid save prints its diagnostics\nand keeps the last valid result; a DIR deleted and re-created is watched again.\nRuns until interrupted (Ctrl-C).", stderr)
	var pf planFlags
	pf.register(fs)
	asJSON := fs.Bool("json", false, "print one JSON object per evaluation (NDJSON) instead of text")
	debounce := fs.Duration("debounce", watch.DefaultDebounce, "re-evaluate after `DURATION` without further changes")
	dir, err := fs.parseDir(args, stdout)
	if err != nil {
		return err
	}
	if *debounce <= 0 {
		return fs.usageError("--debounce must be positive")
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	printReport := reportPrinter(stdout, stderr, *asJSON)
	var printErr error
	opts := watch.Options{Engine: pf.options(stderr), Debounce: *debounce, Clock: clock, Notify: noticePrinter(stderr)}
	if isTerminal(stderr) && !*asJSON {
		fmt.Fprintf(stderr, "quotaplan watch: watching %s; press Ctrl-C to stop\n", dir)
	}
	err = watch.Run(ctx, dir, opts, func(r watch.Report) {
		if printErr = printReport(r); printErr != nil {
			cancel() // stdout is gone: nobody reads the reports any more
		}
	})
	if err != nil {
		return err
	}
	return printErr
}

// reportPrinter returns the function that prints one report: NDJSON on
// stdout, or text on stdout with the diagnostics on stderr.
func reportPrinter(stdout, stderr io.Writer, asJSON bool) func(watch.Report) error {
	if asJSON {
		return func(r watch.Report) error { return watch.WriteJSON(stdout, r) }
	}
	opts := watch.TextOptions{Color: useColor(stdout), Diagnostics: stderr, DiagnosticsColor: useColor(stderr)}
	return func(r watch.Report) error { return watch.WriteText(stdout, r, opts) }
}

// noticePrinter returns the function that prints news about the watch
// itself (the plan directory disappearing and coming back) on stderr, in
// text and NDJSON mode alike: stdout holds one report per evaluation.
func noticePrinter(stderr io.Writer) func(watch.Notice) {
	return func(n watch.Notice) {
		fmt.Fprintf(stderr, "quotaplan watch: %s %s\n", n.Time.Format("15:04:05"), n)
	}
}
