package plans

import (
	"sort"
	"strconv"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
)

// lineStarts returns the byte offsets at which the lines of src start.
func lineStarts(src []byte) []int {
	starts := []int{0}
	for i, b := range src {
		if b == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

// fileLines returns (and caches) the line starts of a file read by the loader.
func (l *loader) fileLines(name string, src []byte) []int {
	if starts, ok := l.lines[name]; ok {
		return starts
	}
	starts := lineStarts(src)
	l.lines[name] = starts
	return starts
}

// posAt turns a byte offset of a file into an hcl.Pos (columns count runes).
func (l *loader) posAt(name string, src []byte, offset int) hcl.Pos {
	return posInLines(l.fileLines(name, src), src, offset)
}

// posInLines turns a byte offset into an hcl.Pos given the line starts.
func posInLines(starts []int, src []byte, offset int) hcl.Pos {
	offset = max(0, min(offset, len(src)))
	line := sort.SearchInts(starts, offset+1) // starts[line-1] <= offset
	col := utf8.RuneCount(src[starts[line-1]:offset]) + 1
	return hcl.Pos{Line: line, Column: col, Byte: offset}
}

// rangeAt is the range of the bytes [from, to) of a file.
func (l *loader) rangeAt(name string, src []byte, from, to int) hcl.Range {
	return hcl.Range{Filename: name, Start: l.posAt(name, src, from), End: l.posAt(name, src, to)}
}

// where formats a range as "file:line" for diagnostic details.
func where(r hcl.Range) string {
	return r.Filename + ":" + strconv.Itoa(r.Start.Line)
}
