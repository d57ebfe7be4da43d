package plans

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// LoadOptions configure Load.
type LoadOptions struct {
	AllowOutside bool              // imports may name files outside the plan directory
	Overlay      map[string][]byte // path (as filepath.Join(dir, name)) -> content used instead of the disk
}

// Load reads every *.hcl file directly inside dir (lexical order) and the CSV
// files named by its import blocks, decodes and validates them. It always
// returns a non-nil Plan whose Sources holds every file read, so diagnostics
// can be rendered even when diags has errors.
func Load(dir string, opts LoadOptions) (*Plan, hcl.Diagnostics) {
	l := newLoader(dir, opts)
	bodies := l.parseFiles()
	for _, body := range bodies {
		l.decodeTopLevel(body)
	}
	// A plan block in a file with syntax errors may be unreadable: only
	// report it missing when every file parsed.
	if l.planBlock == nil && len(bodies) > 0 && !l.syntaxErrors {
		l.errorNoSubject("Missing plan block", fmt.Sprintf(
			"The plan directory %q declares no plan block. Add one to a .hcl file, for example:\n\n%s",
			dir, minimalPlan))
	}
	l.startLock()
	l.readImports()
	l.validate()
	l.finishLock()
	l.sortPlan()
	l.capDiagnostics()
	return l.plan, l.diags
}

// minimalPlan is shown in the detail of "Missing plan block".
const minimalPlan = `plan "fy2027" {
  title    = "FY2027 sales plan"
  start    = "2027-02-01"
  months   = 12
  currency = "USD"
}`

// PlanFiles lists the *.hcl files directly inside dir (joined with dir),
// lexically sorted. Directories and dot-files (editor locks and backups) are
// skipped.
func PlanFiles(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("list plan files: %w", err)
	}
	var files []string
	for _, e := range entries {
		if isPlanFileName(e.Name()) && !e.IsDir() {
			files = append(files, filepath.Join(dir, e.Name()))
		}
	}
	slices.Sort(files)
	return files, nil
}

// isPlanFileName reports whether a directory entry name is a plan file.
func isPlanFileName(name string) bool {
	return strings.HasSuffix(name, ".hcl") && !strings.HasPrefix(name, ".")
}

// loader holds the state of one Load call.
type loader struct {
	dir    string
	opts   LoadOptions
	plan   *Plan
	diags  hcl.Diagnostics
	parser *hclparse.Parser
	lines  map[string][]int // byte offsets of line starts, per file name

	realDir      string  // the plan directory with symbolic links resolved, once known
	bytesRead    int64   // bytes of every file read so far
	syntaxErrors bool    // some plan file did not parse cleanly
	importFailed bool    // some import file could not be read whole: its rows are missing
	dropped      int     // diagnostics left out over maxDiagnostics
	moved        int     // diagnostics a CSV part moved into its rows, not in diags
	suggested    int     // names compared for "did you mean" suggestions so far
	cell         csvCell // the CSV cell being read, for setters to locate
	planBlock    *hclsyntax.Block
	declared     map[string]map[string]*hcl.Range // block kind -> label -> where declared
	labelRanges  map[any]hcl.Range                // block model -> its label's range
	importPaths  map[*Import][]hcl.Range          // where each csv path is written
	testVars     map[*Test]map[string]hcl.Range
	testScen     map[*Test]hcl.Range
	lockParse    chan parsed // the published result being parsed, nil when none is read
}

// newLoader prepares the state of one Load call.
func newLoader(dir string, opts LoadOptions) *loader {
	return &loader{
		dir:         dir,
		opts:        opts,
		plan:        &Plan{Dir: dir, Sources: map[string][]byte{}, Months: defaultMonths},
		parser:      hclparse.NewParser(),
		lines:       map[string][]int{},
		declared:    map[string]map[string]*hcl.Range{},
		labelRanges: map[any]hcl.Range{},
		importPaths: map[*Import][]hcl.Range{},
		testVars:    map[*Test]map[string]hcl.Range{},
		testScen:    map[*Test]hcl.Range{},
	}
}

// parseFiles reads and parses every plan file, returning the bodies of the
// files that parsed (possibly partially).
func (l *loader) parseFiles() []*hclsyntax.Body {
	names, ok := l.fileNames()
	if !ok {
		return nil
	}
	if len(names) == 0 {
		l.errorNoSubject("Missing plan block", fmt.Sprintf(
			"The directory %q holds no .hcl files. A plan directory needs at least one, with a plan block such as:\n\n%s",
			l.dir, minimalPlan))
		return nil
	}
	var bodies []*hclsyntax.Body
	for _, name := range names {
		if body := l.parseFile(name); body != nil {
			bodies = append(bodies, body)
		}
	}
	return bodies
}

// fileNames lists the plan files on disk plus overlay-only plan files.
func (l *loader) fileNames() ([]string, bool) {
	names, err := PlanFiles(l.dir)
	for name := range l.opts.Overlay {
		inDir := filepath.Dir(name) == filepath.Clean(l.dir)
		if inDir && isPlanFileName(filepath.Base(name)) && !slices.Contains(names, name) {
			names = append(names, name)
		}
	}
	if err != nil && len(names) == 0 {
		l.errorNoSubject("Plan directory not found", fmt.Sprintf(
			"Cannot read the plan directory %q: %s. Give the path of a directory holding the plan's .hcl files.",
			l.dir, describeIOError(err)))
		return nil, false
	}
	slices.Sort(names)
	return names, true
}

// parseFile reads and parses one plan file. A file that is refused, or
// whose text must not reach the parser, counts as one with syntax errors.
func (l *loader) parseFile(name string) *hclsyntax.Body {
	src, problem := l.readSource(name, planFileKind)
	if problem != nil {
		l.errorAt(fileSubject(name), problem.summary, problem.detail)
		l.syntaxErrors = true
		return nil
	}
	l.plan.Sources[name] = src
	if d := hclTextDiag(src, name, func(offset int) hcl.Pos { return l.posAt(name, src, offset) }); d != nil {
		l.diags = append(l.diags, d)
		l.syntaxErrors = true
		return nil
	}
	file, diags := l.parser.ParseHCL(src, name)
	l.diags = append(l.diags, diags...)
	l.syntaxErrors = l.syntaxErrors || diags.HasErrors()
	if file == nil {
		return nil
	}
	body, ok := file.Body.(*hclsyntax.Body)
	if !ok {
		return nil
	}
	return body
}

// checkText reports a file that is binary or not valid UTF-8.
func (l *loader) checkText(name string, src []byte, what, fix string) bool {
	d := textDiag(src, name, what, fix, func(offset int) hcl.Pos { return l.posAt(name, src, offset) })
	if d != nil {
		l.diags = append(l.diags, d)
	}
	return d == nil
}

// firstInvalidUTF8 returns the offset of the first byte that is not part of a
// valid UTF-8 sequence, or -1.
func firstInvalidUTF8(src []byte) int {
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return -1
}

// describeIOError shortens an os error to its cause ("no such file or
// directory"), since the path is already part of the message.
func describeIOError(err error) string {
	if pe := (*os.PathError)(nil); errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
