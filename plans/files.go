package plans

import (
	"bytes"
	"errors"
	"fmt"
	"github.com/quotaplan/quotaplan/plans/words"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
)

// Limits on the files one Load reads (LANGUAGE.md section 8), far above
// real plans: a plan directory comes from a pull request, and a plan file
// that is a link to /dev/zero or a 200 MB CSV of one line must be refused
// rather than read until memory runs out.
const (
	maxPlanFileBytes = 8 << 20   // one .hcl file
	maxCSVFileBytes  = 64 << 20  // one imported CSV file
	maxLockFileBytes = 192 << 20 // the published result a lock reads (about 200,000 reps)
	maxLoadBytes     = 256 << 20 // every file of one Load together
	maxCSVRows       = 2_000_000 // lines after the header of one CSV file
	maxCSVLineBytes  = 1 << 20   // one line of a CSV file
	maxCSVCellBytes  = 64 << 10  // one cell of a CSV file
)

// fileProblem is why a file is not read: the summary and detail of its
// diagnostic, whose subject the caller chooses (the file itself for a
// plan file, the csv attribute for an import).
type fileProblem struct{ summary, detail string }

// fileKind describes the files of one kind for readSource.
type fileKind struct {
	what    string // "plan file" or "import file"
	aWhat   string // what, with its article
	limit   int64  // the most bytes a file of the kind may hold
	readFix string // how to fix a file that cannot be read
}

var (
	planFileKind = fileKind{what: "plan file", aWhat: "a plan file", limit: maxPlanFileBytes,
		readFix: "Check that the file exists and is readable."}
	importFileKind = fileKind{what: "import file", aWhat: "an import file", limit: maxCSVFileBytes,
		readFix: "Import paths are relative to the plan directory; check the file name."}
)

// readSource returns the bytes of a file that the plan reads: its overlay
// content when it has one, else the file on disk. Every file is held to
// the same rules before any of it is read: it must be a regular file (not
// a device, fifo, socket or directory, which could block or never end),
// its real path (symbolic links resolved) must lie inside the plan
// directory unless AllowOutside is set, and it must fit the size limit of
// its kind and what is left of the limit of the whole load. A refused
// file is never read, so its content cannot show up in a diagnostic.
func (l *loader) readSource(name string, kind fileKind) ([]byte, *fileProblem) {
	if src, ok := l.opts.Overlay[name]; ok {
		if p := l.checkSize(name, kind, int64(len(src))); p != nil {
			return nil, p
		}
		l.bytesRead += int64(len(src))
		return src, nil
	}
	real, err := filepath.EvalSymlinks(name)
	if err != nil {
		return nil, l.readProblem(name, kind, err)
	}
	info, err := os.Stat(real)
	if err != nil {
		return nil, l.readProblem(name, kind, err)
	}
	if !info.Mode().IsRegular() { // even with AllowOutside
		return nil, notRegularProblem(name, info.Mode(), kind)
	}
	if !l.opts.AllowOutside && !l.realInside(real) {
		return nil, outsideProblem(name, real, kind)
	}
	if p := l.checkSize(name, kind, info.Size()); p != nil {
		return nil, p
	}
	data, err := readRegular(real, info, kind.limit)
	switch {
	case errors.Is(err, errNotRegular):
		return nil, notRegularProblem(name, fs.ModeIrregular, kind)
	case errors.Is(err, errTooLarge):
		return nil, tooLarge(name, kind, kind.limit+1)
	case err != nil:
		return nil, l.readProblem(name, kind, err)
	}
	l.bytesRead += int64(len(data))
	return data, nil
}

// Errors of readRegular.
var (
	errNotRegular = errors.New("not a regular file")
	errTooLarge   = errors.New("file too large")
)

// readRegular reads the regular file name, which os.Stat described as
// info, holding at most limit bytes. It opens the file without blocking
// (a fifo put in its place after the stat would otherwise block the open)
// and checks that what it opened is still that regular file.
func readRegular(name string, info os.FileInfo, limit int64) ([]byte, error) {
	f, err := os.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	opened, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !opened.Mode().IsRegular() || !os.SameFile(info, opened) {
		return nil, errNotRegular
	}
	buf := bytes.NewBuffer(make([]byte, 0, min(opened.Size(), limit)+bytes.MinRead))
	if _, err := buf.ReadFrom(io.LimitReader(f, limit+1)); err != nil {
		return nil, err
	}
	if int64(buf.Len()) > limit {
		return nil, errTooLarge // it grew since the stat
	}
	return buf.Bytes(), nil
}

// checkSize refuses a file of size bytes over the limit of its kind or
// over what is left of the limit of the whole load.
func (l *loader) checkSize(name string, kind fileKind, size int64) *fileProblem {
	if size > kind.limit {
		return tooLarge(name, kind, size)
	}
	if l.bytesRead+size > maxLoadBytes {
		return &fileProblem{"Plan too large", fmt.Sprintf(
			"Reading the %s %s (%s) would take the files of this plan over %s together, the limit of one plan. Remove files the plan does not need, or files it reads twice.",
			kind.what, name, formatBytes(size), formatBytes(maxLoadBytes))}
	}
	return nil
}

// tooLarge describes a file of size bytes over the limit of its kind.
func tooLarge(name string, kind fileKind, size int64) *fileProblem {
	fix := "Split it into several .hcl files, or move reps and territories into an imported CSV."
	switch kind.what {
	case planFileKind.what:
	case lockFileKind.what:
		fix = "A lock reads the result eval saved when the quotas were published; a plan this large is over what one lock may read."
	default:
		fix = "Split it into several files (csv may be a list of paths), or remove the rows and columns the plan does not use."
	}
	return &fileProblem{"File too large", fmt.Sprintf(
		"The %s %s holds %s, more than the limit of %s for %s. %s",
		kind.what, name, formatBytes(size), formatBytes(kind.limit), kind.aWhat, fix)}
}

// formatBytes prints a size in bytes, KiB or MiB.
func formatBytes(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

// readProblem describes a file that cannot be read.
func (l *loader) readProblem(name string, kind fileKind, err error) *fileProblem {
	return &fileProblem{"Cannot read " + kind.what, fmt.Sprintf(
		"Cannot read %s: %s. %s", name, describeIOError(err), kind.readFix)}
}

// outsideProblem describes a file whose real path, real, leaves the plan
// directory.
func outsideProblem(name, real string, kind fileKind) *fileProblem {
	summary := "Import path outside the plan directory"
	if kind.what == planFileKind.what {
		summary = "Plan file outside the plan directory"
	}
	return &fileProblem{summary, fmt.Sprintf(
		"%s leads through a symbolic link to %s, which is outside the plan directory, so it is not read. Keep the files of a plan inside its directory (copy the file instead of linking it), or pass --allow-outside to read it anyway.",
		name, real)}
}

// notRegularProblem describes a file that is not a regular file.
func notRegularProblem(name string, mode fs.FileMode, kind fileKind) *fileProblem {
	fix := "replace it with one"
	if kind.what == planFileKind.what {
		fix = "replace it with one, or remove it (every *.hcl file of the plan directory is read)"
	}
	return &fileProblem{"Not a regular file", fmt.Sprintf(
		"%s is %s, not a regular file, so it is not read: reading it could block or never end. %s must be a regular file: %s.",
		name, DescribeMode(mode), words.UpperFirst(kind.aWhat), fix)}
}

// DescribeMode names the type of a file that is not regular ("a named
// pipe (fifo)", "a directory" ...), for messages that refuse it.
func DescribeMode(mode fs.FileMode) string {
	switch {
	case mode.IsDir():
		return "a directory"
	case mode&fs.ModeNamedPipe != 0:
		return "a named pipe (fifo)"
	case mode&fs.ModeSocket != 0:
		return "a socket"
	case mode&fs.ModeCharDevice != 0:
		return "a character device"
	case mode&fs.ModeDevice != 0:
		return "a device"
	}
	return "a special file"
}

// realInside reports whether the real path of a file (symbolic links
// resolved) lies inside the real path of the plan directory.
func (l *loader) realInside(real string) bool {
	if l.realDir == "" {
		dir, err := filepath.EvalSymlinks(l.dir)
		if err != nil {
			dir = filepath.Clean(l.dir)
		}
		l.realDir, _ = filepath.Abs(dir)
	}
	abs, err := filepath.Abs(real)
	return err == nil && within(l.realDir, abs)
}

// fileSubject is the range a diagnostic about a whole file points at: its
// first line.
func fileSubject(name string) hcl.Range {
	return hcl.Range{Filename: name, Start: hcl.InitialPos, End: hcl.InitialPos}
}

// textDiag reports a file that is binary (a NUL byte) or not valid UTF-8,
// at the first offending byte; what names the file's kind and fix ends the
// detail. pos turns an offset of src into a position.
func textDiag(src []byte, name, what, fix string, pos func(int) hcl.Pos) *hcl.Diagnostic {
	bad := bytes.IndexByte(src, 0)
	problem := "a NUL byte"
	if bad < 0 && !utf8.Valid(src) {
		bad = firstInvalidUTF8(src)
		problem = "bytes that are not valid UTF-8"
	}
	if bad < 0 {
		return nil
	}
	p := pos(bad)
	return &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  "Not a text file",
		Detail: fmt.Sprintf("The %s %s holds %s at line %d, so it is not a text file. Save it as UTF-8 text, %s.",
			what, name, problem, p.Line, fix),
		Subject: &hcl.Range{Filename: name, Start: p, End: p},
	}
}

// ReadPlanFile reads the plan file name of the plan directory dir the way
// Load does (a regular file inside dir unless allowOutside, within the
// size limit of a plan file), for commands that read plan files
// themselves, such as fmt. A file that is refused is not read, and the
// diagnostic says why.
func ReadPlanFile(dir, name string, allowOutside bool) ([]byte, hcl.Diagnostics) {
	l := newLoader(dir, LoadOptions{AllowOutside: allowOutside})
	src, p := l.readSource(name, planFileKind)
	if p != nil {
		rng := fileSubject(name)
		return nil, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: p.summary, Detail: p.detail, Subject: &rng}}
	}
	return src, nil
}
