package render

import (
	"bytes"
	"io"
	"strings"

	"github.com/quotaplan/quotaplan/engine"
)

// Markdown writes the content of Table as GitHub-flavoured markdown: a
// title, one table per measure with the manager tree shown by indentation,
// then goals, territories and checks.
func Markdown(w io.Writer, r *engine.Result, o Options) error {
	rep, err := buildReport(r, o.By)
	if err != nil {
		return err
	}
	b := newTextOut(w)
	b.WriteString("# " + escapeMarkdown(rep.title) + "\n\n")
	b.WriteString(escapeMarkdown(rep.subtitle) + "\n\n")
	for _, g := range rep.grids() {
		g.writeMarkdown(b)
	}
	b.WriteString("## Checks\n\n" + rep.failed.title + "\n")
	if len(rep.failed.rows) > 0 {
		b.WriteString("\n")
		rep.failed.writeMarkdownTable(b)
	}
	return b.finish(false)
}

// writeMarkdown renders g as a `##` section with a pipe table.
func (g grid) writeMarkdown(b *textOut) {
	b.WriteString("## " + escapeMarkdown(g.title) + "\n\n")
	if len(g.rows) == 0 {
		b.WriteString(escapeMarkdown(g.empty) + "\n\n")
		return
	}
	g.writeMarkdownTable(b)
	b.WriteString("\n")
	if g.legend != "" {
		b.WriteString(escapeMarkdown(g.legend) + "\n\n")
	}
}

// writeMarkdownTable writes the pipe table of g; subtotal and total rows are
// bold.
func (g grid) writeMarkdownTable(b *textOut) {
	b.WriteString("|")
	for _, h := range g.headers {
		b.WriteString(" " + escapeMarkdown(h.title) + " |")
	}
	b.WriteString("\n|")
	for _, h := range g.headers {
		if h.right {
			b.WriteString(" ---: |")
		} else {
			b.WriteString(" --- |")
		}
	}
	b.WriteString("\n")
	g.writeRows(b, func(buf *bytes.Buffer, i int) { writeMarkdownRow(buf, g.rows[i]) })
}

// writeMarkdownRow writes one `| a | b |` line; the first cell shows the
// tree, and the cells of a roll-up row are bold.
func writeMarkdownRow(b *bytes.Buffer, r row) {
	b.WriteString("| ")
	for i, c := range r.cells {
		if i > 0 {
			b.WriteString(" | ")
		} else {
			writeMarkdownIndent(b, r)
		}
		text := escapeMarkdown(c.text)
		emphasis := text != "" && r.kind != rowItem
		if emphasis {
			b.WriteString("**")
		}
		b.WriteString(text)
		if emphasis {
			b.WriteString("**")
		}
	}
	b.WriteString(" |\n")
}

// writeMarkdownIndent shows the tree in the first column: non-breaking
// spaces per level and a corner before a rep under its manager.
func writeMarkdownIndent(b *bytes.Buffer, r row) {
	if r.depth == 0 {
		return
	}
	levels := r.depth
	if r.kind == rowItem {
		levels--
	}
	for range levels {
		b.WriteString("&nbsp;&nbsp;&nbsp;")
	}
	if r.kind == rowItem {
		b.WriteString("└ ")
	}
}

// markdownEscaper keeps user text from breaking a table or injecting HTML.
var markdownEscaper = strings.NewReplacer(
	`\`, `\\`,
	"|", `\|`,
	"<", "&lt;",
	"\r\n", " ",
	"\n", " ",
	"\r", " ",
)

// markdownSpecial holds every byte that markdownEscaper replaces.
const markdownSpecial = "\\|<\r\n"

// escapeMarkdown escapes s for a markdown table cell or paragraph. Text
// without anything to escape, as numbers and most names are, is returned
// as it is, without the replacer's copy.
func escapeMarkdown(s string) string {
	if !strings.ContainsAny(s, markdownSpecial) {
		return s
	}
	return markdownEscaper.Replace(s)
}
