package plans

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
)

// csvCell is one cell of an imported CSV file with its range in the file.
type csvCell struct {
	text string
	rng  hcl.Range
}

// csvTable is a parsed CSV file: its header cells and data rows.
type csvTable struct {
	name   string
	header []csvCell
	rows   [][]csvCell
}

// csvColumnRE matches the column names of an import CSV: they become
// attribute names that rules read as rep.<name>.
var csvColumnRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

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
			if table := l.readCSVFile(path, ranges[i]); table != nil {
				l.importTable(kind, table)
			}
		}
	}
}

// readCSVFile resolves, reads and parses one import file; nil on failure.
func (l *loader) readCSVFile(path string, rng hcl.Range) *csvTable {
	name, ok := l.resolveImport(path, rng)
	if !ok {
		return nil
	}
	data, err := l.readFile(name)
	if err != nil {
		l.errorAt(rng, "Cannot read import file", fmt.Sprintf(
			"Cannot read %s: %s. Import paths are relative to the plan directory; check the file name.",
			name, describeIOError(err)))
		return nil
	}
	l.plan.Sources[name] = data
	if !l.checkText(name, data, "import file", "or point the import block at a CSV export") {
		return nil
	}
	return l.parseCSV(name, data)
}

// resolveImport joins an import path with the plan directory and refuses
// one that leaves it, unless AllowOutside is set.
func (l *loader) resolveImport(path string, rng hcl.Range) (string, bool) {
	if path == "" {
		l.errorAt(rng, "Empty import path", "An import path names a CSV file relative to the plan directory, e.g. csv = \"data/reps.csv\".")
		return "", false
	}
	name := filepath.Join(l.dir, path)
	if filepath.IsAbs(path) {
		name = filepath.Clean(path)
	}
	if l.opts.AllowOutside || (!filepath.IsAbs(path) && l.inside(name)) {
		return name, true
	}
	l.errorAt(rng, "Import path outside the plan directory", fmt.Sprintf(
		"The file %q is outside the plan directory %q. Keep data files inside the plan directory (e.g. data/reps.csv) so the plan stays self-contained, or pass --allow-outside to read it anyway.",
		path, l.dir))
	return "", false
}

// inside reports whether name stays inside the plan directory, both as
// written and after resolving symbolic links.
func (l *loader) inside(name string) bool {
	if !within(l.dir, name) {
		return false
	}
	realDir, errDir := filepath.EvalSymlinks(l.dir)
	realName, errName := filepath.EvalSymlinks(name)
	if errDir != nil || errName != nil {
		return true // a missing file is reported when it is read
	}
	return within(realDir, realName)
}

// within reports whether path is dir or lies below it (lexically).
func within(dir, path string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// parseCSV reads every record of a CSV file, with the range of each cell.
// A syntax error is reported and ends the file.
func (l *loader) parseCSV(name string, data []byte) *csvTable {
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	table := &csvTable{name: name}
	for {
		record, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			l.csvSyntaxError(name, data, err)
			break
		}
		cells := make([]csvCell, len(record))
		for i, text := range record {
			line, col := r.FieldPos(i)
			cells[i] = csvCell{text: text, rng: l.cellRange(name, data, line, col, text)}
		}
		if table.header == nil {
			table.header = cells
		} else {
			table.rows = append(table.rows, cells)
		}
	}
	if table.header == nil {
		l.errorAt(l.rangeAt(name, data, 0, 0), "Empty import file", fmt.Sprintf(
			"The import file %s is empty. Its first row must name the columns, one of them \"id\".", name))
		return nil
	}
	return table
}

// csvSyntaxError reports an encoding/csv error at the start of the row it
// is in (an unclosed quote is only noticed at the end of the file).
func (l *loader) csvSyntaxError(name string, data []byte, err error) {
	line, col, start, at := 1, 1, 1, ""
	if pe := (*csv.ParseError)(nil); errors.As(err, &pe) {
		line, col, start, err = pe.Line, pe.Column, pe.StartLine, pe.Err
	}
	if start != line {
		at = fmt.Sprintf(" (in the row starting at line %d)", start)
	}
	subject := l.cellRange(name, data, line, col, "")
	if start != line {
		subject = l.cellRange(name, data, start, 1, "")
	}
	l.errorAt(subject, "Invalid CSV", fmt.Sprintf(
		"%s, line %d, column %d%s: %s. A quoted cell starts and ends with a double quote and doubles any quote inside it (\"say \"\"hi\"\"\").",
		name, line, col, at, err))
}

// cellRange is the range of a cell starting at a 1-based line and byte
// column, covering text (approximately, for quoted cells), within its line.
func (l *loader) cellRange(name string, data []byte, line, col int, text string) hcl.Range {
	starts := l.fileLines(name, data)
	line = max(1, min(line, len(starts)))
	lineEnd := len(data)
	if line < len(starts) {
		lineEnd = starts[line] - 1
	}
	from := min(starts[line-1]+max(col, 1)-1, lineEnd)
	width := len(text)
	if from < len(data) && data[from] == '"' {
		width += 2
	}
	return l.rangeAt(name, data, from, min(from+width, lineEnd))
}

// importTable turns the rows of a CSV file into reps or territories.
func (l *loader) importTable(kind string, t *csvTable) {
	cols, idCol := l.csvHeader(kind, t)
	for _, row := range t.rows {
		if !l.checkRowWidth(t, row) || idCol < 0 {
			continue
		}
		l.csvEntity(kind, cols, idCol, row)
	}
}

// csvHeader validates the header row. cols[i] is the attribute of column i
// ("" for a column that is skipped); idCol is -1 when there is no id column.
func (l *loader) csvHeader(kind string, t *csvTable) ([]string, int) {
	known, reserved := knownRepAttrs, reservedRepAttrs
	if kind == kindTerritory {
		known, reserved = knownTerritoryAttrs, reservedTerritoryAttrs
	}
	cols, idCol := make([]string, len(t.header)), -1
	names := mapSlice(t.header, func(c csvCell) string { return strings.TrimSpace(strings.TrimPrefix(c.text, "\ufeff")) })
	for i, col := range names {
		if !l.checkColumnName(t, i, col, known) || l.duplicateColumn(t, names, i) {
			continue
		}
		if col == "id" {
			idCol = i
		} else if !l.reservedAttr(kind, col, reserved, t.header[i].rng) {
			cols[i] = col
		}
	}
	if idCol < 0 {
		l.errorAt(hcl.RangeBetween(t.header[0].rng, t.header[len(t.header)-1].rng), "Missing id column", fmt.Sprintf(
			"The header of %s has no \"id\" column. Add one: it holds each %s's label, as in %s \"label\" { ... }.",
			t.name, kind, kind))
	}
	return cols, idCol
}

// checkColumnName reports a header cell that is not an attribute name.
func (l *loader) checkColumnName(t *csvTable, i int, col string, known []string) bool {
	if csvColumnRE.MatchString(col) {
		return true
	}
	l.errorAt(t.header[i].rng, "Invalid column name", fmt.Sprintf(
		"Column %d of %s is named %q, but column names become attribute names: letters, digits and underscores, not starting with a digit (e.g. %q).%s",
		i+1, t.name, col, identifierHint(col), didYouMean(col, append([]string{"id"}, known...))))
	return false
}

// duplicateColumn reports a column name used twice in a header.
func (l *loader) duplicateColumn(t *csvTable, names []string, i int) bool {
	first := slices.Index(names[:i], names[i])
	if first < 0 {
		return false
	}
	l.errorAt(t.header[i].rng, "Duplicate column", fmt.Sprintf(
		"Column %d of %s is named %q like column %d. Rename or remove one of them.", i+1, t.name, names[i], first+1))
	return true
}

// checkRowWidth reports a row whose number of cells differs from the header.
func (l *loader) checkRowWidth(t *csvTable, row []csvCell) bool {
	want, got := len(t.header), len(row)
	if got == want {
		return true
	}
	line := row[0].rng.Start.Line
	if got > want {
		l.errorAt(row[want].rng, "Extra cells in row", fmt.Sprintf(
			"Row %d of %s has %d cells but the header names %d columns: column %d has no header. Remove the extra cells or add a column name.",
			line, t.name, got, want, want+1))
		return false
	}
	last := row[got-1].rng
	at := hcl.Range{Filename: last.Filename, Start: last.End, End: last.End}
	l.errorAt(at, "Missing cells in row", fmt.Sprintf(
		"Row %d of %s has %d cells but the header names %d columns: column %d (%q) is missing. Leave a cell empty (two commas in a row) for an absent value.",
		line, t.name, got, want, got+1, strings.TrimSpace(t.header[got].text)))
	return false
}

// csvEntity builds a rep or territory from one CSV row.
func (l *loader) csvEntity(kind string, cols []string, idCol int, row []csvCell) {
	id := row[idCol]
	if !l.checkID(kind+" id", id.text, id.rng) || !l.declare(kind, id.text, id.rng) {
		return
	}
	if kind == kindRep {
		r := &Rep{ID: id.text, Attrs: newAttrs(), DefRange: id.rng}
		l.csvAttrs(cols, row, knownRepAttrs, &r.Attrs, l.repSetter(r))
		l.plan.Reps = append(l.plan.Reps, r)
		return
	}
	t := &Territory{ID: id.text, Attrs: newAttrs(), DefRange: id.rng}
	l.csvAttrs(cols, row, knownTerritoryAttrs, &t.Attrs, l.territorySetter(t))
	l.plan.Territories = append(l.plan.Territories, t)
}

// csvAttrs sets the attributes of one row. Known attributes keep the cell's
// text; others are parsed as number, bool or string. Empty cells are absent.
func (l *loader) csvAttrs(cols []string, row []csvCell, known []string, dst *Attrs, set attrSetter) {
	for i, cell := range row {
		name := cols[i]
		if name == "" || cell.text == "" {
			continue
		}
		var v any = cell.text
		if !slices.Contains(known, name) {
			v = ParseCell(cell.text)
		}
		if set(name, v, cell.rng) {
			dst.Values[name] = v
			dst.Ranges[name] = cell.rng
		}
	}
}

// numberRE matches the decimal numbers a CSV cell may hold (no hex, no
// infinities, no digit separators).
var numberRE = regexp.MustCompile(`^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$`)

// ParseCell converts the text of a CSV cell: a finite decimal number becomes
// a float64, true or false (any case) a bool, anything else stays a string.
// Surrounding spaces are ignored when recognising numbers and bools.
func ParseCell(text string) any {
	t := strings.TrimSpace(text)
	if numberRE.MatchString(t) {
		if f, err := strconv.ParseFloat(t, 64); err == nil && !math.IsInf(f, 0) {
			return f
		}
	}
	switch strings.ToLower(t) {
	case "true":
		return true
	case "false":
		return false
	}
	return text
}
