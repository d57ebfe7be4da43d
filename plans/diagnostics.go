package plans

import (
	"bufio"
	"bytes"
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
)

// ANSI styles used when WriteDiagnostics renders in color.
const (
	styleReset   = "\x1b[0m"
	styleBold    = "\x1b[1m"
	styleError   = "\x1b[1;31m"
	styleWarning = "\x1b[1;33m"
	styleGutter  = "\x1b[34m"
)

// SortDiagnostics sorts diagnostics in place: those without a Subject first,
// then by file name, line, column and summary.
func SortDiagnostics(diags hcl.Diagnostics) {
	slices.SortStableFunc(diags, compareDiagnostics)
}

// compareDiagnostics orders diagnostics for SortDiagnostics.
func compareDiagnostics(a, b *hcl.Diagnostic) int {
	if (a.Subject == nil) != (b.Subject == nil) {
		if a.Subject == nil {
			return -1
		}
		return 1
	}
	if a.Subject != nil {
		if c := cmp.Or(
			cmp.Compare(a.Subject.Filename, b.Subject.Filename),
			cmp.Compare(a.Subject.Start.Line, b.Subject.Start.Line),
			cmp.Compare(a.Subject.Start.Column, b.Subject.Start.Column),
		); c != 0 {
			return c
		}
	}
	return cmp.Compare(a.Summary, b.Summary)
}

// maxSnippetRunes is the widest source excerpt a diagnostic shows: a
// longer line (a CSV of one line, a rule of megabytes) is shown as a
// window around the subject, with "…" where it is cut.
const maxSnippetRunes = 120

// snippetContext is how many runes before the subject a window keeps.
const snippetContext = 40

// WriteDiagnostics renders diagnostics, sorted, for a terminal or a log:
//
//	plan/reps.hcl:12:15: error: Unknown territory
//	   12 |   territory = "emea-ent2"
//	      |               ^^^^^^^^^^^
//	  No territory "emea-ent2" is declared. Did you mean "emea-ent"?
//
// The source line is taken from sources (file name -> bytes) and left out
// when the file is unknown; of a line longer than 120 runes only a window
// around the subject is shown. ANSI colors are used only when color is
// true. diags itself is not reordered.
func WriteDiagnostics(w io.Writer, diags hcl.Diagnostics, sources map[string][]byte, color bool) error {
	sorted := slices.Clone(diags)
	SortDiagnostics(sorted)
	bw := bufio.NewWriter(w)
	dw := &diagWriter{w: bw, sources: sources, color: color, lines: map[string][]int{}}
	for i, d := range sorted {
		if i > 0 {
			bw.WriteByte('\n')
		}
		dw.write(d)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write diagnostics: %w", err)
	}
	return nil
}

// diagWriter renders one diagnostic at a time.
type diagWriter struct {
	w       *bufio.Writer
	sources map[string][]byte
	color   bool
	lines   map[string][]int // line starts of each source, computed once
}

// style wraps s in an ANSI style when color is on.
func (dw *diagWriter) style(style, s string) string {
	if !dw.color {
		return s
	}
	return style + s + styleReset
}

// write renders one diagnostic: header, snippet and indented detail.
func (dw *diagWriter) write(d *hcl.Diagnostic) {
	word, style := "error", styleError
	if d.Severity == hcl.DiagWarning {
		word, style = "warning", styleWarning
	}
	if d.Subject != nil {
		loc := fmt.Sprintf("%s:%d:%d:", d.Subject.Filename, d.Subject.Start.Line, d.Subject.Start.Column)
		dw.w.WriteString(dw.style(styleBold, loc) + " ")
	}
	dw.w.WriteString(dw.style(style, word+":") + " " + dw.style(styleBold, d.Summary) + "\n")
	if d.Subject != nil {
		dw.snippet(*d.Subject, style)
	}
	for line := range strings.Lines(d.Detail) {
		if line = strings.TrimRight(line, "\r\n"); line != "" {
			line = "  " + line
		}
		dw.w.WriteString(line + "\n")
	}
}

// snippet prints the subject's first line, or a window of it, with carets
// under the subject.
func (dw *diagWriter) snippet(r hcl.Range, style string) {
	src := dw.sources[r.Filename]
	if src == nil {
		return
	}
	starts, ok := dw.lines[r.Filename]
	if !ok {
		starts = lineStarts(src)
		dw.lines[r.Filename] = starts
	}
	line, from, to, ok := subjectLine(src, starts, r)
	if !ok {
		return
	}
	text, from, to := snippetWindow(line, from, to)
	gutter := fmt.Sprintf("%5d |", r.Start.Line)
	blank := strings.Repeat(" ", len(gutter)-1) + "|"
	dw.w.WriteString(dw.style(styleGutter, gutter) + " " + printable(text) + "\n")
	carets := strings.Repeat("^", max(1, utf8.RuneCountInString(text[from:to])))
	dw.w.WriteString(dw.style(styleGutter, blank) + " " + padding(text[:from]) + dw.style(style, carets) + "\n")
}

// ellipsis marks where snippetWindow cuts a line.
const ellipsis = "…"

// snippetWindow returns the part of line to show, at most maxSnippetRunes
// runes with the ellipses, and the span [from, to) of the subject in it:
// the whole line when it is short enough, else a window starting
// snippetContext runes before the subject. Only the window is decoded, so
// a line of megabytes costs no more than a short one.
//
// A subject at the end of the line (an unterminated string) puts its caret
// one column past the last rune, so the line then gets one rune less.
func snippetWindow(line []byte, from, to int) (string, int, int) {
	limit := maxSnippetRunes
	if from >= len(line) {
		limit--
	}
	if len(line) <= limit || utf8.RuneCount(line) <= limit {
		return string(line), from, to
	}
	start := from
	for k := 0; k < snippetContext && start > 0; k++ {
		_, size := utf8.DecodeLastRune(line[:start])
		start -= size
	}
	prefix := ""
	room := limit
	if start > 0 {
		prefix, room = ellipsis, room-1
	}
	end := start
	for k := 0; k < room && end < len(line); k++ {
		_, size := utf8.DecodeRune(line[end:])
		end += size
	}
	suffix := ""
	if end < len(line) {
		// make room for the closing ellipsis
		_, size := utf8.DecodeLastRune(line[:end])
		end -= size
		suffix = ellipsis
	}
	text := prefix + string(line[start:end]) + suffix
	shift := len(prefix) - start
	from = from + shift
	to = max(from, min(to, end)+shift)
	return text, from, to
}

// printable replaces control characters (except tabs) and invalid UTF-8 in
// a source line by U+FFFD, rune for rune, so a snippet cannot disturb the
// terminal and carets stay aligned.
func printable(line string) string {
	var b strings.Builder
	for _, r := range line {
		if r == utf8.RuneError || (unicode.IsControl(r) && r != '\t') {
			r = utf8.RuneError
		}
		b.WriteRune(r)
	}
	return b.String()
}

// padding keeps the tabs of prefix and turns every other rune into a space,
// so that carets line up under the source.
func padding(prefix string) string {
	var b strings.Builder
	for _, r := range prefix {
		if r == '\t' {
			b.WriteRune('\t')
		} else {
			b.WriteByte(' ')
		}
	}
	return b.String()
}

// subjectLine returns the bytes of the subject's first line (starts are
// the line starts of src) and the byte span [from, to) of the subject
// within it (to the end of the line when the subject spans lines). ok is
// false when the line is unknown.
func subjectLine(src []byte, starts []int, r hcl.Range) (line []byte, from, to int, ok bool) {
	if r.Start.Line < 1 || r.Start.Line > len(starts) {
		return nil, 0, 0, false
	}
	begin := starts[r.Start.Line-1]
	end := len(src)
	if r.Start.Line < len(starts) {
		end = starts[r.Start.Line] - 1
	}
	line = bytes.TrimRight(src[begin:end], "\r\n")
	from = offsetInLine(line, begin, r.Start)
	to = len(line)
	if r.End.Line == r.Start.Line {
		to = max(from, offsetInLine(line, begin, r.End))
	}
	return line, from, to, true
}

// offsetInLine is the byte offset of pos within line (which starts at file
// offset begin): from pos.Byte when it falls on the line, else from the
// column, counted in runes.
func offsetInLine(line []byte, begin int, pos hcl.Pos) int {
	if off := pos.Byte - begin; off >= 0 && off <= len(line) && (pos.Byte != 0 || pos.Line == 1) {
		return off
	}
	off := 0
	for range max(0, pos.Column-1) {
		if off >= len(line) {
			break
		}
		_, size := utf8.DecodeRune(line[off:])
		off += size
	}
	return off
}
