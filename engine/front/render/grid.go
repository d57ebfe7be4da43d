package render

import (
	"strings"
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
}

// textCells returns plain cells from strings.
func textCells(texts ...string) []cell {
	out := make([]cell, len(texts))
	for i, t := range texts {
		out[i] = cell{text: t}
	}
	return out
}

// textIndent is the prefix of a tree node of the given depth in the table.
func textIndent(depth int) string {
	return strings.Repeat("  ", depth)
}

// writeText renders g as aligned text columns separated by two spaces,
// with a dashed rule under the headers and above the grand total.
func (g grid) writeText(b *strings.Builder, color bool) {
	b.WriteString(paint(g.title, bold, color) + "\n")
	if len(g.rows) == 0 {
		b.WriteString(g.empty + "\n\n")
		return
	}
	texts := g.texts()
	widths := columnWidths(texts)
	titles := make([]cell, len(g.headers))
	rules := make([]cell, len(g.headers))
	for i, h := range g.headers {
		titles[i] = cell{text: h.title, style: bold}
		rules[i] = cell{text: strings.Repeat("-", widths[i])}
	}
	g.writeLine(b, titles, widths, color)
	g.writeLine(b, rules, widths, color)
	for i, r := range g.rows {
		if r.kind == rowTotal && i > 0 {
			g.writeLine(b, rules, widths, color)
		}
		cells := append([]cell(nil), r.cells...)
		for j := range cells {
			if r.kind != rowItem && cells[j].style == plain {
				cells[j].style = bold
			}
		}
		if len(cells) > 0 {
			cells[0].text = texts[i+1][0]
		}
		g.writeLine(b, cells, widths, color)
	}
	b.WriteString("\n")
}

// texts returns the header texts and the row texts (first cell indented) as
// laid out in the text table, for measuring.
func (g grid) texts() [][]string {
	out := [][]string{make([]string, len(g.headers))}
	for i, h := range g.headers {
		out[0][i] = h.title
	}
	for _, r := range g.rows {
		line := make([]string, len(r.cells))
		for i, c := range r.cells {
			line[i] = c.text
		}
		if len(line) > 0 {
			line[0] = textIndent(r.depth) + line[0]
		}
		out = append(out, line)
	}
	return out
}

// columnWidths returns the widest cell of each column, in runes.
func columnWidths(lines [][]string) []int {
	var widths []int
	for _, line := range lines {
		for i, s := range line {
			if i >= len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], utf8.RuneCountInString(s))
		}
	}
	return widths
}

// writeLine writes one padded line without trailing spaces.
func (g grid) writeLine(b *strings.Builder, cells []cell, widths []int, color bool) {
	var line strings.Builder
	for i, c := range cells {
		pad := strings.Repeat(" ", max(widths[i]-utf8.RuneCountInString(c.text), 0))
		text := paint(c.text, c.style, color)
		if i > 0 {
			line.WriteString("  ")
		}
		if i < len(g.headers) && g.headers[i].right {
			line.WriteString(pad + text)
		} else {
			line.WriteString(text + pad)
		}
	}
	b.WriteString(strings.TrimRight(line.String(), " ") + "\n")
}
