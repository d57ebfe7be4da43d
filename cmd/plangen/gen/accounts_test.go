package gen_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/quotaplan/quotaplan/cmd/plangen/gen"
	"github.com/quotaplan/quotaplan/engine"
)

// TestGeneratedAccounts checks that a plan with accounts evaluates
// without a diagnostic, carves every account into a leaf territory, moves
// some against the CRM column, and is written alike for one seed.
func TestGeneratedAccounts(t *testing.T) {
	cfg := gen.Config{Reps: 200, Territories: 20, Seed: 5, Accounts: 2000}
	dir := t.TempDir()
	if err := gen.Generate(dir, cfg); err != nil {
		t.Fatal(err)
	}
	res, _, diags := engine.Run(context.Background(), dir, engine.Options{})
	if len(diags) > 0 {
		t.Fatalf("diagnostics: %v", diags)
	}
	a := res.Accounts
	if a == nil || a.Total() != cfg.Accounts || a.Unassigned != 0 {
		t.Fatalf("accounts = %+v, want %d all assigned", a, cfg.Accounts)
	}
	// one in twenty is held by another territory in the CRM (some pick
	// their own again): about 95 of 2,000
	if n := len(a.Moves); n < 50 || n > 150 {
		t.Errorf("%d moves, want about 95", n)
	}
	one, _ := gen.Files(cfg)
	two, _ := gen.Files(cfg)
	if len(one) != 4 || one[3].Path != gen.AccountsFile || !bytes.Equal(one[3].Data, two[3].Data) {
		t.Errorf("the accounts file is missing or differs between runs of one seed")
	}
	without, _ := gen.Files(gen.Config{Reps: 200, Territories: 20, Seed: 5})
	if len(without) != 3 || bytes.Contains(without[0].Data, []byte("carve")) {
		t.Errorf("a plan without accounts has %d files", len(without))
	}
}
