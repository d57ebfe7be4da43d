package plans

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// Carve is the `carve` block (at most one): the rule that gives every
// account its territory, and the override files that win over it.
type Carve struct {
	Label string
	// Territory is the rule, in account scope: a territory id, or nil for
	// an unassigned account.
	Territory *Expr
	// Files are the override CSVs as written, relative to the plan
	// directory, in order; FileRanges where each is written.
	Files      []string
	FileRanges []hcl.Range
	// Overrides are the rows of the override files, file after file, in
	// order: a later row for the same account wins over an earlier one.
	Overrides []*Override
	DefRange  hcl.Range
}

// Override is one row of an override file of the carve: the account and
// the territory it belongs to, whatever the rule gives.
type Override struct {
	Account   string
	Territory string
	// File is the override file as written in the carve; Line the row's
	// line in it; DefRange the row's account cell.
	File     string
	Line     int
	DefRange hcl.Range
}

// At is where the override is written, as "data/moves.csv:3".
func (o *Override) At() string { return fmt.Sprintf("%s:%d", o.File, o.Line) }

// kindCarve is the block kind of the carve.
const kindCarve = "carve"

// The example of the carve's required attribute, kept with the carve.
func init() {
	requiredExamples["carve.territory"] = `territory = "account.country == 'US' ? 'na' : 'intl'"`
}

// overrideRows are the rows of a carve's override files: an account id
// and the territory it goes to. They are named by file and line, so that
// a later file may name an account again (and win).
var overrideRows = &rowKind{name: "overrides", row: "override", idOptional: true, attrs: []rowAttr{
	{name: "account", mode: cellText, required: true},
	{name: "territory", mode: cellText, required: true},
}}

// decodeCarve decodes a carve block; a second one is an error naming the
// first.
func (l *loader) decodeCarve(b *hclsyntax.Block, label string, attrs hclsyntax.Attributes) *Carve {
	if c := l.plan.Carve; c != nil {
		l.errorAt(b.DefRange(), "Second carve block", fmt.Sprintf(
			"A plan has at most one carve block, and carve %q is already declared at %s. Every account gets its territory from one rule: merge the two rules into one (a conditional such as a ? b : c), or remove one block.",
			clip(c.Label), where(c.DefRange)))
		return nil
	}
	c := &Carve{Label: label, DefRange: b.DefRange(), Territory: l.rule(attrs, "territory", false)}
	if attr := attrs["overrides"]; attr != nil {
		c.Files, c.FileRanges, _ = l.stringList(attr)
	}
	l.plan.Carve = c
	return c
}

// validateAccounts gathers the rows of every accounts import into
// Plan.Accounts, reads the carve's override files, and checks the
// territory ids they name: an override's account and territory must
// exist, and without a carve the territory column is the assignment, so
// an unknown id there is an error at its cell.
func (l *loader) validateAccounts() {
	p := l.plan
	for _, imp := range p.Imports {
		if imp.Kind == "accounts" {
			p.Accounts = append(p.Accounts, imp.Rows...)
		}
	}
	if p.Carve == nil && len(p.Accounts) == 0 {
		return
	}
	terrs := l.territoryIDs()
	if p.Carve == nil {
		if l.importFailed {
			return
		}
		for _, a := range p.Accounts {
			v, ok := a.Attrs.Get("territory")
			if !ok {
				continue
			}
			if id, _ := v.(string); !terrs[id] {
				l.unknownRef("territory", id, attrAt{&a.Attrs, "territory"}, keysOf(terrs),
					"Without a carve block an account belongs to the territory its territory column names: declare that territory, fix the id, or add a carve block whose rule assigns the accounts.")
			}
		}
		return
	}
	l.readOverrides(p.Carve, terrs)
}

// readOverrides reads the override files of c and checks every row's
// account and territory.
func (l *loader) readOverrides(c *Carve, terrs nameSet) {
	var accounts nameSet // made for the first override row: a million accounts, perhaps no override
	for i, path := range c.Files {
		name, data, ok := l.readCSVFile(path, c.FileRanges[i])
		if !ok {
			l.importFailed = true
			continue
		}
		imp := &Import{Kind: overrideRows.name, Paths: []string{path}}
		l.importCSV(overrideRows, imp, path, name, data)
		for _, row := range imp.Rows {
			if accounts == nil {
				accounts = namesOf(l.plan.Accounts, func(r *Row) string { return r.ID })
			}
			acc, okAcc := row.Attrs.Get("account")
			terr, okTerr := row.Attrs.Get("territory")
			if !okAcc || !okTerr {
				continue // an empty required cell, reported where it was read
			}
			o := &Override{Account: acc.(string), Territory: terr.(string), File: path,
				Line: row.DefRange.Start.Line, DefRange: row.Attrs.at("account")}
			good := true
			if !accounts[o.Account] && !l.importFailed {
				l.unknownRef("account", o.Account, attrAt{&row.Attrs, "account"}, keysOf(accounts),
					"An override names an account by the id of an accounts import: fix the id, or remove the row.")
				good = false
			}
			if !terrs[o.Territory] && !l.importFailed {
				l.unknownRef("territory", o.Territory, attrAt{&row.Attrs, "territory"}, keysOf(terrs),
					"An override moves an account to a declared territory: declare it, or fix the id.")
				good = false
			}
			if good {
				c.Overrides = append(c.Overrides, o)
			}
		}
	}
}
