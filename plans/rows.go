package plans

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/quotaplan/quotaplan/plans/words"
)

// cellMode is how the cells of a column of an imported CSV are read.
type cellMode uint8

// The ways of reading a cell. Every mode leaves an empty cell absent.
const (
	cellAuto   cellMode = iota // a number (parseNumber), else true or false, else text as written
	cellText                   // text as written: ids and names
	cellDate                   // text as written that must be a day such as "2027-06-01"
	cellNumber                 // a number, as cellAuto reads one; anything else is an error
)

// rowAttr is a known attribute of a row kind.
type rowAttr struct {
	name     string
	mode     cellMode
	required bool // every row needs it: the file must have its column, and no cell of it may be empty
}

// rowKind is a kind of row that import blocks read: everything the loader
// knows about it is declared once, in rowKinds.
type rowKind struct {
	name       string    // the import label, e.g. "deals"
	row        string    // one row in messages, e.g. "deal"; for reps and territories their block kind
	attrs      []rowAttr // the known attributes and how their cells are read
	reserved   []string  // attribute names that no column may take (values the engine computes)
	idOptional bool      // a file may lack the id column: its rows are then named by file and line
	// entity tells that each row declares a rep or territory (block kind
	// row), which joins the plan's Reps or Territories; the rows of other
	// kinds are kept as the Rows of their import.
	entity bool
	// apply runs once every import is read, with the rows of every import
	// of the kind in declaration order; nil when the rows are only kept.
	apply func(l *loader, rows []*Row)
}

// Row is one row of an imported CSV of a kind other than reps and
// territories: an account, deal, forecast, change, leave or adjustment.
type Row struct {
	// ID is the row's id cell. A file of a kind whose id column is
	// optional (forecasts, changes, leaves, adjustments) that has no id
	// column names its rows by file and line: "data/leaves.csv:7", the
	// path as the import block writes it.
	ID       string
	Attrs    Attrs     // every attribute of the row but its id, aligned with the file's columns
	DefRange hcl.Range // the id cell, or the row's first line when the file has no id column
}

// The kinds whose rows reps and territories are, named where the loader
// needs them.
var (
	repRows = &rowKind{name: "reps", row: kindRep, entity: true, reserved: reservedRepAttrs, attrs: []rowAttr{
		{name: "name", mode: cellText},
		{name: "role", mode: cellText},
		{name: "territory", mode: cellText},
		{name: "manager", mode: cellText},
		{name: "start", mode: cellDate},
		{name: "end", mode: cellDate},
	}}
	territoryRows = &rowKind{name: "territories", row: kindTerritory, entity: true, reserved: reservedTerritoryAttrs, attrs: []rowAttr{
		{name: "name", mode: cellText},
		{name: "parent", mode: cellText},
	}}
)

// rowKinds are the kinds an import block reads, in the order the
// language reference lists them.
var rowKinds = []*rowKind{
	repRows,
	territoryRows,
	{name: "accounts", row: "account", attrs: []rowAttr{{name: "territory", mode: cellText}}},
	{name: "deals", row: "deal"},
	{name: "forecasts", row: "forecast", idOptional: true},
	{name: "changes", row: "change", idOptional: true, apply: (*loader).applyChanges, attrs: []rowAttr{
		{name: "rep", mode: cellText, required: true},
		{name: "from", mode: cellDate, required: true},
		{name: "name", mode: cellText},
		{name: "role", mode: cellText},
	}},
	{name: "leaves", row: "leave", idOptional: true, apply: (*loader).applyLeaves, attrs: []rowAttr{
		{name: "rep", mode: cellText, required: true},
		{name: "from", mode: cellDate, required: true},
		{name: "to", mode: cellDate, required: true},
	}},
	{name: "adjustments", row: "adjustment", idOptional: true, apply: (*loader).applyAdjustments, attrs: []rowAttr{
		{name: "rep", mode: cellText, required: true},
		{name: "measure", mode: cellText, required: true},
		{name: "period", mode: cellText, required: true},
		{name: "amount", mode: cellNumber, required: true},
		{name: "reason", mode: cellText},
	}},
}

// importKinds are the labels an import block takes.
var importKinds = mapSlice(rowKinds, func(k *rowKind) string { return k.name })

// idAttrs are read as text as written in rows of every kind, besides
// each kind's own known attributes: they hold ids (of a territory, a
// manager, a rep), and employee id 7 is the rep "7", not the number 7.
var idAttrs = []string{"territory", "manager", "rep"}

// rowKindNamed returns the row kind an import block labelled name reads,
// nil for none.
func rowKindNamed(name string) *rowKind {
	i := slices.IndexFunc(rowKinds, func(k *rowKind) bool { return k.name == name })
	if i < 0 {
		return nil
	}
	return rowKinds[i]
}

// known lists the names of the known attributes of k.
func (k *rowKind) known() []string {
	return mapSlice(k.attrs, func(a rowAttr) string { return a.name })
}

// mode is how the cells of attribute name are read in rows of k.
func (k *rowKind) mode(name string) cellMode {
	for _, a := range k.attrs {
		if a.name == name {
			return a.mode
		}
	}
	if slices.Contains(idAttrs, name) {
		return cellText
	}
	return cellAuto
}

// labelKind is the kind under which the loader declares the ids of rows
// of k: the block kind of reps and territories, whose ids CSV rows and HCL
// blocks share, else the import label (no block kind is plural).
func (k *rowKind) labelKind() string {
	if k.entity {
		return k.row
	}
	return k.name
}

// normalizeHeader turns a header cell into the attribute name it gives:
// ASCII letters lower-cased, every run of characters other than a-z, 0-9
// and _ turned into one _, and _ dropped at both ends ("Close Date" gives
// "close_date", "Amount (USD)" "amount_usd"); "" when nothing is left.
func normalizeHeader(s string) string {
	b := make([]byte, 0, len(s))
	gap := false
	for i := 0; i < len(s); i++ { // any byte of a non-ASCII character is "other"
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != '_' && (c < 'a' || c > 'z') && !isDigit(c) {
			gap = true
			continue
		}
		if gap && len(b) > 0 {
			b = append(b, '_')
		}
		gap = false
		b = append(b, c)
	}
	return strings.Trim(string(b), "_")
}

// normalizedHint describes header normalisation in a diagnostic detail.
const normalizedHint = "lower case, every run of characters other than letters, digits and _ turned into _, and _ dropped at both ends"

// decodeImportColumns decodes the id and columns attributes of an import
// block of kind k (nil for an unknown kind).
func (l *loader) decodeImportColumns(imp *Import, k *rowKind, attrs hclsyntax.Attributes) {
	if l.stringAttr(attrs, "id", &imp.ID) {
		imp.idRange = attrs["id"].Expr.Range()
		if imp.ID = normalizeHeader(imp.ID); imp.ID == "" {
			l.errorAt(imp.idRange, "Empty column name", "The id attribute names the column that holds each row's id, by its header, e.g. id = \"opportunity_id\". This name has no letter or digit: write the header of the id column.")
		}
	}
	if attr := attrs["columns"]; attr != nil {
		l.importColumns(imp, k, attr)
	}
}

// importColumns decodes the columns attribute of an import block: a map
// from attribute names to the columns (by normalised header) they are read
// from.
func (l *loader) importColumns(imp *Import, k *rowKind, attr *hclsyntax.Attribute) {
	v, ok := l.value(attr)
	if !ok {
		return
	}
	example := "columns = { manager = \"reports_to\", start = \"hire_date\" }"
	if !v.Type().IsObjectType() && !v.Type().IsMapType() {
		l.errorAt(attr.Expr.Range(), "Expected a map", fmt.Sprintf(
			"The columns attribute maps attribute names to the columns that hold them, but this is %s. Write it like: %s.",
			describeType(v.Type()), example))
		return
	}
	keyRanges, valueRanges := itemRanges(attr.Expr)
	imp.Columns, imp.columnRanges = map[string]string{}, map[string]hcl.Range{}
	readBy := map[string]string{} // column -> the attribute read from it
	for it := v.ElementIterator(); it.Next(); {
		key, val := it.Element()
		name := key.AsString()
		keyAt, valueAt := cmp.Or(keyRanges[name], attr.Expr.Range()), cmp.Or(valueRanges[name], attr.Expr.Range())
		isString := !val.IsNull() && val.Type() == cty.String
		column := ""
		if isString {
			column = val.AsString()
		}
		if !l.columnsKey(k, name, column, keyAt) {
			continue
		}
		if !isString {
			l.errorAt(valueAt, "Expected a string", fmt.Sprintf(
				"Each attribute in columns is read from a column named by its header, in double quotes: %s.", example))
			continue
		}
		col := normalizeHeader(column)
		if col == "" {
			l.errorAt(valueAt, "Empty column name", fmt.Sprintf(
				"The attribute %q is read from a column named by its header, but %q has no letter or digit. Write the header of the column that holds it, e.g. %s.",
				name, clip(column), example))
			continue
		}
		if other, taken := readBy[col]; taken {
			l.errorAt(valueAt, "Column read twice", fmt.Sprintf(
				"The column %q is already read as the attribute %q. A column gives one attribute: read %q from another column, or remove one of them.",
				clip(col), other, name))
			continue
		}
		readBy[col] = name
		imp.Columns[name], imp.columnRanges[name] = col, valueAt
	}
}

// columnsKey checks an attribute name of the columns attribute of an
// import of kind k (nil for an unknown kind), read from column (as
// written, "" when it is not a string).
func (l *loader) columnsKey(k *rowKind, name, column string, rng hcl.Range) bool {
	switch {
	case normalizeHeader(name) != name:
		l.errorAt(rng, "Invalid attribute name", fmt.Sprintf(
			"The columns attribute maps attribute names to columns, and %q is no attribute name: names are lower case letters, digits and _, e.g. %q.",
			clip(name), clip(cmp.Or(normalizeHeader(name), "hire_date"))))
		return false
	case name == "id":
		l.errorAt(rng, "Id in columns", fmt.Sprintf(
			"The id of each row is read from the column that the id attribute names, not from columns. Write id = %q in the import block instead.",
			clip(cmp.Or(column, "employee_id"))))
		return false
	case k == nil:
		return true
	}
	return !l.blockColumn(k.row, name, rng) && !l.reservedAttr(k.row, name, k.reserved, rng)
}

// itemRanges returns the ranges of the keys and values of a map literal,
// by key; empty when expr is not a literal.
func itemRanges(expr hclsyntax.Expression) (keys, values map[string]hcl.Range) {
	keys, values = map[string]hcl.Range{}, map[string]hcl.Range{}
	obj, ok := expr.(*hclsyntax.ObjectConsExpr)
	if !ok {
		return keys, values
	}
	for _, item := range obj.Items {
		kv, diags := item.KeyExpr.Value(nil)
		if diags.HasErrors() || kv.IsNull() || !kv.IsKnown() || kv.Type() != cty.String {
			continue
		}
		keys[kv.AsString()], values[kv.AsString()] = item.KeyExpr.Range(), item.ValueExpr.Range()
	}
	return keys, values
}

// applyRows runs what each row kind does with its rows, once every import
// is read.
func (l *loader) applyRows() {
	for _, k := range rowKinds {
		if k.apply == nil {
			continue
		}
		var rows []*Row
		for _, imp := range l.plan.Imports {
			if imp.Kind == k.name {
				rows = append(rows, imp.Rows...)
			}
		}
		if len(rows) > 0 {
			k.apply(l, rows)
		}
	}
}

// applyLeaves turns the rows of leaves imports into leaves of the reps
// they name, as leave blocks are. A row with a missing or invalid cell is
// skipped (the cell is reported where it is read). An unknown rep is an
// error at its cell, unless some import could not be read whole (its reps
// are then not all known).
func (l *loader) applyLeaves(rows []*Row) {
	reps := l.plan.Reps
	index := indexOf(reps, func(r *Rep) string { return r.ID })
	declared := keysOf(index)
	var touched []int
	for _, row := range rows {
		id, okRep := row.Attrs.Get("rep")
		from, okFrom := rowDate(&row.Attrs, "from")
		to, okTo := rowDate(&row.Attrs, "to")
		if !okRep || !okFrom || !okTo {
			continue
		}
		rep, _ := id.(string) // a text column
		i, known := index[rep]
		if !known {
			if !l.importFailed {
				l.unknownRef("rep", rep, attrAt{&row.Attrs, "rep"}, declared,
					"A leaves row names the rep on leave by its id: declare that rep, or fix the id.")
			}
			continue
		}
		if to.Before(from) {
			l.errorAtLazy(attrAt{&row.Attrs, "to"}, "Leave ends before it starts", func() string { return leaveOrder(from, to) })
			continue
		}
		reps[i].Leaves = append(reps[i].Leaves, Leave{From: from, To: to, DefRange: row.DefRange})
		touched = append(touched, i)
	}
	slices.Sort(touched)
	for _, i := range slices.Compact(touched) {
		sortLeaves(reps[i].Leaves)
	}
}

// rowDate is the date attribute name of a row, checked where it was read.
func rowDate(a *Attrs, name string) (time.Time, bool) {
	v, ok := a.Get(name)
	if !ok {
		return time.Time{}, false
	}
	s, _ := v.(string)
	return ParseDate(s)
}

// rowSetter checks the date attributes of a row of kind k, whose cells are
// text as written.
func (l *loader) rowSetter(k *rowKind) attrSetter {
	return func(name string, v any, at ranger) bool {
		if k.mode(name) != cellDate {
			return true
		}
		s, _ := v.(string)
		_, ok := l.checkDate(s, at, k.row+" "+name)
		return ok
	}
}

// colCount counts the filled cells of a column read as cellAuto that gave
// a number, and those that stayed text.
type colCount struct {
	numbers, texts int
}

// checkMixedColumns reports the text cells of every column of f read as
// cellAuto whose filled cells are mostly numbers (a stray "n/a" among
// amounts): a rule computing with the column would fail on that row, far
// from the cell. counts are the columns' counts; parts hold the rows read.
func (l *loader) checkMixedColumns(f *csvFile, counts []colCount, parts [][]csvEntry) {
	var mixed []int
	for i, c := range counts {
		if c.texts > 0 && c.numbers > c.texts {
			mixed = append(mixed, i)
		}
	}
	if len(mixed) == 0 {
		return
	}
	for _, rows := range parts {
		for _, e := range rows {
			a := e.attrs()
			if !e.added || a == nil {
				continue
			}
			for _, i := range mixed {
				if s, ok := a.values[i].(string); ok {
					l.textInNumberColumn(f, i, counts[i], &csvCell{row: a.row, i: i, text: s})
				}
			}
		}
	}
}

// textInNumberColumn reports cell, text in column i of f whose other
// filled cells are mostly numbers.
func (l *loader) textInNumberColumn(f *csvFile, i int, c colCount, cell *csvCell) {
	l.errorAtLazy(cell, "Text in a number column", func() string {
		return fmt.Sprintf(
			"Column %d of %s (%q) holds a number in %s but %q in this one, so a rule computing with %s would fail on this row. Leave the cell empty for no value (rules read nil), or write the number it stands for; a number may carry thousands separators and a leading currency, as in $180,000 or EUR 1,200.50.",
			i+1, f.name, clip(strings.TrimSpace(f.header[i])), words.Plural(c.numbers, "row", "rows"), clip(cell.text), f.cols[i])
	})
}

// requiredCells reports the empty cells of the required attributes of a
// row; cells are the row's, the record r read last.
func (l *loader) requiredCells(k *rowKind, f *csvFile, r rowReader, cells []string) {
	for _, i := range f.required {
		if cells[i] != "" {
			continue
		}
		name := f.cols[i]
		l.errorAtLazy(lazyRange(func() hcl.Range { return f.fieldRange(r, i, "") }), "Missing value", func() string {
			return fmt.Sprintf(
				"Every %s row needs a %s, but the %q cell of this row of %s is empty. Fill it, or remove the row.",
				k.row, name, name, f.name)
		})
	}
}

// csvHeader validates the header row of f, the record r read last, for
// rows of kind k read by imp, and fills the columns of f: the attribute
// of each column (normalised, or as imp.Columns maps it), how its cells
// are read, the id column and the required ones. A header that leaves no
// way to name the rows sets f.skip.
func (l *loader) csvHeader(k *rowKind, imp *Import, f *csvFile, r rowReader, header []string) {
	n := len(header)
	f.header = slices.Clone(header)
	f.cols, f.modes, f.idCol = make([]string, n), make([]cellMode, n), -1
	// the range of a cell costs a scan of the line before it: only for a
	// report (a header may hold a hundred thousand columns)
	at := func(i int) hcl.Range { return f.fieldRange(r, i, header[i]) }
	names := make([]string, n)
	first := make(map[string]int, n) // normalised name -> its first column
	for i, h := range header {
		name := normalizeHeader(h)
		if name == "" {
			l.errorAtLazy(lazyRange(func() hcl.Range { return at(i) }), "Empty column name", func() string {
				return fmt.Sprintf("Column %d of %s has the header %q, which gives no attribute name: a header needs a letter or digit. Name the column, or remove it from the header and every row.",
					i+1, f.name, clip(h))
			})
			continue
		}
		if j, dup := first[name]; dup {
			l.errorAtLazy(lazyRange(func() hcl.Range { return at(i) }), "Duplicate column", func() string {
				how := ""
				if header[j] != h {
					how = fmt.Sprintf(" (headers are normalised: %s)", normalizedHint)
				}
				return fmt.Sprintf("Columns %d (%q, at %s) and %d (%q) of %s both give the attribute %q%s. Rename or remove one of them.",
					j+1, clip(header[j]), whereCell(at(j)), i+1, clip(h), f.name, clip(name), how)
			})
			continue
		}
		first[name], names[i] = i, name
	}
	f.idCol = l.idColumn(k, imp, f, first, names, r)
	mapped := make(map[int]string, len(imp.Columns)) // column -> the attribute read from it
	for _, attr := range slices.Sorted(maps.Keys(imp.Columns)) {
		col := imp.Columns[attr]
		switch j, ok := first[col]; {
		case !ok:
			l.unknownColumn(imp.columnRanges[attr], "Unknown column", fmt.Sprintf("The import reads the attribute %q from the column %q", attr, clip(col)), f, col, names)
		case j == f.idCol:
			l.errorAt(imp.columnRanges[attr], "Column read twice", fmt.Sprintf(
				"The column %q of %s holds the ids of the rows, so it cannot also be read as the attribute %q. Read the attribute from another column, or remove it from columns.",
				clip(col), f.name, attr))
		default:
			mapped[j] = attr
		}
	}
	for i, name := range names {
		if name == "" || i == f.idCol {
			continue
		}
		if attr, ok := mapped[i]; ok {
			name = attr
		} else if col, ok := imp.Columns[name]; ok {
			l.errorAtLazy(lazyRange(func() hcl.Range { return at(i) }), "Two columns for one attribute", func() string {
				return fmt.Sprintf("Column %d of %s gives the attribute %q, which the import reads from the column %q (columns = { %s = %q }). Remove or rename one of the columns, or remove %s from columns.",
					i+1, f.name, name, clip(col), name, clip(col), name)
			})
			continue
		}
		l.setColumn(k, f, i, name, at)
	}
	l.requiredColumns(k, f, r, header)
}

// setColumn makes column i of f give attribute name, unless no attribute
// of k may be so named.
func (l *loader) setColumn(k *rowKind, f *csvFile, i int, name string, at func(int) hcl.Range) {
	switch {
	case name == "id":
		l.errorAtLazy(lazyRange(func() hcl.Range { return at(i) }), "Second id column", func() string {
			return fmt.Sprintf("Column %d of %s is named \"id\", but the ids of its rows are read from another column (the id attribute of the import). Remove the column, or read it as an attribute of another name, e.g. columns = { source_id = \"id\" }.",
				i+1, f.name)
		})
	case blockNames[k.row][name] != "":
		l.blockColumn(k.row, name, at(i))
	case slices.Contains(k.reserved, name):
		l.reservedAttr(k.row, name, k.reserved, at(i))
	default:
		f.cols[i], f.modes[i] = name, k.mode(name)
	}
}

// idColumn finds the id column of f among its normalised headers (first
// maps each to its column): the one imp.ID names, else "id". It returns
// -1 when there is none, reporting it (and setting f.skip) unless k's
// rows may do without.
func (l *loader) idColumn(k *rowKind, imp *Import, f *csvFile, first map[string]int, names []string, r rowReader) int {
	id := cmp.Or(imp.ID, "id")
	if i, ok := first[id]; ok {
		return i
	}
	switch {
	case imp.ID != "":
		f.skip = true
		l.unknownColumn(imp.idRange, "Unknown id column", fmt.Sprintf("The import reads the ids of its rows from the column %q", clip(id)), f, id, names)
	case !k.idOptional:
		f.skip = true
		l.errorAt(f.headerRange(r), "Missing id column", fmt.Sprintf(
			"The header of %s has no \"id\" column. Add one: it holds each %s's %s. If another column holds the ids, name it in the import block, e.g. id = \"%s_id\".",
			f.name, k.row, k.idDescription(), k.row))
	}
	return -1
}

// idNoun names what the id of a row of k is.
func (k *rowKind) idNoun() string {
	if k.entity {
		return "label"
	}
	return "id"
}

// idDescription says what the id of a row of k is.
func (k *rowKind) idDescription() string {
	if k.entity {
		return fmt.Sprintf("label, as in %s \"label\" { ... }", k.row)
	}
	return "id, such as the record id of the system it comes from"
}

// requiredColumns reports the required attributes of k that no column of
// f gives, and records the columns of those it gives.
func (l *loader) requiredColumns(k *rowKind, f *csvFile, r rowReader, header []string) {
	for _, a := range k.attrs {
		if !a.required {
			continue
		}
		if i := slices.Index(f.cols, a.name); i >= 0 {
			f.required = append(f.required, i)
			continue
		}
		l.errorAt(f.headerRange(r), "Missing column", fmt.Sprintf(
			"The header of %s has no %q column, which every %s row needs (%s). Add it, or name the column that holds it in the import block: columns = { %s = \"...\" }.",
			f.name, a.name, k.row, listNames(requiredNames(k)), a.name))
	}
}

// requiredNames lists the required attributes of k.
func requiredNames(k *rowKind) []string {
	var names []string
	for _, a := range k.attrs {
		if a.required {
			names = append(names, a.name)
		}
	}
	return names
}

// unknownColumn reports a column name, written at rng, that no header of
// f gives once normalised; names are the normalised headers. what starts
// the detail.
func (l *loader) unknownColumn(rng hcl.Range, summary, what string, f *csvFile, col string, names []string) {
	present := slices.DeleteFunc(slices.Clone(names), func(s string) bool { return s == "" })
	hint := didYouMean(col, present)
	if hint == "" {
		const shown = 10
		list := listNames(mapSlice(present[:min(len(present), shown)], func(s string) string { return string(clip(s)) }))
		if len(present) > shown {
			list = strings.Replace(list, " and ", ", ", 1) + fmt.Sprintf(" and %d more", len(present)-shown)
		}
		hint = fmt.Sprintf(" Its columns are %s.", list)
	}
	l.errorAt(rng, summary, fmt.Sprintf(
		"%s, but %s has no such column once its headers are normalised (%s).%s",
		what, f.name, normalizedHint, hint))
}

// whereCell formats a range as "file:line:col" for diagnostic details.
func whereCell(r hcl.Range) string {
	return fmt.Sprintf("%s:%d:%d", r.Filename, r.Start.Line, r.Start.Column)
}

// leaveOrder is the detail of a leave whose last day is before its first.
func leaveOrder(from, to time.Time) string {
	return fmt.Sprintf(
		"This leave runs from %s to %s. Both days are inclusive and \"to\" must not be before \"from\".",
		from.Format(dateLayout), to.Format(dateLayout))
}

// sortLeaves sorts leaves by their first day, keeping the order of leaves
// that start on the same day.
func sortLeaves(leaves []Leave) {
	slices.SortStableFunc(leaves, func(a, b Leave) int { return a.From.Compare(b.From) })
}
