package plans

import (
	"fmt"
	"slices"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// Known and reserved attribute names of reps and territories. Known
// attributes fill typed fields (their row kinds, in rows.go, say how a CSV
// cell of each is read); reserved names are fields the engine adds to rep
// and territory objects, so no attribute may use them.
var (
	knownRepAttrs          = repRows.known()
	reservedRepAttrs       = []string{"id", "quota", "full_quota", "reports", "team"}
	knownTerritoryAttrs    = territoryRows.known()
	reservedTerritoryAttrs = []string{"id", "reps", "quota"}
)

// blockNames are the names of blocks of the plan language that a rep may
// hold, which therefore cannot be its attributes (or CSV columns): an
// attribute leave = ... would silently be custom data and not a leave.
// Each maps to how to write the block.
var blockNames = map[string]map[string]string{
	kindRep: {
		kindLeave: "Write each leave as a block inside the rep, with its first and last day (both inclusive):\n\n" +
			"  leave {\n    from = \"2027-06-01\"\n    to   = \"2027-08-31\"\n  }",
		kindChange: "Write a change as a block inside the rep, labelled with the first day its values hold:\n\n" +
			"  change \"2027-08-01\" {\n    territory = \"east\"\n  }",
	},
}

// blockAttr reports an attribute of a rep or territory body named like a
// block it may hold.
func (l *loader) blockAttr(kind, name string, rng hcl.Range) bool {
	fix, ok := blockNames[kind][name]
	if !ok {
		return false
	}
	l.errorAt(rng, "Block written as an attribute", fmt.Sprintf(
		"In a %s, %q is a block, not an attribute. %s", kind, name, fix))
	return true
}

// blockColumn reports a CSV column of reps or territories named like a
// block they may hold.
func (l *loader) blockColumn(kind, name string, rng hcl.Range) bool {
	if _, ok := blockNames[kind][name]; !ok {
		return false
	}
	fix := "Remove the column, and list the leaves in a CSV of their own, read by import \"leaves\" { csv = \"data/leaves.csv\" } (columns rep, from and to, both days inclusive), or write a leave block inside the rep's HCL block."
	if name == kindChange {
		fix = "Remove the column, and list the changes in a CSV of their own, read by import \"changes\" { csv = \"data/changes.csv\" } (columns rep and from, then a column per attribute that changes), or write a change block inside the rep's HCL block."
	}
	l.errorAt(rng, "Block written as a column", fmt.Sprintf(
		"A %ss CSV cannot hold %q: in a %s it is a block, not an attribute. %s", kind, name, kind, fix))
	return true
}

// attrSetter applies one attribute to an entity, reporting bad values at
// the range of at.
type attrSetter func(name string, v any, at ranger) bool

// decodeTerritory decodes a territory block.
func (l *loader) decodeTerritory(b *hclsyntax.Block, id string) *Territory {
	t := &Territory{ID: id, Attrs: newAttrs(), DefRange: b.DefRange()}
	l.hclAttrs(b.Body, kindTerritory, reservedTerritoryAttrs, &t.Attrs, l.territorySetter(t))
	return t
}

// decodeRep decodes a rep block and its leave and change blocks.
func (l *loader) decodeRep(b *hclsyntax.Block, id string) *Rep {
	r := &Rep{ID: id, Attrs: newAttrs(), DefRange: b.DefRange()}
	l.hclAttrs(b.Body, kindRep, reservedRepAttrs, &r.Attrs, l.repSetter(r))
	for _, lb := range b.Body.Blocks {
		switch {
		case lb.Type == kindLeave && l.openBlock(lb):
			if leave, ok := l.decodeLeave(lb); ok {
				r.Leaves = append(r.Leaves, leave)
			}
		case lb.Type == kindChange && l.openBlock(lb):
			l.decodeChange(r, lb)
		}
	}
	sortLeaves(r.Leaves)
	return r
}

// newAttrs returns empty, ready to fill Attrs.
func newAttrs() Attrs {
	return Attrs{Ranges: map[string]hcl.Range{}}
}

// hclAttrs decodes every attribute of a rep or territory body.
func (l *loader) hclAttrs(body *hclsyntax.Body, kind string, reserved []string, dst *Attrs, set attrSetter) {
	for _, attr := range sortedAttrs(body) {
		if l.blockAttr(kind, attr.Name, attr.NameRange) || l.reservedAttr(kind, attr.Name, reserved, attr.NameRange) {
			continue
		}
		val, ok := l.value(attr)
		if !ok {
			continue
		}
		v, ok := goValue(val)
		if ok && set(attr.Name, v, attr.Expr) {
			dst.set(attr.Name, v)
			dst.Ranges[attr.Name] = attr.Expr.Range()
		}
	}
}

// reservedAttr reports an attribute whose name the engine uses itself.
func (l *loader) reservedAttr(kind, name string, reserved []string, rng hcl.Range) bool {
	if !slices.Contains(reserved, name) {
		return false
	}
	detail := fmt.Sprintf("Rules read %s.%s as a value the engine computes, so a %s cannot set an attribute named %q. Rename it.",
		kind, name, kind, name)
	if name == "id" {
		detail = fmt.Sprintf("A %s's id is its label (rep \"alice\" { ... }) or the id column of a CSV, so it cannot be set as an attribute. Remove it.", kind)
	}
	l.errorAt(rng, "Reserved attribute name", detail)
	return true
}

// territorySetter fills a territory's known fields.
func (l *loader) territorySetter(t *Territory) attrSetter {
	return func(name string, v any, at ranger) bool {
		if !slices.Contains(knownTerritoryAttrs, name) {
			return true
		}
		s, ok := l.knownString(kindTerritory, name, v, at)
		if !ok {
			return false
		}
		if name == "name" {
			t.Name = s
		} else {
			t.Parent = s
		}
		return true
	}
}

// repSetter fills a rep's known fields.
func (l *loader) repSetter(r *Rep) attrSetter {
	return func(name string, v any, at ranger) bool {
		if !slices.Contains(knownRepAttrs, name) {
			return true
		}
		s, ok := l.knownString(kindRep, name, v, at)
		if !ok {
			return false
		}
		switch name {
		case "name":
			r.Name = s
		case "role":
			r.Role = s
		case "territory":
			r.Territory = s
		case "manager":
			r.Manager = s
		default:
			return l.setRepDate(r, name, s, at)
		}
		return true
	}
}

// setRepDate sets a rep's start or end date.
func (l *loader) setRepDate(r *Rep, name, s string, at ranger) bool {
	t, ok := l.checkDate(s, at, "rep "+name)
	if !ok {
		return false
	}
	if name == "start" {
		r.Start = &t
	} else {
		r.End = &t
	}
	return true
}

// knownString checks that a known attribute holds a string.
func (l *loader) knownString(kind, name string, v any, at ranger) (string, bool) {
	s, ok := v.(string)
	if !ok {
		l.errorAtLazy(at, "Expected a string", func() string {
			return fmt.Sprintf("The %s attribute %q takes a string in double quotes, e.g. %s = \"...\".", kind, name, name)
		})
	}
	return s, ok
}

// decodeLeave decodes a leave block of a rep.
func (l *loader) decodeLeave(b *hclsyntax.Block) (Leave, bool) {
	leave := Leave{DefRange: b.DefRange()}
	attrs := b.Body.Attributes
	okFrom := l.dateAttr(attrs, "from", &leave.From)
	okTo := l.dateAttr(attrs, "to", &leave.To)
	if !okFrom || !okTo {
		return leave, false
	}
	if leave.To.Before(leave.From) {
		l.errorAt(attrs["to"].Expr.Range(), "Leave ends before it starts", leaveOrder(leave.From, leave.To))
		return leave, false
	}
	return leave, true
}
