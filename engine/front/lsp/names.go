package lsp

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/expr-lang/expr/builtin"

	"github.com/quotaplan/quotaplan/plans"
)

// planNames are the names of one plan that rules read, for completion.
// Every list is sorted.
type planNames struct {
	vars           []variableName
	repAttrs       []string
	territoryAttrs []string
	planLets       []string
	territoryLets  []string
	repLets        []string
	measures       []measureName
	rowCols        map[string][]string // "deal", "forecast" -> the columns of the rows credit blocks read, sorted
}

// variableName is a variable and what completion says of it.
type variableName struct{ name, detail string }

// measureName is a quota measure and its unit.
type measureName struct{ name, unit string }

// functions are the functions rules may call besides quota(): expr's
// builtins without now(), which rules disable.
var functions = func() []string {
	var out []string
	for _, f := range builtin.Builtins {
		if f.Name != "now" {
			out = append(out, f.Name)
		}
	}
	slices.Sort(out)
	return out
}()

// planNames returns the names of the snapshot's plan, gathered once; an
// empty set for a nil snapshot.
func (sn *snapshot) planNames() *planNames {
	if sn == nil || sn.plan == nil || sn.result == nil {
		return &planNames{}
	}
	sn.mu.Lock()
	defer sn.mu.Unlock()
	if sn.names == nil {
		sn.names = namesOf(sn)
	}
	return sn.names
}

// namesOf gathers the names of an evaluated plan: attributes of every rep
// and territory, HCL and CSV alike, lets, measures and variables with
// their values.
func namesOf(sn *snapshot) *planNames {
	p := sn.plan
	n := &planNames{rowCols: creditRowColumns(p)}
	for _, v := range p.Variables {
		value, ok := sn.result.Vars[v.Name]
		if !ok {
			value = v.Default
		}
		n.vars = append(n.vars, variableName{v.Name, "variable = " + clipDetail(display(value))})
	}
	reps := make([]*plans.Attrs, len(p.Reps))
	for i, r := range p.Reps {
		reps[i] = &r.Attrs
	}
	territories := make([]*plans.Attrs, len(p.Territories))
	for i, t := range p.Territories {
		territories[i] = &t.Attrs
	}
	n.repAttrs, n.territoryAttrs = attrNames(reps), attrNames(territories)
	for _, l := range p.Lets {
		switch l.Scope {
		case plans.ScopeRep:
			n.repLets = append(n.repLets, l.Name)
		case plans.ScopeTerritory:
			n.territoryLets = append(n.territoryLets, l.Name)
		default:
			n.planLets = append(n.planLets, l.Name)
		}
	}
	for _, m := range sn.result.Measures {
		n.measures = append(n.measures, measureName{m.Name, m.Unit})
	}
	n.sort()
	return n
}

// attrNames is the union of the attribute names of entities. Rows of one
// CSV file share their names, which are then read once.
func attrNames(all []*plans.Attrs) []string {
	seen := map[string]bool{}
	var last []string
	for _, a := range all {
		names, _ := a.Row()
		if len(names) > 0 && len(last) == len(names) && &last[0] == &names[0] {
			continue
		}
		last = names
		for _, name := range names {
			seen[name] = name != ""
		}
	}
	var out []string
	for name, ok := range seen {
		if ok {
			out = append(out, name)
		}
	}
	return out
}

// documentNames gathers the names declared by the blocks of a plan file
// as the editor has it, so that a variable, let, measure or attribute
// just typed completes before the plan is valid again.
func documentNames(blocks []block) *planNames {
	n := &planNames{}
	for _, b := range blocks {
		label := b.label()
		if label == "" {
			continue
		}
		switch b.Type {
		case "variable":
			n.vars = append(n.vars, variableName{label, "variable"})
		case "let":
			scope := plans.ScopePlan
			if a, ok := attrNamed(b, "scope"); ok && a.IsStr {
				scope = a.Str
			}
			switch scope {
			case plans.ScopeRep:
				n.repLets = append(n.repLets, label)
			case plans.ScopeTerritory:
				n.territoryLets = append(n.territoryLets, label)
			default:
				n.planLets = append(n.planLets, label)
			}
		case "quota":
			m := measureName{name: label}
			if a, ok := attrNamed(b, "measure"); ok && a.IsStr {
				m.name = a.Str
			}
			if a, ok := attrNamed(b, "unit"); ok && a.IsStr {
				m.unit = a.Str
			}
			n.measures = append(n.measures, m)
		case "rep", "territory":
			for _, a := range b.Attrs {
				if b.Type == "rep" {
					n.repAttrs = append(n.repAttrs, a.Name)
				} else {
					n.territoryAttrs = append(n.territoryAttrs, a.Name)
				}
			}
		}
	}
	n.sort()
	return n
}

// attrNamed returns the attribute of b with the name.
func attrNamed(b block, name string) (attr, bool) {
	for _, a := range b.Attrs {
		if a.Name == name {
			return a, true
		}
	}
	return attr{}, false
}

// mergeNames returns the names of both sets, those of a first where both
// name the same variable or measure.
func mergeNames(a, b *planNames) *planNames {
	n := &planNames{
		vars:           append(slices.Clip(a.vars), b.vars...),
		repAttrs:       append(slices.Clip(a.repAttrs), b.repAttrs...),
		territoryAttrs: append(slices.Clip(a.territoryAttrs), b.territoryAttrs...),
		planLets:       append(slices.Clip(a.planLets), b.planLets...),
		territoryLets:  append(slices.Clip(a.territoryLets), b.territoryLets...),
		repLets:        append(slices.Clip(a.repLets), b.repLets...),
		measures:       append(slices.Clip(a.measures), b.measures...),
		rowCols:        a.rowCols, // columns of imported rows: the evaluated plan's only
	}
	n.sort()
	return n
}

// sort sorts every list by name and drops repeated names, keeping the
// first of each.
func (n *planNames) sort() {
	for _, l := range []*[]string{&n.repAttrs, &n.territoryAttrs, &n.planLets, &n.territoryLets, &n.repLets} {
		slices.Sort(*l)
		*l = slices.Compact(*l)
	}
	slices.SortStableFunc(n.vars, func(a, b variableName) int { return strings.Compare(a.name, b.name) })
	n.vars = slices.CompactFunc(n.vars, func(a, b variableName) bool { return a.name == b.name })
	slices.SortStableFunc(n.measures, func(a, b measureName) int { return strings.Compare(a.name, b.name) })
	n.measures = slices.CompactFunc(n.measures, func(a, b measureName) bool { return a.name == b.name })
}

// maxDetail bounds the value shown beside a variable.
const maxDetail = 60

// clipDetail shortens a long value for a completion detail.
func clipDetail(s string) string {
	if len(s) <= maxDetail {
		return s
	}
	cut := maxDetail
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
