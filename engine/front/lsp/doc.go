// Package lsp is the language server of quotaplan (`quotaplan lsp`): it
// speaks the Language Server Protocol over a stream (stdio) and gives an
// editor what `quotaplan watch` gives a terminal.
//
// On every open and change the whole plan directory of the document is
// loaded and evaluated with the editor's unsaved buffers overlaid
// (engine.Options.Overlay), and diagnostics are published for every file of
// the plan, rule errors at their exact position inside the expr string, and
// cleared (an empty list) once fixed. A CSV document (a name ending in .csv,
// or the csv language) belongs to the plan that imports it, found in its
// own directory or up to two above it (planfind.go). Failed checks are
// published too, one diagnostic per check at its block, and one per
// failing rep, territory or goal at its block or CSV row, with the check's
// severity.
//
// Requests are answered from the last valid evaluation: hover on a rep (its
// block or its CSV row) shows its quotas (FY and quarters per measure) and
// its failing checks; on a territory (block or row), quota, ramp, goal,
// let, check or variable block its key computed values. Inlay hints show
// each rep's FY quota after its block or at the end of its CSV row, code
// lenses above its block; document symbols list the blocks; formatting
// runs `quotaplan fmt`; go-to-definition follows territory, manager,
// parent, ramp and goal measure references, in blocks and CSV cells;
// completion inside a rule offers the names its scope reads. CSV rows are
// read from the document as the editor has it and matched to the
// evaluation by their id cell (csvdoc.go), so an unsaved edit that moves
// rows does not confuse them.
//
// The server outlives its client's and its plans' mistakes: a malformed
// message is answered with a JSON-RPC error or skipped (see Serve), and an
// evaluation that fails or panics is published as diagnostics while
// requests go on being answered from the last valid evaluation.
//
// Positions: HCL counts columns in characters from 1, expr in runes from 0,
// and LSP in UTF-16 code units from 0. Every conversion goes through byte
// offsets of the file's text (hcl.Pos.Byte), never through columns.
package lsp
