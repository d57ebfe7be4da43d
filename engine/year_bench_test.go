package engine_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/quotaplan/quotaplan/cmd/plangen/gen"
	"github.com/quotaplan/quotaplan/engine"
	"github.com/quotaplan/quotaplan/engine/front/render"
)

// BenchmarkYear measures `eval --format json` on a generated plan lived
// through half a year (plans/LANGUAGE.md section 12), plan=year: 5% of
// the reps move to another territory from the seventh month (an HRIS
// changes CSV), and the first six months are locked to the plan's own
// published result. plan=plain is the same plan without them, measured
// in the same run, so the two compare on the same machine load.
func BenchmarkYear(b *testing.B) {
	for _, n := range []int{10000, 100000} {
		plain := generatedPlan(b, n)
		year := yearPlan(b, plain)
		for _, p := range []struct{ name, dir string }{{"plain", plain}, {"year", year}} {
			b.Run(fmt.Sprintf("reps=%d/plan=%s", n, p.name), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					evalJSON(b, p.dir)
				}
			})
		}
	}
}

// evalJSON evaluates dir and renders its JSON result, as eval does.
func evalJSON(b *testing.B, dir string) []byte {
	b.Helper()
	res, _, diags := engine.Run(context.Background(), dir, engine.Options{})
	if diags.HasErrors() {
		b.Fatal(diags)
	}
	var buf bytes.Buffer
	if err := render.JSON(&buf, res); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

// yearPlan copies the generated plan in dir, publishes its result, and
// adds a changes CSV moving every 20th rep with a territory to the next
// territory from the seventh month, and a lock of the first six months.
func yearPlan(b *testing.B, dir string) string {
	b.Helper()
	out := b.TempDir()
	for _, name := range []string{gen.PlanFile, gen.TerritoriesFile, gen.RepsFile} {
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil {
			b.Fatal(err)
		}
		path := filepath.Join(out, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(out, "published.json"), evalJSON(b, dir), 0o644); err != nil {
		b.Fatal(err)
	}
	reps := readRows(b, filepath.Join(dir, filepath.FromSlash(gen.RepsFile)))
	terrs := readRows(b, filepath.Join(dir, filepath.FromSlash(gen.TerritoriesFile)))
	leaves := map[string]bool{} // territories without children, where reps sit
	for _, t := range terrs {
		leaves[t["id"]] = true
	}
	for _, t := range terrs {
		delete(leaves, t["parent"])
	}
	var ids []string
	for _, t := range terrs {
		if leaves[t["id"]] {
			ids = append(ids, t["id"])
		}
	}
	var changes bytes.Buffer
	changes.WriteString("rep,from,territory\n")
	moved := 0
	for i, r := range reps {
		if i%20 != 0 || !leaves[r["territory"]] {
			continue
		}
		next := ids[0]
		for k, id := range ids {
			if id == r["territory"] {
				next = ids[(k+1)%len(ids)]
			}
		}
		fmt.Fprintf(&changes, "%s,2027-08-01,%s\n", r["id"], next)
		moved++
	}
	if moved < len(reps)/25 {
		b.Fatalf("only %d of %d reps move", moved, len(reps))
	}
	if err := os.WriteFile(filepath.Join(out, "data", "changes.csv"), changes.Bytes(), 0o644); err != nil {
		b.Fatal(err)
	}
	f, err := os.OpenFile(filepath.Join(out, gen.PlanFile), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	fmt.Fprint(f, "\nimport \"changes\" {\n  csv = \"data/changes.csv\"\n}\n\nlock {\n  result  = \"published.json\"\n  through = \"2027-07\"\n}\n")
	return out
}

// readRows reads a CSV file as maps from header to cell.
func readRows(b *testing.B, path string) []map[string]string {
	b.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		b.Fatal(err)
	}
	out := make([]map[string]string, 0, len(rows)-1)
	for _, row := range rows[1:] {
		m := map[string]string{}
		for i, h := range rows[0] {
			m[h] = row[i]
		}
		out = append(out, m)
	}
	return out
}
