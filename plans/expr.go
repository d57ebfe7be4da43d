package plans

import (
	"bytes"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// NewExpr returns a rule with no exact mapping onto a file: Locate returns
// rng for every offset. Tests and synthetic rules use it.
func NewExpr(attr, text string, rng hcl.Range) *Expr {
	return &Expr{Attr: attr, Text: text, Range: rng}
}

// String returns the rule's source text.
func (e *Expr) String() string {
	if e == nil {
		return ""
	}
	return e.Text
}

// Locate maps the byte range [start, end) of e.Text to a range in the file.
// The mapping is exact for plain strings and heredocs; for strings with
// escape sequences and number literals it is e.Range. Offsets out of range
// are clamped.
func (e *Expr) Locate(start, end int) hcl.Range {
	if e == nil {
		return hcl.Range{}
	}
	n := len(e.Text)
	if n == 0 || len(e.offsets) != n || len(e.lineStarts) == 0 {
		return e.Range
	}
	start = max(0, min(start, n))
	end = max(start, min(end, n))
	from := e.posAt(start)
	to := from
	if end > start {
		to = e.posAt(end)
	}
	return hcl.Range{Filename: e.Range.Filename, Start: from, End: to}
}

// posAt is the file position of byte i of Text; i == len(Text) is the
// position just after the last byte.
func (e *Expr) posAt(i int) hcl.Pos {
	if i == len(e.Text) {
		p := e.posAt(i - 1)
		if e.Text[i-1] == '\n' {
			return hcl.Pos{Line: p.Line + 1, Column: 1, Byte: p.Byte + 1}
		}
		return hcl.Pos{Line: p.Line, Column: p.Column + 1, Byte: p.Byte + 1}
	}
	off := e.offsets[i]
	line := sort.SearchInts(e.lineStarts, off+1)
	// k starts the line of Text holding byte i. Each line of Text is a
	// contiguous run of the file, preceded on its file line only by the
	// opening quote or heredoc indentation, which are ASCII.
	k := strings.LastIndexByte(e.Text[:i], '\n') + 1
	col := 1 + e.offsets[k] - e.lineStarts[line-1]
	if line == e.Range.Start.Line {
		col = e.Range.Start.Column + e.offsets[k] - e.Range.Start.Byte
	}
	col += utf8.RuneCountInString(e.Text[k:i])
	return hcl.Pos{Line: line, Column: col, Byte: off}
}

// formatFloat prints a number in its shortest exact decimal form.
func formatFloat(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// rule decodes an attribute holding an expr-lang rule written as an HCL
// string or heredoc. With numberOK a number literal is accepted too.
func (l *loader) rule(attrs hclsyntax.Attributes, name string, numberOK bool) *Expr {
	attr := attrs[name]
	if attr == nil {
		return nil
	}
	text, ok := l.ruleText(attr, numberOK)
	if !ok {
		return l.literalRule(attr, numberOK)
	}
	if strings.TrimSpace(text) == "" {
		l.errorAt(attr.Expr.Range(), "Empty rule", fmt.Sprintf(
			"The %q attribute holds an empty rule. Write an expression, or remove the attribute.", name))
		return nil
	}
	return l.newRule(attr, text)
}

// ruleText returns the decoded text of a rule attribute when it is a string
// template without interpolation. ok is false when the attribute is not a
// string template; the caller then tries a number literal.
func (l *loader) ruleText(attr *hclsyntax.Attribute, numberOK bool) (string, bool) {
	switch tmpl := attr.Expr.(type) {
	case *hclsyntax.TemplateWrapExpr:
		l.interpolationError(attr, tmpl.Wrapped.Range())
		return "", false
	case *hclsyntax.TemplateExpr:
		for _, part := range tmpl.Parts {
			if _, lit := part.(*hclsyntax.LiteralValueExpr); !lit {
				l.interpolationError(attr, part.Range())
				return "", false
			}
		}
		v, ok := l.value(attr)
		if !ok || v.Type() != cty.String {
			return "", false
		}
		return v.AsString(), true
	}
	return "", false
}

// interpolationError reports `${...}` or `%{...}` inside a rule string.
func (l *loader) interpolationError(attr *hclsyntax.Attribute, part hcl.Range) {
	l.errorAt(part, "Interpolation in a rule", fmt.Sprintf(
		"The %q attribute is an expr rule, but HCL reads \"${\" and \"%%{\" inside its string as a template. "+
			"Rules read variables directly (var.growth, rep.ote); to write the characters literally, "+
			"escape them as \"$${\" and \"%%%%{\".", attr.Name))
}

// literalRule decodes a non-template rule attribute: a number where allowed,
// otherwise a type error. Templates with interpolation were already reported.
func (l *loader) literalRule(attr *hclsyntax.Attribute, numberOK bool) *Expr {
	switch attr.Expr.(type) {
	case *hclsyntax.TemplateExpr, *hclsyntax.TemplateWrapExpr:
		return nil
	}
	v, ok := l.value(attr)
	if !ok {
		return nil
	}
	if numberOK && v.Type() == cty.Number {
		if f, finite := finiteNumber(v); finite {
			return &Expr{Attr: attr.Name, Text: formatFloat(f), Range: attr.Expr.Range(), literal: true}
		}
	}
	what, example := "a rule string", fmt.Sprintf("%s = \"rep.ote * 4\"", attr.Name)
	if numberOK {
		what, example = "a number or a rule string", attr.Name+" = 0.5"
	}
	l.errorAt(attr.Expr.Range(), "Expected "+what, fmt.Sprintf(
		"The %q attribute takes %s, but this is %s. Write it like: %s.",
		attr.Name, what, describeType(v.Type()), example))
	return nil
}

// newRule builds an Expr for text decoded from attr, with an exact offset
// map when the text is a verbatim copy of the file bytes.
func (l *loader) newRule(attr *hclsyntax.Attribute, text string) *Expr {
	rng := attr.Expr.Range()
	e := &Expr{Attr: attr.Name, Text: text, Range: rng}
	src := l.plan.Sources[rng.Filename]
	if rng.Start.Byte < 0 || rng.End.Byte > len(src) || rng.Start.Byte > rng.End.Byte {
		return e
	}
	if offs := alignText(src[rng.Start.Byte:rng.End.Byte], rng.Start.Byte, text); offs != nil {
		e.offsets = offs
		e.lineStarts = l.fileLines(rng.Filename, src)
	}
	return e
}

// alignText maps each byte of text onto raw, the source of a string value
// starting at file offset base. It returns nil unless the text is a verbatim
// copy of raw (quotes, heredoc markers and heredoc indentation aside).
func alignText(raw []byte, base int, text string) []int {
	switch {
	case len(raw) >= 2 && raw[0] == '"' && raw[len(raw)-1] == '"':
		if string(raw[1:len(raw)-1]) != text {
			return nil
		}
		offs := make([]int, len(text))
		for i := range offs {
			offs[i] = base + 1 + i
		}
		return offs
	case bytes.HasPrefix(raw, []byte("<<")):
		return alignHeredoc(raw, base, text)
	}
	return nil
}

// alignHeredoc aligns the lines of a heredoc's text with its source lines,
// which may carry extra leading indentation in a flush (<<-) heredoc.
func alignHeredoc(raw []byte, base int, text string) []int {
	nl := bytes.IndexByte(raw, '\n')
	if nl < 0 {
		return nil
	}
	flush := bytes.HasPrefix(raw, []byte("<<-"))
	pos := nl + 1
	offs := make([]int, 0, len(text))
	for _, line := range strings.SplitAfter(text, "\n") {
		if line == "" {
			continue
		}
		rawLine := raw[pos:]
		if end := bytes.IndexByte(rawLine, '\n'); end >= 0 {
			rawLine = rawLine[:end+1]
		}
		indent := len(rawLine) - len(line)
		if indent < 0 || string(rawLine[indent:]) != line || (indent > 0 && !flush) ||
			strings.Trim(string(rawLine[:indent]), " \t") != "" {
			return nil
		}
		for i := range len(line) {
			offs = append(offs, base+pos+indent+i)
		}
		pos += len(rawLine)
	}
	return offs
}

// sub returns the rule made of the bytes [from, to) of e's text, keeping the
// exact mapping when e has one.
func (e *Expr) sub(from, to int) *Expr {
	s := &Expr{Attr: e.Attr, Text: e.Text[from:to], Range: e.Locate(from, to)}
	if e.offsets != nil {
		s.offsets = e.offsets[from:to:to]
		s.lineStarts = e.lineStarts
	}
	return s
}
