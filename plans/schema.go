package plans

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// blockSchema describes what a block kind may hold.
type blockSchema struct {
	labels   int      // number of labels: 1 for top-level blocks, 0 for nested ones
	attrs    []string // allowed attributes (any when custom)
	custom   bool     // any attribute is allowed (rep, territory)
	blocks   []string // allowed nested block types
	required []string // attributes that must be present
}

// Block kinds.
const (
	kindPlan      = "plan"
	kindVariable  = "variable"
	kindScenario  = "scenario"
	kindTerritory = "territory"
	kindRep       = "rep"
	kindImport    = "import"
	kindRamp      = "ramp"
	kindTier      = "tier"
	kindQuota     = "quota"
	kindLet       = "let"
	kindGoal      = "goal"
	kindCheck     = "check"
	kindTest      = "test"
	kindWaive     = "waive"
	kindLeave     = "leave"
	kindChange    = "change"
	kindAdjust    = "adjust"
	kindLock      = "lock"
)

// topLevelKinds are the block types allowed at the top of a plan file.
var topLevelKinds = []string{
	kindPlan, kindVariable, kindScenario, kindTerritory, kindRep, kindImport,
	kindRamp, kindQuota, kindLet, kindGoal, kindCheck, kindTest, kindWaive, kindCarve, kindAdjust, kindLock,
}

// schemas maps each block kind to what it may hold.
var schemas = map[string]blockSchema{
	kindPlan:      {labels: 1, attrs: []string{"title", "start", "months", "currency", "holidays", "as_of"}, required: []string{"start"}},
	kindVariable:  {labels: 1, attrs: []string{"default", "description"}},
	kindScenario:  {labels: 1, attrs: []string{"vars"}},
	kindTerritory: {labels: 1, custom: true},
	kindRep:       {labels: 1, custom: true, blocks: []string{kindLeave, kindChange}},
	kindChange:    {labels: 1, custom: true},
	kindImport:    {labels: 1, attrs: []string{"csv", "id", "columns"}, required: []string{"csv"}},
	kindRamp:      {labels: 1, blocks: []string{kindTier}},
	kindTier:      {attrs: []string{"when", "factor"}, required: []string{"when", "factor"}},
	kindQuota: {labels: 1, attrs: []string{
		"measure", "unit", "applies_to", "annual", "monthly", "ramp", "prorate", "season", "round", "rounding", "rollup"}},
	kindLet:   {labels: 1, attrs: []string{"scope", "expr"}, required: []string{"expr"}},
	kindGoal:  {labels: 1, attrs: []string{"description", "measure", "target", "overassign", "where", "period"}, required: []string{"target"}},
	kindCheck: {labels: 1, attrs: []string{"scope", "where", "assert", "severity", "message"}, required: []string{"assert"}},
	kindTest:  {labels: 1, attrs: []string{"assert", "scenario", "vars"}, required: []string{"assert"}},
	kindWaive: {labels: 1, attrs: []string{"check", "subject", "reason", "until"}, required: []string{"check", "reason", "until"}},
	kindLeave: {attrs: []string{"from", "to"}, required: []string{"from", "to"}},
	kindAdjust: {labels: 1, attrs: []string{"rep", "measure", "period", "amount", "reason"},
		required: []string{"rep", "measure", "period", "amount", "reason"}},
	kindLock:  {attrs: []string{"result", "through"}, required: []string{"result", "through"}},
	kindCarve: {labels: 1, attrs: []string{"territory", "overrides"}, required: []string{"territory"}},
}

// requiredExamples show how to write a missing required attribute.
var requiredExamples = map[string]string{
	"plan.start":     `start = "2027-02-01"`,
	"import.csv":     `csv = "data/reps.csv"`,
	"tier.when":      `when = "tenure_month == 1"`,
	"tier.factor":    `factor = 0.4`,
	"let.expr":       `expr = "territory.accounts * territory.win_rate"`,
	"goal.target":    `target = 1000000`,
	"check.assert":   `assert = "rep.ote > 0"`,
	"test.assert":    `assert = "quota('alice', 'new_arr', 'FY') > 0"`,
	"waive.check":    `check = "quota_to_ote"`,
	"waive.reason":   `reason = "ramping in a new territory; revisit after Q2"`,
	"waive.until":    `until = "2027-09-30"`,
	"leave.from":     `from = "2027-06-01"`,
	"leave.to":       `to = "2027-08-31"`,
	"adjust.rep":     `rep = "alice"`,
	"adjust.measure": `measure = "new_arr"`,
	"adjust.period":  `period = "2027-09"`,
	"adjust.amount":  `amount = -25000`,
	"adjust.reason":  `reason = "Acme moved to the strategic accounts team"`,
	"lock.result":    `result = "published/fy2027-v1.json"`,
	"lock.through":   `through = "2027-07"`,
}

// identifierKinds are the block kinds whose labels rules name.
var identifierKinds = []string{kindVariable, kindLet, kindQuota, kindGoal, kindCheck, kindRamp, kindScenario}

// identifierRE matches the labels rules name, e.g. "new_arr".
var identifierRE = regexp.MustCompile(`^[a-z_][a-z0-9_]*$`)

// openBlock checks a block against its schema: label count, unknown
// attributes and nested blocks, required attributes. ok is false when the
// block cannot be decoded (wrong labels).
func (l *loader) openBlock(b *hclsyntax.Block) bool {
	return l.openBlockAs(b, schemas[b.Type])
}

// openBlockAs is openBlock with the schema s, for a nested block whose
// type means different things in different parents (a comp's tier).
func (l *loader) openBlockAs(b *hclsyntax.Block, s blockSchema) bool {
	if !l.checkLabels(b, s.labels) {
		return false
	}
	if !s.custom {
		for _, attr := range sortedAttrs(b.Body) {
			if !slices.Contains(s.attrs, attr.Name) {
				l.errorAt(attr.NameRange, "Unsupported attribute", fmt.Sprintf(
					"A %s block does not take an attribute named %q. %s%s",
					b.Type, clip(attr.Name), takesAttrs(s), didYouMean(attr.Name, s.attrs)))
			}
		}
	}
	for _, nested := range b.Body.Blocks {
		if !slices.Contains(s.blocks, nested.Type) {
			l.unsupportedBlock(nested, b.Type, s.blocks)
		}
	}
	for _, name := range s.required {
		if b.Body.Attributes[name] == nil {
			l.errorAt(b.DefRange(), "Missing required attribute", fmt.Sprintf(
				"A %s block needs the %q attribute. Add it, e.g. %s.", b.Type, name, requiredExamples[b.Type+"."+name]))
		}
	}
	return true
}

// takesAttrs describes the attributes a schema allows.
func takesAttrs(s blockSchema) string {
	if len(s.attrs) == 0 {
		return "It takes no attributes, only " + listNames(s.blocks) + " blocks."
	}
	return "It takes " + listNames(s.attrs) + "."
}

// unsupportedBlock reports a nested or top-level block of an unknown type.
func (l *loader) unsupportedBlock(b *hclsyntax.Block, parent string, allowed []string) {
	where := "at the top level of a plan file"
	if parent != "" {
		where = "inside a " + parent + " block"
	}
	takes := "No blocks are allowed there."
	switch len(allowed) {
	case 0:
	case 1:
		takes = "The only block allowed there is " + listNames(allowed) + "."
	default:
		takes = "Allowed block types are " + listNames(allowed) + "."
	}
	l.errorAt(b.TypeRange, "Unsupported block type", fmt.Sprintf(
		"A %q block is not allowed %s. %s%s", clip(b.Type), where, takes, didYouMean(b.Type, allowed)))
}

// checkLabels reports a block with the wrong number of labels.
func (l *loader) checkLabels(b *hclsyntax.Block, want int) bool {
	got := len(b.Labels)
	switch {
	case got == want:
		return true
	case got < want:
		l.errorAt(b.DefRange(), "Missing block label", fmt.Sprintf(
			"A %s block needs a name in quotes after its type, e.g. %s \"name\" { ... }.", b.Type, b.Type))
	case want == 0:
		l.errorAt(b.LabelRanges[0], "Unexpected block label", fmt.Sprintf(
			"A %s block takes no label. Remove the name after %q.", b.Type, b.Type))
	default:
		l.errorAt(b.LabelRanges[want], "Extra block label", fmt.Sprintf(
			"A %s block takes a single name. Remove the extra label.", b.Type))
	}
	return false
}

// checkLabel validates a top-level block's label for its kind.
func (l *loader) checkLabel(kind, label string, rng hcl.Range) bool {
	switch {
	case slices.Contains(identifierKinds, kind):
		return l.checkIdentifier(kind+" name", label, rng)
	case kind == kindRep || kind == kindTerritory:
		return l.checkID(kind+" id", label, rng)
	case kind == kindTest || kind == kindPlan || kind == kindWaive || kind == kindAdjust:
		return l.checkID(kind+" name", label, rng)
	}
	return true
}

// checkIdentifier reports a name that rules could not read.
func (l *loader) checkIdentifier(what, name string, rng hcl.Range) bool {
	if identifierRE.MatchString(name) {
		return true
	}
	l.errorAt(rng, "Invalid "+what, fmt.Sprintf(
		"%q is not a valid %s: names start with a lowercase letter or underscore and hold only lowercase letters, digits and underscores, e.g. %q.",
		clip(name), what, clip(identifierHint(name))))
	return false
}

// identifierHint turns a name into a valid identifier to show as an example.
func identifierHint(name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		switch {
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	s := b.String()
	if s == "" || (s[0] >= '0' && s[0] <= '9') {
		s = "_" + s
	}
	return s
}

// checkID reports a rep or territory id (or a free-text name) that is
// empty, holds control characters or has surrounding spaces.
func (l *loader) checkID(what, id string, rng hcl.Range) bool {
	problem := ""
	switch {
	case id == "":
		problem = "is empty"
	case strings.IndexFunc(id, unicode.IsControl) >= 0:
		problem = "holds a control character (tab, newline ...)"
	case strings.TrimSpace(id) != id:
		problem = "starts or ends with a space"
	default:
		return true
	}
	l.errorAt(rng, "Invalid "+what, fmt.Sprintf(
		"The %s %q %s. Ids are free text such as CRM ids or emails, but must be non-empty, without control characters or surrounding spaces.",
		what, clip(id), problem))
	return false
}

// declare records a label of a block kind, reporting a duplicate with the
// place of the first declaration. rng must not change afterwards.
func (l *loader) declare(kind, label string, rng *hcl.Range) bool {
	return l.declareAs(kind, kind, "label", label, rng)
}

// declareAs is declare for the labels kept under kind, of things called
// what whose labels are called noun ("label", or "id" for imported rows).
func (l *loader) declareAs(kind, what, noun, label string, rng *hcl.Range) bool {
	seen := l.declared[kind]
	if seen == nil {
		seen = map[string]*hcl.Range{}
		l.declared[kind] = seen
	}
	if first, dup := seen[label]; dup {
		l.errorAt(*rng, "Duplicate "+what, fmt.Sprintf(
			"The %s %q is already declared at %s. Each %s needs its own %s: rename or remove one of them.",
			what, clip(label), where(*first), what, noun))
		return false
	}
	seen[label] = rng
	return true
}

// sortedAttrs returns a body's attributes in source order.
func sortedAttrs(body *hclsyntax.Body) []*hclsyntax.Attribute {
	attrs := make([]*hclsyntax.Attribute, 0, len(body.Attributes))
	for _, a := range body.Attributes {
		attrs = append(attrs, a)
	}
	slices.SortFunc(attrs, func(a, b *hclsyntax.Attribute) int { return a.SrcRange.Start.Byte - b.SrcRange.Start.Byte })
	return attrs
}

// listNames formats names as `"a", "b" and "c"`.
func listNames(names []string) string {
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = fmt.Sprintf("%q", n)
	}
	switch len(quoted) {
	case 0:
		return "nothing"
	case 1:
		return quoted[0]
	}
	return strings.Join(quoted[:len(quoted)-1], ", ") + " and " + quoted[len(quoted)-1]
}
