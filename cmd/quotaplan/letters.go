package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/hashicorp/hcl/v2"

	"github.com/quotaplan/quotaplan/engine"
	"github.com/quotaplan/quotaplan/engine/front/web"
	"github.com/quotaplan/quotaplan/rules"
)

// lettersUsage is the summary of `quotaplan letters -h`.
const lettersUsage = `Write one quota letter per rep of the plan in DIR into the directory OUT: the rep's quota by
quarter and month, how it was built in plain words (the full amount, the season, the ramp, the
days active, the rounding) and the goals it serves, with an index of the letters (index.html, or
README.md for markdown). Letters are written to a temporary directory first and moved into OUT
only when every one is written, so a failure leaves OUT as it was.`

// runLetters implements `quotaplan letters [DIR] -o OUT`.
func runLetters(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("letters", "[DIR] -o OUT", lettersUsage, stderr)
	var pf planFlags
	pf.register(fs)
	out := fs.String("o", "", "write the letters into directory `OUT` (created when missing)")
	format := newChoice(fs, "format", "html", "write letters as `FORMAT`", web.LetterFormats()...)
	only := fs.String("rep", "", "write only the letter of rep `ID`")
	dir, err := fs.parseDir(args, stdout)
	if err != nil {
		return err
	}
	if *out == "" {
		return fs.usageError("letters needs -o OUT, the directory to write the letters into")
	}
	if info, err := os.Stat(*out); err == nil && !info.IsDir() {
		return fs.usageError("-o %s is a file; letters are written into a directory", *out)
	}
	if sameDir(*out, dir) {
		return fs.usageError("-o %s is the plan directory; write the letters somewhere else, for example -o letters", *out)
	}
	sn, err := evaluate(ctx, dir, pf.options(stderr), stderr)
	if err != nil {
		return err
	}
	in := &web.Input{Model: sn.Model, Result: sn.Result}
	reps := sn.Result.Reps
	if *only != "" {
		rep := sn.Result.Rep(*only)
		if rep == nil {
			return reportDiags(stderr, hcl.Diagnostics{unknownRepDiag(*only, sn.Result)}, nil)
		}
		reps = []*engine.RepResult{rep}
	}
	return writeLetters(*out, format.value, in, reps, stdout)
}

// sameDir reports whether paths a and b name the same existing directory.
func sameDir(a, b string) bool {
	ia, err1 := os.Stat(a)
	ib, err2 := os.Stat(b)
	return err1 == nil && err2 == nil && os.SameFile(ia, ib)
}

// unknownRepDiag is the diagnostic of --rep naming no rep.
func unknownRepDiag(id string, r *engine.Result) *hcl.Diagnostic {
	ids := make([]string, len(r.Reps))
	for i, rep := range r.Reps {
		ids[i] = rep.ID
	}
	return &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  "Unknown rep",
		Detail:   fmt.Sprintf("--rep %q names no rep of the plan.%s Nothing was written.", id, rules.Suggest(id, ids)),
	}
}

// writeLetters writes the letters of reps and their index into a
// temporary directory inside out, then moves them into out.
func writeLetters(out, format string, in *web.Input, reps []*engine.RepResult, stdout io.Writer) error {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return fmt.Errorf("letters: %w", err)
	}
	tmp, err := os.MkdirTemp(out, ".quotaplan-letters-")
	if err != nil {
		return fmt.Errorf("letters: %w", err)
	}
	defer os.RemoveAll(tmp)
	ext := web.LetterExt(format)
	ids := make([]string, len(reps))
	for i, r := range reps {
		ids[i] = r.ID
	}
	names := web.LetterFileNames(ids)
	var entries []web.LetterIndexEntry
	var files []string
	write := func(name string, f func(io.Writer) error) error {
		files = append(files, name)
		return writeFileWith(filepath.Join(tmp, name), regenerable, f)
	}
	for i, rep := range reps {
		name := names[i] + ext
		if err := write(name, func(w io.Writer) error { return web.WriteLetter(w, format, in, rep) }); err != nil {
			return fmt.Errorf("letters: %w", err)
		}
		e := web.LetterIndexEntry{File: name, RepID: rep.ID, Name: rep.Name, Role: rep.Role, Territory: rep.Territory}
		for _, q := range rep.Quotas {
			e.Totals = append(e.Totals, rules.FormatAmount(q.Total, q.Unit))
		}
		entries = append(entries, e)
	}
	index := "index.html"
	if format == "markdown" {
		index = "README.md"
	}
	if err := write(index, func(w io.Writer) error { return web.WriteLetterIndex(w, format, in, entries) }); err != nil {
		return fmt.Errorf("letters: %w", err)
	}
	for _, name := range files {
		if err := os.Rename(filepath.Join(tmp, name), filepath.Join(out, name)); err != nil {
			return fmt.Errorf("letters: %w", errors.Unwrap(err))
		}
	}
	noun := "letters"
	if len(reps) == 1 {
		noun = "letter"
	}
	_, err = fmt.Fprintf(stdout, "wrote %d %s and %s to %s\n", len(reps), noun, index, out)
	return err
}
