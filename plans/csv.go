package plans

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
)

// entityKinds maps an import kind to the block kind of its rows.
var entityKinds = map[string]string{"reps": kindRep, "territories": kindTerritory}

// readImports reads the CSV files of every import block, in declaration order.
func (l *loader) readImports() {
	for _, imp := range l.plan.Imports {
		kind, ok := entityKinds[imp.Kind]
		if !ok {
			continue
		}
		ranges := l.importPaths[imp]
		for i, path := range imp.Paths {
			if name, data, ok := l.readCSVFile(path, ranges[i]); ok {
				l.importCSV(kind, name, data)
			} else {
				l.importFailed = true
			}
		}
	}
}

// readCSVFile resolves and reads one import file and checks that it is
// text; ok is false (and the problem reported) when it cannot be imported.
func (l *loader) readCSVFile(path string, rng hcl.Range) (name string, data []byte, ok bool) {
	name, ok = l.resolveImport(path, rng)
	if !ok {
		return "", nil, false
	}
	data, problem := l.readSource(name, importFileKind)
	if problem != nil {
		l.errorAt(rng, problem.summary, problem.detail)
		return "", nil, false
	}
	l.plan.Sources[name] = data
	ok = l.checkText(name, data, "import file", "or point the import block at a CSV export")
	return name, data, ok
}

// resolveImport joins an import path with the plan directory and refuses
// one that leaves it as written, unless AllowOutside is set (readSource
// refuses one whose symbolic links lead out of it).
func (l *loader) resolveImport(path string, rng hcl.Range) (string, bool) {
	if path == "" {
		l.errorAt(rng, "Empty import path", "An import path names a CSV file relative to the plan directory, e.g. csv = \"data/reps.csv\".")
		return "", false
	}
	name := filepath.Join(l.dir, path)
	if filepath.IsAbs(path) {
		name = filepath.Clean(path)
	}
	if l.opts.AllowOutside || (!filepath.IsAbs(path) && within(l.dir, name)) {
		return name, true
	}
	l.errorAt(rng, "Import path outside the plan directory", fmt.Sprintf(
		"The file %q is outside the plan directory %q. Keep data files inside the plan directory (e.g. data/reps.csv) so the plan stays self-contained, or pass --allow-outside to read it anyway.",
		path, l.dir))
	return "", false
}

// within reports whether path is dir or lies below it (lexically).
func within(dir, path string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// csvFile is an imported CSV file as the loader reads it: its bytes and
// line starts, which locate its cells, and its header. Every imported row
// points to it, so the range of a cell is only computed when a diagnostic
// or `explain` asks for it.
type csvFile struct {
	name   string
	data   []byte
	starts []int    // byte offsets of line starts
	header []string // the header cells as written
	cols   []string // attribute of each column; "" for the id column and skipped ones
	known  []bool   // whether the column is a known attribute (kept as text)
	idCol  int      // the index of the id column, -1 when there is none
}

// csvRow locates a row of an imported CSV file by the line its first cell
// is on (rows start at the beginning of a line).
type csvRow struct {
	file *csvFile
	line int
}

// ranger is something written at a range: an HCL expression, or a CSV
// cell whose range is computed only when asked.
type ranger interface {
	Range() hcl.Range
}

// csvCell is cell i, holding text, of an imported row.
type csvCell struct {
	row  csvRow
	i    int
	text string
}

// Range is the range of the cell in its file, found by reading the row
// again (only a diagnostic asks for it).
func (c *csvCell) Range() hcl.Range {
	rng, ok := c.row.fieldRange(c.i)
	if !ok {
		return c.row.file.cellRange(c.row.line, 1, c.text)
	}
	return rng
}

// Range returns where the attribute name was written: the value of an HCL
// attribute or the cell of an imported CSV row. ok is false when the
// entity has no such attribute.
func (a *Attrs) Range(name string) (hcl.Range, bool) {
	if rng, ok := a.Ranges[name]; ok {
		return rng, true
	}
	if _, ok := a.Get(name); !ok || a.row.file == nil {
		return hcl.Range{}, false
	}
	return a.row.cellRange(name)
}

// at is the range of attribute name, or the zero range when it has none.
func (a *Attrs) at(name string) hcl.Range {
	rng, _ := a.Range(name)
	return rng
}

// cellRange reads the row again to find the range of the cell that holds
// attribute name.
func (row csvRow) cellRange(name string) (hcl.Range, bool) {
	return row.fieldRange(slices.Index(row.file.cols, name))
}

// fieldRange reads the row again to find the range of its cell i.
func (row csvRow) fieldRange(i int) (hcl.Range, bool) {
	f := row.file
	if i < 0 || row.line < 1 || row.line > len(f.starts) {
		return hcl.Range{}, false
	}
	r := newCSVReader(f.data[f.starts[row.line-1]:])
	record, err := r.Read()
	if err != nil || i >= len(record) {
		return hcl.Range{}, false
	}
	line, col := r.FieldPos(i)
	return f.cellRange(row.line+line-1, col, record[i]), true
}

// newCSVReader reads CSV records of any width from data.
func newCSVReader(data []byte) *csv.Reader {
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	return r
}

// cellRange is the range of a cell starting at a 1-based line and byte
// column, covering text (approximately, for quoted cells), within its line;
// columns of the range count runes.
func (f *csvFile) cellRange(line, col int, text string) hcl.Range {
	line = max(1, min(line, len(f.starts)))
	lineStart, lineEnd := f.starts[line-1], len(f.data)
	if line < len(f.starts) {
		lineEnd = f.starts[line] - 1
	}
	from := min(lineStart+max(col, 1)-1, lineEnd)
	width := len(text)
	if from < len(f.data) && f.data[from] == '"' {
		width += 2
	}
	to := min(from+width, lineEnd)
	startCol := 1 + utf8.RuneCount(f.data[lineStart:from])
	return hcl.Range{
		Filename: f.name,
		Start:    hcl.Pos{Line: line, Column: startCol, Byte: from},
		End:      hcl.Pos{Line: line, Column: startCol + utf8.RuneCount(f.data[from:to]), Byte: to},
	}
}

// rowReader reads the rows of a part of a CSV file that starts after lines
// lines of it: FieldPos counts from the start of the part.
type rowReader struct {
	*csv.Reader
	lines int
}

// fieldRange is the range of field i, holding text, of the record r read
// last.
func (f *csvFile) fieldRange(r rowReader, i int, text string) hcl.Range {
	line, col := r.FieldPos(i)
	return f.cellRange(r.lines+line, col, text)
}

// importCSV reads the rows of a CSV file and turns them into reps or
// territories. A syntax error is reported and ends the file; the rows
// before it are imported.
func (l *loader) importCSV(kind, name string, data []byte) {
	starts, ok := l.csvLines(name, data)
	if !ok {
		l.importFailed = true
		return
	}
	f := &csvFile{name: name, data: data, starts: starts}
	r := newCSVReader(data)
	header, err := r.Read()
	if err != nil {
		if !errors.Is(err, io.EOF) {
			l.csvSyntaxError(f, 0, err)
		}
		l.importFailed = true
		l.errorAt(l.rangeAt(name, data, 0, 0), "Empty import file", fmt.Sprintf(
			"The import file %s is empty. Its first row must name the columns, one of them \"id\".", name))
		return
	}
	f.idCol = l.csvHeader(kind, f, rowReader{Reader: r}, header)
	l.expectLabels(kind, len(f.starts))
	body := int(r.InputOffset())
	rows, ok := l.readRows(kind, f, f.parts(body, runtime.GOMAXPROCS(0)))
	if !ok { // a syntax error: only the rows before it count, so read them in order
		rows, _ = l.readRows(kind, f, []int{body})
	}
	l.addRows(kind, rows)
}

// csvLines finds the line starts of a CSV file (and keeps them for
// locating its cells), refusing a file with a line longer than
// maxCSVLineBytes or more than maxCSVRows lines after the header: the CSV
// reader would hold a line of hundreds of megabytes whole, and every line
// becomes an entity. The problem is reported where the limit is passed.
func (l *loader) csvLines(name string, data []byte) ([]int, bool) {
	n := bytes.Count(data, []byte{'\n'}) + 1
	starts := make([]int, 1, min(n, maxCSVRows+2))
	for at := 0; ; {
		nl := bytes.IndexByte(data[at:], '\n')
		end := len(data)
		if nl >= 0 {
			end = at + nl
		}
		if end-at > maxCSVLineBytes {
			over := at + maxCSVLineBytes
			for over > at && !utf8.RuneStart(data[over]) {
				over--
			}
			l.errorAt(hcl.Range{Filename: name, Start: posInLines(starts, data, over), End: posInLines(starts, data, over)},
				"Line too long", fmt.Sprintf(
					"Line %d of %s is longer than %s, the limit of a CSV line, so the file is not read. A CSV export has one row per line: check that the file uses line ends (\\n or \\r\\n), or remove the columns the plan does not use.",
					len(starts), name, formatBytes(maxCSVLineBytes)))
			return nil, false
		}
		if nl < 0 {
			break
		}
		at = end + 1
		starts = append(starts, at)
		if len(starts) > maxCSVRows+1 && at < len(data) { // a line after the header and maxCSVRows rows
			l.errorAt(hcl.Range{Filename: name, Start: posInLines(starts, data, at), End: posInLines(starts, data, at)},
				"Too many rows", fmt.Sprintf(
					"%s has more than %d lines after its header, the limit of a CSV file, so it is not read. Split it into several files (csv may be a list of paths), or remove the rows the plan does not use.",
					name, maxCSVRows))
			return nil, false
		}
	}
	l.lines[name] = starts
	return starts, true
}

// minPartBytes is the least CSV text worth a goroutine of its own.
const minPartBytes = 64 << 10

// parts cuts the rows of f from byte from on into about n parts of equal
// size for reading at once, and returns the offset where each starts:
// always the start of a line outside quoted cells, where there is an
// even number of double quotes before it. (In a file with a stray quote
// that count may be off after it, but then the part holding the stray
// quote fails as reading the whole file would, and the file is read again
// as one part.)
func (f *csvFile) parts(from, n int) []int {
	starts := []int{from}
	n = min(n, (len(f.data)-from)/minPartBytes)
	quotes, at := 0, from
	for k := 1; k < n; k++ {
		target := from + (len(f.data)-from)*k/n
		if target <= at {
			continue
		}
		quotes += bytes.Count(f.data[at:target], []byte{'"'})
		at = target
		for at < len(f.data) {
			nl := bytes.IndexByte(f.data[at:], '\n')
			if nl < 0 {
				return starts
			}
			quotes += bytes.Count(f.data[at:at+nl], []byte{'"'})
			at += nl + 1
			if quotes%2 == 0 {
				break
			}
		}
		if at >= len(f.data) {
			break
		}
		starts = append(starts, at)
	}
	return starts
}

// csvEntry is a row of a CSV file turned into an entity, with the
// diagnostics of doing so.
type csvEntry struct {
	entity  any // *Rep or *Territory, nil when the id is invalid
	label   string
	diags   hcl.Diagnostics
	dropped int // diagnostics of the row left out over maxDiagnostics
}

// readRows reads the rows of f in parts, each starting at an offset of
// starts and running to the next, all at once, and turns them into
// entities: the rows of each part, in order. Each part reports the
// problems of its rows into its own diagnostics, which are added to l's in
// order. ok is false when a part other than the last has a syntax error:
// the rows after it must not count.
func (l *loader) readRows(kind string, f *csvFile, starts []int) (rows [][]csvEntry, ok bool) {
	type part struct {
		rows    []csvEntry
		diags   hcl.Diagnostics
		dropped int
		failed  bool
	}
	parts := make([]part, len(starts))
	var wg sync.WaitGroup
	for k, from := range starts {
		to := len(f.data)
		if k+1 < len(starts) {
			to = starts[k+1]
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := *l // reports into its own diagnostics
			w.diags, w.moved, w.dropped = nil, len(l.diags)+l.moved, 0
			p := &parts[k]
			p.rows, p.failed = w.readPart(kind, f, from, to)
			p.diags, p.dropped = w.diags, w.dropped
		}()
	}
	wg.Wait()
	for k, p := range parts {
		if p.failed && k+1 < len(parts) {
			return nil, false
		}
	}
	for _, p := range parts {
		l.diags = append(l.diags, p.diags...)
		l.dropped += p.dropped
		rows = append(rows, p.rows)
		l.importFailed = l.importFailed || p.failed
	}
	return rows, true
}

// readPart reads the rows of f between bytes from and to. failed tells that
// it stopped at a syntax error, which it reported.
func (l *loader) readPart(kind string, f *csvFile, from, to int) (rows []csvEntry, failed bool) {
	line, _ := slices.BinarySearch(f.starts, from) // from starts line line+1
	r := rowReader{Reader: newCSVReader(f.data[from:to]), lines: line}
	r.ReuseRecord = true                                    // a row's cells (strings) outlive it, the slice of them does not
	lines := bytes.Count(f.data[from:to], []byte{'\n'}) + 1 // a row per line, or fewer
	rows = make([]csvEntry, 0, lines)
	slab := newEntitySlab(kind, lines, len(f.cols))
	for {
		cells, err := r.Read()
		if errors.Is(err, io.EOF) {
			return rows, false
		}
		if err != nil {
			l.csvSyntaxError(f, r.lines, err)
			return rows, true
		}
		if !l.checkRowWidth(f, r, cells) || !l.checkCellSizes(f, r, cells) || f.idCol < 0 {
			continue
		}
		before, droppedBefore := len(l.diags), l.dropped
		line, _ := r.FieldPos(0)
		idLine, idColumn := r.FieldPos(f.idCol)
		id := f.cellRange(r.lines+idLine, idColumn, cells[f.idCol])
		e := csvEntry{entity: l.csvEntity(slab, kind, f, cells, r.lines+line, id), label: cells[f.idCol]}
		// the row's own problems go with it: they are dropped with a row
		// whose label is taken
		e.diags, l.diags = l.diags[before:len(l.diags):len(l.diags)], l.diags[:before:before]
		e.dropped, l.dropped = l.dropped-droppedBefore, droppedBefore
		l.moved += len(e.diags)
		rows = append(rows, e)
	}
}

// csvSyntaxError reports an encoding/csv error at the start of the row it
// is in (an unclosed quote is only noticed at the end of the file);
// lines counts the lines before the part of the file that was read.
func (l *loader) csvSyntaxError(f *csvFile, lines int, err error) {
	line, col, start, at := 1, 1, 1, ""
	if pe := (*csv.ParseError)(nil); errors.As(err, &pe) {
		line, col, start, err = pe.Line, pe.Column, pe.StartLine, pe.Err
	}
	line, start = lines+line, lines+start
	subject := f.cellRange(line, col, "")
	if start != line {
		at = fmt.Sprintf(" (in the row starting at line %d)", start)
		subject = f.cellRange(start, 1, "")
	}
	l.errorAt(subject, "Invalid CSV", fmt.Sprintf(
		"%s, line %d, column %d%s: %s. A quoted cell starts and ends with a double quote and doubles any quote inside it (\"say \"\"hi\"\"\").",
		f.name, line, col, at, err))
}

// csvHeader validates the header row, the record r read last, and fills
// the columns of f. It returns the index of the id column, -1 when there
// is none.
func (l *loader) csvHeader(kind string, f *csvFile, r rowReader, header []string) int {
	known, reserved := knownRepAttrs, reservedRepAttrs
	if kind == kindTerritory {
		known, reserved = knownTerritoryAttrs, reservedTerritoryAttrs
	}
	f.header = slices.Clone(header)
	f.cols, f.known = make([]string, len(header)), make([]bool, len(header))
	idCol := -1
	names := mapSlice(header, func(c string) string { return strings.TrimSpace(strings.TrimPrefix(c, "\ufeff")) })
	first := make(map[string]int, len(names)) // column name -> its first column
	for i, col := range names {
		// the range of a cell costs a scan of the line before it: only
		// for a report (a header may hold a hundred thousand columns)
		at := func() hcl.Range { return f.fieldRange(r, i, header[i]) }
		if !isIdentifier(col) {
			if l.full() {
				l.dropped++
			} else {
				l.badColumnName(f, at(), i, col, known)
			}
			continue
		}
		if j, dup := first[col]; dup {
			l.errorAtLazy(lazyRange(at), "Duplicate column", func() string {
				return fmt.Sprintf("Column %d of %s is named %q like column %d. Rename or remove one of them.", i+1, f.name, clip(col), j+1)
			})
			continue
		}
		first[col] = i
		switch {
		case col == "id":
			idCol = i
		case blockNames[kind][col] != "":
			l.blockColumn(kind, col, at())
		case slices.Contains(reserved, col):
			l.reservedAttr(kind, col, reserved, at())
		default:
			f.cols[i], f.known[i] = col, slices.Contains(known, col)
		}
	}
	if idCol < 0 {
		l.errorAt(hcl.RangeBetween(f.fieldRange(r, 0, header[0]), f.fieldRange(r, len(header)-1, header[len(header)-1])),
			"Missing id column", fmt.Sprintf(
				"The header of %s has no \"id\" column. Add one: it holds each %s's label, as in %s \"label\" { ... }.",
				f.name, kind, kind))
	}
	return idCol
}

// badColumnName reports a header cell, at rng, that is not an attribute
// name.
func (l *loader) badColumnName(f *csvFile, rng hcl.Range, i int, col string, known []string) {
	l.errorAt(rng, "Invalid column name", fmt.Sprintf(
		"Column %d of %s is named %q, but column names become attribute names: letters, digits and underscores, not starting with a digit (e.g. %q).%s",
		i+1, f.name, clip(col), clip(identifierHint(col)), didYouMean(col, append([]string{"id"}, known...))))
}

// isIdentifier reports whether a column name is a valid attribute name:
// ASCII letters, digits and underscores, not starting with a digit.
func isIdentifier(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		letter := c == '_' || (c|0x20 >= 'a' && c|0x20 <= 'z')
		if !letter && (i == 0 || !isDigit(c)) {
			return false
		}
	}
	return s != ""
}

// isDigit reports whether c is an ASCII digit.
func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// checkRowWidth reports a row, the record r read last, whose number of
// cells differs from the header.
func (l *loader) checkRowWidth(f *csvFile, r rowReader, row []string) bool {
	want, got := len(f.header), len(row)
	if got == want {
		return true
	}
	if l.full() { // the ranges below scan the row
		l.dropped++
		return false
	}
	line := f.fieldRange(r, 0, row[0]).Start.Line
	if got > want {
		l.errorAt(f.fieldRange(r, want, row[want]), "Extra cells in row", fmt.Sprintf(
			"Row %d of %s has %d cells but the header names %d columns: column %d has no header. Remove the extra cells or add a column name.",
			line, f.name, got, want, want+1))
		return false
	}
	last := f.fieldRange(r, got-1, row[got-1])
	at := hcl.Range{Filename: last.Filename, Start: last.End, End: last.End}
	l.errorAt(at, "Missing cells in row", fmt.Sprintf(
		"Row %d of %s has %d cells but the header names %d columns: column %d (%q) is missing. Leave a cell empty (two commas in a row) for an absent value.",
		line, f.name, got, want, got+1, clip(strings.TrimSpace(f.header[got]))))
	return false
}

// checkCellSizes reports the first cell of a row, the record r read last,
// longer than maxCSVCellBytes (a quoted cell may span many lines); the row
// is then not read.
func (l *loader) checkCellSizes(f *csvFile, r rowReader, row []string) bool {
	for i, cell := range row {
		if len(cell) > maxCSVCellBytes {
			l.errorAt(f.fieldRange(r, i, ""), "Cell too long", fmt.Sprintf(
				"Column %d of this row of %s holds %s, more than the limit of %s for a CSV cell, so the row is not read. Check the quotes of the row (a quote left open makes the rest of the file one cell), or shorten the cell.",
				i+1, f.name, formatBytes(int64(len(cell))), formatBytes(maxCSVCellBytes)))
			return false
		}
	}
	return true
}

// expectLabels makes room for about n more labels of kind, so that a large
// import does not grow the map of declared labels step by step.
func (l *loader) expectLabels(kind string, n int) {
	seen := l.declared[kind]
	grown := make(map[string]*hcl.Range, len(seen)+n)
	maps.Copy(grown, seen)
	l.declared[kind] = grown
}

// addRows declares the labels of the rows of every part, in order, and
// adds their entities to the plan, exactly as reading one row after the
// other would.
func (l *loader) addRows(kind string, parts [][]csvEntry) {
	n := 0
	for _, rows := range parts {
		n += len(rows)
	}
	if kind == kindRep {
		l.plan.Reps = slices.Grow(l.plan.Reps, n)
	} else {
		l.plan.Territories = slices.Grow(l.plan.Territories, n)
	}
	for _, rows := range parts {
		for _, row := range rows {
			l.addRow(kind, row)
		}
	}
}

// addRow declares the label of one row and adds its entity to the plan.
func (l *loader) addRow(kind string, row csvEntry) {
	var at *hcl.Range
	switch e := row.entity.(type) {
	case *Rep:
		at = &e.DefRange
	case *Territory:
		at = &e.DefRange
	default: // an invalid id
		l.diags = append(l.diags, row.diags...)
		l.dropped += row.dropped
		return
	}
	if !l.declare(kind, row.label, at) {
		return // a row with a taken label is not read further
	}
	l.diags = append(l.diags, row.diags...)
	l.dropped += row.dropped
	switch e := row.entity.(type) {
	case *Rep:
		l.plan.Reps = append(l.plan.Reps, e)
	case *Territory:
		l.plan.Territories = append(l.plan.Territories, e)
	}
}

// idLabels name the id of each kind in diagnostics.
var idLabels = map[string]string{kindRep: kindRep + " id", kindTerritory: kindTerritory + " id"}

// csvEntity builds a rep or territory, taken from slab, from the cells of
// the CSV row that starts on line, its id cell at idRange; nil when its id
// is invalid. It reads nothing that other rows change.
func (l *loader) csvEntity(slab *entitySlab, kind string, f *csvFile, cells []string, line int, idRange hcl.Range) any {
	id := cells[f.idCol]
	if !l.checkID(idLabels[kind], id, idRange) {
		return nil
	}
	row := csvRow{file: f, line: line}
	attrs := Attrs{names: f.cols, values: slab.values(), row: row}
	if kind == kindRep {
		r := slab.rep(Rep{ID: id, Attrs: attrs, DefRange: idRange})
		l.csvAttrs(row, cells, &r.Attrs, l.repSetter(r))
		return r
	}
	t := slab.territory(Territory{ID: id, Attrs: attrs, DefRange: idRange})
	l.csvAttrs(row, cells, &t.Attrs, l.territorySetter(t))
	return t
}

// entitySlab hands out the entities of the rows of a CSV part, and their
// attribute values, from one allocation of each, sized by the part's line
// count: a big import costs a few allocations rather than a few per row.
//
// Its memory is fresh from the system, so it is written first, through a
// slice index: a write through a pointer is preceded by a nil check that
// reads the page, which Linux then maps to its zero page, and the write
// right after costs a second fault and a TLB flush on every CPU.
type entitySlab struct {
	reps  []Rep
	terrs []Territory
	vals  []any
	used  int // entities handed out
	width int // attribute values per row
}

// newEntitySlab makes room for rows entities of kind with width values
// each.
func newEntitySlab(kind string, rows, width int) *entitySlab {
	s := &entitySlab{width: width, vals: make([]any, rows*width)}
	if kind == kindRep {
		s.reps = make([]Rep, rows)
	} else {
		s.terrs = make([]Territory, rows)
	}
	return s
}

// A part holds at most a row per line, so the slab never runs out; if it
// did, its methods would allocate.

// rep stores r in the next free place and returns it.
func (s *entitySlab) rep(r Rep) *Rep {
	if s.used == len(s.reps) {
		return &r
	}
	s.reps[s.used] = r
	s.used++
	return &s.reps[s.used-1]
}

// territory stores t in the next free place and returns it.
func (s *entitySlab) territory(t Territory) *Territory {
	if s.used == len(s.terrs) {
		return &t
	}
	s.terrs[s.used] = t
	s.used++
	return &s.terrs[s.used-1]
}

// values returns the next free row of attribute values.
func (s *entitySlab) values() []any {
	if len(s.vals) < s.width {
		return make([]any, s.width)
	}
	v := s.vals[:s.width:s.width]
	s.vals = s.vals[s.width:]
	return v
}

// csvAttrs sets the attributes of one row. Known attributes keep the cell's
// text; others are parsed as number, bool or string. Empty cells are absent.
func (l *loader) csvAttrs(at csvRow, row []string, dst *Attrs, set attrSetter) {
	f := at.file
	cell := &l.cell // setters only use it while they run
	*cell = csvCell{row: at}
	for i, text := range row {
		name := f.cols[i]
		if name == "" || text == "" {
			continue
		}
		cell.i, cell.text = i, text
		var v any
		if f.known[i] {
			v = text
		} else {
			var finite bool
			if v, finite = parseCell(text); !finite {
				l.nonFiniteCell(cell)
				continue
			}
		}
		if set(name, v, cell) {
			dst.values[i] = v
		}
	}
}

// ParseCell converts the text of a CSV cell: a finite decimal number becomes
// a float64, true or false (any case) a bool, anything else stays a string.
// Surrounding spaces are ignored when recognising numbers and bools. Load
// refuses the cells that spell a number that is not finite (Infinity, NaN,
// 1e400) rather than keep them as strings; ParseCell returns their text.
func ParseCell(text string) any {
	v, _ := parseCell(text)
	return v
}

// parseCell is ParseCell, also telling whether the cell is a number that is
// not finite: a decimal beyond the range of float64, or an infinity or NaN
// as programs and spreadsheets print them (the value is then the text).
func parseCell(text string) (v any, finite bool) {
	t := strings.TrimSpace(text)
	if isDecimal(t) {
		if f, err := strconv.ParseFloat(t, 64); err == nil && !math.IsInf(f, 0) {
			return f, true
		}
		return text, false // out of range
	}
	switch {
	case equalFoldASCII(t, "true"):
		return true, true
	case equalFoldASCII(t, "false"):
		return false, true
	}
	return text, !isNonFiniteWord(t)
}

// nonFiniteWords are the spellings of infinities and NaN that programs and
// spreadsheets write into CSV exports. Mixed case such as "Nan" (a name, a
// city) is not among them and stays text.
var nonFiniteWords = []string{"inf", "Inf", "INF", "infinity", "Infinity", "INFINITY", "nan", "NaN", "NAN"}

// isNonFiniteWord reports whether t, with an optional sign, spells an
// infinity or NaN.
func isNonFiniteWord(t string) bool {
	if len(t) < 3 || len(t) > len("+INFINITY") {
		return false
	}
	if t[0] == '+' || t[0] == '-' {
		t = t[1:]
	}
	return slices.Contains(nonFiniteWords, t)
}

// nonFiniteCell reports a cell that spells a number that is not finite.
func (l *loader) nonFiniteCell(cell *csvCell) {
	t := strings.TrimSpace(cell.text)
	detail := fmt.Sprintf(
		"The cell holds %s, a number beyond the range of 64-bit numbers (about 1.8e308). Numbers of a plan must be finite: write a smaller number, or leave the cell empty for an absent value.", clip(t))
	if isNonFiniteWord(t) {
		detail = fmt.Sprintf(
			"The cell holds %q, which reads as a number that is not finite (an infinity or NaN), and no quota can be computed from one. Write a finite number, or leave the cell empty for an absent value. A data column rarely holds this word as text, so quotaplan takes it for a broken number rather than for text.", t)
	}
	l.errorAtLazy(cell, "Not a finite number", func() string { return detail })
}

// isDecimal reports whether t is a decimal number a CSV cell may hold:
// an optional sign, digits with an optional decimal point (at least one
// digit), and an optional exponent; no hex, no infinities, no digit
// separators.
func isDecimal(t string) bool {
	i := 0
	if i < len(t) && (t[i] == '+' || t[i] == '-') {
		i++
	}
	whole := digits(t[i:])
	i += whole
	frac := 0
	if i < len(t) && t[i] == '.' {
		i++
		frac = digits(t[i:])
		i += frac
	}
	if whole == 0 && frac == 0 {
		return false
	}
	if i < len(t) && (t[i] == 'e' || t[i] == 'E') {
		i++
		if i < len(t) && (t[i] == '+' || t[i] == '-') {
			i++
		}
		exp := digits(t[i:])
		if exp == 0 {
			return false
		}
		i += exp
	}
	return i == len(t)
}

// digits counts the ASCII digits at the start of s.
func digits(s string) int {
	n := 0
	for n < len(s) && isDigit(s[n]) {
		n++
	}
	return n
}

// equalFoldASCII reports whether s equals the lower-case ASCII word lower,
// ignoring the case of ASCII letters.
func equalFoldASCII(s, lower string) bool {
	if len(s) != len(lower) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i]|0x20 != lower[i] {
			return false
		}
	}
	return true
}

// lazyRange is a range computed only when asked, as a ranger.
type lazyRange func() hcl.Range

// Range calls r.
func (r lazyRange) Range() hcl.Range { return r() }

// fixedRange is a range already known, as a ranger.
type fixedRange hcl.Range

// Range returns r.
func (r fixedRange) Range() hcl.Range { return hcl.Range(r) }
