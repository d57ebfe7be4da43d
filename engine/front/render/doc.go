// Package render turns an evaluated plan (engine.Result) into the outputs of
// quotaplan: the terminal table that `quotaplan eval` prints by default, the
// stable JSON result, CSV for spreadsheets, GitHub-flavoured markdown for pull
// requests and wikis, and the check report of `quotaplan check`.
//
// Write is the entry point for `eval`; WriteChecks serves `check` in each of
// CheckFormats (text, json, junit, sarif, github).
// Every renderer is deterministic: slices are printed in id order and maps in
// sorted key order, so the same Result always renders to the same bytes.
//
// Two number styles exist. Machine formats (JSON, CSV) print numbers with
// engine.FormatNumber: no exponent, at most 6 decimals, trimmed. Human formats
// (table, markdown) group thousands, drop the decimals of currency amounts of
// 100 or more and show at most 2 decimals otherwise, rounding halves away
// from zero for display only.
package render
