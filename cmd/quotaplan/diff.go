package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/quotaplan/quotaplan/engine"
	"github.com/quotaplan/quotaplan/engine/front/diff"
	"github.com/quotaplan/quotaplan/engine/front/session"
)

// diffUsage is the summary of `quotaplan diff -h`.
const diffUsage = `Compare two versions of a plan: the rules that changed (with file:line) and what the change does
to quotas, goals and checks.
BASE and HEAD are plan directories or results saved with "quotaplan eval --format json"; a saved
result holds no rules, so they are compared only between plan directories.
With --git REF, BASE is the plan directory DIR (default ".") as it was at the git revision REF
and HEAD is DIR as it is now. --scenario and --var apply to both plan directories.
Exit 0 when nothing changed, 3 when something did, 1 under --fail-on new-errors when a check of
severity error newly fails, 2 when an input is invalid.`

// runDiff implements `quotaplan diff BASE HEAD` and `quotaplan diff --git REF [DIR]`.
func runDiff(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("diff", "BASE HEAD | --git REF [DIR]", diffUsage, stderr)
	var pf planFlags
	pf.register(fs)
	format := newChoice(fs, "format", "text", "print the diff as `FORMAT`", diff.Formats()...)
	sortBy := newChoice(fs, "sort", diff.ByID, "order reps, territories, teams and goals by `ORDER` (delta: largest change first)", diff.ByID, diff.ByDelta)
	failOn := newChoice(fs, "fail-on", "none", "exit 1 when `WHAT` happens (new-errors: a check of severity error newly fails)", "none", "new-errors")
	gitRef := fs.String("git", "", "compare DIR as it was at git revision `REF` (base) with DIR now (head)")
	out := fs.String("o", "", "write the diff to `FILE` (atomically) instead of stdout")
	pos, err := fs.parse(args, stdout)
	if err != nil {
		return err
	}
	sides, err := diffArgs(fs, pos, *gitRef)
	if err != nil {
		return err
	}
	if (pf.scenario != "" || len(pf.vars) > 0) && *gitRef == "" && isFile(sides[0]) && isFile(sides[1]) {
		return fs.usageError("--scenario and --var apply to plan directories, and BASE and HEAD are both saved results")
	}
	base, head, in, err := loadSides(ctx, sides, *gitRef, pf.options(stderr), stderr)
	if err != nil {
		return err
	}
	if err := checkOutput(stderr, "-o", *out, diffExt(format.value), in); err != nil {
		return err
	}
	rep := diff.Compare(base, head)
	if sortBy.value == diff.ByDelta {
		rep.SortByDelta()
	}
	opts := diff.Options{Color: *out == "" && format.value == "text" && useColor(stdout)}
	if err := emit(stdout, *out, func(w io.Writer) error { return diff.Write(w, format.value, rep, opts) }); err != nil {
		return err
	}
	return diffExit(rep, failOn.value)
}

// diffArgs checks the positional arguments: BASE and HEAD, or with --git
// an optional DIR that is both sides.
func diffArgs(fs *flagSet, pos []string, gitRef string) ([2]string, error) {
	if gitRef != "" {
		dir, err := dirArg(fs, pos)
		return [2]string{dir, dir}, err
	}
	if len(pos) != 2 {
		return [2]string{}, fs.usageError("want BASE and HEAD (plan directories or saved JSON results), or --git REF [DIR]; got %d arguments", len(pos))
	}
	return [2]string{pos[0], pos[1]}, nil
}

// diffExit maps a report to the exit code of diff.
func diffExit(rep *diff.Report, failOn string) error {
	switch {
	case failOn == "new-errors" && rep.Counts.NewErrors > 0:
		return exitError{code: 1}
	case rep.Changed():
		return exitError{code: 3}
	}
	return nil
}

// diffExt is the file extension of a diff format, for suggesting an output
// file name.
func diffExt(format string) string {
	switch format {
	case "text":
		return "txt"
	case "markdown":
		return "md"
	}
	return format
}

// side is one loaded input of diff, or its diagnostics.
type side struct {
	name    string // "base" or "head"
	arg     string // what the user gave
	dir     string // the plan directory on disk; "" for a saved result or a git revision
	saved   bool   // arg is a saved result
	input   diff.Input
	diags   hcl.Diagnostics
	sources map[string][]byte
}

// loadSides loads both sides completely before anything is printed, and
// returns them with the files they were read from. When either is invalid,
// the diagnostics of both are printed, then a line naming each invalid
// side, and the exit code is 2.
func loadSides(ctx context.Context, args [2]string, gitRef string, opts engine.Options, stderr io.Writer) (diff.Input, diff.Input, inputs, error) {
	var base side
	if gitRef != "" {
		base = loadGitSide(ctx, args[0], gitRef, opts)
	} else {
		base = loadSide(ctx, "base", args[0], args[0], opts)
	}
	head := loadSide(ctx, "head", args[1], args[1], opts)
	diags := append(base.diags, head.diags...)
	sources := maps.Clone(base.sources)
	if sources == nil {
		sources = map[string][]byte{}
	}
	maps.Copy(sources, head.sources)
	if err := reportDiags(stderr, diags, sources); err != nil {
		for _, s := range []side{base, head} {
			if s.diags.HasErrors() {
				fmt.Fprintf(stderr, "quotaplan diff: the %s (%s) is invalid; nothing was compared\n", s.name, s.arg)
			}
		}
		return diff.Input{}, diff.Input{}, inputs{}, err
	}
	if err := ctx.Err(); err != nil {
		return diff.Input{}, diff.Input{}, inputs{}, fmt.Errorf("diff: %w", err)
	}
	var in inputs
	for _, s := range []side{base, head} {
		switch {
		case s.saved:
			in.addSaved(s.arg, "the saved result "+strings.ToUpper(s.name))
		case s.dir != "":
			in.addPlan(s.dir, s.sources)
		}
	}
	return base.input, head.input, in, nil
}

// isFile reports whether path exists and is not a directory: a saved
// result rather than a plan directory.
func isFile(path string) bool {
	info, err := os.Stat(path)
	return err == nil && !info.IsDir()
}

// loadSide reads a saved result (a file) or evaluates a plan directory
// (anything else, so that a missing path gets the plan loader's message).
func loadSide(ctx context.Context, name, arg, label string, opts engine.Options) side {
	s := side{name: name, arg: arg}
	if isFile(arg) {
		s.saved = true
		return readSavedSide(s, label)
	}
	s.dir = arg
	sn, _, err := session.New(arg, session.Options{Engine: opts}).Evaluate(ctx, nil)
	if err != nil { // interrupted: the caller reports ctx's error
		return s
	}
	s.sources, s.diags = sn.Sources, sn.Diagnostics
	if sn.OK() {
		s.input = diff.FromPlan(label, sn.Model.Plan, sn.Result)
	}
	return s
}

// maxSavedResult bounds the size of a saved result diff reads: a
// 100,000-rep plan saves about 100 MB.
const maxSavedResult = 1 << 30

// readSaved reads a saved result: a regular file (a named pipe would block)
// of at most maxSavedResult bytes, even if it grows while it is read.
func readSaved(name string) ([]byte, error) {
	info, err := os.Stat(name)
	switch {
	case err != nil:
		return nil, err
	case !info.Mode().IsRegular():
		return nil, errors.New("not a regular file")
	case info.Size() > maxSavedResult:
		return nil, fmt.Errorf("it holds %d MiB, more than the %d MiB a saved result may hold", info.Size()>>20, maxSavedResult>>20)
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxSavedResult+1))
	if err == nil && len(data) > maxSavedResult {
		err = fmt.Errorf("it grew past the %d MiB a saved result may hold", maxSavedResult>>20)
	}
	return data, err
}

// readSavedSide reads the saved result s.arg.
func readSavedSide(s side, label string) side {
	data, err := readSaved(s.arg)
	if err != nil {
		s.diags = hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Cannot read the saved result",
			Detail:   fmt.Sprintf("Reading %q failed: %v. Check that the file is readable.", s.arg, pathless(err)),
		}}
		return s
	}
	res, diags := diff.ReadResult(data, s.arg)
	s.diags, s.sources = diags, map[string][]byte{s.arg: data}
	if res != nil {
		s.input = diff.FromResult(label, res)
	}
	return s
}

// loadGitSide evaluates dir as it was at ref, from a temporary copy that
// is removed before returning.
func loadGitSide(ctx context.Context, dir, ref string, opts engine.Options) side {
	tree, diags := diff.Checkout(ctx, dir, ref)
	if diags.HasErrors() {
		return side{name: "base", arg: "--git " + ref, diags: diags}
	}
	defer tree.Close()
	s := loadSide(ctx, "base", tree.Dir, tree.Label, opts)
	s.arg, s.dir = tree.Label, "" // the checkout is temporary: nothing there to protect
	s.diags, s.sources = tree.Relabel(s.diags, s.sources)
	s.input = tree.RelabelInput(s.input)
	return s
}
