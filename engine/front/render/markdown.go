package render

import (
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
	var b strings.Builder
	b.WriteString("# " + escapeMarkdown(rep.title) + "\n\n")
	b.WriteString(escapeMarkdown(rep.subtitle) + "\n\n")
	for _, g := range rep.grids() {
		g.writeMarkdown(&b)
	}
	b.WriteString("## Checks\n\n" + rep.failed.title + "\n")
	if len(rep.failed.rows) > 0 {
		b.WriteString("\n")
		rep.failed.writeMarkdownTable(&b)
	}
	_, err = io.WriteString(w, b.String())
	return err
}

// writeMarkdown renders g as a `##` section with a pipe table.
func (g grid) writeMarkdown(b *strings.Builder) {
	b.WriteString("## " + escapeMarkdown(g.title) + "\n\n")
	if len(g.rows) == 0 {
		b.WriteString(escapeMarkdown(g.empty) + "\n\n")
		return
	}
	g.writeMarkdownTable(b)
	b.WriteString("\n")
}

// writeMarkdownTable writes the pipe table of g; subtotal and total rows are
// bold.
func (g grid) writeMarkdownTable(b *strings.Builder) {
	titles := make([]string, len(g.headers))
	rules := make([]string, len(g.headers))
	for i, h := range g.headers {
		titles[i] = escapeMarkdown(h.title)
		rules[i] = "---"
		if h.right {
			rules[i] = "---:"
		}
	}
	writeMarkdownRow(b, titles)
	writeMarkdownRow(b, rules)
	for _, r := range g.rows {
		cells := make([]string, len(r.cells))
		for i, c := range r.cells {
			cells[i] = escapeMarkdown(c.text)
			if cells[i] != "" && r.kind != rowItem {
				cells[i] = "**" + cells[i] + "**"
			}
		}
		if len(cells) > 0 {
			cells[0] = markdownIndent(r) + cells[0]
		}
		writeMarkdownRow(b, cells)
	}
}

// writeMarkdownRow writes one `| a | b |` line.
func writeMarkdownRow(b *strings.Builder, cells []string) {
	b.WriteString("| " + strings.Join(cells, " | ") + " |\n")
}

// markdownIndent shows the tree in the first column: non-breaking spaces per
// level and a corner before a rep under its manager.
func markdownIndent(r row) string {
	if r.depth == 0 {
		return ""
	}
	if r.kind != rowItem {
		return strings.Repeat("&nbsp;&nbsp;&nbsp;", r.depth)
	}
	return strings.Repeat("&nbsp;&nbsp;&nbsp;", r.depth-1) + "└ "
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

// escapeMarkdown escapes s for a markdown table cell or paragraph.
func escapeMarkdown(s string) string {
	return markdownEscaper.Replace(s)
}
