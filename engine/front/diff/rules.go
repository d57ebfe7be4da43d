package diff

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/quotaplan/quotaplan/engine"
	"github.com/quotaplan/quotaplan/plans"
)

// Location is a line of a plan file.
type Location struct {
	File string // the file as the plan names it; "REF:path" for a git revision
	Line int
}

// String is "file:line", or "" for the zero Location (absent).
func (l Location) String() string {
	if l.File == "" {
		return ""
	}
	return l.File + ":" + strconv.Itoa(l.Line)
}

// Block is a block of a plan as written, with its attributes: what the
// rule comparison of Compare reads. A ramp's tiers are attributes of the
// ramp named "tier[1].when", "tier[1].factor", "tier[2].when" ...
type Block struct {
	Type  string      // "plan", "variable", "quota", "ramp" ...
	Label string      // the block's label; a repeated import label gets "#2", "#3" ...
	At    Location    // the block's header
	Attrs []BlockAttr // the block's own by name, then its nested blocks' by type, position and name
}

// BlockAttr is one attribute of a Block as written.
type BlockAttr struct {
	Name string // "annual"; in a nested block "tier[2].factor"
	// Text is the value's source text, trimmed; a heredoc is its lines
	// without the markers and the common indentation, joined by "\n".
	Text string
	// Key is what is compared: a rule's text with the spaces that do not
	// change its meaning removed (so that a heredoc and a one-line string
	// of the same rule are equal), other values in canonical form (so that
	// 0.10 and 0.1 are equal).
	Key string
	At  Location // the line the attribute starts on
}

// BlockChange is a block of the plan added, removed, or present on both
// sides with attributes that differ.
type BlockChange struct {
	Block        string // the block type
	Label        string // head's label, base's when removed
	Kind         Kind
	OldAt, NewAt Location     // the header on each side; zero where absent
	Attrs        []RuleChange // every attribute of an added or removed block
}

// RuleChange is one attribute of a block added, removed or changed, with
// its text as written and its line on each side.
type RuleChange struct {
	Attribute    string
	Kind         Kind
	Old, New     string   // "" on the side it is absent
	OldAt, NewAt Location // zero on the side it is absent
}

// ruleAttrs are the attributes holding rules, by block type (plans'
// schema): their text is compared as a rule, spaces aside.
var ruleAttrs = map[string][]string{
	"quota": {"applies_to", "annual", "monthly"},
	"tier":  {"when", "factor"},
	"let":   {"expr"},
	"goal":  {"target", "where"},
	"check": {"where", "assert", "message"},
	"test":  {"assert"},
}

// dataBlocks are the block types left out of the rule comparison: reps and
// territories are compared by id, attribute by attribute, in the Reps and
// Territories sections, whether they are written in HCL or imported.
var dataBlocks = []string{"rep", "territory"}

// blocksOf lists the blocks of p as written, reps and territories aside,
// sorted by type and label. It re-reads the plan's HCL files from
// p.Sources, which Load has parsed already under the same limits.
func blocksOf(p *plans.Plan) []Block {
	out := []Block{}
	seen := map[blockKey]int{}
	for _, name := range ruleFiles(p) {
		file, diags := plans.ParseHCL(p.Sources[name], name)
		if file == nil || diags.HasErrors() {
			continue
		}
		body, ok := file.Body.(*hclsyntax.Body)
		if !ok {
			continue
		}
		for _, b := range body.Blocks {
			if slices.Contains(dataBlocks, b.Type) {
				continue
			}
			blk := Block{Type: b.Type, At: location(b.DefRange())}
			if len(b.Labels) > 0 {
				blk.Label = b.Labels[0]
			}
			k := blk.key()
			if seen[k]++; seen[k] > 1 {
				blk.Label += "#" + strconv.Itoa(seen[k])
			}
			blk.Attrs = attrsOf(p.Sources[name], b, "")
			slices.SortFunc(blk.Attrs, func(x, y BlockAttr) int { return attrOrder(x.Name, y.Name) })
			out = append(out, blk)
		}
	}
	slices.SortStableFunc(out, func(x, y Block) int {
		return cmp.Or(cmp.Compare(x.Type, y.Type), cmp.Compare(x.Label, y.Label))
	})
	return out
}

// ruleFiles lists, sorted, the HCL files of p that hold a block the rule
// comparison reads, so that a file of rep blocks only is not read again.
func ruleFiles(p *plans.Plan) []string {
	var names []string
	add := func(r hcl.Range) {
		if r.Filename != "" {
			names = append(names, r.Filename)
		}
	}
	add(p.DefRange)
	for _, v := range p.Variables {
		add(v.DefRange)
	}
	for _, s := range p.Scenarios {
		add(s.DefRange)
	}
	for _, i := range p.Imports {
		add(i.DefRange)
	}
	for _, r := range p.Ramps {
		add(r.DefRange)
	}
	for _, q := range p.Quotas {
		add(q.DefRange)
	}
	for _, l := range p.Lets {
		add(l.DefRange)
	}
	for _, g := range p.Goals {
		add(g.DefRange)
	}
	for _, c := range p.Checks {
		add(c.DefRange)
	}
	for _, t := range p.Tests {
		add(t.DefRange)
	}
	for _, w := range p.Waivers {
		add(w.DefRange)
	}
	slices.Sort(names)
	return slices.Compact(names)
}

// attrsOf lists the attributes of b and of its nested blocks, the latter
// named prefix + "tier[n]." + name.
func attrsOf(src []byte, b *hclsyntax.Block, prefix string) []BlockAttr {
	var out []BlockAttr
	for name, attr := range b.Body.Attributes {
		text := writtenText(src, attr.Expr)
		out = append(out, BlockAttr{
			Name: prefix + name,
			Text: text,
			Key:  valueKey(slices.Contains(ruleAttrs[b.Type], name), attr.Expr, text),
			At:   location(attr.SrcRange),
		})
	}
	count := map[string]int{}
	for _, nb := range b.Body.Blocks {
		count[nb.Type]++
		out = append(out, attrsOf(src, nb, fmt.Sprintf("%s%s[%d].", prefix, nb.Type, count[nb.Type]))...)
	}
	return out
}

// location is the line r starts on.
func location(r hcl.Range) Location {
	return Location{File: r.Filename, Line: r.Start.Line}
}

// blockKey identifies a block across sides: its type and label, the type
// alone for the one plan block (whose id change the Plan section shows).
type blockKey struct{ typ, label string }

// key is the blockKey of b.
func (b Block) key() blockKey {
	if b.Type == "plan" {
		return blockKey{b.Type, ""}
	}
	return blockKey{b.Type, b.Label}
}

// attrOrder orders attribute names: the block's own by name, then those of
// nested blocks by block type, number (tier[2] before tier[10]) and name.
func attrOrder(a, b string) int {
	pa, na, ra := splitNested(a)
	pb, nb, rb := splitNested(b)
	return cmp.Or(cmp.Compare(pa, pb), cmp.Compare(na, nb), cmp.Compare(ra, rb))
}

// splitNested splits "tier[2].factor" into "tier", 2, "factor"; a name
// without brackets is "", 0, name.
func splitNested(name string) (string, int, string) {
	open := strings.IndexByte(name, '[')
	end := strings.Index(name, "].")
	if open < 0 || end < open {
		return "", 0, name
	}
	n, err := strconv.Atoi(name[open+1 : end])
	if err != nil {
		return "", 0, name
	}
	return name[:open], n, name[end+2:]
}

// writtenText is the text of e as written in src, trimmed: a heredoc's
// lines without its markers, a value over several lines with the common
// indentation of its later lines removed.
func writtenText(src []byte, e hclsyntax.Expression) string {
	r := e.Range()
	if r.Start.Byte < 0 || r.End.Byte > len(src) || r.Start.Byte > r.End.Byte {
		return ""
	}
	lines := strings.Split(strings.TrimSpace(string(src[r.Start.Byte:r.End.Byte])), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t\r")
	}
	if _, isTemplate := e.(*hclsyntax.TemplateExpr); isTemplate && strings.HasPrefix(lines[0], "<<") && len(lines) >= 2 {
		return strings.Join(dedent(lines[1:len(lines)-1]), "\n")
	}
	return strings.Join(append(lines[:1], dedent(lines[1:])...), "\n")
}

// dedent removes the indentation that the non-blank lines share, and the
// blank lines at either end.
func dedent(lines []string) []string {
	for len(lines) > 0 && strings.TrimSpace(lines[0]) == "" {
		lines = lines[1:]
	}
	for len(lines) > 0 && strings.TrimSpace(lines[len(lines)-1]) == "" {
		lines = lines[:len(lines)-1]
	}
	indent := -1
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			continue
		}
		n := len(l) - len(strings.TrimLeft(l, " \t"))
		if indent < 0 || n < indent {
			indent = n
		}
	}
	out := make([]string, len(lines))
	for i, l := range lines {
		if len(l) >= indent && indent > 0 {
			l = l[indent:]
		}
		out[i] = l
	}
	return out
}

// valueKey is the comparison key of an attribute value: a rule (a string
// of a rule attribute) as normalRule text, a number as engine.FormatNumber
// prints it, any other value in canonical form. A value that does not
// evaluate, which a loaded plan does not hold, is compared as written.
func valueKey(rule bool, e hclsyntax.Expression, text string) string {
	v, diags := e.Value(nil)
	if diags.HasErrors() || !v.IsWhollyKnown() {
		return "source " + normalRule(text)
	}
	if rule && v.Type() == cty.String && !v.IsNull() {
		return normalRule(v.AsString())
	}
	return ctyKey(v)
}

// ctyKey prints a known value in one canonical way: numbers with
// engine.FormatNumber, strings quoted, collections element by element,
// objects and maps by sorted key.
func ctyKey(v cty.Value) string {
	if v.IsNull() {
		return "null"
	}
	t := v.Type()
	switch {
	case t == cty.Number:
		f, _ := v.AsBigFloat().Float64()
		return engine.FormatNumber(f)
	case t == cty.String:
		return strconv.Quote(v.AsString())
	case t == cty.Bool:
		return strconv.FormatBool(v.True())
	case t.IsTupleType() || t.IsListType() || t.IsSetType():
		var parts []string
		for it := v.ElementIterator(); it.Next(); {
			_, e := it.Element()
			parts = append(parts, ctyKey(e))
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case t.IsObjectType() || t.IsMapType():
		var parts []string
		for it := v.ElementIterator(); it.Next(); {
			k, e := it.Element()
			parts = append(parts, strconv.Quote(k.AsString())+": "+ctyKey(e))
		}
		slices.Sort(parts)
		return "{" + strings.Join(parts, ", ") + "}"
	}
	return v.GoString()
}

// normalRule is a rule's text with the spaces that do not change its
// meaning removed: outside string literals, a run of white space (line
// breaks included) becomes one space between two word characters or two
// operator characters ("a and b", "x < -1") and nothing elsewhere ("a*b",
// "f(a,b)"). Text inside '...', "..." and `...` is kept as it is.
func normalRule(s string) string {
	var b strings.Builder
	var quote byte
	pendingSpace := false
	last := byte(0) // the last byte written outside a string literal
	for i := 0; i < len(s); i++ {
		c := s[i]
		if quote != 0 {
			b.WriteByte(c)
			switch {
			case c == '\\' && quote != '`' && i+1 < len(s):
				i++
				b.WriteByte(s[i])
			case c == quote:
				quote, last = 0, c
			}
			continue
		}
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' {
			pendingSpace = true
			continue
		}
		if pendingSpace && last != 0 && keepSpace(last, c) {
			b.WriteByte(' ')
		}
		pendingSpace = false
		b.WriteByte(c)
		last = c
		if c == '\'' || c == '"' || c == '`' {
			quote = c
		}
	}
	return b.String()
}

// keepSpace reports whether a space between a and b may separate two
// tokens: both are word characters, or both are operator characters.
func keepSpace(a, b byte) bool {
	return wordByte(a) == wordByte(b) && !bracketByte(a) && !bracketByte(b)
}

// wordByte reports whether c can be part of a name or a number; bytes of
// multi-byte characters count as word characters.
func wordByte(c byte) bool {
	return c == '_' || c == '$' || c == '#' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

// bracketByte reports whether c is a bracket, a comma or a quote, next to
// which no space separates tokens.
func bracketByte(c byte) bool {
	return strings.IndexByte("()[]{},'\"`", c) >= 0
}

// ruleChanges compares the blocks of base and head by type and label;
// sorted by block type and label, the attributes in attrOrder.
func ruleChanges(base, head []Block) []BlockChange {
	bm, hm := blockIndex(base), blockIndex(head)
	keys := make([]blockKey, 0, len(bm)+len(hm))
	for k := range bm {
		keys = append(keys, k)
	}
	for k := range hm {
		if _, ok := bm[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(x, y blockKey) int {
		return cmp.Or(cmp.Compare(x.typ, y.typ), cmp.Compare(x.label, y.label))
	})
	var out []BlockChange
	for _, k := range keys {
		old, okOld := bm[k]
		nu, okNew := hm[k]
		c := BlockChange{Block: k.typ, Kind: kindOf(okOld, okNew), OldAt: old.At, NewAt: nu.At, Label: nu.Label}
		if !okNew {
			c.Label = old.Label
		}
		c.Attrs = attrRuleChanges(old.Attrs, nu.Attrs)
		if c.Kind != Changed || len(c.Attrs) > 0 {
			out = append(out, c)
		}
	}
	return out
}

// blockIndex indexes blocks by key.
func blockIndex(bs []Block) map[blockKey]Block {
	m := make(map[blockKey]Block, len(bs))
	for _, b := range bs {
		m[b.key()] = b
	}
	return m
}

// attrRuleChanges lists the attributes of old and nu that are added,
// removed or whose keys differ, in attrOrder.
func attrRuleChanges(old, nu []BlockAttr) []RuleChange {
	om, nm := map[string]BlockAttr{}, map[string]BlockAttr{}
	for _, a := range old {
		om[a.Name] = a
	}
	for _, a := range nu {
		nm[a.Name] = a
	}
	names := unionKeys(om, nm)
	slices.SortFunc(names, attrOrder)
	var out []RuleChange
	for _, name := range names {
		o, okOld := om[name]
		n, okNew := nm[name]
		if okOld && okNew && o.Key == n.Key {
			continue
		}
		out = append(out, RuleChange{
			Attribute: name, Kind: kindOf(okOld, okNew),
			Old: o.Text, New: n.Text, OldAt: o.At, NewAt: n.At,
		})
	}
	return out
}

// renameFiles returns blocks with every location's file renamed.
func renameFiles(blocks []Block, rename func(string) string) []Block {
	if blocks == nil {
		return nil
	}
	out := make([]Block, len(blocks))
	for i, b := range blocks {
		b.At.File = rename(b.At.File)
		b.Attrs = slices.Clone(b.Attrs)
		for j := range b.Attrs {
			b.Attrs[j].At.File = rename(b.Attrs[j].At.File)
		}
		out[i] = b
	}
	return out
}

// blockName is how a block is named in reports: `quota "new_arr"`.
func blockName(block, label string) string {
	if label == "" {
		return block
	}
	return block + " " + strconv.Quote(label)
}

// locations is "base/quotas.hcl:9 -> head/quotas.hcl:9" for a change
// present on both sides, the one location otherwise; one location when
// both are the same.
func locations(old, nu Location) string {
	o, n := old.String(), nu.String()
	switch {
	case o == "" || o == n:
		return n
	case n == "":
		return o
	}
	return o + " -> " + n
}
