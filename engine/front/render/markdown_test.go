package render

import (
	"bytes"
	"testing"

	"github.com/quotaplan/quotaplan/engine"
)

func TestMarkdownGolden(t *testing.T) {
	runGolden(t, "markdown", func(b *bytes.Buffer, r *engine.Result, o Options) error { return Markdown(b, r, o) })
}

func TestEscapeMarkdown(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "Alice Chen", "Alice Chen"},
		{"pipe", "O|Neil", `O\|Neil`},
		{"backslash before pipe", `a\|b`, `a\\\|b`},
		{"html tag", "<b>x</b>", "&lt;b>x&lt;/b>"},
		{"line breaks", "a\nb\r\nc", "a b c"},
		{"non-ascii", "Zoë", "Zoë"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := escapeMarkdown(tc.in); got != tc.want {
				t.Errorf("escapeMarkdown(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}
