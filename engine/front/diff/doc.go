// Package diff compares two evaluated versions of a plan and reports what a
// change does to people's numbers, the goal coverage and the checks: the
// engine behind `quotaplan diff` and the "what changed" part of
// `quotaplan watch`.
//
// Compare takes two Inputs, each an engine.Result plus, when it came from a
// plan directory, the attributes of its reps and territories and its other
// blocks as written (FromPlan), and returns a Report keyed by id: the rules
// that changed (every attribute of a block other than a rep or territory
// whose text differs, with the text and file:line of each side), reps
// added, removed and changed (attributes and quotas per measure),
// territories, goals, checks (newly failing, fixed, still failing),
// variables and the plan block. Pure re-orderings and formatting-only edits
// evaluate to the same Result, and rules written differently but the same
// compare equal, so they produce an empty Report. Numbers are compared as they are printed
// (engine.FormatNumber, at most 6 decimals), so a saved JSON result and the
// plan directory it came from compare equal.
//
// A Report renders as a one-line Summary, as text (Text), as a markdown
// pull-request comment (Markdown, capped in size) and as stable JSON (JSON).
// ReadResult reads a saved `eval --format json` result back into an
// engine.Result so that saved results can be compared too.
package diff
