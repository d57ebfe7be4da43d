package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/rogpeppe/go-internal/diff"

	"github.com/quotaplan/quotaplan/plans"
)

// formatted is one plan file and its canonical formatting.
type formatted struct {
	name     string // the plan file, as listed in the plan directory
	target   string // the file to rewrite: name, or the file a symbolic link points to
	src, out []byte
}

// changed reports whether formatting changes the file.
func (f formatted) changed() bool { return !bytes.Equal(f.src, f.out) }

// runFmt implements `quotaplan fmt [DIR]`: rewrite every *.hcl file of DIR
// in canonical format. Every file is formatted in memory first, so a file
// that does not parse (or that fmt refuses, see formatTarget) means no file
// is written. A plan file that is a symbolic link stays one: the file it
// points to is rewritten.
func runFmt(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("fmt", "[DIR]", "Rewrite every *.hcl file of DIR in canonical format and print the names of the files changed.\nWith --check or --diff nothing is written.", stderr)
	check := fs.Bool("check", false, "print the files that are not formatted and exit 1 if there are any; write nothing")
	showDiff := fs.Bool("diff", false, "print the changes as a unified diff; write nothing")
	dir, err := fs.parseDir(args, stdout)
	if err != nil {
		return err
	}
	files, err := formatDir(dir, stderr)
	if err != nil {
		return err
	}
	switch {
	case *showDiff || *check:
		return reportUnformatted(stdout, files, *showDiff, *check)
	default:
		return rewrite(stdout, files)
	}
}

// maxFormatSize bounds the size of a plan file fmt reads: the plan
// loader's limit of a plan file (8 MiB), checked before reading so that a
// huge file is never held in memory with its syntax tree and its
// formatting.
const maxFormatSize = 8 << 20

// formatDir formats every plan file of dir in memory. A file that cannot
// be read or parsed, that is not a regular file, that is larger than
// maxFormatSize or that is a symbolic link to a file outside dir is
// reported as a diagnostic (exit 2).
func formatDir(dir string, stderr io.Writer) ([]formatted, error) {
	names, err := plans.PlanFiles(dir)
	if err != nil {
		return nil, reportDiags(stderr, hcl.Diagnostics{dirDiag(dir, err)}, nil)
	}
	var diags hcl.Diagnostics
	sources := map[string][]byte{}
	files := make([]formatted, 0, len(names))
	for _, name := range names {
		target, d := formatTarget(dir, name)
		if d != nil {
			diags = append(diags, d)
			continue
		}
		src, err := readPlanFile(name)
		if err != nil {
			diags = append(diags, fileDiag(name, err))
			continue
		}
		sources[name] = src
		out, more := plans.Format(src, name)
		diags = append(diags, more...)
		files = append(files, formatted{name: name, target: target, src: src, out: out})
	}
	if err := reportDiags(stderr, diags, sources); err != nil {
		return nil, err
	}
	return files, nil
}

// formatTarget returns the file that formatting the plan file name
// rewrites: name itself, or for a symbolic link the file it points to, so
// that the link stays a link. It refuses, with a diagnostic, a link that
// is broken or leads out of the plan directory (fmt rewrites only the
// plan's own files), a file that is not a regular file (reading a named
// pipe would block) and a file larger than maxFormatSize.
func formatTarget(dir, name string) (string, *hcl.Diagnostic) {
	link, err := os.Lstat(name)
	if err != nil {
		return "", fileDiag(name, err)
	}
	target := name
	if link.Mode()&fs.ModeSymlink != 0 {
		if target, err = filepath.EvalSymlinks(name); err != nil {
			return "", planFileDiag(name, "Broken symbolic link",
				fmt.Sprintf("%s is a symbolic link whose target cannot be read: %v. Restore the target, or replace the link with the file itself.", name, pathless(err)))
		}
		if !inside(dir, target) {
			return "", planFileDiag(name, "Symbolic link leaves the plan directory",
				fmt.Sprintf("%s is a symbolic link to %s, outside the plan directory %s, and fmt rewrites only files inside it. Replace the link with a copy of the file, or format the file in its own directory.", name, target, dir))
		}
	}
	info, err := os.Stat(target)
	switch {
	case err != nil:
		return "", fileDiag(name, err)
	case !info.Mode().IsRegular():
		return "", planFileDiag(name, "Not a regular file",
			fmt.Sprintf("%s is %s, not a regular file, so it cannot be formatted. Plan files must be regular files: replace it with one, or rename it so that it does not end in .hcl.", name, plans.DescribeMode(info.Mode())))
	case info.Size() > maxFormatSize:
		return "", planFileDiag(name, "Plan file too large",
			fmt.Sprintf("%s is %.1f MiB; fmt formats plan files of at most %d MiB. Split it into several files, or move tables of data into CSV imports.", name, float64(info.Size())/(1<<20), maxFormatSize>>20))
	}
	return target, nil
}

// inside reports whether the resolved path target lies in dir or below it.
func inside(dir, target string) bool {
	root, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return false
	}
	root, err1 := filepath.Abs(root)
	target, err2 := filepath.Abs(target)
	if err1 != nil || err2 != nil {
		return false
	}
	rel, err := filepath.Rel(root, target)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// readPlanFile reads a plan file that formatTarget accepted, reading at
// most maxFormatSize bytes even if the file grew since.
func readPlanFile(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	src, err := io.ReadAll(io.LimitReader(f, maxFormatSize+1))
	if err == nil && len(src) > maxFormatSize {
		err = fmt.Errorf("larger than %d MiB", maxFormatSize>>20)
	}
	return src, err
}

// planFileDiag is an error about the plan file name as a whole.
func planFileDiag(name, summary, detail string) *hcl.Diagnostic {
	return &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  summary,
		Detail:   detail,
		Subject:  &hcl.Range{Filename: name, Start: hcl.InitialPos, End: hcl.InitialPos},
	}
}

// dirDiag reports a plan directory that cannot be listed.
func dirDiag(dir string, err error) *hcl.Diagnostic {
	return &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  "Plan directory not found",
		Detail:   fmt.Sprintf("Cannot read the plan directory %q: %v. Give the path of a directory holding the plan's .hcl files.", dir, pathless(err)),
	}
}

// fileDiag reports a plan file that cannot be read.
func fileDiag(name string, err error) *hcl.Diagnostic {
	return &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  "Unreadable plan file",
		Detail:   fmt.Sprintf("Cannot read %s: %v. Check that the file exists and is readable.", name, pathless(err)),
		Subject:  &hcl.Range{Filename: name, Start: hcl.InitialPos, End: hcl.InitialPos},
	}
}

// reportUnformatted prints the unformatted files (names, or diffs when
// showDiff) and returns exit code 1 under --check when there are any.
func reportUnformatted(stdout io.Writer, files []formatted, showDiff, check bool) error {
	unformatted := false
	for _, f := range files {
		if !f.changed() {
			continue
		}
		unformatted = true
		if showDiff {
			stdout.Write(diff.Diff(f.name+".orig", f.src, f.name, f.out))
		} else {
			fmt.Fprintln(stdout, f.name)
		}
	}
	if check && unformatted {
		return exitError{code: 1}
	}
	return nil
}

// rewrite replaces every changed file atomically and prints its name. A
// symbolic link is written through: its target is replaced (a temporary
// file renamed over it in its own directory) and the link stays a link.
// A target that two plan files link to is written once.
func rewrite(stdout io.Writer, files []formatted) error {
	written := map[string]bool{}
	for _, f := range files {
		if !f.changed() {
			continue
		}
		if !written[f.target] {
			if err := writeFileAtomic(f.target, f.out, durable); err != nil {
				return err
			}
			written[f.target] = true
		}
		fmt.Fprintln(stdout, f.name)
	}
	return nil
}
