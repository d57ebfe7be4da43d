package plans

import (
	"bytes"
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// Limits of the HCL text of one plan file, checked by one pass over its
// bytes before the HCL parser sees it (LANGUAGE.md section 8). The parser
// recurses once per level of nesting and once per operator of a chain, so
// a file nesting lists 150,000 deep overflows the stack (a fatal error,
// not a panic), and it keeps a token of about 100 bytes for every byte of
// punctuation. Real plans stay far below each limit.
const (
	// maxNesting is the deepest nesting of brackets, braces, parentheses,
	// strings, heredocs and template pieces (${ }, %{ if }) in a file.
	maxNesting = 100
	// maxOperators is the most operators one expression may chain,
	// counted along its nesting: a list element or map item starts again
	// from the count of its list or map.
	maxOperators = 1000
	// maxTokens is the most tokens (names, numbers, punctuation, string
	// pieces, line ends) in a file: about 3 MiB of ordinary HCL, or 30,000
	// rep blocks. The parser holds a few hundred bytes per token while it
	// parses, so this bounds its memory, whatever the bytes are.
	maxTokens = 1_000_000
	// maxNumberBytes is the longest number literal: the parser converts
	// a number of millions of digits for seconds.
	maxNumberBytes = 100
)

// syntaxLimit tells which limit of a plan file's text is passed.
type syntaxLimit int

// The limits a scan can find passed.
const (
	withinLimits syntaxLimit = iota
	tooDeep
	tooManyOperators
	tooManyTokens
	numberTooLong
)

// frameKind is what an open frame of the scan is.
type frameKind uint8

// Frames: code inside brackets or a template piece, a quoted string, a
// heredoc.
const (
	frameBracket frameKind = iota // ( [ {
	framePiece                    // ${ or %{ inside a string or heredoc
	frameQuoted                   // "..."
	frameHeredoc                  // <<EOF ... EOF
)

// frame is an open bracket, string or template piece.
type frame struct {
	kind   frameKind
	marker []byte // the closing marker of a heredoc
	base   int    // operators counted when the frame opened
	brace  bool   // a { } body or object, where line ends separate items
}

// syntaxScan is the state of scanSyntax.
type syntaxScan struct {
	src        []byte
	i          int // the next byte to scan
	start      int // where the token being scanned starts
	stack      []frame
	directives int // open %{ if } and %{ for } pieces
	ops        int // operators on the current path
	tokens     int
}

// scanSyntax checks src against the limits above in one pass, skipping
// comments and the text of strings (but not their template pieces). It
// returns the limit passed and the offset of the token that passes it, or
// withinLimits. It does not validate the syntax: the HCL parser reports
// what is wrong, once the file is known to be safe to parse.
func scanSyntax(src []byte) (syntaxLimit, int) {
	s := &syntaxScan{src: src}
	for s.i < len(src) {
		var limit syntaxLimit
		switch top := s.top(); {
		case top == nil || top.kind == frameBracket || top.kind == framePiece:
			limit = s.code()
		case top.kind == frameQuoted:
			limit = s.quoted()
		default:
			limit = s.heredoc(top)
		}
		if limit != withinLimits {
			return limit, s.start
		}
	}
	return withinLimits, 0
}

// top is the innermost open frame, nil at the top level.
func (s *syntaxScan) top() *frame {
	if len(s.stack) == 0 {
		return nil
	}
	return &s.stack[len(s.stack)-1]
}

// push opens a frame at s.i.
func (s *syntaxScan) push(f frame) syntaxLimit {
	f.base = s.ops
	s.stack = append(s.stack, f)
	if len(s.stack)+s.directives > maxNesting {
		return tooDeep
	}
	return withinLimits
}

// pop closes the innermost frame: the operators inside it do not add up
// with those after it.
func (s *syntaxScan) pop() {
	s.ops = s.top().base
	s.stack = s.stack[:len(s.stack)-1]
}

// token counts one more token.
func (s *syntaxScan) token() syntaxLimit {
	s.tokens++
	if s.tokens > maxTokens {
		return tooManyTokens
	}
	return withinLimits
}

// operator counts one more operator of the current expression.
func (s *syntaxScan) operator() syntaxLimit {
	s.ops++
	if s.ops > maxOperators {
		return tooManyOperators
	}
	return s.token()
}

// separator starts a new item of the current list, map or body: its
// operators count from the frame's again.
func (s *syntaxScan) separator() {
	s.ops = 0
	if top := s.top(); top != nil {
		s.ops = top.base
	}
}

// code scans one token of HCL code at s.i (top level, inside brackets or
// inside a template piece).
func (s *syntaxScan) code() syntaxLimit {
	src, c := s.src, s.src[s.i]
	s.start = s.i
	switch {
	case c == ' ' || c == '\t' || c == '\r':
		s.i++
		return withinLimits
	case c == '\n':
		if top := s.top(); top == nil || top.brace {
			s.separator()
		}
		s.i++
		return s.token()
	case c == '#' || (c == '/' && s.next(1) == '/'):
		s.skipLine()
		return s.token()
	case c == '/' && s.next(1) == '*':
		if end := bytes.Index(src[s.i+2:], []byte("*/")); end >= 0 {
			s.i += 2 + end + 2
		} else {
			s.i = len(src)
		}
		return s.token()
	case c == '"':
		s.i++
		if limit := s.push(frame{kind: frameQuoted}); limit != withinLimits {
			return limit
		}
		return s.token()
	case c == '<' && s.next(1) == '<':
		if marker, body, ok := heredocStart(src, s.i); ok {
			s.i = body
			if limit := s.push(frame{kind: frameHeredoc, marker: marker}); limit != withinLimits {
				return limit
			}
			return s.token()
		}
		s.i += 2
		return s.operator()
	case c == '(' || c == '[' || c == '{':
		if c == '[' {
			// an index or a list: a chain of indexes nests in the parser
			if limit := s.operator(); limit != withinLimits {
				return limit
			}
		}
		s.i++
		if limit := s.push(frame{kind: frameBracket, brace: c == '{'}); limit != withinLimits {
			return limit
		}
		return s.token()
	case c == ')' || c == ']' || c == '}':
		if top := s.top(); top != nil && (top.kind == frameBracket || top.kind == framePiece) {
			s.pop()
		}
		s.i++
		return s.token()
	case c == ',':
		s.separator()
		s.i++
		return s.token()
	case c == '.' || bytes.IndexByte([]byte("+-*/%!<>=&|?:"), c) >= 0:
		// a traversal step nests like an operator
		s.i++
		return s.operator()
	case isDigit(c) && !s.afterWord():
		start := s.i
		s.i = numberEnd(src, s.i)
		if s.i-start > maxNumberBytes {
			return numberTooLong
		}
		return s.token()
	case isWordByte(c):
		for s.i < len(src) && isWordByte(src[s.i]) {
			s.i++
		}
		return s.token()
	}
	s.i++ // anything else is one token the parser reports
	return s.token()
}

// next is the byte k after s.i, or 0 past the end.
func (s *syntaxScan) next(k int) byte {
	if s.i+k < len(s.src) {
		return s.src[s.i+k]
	}
	return 0
}

// afterWord reports whether s.i continues a name (a digit there is part
// of it, not a number).
func (s *syntaxScan) afterWord() bool {
	return s.i > 0 && isWordByte(s.src[s.i-1])
}

// skipLine moves s.i to the line end (which is scanned next).
func (s *syntaxScan) skipLine() {
	if nl := bytes.IndexByte(s.src[s.i:], '\n'); nl >= 0 {
		s.i += nl
	} else {
		s.i = len(s.src)
	}
}

// isWordByte reports whether c may be part of an HCL name or number; the
// bytes of UTF-8 letters count as well. (A dash inside a name is scanned
// as an operator: it only counts a little too much.)
func isWordByte(c byte) bool {
	return c == '_' || isDigit(c) || (c|0x20 >= 'a' && c|0x20 <= 'z') || c >= 0x80
}

// numberEnd is the offset just after the number literal starting at i:
// digits, a decimal point and an exponent.
func numberEnd(src []byte, i int) int {
	for i < len(src) {
		c := src[i]
		switch {
		case isDigit(c) || c == '.':
		case (c == 'e' || c == 'E') && i+1 < len(src):
			if n := src[i+1]; n == '+' || n == '-' {
				i++
			}
		default:
			return i
		}
		i++
	}
	return i
}

// quoted scans the text of a quoted string at s.i up to its end, a line
// end (an unterminated string, which the parser reports) or a template
// piece.
func (s *syntaxScan) quoted() syntaxLimit {
	src := s.src
	for s.i < len(src) {
		switch c := src[s.i]; c {
		case '\\':
			s.i += 2
		case '"':
			s.start = s.i
			s.pop()
			s.i++
			return s.token()
		case '\n':
			s.pop()
			return withinLimits // the line end is scanned as code
		case '$', '%':
			s.start = s.i
			if limit, opened := s.piece(); opened || limit != withinLimits {
				return limit
			}
		default:
			s.i++
		}
	}
	return withinLimits
}

// heredoc scans the lines of a heredoc at s.i up to its closing marker or
// a template piece. s.i is at the start of a line or, after a piece, in
// the middle of one.
func (s *syntaxScan) heredoc(f *frame) syntaxLimit {
	src := s.src
	for s.i < len(src) {
		if s.i == 0 || src[s.i-1] == '\n' {
			end := len(src)
			if nl := bytes.IndexByte(src[s.i:], '\n'); nl >= 0 {
				end = s.i + nl
			}
			s.start = s.i
			if bytes.Equal(bytes.TrimSpace(src[s.i:end]), f.marker) {
				s.i = end
				s.pop()
				return s.token()
			}
		}
		switch src[s.i] {
		case '$', '%':
			s.start = s.i
			if limit, opened := s.piece(); opened || limit != withinLimits {
				return limit
			}
		case '\n':
			s.start = s.i
			s.i++
			if limit := s.token(); limit != withinLimits {
				return limit
			}
		default:
			s.i++
		}
	}
	return withinLimits
}

// piece opens a template piece, ${ or %{, at s.i inside a string or
// heredoc; $${ and %%{ are escapes of literal text. opened is false when
// s.i is not the start of a piece (s.i then moves on).
func (s *syntaxScan) piece() (limit syntaxLimit, opened bool) {
	c := s.src[s.i]
	switch {
	case s.next(1) == c && s.next(2) == '{':
		s.i += 3
		return withinLimits, false
	case s.next(1) != '{':
		s.i++
		return withinLimits, false
	}
	s.i += 2
	if c == '%' {
		s.directive()
	}
	if limit := s.push(frame{kind: framePiece}); limit != withinLimits {
		return limit, true
	}
	return s.token(), true
}

// directive counts the nesting of a %{ if } or %{ for } directive, whose
// body the parser reads recursively up to its %{ endif } or %{ endfor }.
func (s *syntaxScan) directive() {
	rest := bytes.TrimLeft(s.src[s.i:min(len(s.src), s.i+16)], " \t~")
	word := rest[:len(rest)-len(bytes.TrimLeftFunc(rest, func(r rune) bool { return r < 0x80 && isWordByte(byte(r)) }))]
	switch string(word) {
	case "if", "for":
		s.directives++
	case "endif", "endfor":
		s.directives = max(0, s.directives-1)
	}
}

// heredocStart recognises `<<MARKER` or `<<-MARKER` and a line end at i,
// returning the marker and the offset of the heredoc's first line.
func heredocStart(src []byte, i int) (marker []byte, body int, ok bool) {
	j := i + 2
	if j < len(src) && src[j] == '-' {
		j++
	}
	start := j
	for j < len(src) && (isWordByte(src[j]) || src[j] == '-') {
		j++
	}
	if j == start {
		return nil, 0, false
	}
	marker = src[start:j]
	if j < len(src) && src[j] == '\r' {
		j++
	}
	if j >= len(src) || src[j] != '\n' {
		return nil, 0, false
	}
	return marker, j + 1, true
}

// syntaxDiag reports, at the place where it is passed, the first limit of
// the HCL text of a plan file that src passes; pos turns an offset of src
// into a position.
func syntaxDiag(src []byte, name string, pos func(int) hcl.Pos) *hcl.Diagnostic {
	limit, at := scanSyntax(src)
	if limit == withinLimits {
		return nil
	}
	summary, detail := "", ""
	switch limit {
	case tooDeep:
		summary = "Nesting too deep"
		detail = fmt.Sprintf("Brackets, braces, parentheses, strings and template pieces nest more than %d deep here, the limit of a plan file. Flatten the value, e.g. split it into several variables or blocks.", maxNesting)
	case tooManyOperators:
		summary = "Expression too long"
		detail = fmt.Sprintf("This expression chains more than %d operators, indexes and attribute steps, the limit of a plan file. Split it into several attributes, or write the computation as a rule (a string) in a let block.", maxOperators)
	case tooManyTokens:
		summary = "Plan file too large to parse"
		detail = fmt.Sprintf("The plan file %s holds more than %d tokens (names, numbers, strings, punctuation and line ends) by here, the limit of one plan file. Split it into several .hcl files, or move reps and territories into an imported CSV.", name, maxTokens)
	case numberTooLong:
		summary = "Number too long"
		detail = fmt.Sprintf("This number literal is longer than %d characters, the limit of a plan file. Write it with an exponent (1.5e9) or with fewer digits.", maxNumberBytes)
	}
	p := pos(at)
	return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: summary, Detail: detail,
		Subject: &hcl.Range{Filename: name, Start: p, End: p}}
}

// hclTextDiag reports plan-file text that must not reach the HCL parser:
// over the size limit of a plan file, binary or not UTF-8, or passing a
// limit of its syntax. pos turns an offset of src into a position.
func hclTextDiag(src []byte, name string, pos func(int) hcl.Pos) *hcl.Diagnostic {
	if len(src) > maxPlanFileBytes {
		p, rng := tooLarge(name, planFileKind, int64(len(src))), fileSubject(name)
		return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: p.summary, Detail: p.detail, Subject: &rng}
	}
	if d := textDiag(src, name, "plan file", planFileFix, pos); d != nil {
		return d
	}
	return syntaxDiag(src, name, pos)
}

// planFileFix ends the detail of a plan file that is not text.
const planFileFix = "or move it out of the plan directory (every *.hcl file in it is read)"

// ParseHCL parses the text of a plan file, such as an editor's unsaved
// buffer, the way Load does: text over the size limit of a plan file, not
// valid UTF-8, or passing a limit of its syntax (nesting, operators,
// tokens, number length; LANGUAGE.md section 8) is refused with a
// diagnostic and a nil file, before the HCL parser, which would overflow
// its stack or take gigabytes on such input, sees it. Otherwise it returns
// what hclsyntax.ParseConfig returns (a file even with syntax errors).
func ParseHCL(src []byte, filename string) (*hcl.File, hcl.Diagnostics) {
	pos := func(offset int) hcl.Pos { return posInLines(lineStarts(src), src, offset) }
	if d := hclTextDiag(src, filename, pos); d != nil {
		return nil, hcl.Diagnostics{d}
	}
	return hclsyntax.ParseConfig(src, filename, hcl.InitialPos)
}
