package plans

import (
	"strings"

	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// message decodes a check message: text with `{{ expr }}` pieces.
func (l *loader) message(attrs hclsyntax.Attributes, name string) *Message {
	attr := attrs[name]
	if attr == nil {
		return nil
	}
	text, ok := l.ruleText(attr, false)
	if !ok {
		l.nonTemplateMessage(attr)
		return nil
	}
	whole := l.newRule(attr, text)
	pieces, ok := l.splitMessage(whole)
	if !ok {
		return nil
	}
	return &Message{Text: text, Pieces: pieces, Range: attr.Expr.Range()}
}

// nonTemplateMessage reports a message that is not a string (templates with
// interpolation were already reported by ruleText).
func (l *loader) nonTemplateMessage(attr *hclsyntax.Attribute) {
	switch attr.Expr.(type) {
	case *hclsyntax.TemplateExpr, *hclsyntax.TemplateWrapExpr:
		return
	}
	if v, ok := l.value(attr); ok {
		l.expectType(attr, v, cty.String, "a string", attr.Name+` = "quota is {{ rep.quota.new_arr }}"`)
	}
}

// splitMessage cuts a message into literal text and `{{ expr }}` pieces,
// reporting unclosed and empty pieces.
func (l *loader) splitMessage(e *Expr) ([]MessagePiece, bool) {
	text := e.Text
	var pieces []MessagePiece
	ok := true
	for pos := 0; pos < len(text); {
		open := strings.Index(text[pos:], "{{")
		if open < 0 {
			pieces = append(pieces, MessagePiece{Text: text[pos:]})
			break
		}
		open += pos
		if open > pos {
			pieces = append(pieces, MessagePiece{Text: text[pos:open]})
		}
		closing := strings.Index(text[open+2:], "}}")
		if closing < 0 {
			l.errorAt(e.Locate(open, open+2), "Unclosed {{ in message",
				"A message piece opened with \"{{\" has no closing \"}}\". Add \"}}\" after the expression, e.g. \"ratio is {{ rep.ote }}\".")
			return nil, false
		}
		closing += open + 2
		from, to := trimSpaceRange(text, open+2, closing)
		if from == to {
			l.errorAt(e.Locate(open, closing+2), "Empty message piece",
				"The message holds \"{{ }}\" with no expression inside. Write an expression between the braces, or remove them.")
			ok = false
		} else {
			pieces = append(pieces, MessagePiece{Expr: e.sub(from, to)})
		}
		pos = closing + 2
	}
	return pieces, ok
}

// trimSpaceRange narrows [from, to) of s to exclude surrounding whitespace.
func trimSpaceRange(s string, from, to int) (int, int) {
	for from < to && strings.ContainsRune(" \t\r\n", rune(s[from])) {
		from++
	}
	for to > from && strings.ContainsRune(" \t\r\n", rune(s[to-1])) {
		to--
	}
	return from, to
}
