package lsp

import (
	"bytes"
	"maps"
	"os"
	"path/filepath"
	"slices"

	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/quotaplan/quotaplan/plans"
)

// maxPlanLevels is how many directories above its own a CSV file's plan
// is looked for: a plan keeps its data in data/ or data/2027/ below it.
const maxPlanLevels = 2

// csvPlanDir returns the plan directory a CSV file belongs to: the nearest
// of its own directory and the maxPlanLevels above it whose plan files
// import it, else the first (in lexical order) of the plan directories
// already open that does (with --allow-outside an import may name a file
// anywhere); "" when no plan imports it. Plan files are read as the
// editor has them.
func (s *server) csvPlanDir(path string) string {
	dir := filepath.Dir(path)
	for range maxPlanLevels + 1 {
		if s.imports(dir, path) {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	s.mu.Lock()
	open := slices.Sorted(maps.Keys(s.dirs))
	s.mu.Unlock()
	for _, dir := range open {
		if s.imports(dir, path) {
			return dir
		}
	}
	return ""
}

// imports reports whether an import block of a plan file in dir names the
// file path.
func (s *server) imports(dir, path string) bool {
	base := []byte(filepath.Base(path))
	for _, file := range s.planFiles(dir) {
		src, ok := s.source(file)
		if !ok || !bytes.Contains(src, base) { // skips the parse of most files
			continue
		}
		for _, name := range importPaths(src, file) {
			if !filepath.IsAbs(name) {
				name = filepath.Join(dir, name)
			}
			if filepath.Clean(name) == path {
				return true
			}
		}
	}
	return false
}

// planFiles returns the plan files of dir: those on disk and those open in
// the editor only, sorted.
func (s *server) planFiles(dir string) []string {
	var files []string
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if isPlanFile(e.Name()) && e.Type().IsRegular() {
			files = append(files, filepath.Join(dir, e.Name()))
		}
	}
	s.mu.Lock()
	for path, d := range s.docs {
		if !d.csv && isPlanFile(path) && filepath.Dir(path) == dir && !slices.Contains(files, path) {
			files = append(files, path)
		}
	}
	s.mu.Unlock()
	slices.Sort(files)
	return files
}

// importPaths returns the paths the import blocks of a plan file name, as
// written: csv is a string or a list of strings.
func importPaths(src []byte, filename string) []string {
	file, _ := plans.ParseHCL(src, filename) // refuses what would overflow the parser's stack
	if file == nil {
		return nil
	}
	body, ok := file.Body.(*hclsyntax.Body)
	if !ok {
		return nil
	}
	var paths []string
	for _, b := range body.Blocks {
		if b.Type != "import" || b.Body == nil || b.Body.Attributes["csv"] == nil {
			continue
		}
		attr := b.Body.Attributes["csv"]
		v, diags := attr.Expr.Value(nil)
		if diags.HasErrors() || !v.IsWhollyKnown() || v.IsNull() {
			continue
		}
		switch {
		case v.Type() == cty.String:
			paths = append(paths, v.AsString())
		case v.Type().IsTupleType() || v.Type().IsListType():
			for it := v.ElementIterator(); it.Next(); {
				if _, e := it.Element(); e.Type() == cty.String && e.IsKnown() && !e.IsNull() {
					paths = append(paths, e.AsString())
				}
			}
		}
	}
	return paths
}
