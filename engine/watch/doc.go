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
// engine/diff). An invalid plan never stops the watcher: the last good
// result is kept and the next good save is compared with it. WriteText and
// WriteJSON render reports for a terminal and as NDJSON for tools.
package watch
