package main

import (
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
)

// inputs are what a command read its plans from: the plan directories and
// every file read (the engine's sources: plan files and imported data, or
// a saved result). An output file must never replace one of them, nor add
// a *.hcl file to a plan directory, where the next run would read it as
// part of the plan.
type inputs struct {
	dirs  []string             // plan directories
	files map[string]inputFile // by path as read
}

// inputFile is one file read as input.
type inputFile struct {
	what   string // what it is to the user: "a plan file", "the saved result BASE"
	ofPlan bool   // read as part of a plan directory (not a saved result)
}

// addPlan records a plan directory and the files its evaluation read.
func (in *inputs) addPlan(dir string, sources map[string][]byte) {
	in.dirs = append(in.dirs, dir)
	for name := range sources {
		what := "a file the plan imports"
		if strings.HasSuffix(name, ".hcl") {
			what = "a plan file"
		}
		in.add(name, inputFile{what: what, ofPlan: true})
	}
}

// addSaved records a saved result read as input, described as what.
func (in *inputs) addSaved(name, what string) { in.add(name, inputFile{what: what}) }

func (in *inputs) add(name string, f inputFile) {
	if in.files == nil {
		in.files = map[string]inputFile{}
	}
	in.files[name] = f
}

// checkOutput refuses, with a diagnostic and exit code 2, to write the
// output file path given with flag (e.g. "-o") when it would replace one of
// the inputs or be a *.hcl file in a plan directory. Files are compared by
// identity (os.SameFile), so relative paths, symbolic links, hard links and
// case-insensitive file systems cannot slip past. ext is the extension to
// suggest for the output instead. An empty path is stdout: nothing to check.
func checkOutput(stderr io.Writer, flag, path, ext string, in inputs) error {
	if path == "" {
		return nil
	}
	summary, detail := outputClash(path, in)
	if detail == "" {
		return nil
	}
	d := &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  summary,
		Detail:   fmt.Sprintf("%s %s %s. Nothing was written. %s", flag, path, detail, suggestOutput(flag, ext, in)),
	}
	return reportDiags(stderr, hcl.Diagnostics{d}, nil)
}

// outputClash says why writing path would damage an input: a summary and
// the rest of a sentence that begins with the path ("is a plan file,
// plan/main.hcl; writing there would destroy it"), or "" when it would not.
func outputClash(path string, in inputs) (summary, detail string) {
	const overwrite, join = "Output would overwrite the plan", "Output would become part of the plan"
	if out, err := os.Stat(path); err == nil {
		for _, name := range slices.Sorted(maps.Keys(in.files)) {
			if same(out, name) {
				f, summary := in.files[name], overwrite
				if !f.ofPlan {
					summary = "Output would overwrite an input"
				}
				return summary, fmt.Sprintf("is %s%s; writing there would destroy it", f.what, alias(path, name))
			}
		}
		for _, dir := range in.dirs {
			for _, name := range planDirHCL(dir) {
				if same(out, name) {
					return overwrite, fmt.Sprintf("is a plan file%s; writing there would destroy it", alias(path, name))
				}
			}
		}
	}
	if !strings.HasSuffix(filepath.Base(path), ".hcl") {
		return "", ""
	}
	parent, err := os.Stat(filepath.Dir(path))
	if err != nil {
		return "", ""
	}
	for _, dir := range in.dirs {
		if same(parent, dir) {
			return join, fmt.Sprintf("is a .hcl file in the plan directory %s: the next run would read the output as part of the plan", dir)
		}
	}
	return "", ""
}

// alias names the input file when the user wrote its path differently
// (through a symbolic link, say): ", plan/main.hcl".
func alias(path, name string) string {
	if filepath.Clean(path) == filepath.Clean(name) {
		return ""
	}
	return ", " + name
}

// same reports whether name is the file described by info.
func same(info fs.FileInfo, name string) bool {
	other, err := os.Stat(name)
	return err == nil && os.SameFile(info, other)
}

// planDirHCL lists every *.hcl entry of dir, dot-files included: the plan
// files, and any a later version of the loader might take.
func planDirHCL(dir string) []string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var names []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".hcl") {
			names = append(names, filepath.Join(dir, e.Name()))
		}
	}
	return names
}

// suggestOutput proposes where to write instead: next to the (last) plan
// directory, named after it ("plan.json" for the plan directory "plan"),
// or when no plan directory was read, a new file in the current one.
func suggestOutput(flag, ext string, in inputs) string {
	if len(in.dirs) == 0 {
		return fmt.Sprintf("Write the output to a file that is not an input, for example %s out.%s.", flag, ext)
	}
	dir := in.dirs[len(in.dirs)-1]
	name := filepath.Base(dir)
	if abs, err := filepath.Abs(dir); err == nil {
		name = filepath.Base(abs)
	}
	return fmt.Sprintf("Write the output outside the plan directory, for example %s %s.", flag, filepath.Join(dir, "..", name+"."+ext))
}
