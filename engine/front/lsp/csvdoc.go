package lsp

import (
	"bytes"
	"encoding/csv"
	"sort"
	"strings"

	"github.com/quotaplan/quotaplan/plans"
)

// csvText is the current text of a CSV document cut into records, the
// header first, for requests about its rows. It is read as the editor has
// it, so that rows are found by their cells even while the text differs
// from the last valid evaluation. Only the records' places are found
// up front (a scan for line breaks outside quotes); a record's cells are
// read when a request asks for them.
type csvText struct {
	src     string // the text, shared by the cells read from it
	records []span
}

// span is the bytes [start, end) of a record, its line break excluded.
type span struct{ start, end int }

// csvRecord is one record of a CSV document, read.
type csvRecord struct {
	span
	cells []string // the cells, unquoted
	at    []int    // the byte offset each cell starts at (its opening quote, if quoted)
}

// parseCSV finds the records of a CSV text: a record ends at a line break
// outside double quotes, and blank lines hold none, as encoding/csv (and
// so the loader) reads them.
func parseCSV(t *text) *csvText {
	c := &csvText{src: string(t.src)}
	src, quoted, start := c.src, false, 0
	for i := 0; ; {
		j := strings.IndexAny(src[i:], "\"\n")
		if j < 0 {
			c.add(start, len(src))
			return c
		}
		i += j
		if src[i] == '"' {
			quoted = !quoted
		} else if !quoted {
			c.add(start, i)
			start = i + 1
		}
		i++
	}
}

// add adds the record [start, end) unless it is blank.
func (c *csvText) add(start, end int) {
	for end > start && c.src[end-1] == '\r' {
		end--
	}
	if end > start {
		c.records = append(c.records, span{start, end})
	}
}

// recordAt returns the index of the record holding the byte offset (its
// end included), false when the offset lies between records.
func (c *csvText) recordAt(offset int) (int, bool) {
	i := sort.Search(len(c.records), func(i int) bool { return c.records[i].start > offset }) - 1
	if i < 0 || offset > c.records[i].end {
		return 0, false
	}
	return i, true
}

// record reads record i: its cells as RFC 4180 has them, a quoted cell
// holding commas, line breaks and doubled quotes. A stray quote is taken
// as text, as it is typed.
func (c *csvText) record(i int) *csvRecord {
	sp := c.records[i]
	line := c.src[sp.start:sp.end]
	n := strings.Count(line, ",") + 1 // cells, or more when quoted cells hold commas
	rec := &csvRecord{span: sp, cells: make([]string, 0, n), at: make([]int, 0, n)}
	for pos := 0; ; {
		rec.at = append(rec.at, sp.start+pos)
		var cell string
		if strings.HasPrefix(line[pos:], "\"") {
			cell, pos = quotedCell(line, pos+1)
		} else {
			end := strings.IndexByte(line[pos:], ',')
			if end < 0 {
				end = len(line) - pos
			}
			cell, pos = line[pos:pos+end], pos+end
		}
		rec.cells = append(rec.cells, cell)
		if pos >= len(line) {
			return rec
		}
		pos++ // the comma
	}
}

// quotedCell reads a quoted cell of line whose text starts at pos (after
// the opening quote) and returns it and the offset after it: at the comma
// that ends it, or the end of the line.
func quotedCell(line string, pos int) (string, int) {
	var b strings.Builder
	for {
		q := strings.IndexByte(line[pos:], '"')
		if q < 0 { // not closed
			b.WriteString(line[pos:])
			return b.String(), len(line)
		}
		b.WriteString(line[pos : pos+q])
		pos += q + 1
		if strings.HasPrefix(line[pos:], "\"") { // a doubled quote
			b.WriteByte('"')
			pos++
			continue
		}
		end := strings.IndexByte(line[pos:], ',') // text after the closing quote stays with the cell
		if end < 0 {
			end = len(line) - pos
		}
		b.WriteString(line[pos : pos+end])
		return b.String(), pos + end
	}
}

// cellAt returns the index of the cell of the record holding the byte
// offset: the cell that starts last at or before it.
func (rec *csvRecord) cellAt(offset int) int {
	return max(0, sort.Search(len(rec.at), func(i int) bool { return rec.at[i] > offset })-1)
}

// cell returns cell i, "" when the record has fewer cells.
func (rec *csvRecord) cell(i int) string {
	if i < 0 || i >= len(rec.cells) {
		return ""
	}
	return rec.cells[i]
}

// csvLayout is how the last valid evaluation read an imported CSV file:
// what its rows declare, which column holds their ids and which attribute
// each column sets. It comes from the loaded rows themselves, so header
// names, id and column mappings are read exactly as the loader read them.
type csvLayout struct {
	kind  string   // "rep" or "territory"
	idCol int      // -1 when unknown
	attrs []string // the attribute each column sets, "" for none
}

// attr is the attribute column i sets, "" for none.
func (l *csvLayout) attr(i int) string {
	if i < 0 || i >= len(l.attrs) {
		return ""
	}
	return l.attrs[i]
}

// layoutOf returns the layout of an imported CSV file of the snapshot, nil
// when no rep or territory of the snapshot comes from it.
func (sn *snapshot) layoutOf(name string) *csvLayout {
	if sn.plan == nil {
		return nil
	}
	sn.mu.Lock()
	l, ok := sn.layouts[name]
	sn.mu.Unlock()
	if ok {
		return l
	}
	l = sn.findLayout(name)
	sn.mu.Lock()
	sn.layouts[name] = l
	sn.mu.Unlock()
	return l
}

// findLayout works out the layout of a CSV file from the first entity read
// from it: the names of its attributes are aligned with the file's
// columns (plans.Attrs.Row), and its DefRange is its id cell.
func (sn *snapshot) findLayout(name string) *csvLayout {
	for _, r := range sn.plan.Reps {
		if r.DefRange.Filename == name {
			return sn.layoutFrom(name, "rep", r.ID, &r.Attrs, r.DefRange.Start.Byte, r.DefRange.Start.Line)
		}
	}
	for _, t := range sn.plan.Territories {
		if t.DefRange.Filename == name {
			return sn.layoutFrom(name, "territory", t.ID, &t.Attrs, t.DefRange.Start.Byte, t.DefRange.Start.Line)
		}
	}
	return nil
}

// layoutFrom builds the layout of file name from an entity of kind read
// from it, whose id cell starts at byte idByte, on line idLine.
func (sn *snapshot) layoutFrom(name, kind, id string, a *plans.Attrs, idByte, idLine int) *csvLayout {
	names, _ := a.Row()
	l := &csvLayout{kind: kind, idCol: -1, attrs: names}
	t := sn.textOf(name)
	if idLine < 1 || idLine > len(t.lines) {
		return l
	}
	// The id cell is on the record's first line unless a quoted cell
	// before it spans lines: read the record from the start of the line,
	// then from earlier lines, until one holds the id cell.
	for first := idLine - 1; first >= max(0, idLine-4); first-- {
		r := csv.NewReader(bytes.NewReader(t.src[t.lines[first]:]))
		r.FieldsPerRecord = -1
		cells, err := r.Read()
		if err != nil {
			continue
		}
		for i := range cells {
			line, col := r.FieldPos(i)
			if t.lineStart(first+line-1)+col-1 == idByte && cells[i] == id {
				l.idCol = i
				return l
			}
		}
	}
	return l
}
