package lsp

import (
	"bytes"
	"sort"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"go.lsp.dev/protocol"
)

// text is a file's content with the byte offsets of its line starts, for
// converting between byte offsets and LSP positions (UTF-16 code units).
type text struct {
	src   []byte
	lines []int // byte offset of the start of each line
}

// newText indexes the lines of src.
func newText(src []byte) *text {
	lines := make([]int, 1, bytes.Count(src, []byte{'\n'})+1)
	for at := 0; ; {
		nl := bytes.IndexByte(src[at:], '\n')
		if nl < 0 {
			return &text{src: src, lines: lines}
		}
		at += nl + 1
		lines = append(lines, at)
	}
}

// position converts a byte offset into an LSP position. An offset inside a
// multi-byte character counts from the character's start.
func (t *text) position(offset int) protocol.Position {
	offset = max(0, min(offset, len(t.src)))
	line := sort.SearchInts(t.lines, offset+1) - 1
	var units int
	for i := t.lines[line]; i < offset; {
		r, size := utf8.DecodeRune(t.src[i:])
		if i+size > offset {
			break
		}
		units += utf16Len(r)
		i += size
	}
	return protocol.Position{Line: uint32(line), Character: uint32(units)}
}

// offset converts an LSP position into a byte offset. A line past the end
// gives the end of the text; a character past the end of its line gives
// the end of the line.
func (t *text) offset(p protocol.Position) int {
	if int(p.Line) >= len(t.lines) {
		return len(t.src)
	}
	i, end := t.lines[p.Line], t.lineEnd(int(p.Line))
	for units := 0; i < end; {
		r, size := utf8.DecodeRune(t.src[i:])
		if units+utf16Len(r) > int(p.Character) {
			break
		}
		units += utf16Len(r)
		i += size
	}
	return i
}

// lineStart is the byte offset of the start of line i (from 0), clamped
// to the text.
func (t *text) lineStart(i int) int {
	return t.lines[max(0, min(i, len(t.lines)-1))]
}

// lineEnd is the byte offset of the end of line i, before its newline.
func (t *text) lineEnd(i int) int {
	if i+1 < len(t.lines) {
		return t.lines[i+1] - 1
	}
	return len(t.src)
}

// end is the position just past the last character.
func (t *text) end() protocol.Position { return t.position(len(t.src)) }

// rangeOf converts an HCL range of this text into an LSP range, through
// its byte offsets.
func (t *text) rangeOf(r hcl.Range) protocol.Range {
	start, end := t.byteOf(r.Start), t.byteOf(r.End)
	return protocol.Range{Start: t.position(start), End: t.position(max(start, end))}
}

// byteOf is the byte offset of an HCL position. Positions made by the
// loader and the HCL parser carry it; a position without one (Byte 0 but
// not at the start) is found from its line and column, counting characters.
func (t *text) byteOf(p hcl.Pos) int {
	if p.Byte > 0 || p.Line < 1 || p.Line == 1 && p.Column <= 1 || len(t.lines) < p.Line {
		return p.Byte
	}
	i, end := t.lines[p.Line-1], t.lineEnd(p.Line-1)
	for col := 1; col < p.Column && i < end; col++ {
		_, size := utf8.DecodeRune(t.src[i:])
		i += size
	}
	return i
}

// utf16Len is the number of UTF-16 code units of r.
func utf16Len(r rune) int {
	if n := utf16.RuneLen(r); n > 0 {
		return n
	}
	return 1 // invalid runes are sent as U+FFFD, one unit
}
