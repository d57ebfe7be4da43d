package rules

import (
	"testing"

	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/parser"
)

// TestCloneIsDeep rewrites every node of a clone and checks that the tree
// it was copied from still reads as written.
func TestCloneIsDeep(t *testing.T) {
	for _, src := range []string{
		`rep.quota.new_arr / (rep.ote ?? 1) >= 4 && rep.region in ['EMEA', 'NA']`,
		`count(reps, .territory == territory.id && .role != 'SDR') > 0 ? sum(map(reps, .ote)) : -1`,
		`let x = {"a": [1, 2.5, nil], "b": rep?.name[0:2]}; x.a[1] + len(x.b ?? '')`,
		`quota('alice', 'new_arr', 'Q1') + reduce(1..3, #acc + #, 0)`,
	} {
		tree, err := parser.Parse(src)
		if err != nil {
			t.Fatal(err)
		}
		c := clone(tree.Node)
		if c.String() != tree.Node.String() {
			t.Fatalf("clone of %q reads %q", tree.Node.String(), c.String())
		}
		before := tree.Node.String()
		ast.Walk(&c, renamer{})
		if tree.Node.String() != before {
			t.Errorf("rewriting the clone changed the original: %q became %q", before, tree.Node.String())
		}
		if c.String() == before {
			t.Errorf("the rewrite did nothing to the clone of %q", before)
		}
	}
}

// renamer rewrites every identifier and string it visits.
type renamer struct{}

func (renamer) Visit(n *ast.Node) {
	switch x := (*n).(type) {
	case *ast.IdentifierNode:
		x.Value += "_x"
	case *ast.StringNode:
		x.Value += "_x"
	}
}
