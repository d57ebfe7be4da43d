package gen

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// readCSV parses a generated CSV file of dir.
func readCSV(t *testing.T, dir, name string) [][]string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return rows
}

func TestGenerateShape(t *testing.T) {
	tests := []struct {
		name            string
		cfg             Config
		wantTerritories int
	}{
		{name: "200 reps default territories", cfg: Config{Reps: 200, Seed: 1}, wantTerritories: 5},
		{name: "smallest plan clamps territories to 3", cfg: Config{Reps: 4, Seed: 7}, wantTerritories: 3},
		{name: "explicit territories", cfg: Config{Reps: 1000, Territories: 40, Seed: 42}, wantTerritories: 40},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := Generate(dir, tt.cfg); err != nil {
				t.Fatal(err)
			}
			reps := readCSV(t, dir, RepsFile)
			if !slices.Equal(reps[0], RepColumns) {
				t.Errorf("reps header = %v, want %v", reps[0], RepColumns)
			}
			if got := len(reps) - 1; got != tt.cfg.Reps {
				t.Errorf("reps rows = %d, want %d", got, tt.cfg.Reps)
			}
			terr := readCSV(t, dir, TerritoriesFile)
			if !slices.Equal(terr[0], TerritoryColumns) {
				t.Errorf("territories header = %v, want %v", terr[0], TerritoryColumns)
			}
			if got := len(terr) - 1; got != tt.wantTerritories {
				t.Errorf("territory rows = %d, want %d", got, tt.wantTerritories)
			}
			checkReferences(t, reps[1:], terr[1:])
			if _, err := os.Stat(filepath.Join(dir, PlanFile)); err != nil {
				t.Error(err)
			}
		})
	}
}

// checkReferences verifies that ids are unique, every manager and territory
// exists, managers form a single tree and every non-manager has a role of
// the plan.
func checkReferences(t *testing.T, reps, terr [][]string) {
	t.Helper()
	territories := map[string]bool{}
	for _, row := range terr {
		territories[row[0]] = true
	}
	ids := map[string]bool{}
	roots, roles := 0, map[string]int{}
	for _, row := range reps {
		id, role, territory, manager := row[0], row[2], row[3], row[4]
		if ids[id] {
			t.Errorf("duplicate rep id %q", id)
		}
		ids[id] = true
		roles[role]++
		if manager == "" {
			roots++
		} else if !ids[manager] {
			t.Errorf("rep %s: manager %q is not listed before it", id, manager)
		}
		if territory != "" && !territories[territory] {
			t.Errorf("rep %s: unknown territory %q", id, territory)
		}
	}
	if roots != 1 {
		t.Errorf("%d reps without manager, want exactly 1 (the VP)", roots)
	}
	for _, role := range []string{"AE", "SDR", "CSM"} {
		if roles[role] == 0 {
			t.Errorf("no %s in %v", role, roles)
		}
	}
}

func TestGenerateDeterministic(t *testing.T) {
	cfg := Config{Reps: 200, Seed: 2027}
	a, b := t.TempDir(), t.TempDir()
	for _, dir := range []string{a, b} {
		if err := Generate(dir, cfg); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range []string{PlanFile, TerritoriesFile, RepsFile} {
		t.Run(name, func(t *testing.T) {
			x, err := os.ReadFile(filepath.Join(a, filepath.FromSlash(name)))
			if err != nil {
				t.Fatal(err)
			}
			y, err := os.ReadFile(filepath.Join(b, filepath.FromSlash(name)))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(x, y) {
				t.Errorf("two runs with the same seed differ")
			}
		})
	}
}

func TestSeedChangesData(t *testing.T) {
	a, err := Files(Config{Reps: 200, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Files(Config{Reps: 200, Seed: 2})
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(a[2].Data, b[2].Data) {
		t.Error("seeds 1 and 2 gave the same reps")
	}
}

func TestConfigErrors(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
	}{
		{name: "no reps", cfg: Config{}},
		{name: "three reps", cfg: Config{Reps: 3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Files(tt.cfg)
			if err == nil || !strings.Contains(err.Error(), "Reps") {
				t.Errorf("Files(%+v) error = %v, want one about Reps", tt.cfg, err)
			}
		})
	}
}

func TestSplitHeadcount(t *testing.T) {
	tests := []struct {
		name     string
		n        int
		wantICs  int
		wantMgrs int
	}{
		{name: "4 reps", n: 4, wantICs: 3, wantMgrs: 1},
		{name: "9 reps", n: 9, wantICs: 8, wantMgrs: 1},
		{name: "10 reps", n: 10, wantICs: 9, wantMgrs: 1},
		{name: "200 reps", n: 200, wantICs: 174, wantMgrs: 26},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ics, levels := splitHeadcount(tt.n)
			if ics != tt.wantICs || sum(levels) != tt.wantMgrs {
				t.Errorf("splitHeadcount(%d) = %d ICs, %d managers %v; want %d, %d",
					tt.n, ics, sum(levels), levels, tt.wantICs, tt.wantMgrs)
			}
			if ics+sum(levels) != tt.n {
				t.Errorf("total %d, want %d", ics+sum(levels), tt.n)
			}
		})
	}
}

func ExampleFiles() {
	files, err := Files(Config{Reps: 100, Seed: 1})
	if err != nil {
		panic(err)
	}
	for _, f := range files {
		fmt.Println(f.Path, bytes.Count(f.Data, []byte("\n")) > 0)
	}
	// Output:
	// plan.hcl true
	// data/territories.csv true
	// data/reps.csv true
}
