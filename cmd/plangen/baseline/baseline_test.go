package baseline_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/quotaplan/quotaplan/cmd/plangen/baseline"
	"github.com/quotaplan/quotaplan/cmd/plangen/gen"
	"github.com/quotaplan/quotaplan/engine"
	"github.com/quotaplan/quotaplan/engine/front/render"
)

// TestSameAsEngine asserts that the hand-written evaluation writes exactly
// the bytes of `quotaplan eval --format json` for generated plans.
func TestSameAsEngine(t *testing.T) {
	tests := []struct {
		name string
		cfg  gen.Config
	}{
		{name: "200 reps", cfg: gen.Config{Reps: 200, Seed: 1}},
		{name: "2000 reps", cfg: gen.Config{Reps: 2000, Seed: 1}},
		{name: "smallest", cfg: gen.Config{Reps: 4, Seed: 3}},
		{name: "many territories", cfg: gen.Config{Reps: 300, Territories: 25, Seed: 9}},
		{name: "deals", cfg: gen.Config{Reps: 300, Seed: 1, Deals: 10}},
		{name: "many deals", cfg: gen.Config{Reps: 2000, Seed: 5, Deals: 20}},
		{name: "smallest with deals", cfg: gen.Config{Reps: 4, Seed: 3, Deals: 10}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := gen.Generate(dir, tt.cfg); err != nil {
				t.Fatal(err)
			}
			want := engineJSON(t, dir)
			var got bytes.Buffer
			if err := baseline.Run(dir, &got); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Bytes(), want) {
				t.Errorf("baseline output differs from the engine's: %s", firstDifference(got.Bytes(), want))
			}
		})
	}
}

// engineJSON evaluates dir with the engine and renders it as JSON.
func engineJSON(t *testing.T, dir string) []byte {
	t.Helper()
	res, _, diags := engine.Run(context.Background(), dir, engine.Options{})
	if diags.HasErrors() {
		t.Fatalf("engine: %v", diags)
	}
	var buf bytes.Buffer
	if err := render.JSON(&buf, res); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// firstDifference describes the first line where got and want differ.
func firstDifference(got, want []byte) string {
	g, w := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := range min(len(g), len(w)) {
		if g[i] != w[i] {
			return fmt.Sprintf("line %d: got %q, want %q", i+1, g[i], w[i])
		}
	}
	return fmt.Sprintf("got %d lines, want %d", len(g), len(w))
}

func TestRunErrors(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, dir string)
		want  string
	}{
		{name: "missing files", setup: func(*testing.T, string) {}, want: "territories.csv"},
		{name: "bad number", setup: func(t *testing.T, dir string) {
			writeFile(t, dir, gen.TerritoriesFile, "id,accounts\nt1,many\n")
		}, want: "territories.csv:2"},
		{name: "unknown territory", setup: func(t *testing.T, dir string) {
			writeFile(t, dir, gen.TerritoriesFile, "id\nt1\n")
			writeFile(t, dir, gen.RepsFile, "id,role,territory\nr1,AE,t2\n")
		}, want: `unknown territory "t2"`},
		{name: "bad date", setup: func(t *testing.T, dir string) {
			writeFile(t, dir, gen.TerritoriesFile, "id\nt1\n")
			writeFile(t, dir, gen.RepsFile, "id,start\nr1,2027-13-01\n")
		}, want: "reps.csv:2"},
		{name: "AE without territory", setup: func(t *testing.T, dir string) {
			writeFile(t, dir, gen.TerritoriesFile, "id\nt1\n")
			writeFile(t, dir, gen.RepsFile, "id,role\nr1,AE\n")
		}, want: "AE r1 has no territory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			tt.setup(t, dir)
			var out bytes.Buffer
			err := baseline.Run(dir, &out)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Run error = %v, want one containing %q", err, tt.want)
			}
			if out.Len() > 0 {
				t.Errorf("Run wrote %d bytes on error", out.Len())
			}
		})
	}
}

// writeFile writes a plan file, creating its directory.
func writeFile(t *testing.T, dir, name, data string) {
	t.Helper()
	path := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func ExampleRun() {
	dir, err := os.MkdirTemp("", "plangen")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	if err := gen.Generate(dir, gen.Config{Reps: 100, Seed: 1}); err != nil {
		panic(err)
	}
	var out bytes.Buffer
	if err := baseline.Run(dir, &out); err != nil {
		panic(err)
	}
	fmt.Println(strings.Contains(out.String(), `"format_version": "1"`))
	// Output: true
}
