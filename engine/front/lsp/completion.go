package lsp

import (
	"context"
	"strings"

	"go.lsp.dev/protocol"

	"github.com/quotaplan/quotaplan/rules"
)

// Completion implements protocol.Server: inside a rule (an HCL string or
// heredoc that holds an expr rule), the names the rule's scope can read.
// After `var.` the variables; after `rep.` (or `manager.`) the rep
// attributes, rep lets, id, quota, full_quota, reports and team; after
// `rep.quota.` the measures; after `territory.` and `plan.` their fields
// and lets; after `period.` and `goal.` their fields; after the `.` of a
// predicate over reps, territories or periods the fields of their items;
// at a bare identifier the names of the scope and the functions. Names
// come from the last valid evaluation and from the document as it is
// typed.
func (s *server) Completion(_ context.Context, p *protocol.CompletionParams) (protocol.CompletionResult, error) {
	list := &protocol.CompletionList{Items: []protocol.CompletionItem{}}
	v, ok := s.view(p.TextDocument.URI)
	if !ok || v.rows != nil {
		return list, nil
	}
	scope, code, ok := ruleBefore(v.text.src, v.blocks, v.text.offset(p.Position))
	if !ok {
		return list, nil
	}
	chain, ok := chainAt(code)
	if !ok {
		return list, nil
	}
	names := mergeNames(v.good.planNames(), documentNames(v.blocks))
	list.Items = names.complete(scope, chain, code)
	return list, nil
}

// ruleAttr describes an attribute that holds a rule.
type ruleAttr struct {
	scope     rules.Scope
	fromBlock bool // the scope is the block's scope attribute
	message   bool // text with {{ rule }} pieces
}

// ruleAttrs are the attributes holding rules, by the type of the block
// they are written in (a ramp's tier for when and factor).
var ruleAttrs = map[string]map[string]ruleAttr{
	"quota": {"annual": {scope: rules.ScopeRep}, "applies_to": {scope: rules.ScopeRep}, "monthly": {scope: rules.ScopeRepPeriod}},
	"let":   {"expr": {fromBlock: true}},
	"check": {"assert": {fromBlock: true}, "where": {fromBlock: true}, "message": {fromBlock: true, message: true}},
	"tier":  {"when": {scope: rules.ScopeRepPeriod}, "factor": {scope: rules.ScopeRepPeriod}},
	"goal":  {"target": {scope: rules.ScopePlan}, "where": {scope: rules.ScopeRep}},
	"test":  {"assert": {scope: rules.ScopePlan}},
}

// blockScopes maps the scope attribute of let and check blocks.
var blockScopes = map[string]rules.Scope{
	"plan": rules.ScopePlan, "territory": rules.ScopeTerritory, "rep": rules.ScopeRep, "goal": rules.ScopeGoal,
}

// ruleBefore finds the rule the byte offset lies in and returns its scope
// and its text from its start (or from the start of the {{ piece of a
// check message) up to the offset, HCL escapes decoded. ok is false when
// the offset is not inside a rule, or is inside a string literal or a
// comment of the rule.
func ruleBefore(src []byte, blocks []block, offset int) (scope rules.Scope, code string, ok bool) {
	b, found := blockAt(blocks, offset)
	if !found {
		return 0, "", false
	}
	for {
		child, found := blockAt(b.Children, offset)
		if !found {
			break
		}
		b = child
	}
	var a attr
	for _, at := range b.Attrs {
		if contains(at.Range, offset) {
			a, found = at, true
		}
	}
	ra, isRule := ruleAttrs[b.Type][a.Name]
	if !found || !isRule || offset <= a.Value.Start.Byte || offset > len(src) {
		return 0, "", false
	}
	scope = ra.scope
	if ra.fromBlock {
		scope = rules.ScopePlan
		for _, at := range b.Attrs {
			if s, ok := blockScopes[at.Str]; at.Name == "scope" && at.IsStr && ok {
				scope = s
			}
		}
	}
	raw := string(src[a.Value.Start.Byte:offset])
	switch {
	case strings.HasPrefix(raw, `"`):
		var closed bool
		code, closed = unquoteHCL(raw[1:])
		if closed || strings.Contains(raw, "\n") {
			return 0, "", false
		}
	case strings.HasPrefix(raw, "<<"):
		nl := strings.IndexByte(raw, '\n')
		if nl < 0 {
			return 0, "", false // on the line of <<-EXPR
		}
		code = raw[nl+1:]
	default:
		return 0, "", false
	}
	if ra.message {
		open := strings.LastIndex(code, "{{")
		if open < 0 || strings.LastIndex(code, "}}") > open {
			return 0, "", false
		}
		code = code[open+2:]
	}
	return scope, code, atCode(code)
}

// unquoteHCL decodes the escapes of the text of a quoted HCL string up to
// the cursor; closed tells that the string ended before it.
func unquoteHCL(s string) (text string, closed bool) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"':
			return b.String(), true
		case c == '\\' && i+1 < len(s):
			i++
			switch s[i] {
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			default: // \" \\ and the rest stand for the character
				b.WriteByte(s[i])
			}
		case (c == '$' || c == '%') && strings.HasPrefix(s[i+1:], string(c)+"{"):
			b.WriteByte(c) // $${ is ${, %%{ is %{
			i++
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), false
}

// atCode reports whether the end of a rule's text is code: not inside a
// string literal or a comment.
func atCode(code string) bool {
	var quote byte
	for i := 0; i < len(code); i++ {
		c := code[i]
		switch {
		case quote != 0:
			if c == '\\' && quote != '`' {
				i++
			} else if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"' || c == '`':
			quote = c
		case strings.HasPrefix(code[i:], "//"):
			nl := strings.IndexByte(code[i:], '\n')
			if nl < 0 {
				return false
			}
			i += nl
		case strings.HasPrefix(code[i:], "/*"):
			end := strings.Index(code[i+2:], "*/")
			if end < 0 {
				return false
			}
			i += end + 3
		}
	}
	return quote == 0
}

// chainAt splits the end of a rule's text into the member chain before
// the name being typed: "rep.quota.ne" gives [rep quota], "count(reps,
// .ro" gives [""] (the item of a predicate), "ro" and "" give nil. ok is
// false where no name can follow: after a digit, or in "1..".
func chainAt(code string) (chain []string, ok bool) {
	i := len(code)
	for i > 0 && isIdentByte(code[i-1]) {
		i--
	}
	if i < len(code) && isDigitByte(code[i]) {
		return nil, false
	}
	for i > 0 && code[i-1] == '.' {
		j := i - 1
		if j > 0 && code[j-1] == '?' { // rep?.quota
			j--
		}
		k := j
		for k > 0 && isIdentByte(code[k-1]) {
			k--
		}
		seg := code[k:j]
		if seg != "" && isDigitByte(seg[0]) || seg == "" && k > 0 && strings.IndexByte(".)]", code[k-1]) >= 0 {
			return nil, false // 1.5, 1..3, or reps[0]. whose item is not worked out
		}
		chain = append([]string{seg}, chain...)
		if seg == "" {
			break
		}
		i = k
	}
	return chain, true
}

// isIdentByte reports whether c may be part of an identifier.
func isIdentByte(c byte) bool {
	return c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || isDigitByte(c)
}

// isDigitByte reports whether c is an ASCII digit.
func isDigitByte(c byte) bool { return '0' <= c && c <= '9' }

// predicateItem names the kind of item a predicate's `.field` reads
// ("rep", "territory", "period"), found from the list its call loops over:
// in `count(reps, .role == 'AE')` the text before the dot is
// "count(reps, " and the item a rep. "" when it is not known.
func predicateItem(before string) string {
	depth := 0
	for i := len(before) - 1; i >= 0; i-- {
		switch before[i] {
		case ')', ']':
			depth++
		case '[':
			depth--
		case '(':
			if depth > 0 {
				depth--
				continue
			}
			arg, _, comma := strings.Cut(before[i+1:], ",")
			if !comma {
				return ""
			}
			return listItems[strings.Join(strings.Fields(arg), "")]
		}
		if depth < 0 {
			return ""
		}
	}
	return ""
}

// listItems are the lists predicates loop over, and the kind of their
// items.
var listItems = map[string]string{
	rules.NameReps: "rep", rules.NameTerritories: "territory", rules.NamePeriods: "period",
	"rep.team": "rep", "rep.reports": "rep", "manager.team": "rep", "manager.reports": "rep",
	"territory.reps": "rep",
}

// complete returns the completion items after chain in a rule of scope
// whose text up to the cursor is code.
func (n *planNames) complete(scope rules.Scope, chain []string, code string) []protocol.CompletionItem {
	rep := scope == rules.ScopeRep || scope == rules.ScopeRepPeriod
	subject := map[string]string{} // what a chain's first name is in this scope
	if rep {
		subject[rules.NameRep], subject[rules.NameManager], subject[rules.NameTerritory] = "rep", "rep", "territory"
	}
	if scope == rules.ScopeTerritory {
		subject[rules.NameTerritory] = "territory"
	}
	if scope == rules.ScopeRepPeriod {
		subject[rules.NamePeriod] = "period"
	}
	if scope == rules.ScopeGoal {
		subject[rules.NameGoal] = "goal"
	}
	if row := rowSubject(scope); row != "" {
		subject[row] = row
	}
	subject[rules.NameVar], subject[rules.NamePlan] = "var", "plan"
	if len(chain) > 0 && chain[0] == "" {
		// the item of a predicate: the text before its dot tells the list
		before := strings.TrimRight(code[:len(code)-len(strings.Join(chain, "."))-identLen(code)], "#?.")
		subject[""] = predicateItem(before)
	}
	var c completer
	switch {
	case len(chain) == 0:
		c.scopeNames(scope)
	case len(chain) == 1:
		switch subject[chain[0]] {
		case "var":
			for _, v := range n.vars {
				c.add(v.name, protocol.CompletionItemKindVariable, v.detail)
			}
		case "plan":
			c.fields(planFields)
			c.names(n.planLets, protocol.CompletionItemKindConstant, "let (plan scope)")
		case "rep":
			c.fields(repFields)
			c.names(n.repAttrs, protocol.CompletionItemKindField, "rep attribute")
			c.names(n.repLets, protocol.CompletionItemKindConstant, "let (rep scope)")
		case "territory":
			c.fields(territoryFields)
			c.names(n.territoryAttrs, protocol.CompletionItemKindField, "territory attribute")
			c.names(n.territoryLets, protocol.CompletionItemKindConstant, "let (territory scope)")
		case "period":
			c.fields(periodFields)
		case "goal":
			c.fields(goalFields)
		case rules.NameDeal, rules.NameForecastRow:
			c.names(n.rowColumns(subject[chain[0]]), protocol.CompletionItemKindField, subject[chain[0]]+" column")
		}
	case len(chain) == 2 && (chain[1] == "quota" || chain[1] == "full_quota"):
		if s := subject[chain[0]]; s == "rep" || s == "territory" && chain[1] == "quota" {
			for _, m := range n.measures {
				c.add(m.name, protocol.CompletionItemKindUnit, "measure ("+m.unit+")")
			}
		}
	}
	return c.items
}

// identLen is the length of the identifier at the end of code.
func identLen(code string) int {
	i := len(code)
	for i > 0 && isIdentByte(code[i-1]) {
		i--
	}
	return len(code) - i
}

// field is a name an object always has, with what it is.
type field struct{ name, detail string }

// The fields every object of a kind has, as package rules declares them
// (rules.RepFields ...), with what each holds.
var (
	planFields      = fieldsOf(rules.PlanFields)
	repFields       = fieldsOf(rules.RepFields)
	territoryFields = fieldsOf(rules.TerritoryFields)
	periodFields    = fieldsOf(rules.PeriodFields)
	goalFields      = fieldsOf(rules.GoalFields)
)

// fieldsOf turns the declared fields of a subject into completion fields.
func fieldsOf(fs []rules.Field) []field {
	out := make([]field, len(fs))
	for i, f := range fs {
		out[i] = field{name: f.Name, detail: f.Doc}
	}
	return out
}

// scopeField is a name of a rule scope (plans/LANGUAGE.md section 4).
type scopeField struct {
	name, detail string
	kind         protocol.CompletionItemKind
	in           func(rules.Scope) bool // nil: every scope
}

// isRep reports whether a scope has a rep.
func isRep(s rules.Scope) bool { return s == rules.ScopeRep || s == rules.ScopeRepPeriod }

// scopeFields are the names rules read, and the scopes that have them.
var scopeFields = []scopeField{
	{rules.NameVar, "variables", protocol.CompletionItemKindModule, nil},
	{rules.NamePlan, "the plan: id, title, start, months, currency and plan lets", protocol.CompletionItemKindModule, nil},
	{rules.NameReps, "every rep (list)", protocol.CompletionItemKindVariable, nil},
	{rules.NameTerritories, "every territory (list)", protocol.CompletionItemKindVariable, nil},
	{rules.NamePeriods, "every month of the plan (list)", protocol.CompletionItemKindVariable, nil},
	{rules.NameRep, "the rep", protocol.CompletionItemKindVariable, isRep},
	{rules.NameTerritory, "the territory (of the rep, or nil)", protocol.CompletionItemKindVariable,
		func(s rules.Scope) bool { return isRep(s) || s == rules.ScopeTerritory }},
	{rules.NameManager, "the rep's manager, or nil", protocol.CompletionItemKindVariable, isRep},
	{rules.NamePeriod, "the month", protocol.CompletionItemKindVariable, func(s rules.Scope) bool { return s == rules.ScopeRepPeriod }},
	{rules.NameTenure, "months since the rep's start month, 1 in it", protocol.CompletionItemKindVariable,
		func(s rules.Scope) bool { return s == rules.ScopeRepPeriod }},
	{rules.NameActive, "share of the month the rep is active, 0..1", protocol.CompletionItemKindVariable,
		func(s rules.Scope) bool { return s == rules.ScopeRepPeriod }},
	{rules.NameGoal, "the goal", protocol.CompletionItemKindVariable, func(s rules.Scope) bool { return s == rules.ScopeGoal }},
	{rules.NameQuotaFunc, "quota(rep_id, measure, period): a rep's quota in a month id, Q1..Q4 or FY", protocol.CompletionItemKindFunction, nil},
	{"true", "", protocol.CompletionItemKindKeyword, nil},
	{"false", "", protocol.CompletionItemKindKeyword, nil},
	{"nil", "absent value", protocol.CompletionItemKindKeyword, nil},
}

// completer collects completion items, each label once.
type completer struct {
	items []protocol.CompletionItem
	seen  map[string]bool
}

// add adds an item unless its label is there already.
func (c *completer) add(label string, kind protocol.CompletionItemKind, detail string) {
	if c.seen == nil {
		c.seen = map[string]bool{}
	}
	if c.seen[label] {
		return
	}
	c.seen[label] = true
	item := protocol.CompletionItem{Label: label, Kind: kind}
	if detail != "" {
		item.Detail = protocol.NewOptional(detail)
	}
	c.items = append(c.items, item)
}

// fields adds fields.
func (c *completer) fields(fs []field) {
	for _, f := range fs {
		c.add(f.name, protocol.CompletionItemKindField, f.detail)
	}
}

// names adds names of one kind.
func (c *completer) names(names []string, kind protocol.CompletionItemKind, detail string) {
	for _, n := range names {
		c.add(n, kind, detail)
	}
}

// scopeNames adds the names of a scope, then the functions.
func (c *completer) scopeNames(s rules.Scope) {
	for _, f := range scopeFields {
		if f.in == nil || f.in(s) {
			c.add(f.name, f.kind, f.detail)
		}
	}
	for _, name := range functions {
		c.add(name, protocol.CompletionItemKindFunction, "expr builtin")
	}
}
