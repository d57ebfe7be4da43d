// Package watch re-evaluates a plan directory whenever one of its files
// changes: the engine behind `quotaplan watch`.
//
// Run watches the plan directory, its subdirectories and the directories of
// every imported data file with fsnotify (directories, never single files:
// editors save by writing a temporary file and renaming it over the
// original). Each event is only a hint that something changed: after a
// short quiet period (the debounce) the whole plan is loaded and evaluated
// again, so bursts of events, truncating writes and atomic renames all end
// in one evaluation of what is on disk. Editor temporaries (vim's 4913 and
// .*.swp, backups ending in ~, JetBrains' ___jb_ files, dot-files) and
// permission changes are ignored.
//
// Every evaluation is handed to the caller as a Report value: when it
// finished, how long it took, the diagnostics of an invalid plan, and for
// a valid one what changed since the last good result (computed by
// engine/front/diff). An invalid plan never stops the watcher: the last good
// result is kept and the next good save is compared with it. Neither does
// an evaluation that panics (it is reported as an internal error) or the
// plan directory disappearing: Run says so with a Notice, polls for it, and
// watches and evaluates it again once it is back. WriteText and WriteJSON
// render reports for a terminal and as NDJSON for tools.
//
// Evaluations run on a goroutine of their own, one at a time, so that Run
// returns soon after its context ends even while an evaluation is stuck in
// a read that cannot be interrupted.
package watch
