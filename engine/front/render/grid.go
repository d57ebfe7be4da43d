package render

import (
	"bytes"
	"io"
	"runtime"
	"strings"
	"sync"
	"unicode/utf8"
)

// style is an ANSI colour or emphasis, applied only when colour is on.
type style string

// The styles of the human formats.
const (
	plain  style = ""
	bold   style = "\x1b[1m"
	red    style = "\x1b[31m"
	yellow style = "\x1b[33m"
	green  style = "\x1b[32m"
	cyan   style = "\x1b[36m"
	reset        = "\x1b[0m"
)

// paint wraps s in st when color is on.
func paint(s string, st style, color bool) string {
	if !color || st == plain || s == "" {
		return s
	}
	return string(st) + s + reset
}

// rowKind tells ordinary rows from roll-up rows.
type rowKind int

const (
	rowItem     rowKind = iota // a rep, territory, goal or check
	rowSubtotal                // the team of a manager
	rowTotal                   // the grand total of a section
)

// cell is one cell of a grid, with its optional colour.
type cell struct {
	text  string
	style style
}

// row is one row of a grid. depth indents the first cell to show a tree.
type row struct {
	cells []cell
	depth int
	kind  rowKind
}

// header is a column heading; right aligns the column to the right.
type header struct {
	title string
	right bool
}

// grid is a titled table, the common model of the table and markdown
// formats.
type grid struct {
	title   string
	headers []header
	rows    []row
	empty   string // shown instead of the table when there are no rows
	legend  string // shown under the table, "" for none
	// widths, when set, are the text widths of the columns over headers
	// and rows, as textWidths would measure them.
	widths []int
}

// textOut collects the text of the table and markdown formats and passes
// it on to w in chunks of about flushSize bytes, as the JSON writer does,
// so that a report of a hundred thousand reps is never held whole. The
// newlines that end the collected text are held back until more text
// follows, so that the table can end with exactly one. The first write
// error is kept and ends all further writing.
type textOut struct {
	bytes.Buffer
	w   io.Writer
	err error
}

// newTextOut returns a textOut that streams to w.
func newTextOut(w io.Writer) *textOut {
	t := &textOut{w: w}
	t.Grow(flushSize + 4<<10)
	return t
}

// lineDone is called at the end of each line: it passes the collected text
// on once there is enough of it.
func (t *textOut) lineDone() {
	if t.Len() < flushSize {
		return
	}
	data := t.Bytes()
	n := len(bytes.TrimRight(data, "\n"))
	if n == 0 {
		return
	}
	t.write(data[:n])
	held := copy(data, data[n:])
	t.Truncate(held)
}

// lines adds p, whole lines, and passes the collected text on once there
// is enough of it.
func (t *textOut) lines(p []byte) {
	t.Write(p)
	t.lineDone()
}

// write passes p on unless an earlier write failed.
func (t *textOut) write(p []byte) {
	if t.err == nil {
		_, t.err = t.w.Write(p)
	}
}

// finish writes what is left, with the newlines at its end replaced by a
// single one when oneNewline is set, and returns the first write error.
func (t *textOut) finish(oneNewline bool) error {
	data := t.Bytes()
	if oneNewline {
		data = append(bytes.TrimRight(data, "\n"), '\n')
	}
	t.write(data)
	t.Reset()
	return t.err
}

// textCells returns plain cells from strings.
func textCells(texts ...string) []cell {
	out := make([]cell, len(texts))
	for i, t := range texts {
		out[i] = cell{text: t}
	}
	return out
}

// indentWidth is the number of spaces before the first cell of a tree node
// of the given depth in the table.
func indentWidth(depth int) int {
	return 2 * depth
}

// writeText renders g as aligned text columns separated by two spaces,
// with a dashed rule under the headers and above the grand total.
func (g grid) writeText(b *textOut, color bool) {
	b.WriteString(paint(g.title, bold, color))
	b.WriteByte('\n')
	if len(g.rows) == 0 {
		b.WriteString(g.empty + "\n\n")
		return
	}
	widths := g.widths
	if widths == nil {
		widths = g.textWidths()
	}
	titles := make([]cell, len(g.headers))
	rules := make([]cell, len(g.headers))
	for i, h := range g.headers {
		titles[i] = cell{text: h.title, style: bold}
		rules[i] = cell{text: strings.Repeat("-", widths[i])}
	}
	g.writeLine(&b.Buffer, titles, 0, false, widths, color)
	g.writeLine(&b.Buffer, rules, 0, false, widths, color)
	g.writeRows(b, func(buf *bytes.Buffer, i int) {
		r := g.rows[i]
		if r.kind == rowTotal && i > 0 {
			g.writeLine(buf, rules, 0, false, widths, color)
		}
		g.writeLine(buf, r.cells, indentWidth(r.depth), r.kind != rowItem, widths, color)
	})
	if g.legend != "" {
		b.WriteString(g.legend + "\n")
	}
	b.WriteByte('\n')
}

// rowBlock is how many rows one goroutine lays out at a time.
const rowBlock = 512

// writeRows writes the lines of every row of g, in order: write(buf, i)
// appends those of row i to buf. A long grid is laid out by one goroutine
// per CPU, a round of blocks of rows at a time, each block into a buffer
// of its own that is then passed on in order: the bytes are those one
// goroutine would write, and memory stays one round.
func (g grid) writeRows(b *textOut, write func(buf *bytes.Buffer, i int)) {
	n := len(g.rows)
	workers := runtime.GOMAXPROCS(0)
	if workers == 1 || n < 2*rowBlock {
		for i := range n {
			write(&b.Buffer, i)
			b.lineDone()
		}
		return
	}
	bufs := make([]bytes.Buffer, 4*workers)
	for lo := 0; lo < n; lo += len(bufs) * rowBlock {
		hi := min(lo+len(bufs)*rowBlock, n)
		inParallel(hi-lo, rowBlock, func() func(from, to int) {
			return func(from, to int) {
				buf := &bufs[from/rowBlock]
				buf.Reset()
				for i := lo + from; i < lo+to; i++ {
					write(buf, i)
				}
			}
		})
		for k := range (hi - lo + rowBlock - 1) / rowBlock {
			b.lines(bufs[k].Bytes())
		}
	}
}

// textWidths returns the widest cell of each column in runes, over the
// headers and the rows with their first cell indented. A long grid is
// measured by one goroutine per CPU.
func (g grid) textWidths() []int {
	widths := g.headerWidths()
	var mu sync.Mutex
	inParallel(len(g.rows), 4*rowBlock, func() func(from, to int) {
		return func(from, to int) {
			var part []int
			for _, r := range g.rows[from:to] {
				part = widen(part, r.cells, r.depth)
			}
			mu.Lock()
			defer mu.Unlock()
			widths = maxWidths(widths, part)
		}
	})
	return widths
}

// headerWidths returns the width of each header in runes.
func (g grid) headerWidths() []int {
	widths := make([]int, len(g.headers))
	for i, h := range g.headers {
		widths[i] = utf8.RuneCountInString(h.title)
	}
	return widths
}

// widen grows widths to hold cells, a row at depth, and returns it.
func widen(widths []int, cells []cell, depth int) []int {
	for len(widths) < len(cells) {
		widths = append(widths, 0)
	}
	for i, c := range cells {
		n := textWidth(c.text)
		if i == 0 {
			n += indentWidth(depth)
		}
		widths[i] = max(widths[i], n)
	}
	return widths
}

// maxWidths returns the larger of a and b column by column, in a.
func maxWidths(a, b []int) []int {
	for len(a) < len(b) {
		a = append(a, 0)
	}
	for i, w := range b {
		a[i] = max(a[i], w)
	}
	return a
}

// textWidth is the width of s in runes.
func textWidth(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return utf8.RuneCountInString(s)
		}
	}
	return len(s)
}

// writeSpaces writes n spaces, copied from the indentation of the JSON
// writer.
func writeSpaces(b *bytes.Buffer, n int) {
	for n > 0 {
		k := min(n, len(spaces))
		b.WriteString(spaces[:k])
		n -= k
	}
}

// writeLine writes one padded line of cells without trailing spaces. The
// first cell is indented by indent spaces; with emphasis, the plain cells
// of a roll-up row are bold.
func (g grid) writeLine(b *bytes.Buffer, cells []cell, indent int, emphasis bool, widths []int, color bool) {
	start := b.Len()
	for i, c := range cells {
		lead := 0
		if i == 0 {
			lead = indent
		}
		if i > 0 {
			b.WriteString("  ")
		}
		st := c.style
		if emphasis && st == plain {
			st = bold
		}
		pad := max(widths[i]-lead-textWidth(c.text), 0)
		right := i < len(g.headers) && g.headers[i].right
		if right {
			writeSpaces(b, pad)
		}
		painted := color && st != plain && (lead > 0 || c.text != "")
		if painted {
			b.WriteString(string(st))
		}
		writeSpaces(b, lead)
		b.WriteString(c.text)
		if painted {
			b.WriteString(reset)
		}
		if !right {
			writeSpaces(b, pad)
		}
	}
	line := b.Bytes()[start:]
	b.Truncate(start + len(bytes.TrimRight(line, " ")))
	b.WriteByte('\n')
}
