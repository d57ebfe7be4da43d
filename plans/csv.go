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
	"unicode"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
)

// readImports reads the CSV files of every import block, in declaration
// order, then does what each row kind does with its rows.
func (l *loader) readImports() {
	for _, imp := range l.plan.Imports {
		k := rowKindNamed(imp.Kind)
		if k == nil {
			continue
		}
		ranges := l.importPaths[imp]
		for i, path := range imp.Paths {
			if name, data, ok := l.readCSVFile(path, ranges[i]); ok {
				l.importCSV(k, imp, path, name, data)
			} else {
				l.importFailed = true
			}
		}
	}
	l.applyRows()
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
	name     string
	path     string // the path as the import block writes it, which names rows without an id
	idWhat   string // what a row's id is called in messages, e.g. "rep id"
	data     []byte
	starts   []int      // byte offsets of line starts
	header   []string   // the header cells as written
	cols     []string   // attribute of each column; "" for the id column and skipped ones
	modes    []cellMode // how the cells of each column are read
	idCol    int        // the index of the id column, -1 when there is none
	required []int      // the columns of the attributes every row needs
	skip     bool       // the header gives no way to name the rows: none is read
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

// headerRange is the range of the header of f, the record r read last:
// from its first cell to its last.
func (f *csvFile) headerRange(r rowReader) hcl.Range {
	last := len(f.header) - 1
	return hcl.RangeBetween(f.fieldRange(r, 0, f.header[0]), f.fieldRange(r, last, f.header[last]))
}

// importCSV reads the rows of a CSV file, written path in imp, of kind
// k: reps and territories join the plan, other rows the import's Rows. A
// syntax error is reported and ends the file; the rows before it are
// imported.
func (l *loader) importCSV(k *rowKind, imp *Import, path, name string, data []byte) {
	starts, ok := l.csvLines(name, data)
	if !ok {
		l.importFailed = true
		return
	}
	f := &csvFile{name: name, path: path, idWhat: k.row + " id", data: data, starts: starts}
	r := newCSVReader(data)
	header, err := r.Read()
	if err != nil {
		if !errors.Is(err, io.EOF) {
			l.csvSyntaxError(f, 0, err)
		}
		l.importFailed = true
		idColumn := ", one of them \"id\""
		if k.idOptional || imp.ID != "" {
			idColumn = ""
		}
		l.errorAt(l.rangeAt(name, data, 0, 0), "Empty import file", fmt.Sprintf(
			"The import file %s is empty. Its first row must name the columns%s.", name, idColumn))
		return
	}
	l.csvHeader(k, imp, f, rowReader{Reader: r}, header)
	if f.idCol >= 0 {
		l.expectLabels(k.labelKind(), len(f.starts))
	}
	body := int(r.InputOffset())
	rows, counts, ok := l.readRows(k, f, f.parts(body, runtime.GOMAXPROCS(0)))
	if !ok { // a syntax error: only the rows before it count, so read them in order
		rows, counts, _ = l.readRows(k, f, []int{body})
	}
	l.addRows(k, imp, f, rows)
	l.checkMixedColumns(f, counts, rows)
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
	entity  any // *Rep, *Territory or *Row; nil when the id is invalid
	label   string
	diags   hcl.Diagnostics
	dropped int32 // diagnostics of the row left out over maxDiagnostics (int32: keeps the entry 64 bytes)
	added   bool  // the row joined the plan (its id was not taken)
}

// attrs are the attributes of the entity of e, nil when it has none.
func (e *csvEntry) attrs() *Attrs {
	switch x := e.entity.(type) {
	case *Rep:
		return &x.Attrs
	case *Territory:
		return &x.Attrs
	case *Row:
		return &x.Attrs
	}
	return nil
}

// readRows reads the rows of f in parts, each starting at an offset of
// starts and running to the next, all at once, and turns them into
// entities: the rows of each part, in order. Each part reports the
// problems of its rows into its own diagnostics, which are added to l's in
// order, and the counts of the columns of f over every part. ok is false
// when a part other than the last has a syntax error: the rows after it
// must not count.
func (l *loader) readRows(k *rowKind, f *csvFile, starts []int) (rows [][]csvEntry, counts []colCount, ok bool) {
	type part struct {
		rows    []csvEntry
		counts  []colCount
		diags   hcl.Diagnostics
		dropped int
		failed  bool
	}
	parts := make([]part, len(starts))
	var wg sync.WaitGroup
	for i, from := range starts {
		to := len(f.data)
		if i+1 < len(starts) {
			to = starts[i+1]
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := *l // reports into its own diagnostics
			w.diags, w.moved, w.dropped = nil, len(l.diags)+l.moved, 0
			p := &parts[i]
			p.rows, p.counts, p.failed = w.readPart(k, f, from, to)
			p.diags, p.dropped = w.diags, w.dropped
		}()
	}
	wg.Wait()
	for i, p := range parts {
		if p.failed && i+1 < len(parts) {
			return nil, nil, false
		}
	}
	counts = make([]colCount, len(f.cols))
	for _, p := range parts {
		l.diags = append(l.diags, p.diags...)
		l.dropped += p.dropped
		rows = append(rows, p.rows)
		l.importFailed = l.importFailed || p.failed
		for i, c := range p.counts {
			counts[i].numbers += c.numbers
			counts[i].texts += c.texts
		}
	}
	return rows, counts, true
}

// readPart reads the rows of f between bytes from and to, and counts what
// the cells of each column gave. failed tells that it stopped at a syntax
// error, which it reported.
func (l *loader) readPart(k *rowKind, f *csvFile, from, to int) (rows []csvEntry, counts []colCount, failed bool) {
	line, _ := slices.BinarySearch(f.starts, from) // from starts line line+1
	r := rowReader{Reader: newCSVReader(f.data[from:to]), lines: line}
	r.ReuseRecord = true                                    // a row's cells (strings) outlive it, the slice of them does not
	lines := bytes.Count(f.data[from:to], []byte{'\n'}) + 1 // a row per line, or fewer
	rows = make([]csvEntry, 0, lines)
	slab := newEntitySlab(k, lines, len(f.cols))
	for {
		cells, err := r.Read()
		if errors.Is(err, io.EOF) {
			return rows, slab.counts, false
		}
		if err != nil {
			l.csvSyntaxError(f, r.lines, err)
			return rows, slab.counts, true
		}
		if !l.checkRowWidth(f, r, cells) || !l.checkCellSizes(f, r, cells) || f.skip {
			continue
		}
		before, droppedBefore := len(l.diags), l.dropped
		line, _ := r.FieldPos(0)
		line += r.lines
		var e csvEntry
		if f.idCol >= 0 {
			idLine, idColumn := r.FieldPos(f.idCol)
			id := f.cellRange(r.lines+idLine, idColumn, cells[f.idCol])
			e = csvEntry{entity: l.csvEntity(slab, k, f, cells, line, cells[f.idCol], id), label: cells[f.idCol]}
		} else {
			label := f.path + ":" + strconv.Itoa(line)
			e = csvEntry{entity: l.csvEntity(slab, k, f, cells, line, label, f.lineRange(line)), label: label}
		}
		if len(f.required) > 0 {
			l.requiredCells(k, f, r, cells)
		}
		// the row's own problems go with it: they are dropped with a row
		// whose label is taken
		e.diags, l.diags = l.diags[before:len(l.diags):len(l.diags)], l.diags[:before:before]
		e.dropped, l.dropped = int32(l.dropped-droppedBefore), droppedBefore
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
// adds their entities to the plan (reps and territories) or to the Rows
// of imp, exactly as reading one row after the other would.
func (l *loader) addRows(k *rowKind, imp *Import, f *csvFile, parts [][]csvEntry) {
	n := 0
	for _, rows := range parts {
		n += len(rows)
	}
	switch k {
	case repRows:
		l.plan.Reps = slices.Grow(l.plan.Reps, n)
	case territoryRows:
		l.plan.Territories = slices.Grow(l.plan.Territories, n)
	default:
		imp.Rows = slices.Grow(imp.Rows, n)
	}
	if f.idCol >= 0 && l.declared[k.labelKind()] == nil { // a million deal ids: one allocation, no rehashing
		l.declared[k.labelKind()] = make(map[string]*hcl.Range, n)
	}
	for _, rows := range parts {
		for i := range rows {
			l.addRow(k, imp, f, &rows[i])
		}
	}
}

// addRow declares the label of one row, when it has one, and adds its
// entity to the plan or to imp.
func (l *loader) addRow(k *rowKind, imp *Import, f *csvFile, row *csvEntry) {
	var at *hcl.Range
	switch e := row.entity.(type) {
	case *Rep:
		at = &e.DefRange
	case *Territory:
		at = &e.DefRange
	case *Row:
		at = &e.DefRange
	default: // an invalid id
		l.diags = append(l.diags, row.diags...)
		l.dropped += int(row.dropped)
		return
	}
	if f.idCol >= 0 && !l.declareAs(k.labelKind(), k.row, k.idNoun(), row.label, at) {
		return // a row with a taken label is not read further
	}
	row.added = true
	l.diags = append(l.diags, row.diags...)
	l.dropped += int(row.dropped)
	switch e := row.entity.(type) {
	case *Rep:
		l.plan.Reps = append(l.plan.Reps, e)
	case *Territory:
		l.plan.Territories = append(l.plan.Territories, e)
	case *Row:
		imp.Rows = append(imp.Rows, e)
	}
}

// csvEntity builds a rep, territory or row of kind k, taken from slab,
// from the cells of the CSV row that starts on line, named id (its id
// cell, at idRange, when f has an id column); nil when its id is invalid.
// It reads nothing that other rows change.
func (l *loader) csvEntity(slab *entitySlab, k *rowKind, f *csvFile, cells []string, line int, id string, idRange hcl.Range) any {
	if f.idCol >= 0 && !l.checkID(f.idWhat, id, idRange) {
		return nil
	}
	row := csvRow{file: f, line: line}
	attrs := Attrs{names: f.cols, values: slab.values(), row: row}
	switch k {
	case repRows:
		r := slab.rep(Rep{ID: id, Attrs: attrs, DefRange: idRange})
		l.csvAttrs(row, cells, &r.Attrs, l.repSetter(r), slab.counts)
		return r
	case territoryRows:
		t := slab.territory(Territory{ID: id, Attrs: attrs, DefRange: idRange})
		l.csvAttrs(row, cells, &t.Attrs, l.territorySetter(t), slab.counts)
		return t
	}
	r := slab.row(Row{ID: id, Attrs: attrs, DefRange: idRange})
	l.csvAttrs(row, cells, &r.Attrs, l.rowSetter(k), slab.counts)
	return r
}

// lineRange is the range of line of f, all of it but its line end.
func (f *csvFile) lineRange(line int) hcl.Range {
	line = max(1, min(line, len(f.starts)))
	start, end := f.starts[line-1], len(f.data)
	if line < len(f.starts) {
		end = f.starts[line] - 1
	}
	if end > start && f.data[end-1] == '\r' {
		end--
	}
	return hcl.Range{
		Filename: f.name,
		Start:    hcl.Pos{Line: line, Column: 1, Byte: start},
		End:      hcl.Pos{Line: line, Column: 1 + utf8.RuneCount(f.data[start:end]), Byte: end},
	}
}

// entitySlab hands out the entities of the rows of a CSV part, and their
// attribute values, from one allocation of each, sized by the part's line
// count: a big import costs a few allocations rather than a few per row.
// It also holds the counts of what the cells of each column gave.
//
// Its memory is fresh from the system, so it is written first, through a
// slice index: a write through a pointer is preceded by a nil check that
// reads the page, which Linux then maps to its zero page, and the write
// right after costs a second fault and a TLB flush on every CPU.
type entitySlab struct {
	reps   []Rep
	terrs  []Territory
	rows   []Row
	vals   []any
	counts []colCount // per column
	used   int        // entities handed out
	width  int        // attribute values per row
}

// newEntitySlab makes room for rows entities of kind k with width values
// each.
func newEntitySlab(k *rowKind, rows, width int) *entitySlab {
	s := &entitySlab{width: width, vals: make([]any, rows*width), counts: make([]colCount, width)}
	switch k {
	case repRows:
		s.reps = make([]Rep, rows)
	case territoryRows:
		s.terrs = make([]Territory, rows)
	default:
		s.rows = make([]Row, rows)
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

// row stores r in the next free place and returns it.
func (s *entitySlab) row(r Row) *Row {
	if s.used == len(s.rows) {
		return &r
	}
	s.rows[s.used] = r
	s.used++
	return &s.rows[s.used-1]
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

// csvAttrs sets the attributes of one row, reading each cell as its
// column's mode says, and counts in counts (one per column) the cells of
// cellAuto columns that gave a number or text. Empty cells are absent.
func (l *loader) csvAttrs(at csvRow, row []string, dst *Attrs, set attrSetter, counts []colCount) {
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
		switch f.modes[i] {
		case cellText, cellDate:
			v = text
		case cellNumber:
			n, isNumber := parseNumber(strings.TrimSpace(text))
			if !isNumber {
				l.notANumber(cell, name)
				continue
			}
			if math.IsInf(n, 0) {
				l.nonFiniteCell(cell)
				continue
			}
			v = n
		default:
			var finite bool
			if v, finite = parseCell(text); !finite {
				l.nonFiniteCell(cell)
				continue
			}
			switch v.(type) {
			case float64:
				counts[i].numbers++
			case string:
				counts[i].texts++
			}
		}
		if set(name, v, cell) {
			dst.values[i] = v
		}
	}
}

// notANumber reports a cell of a number attribute that holds no number.
func (l *loader) notANumber(cell *csvCell, name string) {
	l.errorAtLazy(cell, "Expected a number", func() string {
		return fmt.Sprintf(
			"The %s column holds numbers, but this cell holds %q. Write a number such as 25000, -1,500 or $1,200.50.",
			name, clip(strings.TrimSpace(cell.text)))
	})
}

// ParseCell converts the text of a CSV cell: a finite number becomes a
// float64, true or false (any case) a bool, anything else stays a string.
// A number is a decimal (42, -0.5, 1e3) or an amount as exports print
// them, with thousands separators and a leading currency sign or code
// ($180,000, EUR 1,200.50, -1,000). Surrounding spaces are ignored when
// recognising numbers and bools. Load refuses the cells that spell a
// number that is not finite (Infinity, NaN, 1e400) rather than keep them
// as strings; ParseCell returns their text.
func ParseCell(text string) any {
	v, _ := parseCell(text)
	return v
}

// parseCell is ParseCell, also telling whether the cell is a number that is
// not finite: a decimal beyond the range of float64, or an infinity or NaN
// as programs and spreadsheets print them (the value is then the text).
func parseCell(text string) (v any, finite bool) {
	t := strings.TrimSpace(text)
	if f, ok := parseNumber(t); ok {
		if math.IsInf(f, 0) {
			return text, false // out of range
		}
		return f, true
	}
	switch {
	case equalFoldASCII(t, "true"):
		return true, true
	case equalFoldASCII(t, "false"):
		return false, true
	}
	return text, !isNonFiniteWord(t)
}

// parseNumber reads t, a cell without surrounding spaces, as a number: a
// decimal (isDecimal), or an amount (amountDecimal). A number beyond the
// range of float64 gives an infinity. ok is false when t is no number.
func parseNumber(t string) (f float64, ok bool) {
	if !isDecimal(t) {
		if t, ok = amountDecimal(t); !ok {
			return 0, false
		}
	}
	f, err := strconv.ParseFloat(t, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return 0, false
	}
	return f, true
}

// amountDecimal returns the plain decimal that t writes as an amount: an
// optional sign, then a currency (currencyPrefix) and optional spaces,
// then an optional sign (when none came first), then digits grouped by
// thousands separators ("1,234,567", each group after the first of three
// digits) or not, with an optional fraction. An amount without currency
// must have separators (a plain decimal is isDecimal's). "-$1,000",
// "$-1,000", "EUR 1,200.50" and "1,000" are amounts; "1,2", "$" and
// "(1,000)" are not.
func amountDecimal(t string) (string, bool) {
	sign := ""
	if t != "" && (t[0] == '-' || t[0] == '+') {
		sign, t = t[:1], t[1:]
	}
	rest, currency := currencyPrefix(t)
	if currency {
		rest = strings.TrimLeft(rest, " ")
		if sign == "" && rest != "" && (rest[0] == '-' || rest[0] == '+') {
			sign, rest = rest[:1], rest[1:]
		}
	}
	whole, frac, hasFrac := strings.Cut(rest, ".")
	grouped := strings.Contains(whole, ",")
	if grouped {
		groups := strings.Split(whole, ",")
		if n := digits(groups[0]); n == 0 || n > 3 || n != len(groups[0]) {
			return "", false
		}
		for _, g := range groups[1:] {
			if len(g) != 3 || digits(g) != 3 {
				return "", false
			}
		}
		whole = strings.Join(groups, "")
	}
	if !currency && !grouped || digits(whole) != len(whole) || digits(frac) != len(frac) || whole == "" && frac == "" {
		return "", false
	}
	if hasFrac {
		return sign + whole + "." + frac, true
	}
	return sign + whole, true
}

// currencyPrefix cuts a currency off the start of t: a currency symbol
// ($, €, £, ¥, ₹ ... : Unicode's currency symbols), a dollar sign after one
// or two capitals (US$, NZ$), or one of currencyCodes followed by a space
// or a digit. ok is false when t starts with none.
func currencyPrefix(t string) (rest string, ok bool) {
	if r, n := utf8.DecodeRuneInString(t); n > 0 && unicode.Is(unicode.Sc, r) {
		return t[n:], true
	}
	caps := 0
	for caps < len(t) && caps < 3 && 'A' <= t[caps] && t[caps] <= 'Z' {
		caps++
	}
	switch {
	case caps >= 1 && caps <= 2 && caps < len(t) && t[caps] == '$':
		return t[caps+1:], true
	case caps == 3 && len(t) > 3 && (t[3] == ' ' || isDigit(t[3])) && slices.Contains(currencyCodes, t[:3]):
		return t[3:], true
	}
	return t, false
}

// currencyCodes are the ISO 4217 codes an amount may start with: the
// currencies most traded, not every code, since a cell such as "TOP 10"
// or "ALL 3" (the codes of Tonga and Albania) is rarely money.
var currencyCodes = strings.Fields(`AED ARS AUD BGN BRL CAD CHF CLP CNY COP CZK DKK EGP EUR GBP HKD HUF
	IDR ILS INR ISK JPY KES KRW KWD MXN MYR NGN NOK NZD PEN PHP PKR PLN QAR RON RUB SAR SEK SGD THB TRY
	TWD UAH USD VND ZAR`)

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
// separators (amountDecimal reads those).
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
