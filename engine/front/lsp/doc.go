// Package lsp is the language server of quotaplan (`quotaplan lsp`): it
// speaks the Language Server Protocol over a stream (stdio) and gives an
// editor what `quotaplan watch` gives a terminal.
//
// On every open and change the whole plan directory of the document is
// loaded and evaluated with the editor's unsaved buffers overlaid
// (engine.Options.Overlay), and diagnostics are published for every file of
// the plan, rule errors at their exact position inside the expr string, and
// cleared (an empty list) once fixed. Failed checks are published too, one
// diagnostic per check at its block, with the check's severity.
//
// Requests are answered from the last valid evaluation: hover on a rep shows
// its quotas (FY and quarters per measure) and its failing checks; on a
// quota, ramp, goal, let, territory, check or variable block its key computed
// values. Inlay hints and code lenses show each rep's FY quota; document
// symbols list the blocks; formatting runs `quotaplan fmt`; go-to-definition
// follows territory, manager, parent, ramp and goal measure references.
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
