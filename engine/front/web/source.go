package web

import (
	"bytes"
	"path/filepath"
	"slices"
	"strings"
)

// sourceContext is how many lines a source excerpt shows on each side of
// the line asked for.
const sourceContext = 12

// maxSourceLine bounds the characters of one line of an excerpt (a CSV
// row can be long).
const maxSourceLine = 400

// maxReportSources bounds the plan files a report carries for its source
// excerpts: the HCL files, up to this many bytes in all.
const maxReportSources = 2 << 20

// SourceExcerpt is the lines around one line of a plan file, as the
// source page shows them: where a check or a rule is written.
type SourceExcerpt struct {
	File  string   `json:"file"`
	Line  int      `json:"line"`  // the line asked for, 1-based
	First int      `json:"first"` // the line number of Lines[0]
	Lines []string `json:"lines"`
}

// excerpt returns the lines of src around line, nil when the file has no
// such line.
func excerpt(file string, src []byte, line int) *SourceExcerpt {
	lines := strings.Split(strings.TrimSuffix(string(src), "\n"), "\n")
	if line < 1 || line > len(lines) {
		return nil
	}
	first := max(1, line-sourceContext)
	last := min(len(lines), line+sourceContext)
	ex := &SourceExcerpt{File: file, Line: line, First: first}
	for _, l := range lines[first-1 : last] {
		l = strings.TrimSuffix(l, "\r")
		if len(l) > maxSourceLine {
			l = l[:maxSourceLine] + "…"
		}
		ex.Lines = append(ex.Lines, l)
	}
	return ex
}

// sourceOf finds a plan file by the name a place gives ("plan.hcl" in
// "plan.hcl:12", slash separated) among the files an evaluation read.
func sourceOf(sources map[string][]byte, file string) ([]byte, bool) {
	if src, ok := sources[file]; ok {
		return src, true
	}
	src, ok := sources[filepath.FromSlash(file)]
	return src, ok
}

// reportSources are the HCL files of the plan, by the name places give
// them, up to maxReportSources bytes: a report shows excerpts of them.
func reportSources(sources map[string][]byte) map[string]string {
	names := make([]string, 0, len(sources))
	for name := range sources {
		if strings.HasSuffix(name, ".hcl") {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	out := map[string]string{}
	total := 0
	for _, name := range names {
		src := sources[name]
		if total+len(src) > maxReportSources || !isText(src) {
			continue
		}
		total += len(src)
		out[filepath.ToSlash(name)] = string(src)
	}
	return out
}

// isText reports whether src is free of NUL bytes (a binary file named
// .hcl fails to load anyway).
func isText(src []byte) bool { return !bytes.ContainsRune(src, 0) }
