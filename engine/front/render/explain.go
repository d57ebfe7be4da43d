package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/quotaplan/quotaplan/engine"
)

// ExplainFormats are the formats of `quotaplan explain`.
func ExplainFormats() []string { return []string{"text", "json", "markdown"} }

// Explain writes an explanation tree in one of ExplainFormats.
func Explain(w io.Writer, format string, n *engine.Node) error {
	var buf bytes.Buffer
	var err error
	switch format {
	case "text":
		explainText(&buf, n, 0)
	case "json":
		err = explainJSON(&buf, n)
	case "markdown":
		explainMarkdown(&buf, n, 0)
	default:
		return fmt.Errorf("unknown explain format %q (want one of %s)", format, strings.Join(ExplainFormats(), ", "))
	}
	if err != nil {
		return err
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// explainText prints the tree indented two spaces a level: "label = value
// (file:line)", then the rule, the note and any table below it.
func explainText(b *bytes.Buffer, n *engine.Node, depth int) {
	pad := strings.Repeat("  ", depth)
	b.WriteString(pad + n.Label)
	if n.Value != "" {
		b.WriteString(" = " + readable(n))
	}
	if n.At != "" {
		b.WriteString("  (" + n.At + ")")
	}
	b.WriteByte('\n')
	if n.Rule != "" {
		b.WriteString(pad + "    rule: " + oneLine(n.Rule) + "\n")
	}
	if n.Note != "" {
		b.WriteString(pad + "    " + oneLine(n.Note) + "\n")
	}
	if len(n.Table) > 0 {
		tw := tabwriter.NewWriter(b, 0, 0, 2, ' ', tabwriter.AlignRight)
		for _, row := range n.Table {
			fmt.Fprintf(tw, "%s    %s\t\n", pad, strings.Join(row, "\t"))
		}
		tw.Flush()
	}
	for _, c := range n.Children {
		explainText(b, c, depth+1)
	}
}

// Readable is a node's value for people, as `quotaplan explain` prints
// it: numbers keep every decimal that explains them but gain thousands
// separators ("6,606.451613 USD").
func Readable(n *engine.Node) string { return readable(n) }

func readable(n *engine.Node) string {
	if n.Number == nil {
		return n.Value
	}
	plain := engine.FormatNumber(*n.Number)
	return group(plain) + strings.TrimPrefix(n.Value, plain)
}

// explainNode is the JSON shape of an explanation node (documented in the
// README): keys appear in this order and empty ones are left out.
type explainNode struct {
	Label    string         `json:"label"`
	Value    string         `json:"value,omitempty"`
	Number   json.Number    `json:"number,omitempty"`
	Rule     string         `json:"rule,omitempty"`
	At       string         `json:"at,omitempty"`
	Note     string         `json:"note,omitempty"`
	Table    [][]string     `json:"table,omitempty"`
	Children []*explainNode `json:"children,omitempty"`
}

func toExplainNode(n *engine.Node) *explainNode {
	out := &explainNode{Label: n.Label, Value: n.Value, Rule: n.Rule, At: n.At, Note: n.Note, Table: n.Table}
	if n.Number != nil {
		out.Number = json.Number(engine.FormatNumber(*n.Number))
	}
	for _, c := range n.Children {
		out.Children = append(out.Children, toExplainNode(c))
	}
	return out
}

func explainJSON(b *bytes.Buffer, n *engine.Node) error {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(toExplainNode(n))
}

// explainMarkdown prints the tree as a nested list for pull requests.
func explainMarkdown(b *bytes.Buffer, n *engine.Node, depth int) {
	pad := strings.Repeat("  ", depth)
	line := "**" + escapeMarkdown(n.Label) + "**"
	if depth == 0 {
		line = "### " + escapeMarkdown(n.Label)
		if n.Value != "" {
			line += " = " + escapeMarkdown(readable(n))
		}
		b.WriteString(line + "\n\n")
	} else {
		if n.Value != "" {
			line += " = " + escapeMarkdown(readable(n))
		}
		b.WriteString(pad + "- " + line)
	}
	var extra []string
	if n.Rule != "" {
		extra = append(extra, "`"+strings.ReplaceAll(oneLine(n.Rule), "`", "'")+"`")
	}
	if n.At != "" {
		extra = append(extra, "_"+escapeMarkdown(n.At)+"_")
	}
	if n.Note != "" {
		extra = append(extra, escapeMarkdown(oneLine(n.Note)))
	}
	sub := depth
	if depth > 0 {
		if len(extra) > 0 {
			b.WriteString(" · " + strings.Join(extra, " · "))
		}
		b.WriteByte('\n')
	} else if len(extra) > 0 {
		b.WriteString(strings.Join(extra, " · ") + "\n\n")
		sub = 0
	}
	if len(n.Table) > 0 {
		b.WriteString("\n")
		for i, row := range n.Table {
			cells := make([]string, len(row))
			for j, c := range row {
				cells[j] = escapeMarkdown(c)
			}
			b.WriteString(pad + "  | " + strings.Join(cells, " | ") + " |\n")
			if i == 0 {
				b.WriteString(pad + "  |" + strings.Repeat(" ---: |", len(row)) + "\n")
			}
		}
		b.WriteString("\n")
	}
	for _, c := range n.Children {
		explainMarkdown(b, c, sub+1)
	}
}
