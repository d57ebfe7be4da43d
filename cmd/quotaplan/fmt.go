package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"

	"github.com/hashicorp/hcl/v2"
	"github.com/rogpeppe/go-internal/diff"

	"github.com/quotaplan/quotaplan/plans"
)

// formatted is one plan file and its canonical formatting.
type formatted struct {
	name     string
	src, out []byte
}

// changed reports whether formatting changes the file.
func (f formatted) changed() bool { return !bytes.Equal(f.src, f.out) }

// runFmt implements `quotaplan fmt [DIR]`: rewrite every *.hcl file of DIR
// in canonical format. Every file is formatted in memory first, so a file
// that does not parse means no file is written.
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

// formatDir formats every plan file of dir in memory. A file that cannot
// be read or parsed is reported as a diagnostic (exit 2).
func formatDir(dir string, stderr io.Writer) ([]formatted, error) {
	names, err := plans.PlanFiles(dir)
	if err != nil {
		return nil, reportDiags(stderr, hcl.Diagnostics{dirDiag(dir, err)}, nil)
	}
	var diags hcl.Diagnostics
	sources := map[string][]byte{}
	files := make([]formatted, 0, len(names))
	for _, name := range names {
		src, err := os.ReadFile(name)
		if err != nil {
			diags = append(diags, fileDiag(name, err))
			continue
		}
		sources[name] = src
		out, more := plans.Format(src, name)
		diags = append(diags, more...)
		files = append(files, formatted{name: name, src: src, out: out})
	}
	if err := reportDiags(stderr, diags, sources); err != nil {
		return nil, err
	}
	return files, nil
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

// rewrite replaces every changed file atomically and prints its name.
func rewrite(stdout io.Writer, files []formatted) error {
	for _, f := range files {
		if !f.changed() {
			continue
		}
		if err := writeFileAtomic(f.name, f.out, durable); err != nil {
			return err
		}
		fmt.Fprintln(stdout, f.name)
	}
	return nil
}
